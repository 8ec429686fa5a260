"""Input widgets for each exercise type. They carry the prompt, the options' texts and ids only:
no correctness flag, feedback or explanation exists in them (every widget reaches the page).

They are the widgets an answer makes anew (one item's controls), so each comes from the kit's
helpers with the shared layouts and styles: only the controls themselves are new models."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass

import ipywidgets as w

from kit.apps.ui.defaults import full_width, shared_layout
from kit.apps.ui.labels import label_above
from kit.apps.ui.shell import esc
from kit.apps.ui.widgets import hbox, html, make, vbox
from kit.content import schemas as s
from kit.core.errors import InputError
from kit.core.i18n import t
from kit.core.limits import clip


@dataclass
class ItemInput:
    widget: w.Widget
    value: Callable[[], object]

    def controls(self) -> list[w.ValueWidget]:
        """The widgets holding what the trainee has entered, in a fixed order."""
        found: list[w.ValueWidget] = []
        stack = [self.widget]
        while stack:
            node = stack.pop(0)
            if isinstance(node, w.Box):
                stack[:0] = list(node.children)
            elif isinstance(node, w.ValueWidget) and not isinstance(node, w.HTML):
                found.append(node)
        return found

    def carry_over(self, previous: ItemInput) -> None:
        """Keep what was entered in ``previous`` (the same item drawn again, e.g. in another
        language); a value the new widget does not offer is left out."""
        for new, old in zip(self.controls(), previous.controls(), strict=False):
            try:
                new.value = old.value
            except Exception:  # a value this control does not accept: leave it empty
                continue


def _shuffled(item_id: str, values: list[str]) -> list[str]:
    order = list(values)
    random.Random(item_id).shuffle(order)  # same order after a reload
    return order


def _radio(options: list[tuple[str, str]]) -> w.RadioButtons:
    return make(w.RadioButtons, "kit-choice", options=options, value=None, layout=full_width())


def _option(text: str) -> w.Checkbox:
    return make(
        w.Checkbox, "kit-option", description=text, value=False, indent=False, layout=full_width()
    )


def _refuse(key: str, lang: str, **fields: object) -> InputError:
    """A problem with what is on the page, in the page's words (both languages)."""
    return InputError(t(f"trainee.{key}", "vi", **fields), t(f"trainee.{key}", "en", **fields))


def _chosen(value: object, key: str, lang: str) -> object:
    if value is None or (isinstance(value, str) and not value.strip()):
        raise _refuse(key, lang)
    return value


def _ordering(item: s.Ordering, lang: str) -> ItemInput:
    steps = {st.id: st for st in item.steps}
    positions = [str(i) for i in range(1, len(item.steps) + 1)]
    picks: dict[str, w.Dropdown] = {}
    rows = []
    for sid in _shuffled(item.id, list(steps)):
        pick = make(
            w.Dropdown,
            options=["", *positions],
            value="",
            description=t("trainee.position", lang),
            layout=shared_layout(width="auto"),
        )
        picks[sid] = pick
        rows.append(hbox([pick, html(esc(steps[sid].text))], "kit-order-row"))
    hint = html(f"<p class='kit-note'>{esc(t('exercises.order_hint', lang))}</p>")

    def order() -> object:
        chosen = {sid: str(p.value or "") for sid, p in picks.items()}
        for sid, position in chosen.items():  # in the order the page shows them
            if position not in positions:
                raise _refuse("order_missing", lang, step=clip(steps[sid].text, 60))
        for position in positions:
            n = sum(v == position for v in chosen.values())
            if n > 1:
                raise _refuse("order_twice", lang, position=position, n=n)
        return [sid for sid, _ in sorted(chosen.items(), key=lambda kv: int(kv[1]))]

    return ItemInput(vbox([hint, *rows]), order)


def _matching(item: s.Matching, lang: str) -> ItemInput:
    right = [("", "")] + [(r.text, r.id) for r in item.right]
    pairs: dict[str, w.Dropdown] = {}
    rows = []
    for left in item.left:
        pick = make(
            w.Dropdown,
            options=right,
            value="",
            description=t("trainee.match_with", lang),
            layout=full_width(),
        )
        pairs[left.id] = pick
        rows.append(vbox([html(f"<b>{esc(left.text)}</b>"), pick]))
    texts = {left.id: left.text for left in item.left}

    def matched() -> object:
        for key, pick in pairs.items():
            if not pick.value:
                raise _refuse("match_missing", lang, left=clip(texts[key], 60))
        return {k: p.value for k, p in pairs.items()}

    return ItemInput(vbox(rows), matched)


def _scenario(lang: str) -> ItemInput:
    outcome = _radio([(t(f"exercises.scenario_{k}", lang), k) for k in ("in", "out", "unknown")])
    crit = {c: _option(f"({c})") for c in "abcd"}
    label = html(f"<p class='kit-note'>{esc(t('exercises.scenario_which', lang))}</p>")

    def decision() -> object:
        ticked = "".join(c for c, b in crit.items() if b.value)
        if outcome.value not in ("in", "out", "unknown"):
            raise _refuse("scenario_none", lang)
        if outcome.value == "out":
            if not ticked:
                raise _refuse("scenario_no_criteria", lang)
            return "out:" + ticked
        if ticked:
            raise _refuse("scenario_extra_criteria", lang)
        return outcome.value

    return ItemInput(vbox([outcome, label, hbox(crit.values(), "kit-criteria")]), decision)


def build_input(item: s.Item, lang: str) -> ItemInput:
    """The answer controls of ``item``; their value is what the grader reads, or an
    :class:`InputError` saying, in the page's words, what is missing."""
    match item:
        case s.SingleChoice():
            radio = _radio([(o.text, o.id) for o in item.options])
            return ItemInput(radio, lambda: _chosen(radio.value, "choose_one", lang))
        case s.MultipleSelect():
            boxes = {o.id: _option(o.text) for o in item.options}
            note = html(f"<p class='kit-note'>{esc(item.scoring_note)}</p>")

            def ticked() -> object:
                chosen = [k for k, b in boxes.items() if b.value]
                if not chosen:
                    raise _refuse("choose_some", lang)
                return chosen

            return ItemInput(vbox([note, *boxes.values()]), ticked)
        case s.TrueFalse():
            radio = _radio(
                [(t("exercises.true", lang), "true"), (t("exercises.false", lang), "false")]
            )
            return ItemInput(radio, lambda: _chosen(radio.value, "choose_one", lang))
        case s.Ordering():
            return _ordering(item, lang)
        case s.Matching():
            return _matching(item, lang)
        case s.Numeric() | s.DateItem() | s.ShortText():
            placeholder = "dd/mm/yyyy" if isinstance(item, s.DateItem) else ""
            box = label_above(
                make(w.Text, placeholder=placeholder), t("a11y.your_answer", lang)
            )
            unit = getattr(item, "unit", "")
            parts = [box, html(esc(unit))] if unit else [box]
            return ItemInput(hbox(parts), lambda: _chosen(box.value, "type_answer", lang))
        case s.Scenario():
            return _scenario(lang)
        case s.Writing():
            area = label_above(make(w.Textarea, rows=9), t("a11y.your_answer", lang))
            return ItemInput(area, lambda: _chosen(area.value, "type_answer", lang))
    raise TypeError(item)
