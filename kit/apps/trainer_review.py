"""The trainer's peer-review screen: choose a writing item answered in the workshop; open its
round once enough trainees answered it (the button is disabled otherwise, with the reason next
to it), after marking the calibration answer criterion by criterion; then follow it: each
answer's peer mark (the median of its reviews) beside its automatic part (provisional) and the
trainer's own mark (final once given), each reviewer's reliability ("lệch trung bình 1,5
điểm"), and close the round. Names and answers trainees typed are escaped."""

from __future__ import annotations

from collections.abc import Callable

import ipywidgets as w

from kit.apps.ui.labels import labelled
from kit.apps.ui.shell import AppShell, esc
from kit.apps.ui.widgets import html
from kit.apps.workshop_review import row_label
from kit.content.catalogue import Catalogue
from kit.core.errors import KitError
from kit.core.i18n import t
from kit.workshops import peer, peer_reviews, peer_rounds
from kit.workshops.marks import figure
from kit.workshops.sessions import WorkshopInfo


def _short(text: str, size: int) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= size else f"{flat[: size - 1]}…"


def round_html(board: peer_reviews.RoundMarks, top: int, auto_top: int, lang: str) -> str:
    """The answers' marks and the reviewers' reliability of one round, as tables."""
    head = "".join(
        f"<th>{esc(t(f'peer.col_{k}', lang))}</th>" for k in ("author", "auto", "peer", "trainer")
    )
    lines = []
    for row in board.answers:
        cand = row.candidate
        if row.calibration:
            peer_cell = t(
                "peer.calibration_value",
                lang,
                mark=figure(board.calibration_total, lang),
                top=top,
            )
        elif row.peer_mark is None:
            peer_cell = t("peer.peer_none", lang, m=row.assigned)
        else:
            peer_cell = t(
                "peer.peer_value",
                lang,
                mark=figure(row.peer_mark, lang),
                top=top,
                k=len(row.totals),
                m=row.assigned,
            )
        final = (
            f"{figure(cand.final, lang)}/{top}"
            if cand.final is not None
            else t("peer.trainer_none", lang)
        )
        lines.append(
            f"<tr><td>{esc(cand.name)}</td><td>{figure(cand.auto_score, lang)}/{auto_top}</td>"
            f"<td>{esc(peer_cell)}</td><td>{esc(final)}</td></tr>"
        )
    who = "".join(f"<th>{esc(t(f'peer.col_{k}', lang))}</th>" for k in ("reviewer", "done", "gap"))
    people = []
    calibrated = {r.candidate.trainee_id for r in board.answers if r.calibration}
    for rev in board.reviewers:
        if rev.gap is not None:
            gap = t("peer.gap", lang, gap=figure(rev.gap, lang))
        elif rev.trainee_id in calibrated:
            gap = t("peer.gap_own", lang)
        else:
            gap = t("peer.gap_none", lang)
        people.append(
            f"<tr><td>{esc(rev.name)}</td><td>{rev.done}/{rev.assigned}</td>"
            f"<td>{esc(gap)}</td></tr>"
        )
    return (
        f"<div class='kit-table-wrap kit-summary'><table class='kit-peer-marks'><tr>{head}</tr>"
        f"{''.join(lines)}</table></div>"
        f"<h4>{esc(t('peer.reviewers', lang))}</h4>"
        f"<div class='kit-table-wrap kit-summary'><table class='kit-peer-reviewers'><tr>{who}</tr>"
        f"{''.join(people)}</table></div>"
    )


class ReviewDesk:
    """The review rounds of the trainer's current workshop."""

    def __init__(
        self, shell: AppShell, catalogue: Catalogue, require_open: Callable[[], None]
    ) -> None:
        self.shell = shell
        self.catalogue = catalogue
        self.require_open = require_open
        self.item_id: str | None = None
        self.calibration_id: int | None = None
        self._problem = html("", "kit-problem-here", "kit-review-open-problem")

    # ------------------------------------------------------------------ actions

    def choose(self, item_id: object) -> None:
        if isinstance(item_id, str) and item_id in self.catalogue.items:
            self.item_id, self.calibration_id = item_id, None
            self.shell.refresh()

    def pick(self, attempt_id: object) -> None:
        if isinstance(attempt_id, int):
            self.calibration_id = attempt_id
            self.shell.refresh()

    def open(self, workshop: WorkshopInfo, marks: dict[str, object]) -> None:
        """Open the round; a refusal is shown next to the button and the marks stay typed."""
        self.require_open()
        self._problem.value = ""
        try:
            peer_rounds.open_round(
                workshop, self.catalogue, self.item_id, self.calibration_id, marks
            )
        except KitError as exc:
            self._problem.value = f"<p role='alert'>{esc(exc.message(self.shell.lang))}</p>"
            return
        self.shell.refresh()

    def close(self, workshop: WorkshopInfo, round_id: int) -> None:
        self.require_open()
        peer_rounds.close_round(workshop, round_id)
        self.shell.refresh()

    # ------------------------------------------------------------------ layout

    def widgets(self, workshop: WorkshopInfo, lang: str) -> list[w.Widget]:
        intro = (
            f"<h2>{esc(t('peer.trainer_heading', lang))}</h2>"
            f"<p class='kit-note'>{esc(t('peer.trainer_intro', lang, n=peer.MIN_AUTHORS))}</p>"
        )
        answered = peer_rounds.writing_items(workshop, self.catalogue)
        if not answered:
            return [html(intro + f"<p>{esc(t('peer.no_items', lang))}</p>")]
        if self.item_id not in {i for i, _n in answered}:
            self.item_id = answered[0][0]
        chooser = labelled(
            w.Dropdown,
            t("peer.item", lang),
            options=[
                (t("peer.item_option", lang, title=self._title(i, lang), n=n), i)
                for i, n in answered
            ],
            value=self.item_id,
        )
        chooser.observe(self.shell.guard(lambda ch: self.choose(ch["new"])), names="value")
        parts: list[w.Widget] = [html(intro), chooser]
        assert self.item_id is not None
        found = peer_rounds.round_of(workshop, self.item_id)
        if found is None:
            return parts + self._opening(workshop, lang)
        return parts + self._following(workshop, found, lang)

    def _opening(self, workshop: WorkshopInfo, lang: str) -> list[w.Widget]:
        problem = peer_rounds.open_problem(workshop, self.catalogue, self.item_id)
        if problem is not None:
            go = self.shell.button(t("peer.open", lang), lambda: None, "danger")
            go.disabled = True
            reason = t("peer.cannot_open", lang, reason=problem.message(lang))
            return [go, html(f"<p class='kit-problem-here'>{esc(reason)}</p>")]
        assert self.item_id is not None
        answers = peer_rounds.candidates(workshop, self.item_id)
        if self.calibration_id not in {c.attempt_id for c in answers}:
            self.calibration_id = answers[0].attempt_id
        picker = labelled(
            w.Dropdown,
            t("peer.calibration", lang),
            options=[
                (
                    t("peer.calibration_option", lang, name=c.name, start=_short(c.answer, 50)),
                    c.attempt_id,
                )
                for c in answers
            ],
            value=self.calibration_id,
        )
        picker.observe(self.shell.guard(lambda ch: self.pick(ch["new"])), names="value")
        chosen = next(c for c in answers if c.attempt_id == self.calibration_id)
        rows = peer.rows_of(self.catalogue.items[self.item_id])
        boxes = {
            row.key: labelled(
                w.BoundedFloatText, row_label(row, lang), value=0, min=0, max=row.top, step=0.5
            )
            for row in rows
        }
        go = self.shell.button(
            t("peer.open", lang),
            lambda: self.open(workshop, {k: b.value for k, b in boxes.items()}),
            "danger",
        )
        text = (
            f"<div class='kit-case'>{esc(chosen.answer)}</div>"
            f"<p>{esc(t('peer.calibration_marks', lang))}</p>"
        )
        return [picker, html(text), *boxes.values(), self._problem, go]

    def _following(
        self, workshop: WorkshopInfo, found: peer_rounds.RoundInfo, lang: str
    ) -> list[w.Widget]:
        board = peer_reviews.round_marks(workshop, found.id)
        if board is None:
            return []
        item = self.catalogue.items[found.item_id]
        top = peer.top_of(peer.rows_of(item))
        auto_top = sum(c.points for c in getattr(item, "rubric", []))
        state = t("peer.closed_note" if found.closed else "peer.opened", lang)
        parts: list[w.Widget] = [
            html(f"<p class='kit-focus'>{esc(state)}</p>"),
            self.shell.button(t("peer.refresh", lang), self.shell.refresh),
            html(round_html(board, top, auto_top, lang), "kit-peer-board"),
        ]
        if not found.closed:
            parts.append(
                self.shell.button(t("peer.close", lang), lambda: self.close(workshop, found.id))
            )
        return parts

    def _title(self, item_id: str, lang: str) -> str:
        item = self.catalogue.items.get(item_id)
        if item is None:
            return item_id
        prompt = item.prompt_en if lang == "en" and item.prompt_en else item.prompt
        return _short(prompt, 110)
