"""Who is at the page, as a trainee lives it: the workshop's track is the form's default; joining
again with the same name and unit asks whether it is them; a unit typed without diacritics is
offered its known spelling; the "my details" card issues a fresh PIN, only to the browser whose
token still opens the record; the Assess start screen is a review's, not a test's."""

from __future__ import annotations

from datetime import date

import pytest

from kit import api, trainees
from kit.apps.assess.app import build_app as assess_app
from kit.apps.ui.identity import suggest_spelling
from kit.apps.workshop import build_app as workshop_app
from kit.core.i18n import t
from kit.workshops import sessions
from kit.workshops.run import WorkshopRun, known_units, members_named
from tests.test_exercises_app import widget_texts

CAT = api.load_content()


def open_workshop(track: str) -> sessions.WorkshopInfo:
    lesson = next(x.id for x in CAT.ordered_lessons() if track in x.meta.tracks)
    spec = sessions.WorkshopSpec(
        title="Lớp Quảng Thái", day=date(2026, 3, 2), track=track, lessons=[lesson]
    )
    return sessions.create(spec)


@pytest.mark.parametrize(
    ("typed", "known", "offered"),
    [
        ("UBND xa Quang Thai", ["UBND xã Quảng Thái"], "UBND xã Quảng Thái"),
        ("ubnd  XA quang thai", ["Ủy ban nhân dân xã Quảng Thái"], "Ủy ban nhân dân xã Quảng Thái"),
        ("UBND xã Quảng Thái", ["UBND xã Quảng Thái"], None),  # written as known already
        ("UBND XÃ QUẢNG THÁI", ["UBND xã Quảng Thái"], None),  # only case differs
        ("UBND xã Quảng Thaí", ["UBND xã Quảng Thái"], None),  # only tone placement differs
        ("UBND xa Quang Thai", ["UBND xã Quảng Thọ"], None),  # another commune
        ("", ["UBND xã Quảng Thái"], None),
        ("Phong Tu phap", ["Sở Tư pháp", "Phòng Tư pháp"], "Phòng Tư pháp"),
    ],
)
def test_a_unit_typed_otherwise_is_offered_its_known_spelling(
    typed: str, known: list[str], offered: str | None
) -> None:
    assert suggest_spelling(typed, known) == offered


def test_the_join_form_starts_on_the_workshops_track() -> None:
    ws = open_workshop("B")
    app = workshop_app(lang="vi")
    app.view.set_code(ws.code)
    form = app.view.gate._forms["vi"]
    assert form.track.value == "B"
    assert "Nhóm B" in form.heading.value


def joined_page(ws: sessions.WorkshopInfo):  # type: ignore[no-untyped-def]
    app = workshop_app(lang="vi")
    app.view.set_code(ws.code)
    return app, app.view.gate._forms["vi"]


def test_joining_again_with_the_same_name_and_unit_asks_instead_of_making_a_second_entry() -> None:
    ws = open_workshop("B")
    first = trainees.register("Phạm Thị Lan", "UBND xã Quảng Thái", "B")
    WorkshopRun(ws, first.identity, CAT)
    app, form = joined_page(ws)
    form.name.value, form.unit.value = "PHẠM THỊ  LAN", "ubnd xã quảng thái"
    app.view.gate.join_from(form)
    assert app.view.gate.identity is None  # nobody made
    assert len(members_named(ws, "Phạm Thị Lan", "UBND xã Quảng Thái")) == 1
    asked = widget_texts(form.ask)
    assert "Có phải bạn không?" in asked and "mã PIN" in asked
    assert (form.r_name.value, form.r_unit.value) == ("Phạm Thị Lan", "UBND xã Quảng Thái")
    not_me = form.ask.children[0].children[1]
    not_me.click()  # a namesake: joins as a second person, knowingly
    assert app.view.gate.identity is not None
    assert len(members_named(ws, "Phạm Thị Lan", "UBND xã Quảng Thái")) == 2


def test_a_namesake_in_another_workshop_is_not_asked_about() -> None:
    other, ws = open_workshop("B"), open_workshop("B")
    WorkshopRun(other, trainees.register("Đỗ Văn Hùng", "Phòng Tư pháp", "B").identity, CAT)
    app, form = joined_page(ws)
    form.name.value, form.unit.value = "Đỗ Văn Hùng", "Phòng Tư pháp"
    app.view.gate.join_from(form)
    assert app.view.gate.identity is not None and form.ask.children == ()


def test_a_unit_without_diacritics_is_confirmed_before_joining_and_before_a_pin_is_counted() -> (
    None
):
    ws = open_workshop("B")
    earlier = trainees.register("Vũ Thị Mai", "UBND xã Quảng Thái", "B")
    WorkshopRun(ws, earlier.identity, CAT)
    assert "UBND xã Quảng Thái" in known_units(ws)
    app, form = joined_page(ws)
    form.name.value, form.unit.value = "Lý Văn Tâm", "UBND xa Quang Thai"
    app.view.gate.join_from(form)
    assert app.view.gate.identity is None
    assert "UBND xã Quảng Thái" in widget_texts(form.ask)
    use = form.ask.children[0].children[1].children[0]
    use.click()
    who = app.view.gate.identity
    assert who is not None and who.unit == "UBND xã Quảng Thái"
    # resuming with the unit typed without diacritics: the spelling is put in, no PIN counted
    page2, form2 = joined_page(ws)
    form2.r_name.value, form2.r_unit.value, form2.pin.value = (
        "Vũ Thị Mai",
        "UBND xa Quang Thai",
        earlier.pin,
    )
    page2.view.gate.resume_from(form2)
    assert "Có phải là «UBND xã Quảng Thái»?" in form2.resume_problem.value
    assert form2.r_unit.value == "UBND xã Quảng Thái"
    page2.view.gate.resume_from(form2)
    assert (
        page2.view.gate.identity is not None and page2.view.gate.identity.id == earlier.identity.id
    )


def test_the_my_details_card_issues_a_fresh_pin_that_resumes_and_the_old_one_stops() -> None:
    ws = open_workshop("A")
    app, form = joined_page(ws)
    form.name.value, form.unit.value = "Hà Thị Nga", "Báo Thanh Hóa"
    app.view.gate.join_from(form)
    gate = app.view.gate
    old = gate.pin
    card = gate.me_card("vi", ["Lớp: x"])
    assert old in widget_texts(card) and "Hà Thị Nga" in widget_texts(card)
    card.children[0].children[1].click()  # "Cấp mã PIN mới"
    assert gate.pin != old and gate.pin in widget_texts(card)
    reopened = trainees.resume("Hà Thị Nga", "Báo Thanh Hóa", gate.pin)
    assert reopened.identity.id == gate.identity.id
    with pytest.raises(trainees.InputError):
        trainees.resume("Hà Thị Nga", "Báo Thanh Hóa", old)


def test_a_page_whose_token_was_replaced_elsewhere_cannot_issue_a_pin() -> None:
    ws = open_workshop("A")
    app, form = joined_page(ws)
    form.name.value, form.unit.value = "Lò Văn Sáng", "UBND xã Mường Lạn"
    app.view.gate.join_from(form)
    gate = app.view.gate
    trainees.resume("Lò Văn Sáng", "UBND xã Mường Lạn", gate.pin)  # another phone takes over
    before = gate.pin
    gate.me_card("vi").children[0].children[1].click()
    assert gate.pin == before and "máy khác" in app.error_html


def test_the_assess_start_screen_is_a_review_not_a_test() -> None:
    for lang in ("vi", "en"):
        texts = widget_texts(assess_app(lang=lang).widget)
        assert t("exercises.start", lang) not in texts
        assert t("lessons.filter_A", lang) not in texts and t("lessons.filter_B", lang) not in texts
        assert t("trainee.assess_start", lang) in texts
