"""Are the workshop item statistics the ones a trainer would compute by hand (DOMAIN §5)?"""

from __future__ import annotations

import json
import math

import pytest

from kit.core.errors import InputError
from kit.workshops.gain import gain_band, hake_gain
from kit.workshops.item_stats import cronbach_alpha, pearson
from kit.workshops.marks import Response
from kit.workshops.stats import Report, item_statistics

# The class test, no phases. Q4 is out of 2, every other item out of 1.
#
#         Q1 Q2 Q3 Q4 Q5 | total
#   An     1  1  1  1  1 |   5
#   Bình   1  1  0  2  1 |   5    (tied with An)
#   Chi    0  0  1  0  1 |   2
#   Dũng   0  1  0  1  1 |   3
#   Em     0  1  0  0  1 |   2    (tied with Chi)
#
# Nobody skipped an item, so the rest score (percentage on the other items) is a fixed multiple
# of total − item, and the correlations below use total − item.
MATRIX = {
    "An": (1, 1, 1, 1, 1),
    "Bình": (1, 1, 0, 2, 1),
    "Chi": (0, 0, 1, 0, 1),
    "Dũng": (0, 1, 0, 1, 1),
    "Em": (0, 1, 0, 0, 1),
}
MAXES = (1, 1, 1, 2, 1)
ITEMS = ("Q1", "Q2", "Q3", "Q4", "Q5")


def responses(
    matrix: dict[str, tuple[float | None, ...]],
    maxes: tuple[float, ...] = MAXES,
    items: tuple[str, ...] = ITEMS,
    phase: str | None = None,
) -> list[Response]:
    """One Response per mark; ``None`` is a missing response."""
    return [
        Response(trainee, item, score, top, phase)
        for trainee, row in matrix.items()
        for item, score, top in zip(items, row, maxes, strict=True)
        if score is not None
    ]


@pytest.fixture(scope="module")
def report() -> Report:
    return item_statistics(responses(MATRIX))


def by_item(report: Report) -> dict[str, dict[str, object]]:
    return {row["item"]: row for row in report.to_json()["items"]}


def test_facility_is_the_mean_mark_over_the_max_mark(report: Report) -> None:
    items = by_item(report)
    assert items["Q1"]["facility"] == 40.0  # 2 of 5 right
    assert items["Q2"]["facility"] == 80.0  # 4 of 5 right
    assert items["Q3"]["facility"] == 40.0
    assert items["Q4"]["facility"] == 40.0  # mean (1+2+0+1+0)/5 = 0.8 of 2
    assert items["Q4"]["mean"] == 0.8
    assert items["Q4"]["max"] == 2
    assert [row["n"] for row in items.values()] == [5, 5, 5, 5, 5]


def test_a_strong_item_correlates_with_the_rest_of_the_test(report: Report) -> None:
    # Q1: x = 1,1,0,0,0 (mean 0.4); rest = 4,4,2,3,2 (mean 3)
    #   dx = .6,.6,-.4,-.4,-.4  dy = 1,1,-1,0,-1
    #   Σdxdy = .6+.6+.4+0+.4 = 2;  Σdx² = 1.2;  Σdy² = 4;  r = 2/√4.8 = 0.9129
    q1 = by_item(report)["Q1"]
    assert q1["discrimination"] == 91.3
    assert q1["flag"] == "ok"
    assert q1["reasons"] == []
    # Q4 (ties in x): x = 1,2,0,1,0 (mean .8); rest = 4,3,2,2,2 (mean 2.6)
    #   dx = .2,1.2,-.8,.2,-.8  dy = 1.4,.4,-.6,-.6,-.6
    #   Σdxdy = .28+.48+.48-.12+.48 = 1.6;  Σdx² = 2.8;  Σdy² = 3.2;  r = 1.6/√8.96 = 0.5345
    assert by_item(report)["Q4"]["discrimination"] == 53.5
    assert by_item(report)["Q4"]["flag"] == "ok"


def test_an_item_below_moodles_threshold_of_30_is_to_review(report: Report) -> None:
    # Q2: x = 1,1,0,1,1 (mean .8); rest = 4,4,2,2,1 (mean 2.6)
    #   dx = .2,.2,-.8,.2,.2  dy = 1.4,1.4,-.6,-.6,-1.6
    #   Σdxdy = .28+.28+.48-.12-.32 = .6;  Σdx² = .8;  Σdy² = 7.2;  r = .6/√5.76 = .25
    q2 = by_item(report)["Q2"]
    assert q2["discrimination"] == 25.0
    assert q2["flag"] == "review"
    assert "30" in q2["reasons"][0]["vi"] and "30" in q2["reasons"][0]["en"]


def test_an_item_that_stronger_trainees_got_wrong_is_likely_bad(report: Report) -> None:
    # Q3: x = 1,0,1,0,0 (mean .4); rest = 4,5,1,3,2 (mean 3)
    #   dx = .6,-.4,.6,-.4,-.4  dy = 1,2,-2,0,-1
    #   Σdxdy = .6-.8-1.2+0+.4 = -1;  Σdx² = 1.2;  Σdy² = 10;  r = -1/√12 = -0.2887
    q3 = by_item(report)["Q3"]
    assert q3["discrimination"] == -28.9
    assert q3["flag"] == "likely_bad"
    assert q3["reasons"][0]["vi"].startswith("Độ phân biệt âm")


def test_an_item_everyone_got_right_has_null_discrimination(report: Report) -> None:
    q5 = by_item(report)["Q5"]
    assert q5["facility"] == 100.0
    assert q5["discrimination"] is None
    assert q5["flag"] == "review"
    assert "100%" in q5["reasons"][0]["en"]


def test_alpha_uses_population_variances_of_items_and_totals(report: Report) -> None:
    # item variances (÷5): Q1 .24, Q2 .16, Q3 .24, Q4 2.8/5 = .56, Q5 0 → Σ = 1.2
    # totals 5,5,2,3,2 (mean 3.4): Σdev² = 2.56+2.56+1.96+.16+1.96 = 9.2 → σ² = 1.84
    # α = 5/4 · (1 − 1.2/1.84) = 0.4348
    assert report.alpha == 0.435
    assert report.alpha_n == 5
    assert report.alpha_band == "unsatisfactory"
    assert report.warnings == ()


def test_without_phases_gain_is_null(report: Report) -> None:
    figures = report.to_json()
    assert figures["gain"] is None
    assert figures["phase"] is None


def test_the_json_has_every_contract_key_and_no_nan(report: Report) -> None:
    figures = report.to_json()
    text = json.dumps(figures, allow_nan=False)
    assert json.loads(text) == figures
    assert {"items", "alpha", "gain"} <= set(figures)
    for row in figures["items"]:
        assert {"item", "n", "facility", "discrimination", "flag"} <= set(row)


# Missing responses: Dũng did not answer Y. Z is out of 2.
#
#         X  Y  Z
#   An    1  1  2
#   Bình  1  0  1
#   Chi   0  1  1
#   Dũng  0  -  1
MISSING = {"An": (1, 1, 2), "Bình": (1, 0, 1), "Chi": (0, 1, 1), "Dũng": (0, None, 1)}


def test_a_missing_response_is_left_out_not_counted_as_zero() -> None:
    report = item_statistics(responses(MISSING, (1, 1, 2), ("X", "Y", "Z")))
    y = by_item(report)["Y"]
    assert y["n"] == 3
    assert y["facility"] == round(100 * 2 / 3, 1)  # 2 of 3 answered right, not 2 of 4
    # Y: x = 1,0,1; rest % = (1+2)/3, (1+1)/3, (0+1)/3 → in thirds 3,2,1 (mean 2)
    #   dx = 1/3,-2/3,1/3  dy = 1,0,-1  →  Σdxdy = 1/3 − 1/3 = 0  →  r = 0
    assert y["discrimination"] == 0.0
    assert y["flag"] == "review"


def test_the_rest_score_is_a_percentage_of_the_items_answered() -> None:
    report = item_statistics(responses(MISSING, (1, 1, 2), ("X", "Y", "Z")))
    # X: x = 1,1,0,0; rest % = 3/3, 1/3, 2/3, 1/2 → in sixths of 100: 6,2,4,3 (mean 3.75)
    #   dx = .5,.5,-.5,-.5  dy = 2.25,-1.75,.25,-.75
    #   Σdxdy = .5·(2.25−1.75) − .5·(.25−.75) = .5;  Σdx² = 1;  Σdy² = 8.75
    #   r = .5/√8.75 = 0.1690. (A rest *sum* 3,1,2,1 would give .5/√2.75 = 0.3015.)
    assert by_item(report)["X"]["discrimination"] == 16.9


def test_alpha_uses_only_the_trainees_who_answered_every_item() -> None:
    report = item_statistics(responses(MISSING, (1, 1, 2), ("X", "Y", "Z")))
    # complete cases An, Bình, Chi: X 1,1,0 → 2/9; Y 1,0,1 → 2/9; Z 2,1,1 → 2/9; Σ = 2/3
    # totals 4,2,2 (mean 8/3) → σ² = (16/9+4/9+4/9)/3 = 8/9
    # α = 3/2 · (1 − (2/3)/(8/9)) = 3/2 · 1/4 = 0.375
    assert report.alpha == 0.375
    assert report.alpha_n == 3
    assert "3/4" in report.warnings[0].vi


def test_a_single_trainee_gives_null_for_everything_that_needs_variance() -> None:
    report = item_statistics(responses({"An": (1, 0, 1, 2, 1)}))
    figures = report.to_json()
    json.dumps(figures, allow_nan=False)
    assert [row["facility"] for row in figures["items"]] == [100.0, 0.0, 100.0, 100.0, 100.0]
    assert all(row["discrimination"] is None for row in figures["items"])
    assert figures["alpha"] is None and figures["alpha_band"] is None
    assert by_item(report)["Q2"]["flag"] == "review"  # facility 0 < 5
    assert "2" in report.warnings[0].en  # α needs at least 2 trainees


def test_alpha_needs_two_items_and_totals_that_differ() -> None:
    one_item = item_statistics(responses({"An": (1,), "Bình": (0,)}, (1,), ("Q",)))
    assert one_item.alpha is None
    assert one_item.to_json()["items"][0]["discrimination"] is None  # no other item
    assert one_item.to_json()["items"][0]["flag"] == "ok"  # facility 50: nothing wrong seen
    assert one_item.to_json()["items"][0]["reasons"]  # … but it says why there is no figure
    same_totals = item_statistics(responses({"An": (1, 0), "Bình": (0, 1)}, (1, 1), ("P", "Q")))
    assert same_totals.alpha is None
    assert "total" in same_totals.warnings[0].en


# Pre/post: P1 and P2 are out of 5 (10 in all). Dũng skipped P2 on the post-test; Em missed the
# pre-test.
#
#          pre P1 P2   %  | post P1 P2   %  | g
#   An          2  2  40  |      4  3  70  | (70−40)/(100−40)  = 0.5    medium
#   Bình        5  5 100  |      5  4  90  | null (pre 100%)
#   Chi         1  1  20  |      5  5 100  | (100−20)/(100−20) = 1.0    high
#   Dũng        3  2  50  |      3  -  60  | (60−50)/(100−50)  = 0.2    low   (3 of 5, not 3 of 10)
#   Em          -  -   -  |      3  3  60  | null (no pre-test)
#
# class (An, Bình, Chi, Dũng): pre = (40+100+20+50)/4 = 52.5, post = (70+90+100+60)/4 = 80
#   g = (80 − 52.5)/(100 − 52.5) = 27.5/47.5 = 0.5789 → medium
PRE = {"An": (2, 2), "Bình": (5, 5), "Chi": (1, 1), "Dũng": (3, 2)}
POST = {"An": (4, 3), "Bình": (5, 4), "Chi": (5, 5), "Dũng": (3, None), "Em": (3, 3)}


def pre_post(pre: dict[str, tuple[float | None, ...]] = PRE) -> Report:
    return item_statistics(
        responses(pre, (5, 5), ("P1", "P2"), "pre") + responses(POST, (5, 5), ("P1", "P2"), "post")
    )


def test_the_class_gain_is_hakes_g_of_the_mean_percentages() -> None:
    gain = pre_post().to_json()["gain"]
    assert gain["pre"] == 52.5
    assert gain["post"] == 80.0
    assert gain["class"] == 0.579
    assert gain["band"] == "medium"
    assert gain["n"] == 4


def test_each_trainee_has_a_gain_and_a_band() -> None:
    trainees = pre_post().to_json()["gain"]["trainees"]
    assert trainees["An"] == {"pre": 40.0, "post": 70.0, "gain": 0.5, "band": "medium"}
    assert trainees["Chi"] == {"pre": 20.0, "post": 100.0, "gain": 1.0, "band": "high"}
    assert trainees["Dũng"] == {"pre": 50.0, "post": 60.0, "gain": 0.2, "band": "low"}


def test_a_trainee_with_100_percent_before_has_no_gain() -> None:
    bình = pre_post().to_json()["gain"]["trainees"]["Bình"]
    assert bình == {"pre": 100.0, "post": 90.0, "gain": None, "band": None}


def test_a_trainee_who_missed_a_test_is_listed_but_left_out_of_the_class_gain() -> None:
    report = pre_post()
    assert report.to_json()["gain"]["trainees"]["Em"] == {
        "pre": None,
        "post": 60.0,
        "gain": None,
        "band": None,
    }
    assert any("Em" in w.vi and "Em" in w.en for w in report.warnings)


def test_with_phases_the_items_describe_the_post_test() -> None:
    report = pre_post()
    items = by_item(report)
    assert report.phase == "post"
    assert items["P1"]["facility"] == 80.0  # (4+5+5+3+3)/5 = 4 of 5; the pre-test gives 55
    assert items["P2"]["n"] == 4  # Dũng's missing answer is left out
    assert items["P2"]["facility"] == 75.0  # (3+4+5+3)/4 = 3.75 of 5
    # α on the 4 complete post cases (An, Bình, Chi, Em):
    #   P1 4,5,5,3 (var .6875), P2 3,4,5,3 (var .6875), totals 7,9,10,6 (mean 8, var 10/4 = 2.5)
    #   α = 2 · (1 − 1.375/2.5) = 0.9
    assert report.alpha == 0.9
    assert report.alpha_band == "satisfactory"
    json.dumps(report.to_json(), allow_nan=False)


def test_a_class_that_scored_100_percent_before_has_no_class_gain() -> None:
    full = {name: (5, 5) for name in PRE}
    report = pre_post(full)
    gain = report.to_json()["gain"]
    assert gain["class"] is None and gain["band"] is None
    assert gain["pre"] == 100.0
    assert any("100%" in w.vi for w in report.warnings)


def test_hake_gain_and_bands_follow_domain_section_5() -> None:
    assert hake_gain(40, 70) == 0.5
    assert hake_gain(100, 100) is None
    assert hake_gain(50, 40) == -0.2
    assert [gain_band(g) for g in (-0.2, 0.29, 0.3, 0.7, 0.71)] == [
        "low",
        "low",
        "medium",
        "medium",
        "high",
    ]
    assert gain_band(None) is None


def test_pearson_and_alpha_return_none_instead_of_nan() -> None:
    assert pearson([1], [2]) is None
    assert pearson([1, 1, 1], [1, 2, 3]) is None
    assert pearson([1, 2, 3], [5, 5, 5]) is None
    assert pearson([0.1, 0.2, 0.3], [1, 2, 3]) == pytest.approx(1.0)
    assert cronbach_alpha([[1, 1]]) is None
    assert cronbach_alpha([[1], [0]]) is None
    assert cronbach_alpha([[1, 0], [0, 1]]) is None


@pytest.mark.parametrize(
    ("kwargs", "words"),
    [
        ({"score": 3, "max": 2}, "between 0 and 2"),
        ({"score": -1, "max": 2}, "between 0 and 2"),
        ({"score": math.nan, "max": 2}, "between 0 and 2"),
        ({"score": 0, "max": 0}, "above 0"),
        ({"score": 1, "max": 1, "phase": "mid"}, "unknown phase"),
        ({"score": 1, "max": 1, "trainee": " "}, "trainee"),
        ({"score": 1, "max": 1, "item": ""}, "item"),
    ],
)
def test_an_impossible_response_is_refused_in_both_languages(
    kwargs: dict[str, object], words: str
) -> None:
    fields: dict[str, object] = {"trainee": "An", "item": "Q1", **kwargs}
    with pytest.raises(InputError) as caught:
        Response(**fields)  # type: ignore[arg-type]
    assert words in caught.value.en
    assert caught.value.vi != caught.value.en


@pytest.mark.parametrize(
    ("rows", "words"),
    [
        ([], "no responses"),
        ([Response("An", "Q1", 1, 1), Response("An", "Q1", 0, 1)], "2 responses"),
        ([Response("An", "Q1", 1, 1, "pre"), Response("An", "Q2", 1, 1)], "phase"),
        ([Response("An", "Q1", 1, 1), Response("Bình", "Q1", 1, 2)], "different max"),
    ],
)
def test_responses_that_do_not_fit_together_are_refused(rows: list[Response], words: str) -> None:
    with pytest.raises(InputError) as caught:
        item_statistics(rows)
    assert words in caught.value.en


def test_only_a_pre_test_gives_no_item_statistics_but_says_why() -> None:
    report = item_statistics(responses(PRE, (5, 5), ("P1", "P2"), "pre"))
    assert report.items == ()
    assert report.alpha is None
    assert "post-test" in report.warnings[0].en
    json.dumps(report.to_json(), allow_nan=False)
