"""Self-assessment scoring and roll-up: 3,321 units (every commune-level unit after 1/7/2025) and
100,000 synthetic units, without file I/O.

Units are synthesised deterministically (``random.Random(SEED)``) as validated answers, the way
:func:`kit.assessment.questionnaire.answers.check_answers` returns them, with a realistic spread: a
few strong
units (full cycle, with document numbers and counts), many middling ones, and some that claim
without evidence or did little. Difficulties, causes and recommendations are drawn from about forty
Vietnamese phrasings (tone variants, no-diacritics typing, bullets, numbering, "Không.") and joined
one to three at a time, so the number of distinct answers grows with the number of units. A second
batch of 3,321 gives every phrasing a detail of the unit's own ("…, ở thôn 17"), as real reports
do: no answer repeats, so the grouping of free text is measured with nothing cached. A sample of
each batch is checked with ``check_answers(mode="complete")`` before timing.

Per batch, median of ``RUNS`` runs: scoring (``score_units``), roll-up (``roll_up`` with a fresh
theme grouper, so no answer is already grouped), and the two together. Baseline in the same run:
a plain loop that only reads every answer of every unit.
Targets (set by the province roll-up requirement): 3,321 units in under 0.5 s and 100,000 in under
5 s; printed, never asserted.
"""

from __future__ import annotations

import os
import platform
import random
import statistics
import time
from collections.abc import Callable, Sequence
from datetime import date, timedelta
from typing import Any

from benchmarks.results import save_results
from kit.assessment.questionnaire.answers import check_answers
from kit.assessment.rollup.aggregate import roll_up
from kit.assessment.rollup.model import ScoredUnit, score_units
from kit.assessment.rollup.themes import Grouper, load_themes

SEED = 407
RUNS = 3
SAMPLE = 300
#: (units, target in seconds, every free-text answer its own): the last case is real text, where
#: no two units write the same sentence, so nothing is grouped from the cache
SIZES = ((3_321, 0.5, False), (3_321, 0.5, True), (100_000, 5.0, False))
DETAILS = (
    "ở thôn {k}",
    "nhất là tại {k} thôn vùng sâu",
    "trong quý {q} năm 2024",
    "theo phản ánh của {k} tổ dân phố",
    "như tại cuộc họp ngày {d}/{m}",
)

PROVINCES = (
    "Hà Nội", "Huế", "Lai Châu", "Điện Biên", "Sơn La", "Lạng Sơn", "Quảng Ninh", "Thanh Hóa",
    "Nghệ An", "Hà Tĩnh", "Cao Bằng", "Tuyên Quang", "Lào Cai", "Thái Nguyên", "Phú Thọ",
    "Bắc Ninh", "Hưng Yên", "Hải Phòng", "Ninh Bình", "Quảng Trị", "Đà Nẵng", "Quảng Ngãi",
    "Gia Lai", "Khánh Hòa", "Lâm Đồng", "Đắk Lắk", "Thành phố Hồ Chí Minh", "Đồng Nai",
    "Tây Ninh", "Cần Thơ", "Vĩnh Long", "Đồng Tháp", "Cà Mau", "An Giang",
)  # fmt: skip
DIFFICULTIES = (
    "Kinh phí hạn hẹp, chưa có dự toán riêng cho nhiệm vụ truyền thông.",
    "Chưa được bố trí kinh phí",
    "kinh phi con han che",
    "Ngân sách xã còn khó khăn, chưa bố trí được kinh phí cho hội nghị.",
    "Công chức Tư pháp - Hộ tịch kiêm nhiệm nhiều việc.",
    "Cán bộ làm công tác truyền thông là kiêm nhiệm, không có cán bộ chuyên trách.",
    "Thiếu nhân lực thực hiện, khối lượng công việc lớn",
    "Cán bộ chưa được tập huấn về kỹ năng truyền thông dự thảo chính sách.",
    "Kỹ năng viết tin, bài của cán bộ còn hạn chế",
    "Năng lực, trình độ của đội ngũ báo cáo viên pháp luật chưa đồng đều.",
    "Việc phối hợp với cơ quan báo chí chưa thường xuyên",
    "Chưa có cơ chế phối hợp với đài truyền thanh cấp tỉnh.",
    "Thời gian lấy ý kiến ngắn, nhiều dự thảo phải trình gấp rút.",
    "Thời hạn đăng tải dự thảo có trường hợp chưa đủ 30 ngày",
    "Hệ thống loa truyền thanh xuống cấp, hư hỏng nhiều.",
    "Trang thiết bị, máy tính phục vụ công tác còn thiếu",
    "Đường truyền internet ở một số thôn chưa ổn định",
    "Chưa có văn bản hướng dẫn cụ thể về truyền thông dự thảo chính sách.",
    "Thiếu mẫu kế hoạch, mẫu báo cáo thống nhất",
    "Người dân ít quan tâm, ít tham gia góp ý dự thảo.",
    "Số lượng ý kiến góp ý của Nhân dân còn ít, chất lượng chưa cao.",
    "Nhận thức của một số cán bộ về vai trò truyền thông chính sách chưa đầy đủ",
    "Lãnh đạo chưa thật sự quan tâm đến công tác này.",
    "Việc xử lý kết quả thực hiện nhiệm vụ truyền thông chưa được chú trọng.",
    "Chưa đánh giá được hiệu quả truyền thông",
    "Tài liệu truyền thông chưa phù hợp với từng đối tượng, địa bàn.",
    "Hình thức truyền thông còn đơn điệu, chủ yếu lồng ghép trong hội nghị",
    "Thông tin trái chiều trên mạng xã hội khó kiểm soát.",
    "Khó xác định chính sách nào thuộc phạm vi Đề án theo 04 tiêu chí",
    "Trong năm không có dự thảo thuộc phạm vi Đề án.",
    "Chưa huy động được luật sư, chuyên gia tham gia truyền thông",
    "Sau sắp xếp chính quyền địa phương 2 cấp, bộ máy chưa ổn định.",
    "Địa bàn rộng, dân cư phân tán, nhiều thôn vùng sâu, vùng xa",
    "Một bộ phận người dân là đồng bào dân tộc thiểu số, chưa thạo tiếng phổ thông.",
    "Việc tiếp thu, giải trình ý kiến góp ý chưa được công khai kịp thời",
    "Cán bộ hoà giải ở cơ sở chưa nắm được nội dung dự thảo",
    "Cán bộ hòa giải ở cơ sở chưa nắm được nội dung dự thảo.",
    "Dự thảo nhiều nội dung chuyên sâu, khó truyền tải đến người dân",
    "Chế độ bồi dưỡng cho báo cáo viên chưa có định mức chi",
    "Chưa có quy trình phản hồi nhanh trên mạng xã hội",
)
CAUSES = (
    "Nguồn ngân sách địa phương còn hạn chế.",
    "Biên chế công chức ít, một người làm nhiều việc",
    "Chưa có văn bản hướng dẫn của cấp trên",
    "Lịch trình soạn thảo bị rút ngắn để kịp kỳ họp.",
    "Cán bộ mới được phân công, chưa có kinh nghiệm.",
    "Nhận thức về truyền thông chính sách chưa đầy đủ",
    "Người dân chưa quen góp ý qua cổng thông tin điện tử",
    "Cơ sở vật chất còn thiếu thốn",
    "Bộ máy mới sắp xếp, kiện toàn.",
    "Thời tiết, giao thông đi lại khó khăn",
    "Chưa có cơ chế phối hợp với cơ quan báo chí",
    "Sự quan tâm chỉ đạo chưa thường xuyên.",
)
RECOMMENDATIONS = (
    "Đề nghị bố trí kinh phí riêng cho hoạt động truyền thông dự thảo chính sách.",
    "Đề nghị Sở Tư pháp tổ chức tập huấn kỹ năng truyền thông cho công chức cấp xã",
    "Tăng cường, thường xuyên mở các lớp bồi dưỡng, tập huấn về truyền thông chính sách.",
    "Ban hành văn bản hướng dẫn cụ thể, mẫu kế hoạch và mẫu báo cáo thống nhất",
    "Đề nghị Bộ Tư pháp ban hành mẫu báo cáo tiếp thu, giải trình dùng chung.",
    "Bố trí cán bộ chuyên trách thực hiện nhiệm vụ",
    "Tăng cường phối hợp với Báo, Đài tỉnh để đưa tin về dự thảo",
    "Đầu tư nâng cấp hệ thống loa truyền thanh cơ sở",
    "Trang bị máy tính, thiết bị phục vụ truyền thông",
    "Đa dạng hóa hình thức tuyên truyền, xây dựng tài liệu ngắn gọn, dễ hiểu.",
    "Xây dựng tài liệu hỏi - đáp, tờ gấp phù hợp từng đối tượng",
    "Kéo dài thời gian lấy ý kiến đối với dự thảo có nhiều ý kiến khác nhau",
    "Huy động luật sư, chuyên gia tham gia truyền thông dự thảo",
    "Đề nghị cấp trên quan tâm hơn nữa.",
    "Đề nghị cấp trên quan tâm hơn nữa",
    "Tổ chức sơ kết, đánh giá kết quả và nhân rộng mô hình hay",
    "Hướng dẫn xác định dự thảo thuộc phạm vi Đề án theo 04 tiêu chí",
    "Xây dựng quy trình phản hồi thông tin trên mạng xã hội",
    "Tổ chức đối thoại trực tiếp với người dân về dự thảo",
    "Tổ chức học tập kinh nghiệm ở các địa phương làm tốt",
)
EMPTY = ("Không.", "Không có", "Không có khó khăn, vướng mắc.", "không")


def _text(
    rng: random.Random, pool: Sequence[str], empty_share: float, own: bool = False
) -> str | None:
    """One to three phrasings joined as people write them, or "Không.", or nothing; ``own``:
    each phrasing given a detail of the unit's own, so that no two units write the same."""
    roll = rng.random()
    if roll < empty_share:
        return rng.choice(EMPTY)
    if roll < empty_share + 0.05:
        return None
    k = rng.choices((1, 2, 3), weights=(45, 40, 15))[0]
    parts = rng.sample(pool, k)
    if own:
        parts = [f"{p.rstrip('.')}, {_detail(rng)}" for p in parts]
    style = rng.randrange(4)
    if k == 1 or style == 0:
        return " ".join(p if p.endswith(".") else f"{p}." for p in parts)
    if style == 1:
        return "; ".join(p.rstrip(".") for p in parts) + "."
    if style == 2:
        return "\n".join(f"- {p}" for p in parts)
    return "\n".join(f"{i}. {p}" for i, p in enumerate(parts, 1))


def _detail(rng: random.Random) -> str:
    return rng.choice(DETAILS).format(
        k=rng.randint(2, 60), q=rng.randint(1, 4), d=rng.randint(1, 28), m=rng.randint(1, 12)
    )


def _doc(rng: random.Random, kind: str, body: str, p: float) -> str | None:
    return f"{rng.randint(1, 250)}/{kind}-{body}" if rng.random() < p else None


def _day(rng: random.Random, start: date, end: date) -> date:
    return start + timedelta(days=rng.randrange((end - start).days + 1))


def synth_unit(rng: random.Random, i: int, own: bool = False) -> dict[str, object]:
    """One unit's validated answers; ``strength`` (0 weak … 1 strong) drives every choice."""
    profile = rng.choices(("strong", "middling", "weak"), weights=(10, 70, 20))[0]
    s = {"strong": 0.97, "middling": rng.uniform(0.6, 0.92), "weak": rng.uniform(0.05, 0.3)}
    p = s[profile]  # the chance of doing (and documenting) each thing
    # a unit that keeps records does so throughout; the weak claim without evidence
    evidence = (0.95 if rng.random() < p else 0.2) if profile != "weak" else 0.05
    yes = lambda q=p: rng.random() < q  # noqa: E731 - a short local helper
    province = PROVINCES[i % len(PROVINCES)]
    commune = rng.random() < 0.9
    start, end = date(2024, 1, 1), date(2024, 12, 31)
    body = "UBND" if commune else "STP"
    a: dict[str, object] = {
        "unit_name": f"Ủy ban nhân dân xã mẫu số {i + 1}" if commune else f"Sở mẫu số {i + 1}",
        "unit_level": "xa_phuong_dac_khu" if commune else "so_nganh",
        "province": province,
        "period_start": start,
        "period_end": end,
        "preparer_name": f"Người lập {i + 1}",
        "plan_issued": yes(max(p, 0.5)),
        "results_monitored": yes(),
        "press_coordinated": yes(),
        "activities_carried_out": yes(max(p, 0.4)),
    }
    if a["plan_issued"]:
        a["plan_number"] = _doc(rng, "KH", body, evidence)
        a["plan_date"] = _day(rng, date(2023, 12, 1), date(2024, 3, 31)) if yes(evidence) else None
    a["directives_count"] = rng.randint(0, 5) if yes(evidence) else None
    a["awareness_sessions"] = rng.randint(0, 4) if yes(evidence) else None
    total = rng.randint(0, 6 if commune else 12)
    in_scope = rng.randint(0, total)
    a["drafts_total"], a["drafts_in_scope"] = total, in_scope
    a["drafts_communicated"] = in_scope if yes() else rng.randint(0, in_scope)
    a["drafts_with_comm_plan"] = rng.randint(0, in_scope) if yes(evidence) else None
    if a["activities_carried_out"] and yes(evidence):
        a["materials_count"] = rng.randint(0, 12)
        a["press_items"] = rng.randint(0, 20)
        a["events_count"] = rng.randint(0, 6)
        channels = ["cong_thong_tin", "bao_chi", "mang_xa_hoi", "hoi_nghi_doi_thoai"]
        channels += ["loa_truyen_thanh", "bang_tin", "tiep_xuc_cu_tri"]
        a["channels"] = rng.sample(channels, rng.randint(1, 5))
        a["experts_involved"] = rng.randint(0, 4)
    posted = rng.randint(0, total) if not yes() else total
    a["drafts_posted_full_text"] = posted if yes(evidence) else None
    a["drafts_posted_min_period"] = rng.randint(0, posted) if a["drafts_posted_full_text"] else None
    a["posting_address"] = f"https://{province.lower().replace(' ', '')}.gov.vn" if yes() else None
    if a["press_coordinated"]:
        a["press_coordination_doc"] = _doc(rng, "KH", body, evidence * 0.8)
        a["press_partners"] = rng.randint(1, 4) if yes(evidence) else None
    if yes(evidence):
        a["feedback_channels"] = rng.sample(["cong_thong_tin", "thu_dien_tu", "hoi_nghi"], 2)
        received = rng.randint(0, 150)
        a["comments_received"] = received
        a["comments_answered"] = received if yes() else rng.randint(0, received)
    a["response_published"] = yes()
    if a["response_published"]:
        a["response_doc_number"] = _doc(rng, "BC", body, evidence)
        a["response_date"] = _day(rng, start, end) if yes(evidence) else None
    a["staff_arrangement"] = rng.choices(
        ("chuyen_trach", "kiem_nhiem", "chua_phan_cong"), weights=(p * 40, 60, (1 - p) * 20)
    )[0]
    a["staff_assignment_doc"] = _doc(rng, "QĐ", body, evidence)
    staff = rng.randint(1, 6)
    a["staff_count"] = staff if yes(evidence) else None
    a["staff_trained"] = yes()
    if a["staff_trained"] and a["staff_count"]:
        a["people_trained"] = staff if yes() else rng.randint(1, staff)
        a["trainings_count"] = rng.randint(1, 3)
        a["training_doc_number"] = _doc(rng, "KH", body, evidence)
        a["training_date"] = _day(rng, start, end) if yes(evidence) else None
    a["skills_guide_used"] = yes()
    if yes(0.15 * (1 - p)):
        a["funding_sources"] = ["chua_bo_tri"]
    else:
        sources = ["du_toan_rieng"] if yes(p * 0.6) else ["chi_thuong_xuyen"]
        a["funding_sources"] = [*sources, "nguon_xa_hoi"] if yes(p * 0.3) else sources
        a["funding_amount"] = rng.randrange(5, 200) * 1_000_000 if yes(evidence) else None
        a["funding_doc_number"] = _doc(rng, "QĐ", "UBND", evidence)
        a["funding_used_percent"] = rng.randint(40, 100) if yes(evidence) else None
    if a["results_monitored"]:
        a["review_doc_number"] = _doc(rng, "BC", body, evidence)
        a["review_date"] = _day(rng, start, end) if yes(evidence) else None
    a["plan_adjusted"] = yes(p * 0.8)
    if a["plan_adjusted"]:
        a["adjustment_doc_number"] = _doc(rng, "KH", body, evidence)
        a["adjustments"] = "Bổ sung kênh mạng xã hội và tài liệu hỏi - đáp cho từng nhóm đối tượng."
    a["peer_learning"] = yes(p * 0.8)
    if a["peer_learning"]:
        a["peer_exchanges"] = rng.randint(1, 3) if yes(evidence) else None
        a["peer_learning_note"] = f"Trao đổi kinh nghiệm với các xã trong tỉnh {province}."
    a["difficulties"] = _text(rng, DIFFICULTIES, 0.12, own) or "Không."
    a["causes"] = _text(rng, CAUSES, 0.15, own)
    a["recommendations"] = _text(rng, RECOMMENDATIONS, 0.1, own)
    return {k: v for k, v in a.items() if v is not None}


def synthesise(n: int, seed: int = SEED, own: bool = False) -> list[dict[str, object]]:
    rng = random.Random(seed)
    return [synth_unit(rng, i, own) for i in range(n)]


def timed(fn: Callable[[], object], runs: int = RUNS) -> tuple[list[float], object]:
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return times, result


def read_only(units: Sequence[dict[str, object]]) -> int:
    """The baseline: a plain loop that reads every answer of every unit."""
    count = 0
    for answers in units:
        for _key, value in answers.items():
            if value is not None:
                count += 1
    return count


def measure(n: int, target: float, own: bool) -> dict[str, Any]:
    answers = synthesise(n, own=own)
    sample = answers[:SAMPLE]
    valid = sum(check_answers(a, "complete").ok for a in sample)
    themes = load_themes()

    def score() -> list[ScoredUnit]:
        return score_units((a, "") for a in answers)

    def both() -> object:
        return roll_up(score(), grouper=Grouper(themes))

    score()  # warm-up: the compiled rubric, imports
    base_times, _ = timed(lambda: read_only(answers))
    score_times, scored = timed(score)
    units: list[ScoredUnit] = scored  # type: ignore[assignment]
    rollup_times, rolled = timed(lambda: roll_up(units, grouper=Grouper(themes)))
    total_times, _ = timed(both)
    base, total = statistics.median(base_times), statistics.median(total_times)
    distinct = len({a.get("difficulties") for a in answers})
    return {
        "units": n,
        "texts": "own" if own else "phrasings",
        "valid_sample": f"{valid}/{len(sample)}",
        "distinct_difficulties": distinct,
        "below_threshold": rolled.below_total,  # type: ignore[attr-defined]
        "scoring_s": round(statistics.median(score_times), 4),
        "rollup_s": round(statistics.median(rollup_times), 4),
        "total_s": round(total, 4),
        "units_per_s": round(n / total),
        "baseline_s": round(base, 4),
        "ratio_vs_baseline": round(total / base, 1),
        "target_s": target,
        "met": total < target,
        "raw": {"scoring": score_times, "rollup": rollup_times, "total": total_times},
    }


def report(rows: list[dict[str, Any]]) -> None:
    header = (
        f"{'units':>8} {'texts':<10}{'scoring (s)':>12}{'roll-up (s)':>13}{'total (s)':>11}"
        f"{'units/s':>10}{'baseline (s)':>14}{'× base':>9}{'target':>8}  met"
    )
    print(header)
    print("-" * len(header))
    for r in rows:
        print(
            f"{r['units']:>8,} {r['texts']:<10}{r['scoring_s']:>12.3f}{r['rollup_s']:>13.3f}"
            f"{r['total_s']:>11.3f}"
            f"{r['units_per_s']:>10,}{r['baseline_s']:>14.4f}{r['ratio_vs_baseline']:>9.0f}"
            f"{r['target_s']:>7g}s  {'yes' if r['met'] else 'NO'}"
        )
    for r in rows:
        print(
            f"{r['units']:,} units ({r['texts']}): sample valid {r['valid_sample']}, "
            f"{r['distinct_difficulties']:,} distinct difficulty answers, "
            f"{r['below_threshold']:,} below the threshold"
        )
    print(
        f"median of {RUNS} runs; baseline = a plain loop reading every answer; no file I/O; "
        "texts: phrasings = drawn from ~40 phrasings, own = every answer different"
    )


def main() -> int:
    rows = [measure(*size) for size in SIZES]
    report(rows)
    summary = {
        "benchmark": "assessment",
        "cpu_count": os.cpu_count(),
        "python": platform.python_version(),
        "seed": SEED,
        "rows": rows,
    }
    save_results("assessment", summary)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
