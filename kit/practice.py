"""A trainee's practice session: which item comes next, submitting an answer, the summary.

The session holds no answer key beyond what grading needs in the kernel; it validates every
submission (the item must be the one on the page, not answered before) and stores it at once.

A session may be told which items it must hold back now (``hold``: a workshop's test items while
its tests are open, see :mod:`kit.workshops.secrecy`). Held items are left out of the session
altogether: never current, never graded, not in the progress, the summary or the report. The
rule is asked when the session opens and again just before each answer is graded.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Collection
from dataclasses import dataclass, field

from sqlalchemy import Engine

from kit import trainees
from kit.content.catalogue import Catalogue
from kit.content.schemas import Item
from kit.core.errors import InputError
from kit.grading.engine import Graded, grade

CONTEXT = "practice"


class ItemNotOpen(InputError):
    """An answer to an item the session does not serve now (another item is open, or the item
    has been held back since the page showed it): nothing is graded or stored."""


@dataclass(frozen=True)
class LessonScore:
    lesson_id: str
    title: str
    score: float
    max_score: int

    @property
    def share(self) -> float:
        return self.score / self.max_score if self.max_score else 0.0


@dataclass
class Practice:
    catalogue: Catalogue
    identity: trainees.Identity
    engine: Engine | None = None
    done: dict[str, trainees.StoredAttempt] = field(default_factory=dict)
    #: the session's items in course order, without those held back (see :meth:`refresh`)
    items: list[Item] = field(default_factory=list)
    #: a lesson whose items come first (``?lesson=`` from a lesson page), if any
    focus: str | None = None
    #: where the answers are stored: ``practice``, or a workshop's context (``ws:CODE``…)
    context: str = CONTEXT
    #: the items of this session, in order (a workshop's test or lessons); default: the track's
    item_ids: tuple[str, ...] | None = None
    #: the ids of the items this trainee may not be served now (asked by :meth:`refresh`)
    hold: Callable[[], Collection[str]] | None = None
    #: the session's items held back at the last :meth:`refresh`
    held: frozenset[str] = field(default=frozenset(), init=False)
    _every: list[Item] = field(default_factory=list, init=False, repr=False)

    def __post_init__(self) -> None:
        self.done = trainees.attempts(self.identity.id, self.context, self.engine)
        if self.item_ids is None:
            self._every = self.catalogue.exercises(self.identity.track)
        else:
            served = self.catalogue.served()
            self._every = [served[i] for i in self.item_ids if i in served]
        self.refresh()

    def refresh(self) -> None:
        """Ask again which items are held back; :attr:`items` are the others."""
        hold = frozenset(self.hold()) if self.hold is not None else frozenset()
        self.held = frozenset(i.id for i in self._every if i.id in hold)
        self.items = [i for i in self._every if i.id not in self.held]

    def set_focus(self, lesson_id: object) -> bool:
        """Put a lesson's items first; an unknown lesson (from the page) is ignored."""
        known = any(i.lesson == lesson_id for i in self.items)
        self.focus = str(lesson_id) if known else None
        return known

    def current(self) -> Item | None:
        pending = [i for i in self.items if i.id not in self.done]
        focused = [i for i in pending if i.lesson == self.focus]
        return next(iter(focused or pending), None)

    def progress(self, lesson_id: str | None = None) -> tuple[int, int]:
        ids = {i.id for i in self.items if lesson_id is None or i.lesson == lesson_id}
        return len(ids & set(self.done)), len(ids)

    def answered(self) -> list[tuple[Item, trainees.StoredAttempt]]:
        """The answered items in course order, with what was stored for each."""
        return [(i, self.done[i.id]) for i in self.items if i.id in self.done]

    def submit(self, item_id: str, answer: object) -> Graded:
        """Grade and store the answer to the current item, after asking again which items are
        held back (a held item is refused: its score and feedback are never made)."""
        self.refresh()
        if item_id in self.held:
            raise ItemNotOpen(
                "Câu hỏi này thuộc một bài kiểm tra chưa kết thúc hoặc đã đóng, nên chưa làm được "
                "ở đây; trang đã được cập nhật.",
                "This question is on a test that is still open or has been closed, so it cannot "
                "be answered here; the page was refreshed.",
            )
        current = self.current()
        if current is None or current.id != item_id:
            raise ItemNotOpen(
                "Câu trả lời này không còn khớp với câu hỏi đang mở; trang đã được cập nhật.",
                "This answer no longer matches the open question; the page was refreshed.",
            )
        graded = grade(current, answer)
        self.done[current.id] = trainees.record_graded(
            self.identity.id, graded, self.context, self.engine
        )
        return graded

    def summary(self, lang: str = "vi") -> list[LessonScore]:
        totals: dict[str, list[float]] = defaultdict(lambda: [0.0, 0])
        for item in self.items:
            stored = self.done.get(item.id)
            if stored is not None:
                totals[item.lesson][0] += stored.score
                totals[item.lesson][1] += stored.max_score
        out = []
        for lesson in self.catalogue.ordered_lessons():
            if lesson.id in totals:
                score, max_score = totals[lesson.id]
                title = lesson.meta.title_en if lang == "en" else lesson.meta.title
                out.append(LessonScore(lesson.id, title, round(score, 2), int(max_score)))
        return out

    def weakest(self, lang: str = "vi", limit: int = 3) -> list[LessonScore]:
        weak = [s for s in self.summary(lang) if s.share < 0.8]
        return sorted(weak, key=lambda s: s.share)[:limit]
