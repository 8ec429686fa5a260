"""The results step of the self-assessment app: the proposed scores as a bar chart, why each
band, what would raise it (the improvement list, weakest first), and what is still missing before
the review can be submitted; and where the report's document fields are remembered. Everything
shown is escaped; nothing here stores anything."""

from __future__ import annotations

from kit.apps.ui.shell import esc
from kit.assessment.collection.session import AssessmentSession
from kit.assessment.questionnaire.answers import FieldProblem
from kit.assessment.questionnaire.rubric import format_number
from kit.assessment.questionnaire.schema import Questionnaire
from kit.assessment.questionnaire.scoring import DimensionScore, UnitScore
from kit.core.errors import InputError
from kit.core.i18n import t
from kit.core.slug import slug
from kit.export.decree30 import OfficialDocument

#: dimensions listed in the improvement list
IMPROVE_TOP = 4


def _title(d: DimensionScore, lang: str) -> str:
    dim = d.dimension
    return dim.title_en if lang == "en" else dim.title


def _band(d: DimensionScore, lang: str) -> str:
    return d.scorer.rubric.bands[d.level].text(lang)


def total_html(score: UnitScore, lang: str) -> str:
    level = score.scorer.level(score.level)
    if score.total is None or level is None:
        return f"<p class='kit-total'>{esc(t('assess.no_total', lang))}</p>"
    total = format_number(score.total, lang)
    return (
        f"<p class='kit-total'><b>{esc(t('assess.total', lang))}: {esc(total)}/100</b>"
        f" — {esc(level.text(lang))}</p>"
        f"<p class='kit-note'>{esc(t('assess.proposal', lang))}</p>"
    )


#: one column for the row: the name and the mark on one line, the track on the next at the full
#: width of the chart, so that every track has the same length and the bars compare
ROW_STYLE = "grid-template-columns:minmax(0,1fr)"
TRACK_STYLE = "display:block;width:100%"


def chart_html(score: UnitScore, lang: str) -> str:
    """One bar per dimension (0–100) on a track of the same length for every dimension, its
    score and band written above it."""
    rows = []
    for d in score.dimensions:
        if d.applicable and d.score is not None:
            bar = f"<span class='kit-score-bar' style='width:{d.score}%'></span>"
            mark = f"{d.score}/100 · {esc(_band(d, lang))}"
        else:
            bar, mark = "", esc(t("assess.not_applicable", lang))
        rows.append(
            f"<div class='kit-score-row' style='{ROW_STYLE}'>"
            f"<span class='kit-score-name'>{esc(_title(d, lang))}: "
            f"<span class='kit-score-mark' style='white-space:normal'>{mark}</span></span>"
            f"<span class='kit-score-track' style='{TRACK_STYLE}' role='img' "
            f"aria-label='{esc(_title(d, lang))}: {mark}'>{bar}</span></div>"
        )
    return f"<div class='kit-score-chart'>{''.join(rows)}</div>"


def improvements_html(score: UnitScore, lang: str) -> str:
    """The weakest dimensions first, with what would raise each one."""
    weak = sorted(
        (d for d in score.dimensions if d.applicable and d.score is not None and d.score < 100),
        key=lambda d: (d.score, d.key),
    )[:IMPROVE_TOP]
    if not weak:
        return f"<p>{esc(t('assess.nothing_to_improve', lang))}</p>"
    items = "".join(
        f"<li><b>{esc(_title(d, lang))}</b> ({d.score}): {esc(d.raise_text(lang))}</li>"
        for d in weak
    )
    return f"<h3>{esc(t('assess.improve', lang))}</h3><ol class='kit-improve'>{items}</ol>"


def details_html(score: UnitScore, lang: str) -> str:
    items = "".join(
        f"<li><b>{esc(_title(d, lang))}</b>: {esc(d.why(lang))}</li>" for d in score.dimensions
    )
    return f"<h3>{esc(t('assess.why', lang))}</h3><ul class='kit-why'>{items}</ul>"


def missing_by_section(
    q: Questionnaire, problems: tuple[FieldProblem, ...] | list[FieldProblem]
) -> dict[str, list[FieldProblem]]:
    """Problems grouped by the section that holds their field, in questionnaire order."""
    out: dict[str, list[FieldProblem]] = {}
    fields = q.fields()
    for p in problems:
        section = q.section_of(p.field).id if p.field in fields else q.sections[0].id
        out.setdefault(section, []).append(p)
    order = [s.id for s in q.sections]
    return dict(sorted(out.items(), key=lambda kv: order.index(kv[0])))


def problem_list_html(q: Questionnaire, problems: list[FieldProblem], lang: str) -> str:
    fields = q.fields()
    items = "".join(
        f"<li><b>{esc(fields[p.field].text('label', lang) if p.field in fields else p.field)}"
        f"</b>: {esc(p.message(lang))}</li>"
        for p in problems
    )
    return f"<ul class='kit-missing'>{items}</ul>"


# -- the report's document fields --------------------------------------------------------------


def fields_scope(unit_code: str | None, unit_name: str) -> str:
    """Where a unit's report fields (signer, symbol, Nơi nhận…) are remembered: under its
    registered code when the review was opened with one, else under its name."""
    key = slug(unit_code or unit_name)[:40].strip("-") or "don-vi"
    return f"unit:{key}"


def report_base(session: AssessmentSession) -> OfficialDocument | None:
    """The report as the answers alone make it, for the fields group to say what it still
    lacks (None while the answers cannot make one)."""
    from kit.assessment.report.document import build_report

    try:
        return build_report(session.check().answers)
    except (InputError, ValueError):
        return None
