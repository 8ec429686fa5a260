"""What the trainer's dashboard shows, as HTML, in the page's language: the roster (trainees with
the same name told apart by the time they joined), the score distribution of each test named
as such, the item statistics with each question's text (its id on hover) and their meaning in
words, and the survey. Numbers are written as the language writes them (babel: 26,5 and 0,78 in
Vietnamese). Everything a trainee typed, and every question, is escaped."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime

from kit.apps.ui.shell import esc
from kit.core.i18n import t
from kit.core.text import fold
from kit.workshops.dashboard import BINS, Dashboard
from kit.workshops.item_stats import FLAG_LABELS
from kit.workshops.marks import Text, figure
from kit.workshops.stats_words import alpha_words, gain_words

#: the characters of a question shown in the statistics table (the whole text is on hover)
QUESTION_CHARS = 90


def local_time(moment: datetime) -> str:
    """A stored time as the room's clock shows it (a time without a zone is UTC)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone().strftime("%H:%M %d/%m")


def shorten(text: str, size: int = QUESTION_CHARS) -> str:
    """The first line of ``text`` cut at a word before ``size`` characters, with "…"."""
    words = " ".join(text.split())
    if len(words) <= size:
        return words
    cut = words[: size - 1].rsplit(" ", 1)[0].rstrip(",;:.–-")
    return cut + "…"


def _pick(text: Text, lang: str) -> str:
    return text.en if lang == "en" else text.vi


def _cells(cells: list[str], head: bool = False) -> str:
    tag = "th" if head else "td"
    return "<tr>" + "".join(f"<{tag}>{c}</{tag}>" for c in cells) + "</tr>"


def _table(heads: list[str], rows: list[str], name: str) -> str:
    """A table that scrolls sideways on a phone, so it takes the focus (keyboard scrolling)."""
    return (
        f"<table class='kit-batch-table' tabindex='0' aria-label='{esc(name)}'>"
        f"{_cells(heads, head=True)}{''.join(rows)}</table>"
    )


def _percent(value: float | None, lang: str) -> str:
    return "" if value is None else esc(figure(value, lang, 1))


def roster_html(board: Dashboard, lang: str) -> str:
    """The roster; a name shared by several trainees carries the time each joined."""
    names = Counter(fold(m.name) for m in board.roster)
    heads = [
        esc(t(f"trainer.col_{k}", lang))
        for k in ("name", "unit", "done", "pre", "post", "survey", "pending")
    ]
    rows = []
    for m in board.roster:
        who = f"<b>{esc(m.name)}</b>"
        if names[fold(m.name)] > 1:
            when = t("dashboard.same_name", lang, time=local_time(m.joined_at))
            who += f"<br><span class='kit-note'>{esc(when)}</span>"
        done = f"{m.phases[''][0]}/{m.phases[''][1]}"
        rows.append(
            _cells(
                [
                    who,
                    esc(m.unit),
                    done,
                    _percent(m.percent("pre"), lang),
                    _percent(m.percent("post"), lang),
                    "✓" if m.survey_done else "",
                    str(m.pending_grading or ""),
                ]
            )
        )
    help_ = ""
    if any(n > 1 for n in names.values()):
        help_ = f"<p class='kit-note'>{esc(t('dashboard.roster_help', lang))}</p>"
    title = t("trainer.roster", lang, n=len(board.roster))
    return f"<h3>{esc(title)}</h3>{help_}{_table(heads, rows, title)}"


def histograms_html(board: Dashboard, lang: str) -> str:
    """One histogram per test with answers, each titled with its test and its trainees."""
    if not board.histograms:
        return f"<p>{esc(t('dashboard.hist_none', lang))}</p>"
    out = []
    for phase, counts in board.histograms.items():
        top = max(counts) or 1
        rows = []
        for i, n in enumerate(counts):
            low, high = 100 * i // BINS, (100 * (i + 1) // BINS - 1 if i < BINS - 1 else 100)
            label = t("dashboard.hist_row", lang, low=low, high=high, n=n)
            rows.append(
                f"<div class='kit-hist-row' title='{esc(label)}'><span>{low}–{high}%</span>"
                f"<div class='kit-hist-bar' style='width:{60 * n / top:.0f}%'></div>"
                f"<span>{n}</span></div>"
            )
        title = t(f"dashboard.hist_{phase}", lang, n=sum(counts))
        out.append(f"<h3>{esc(title)}</h3><div class='kit-hist'>{''.join(rows)}</div>")
    return "".join(out)


def items_html(board: Dashboard, lang: str) -> str:
    """The item statistics of the test they describe, each item by its question, and α and the
    gain explained in words."""
    stats = board.stats
    title = t(f"dashboard.items_{board.stats_phase}", lang)
    if stats is None or not stats.items:
        return f"<h3>{esc(title)}</h3><p>{esc(t('dashboard.items_none', lang))}</p>"
    none = esc(t("dashboard.no_figure", lang))
    heads = [
        esc(t(f"dashboard.col_{k}", lang))
        for k in ("item", "n", "facility", "discrimination", "flag")
    ]
    rows = []
    for i in stats.items:
        question = board.questions.get(i.item)
        full = _pick(question, lang) if question else i.item
        hover = f"{t('dashboard.item_id', lang, id=i.item)} · {' '.join(full.split())}"
        reasons = " ".join(_pick(r, lang) for r in i.reasons)
        flag = esc(_pick(FLAG_LABELS[i.flag], lang))
        if reasons:
            flag += f"<br><span class='kit-note'>{esc(reasons)}</span>"
        rows.append(
            _cells(
                [
                    f"<span title='{esc(hover)}'>{esc(shorten(full))}</span>",
                    str(i.n),
                    esc(figure(i.facility, lang, 1)),
                    none if i.discrimination is None else esc(figure(i.discrimination, lang, 1)),
                    flag,
                ]
            )
        )
    words = [alpha_words(stats), gain_words(stats.gain)]
    said = "".join(f"<p>{esc(_pick(x, lang))}</p>" for x in words if _pick(x, lang))
    help_ = f"<p class='kit-note'>{esc(t('dashboard.items_help', lang))}</p>"
    return f"<h3>{esc(title)}</h3>{said}{help_}{_table(heads, rows, title)}"


def survey_html(board: Dashboard, lang: str) -> str:
    """The survey: each statement with its mean on the 1–5 scale and its responses, and the
    comments."""
    heads = [esc(t(f"dashboard.survey_{k}", lang)) for k in ("question", "mean", "n")]
    rows = [
        _cells(
            [
                esc(q.text_en if lang == "en" else q.text),
                "—" if q.mean is None else esc(figure(q.mean, lang, 1)),
                str(q.n),
            ]
        )
        for q in board.survey.questions
    ]
    comments = "".join(f"<li>{esc(c)}</li>" for c in board.survey.comments)
    said = (
        f"<h4>{esc(t('dashboard.survey_comments', lang))}</h4><ul class='kit-note'>{comments}</ul>"
        if comments
        else ""
    )
    title = t("trainer.survey", lang, n=board.survey.responses)
    return f"<h3>{esc(title)}</h3>{_table(heads, rows, title)}{said}"


def dashboard_html(board: Dashboard, lang: str) -> str:
    """The whole dashboard of one workshop."""
    parts = (roster_html, histograms_html, items_html, survey_html)
    return "<div class='kit-dashboard'>" + "".join(p(board, lang) for p in parts) + "</div>"
