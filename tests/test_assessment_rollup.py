"""Does the roll-up give the figures a person would compute by hand: statistics without the
dimensions that do not apply, the units below the threshold and what drags them down, the
difficulties grouped by meaning, and peers to learn from rather than a ranking?"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path

import pytest

from kit.assessment.questionnaire.answers import check_answers
from kit.assessment.questionnaire.saved import read_saved
from kit.assessment.questionnaire.scoring import UnitScore, default_scorer
from kit.assessment.rollup.aggregate import DRAGGING, Summary, roll_up, summarise
from kit.assessment.rollup.model import ScoredUnit
from kit.assessment.rollup.themes import Grouper, load_themes, split_items
from kit.assessment.rollup.vocabulary import OTHER, parse_themes
from kit.core.errors import ContentError

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "assessment"
SCORER = default_scorer()
KEYS = SCORER.keys  # directing, communication, posting, coordination, staff, funding, learning
NA = None


def unit(
    name: str, scores: Sequence[int | None], province: str = "Tỉnh A", **answers: object
) -> ScoredUnit:
    """A unit with the given dimension scores (in rubric order); total and level as the rubric
    computes them, bands from the scores."""
    by_key = dict(zip(KEYS, scores, strict=True))
    total = SCORER.total_of(by_key)
    bands = SCORER.rubric.bands
    levels = tuple(-1 if s is None else bands.index(SCORER.rubric.band_of(s)) for s in scores)
    values: dict[str, object] = {
        "unit_name": name,
        "unit_level": "xa_phuong_dac_khu",
        "province": province,
        **answers,
    }
    score = UnitScore(values, levels, tuple(scores), total, SCORER.level_id(total), SCORER)
    return ScoredUnit(values, score, f"{name}.json")


#: five units whose figures are worked out by hand below (weights: communication and
#: coordination 2, the others 1; posting does not apply to An and Em)
FIVE = [
    unit(
        "Xã An",
        [20, 20, NA, 20, 20, 20, 20],
        difficulties="Kinh phí hạn hẹp; cán bộ kiêm nhiệm",
        recommendations="Không có",
    ),
    unit(
        "Xã Bình",
        [40] * 7,
        difficulties="- Cán bộ hoà giải chưa được tập huấn\n- Thiếu kinh phí",
        recommendations="Đề nghị tổ chức tập huấn cho công chức cấp xã.",
    ),
    unit("Xã Cường", [70] * 7, difficulties="Không."),
    unit(
        "Sở Dũng",
        [100] * 7,
        province="Tỉnh B",
        difficulties="Không có",
        plan_issued=True,
        plan_number="12/KH-STP",
        peer_exchanges=2,
    ),
    unit(
        "Xã Em",
        [60, 10, NA, 30, 60, 60, 60],
        difficulties="1. Cán bộ hòa giải chưa được tập huấn. 2. Địa bàn rộng, dân cư phân tán",
    ),
]


def stats(summary: Summary) -> tuple[object, ...]:
    return (
        summary.n,
        summary.mean,
        summary.median,
        summary.min,
        summary.q1,
        summary.q3,
        summary.max,
    )


def test_totals_are_the_weighted_means_worked_out_by_hand() -> None:
    # Em: (60 + 2·10 + 2·30 + 60 + 60 + 60) / 8 = 320 / 8 = 40 (posting left out, not 0)
    assert [u.score.total for u in FIVE] == [20.0, 40.0, 70.0, 100.0, 40.0]


def test_the_total_summary_gives_mean_median_and_inclusive_quartiles() -> None:
    r = roll_up(FIVE)
    # sorted totals 20, 40, 40, 70, 100: quartiles at positions 1 and 3 of 0..4
    assert stats(r.total) == (5, 54.0, 40.0, 20.0, 40.0, 70.0, 100.0)


def test_a_dimension_that_does_not_apply_is_left_out_not_counted_as_zero() -> None:
    r = roll_up(FIVE)
    posting = r.dimension("posting")
    assert posting.not_applicable == 2
    # 40, 70, 100: the quartiles fall between ranks, 40 + 0.5·30 and 70 + 0.5·30
    assert stats(posting.stats) == (3, 70.0, 70.0, 40.0, 55.0, 85.0, 100.0)
    assert r.rows[0].scores[KEYS.index("posting")] is None
    assert r.rows[4].scores[KEYS.index("posting")] is None


def test_every_dimension_is_summarised_by_hand_figures() -> None:
    r = roll_up(FIVE)
    # directing 20, 40, 70, 100, 60 -> sorted 20, 40, 60, 70, 100
    assert stats(r.dimension("directing").stats) == (5, 58.0, 60.0, 20.0, 40.0, 70.0, 100.0)
    # communication 20, 40, 70, 100, 10 -> sorted 10, 20, 40, 70, 100; three below 50
    comm = r.dimension("communication")
    assert stats(comm.stats) == (5, 48.0, 40.0, 10.0, 20.0, 70.0, 100.0)
    assert comm.below == 3
    # bands of directing: 20 planned, 40 done, 60 and 70 checked, 100 full cycle
    assert r.dimension("directing").bands == (0, 1, 1, 2, 0, 1)


def test_levels_and_ten_point_bins_count_the_totals() -> None:
    r = roll_up(FIVE)
    assert {lv.id: lv.count for lv in r.levels} == {
        "chua_trien_khai": 0,
        "buoc_dau": 1,
        "dang_trien_khai": 2,
        "co_danh_gia": 1,
        "co_cai_tien": 0,
        "thuc_hanh_tot": 1,
    }
    assert [b.count for b in r.histogram] == [0, 0, 1, 0, 2, 0, 0, 1, 0, 1]  # 100 in the last bin
    assert r.histogram[-1].label() == "90–100" and r.histogram[0].label() == "0–9,9"
    assert r.histogram[0].label("en") == "0–9.9"


def test_units_below_the_threshold_name_the_dimensions_dragging_them_down() -> None:
    r = roll_up(FIVE)
    assert r.below_total == 3
    assert [b.name for b in r.below] == ["Xã An", "Xã Bình", "Xã Em"]
    em = r.below[2]
    # communication: 2 × (50 − 10) = 80; coordination: 2 × (50 − 30) = 40; the rest are above 50
    assert em.weak == ("communication", "coordination") and em.dragging == em.weak
    an = r.below[0]
    # every applicable dimension of An is below 50; the heavier weights come first
    assert an.weak == ("communication", "coordination", "directing", "staff", "funding", "learning")
    assert len(an.dragging) == DRAGGING
    assert r.rows[an.row].name == "Xã An"


def test_the_threshold_moves_who_is_below() -> None:
    r = roll_up(FIVE, threshold=30)
    assert [b.name for b in r.below] == ["Xã An"]
    assert r.dimension("communication").below == 2  # 20 and 10
    with pytest.raises(ValueError):
        roll_up(FIVE, threshold=120)


def test_difficulties_are_grouped_by_meaning_and_no_counts_as_nothing_stated() -> None:
    t = roll_up(FIVE).text("difficulties")
    assert (t.stated, t.empty, t.blank) == (3, 2, 0)  # "Không." and "Không có" state nothing
    units = {theme.id: theme.units for theme in t.named}
    assert units == {"kinh_phi": 2, "tap_huan": 2, "can_bo_kiem_nhiem": 1}
    training = next(theme for theme in t.named if theme.id == "tap_huan")
    # "hoà" and "hòa": one phrasing written by two units, quoted as the first unit wrote it
    (quote,) = training.examples
    assert (quote.text, quote.unit, quote.units) == (
        "Cán bộ hoà giải chưa được tập huấn",
        "Xã Bình",
        2,
    )
    assert [(o.text, o.units, o.unit) for o in t.other] == [
        ("Địa bàn rộng, dân cư phân tán", 1, "Xã Em")
    ]
    assert t.other_units == 1


def test_a_field_nobody_filled_counts_blanks() -> None:
    r = roll_up(FIVE)
    causes = r.text("causes")
    assert (causes.stated, causes.empty, causes.blank, causes.named) == (0, 0, 5, ())
    recs = r.text("recommendations")
    assert (recs.stated, recs.empty, recs.blank) == (1, 1, 3)
    assert [theme.id for theme in recs.named] == ["tap_huan"]


def test_peer_learning_shows_the_units_at_the_top_band_with_their_evidence() -> None:
    r = roll_up(FIVE)
    assert [g.key for g in r.peers] == list(KEYS)
    directing = r.peers[0]
    assert directing.top and directing.band == "full_cycle" and directing.count == 1
    (peer,) = directing.peers
    assert (peer.name, peer.province) == ("Sở Dũng", "Tỉnh B")
    assert "Số, ký hiệu kế hoạch: «12/KH-STP»" in peer.evidence
    assert "Số lượt trao đổi, học tập kinh nghiệm: 2 lượt" in peer.evidence
    assert not any("Đã ban hành kế hoạch" in e for e in peer.evidence)  # a yes/no is no evidence
    assert "Plan number and symbol: “12/KH-STP”" in peer.evidence_en


def test_peers_come_from_the_best_band_reached_from_checked_up_in_alphabetical_order() -> None:
    units = [
        unit("Xã Giang", [60, 40, 40, 40, 40, 40, 40]),
        unit("Xã Bắc", [65, 40, 40, 40, 40, 40, 40]),
        unit("Xã Hà", [40, 40, 40, 40, 40, 40, 40]),
    ]
    r = roll_up(units)
    (group,) = r.peers  # only directing reached a band from "checked" up
    assert (group.key, group.band, group.top, group.count) == ("directing", "checked", False, 2)
    assert [p.name for p in group.peers] == ["Xã Bắc", "Xã Giang"]


def test_the_caution_about_comparing_self_assessed_scores_is_part_of_the_result() -> None:
    r = roll_up(FIVE)
    assert "tự đánh giá" in r.caution and "CAF" in r.caution and "xếp hạng" in r.caution
    assert "self-assessed" in r.caution_en and "league table" in r.caution_en
    assert r.method and all(vi and en for vi, en in r.method)


def test_an_empty_roll_up_has_no_figures_and_no_nan() -> None:
    r = roll_up([])
    assert r.n == 0 and r.total == Summary(0) and r.below == () and r.peers == ()
    assert all(d.stats == Summary(0) for d in r.dimensions)
    assert all(b.count == 0 for b in r.histogram)


def test_summarise_is_none_when_undefined_and_exact_for_one_value() -> None:
    assert summarise([]) == Summary(0)
    assert stats(summarise([7])) == (1, 7.0, 7.0, 7.0, 7.0, 7.0, 7.0)


def test_the_fixture_units_roll_up_with_the_strong_unit_as_the_peer_to_learn_from() -> None:
    units = []
    for name in ("strong-unit", "weak-unit-no-evidence"):
        data = json.loads((FIXTURES / f"{name}.json").read_text("utf-8"))
        units.append(ScoredUnit.of(check_answers(read_saved(data).raw).answers, name))
    r = roll_up(units)
    assert [row.name for row in r.rows] == [
        "Sở Tư pháp (đơn vị mẫu)",
        "Ủy ban nhân dân xã (đơn vị mẫu)",
    ]
    assert [b.name for b in r.below] == ["Ủy ban nhân dân xã (đơn vị mẫu)"]
    assert {g.key: g.top for g in r.peers}["funding"] is False  # no sponsorship: "adjusted"
    assert all(g.peers[0].name == "Sở Tư pháp (đơn vị mẫu)" for g in r.peers)
    assert r.text("difficulties").empty == 1  # "Không có khó khăn đáng kể."
    assert r.period[0] is not None and r.period[0].year == 2024


# ---------------------------------------------------------------------------------- themes


@pytest.mark.parametrize(
    ("text", "items"),
    [
        ("Kinh phí hạn hẹp; cán bộ kiêm nhiệm.", ["Kinh phí hạn hẹp", "cán bộ kiêm nhiệm"]),
        ("- Thiếu kinh phí\n- Thiếu người", ["Thiếu kinh phí", "Thiếu người"]),
        ("1. Kinh phí ít. 2. Tập huấn ít", ["Kinh phí ít", "Tập huấn ít"]),
        ("a) Tập huấn. b) Kinh phí", ["Tập huấn", "Kinh phí"]),
        ("Khó khăn:\n- Kinh phí ít", ["Kinh phí ít"]),  # a heading is no item
        ("Đường truyền ở TP. Huế chập chờn.", ["Đường truyền ở TP. Huế chập chờn"]),
        # a dash inside a line joins words: it is no bullet
        ("- Công chức Tư pháp - Hộ tịch kiêm nhiệm", ["Công chức Tư pháp - Hộ tịch kiêm nhiệm"]),
        ("Xây dựng tài liệu hỏi - đáp", ["Xây dựng tài liệu hỏi - đáp"]),
    ],
)
def test_an_answer_is_split_into_items_as_a_reader_would(text: str, items: list[str]) -> None:
    assert split_items(text) == items


def themes_of(grouper: Grouper, text: str) -> Mapping[str, tuple[str, ...]]:
    return {item.text: item.themes for item in grouper.parse(text).items}


def test_items_match_themes_whatever_the_tone_placement_case_or_missing_diacritics() -> None:
    g = Grouper(load_themes())
    assert themes_of(g, "KINH PHÍ HẠN HẸP") == {"KINH PHÍ HẠN HẸP": ("kinh_phi",)}
    assert themes_of(g, "kinh phi han hep") == {"kinh phi han hep": ("kinh_phi",)}
    assert g.parse("Đa dạng hoá hình thức").themes == g.parse("Đa dạng hóa hình thức").themes
    # a keyword "A + B" needs both parts
    assert "kinh_phi" not in g.parse("Chế độ bồi dưỡng còn thấp").themes
    assert "kinh_phi" in g.parse("Bồi dưỡng báo cáo viên chưa có mức chi").themes
    assert g.parse("Địa bàn rộng").themes == frozenset({OTHER})


def test_empty_answers_state_nothing() -> None:
    g = Grouper(load_themes())
    for text in ("Không.", "Không có", "không có khó khăn, vướng mắc", "KHONG", "  "):
        assert g.parse(text).empty, text
    assert not g.parse("Không có kinh phí").empty


def test_a_keyword_with_a_word_ignored_in_comparison_is_reported_at_its_line() -> None:
    from kit.assessment.questionnaire.datafile import read_rules_file

    text = read_rules_file("rollup-themes.yaml").replace("      - nhiều việc\n", "      - cấp xã\n")
    with pytest.raises(ContentError) as caught:
        parse_themes(text, "rollup-themes.yaml")
    (problem,) = caught.value.problems
    assert problem.path == "rollup-themes.yaml" and "cấp" in problem.what
    assert text.splitlines()[problem.line - 1].strip() == "- cấp xã"


def test_the_theme_file_must_name_text_fields_of_the_questionnaire() -> None:
    from kit.assessment.questionnaire.datafile import read_rules_file

    text = read_rules_file("rollup-themes.yaml").replace(
        "fields: [difficulties, causes, recommendations]", "fields: [difficulties, drafts_total]"
    )
    with pytest.raises(ContentError, match="drafts_total"):
        parse_themes(text)


def test_an_item_written_twice_in_one_answer_counts_once() -> None:
    g = Grouper(load_themes())
    parsed = g.parse("Kinh phí ít; cán bộ kiêm nhiệm; kinh phí ít.")
    assert [i.text for i in parsed.items] == ["Kinh phí ít", "cán bộ kiêm nhiệm"]
    t = g.summarise(
        "difficulties", {"Kinh phí ít; kinh phí ít": 3}, {"Kinh phí ít; kinh phí ít": "Xã A"}, 0
    )
    (funding,) = t.named
    assert (funding.units, funding.examples[0].units) == (3, 3)


def test_scoring_a_batch_pauses_the_garbage_collector_and_restores_it() -> None:
    import gc

    from kit.assessment.rollup.model import gc_paused, score_units

    strong = json.loads((FIXTURES / "strong-unit.json").read_text("utf-8"))
    answers = check_answers(read_saved(strong).raw).answers
    (scored,) = score_units([(answers, "strong-unit.json")])
    assert scored.source == "strong-unit.json" and scored.score.total == 98.2
    assert gc.isenabled()
    gc.disable()
    try:
        with gc_paused():
            pass
        assert not gc.isenabled()  # a collector the caller had paused stays paused
    finally:
        gc.enable()
