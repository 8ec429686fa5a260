"""The roll-up app's submission status panel: for a period the user picks (by default the latest
year in which a unit submitted, as ``kit units status``), how many registered units have
submitted, how many have not and how many were late, by level; the lists of missing and late
units; and the missing list as a workbook to download (:func:`kit.units.status.missing_xlsx`).

Who has submitted comes from the stored reviews, so the panel opens with the trainer passcode,
as the submitted reviews do (the gate is shared with the roll-up's "submitted reviews" source).
With no unit registered it says, in plain words, who registers them and where that is explained.

:func:`coverage` is the roll-up's coverage: how many of the units expected to report are among
the units rolled up ("28/30 đơn vị"), stated on the screen and in the consolidated report.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any

import ipywidgets as w

from kit.apps.ui import widgets as ui
from kit.apps.ui.download import XLSX, download_link
from kit.apps.ui.shell import AppShell, esc
from kit.assessment.questionnaire.rubric import format_number
from kit.assessment.rollup.model import ScoredUnit
from kit.core.errors import InputError
from kit.core.i18n import t
from kit.units.levels import level_label
from kit.units.registry import RegisteredUnit, all_units, has_units
from kit.units.reporting import reporting_rule
from kit.units.status import ListedUnit, UnitsStatus, missing_xlsx, units_status

FIRST_YEAR, LAST_YEAR = 2000, 2100
#: units listed on the page in each list (the workbook has them all)
SHOWN_UNITS = 200


@dataclass(frozen=True)
class Coverage:
    """Of the ``expected`` active registered units, ``covered`` are in the roll-up; ``outside``
    units of the roll-up are not on the list."""

    covered: int
    expected: int
    outside: int

    def share(self) -> float:
        return 100 * self.covered / self.expected if self.expected else 0.0


def _key(name: object, level: object, province: object) -> tuple[str, str, str]:
    """A unit as the roll-up names it once matched to the registry (which gives the registered
    name, level and province): NFC, spaces made one, case folded. Look-alike names do not meet."""

    def norm(value: object) -> str:
        return " ".join(unicodedata.normalize("NFC", str(value or "")).split()).casefold()

    return norm(name), norm(level), norm(province)


def coverage(
    units: Sequence[ScoredUnit], registry: Sequence[RegisteredUnit] | None = None
) -> Coverage | None:
    """How many active registered units the rolled-up ``units`` include (None while no unit is
    registered). A unit counts once however many periods or versions of it were rolled up."""
    active = registry if registry is not None else (all_units(True) if has_units() else None)
    if active is None:
        return None
    expected = {_key(u.name, u.level, u.province) for u in active if u.active}
    rolled = {
        _key(u.answers.get("unit_name"), u.answers.get("unit_level"), u.answers.get("province"))
        for u in units
    }
    return Coverage(len(expected & rolled), len(expected), len(rolled - expected))


def coverage_text(found: Coverage, lang: str) -> str:
    """ "Kết quả tổng hợp gồm 28/30 đơn vị phải báo cáo (93,3%)." and the units off the list."""
    text = t(
        "province_app.coverage",
        lang,
        covered=format_number(found.covered, lang),
        expected=format_number(found.expected, lang),
        share=format_number(found.share(), lang),
    )
    if found.outside:
        text += " " + t("province_app.coverage_outside", lang, n=format_number(found.outside, lang))
    return text


def _year(value: object) -> int:
    """A period typed on the page (never trusted): a whole year within the bounds."""
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise InputError(t("province_app.bad_period", "vi"), t("province_app.bad_period", "en"))
    text = str(value).strip()
    if not (text.isascii() and text.isdigit()) or not FIRST_YEAR <= int(text) <= LAST_YEAR:
        raise InputError(t("province_app.bad_period", "vi"), t("province_app.bad_period", "en"))
    return int(text)


class StatusPanel:
    """The panel; ``gate`` is the trainer gate the roll-up shares with it."""

    def __init__(self, shell: AppShell) -> None:
        from kit.workshops.passcode import TrainerGate

        self.shell = shell
        self.gate: Any = TrainerGate()
        #: the period asked for (None: the default, read again at each showing)
        self.period: int | None = None
        self.download: w.Widget | None = None

    # ------------------------------------------------------------------ actions

    def open(self, passcode: object) -> None:
        if not self.gate.is_open() and not self.gate.unlock(passcode):
            raise InputError(
                t("province_app.wrong_passcode", "vi"), t("province_app.wrong_passcode", "en")
            )
        self.shell.refresh()

    def show(self, year: object) -> None:
        self.period = _year(year)
        self.download = None
        self.shell.refresh()

    def current(self) -> UnitsStatus:
        return units_status(self.period)

    def coverage_html(self, units: Sequence[ScoredUnit], lang: str) -> str:
        """The roll-up's coverage for the on-screen summary (empty while no unit is registered)."""
        found = coverage(units)
        return "" if found is None else _p(coverage_text(found, lang), "kit-coverage")

    @staticmethod
    def report_coverage(units: Sequence[ScoredUnit]) -> tuple[int, int] | None:
        """(covered, expected) for the consolidated report (None while no unit is registered)."""
        found = coverage(units)
        return None if found is None else (found.covered, found.expected)

    def export_missing(self) -> None:
        if not self.gate.is_open():
            raise InputError(t("province_app.locked", "vi"), t("province_app.locked", "en"))
        status = self.current()
        name = f"don-vi-chua-nop-{status.period}.xlsx"
        label = t("province_app.export_link", self.shell.lang)
        self.download = download_link(missing_xlsx(status), name, label, XLSX)
        self.shell.refresh()

    # ------------------------------------------------------------------ layout

    def widgets(self, lang: str) -> list[w.Widget]:
        head = ui.html(f"<h2>{esc(t('province_app.open', lang))}</h2>")
        if not has_units():
            return [ui.vbox([head, ui.html(_p(t("province_app.no_units", lang)))], "kit-status")]
        if not self.gate.is_open():
            return [ui.vbox([head, *self._locked(lang)], "kit-status")]
        status = self.current()
        title = t("province.panel_title", lang, period=status.period)
        parts: list[w.Widget] = [
            ui.html(f"<h2>{esc(title)}</h2>"),
            *self._period(lang, status.period),
            ui.html(_summary(status, lang) + _levels(status, lang) + _lists(status, lang)),
        ]
        if status.missing:
            parts.append(self.shell.button(t("province.panel_export", lang), self.export_missing))
        if self.download is not None:
            parts.append(self.download)
        return [ui.vbox(parts, "kit-status")]

    def _locked(self, lang: str) -> list[w.Widget]:
        passcode = ui.make(w.Password, placeholder=t("trainer.passcode", lang))
        opened = self.shell.button(
            t("province_app.open", lang), lambda: self.open(passcode.value), "primary"
        )
        return [ui.html(_p(t("province_app.locked", lang), "kit-note")), passcode, opened]

    def _period(self, lang: str, shown: int) -> list[w.Widget]:
        year = ui.make(
            w.BoundedIntText,
            value=shown,
            min=FIRST_YEAR,
            max=LAST_YEAR,
            description=t("province.panel_period", lang),
            style={"description_width": "initial"},
        )

        def show() -> None:
            self.show(year.value)

        return [
            ui.html(_p(t("province_app.period_help", lang), "kit-note")),
            ui.hbox([year, self.shell.button(t("province_app.show", lang), show)]),
        ]


def _p(text: str, cls: str = "") -> str:
    return f"<p{f' class={cls}' if cls else ''}>{esc(text)}</p>"


def _day(moment: datetime) -> str:
    rule = reporting_rule()
    local = moment.astimezone(timezone(timedelta(hours=rule.utc_offset_hours)))
    return local.strftime("%d/%m/%Y %H:%M")


def _summary(status: UnitsStatus, lang: str) -> str:
    text = t(
        "province.panel_summary",
        lang,
        deadline=status.deadline.strftime("%d/%m/%Y"),
        submitted=format_number(status.submitted, lang),
        expected=format_number(status.expected, lang),
        missing=format_number(len(status.missing), lang),
        late=format_number(len(status.late), lang),
    )
    return f"<p class='kit-status-summary'><b>{esc(text)}</b></p>"


def _levels(status: UnitsStatus, lang: str) -> str:
    keys = ("panel_level", "panel_expected", "panel_submitted", "panel_missing", "panel_late")
    head = "".join(f"<th scope='col'>{esc(t(f'province.{k}', lang))}</th>" for k in keys)
    n = lambda v: format_number(v, lang)  # noqa: E731
    rows = "".join(
        f"<tr><th scope='row'>{esc(level_label(c.level, lang))}</th><td>{n(c.expected)}</td>"
        f"<td>{n(c.submitted)}</td><td>{n(c.missing)}</td><td>{n(c.late)}</td></tr>"
        for c in status.by_level
    )
    total = (
        f"<tr><th scope='row'>{esc(t('province_app.total_row', lang))}</th>"
        f"<td>{n(status.expected)}</td><td>{n(status.submitted)}</td>"
        f"<td>{n(len(status.missing))}</td><td>{n(len(status.late))}</td></tr>"
    )
    return (
        f"<div class='kit-table-wrap'><table class='kit-status-levels'><tr>{head}</tr>"
        f"{rows}{total}</table></div>"
    )


def _unit_rows(units: Sequence[ListedUnit], lang: str, when: bool) -> str:
    last = "province_app.col_submitted_at" if when else "province.col_province"
    cols = ("province.col_code", "province.col_name", "province.col_level", last)
    head = "".join(f"<th scope='col'>{esc(t(k, lang))}</th>" for k in cols)
    body = "".join(
        f"<tr><td>{esc(u.code)}</td><td>{esc(u.name)}</td>"
        f"<td>{esc(level_label(u.level, lang))}</td>"
        f"<td>{esc(_day(u.submitted_at) if when and u.submitted_at else u.province)}</td></tr>"
        for u in units[:SHOWN_UNITS]
    )
    more = len(units) - SHOWN_UNITS
    note = _p(t("province_app.more_rows", lang, n=more), "kit-note") if more > 0 else ""
    return f"<div class='kit-table-wrap'><table><tr>{head}</tr>{body}</table></div>{note}"


def _lists(status: UnitsStatus, lang: str) -> str:
    missing = t("province_app.missing_list", lang, n=len(status.missing))
    parts = [f"<h3>{esc(missing)}</h3>"]
    if status.missing:
        parts.append(_unit_rows(status.missing, lang, when=False))
    else:
        parts.append(_p(t("province_app.none_missing", lang)))
    if status.late:
        late = t("province_app.late_list", lang, n=len(status.late))
        parts += [f"<h3>{esc(late)}</h3>", _unit_rows(status.late, lang, when=True)]
    return "".join(parts)


__all__ = ["Coverage", "StatusPanel", "coverage", "coverage_text"]
