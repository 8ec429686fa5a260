"""Does the automatic part of a writing item measure what it claims?

Every writing item has a data file in ``tests/fixtures/writing/`` with answers a trainee might
give: gamed ones of each kind (contradicting the brief, one-sided or propaganda, a keyword list,
repetition, the prompt copied) must score at most 40 % of the automatic points, and honest ones,
worded differently from the model answer, at least 70 %. The table-driven tests below pin down
each behaviour the grader relies on: figures read in any spelling, negation and hedges, figures
worked out from the brief, synonyms, the gate on style points, the provisional label.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path
from typing import Any

import pytest
import yaml
from pydantic import ValidationError

from kit import api
from kit.content import schemas as s
from kit.grading.engine import Graded, grade
from kit.grading.writing.doc import read
from kit.grading.writing.ideas import find_ideas
from kit.grading.writing.integrity import (
    copied_share,
    figure_problems,
    one_sided_problems,
    stance_problems,
)
from kit.grading.writing.phrases import writing_phrases
from kit.grading.writing.score import grade_writing

FIXTURES = Path(__file__).parent / "fixtures" / "writing"
CAT = api.load_content()
WRITING = sorted((i for i in CAT.items.values() if isinstance(i, s.Writing)), key=lambda i: i.id)
#: each kind of gamed answer, and the problem the grader must report for it
GAMED = {
    "contradiction": "contradiction",
    "one_sided": "one_sided",
    "keyword_list": "degenerate",
    "repetition": "degenerate",
    "copied_prompt": "degenerate",
}
GAMED_MAX = 0.40
HONEST_MIN = 0.70


def _fixture(item_id: str) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((FIXTURES / f"{item_id}.yaml").read_text("utf-8"))
    return data


def _answers(kinds: set[str]) -> list[tuple[str, dict[str, str]]]:
    return [
        (path.stem, answer)
        for path in sorted(FIXTURES.glob("*.yaml"))
        for answer in _fixture(path.stem)["answers"]
        if answer["kind"] in kinds
    ]


def _id(case: tuple[str, dict[str, str]]) -> str:
    return f"{case[0]}:{case[1]['id']}"


def auto_share(graded: Graded) -> float:
    """The share of the automatic points (the trainer's points left out)."""
    return graded.score / (graded.max - graded.pending_trainer)


def _item(item_id: str) -> s.Writing:
    item = CAT.items[item_id]
    assert isinstance(item, s.Writing)
    return item


# ------------------------------------------------------------------ the answers of every item


@pytest.mark.parametrize("item", WRITING, ids=lambda i: i.id)
def test_every_writing_item_has_gamed_answers_of_each_kind_and_two_honest_ones(
    item: s.Writing,
) -> None:
    data = _fixture(item.id)
    assert data["item"] == item.id
    kinds = [a["kind"] for a in data["answers"]]
    assert set(GAMED) <= set(kinds)
    assert kinds.count("honest") >= 2
    assert len({a["id"] for a in data["answers"]}) == len(kinds)


@pytest.mark.parametrize("case", _answers(set(GAMED)), ids=_id)
def test_a_gamed_answer_scores_at_most_40_percent_and_the_feedback_says_why(
    case: tuple[str, dict[str, str]],
) -> None:
    item_id, answer = case
    item = _item(item_id)
    graded = grade(item, answer["text"])
    assert auto_share(graded) <= GAMED_MAX, graded.feedback
    found = {p.kind for p in grade_writing(item, answer["text"]).problems}
    assert GAMED[answer["kind"]] in found, (answer["why"], found)
    said = " ".join(graded.feedback)
    assert "Có đủ các ý cần nêu" not in said and "Đã nói rõ gửi góp ý" not in said


@pytest.mark.parametrize("case", _answers({"honest"}), ids=_id)
def test_an_honest_answer_in_other_words_scores_at_least_70_percent(
    case: tuple[str, dict[str, str]],
) -> None:
    item_id, answer = case
    item = _item(item_id)
    graded = grade(item, answer["text"])
    assert auto_share(graded) >= HONEST_MIN, graded.feedback
    assert grade_writing(item, answer["text"]).problems == []
    own = read(answer["text"])
    assert copied_share(own, read(item.model_answer, own.bare), 6) < 0.5, "too close to the model"


@pytest.mark.parametrize("case", _answers({"honest"}), ids=_id)
def test_an_honest_answer_scores_the_same_in_nfd_and_without_diacritics(
    case: tuple[str, dict[str, str]],
) -> None:
    item_id, answer = case
    item, text = _item(item_id), answer["text"]
    stripped = "".join(
        ch
        for ch in unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
        if not unicodedata.combining(ch)
    )
    scores = {grade(item, v).score for v in (text, unicodedata.normalize("NFD", text), stripped)}
    assert len(scores) == 1, scores


def test_one_honest_answer_is_typed_without_diacritics() -> None:
    honest = [a["text"] for _item_id, a in _answers({"honest"})]
    assert any(read(text).bare for text in honest)


@pytest.mark.parametrize("item", WRITING, ids=lambda i: i.id)
def test_the_automatic_score_is_labelled_provisional_while_a_trainer_still_judges(
    item: s.Writing,
) -> None:
    first = grade(item, item.model_answer).feedback[0]
    assert item.trainer_points
    assert first.startswith("Điểm tự động, tạm tính:") and "Provisional automatic score" in first
    assert "công bằng" in first and "fairness" in first


@pytest.mark.parametrize("item", WRITING, ids=lambda i: i.id)
def test_an_item_whose_brief_is_a_draft_or_proposal_says_so_in_its_rubric(
    item: s.Writing,
) -> None:
    folded = read(item.prompt).keys
    mentions = any(
        folded[i : i + len(k)] == k
        for k in (read("dự thảo").keys, read("đề nghị xây dựng").keys)
        for i in range(len(folded))
    )
    declared = any(c.draft for c in item.rubric if c.kind == "covers_items")
    assert declared == mentions


# -------------------------------------------------------------------------------- behaviours


@pytest.mark.parametrize(
    ("written", "key"),
    [
        ("ngày 31/12/2026", "#d:2026-12-31"),
        ("31-12-2026", "#d:2026-12-31"),
        ("31 tháng 12 năm 2026", "#d:2026-12-31"),
        ("tháng 7/2025", "#m:2025-07"),
        ("tháng 7 năm 2025", "#m:2025-07"),
        ("30 triệu đồng", "#v:30000000"),
        ("30.000.000 đồng", "#v:30000000"),
        ("ba mươi triệu đồng", "#v:30000000"),
        ("ba muoi trieu dong", "#v:30000000"),
        ("5,2 triệu", "#v:5200000"),
        ("50%", "#p:50"),
        ("50 phần trăm", "#p:50"),
        ("năm mươi phần trăm", "#p:50"),
        ("một nửa", "#p:50"),
    ],
)
def test_a_figure_reads_the_same_however_it_is_written(written: str, key: str) -> None:
    bare = written.isascii()  # typed without diacritics: read without them
    assert key in read(f"Muc la {written}." if bare else f"Mức là {written}.", bare).keys


def test_a_telephone_number_is_not_read_as_an_amount() -> None:
    assert read("Gọi số 02053812345 để hỏi.").figures == ()


@pytest.mark.parametrize(
    ("text", "contradicts"),
    [
        ("Văn bản không còn là dự thảo nữa.", True),
        ("Nghị quyết đã được Hội đồng nhân dân (HĐND) tỉnh thông qua.", True),
        ("Mức phí mới đã chính thức áp dụng từ đầu năm.", True),
        ("Quy định đã có hiệu lực.", True),
        ("Đề nghị bà con nghiêm túc chấp hành.", True),
        ("Bà con không cần góp ý nữa.", True),
        ("Bà con khỏi phải góp ý làm gì.", True),
        ("Việc lấy ý kiến chỉ mang tính hình thức.", True),
        ("Đây mới là dự thảo, chưa phải quy định chính thức.", False),
        ("Dự thảo chưa được thông qua và chưa có hiệu lực.", False),
        ("Nếu được thông qua, quy định sẽ chính thức áp dụng từ năm 2025.", False),
        ("Bà con gửi ý kiến thông qua Cổng thông tin điện tử của tỉnh.", False),
        ("Sở không tiếp thu ý kiến của nhóm 2 và xin giải trình.", False),
    ],
)
def test_a_text_that_presents_a_draft_as_decided_or_waves_comments_away_contradicts_it(
    text: str, contradicts: bool
) -> None:
    assert bool(stance_problems(read(text), draft=True)) == contradicts


def test_a_draft_stance_is_only_held_against_an_item_whose_brief_is_a_draft() -> None:
    assert stance_problems(read("Xã đã ban hành kế hoạch năm 2024."), draft=False) == []


@pytest.mark.parametrize(
    ("item_id", "text", "contradicts"),
    [
        ("l08-ex-10", "Xã còn dư 800.000 đồng.", False),  # a difference of the brief's figures
        ("l08-ex-10", "Xã đã chi khoảng 87% dự toán.", False),  # a share of them
        ("l08-ex-10", "Có 03 tuyên truyền viên pháp luật.", False),
        ("l08-ex-10", "Xã đã chi 4.000.000 đồng.", True),
        ("l08-ex-10", "Xã tổ chức 05 hội nghị lấy ý kiến.", True),
        ("l05-ex-08", "Phí tăng 40%, tức thêm 200.000 đồng mỗi lượt.", False),
        ("l05-ex-08", "Phí tăng lên 900.000 đồng mỗi lượt.", True),
        ("l05-ex-08", "Góp ý trước ngày 20/12.", False),
        ("l05-ex-08", "Góp ý trước ngày 25/12/2024.", True),
        ("l05-ex-07", "Hạn di dời là cuối năm 2025.", True),
        ("l06-ex-10", "Sở nhận được gần 60 ý kiến.", False),  # about 37 + 21
        ("l06-ex-10", "Sở nhận được 100 ý kiến.", True),
    ],
)
def test_a_date_or_amount_the_brief_does_not_give_contradicts_it(
    item_id: str, text: str, contradicts: bool
) -> None:
    doc = read(text)
    assert bool(figure_problems(doc, read(_item(item_id).prompt, doc.bare))) == contradicts


@pytest.mark.parametrize(
    ("item_id", "text", "idea", "present", "denied"),
    [
        ("l05-ex-07", "Mức hỗ trợ không phải 50% như dự thảo.", "50%", False, True),
        ("l05-ex-07", "Đây mới là dự thảo.", "dự thảo", True, False),
        ("l08-ex-10", "Ba tuyên truyền viên chưa được đào tạo.", "tập huấn", True, False),
        ("l08-ex-10", "Công chức đảm nhận thêm việc này.", "kiêm nhiệm", True, False),
        ("l06-ex-10", "Sở chưa thể đáp ứng đề nghị này.", "không tiếp thu", True, False),
        ("l06-ex-10", "Sở chưa thể đáp ứng đề nghị này.", "tiếp thu", False, False),
        ("l06-ex-10", "Sở đồng ý với đề nghị này.", "tiếp thu", True, False),
        ("l05-ex-08", "Doanh nghiệp băn khoăn, muốn tăng từng bước.", "lộ trình", True, False),
    ],
)
def test_an_idea_counts_in_other_words_and_not_when_the_text_denies_it(
    item_id: str, text: str, idea: str, present: bool, denied: bool
) -> None:
    item = _item(item_id)
    check = next(c for c in item.rubric if c.kind == "covers_items")
    doc = read(text)
    found = {i.name: i for i in find_ideas(check, doc, read(item.prompt, doc.bare))}
    assert (found[idea].present, bool(found[idea].denied)) == (present, denied)


@pytest.mark.parametrize(
    ("text", "flagged"),
    [
        ("Đây là chủ trương đúng đắn của tỉnh.", True),
        ("Chính sách được đông đảo Nhân dân đồng tình.", True),
        ("Ý kiến phản đối là thiếu hiểu biết.", True),
        ("Tất cả 37 ý kiến đều ủng hộ việc lùi thời hạn.", False),  # a figure backs the claim
        ("Hội Nông dân tỉnh đề nghị kéo dài vì nhiều hộ chưa có đất.", False),
    ],
)
def test_one_sided_or_propaganda_phrasing_is_flagged(text: str, flagged: bool) -> None:
    assert bool(one_sided_problems(read(text))) == flagged


def test_short_sentences_earn_nothing_in_a_text_whose_content_fails() -> None:
    item = _item("l05-ex-07")
    text = " ".join(["Kính thưa bà con, hôm nay xã có loa phát thanh buổi sáng."] * 1) + (
        " Bà con nhớ giữ gìn vệ sinh chuồng trại. Trời sắp chuyển mùa, bà con giữ ấm cho vật"
        " nuôi. Xã cảm ơn bà con đã lắng nghe. Chúc bà con một ngày làm việc vui vẻ. Mọi việc"
        " cần hỏi, bà con liên hệ cán bộ thôn. Buổi phát thanh xin kết thúc tại đây. Hẹn gặp"
        " lại bà con vào buổi chiều. Bà con nhớ theo dõi các bản tin tiếp theo trên loa xã."
    )
    scored = grade_writing(item, text)
    style = [r for r in scored.checks if r.kind not in ("covers_items", "says_where_and_when")]
    assert style and all(r.points == 0 for r in style)
    assert all("nội dung đạt" in r.note_vi for r in style)


def test_a_denied_idea_is_never_reported_as_present() -> None:
    item = _item("l05-ex-07")
    text = item.model_answer.replace("Đây mới là dự thảo", "Đây không còn là dự thảo")
    said = " ".join(grade(item, text).feedback)
    assert "Có đủ các ý cần nêu" not in said and "dự thảo" in said


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"kind": "word_count", "minimum": 1, "synonyms": [["a", "b"]]}, "synonyms"),
        ({"kind": "says_where_and_when", "draft": True}, "draft"),
        ({"kind": "covers_items", "items": [["x"]], "when": "15/11/2024"}, "when"),
        ({"kind": "says_where_and_when", "when": "31/02/2024"}, "dd/mm/yyyy"),
        ({"kind": "covers_items", "items": [["x"]], "synonyms": [["một mình"]]}, "at least 2"),
    ],
)
def test_the_rubric_schema_refuses_misplaced_or_malformed_writing_fields(
    change: dict[str, object], message: str
) -> None:
    with pytest.raises(ValidationError) as exc:
        s.RubricCheck.model_validate({"points": 1, "label": "nhãn", **change})
    assert message in str(exc.value)


def test_the_phrase_lists_load_and_every_gap_stands_between_words() -> None:
    rules = writing_phrases()
    assert rules.draft_adopted.phrases and rules.negation.negators
    with pytest.raises(ValidationError):
        type(rules.propaganda).model_validate({"phrases": ["… đúng đắn"]})
