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
from kit.apps.ui.shell import esc
from kit.apps.ui.widgets import hbox, html, make, vbox
from kit.content import schemas as s
from kit.core.i18n import t


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


def build_input(item: s.Item, lang: str) -> ItemInput:
    match item:
        case s.SingleChoice():
            radio = _radio([(o.text, o.id) for o in item.options])
            return ItemInput(radio, lambda: radio.value)
        case s.MultipleSelect():
            boxes = {
                o.id: make(
                    w.Checkbox, description=o.text, value=False, indent=False, layout=full_width()
                )
                for o in item.options
            }
            note = html(f"<p class='kit-note'>{esc(item.scoring_note)}</p>")
            return ItemInput(
                vbox([note, *boxes.values()]),
                lambda: [k for k, b in boxes.items() if b.value],
            )
        case s.TrueFalse():
            radio = _radio(
                [(t("exercises.true", lang), "true"), (t("exercises.false", lang), "false")]
            )
            return ItemInput(radio, lambda: radio.value)
        case s.Ordering():
            steps = {st.id: st for st in item.steps}
            positions = [str(i) for i in range(1, len(item.steps) + 1)]
            picks = {}
            rows = []
            for sid in _shuffled(item.id, list(steps)):
                pick = make(
                    w.Dropdown,
                    options=["", *positions],
                    value="",
                    layout=shared_layout(width="70px"),
                )
                picks[sid] = pick
                rows.append(hbox([pick, html(esc(steps[sid].text))]))
            hint = html(f"<p class='kit-note'>{esc(t('exercises.order_hint', lang))}</p>")

            def order() -> object:
                chosen = {sid: p.value for sid, p in picks.items()}
                if "" in chosen.values() or len(set(chosen.values())) != len(chosen):
                    return "?"  # refused by the grader with a clear message
                return [sid for sid, _ in sorted(chosen.items(), key=lambda kv: int(kv[1]))]

            return ItemInput(vbox([hint, *rows]), order)
        case s.Matching():
            right = [("", "")] + [(r.text, r.id) for r in item.right]
            pairs = {}
            rows = []
            for left in item.left:
                pick = make(w.Dropdown, options=right, value="", layout=full_width())
                pairs[left.id] = pick
                rows.append(vbox([html(f"<b>{esc(left.text)}</b>"), pick]))
            return ItemInput(
                vbox(rows), lambda: ",".join(f"{k}={p.value}" for k, p in pairs.items())
            )
        case s.Numeric() | s.DateItem() | s.ShortText():
            placeholder = "dd/mm/yyyy" if isinstance(item, s.DateItem) else ""
            box = make(w.Text, placeholder=placeholder, layout=full_width())
            unit = getattr(item, "unit", "")
            parts = [box, html(esc(unit))] if unit else [box]
            return ItemInput(hbox(parts), lambda: box.value)
        case s.Scenario():
            outcome = _radio(
                [(t(f"exercises.scenario_{k}", lang), k) for k in ("in", "out", "unknown")]
            )
            crit = {
                c: make(w.Checkbox, description=f"({c})", value=False, indent=False) for c in "abcd"
            }
            label = html(f"<p class='kit-note'>{esc(t('exercises.scenario_which', lang))}</p>")

            def decision() -> object:
                if outcome.value == "out":
                    return "out:" + "".join(c for c, b in crit.items() if b.value)
                return outcome.value

            return ItemInput(vbox([outcome, label, hbox(crit.values())]), decision)
        case s.Writing():
            area = make(w.Textarea, layout=shared_layout(width="100%", height="180px"))
            return ItemInput(area, lambda: area.value)
    raise TypeError(item)
