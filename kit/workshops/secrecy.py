"""A workshop's tests stay unseen until they close (finding F5).

A trainer compares each trainee's pre-test with the post-test (Hake's gain); the comparison
means something only if neither test's items were practised with feedback in between. The kit
keeps the test items out of sight of the workshop's trainees in every place that gives
feedback, rather than withholding feedback item by item, because an item answered once without
feedback and then again in the post-test is still practised.

The design, for trainers:

- **Comparable forms.** The pre- and post-test come from the workshop's own lessons. ``same``
  (the default) uses one form twice: the gain compares the very same items. ``parallel`` makes
  two forms of equal length in which every lesson gives as many items to the pre-test as to the
  post-test. Either way the tests take at most half of each lesson's items, spread over the
  lessons, so the exercises keep at least half (:func:`kit.workshops.dashboard.pick_test_items`).
- **Kept out of the exercise phase.** The workshop's exercises are its lessons' items without
  the items of either test (:func:`kit.workshops.results.exercise_items`), always, so a trainer's
  own form can overlap the lessons freely; a form that would leave the lessons without an
  exercise is refused (:func:`kit.workshops.sessions.validate_spec`).
- **Held back from practice while the tests are open.** In the exercise app, and in the exercise
  phase of any other workshop, a member of a workshop is not served that workshop's test items
  (pre and post) while its tests are open for them (:func:`held_items`): they are left out of
  the practice session altogether (not shown, not graded, not in the summary or the report), and
  come back once the tests close. An item is never served without its feedback: the exercise
  app stays a place where every answer is explained.
- **Closed** means, for one trainee: they have answered every item of the workshop's last test
  (the post-test, or the pre-test when there is none), or the trainer has closed the workshop's
  tests (:func:`kit.workshops.sessions.close_tests`, for good: from then on no test answer is
  taken, so nobody can practise the items and then answer the test).

The rule is applied in the kernel when a practice session opens and again just before each
answer is graded (:class:`kit.practice.Practice`), so a page that sends an answer for a held
item gets neither its score nor its feedback, whatever it shows. A trainee who practised an item
before joining the workshop has seen it already; nothing here can undo that.
"""

from __future__ import annotations

from sqlalchemy import Engine, select

from kit.store import db
from kit.store.models import Attempt
from kit.workshops.sessions import WorkshopInfo, open_memberships, tests_closed


def last_test(workshop: WorkshopInfo) -> tuple[str, tuple[str, ...]]:
    """The phase and items of the workshop's last test (the post-test, else the pre-test)."""
    return ("post", workshop.post_items) if workshop.post_items else ("pre", workshop.pre_items)


def held_items(trainee_id: int, eng: Engine | None = None) -> frozenset[str]:
    """The items the trainee may not practise now: the test items of every workshop they joined
    whose tests are open for them (not closed by the trainer, last test not finished)."""
    workshops = [ws for ws in open_memberships(trainee_id, eng) if ws.test_items]
    if not workshops:
        return frozenset()
    finals = {ws.context(last_test(ws)[0]): ws for ws in workshops}
    with db.session(eng) as sess:
        rows = sess.execute(
            select(Attempt.context, Attempt.item_id).where(
                Attempt.trainee_id == trainee_id, Attempt.context.in_(finals)
            )
        ).all()
    answered: dict[str, set[str]] = {context: set() for context in finals}
    for context, item_id in rows:
        answered[context].add(item_id)
    held: set[str] = set()
    for context, ws in finals.items():
        if not set(last_test(ws)[1]) <= answered[context]:
            held |= ws.test_items
    return frozenset(held)


def closed_test_items(
    workshop: WorkshopInfo, items: tuple[str, ...], eng: Engine | None = None
) -> frozenset[str]:
    """``items`` (a test of ``workshop``) once the trainer has closed its tests, else none: what a
    test session holds back (it then takes no answer)."""
    return frozenset(items) if tests_closed(workshop, eng) else frozenset()
