"""The trainee's peer-review panel in the workshop app: the next answer given to them (its text
and its place, "Bài 2/3", never its author), one mark per criterion of the item with its range,
an optional comment, and the button; a refusal is shown under the button. Reviews already sent
are listed with their totals (a reload reads them back: the trainee is the one the page's token
identifies, never an id the page sends)."""

from __future__ import annotations

from collections.abc import Callable

import ipywidgets as w

from kit.apps.ui.labels import labelled
from kit.apps.ui.shell import AppShell, esc
from kit.apps.ui.widgets import html, vbox
from kit.content.catalogue import Catalogue
from kit.core.errors import KitError
from kit.core.i18n import t
from kit.workshops import peer, peer_reviews
from kit.workshops.marks import figure
from kit.workshops.sessions import WorkshopInfo

#: who is reviewing: the workshop and the trainee's id (None before joining)
Who = Callable[[], tuple[WorkshopInfo | None, int | None]]


def row_label(row: peer.Row, lang: str) -> str:
    label = row.label if row.label is not None else t("peer.person_row", lang)
    return t("peer.row_label", lang, label=label, top=row.top)


class ReviewPanel:
    """What a trainee has to review in the workshop's rounds, one answer at a time."""

    def __init__(self, shell: AppShell, catalogue: Catalogue, who: Who) -> None:
        self.shell = shell
        self.catalogue = catalogue
        self.who = who
        self._problem = html("", "kit-problem-here", "kit-review-problem")
        #: the review sent last (answer, total): confirmed above the next one
        self._sent: tuple[int, float] | None = None

    def send(self, attempt_id: int, marks: dict[str, object], comment: object) -> None:
        """Send one review; a refusal is shown under the button, and nothing is lost."""
        workshop, trainee_id = self.who()
        if workshop is None or trainee_id is None:
            return
        self._problem.value = ""
        try:
            total = peer_reviews.submit(
                workshop, self.catalogue, trainee_id, attempt_id, marks, comment
            )
        except KitError as exc:
            self._problem.value = f"<p role='alert'>{esc(exc.message(self.shell.lang))}</p>"
            return
        self._sent = (attempt_id, total)
        self.shell.refresh()

    def widgets(self, lang: str) -> list[w.Widget]:
        """The panel (nothing when the trainee has nothing to review)."""
        workshop, trainee_id = self.who()
        if workshop is None or trainee_id is None:
            return []
        tasks = peer_reviews.tasks(workshop, trainee_id)
        if not tasks:
            return []
        head = f"<h2>{esc(t('peer.heading', lang))}</h2>" + self._confirmation(tasks, lang)
        todo = [x for x in tasks if x.marks is None and x.open]
        done = "".join(
            f"<li>{esc(self._done_line(x, lang))}</li>" for x in tasks if x.marks is not None
        )
        done_html = f"<ul class='kit-review-done'>{done}</ul>" if done else ""
        if not todo:
            key = "peer.all_done" if all(x.marks is not None for x in tasks) else "peer.closed"
            note = f"<p class='kit-focus'>{esc(t(key, lang, n=len(tasks)))}</p>"
            return [vbox([html(head + note + done_html)], "kit-review")]
        task = todo[0]
        same_round = [x for x in tasks if x.round_id == task.round_id]
        item = self.catalogue.items.get(task.item_id)
        rows = peer.rows_of(item)
        prompt = (getattr(item, "prompt_en", None) if lang == "en" else None) or getattr(
            item, "prompt", ""
        )
        intro = (
            f"<p>{esc(t('peer.intro', lang, n=len(same_round)))}</p>"
            f"<details><summary>{esc(self._title(task.item_id, lang))}</summary>"
            f"<div class='kit-prompt'>{esc(prompt)}</div></details>"
            f"<h3>{esc(t('peer.answer_of', lang, place=task.place, n=len(same_round)))}</h3>"
            f"<div class='kit-case kit-review-answer'>{esc(task.answer)}</div>"
        )
        boxes = {
            row.key: labelled(
                w.BoundedFloatText, row_label(row, lang), value=0, min=0, max=row.top, step=0.5
            )
            for row in rows
        }
        comment = labelled(w.Textarea, t("peer.comment", lang), rows=2)
        send = self.shell.button(
            t("peer.send", lang),
            lambda: self.send(
                task.attempt_id, {k: b.value for k, b in boxes.items()}, comment.value
            ),
            "danger",
        )
        parts: list[w.Widget] = [html(head + intro), *boxes.values(), comment, self._problem, send]
        if done_html:
            parts.append(html(done_html))
        return [vbox(parts, "kit-review")]

    def _confirmation(self, tasks: list[peer_reviews.ReviewTask], lang: str) -> str:
        sent = next((x for x in tasks if self._sent and x.attempt_id == self._sent[0]), None)
        if sent is None or self._sent is None:
            return ""
        top = peer.top_of(peer.rows_of(self.catalogue.items.get(sent.item_id)))
        text = t("peer.sent", lang, place=sent.place, total=figure(self._sent[1], lang), top=top)
        return f"<p class='kit-focus' role='status'>{esc(text)}</p>"

    def _done_line(self, task: peer_reviews.ReviewTask, lang: str) -> str:
        top = peer.top_of(peer.rows_of(self.catalogue.items.get(task.item_id)))
        total = sum((task.marks or {}).values())
        return t("peer.done_line", lang, place=task.place, total=figure(total, lang), top=top)

    def _title(self, item_id: str, lang: str) -> str:
        item = self.catalogue.items.get(item_id)
        if item is None:
            return item_id
        prompt = item.prompt_en if lang == "en" and item.prompt_en else item.prompt
        first = " ".join(prompt.split())
        return first if len(first) <= 90 else f"{first[:89]}…"
