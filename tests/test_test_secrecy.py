"""Are a workshop's tests kept unseen until they close (finding F5)? No key, explanation or
per-option feedback of a test item reaches any widget of the workshop's exercise phase, nor of the
exercise app for the workshop's trainees, while the tests are open for them; in the exercise app
they come back, with their feedback, once the trainee has finished the post-test or the trainer
has closed the tests (design: :mod:`kit.workshops.secrecy`)."""

from __future__ import annotations

import base64
import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import pytest
from docx import Document

from kit import api, trainees
from kit.apps.exercises import ExercisesView
from kit.apps.exercises import build_app as exercises_app
from kit.apps.ui.shell import AppShell, esc
from kit.apps.workshop import build_app as workshop_app
from kit.content.schemas import Item
from kit.core.errors import InputError
from kit.grading.engine import accepted_answers
from kit.practice import ItemNotOpen
from kit.workshops import results, secrecy, sessions
from kit.workshops.dashboard import pick_test_items
from kit.workshops.run import WorkshopRun
from tests.test_exercises_app import ready, widget_texts
from tests.test_grading import wrong_answer
from tests.test_workshop_flow import open_workshop

CAT = api.load_content()
LESSONS = [lesson.id for lesson in CAT.ordered_lessons()]
#: the fields of an item that hold its key in words, its explanation or its feedback
SECRET_FIELDS = (
    "explanation",
    "feedback_true",
    "feedback_false",
    "feedback_correct",
    "feedback_wrong",
    "model_answer",
)
Pick = Callable[[list[str]], tuple[list[str], list[str]]]


def item_secrets(item: Item) -> set[str]:
    """What an item's feedback screen shows and its question does not."""
    found = {getattr(item, name, None) for name in SECRET_FIELDS}
    found |= {option.feedback for option in getattr(item, "options", [])}
    return {text for text in found if isinstance(text, str) and len(text) >= 12}


def secrets_of_tests(tested: frozenset[str]) -> dict[str, set[str]]:
    """Per test item, the secrets no other item shares (what another item may show is none)."""
    others = [item_secrets(i) for i in CAT.items.values() if i.id not in tested]
    shown = set().union(*others)
    return {item_id: item_secrets(CAT.items[item_id]) - shown for item_id in tested}


def leaks(shell: AppShell, secret: dict[str, set[str]]) -> list[str]:
    """The test items whose secrets are in a widget of the page."""
    texts = widget_texts(shell.widget)
    return sorted(
        item_id
        for item_id, strings in secret.items()
        if any(text in texts or esc(text) in texts for text in strings)
    )


def pool(track: str, lessons: list[str]) -> list[str]:
    """The auto-graded items of the lessons in course order (what the old default form took)."""
    return [
        i.id for i in CAT.exercises(track) if i.lesson in lessons and not results.trainer_points(i)
    ]


def first_ten_twice(items: list[str]) -> tuple[list[str], list[str]]:
    """The form the trainer's page made before F5 was fixed: the first ten items, twice."""
    return items[:10], items[:10]


def alternate_sixteen(items: list[str]) -> tuple[list[str], list[str]]:
    """Parallel forms a trainer might write: the first sixteen items, alternately."""
    return items[:16:2], items[1:16:2]


@dataclass(frozen=True)
class Setup:
    name: str
    track: str
    lessons: tuple[int, ...]
    #: the trainer form's choice ("same", "parallel"), or a trainer's own pre/post items
    form: str | Pick


SETUPS = [
    Setup("default form, two lessons, track B", "B", (0, 1), "same"),
    Setup("parallel forms, three lessons, track A", "A", (0, 1, 3), "parallel"),
    Setup("one short lesson, track A", "A", (6,), "same"),
    Setup("own form overlapping the exercises, track A", "A", (0, 1), first_ten_twice),
    Setup("own parallel forms, four lessons, track B", "B", (2, 3, 4, 5), alternate_sixteen),
]


def open_setup(setup: Setup) -> sessions.WorkshopInfo:
    lessons = [LESSONS[i] for i in setup.lessons]
    if isinstance(setup.form, str):
        pre, post = pick_test_items(CAT, setup.track, lessons, setup.form)
    else:
        pre, post = setup.form(pool(setup.track, lessons))
    raw = {
        "title": f"Lớp {setup.name}",
        "day": date(2026, 12, 9),
        "track": setup.track,
        "lessons": lessons,
        "pre_items": pre,
        "post_items": post,
    }
    return sessions.create(sessions.validate_spec(raw, CAT))


def answer_shown(view: ExercisesView, item: Item, right: bool) -> None:
    """Answer the item on the page with a click on its submit button (right or wrong, for both
    feedbacks); an error is shown on the page as any callback's."""
    assert view.shown_item == item.id and view.input is not None
    answer = accepted_answers(item)[0] if right else wrong_answer(item)
    view.input.value = lambda: answer  # type: ignore[method-assign]
    view.screens.submit.click()


def in_workshop(ws: sessions.WorkshopInfo, token: str) -> AppShell:
    """The workshop app on this trainee's phone (the browser reported their token)."""
    app = workshop_app(lang="vi")
    app.view.set_code(ws.code)
    app.view.gate.token.stored = token
    app.view.gate.recognise()
    assert app.view.run is not None
    return app


def in_exercises(token: str) -> AppShell:
    app = exercises_app(lang="vi")
    ready(app, token)
    assert app.view.practice is not None
    return app


def walk_exercises(app: AppShell, check: Callable[[Item], None]) -> list[str]:
    """Answer every item the exercise app serves, calling ``check`` on the item screen and on
    its feedback screen; the ids served, in order."""
    view = app.view
    served = []
    while (item := view.practice.current()) is not None:
        check(item)
        answer_shown(view, item, right=len(served) % 2 == 0)
        assert view.graded is not None, item.id
        check(item)
        served.append(item.id)
        view.next_item()
    return served


def through_the_exercise_phase(app: AppShell, secret: dict[str, set[str]]) -> int:
    """Answer the pre-test and the workshop's exercises, checking every screen of the exercise
    phase for the test items' secrets; the number of exercises answered."""
    view, run = app.view, app.view.run
    answered = 0
    while (phase := run.phase()) in ("pre", "main"):
        item = view.exercises.practice.current()
        assert item is not None
        if phase == "main":
            assert leaks(app, secret) == []
        answer_shown(view.exercises, item, right=answered % 2 == 0)
        if phase == "main":
            assert view.exercises.graded is not None  # the exercise phase gives feedback
            assert leaks(app, secret) == [], f"after answering {item.id}"
            assert item.id not in secret, f"test item {item.id} served in the exercise phase"
            view.exercises.next_item()
            answered += 1
    return answered


@pytest.mark.parametrize("setup", SETUPS, ids=[s.name for s in SETUPS])
def test_no_test_items_secret_reaches_the_exercises_until_the_post_test_is_finished(
    setup: Setup,
) -> None:
    ws = open_setup(setup)
    tested = ws.test_items
    secret = secrets_of_tests(tested)
    assert tested and all(secret.values()), "every test item has a secret to look for"
    reg = trainees.register(f"Học viên {setup.name}", "UBND xã Tân Lập", setup.track)
    workshop = in_workshop(ws, reg.token)

    assert through_the_exercise_phase(workshop, secret) >= 1
    assert workshop.view.run.phase() == "post"

    # the post-test is open: the exercise app serves no test item, on any screen
    practice_app = in_exercises(reg.token)
    assert practice_app.view.practice.held == tested
    assert "đang được giữ lại" in widget_texts(practice_app.widget)

    def no_leak(item: Item) -> None:
        assert item.id not in tested, f"test item {item.id} served in the exercise app"
        assert leaks(practice_app, secret) == [], f"around {item.id}"

    served = walk_exercises(practice_app, no_leak)
    assert served and leaks(practice_app, secret) == []  # the summary
    practice_app.view.make_download()
    link = practice_app.view.download.value
    report = Document(io.BytesIO(base64.b64decode(re.search(r"base64,([^']+)", link)[1])))
    text = "\n".join(p.text for p in report.paragraphs)
    assert not [i for i, strings in secret.items() if any(s in text for s in strings)]

    # the post-test, then the test items come back to the exercise app with their feedback
    run = workshop.view.run
    while run.phase() == "post":
        answer_shown(workshop.view.exercises, run.practice().current(), right=True)
    assert secrecy.held_items(reg.identity.id) == frozenset()
    after = in_exercises(reg.token)
    assert after.view.practice.held == frozenset()
    explained: list[str] = []

    def explained_after_answer(item: Item) -> None:
        if after.view.graded is not None:
            assert esc(item.explanation) in widget_texts(after.widget)
            explained.append(item.id)

    assert set(walk_exercises(after, explained_after_answer)) == tested
    assert set(explained) == tested


def test_the_trainer_closing_the_tests_ends_them_and_opens_their_items_to_practice() -> None:
    ws = open_setup(SETUPS[0])
    reg = trainees.register("Học viên Đóng Bài", "Phường Đông", "B")
    workshop = in_workshop(ws, reg.token)
    through_the_exercise_phase(workshop, secrets_of_tests(ws.test_items))
    run, ex = workshop.view.run, workshop.view.exercises
    first = run.practice().current()
    answer_shown(ex, first, right=True)  # one post-test answer, then the trainer closes
    assert secrecy.held_items(reg.identity.id) == ws.test_items
    closed = sessions.close_tests(ws)
    assert closed.tests_closed_at is not None
    assert sessions.close_tests(ws).tests_closed_at == closed.tests_closed_at  # for good
    second = run.practice().current()  # still on the page until the next answer
    answer_shown(ex, second, right=True)
    # refused next to its button: nothing graded or stored
    assert "đã đóng" in ex.screens.problem.value
    assert run.phases["post"].current() is None and run.phase() is None
    assert second.id not in trainees.attempts(reg.identity.id, ws.context("post"))
    assert run.scores()["post"][2:] == (1, len(ws.post_items))  # the answer given still counts
    assert secrecy.held_items(reg.identity.id) == frozenset()
    practice = in_exercises(reg.token).view.practice
    assert practice.held == frozenset() and ws.test_items <= {i.id for i in practice.items}
    again = WorkshopRun(ws, reg.identity, CAT)  # a reload: the closed tests take no answer
    assert again.phase() is None


def test_joining_a_workshop_holds_back_the_item_already_on_the_exercise_apps_page() -> None:
    """The exercise app was open before the trainee joined: its next answer is checked again in
    the kernel, and a test item shown before is refused without a score or feedback."""
    ws = open_setup(SETUPS[0])
    reg = trainees.register("Học viên Hai Thẻ", "Xã Bắc", "B")
    practice_app = in_exercises(reg.token)
    view = practice_app.view
    view.practice.set_focus(CAT.items[ws.pre_items[0]].lesson)
    item = view.practice.current()
    assert item is not None and item.id in ws.test_items
    view.practice.refresh()
    assert view.practice.current() == item  # not held yet: the trainee is in no workshop
    WorkshopRun(ws, reg.identity, CAT)  # joins in another tab
    answer_shown(view, item, right=True)
    assert view.graded is None and "bài kiểm tra" in view.screens.problem.value
    assert leaks(practice_app, secrets_of_tests(ws.test_items)) == []
    assert item.id not in trainees.attempts(reg.identity.id)
    assert view.practice.current() is not None and view.practice.current().id not in ws.test_items
    with pytest.raises(ItemNotOpen):  # a page that forges the answer gets nothing either
        view.practice.submit(item.id, accepted_answers(item)[0])


def finish(run: WorkshopRun, phase: str) -> None:
    """Answer every item of one phase (its session, as the page would)."""
    practice = run.phases[phase]
    while (item := practice.current()) is not None:
        practice.submit(item.id, accepted_answers(item)[0])


@pytest.mark.parametrize(
    ("tests", "done", "closed", "held"),
    [
        ("pre and post", (), False, True),
        ("pre and post", ("pre",), False, True),
        ("pre and post", ("pre", "main"), False, True),
        ("pre and post", ("pre", "main", "post"), False, False),
        ("pre and post", ("pre",), True, False),
        ("pre only", (), False, True),
        ("pre only", ("pre",), False, False),
        ("post only", ("main",), False, True),
        ("post only", ("main", "post"), False, False),
        ("post only", (), True, False),
    ],
)
def test_the_tests_close_for_whoever_finished_the_last_test_or_when_the_trainer_closes_them(
    tests: str, done: tuple[str, ...], closed: bool, held: bool
) -> None:
    lessons = LESSONS[:2]
    pre, post = pick_test_items(CAT, "B", lessons, "parallel")
    raw = {
        "title": f"Lớp {tests}",
        "day": "2026-12-09",
        "track": "B",
        "lessons": lessons,
        "pre_items": pre if "pre" in tests else [],
        "post_items": post if "post" in tests else [],
    }
    ws = sessions.create(sessions.validate_spec(raw, CAT))
    who = trainees.register(f"Học viên {tests} {done}", "Xã", "B").identity
    run = WorkshopRun(ws, who, CAT)
    for phase in done:
        finish(run, phase)
    if closed:
        sessions.close_tests(ws)
    assert secrecy.held_items(who.id) == (ws.test_items if held else frozenset())


def test_the_roster_counts_only_each_phases_items() -> None:
    """A workshop opened before the fix may hold exercise answers to its test items: they are not
    counted as exercises (which no longer include them)."""
    from kit.grading.engine import grade

    ws = open_setup(SETUPS[0])
    who = trainees.register("Học viên Lớp Cũ", "Xã", "B").identity
    run = WorkshopRun(ws, who, CAT)
    tested = CAT.items[ws.pre_items[0]]
    exercise = run.phases["main"].current()
    assert exercise is not None
    for item in (tested, exercise):
        graded = grade(item, accepted_answers(item)[0])
        trainees.record_graded(who.id, graded, ws.context(), None)
    (member,) = results.roster(ws, CAT)
    answered, total, score, _top = member.phases[""]
    assert (answered, total) == (1, len(results.exercise_items(ws, CAT)))
    assert score == exercise.points


def test_a_trainee_of_another_workshop_is_not_held_back() -> None:
    ws = open_setup(SETUPS[0])
    WorkshopRun(ws, trainees.register("Trong Lớp", "Xã", "B").identity, CAT)
    outsider = trainees.register("Ngoài Lớp", "Xã", "B")
    assert secrecy.held_items(outsider.identity.id) == frozenset()
    assert in_exercises(outsider.token).view.practice.held == frozenset()


@pytest.mark.parametrize(
    ("track", "lessons", "form"),
    [
        ("B", (0, 1), "same"),
        ("B", (0, 1), "parallel"),
        ("A", (0, 1, 3), "parallel"),
        ("A", tuple(range(9)), "same"),
        ("A", (6,), "same"),
    ],
)
def test_the_default_forms_spread_over_the_lessons_and_leave_each_half_its_items(
    track: str, lessons: tuple[int, ...], form: str
) -> None:
    chosen = [LESSONS[i] for i in lessons]
    pre, post = pick_test_items(CAT, track, chosen, form)
    tested = {*pre, *post}
    assert pre and len(pre) == len(post) <= 10
    assert (pre == post) if form == "same" else not set(pre) & set(post)
    for lesson in chosen:
        items = [i.id for i in CAT.exercises(track) if i.lesson == lesson]
        assert len(tested & set(items)) <= len(items) // 2, lesson
        if form == "parallel":  # each lesson gives as many items to either form
            assert len(set(pre) & set(items)) == len(set(post) & set(items)), lesson
    assert all(not results.trainer_points(CAT.items[i]) for i in tested)
    covered = {CAT.items[i].lesson for i in pre}
    assert covered == set(chosen) or len(pre) == 10  # every lesson, unless the form is full


@pytest.mark.parametrize(
    ("track", "lessons", "form", "pre", "post"),
    [
        ("A", (6,), "parallel", None, None),  # three items: no pair can leave half
        ("A", (0,), "custom", slice(0, 10), slice(0, 10)),  # the old default: all of l01 (A)
        ("B", (4,), "custom", slice(0, None, 2), slice(1, None, 2)),  # both forms take them all
    ],
)
def test_forms_that_would_leave_no_exercise_are_refused(
    track: str, lessons: tuple[int, ...], form: str, pre: slice | None, post: slice | None
) -> None:
    chosen = [LESSONS[i] for i in lessons]
    with pytest.raises(InputError) as refused:
        if form != "custom":
            pick_test_items(CAT, track, chosen, form)
        else:
            items = sessions.lesson_items(CAT, track, chosen)
            assert pre is not None and post is not None
            sessions.validate_spec(
                {
                    "title": "Lớp tự soạn đề",
                    "day": "2026-12-09",
                    "track": track,
                    "lessons": chosen,
                    "pre_items": items[pre],
                    "post_items": items[post],
                },
                CAT,
            )
    assert "bài tập" in refused.value.vi and "exercise" in refused.value.en


# ---------------------------------------------------------------------------------------- F5
# These two use only what the code had before the fix (the trainer form's default workshop, the
# workshop and exercise apps): they fail on that code and pass on this one.


def test_f5_the_default_forms_test_items_are_not_shown_with_feedback_in_the_exercise_phase() -> (
    None
):
    ws = open_workshop("same")  # what the trainer's form makes by default
    tested = {*ws.pre_items, *ws.post_items}
    reg = trainees.register("Học viên F5", "UBND xã", "B")
    workshop = in_workshop(ws, reg.token)
    assert through_the_exercise_phase(workshop, secrets_of_tests(frozenset(tested))) >= 1
    assert not tested & {i.id for i in workshop.view.run.phases["main"].items}


def test_f5_the_exercise_app_does_not_serve_an_open_post_tests_items() -> None:
    ws = open_workshop("same")
    reg = trainees.register("Học viên F5 luyện tập", "UBND xã", "B")
    run = WorkshopRun(ws, reg.identity, CAT)
    while run.phase() == "pre":
        practice = run.practice()
        item = practice.current()
        practice.submit(item.id, accepted_answers(item)[0])
    practice_app = in_exercises(reg.token)
    secret = secrets_of_tests(frozenset(ws.post_items))

    def no_leak(item: Item) -> None:
        assert leaks(practice_app, secret) == [], f"around {item.id}"

    walk_exercises(practice_app, no_leak)
    assert not set(ws.post_items) & {i.id for i in practice_app.view.practice.items}
