"""The builder's text steps: general information (header), purpose, scope, funding and
organisation (who does what, reporting, distribution list, signature block)."""

from __future__ import annotations

from datetime import date
from typing import Any

import ipywidgets as w

from kit.apps.plans.fields import Fields, labelled
from kit.apps.ui import widgets as ui
from kit.apps.ui.defaults import full_width, shared_layout
from kit.apps.ui.shell import esc
from kit.core.i18n import t
from kit.plans.checker import SECTION_NAMES
from kit.plans.export import partial_date
from kit.plans.model import PartialDate, SectionKind

AUTHORITIES = ("TM.", "KT.", "Q.", "TL.", "TUQ.")
FREQUENCIES = ("yearly", "half-yearly", "quarterly", "once")


def intro(text: str) -> w.HTML:
    return ui.html(f"<p class='kit-note'>{esc(text)}</p>")


def header_step(f: Fields, lang: str) -> list[w.Widget]:
    plan = f.session.plan
    h = plan.header
    shape = t(f"plans.shape_{plan.shape}", lang)
    level = t(f"plans.level_{plan.level}", lang)
    years = ui.hbox(
        [
            f.year(t("plans.period_start", lang), "header/period_start", h.period_start),
            f.year(t("plans.period_end", lang), "header/period_end", h.period_end),
        ],
        "kit-row",
    )
    return [
        intro(t("plans.shape_note", lang, shape=shape, level=level)),
        f.text(t("plans.parent_body", lang), "header/parent_body", h.parent_body),
        f.text(t("plans.issuing_body", lang), "header/issuing_body", h.issuing_body),
        f.text(t("plans.number", lang), "header/number", h.number),
        f.text(t("plans.place", lang), "header/place", h.place),
        f.day(t("plans.date", lang), "header/date", h.date if isinstance(h.date, date) else None),
        *_partial_note(h.date, lang),
        f.text(t("plans.plan_title", lang), "header/title", h.title, area=True),
        years,
        f.lines(t("plans.basis", lang), "header/basis", h.basis),
    ]


def _partial_note(day: object, lang: str) -> list[w.Widget]:
    """The known part of a partial date of issue ("tháng 4 năm 2022"), kept until a day is
    picked."""
    if not isinstance(day, PartialDate) or day.full() is not None:
        return []
    text = partial_date(day)
    known = text[text.index("tháng") :].replace("\u00a0", " ")
    return [intro(t("plans.partial_date_note", lang, known=known))]


def section_step(f: Fields, lang: str, kind: SectionKind) -> list[w.Widget]:
    """Title and paragraphs of the section of ``kind``, or an offer to add it."""
    index = f.session.editor.section_index(kind)
    name = SECTION_NAMES.get(kind, kind)
    if index is None:
        add = f.button(
            t("plans.add_section", lang, name=name),
            lambda: f.session.edit(lambda e: e.ensure_section(kind)),
            icon="plus",
        )
        return [intro(t("plans.no_section", lang, name=name)), add]
    section = f.session.plan.sections[index]
    return [
        f.text(
            f"{section.id}. {t('plans.section_title', lang)}",
            f"sections/{index}/title",
            section.title,
        ),
        f.lines(
            t("plans.paragraphs", lang), f"sections/{index}/paragraphs", section.paragraphs, 10
        ),
    ]


def funding_step(f: Fields, lang: str) -> list[w.Widget]:
    parts: list[w.Widget] = [intro(t("plans.funding_intro", lang))]
    parts += section_step(f, lang, "funding")
    plan = f.session.plan
    rows: list[w.Widget] = []
    for si, section in enumerate(plan.sections):
        for ti, task in enumerate(section.tasks):
            label = f"{section.id}.{ti + 1} · {task.name or task.description[:60] or '…'}"
            rows.append(f.text(label, f"sections/{si}/tasks/{ti}/funding", task.funding))
    if rows:
        parts += [ui.html(f"<h3>{esc(t('plans.funding_by_task', lang))}</h3>"), *rows]
    return parts


def _reporting(f: Fields, lang: str, i: int) -> w.Widget:
    rep = f.session.plan.reporting[i]
    frequency = [(t(f"plans.frequency_{k}", lang), k) for k in FREQUENCIES]
    remove = f.button(
        t("plans.remove_reporting", lang),
        lambda: f.session.edit(lambda e: e.remove("reporting", i)),
        icon="trash",
    )
    box = ui.vbox(
        [
            f.text(t("plans.report_to", lang), f"reporting/{i}/to", rep.to),
            f.text(t("plans.report_due", lang), f"reporting/{i}/due", rep.due),
            f.choice(
                t("plans.frequency", lang), f"reporting/{i}/frequency", frequency, rep.frequency
            ),
            f.text(t("plans.report_text", lang), f"reporting/{i}/text", rep.text, area=True),
            remove,
        ],
        "kit-card",
    )
    return box


def _authority(f: Fields, lang: str) -> list[w.Widget]:
    """Two authority lines (prefix + body, e.g. TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH); a change to
    either rewrites the signature's authority from both."""
    current = f.session.plan.signature.authority
    rows: list[tuple[w.Dropdown, w.Text]] = []
    for n in range(2):
        line = current[n] if n < len(current) else None
        prefix = ui.make(
            w.Dropdown,
            options=[(t("plans.authority_none", lang), ""), *[(a, a) for a in AUTHORITIES]],
            value=line[0] if line else "",
            layout=shared_layout(width="7em"),
            tooltip=t("a11y.authority_prefix", lang),
        )
        body = ui.make(w.Text, value=line[1] if line else "", layout=shared_layout(flex="1 1 auto"))
        rows.append((prefix, body))

    def changed(_change: dict[str, Any]) -> None:
        lines = [[p.value, b.value.strip()] for p, b in rows if p.value]
        f.session.set("signature/authority", lines)
        f.shell.clear_error()
        f.on_saved()

    out: list[w.Widget] = []
    for n, (prefix, body) in enumerate(rows):
        prefix.observe(f.shell.guard(changed), names="value")
        body.observe(f.shell.guard(changed), names="value")
        out.append(
            labelled(
                t("plans.authority", lang, n=n + 1), ui.hbox([prefix, body], layout=full_width())
            )
        )
    return out


def organisation_step(f: Fields, lang: str) -> list[w.Widget]:
    plan = f.session.plan
    parts: list[w.Widget] = [intro(t("plans.organisation_intro", lang))]
    parts += section_step(f, lang, "organisation")
    parts.append(ui.html(f"<h3>{esc(t('plans.reporting', lang))}</h3>"))
    parts += [_reporting(f, lang, i) for i in range(len(plan.reporting))]
    parts.append(
        f.button(
            t("plans.add_reporting", lang),
            lambda: f.session.edit(lambda e: e.add_reporting()),
            icon="plus",
        )
    )
    parts.append(f.lines(t("plans.recipients", lang), "recipients", plan.recipients, 6))
    sign = plan.signature
    parts += [
        ui.html(f"<h3>{esc(t('plans.signature', lang))}</h3>"),
        *_authority(f, lang),
        f.text(t("plans.signer_position", lang), "signature/position", sign.position),
        f.text(t("plans.signer_name", lang), "signature/name", sign.name),
    ]
    return parts
