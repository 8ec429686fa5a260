"""What the roll-up app shows of a :class:`~kit.assessment.rollup.aggregate.RollUp`, as escaped
HTML: the
caution first (self-assessed scores, not validated), the figures, bars where a person would rather
look than read, the units below the threshold, the themes of difficulties and recommendations,
and what peers did — presented as learning, not as a ranking."""

from __future__ import annotations

import re
from collections.abc import Sequence

from kit.apps.ui.shell import esc
from kit.assessment.questionnaire.rubric import format_number
from kit.assessment.rollup.aggregate import RollUp, Summary
from kit.assessment.rollup.sources import Rejected
from kit.assessment.rollup.who import Submitter, submitter_label
from kit.core.i18n import t

#: units listed in the page (the XLSX has them all)
SHOWN_ROWS = 300


def _n(value: float | None, lang: str) -> str:
    return "—" if value is None else format_number(value, lang)


def _pick(vi: str, en: str, lang: str) -> str:
    return en if lang == "en" else vi


def bars(items: Sequence[tuple[str, int]], whole: int) -> str:
    """Horizontal bars: label, bar (share of ``whole``), count."""
    rows = "".join(
        f"<div class='kit-hist-row'><span>{esc(label)}</span>"
        f"<span class='kit-hist-bar' style='width:{round(60 * count / whole) if whole else 0}%'>"
        f"</span><span>{count}</span></div>"
        for label, count in items
    )
    return f"<div class='kit-hist'>{rows}</div>"


def overview_html(r: RollUp, lang: str) -> str:
    s: Summary = r.total
    head = t("rollup.overview", lang, n=r.n, mean=_n(s.mean, lang), median=_n(s.median, lang))
    below = t("rollup.below_count", lang, n=r.below_total, threshold=_n(r.threshold, lang))
    levels = bars([(_pick(lv.label, lv.label_en, lang), lv.count) for lv in r.levels], r.n)
    histogram = bars([(b.label(lang), b.count) for b in r.histogram], r.n)
    return (
        f"<div class='kit-caution'>{esc(_pick(r.caution, r.caution_en, lang))}</div>"
        f"<p><b>{esc(head)}</b></p><p>{esc(below)}</p>"
        f"<h3>{esc(t('rollup.by_level', lang))}</h3>{levels}"
        f"<h3>{esc(t('rollup.histogram', lang))}</h3>{histogram}"
    )


def dimensions_html(r: RollUp, lang: str) -> str:
    head = "".join(
        f"<th>{esc(t(k, lang))}</th>"
        for k in (
            "rollup.col_dimension",
            "rollup.col_n",
            "rollup.col_mean",
            "rollup.col_median",
            "rollup.col_range",
            "rollup.col_below",
        )
    )
    rows = "".join(
        f"<tr><td>{esc(_pick(d.title, d.title_en, lang))}</td><td>{d.stats.n}</td>"
        f"<td>{_n(d.stats.mean, lang)}</td><td>{_n(d.stats.median, lang)}</td>"
        f"<td>{_n(d.stats.min, lang)}–{_n(d.stats.max, lang)}</td><td>{d.below}</td></tr>"
        for d in r.dimensions
    )
    return (
        f"<h3>{esc(t('rollup.by_dimension', lang))}</h3>"
        f"<div class='kit-table-wrap'><table><tr>{head}</tr>{rows}</table></div>"
    )


def units_html(r: RollUp, lang: str, submitters: dict[str, Submitter] | None = None) -> str:
    """The table of units: name, province, total, each dimension, and who submitted it."""
    titles = "".join(f"<th>{esc(_pick(d.title, d.title_en, lang))}</th>" for d in r.dimensions)
    head = (
        f"<th>{esc(t('rollup.col_unit', lang))}</th><th>{esc(t('rollup.col_province', lang))}</th>"
        f"<th>{esc(t('rollup.col_total', lang))}</th>{titles}"
        f"<th>{esc(t('rollup.col_submitted_by', lang))}</th>"
    )
    who = submitters or {}
    body = "".join(
        f"<tr{' class=kit-below' if row.total is not None and row.total < r.threshold else ''}>"
        f"<td>{esc(row.name)}</td><td>{esc(row.province)}</td><td>{_n(row.total, lang)}</td>"
        + "".join(f"<td>{'' if s is None else s}</td>" for s in row.scores)
        + f"<td>{esc(submitter_label(who, row.source, lang))}</td></tr>"
        for row in r.rows[:SHOWN_ROWS]
    )
    more = (
        f"<p class='kit-note'>{esc(t('rollup.more_rows', lang, n=r.n - SHOWN_ROWS))}</p>"
        if r.n > SHOWN_ROWS
        else ""
    )
    return (
        f"<h3>{esc(t('rollup.units', lang))}</h3>"
        f"<div class='kit-table-wrap'><table><tr>{head}</tr>{body}</table></div>{more}"
    )


def below_html(r: RollUp, lang: str) -> str:
    if not r.below:
        return f"<p>{esc(t('rollup.none_below', lang))}</p>"
    titles = {d.key: _pick(d.title, d.title_en, lang) for d in r.dimensions}
    items = "".join(
        f"<li><b>{esc(b.name)}</b> ({_n(b.total, lang)}): "
        f"{esc(', '.join(titles[k] for k in b.dragging))}</li>"
        for b in r.below[:SHOWN_ROWS]
    )
    return f"<h3>{esc(t('rollup.below', lang))}</h3><ul>{items}</ul>"


def texts_html(r: RollUp, lang: str) -> str:
    parts = []
    for ts in r.texts:
        named = [th for th in ts.themes if th.units]
        items = "".join(
            f"<li><b>{esc(_pick(th.label, th.label_en, lang))}</b>: "
            f"{esc(t('rollup.units_naming', lang, n=th.units))}"
            + (f" — <i>«{esc(th.examples[0].text)}»</i>" if th.examples else "")
            + "</li>"
            for th in named
        )
        other = (
            f"<li>{esc(t('rollup.other_theme', lang, n=ts.other_units))}</li>"
            if ts.other_units
            else ""
        )
        empty = t("rollup.empty_answers", lang, empty=ts.empty, blank=ts.blank)
        parts.append(
            f"<h3>{esc(_pick(ts.label, ts.label_en, lang))}</h3><ol>{items}{other}</ol>"
            f"<p class='kit-note'>{esc(empty)}</p>"
        )
    return "".join(parts)


def peers_html(r: RollUp, lang: str) -> str:
    if not r.peers:
        return f"<p>{esc(t('rollup.no_peers', lang))}</p>"
    parts = [f"<h3>{esc(t('rollup.peers', lang))}</h3>"]
    for g in r.peers:
        units = "".join(
            f"<li><b>{esc(p.name)}</b> ({esc(p.province)}): "
            f"{esc('; '.join(p.evidence_en if lang == 'en' else p.evidence))}</li>"
            for p in g.peers
        )
        band = _pick(g.band_label, g.band_label_en, lang)
        parts.append(
            f"<h4>{esc(_pick(g.title, g.title_en, lang))} — {esc(band)} "
            f"({esc(t('rollup.units_naming', lang, n=g.count))})</h4><ul>{units}</ul>"
        )
    return "".join(parts)


_WHERE = re.compile(r"^(?P<file>.*?)(?: «(?P<sheet>[^»]*)»)? dòng/row (?P<row>\d+)$")
#: what a reason repeats of its source: "«Sheet» dòng 3, field_id: " / "«Sheet» row 3, field_id: "
_REPEATED = re.compile(r"^(?:«[^»]*»\s*)?(?:dòng|row)\s+\d+,\s*(?:[a-z][a-z0-9_]*:\s*)?")


def _source(source: str, lang: str) -> str:
    """ "tong-hop.xlsx «Đơn vị» dòng/row 3" in one language: "tong-hop.xlsx «Đơn vị», dòng 3"."""
    match = _WHERE.match(source)
    if match is None:
        return source
    sheet = f" «{match.group('sheet')}»" if match.group("sheet") else ""
    return f"{match.group('file')}{sheet}, {t('rollup.row', lang)} {match.group('row')}"


def _reasons(x: Rejected, lang: str) -> str:
    """Each reason once, without the sheet and row its source already names."""
    said: list[str] = []
    for vi, en in x.reasons:
        text = _REPEATED.sub("", en if lang == "en" else vi).strip()
        text = text[:1].upper() + text[1:]
        if text and text not in said:
            said.append(text)
    return "; ".join(said)


def rejected_html(rejected: Sequence[Rejected], lang: str) -> str:
    """The files and rows left out, as one line that opens into the list (shown at the top of
    the results): each source once, each of its reasons once."""
    if not rejected:
        return ""
    items = "".join(
        f"<li><b>{esc(_source(x.source, lang))}</b>: {esc(_reasons(x, lang))}</li>"
        for x in rejected[:SHOWN_ROWS]
    )
    summary = t("rollup.skipped_summary", lang, n=len(rejected))
    return (
        f"<details class='kit-skipped'><summary><b>{esc(summary)}</b></summary>"
        f"<p class='kit-note'>{esc(t('rollup.skipped_help', lang))}</p>"
        f"<ul class='kit-missing'>{items}</ul></details>"
    )
