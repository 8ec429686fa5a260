"""The later sections of the unit's review report (Báo cáo sơ kết), one function per section of
the one-year review of Ủy ban nhân dân xã Quảng Thái (2023), after a) and b)
(:mod:`kit.assessment.report.sections`, which also holds the
:class:`~kit.assessment.report.sections.Answers` they read and the text helpers they share).

Sections: c) coordination with the press and feedback handling, d) staff, đ) funding; then
e) monitoring and improvement (what that review's 1.2 finds missing), the difficulties and their
causes, and the recommendations. As in the first sections, a figure that was not given is said to
be missing and an answer "Không" is said plainly.
"""

from __future__ import annotations

from kit.assessment.report.sections import (
    Answers,
    Voice,
    day,
    figure,
    items,
    lower_first,
    num,
    para,
    percent,
    reference,
)
from kit.export.decree30 import Block, Bullet, Paragraph

#: how a funding source reads in a sentence ({who}: the unit); other choices use their label
FUNDING_PHRASES = {
    "du_toan_rieng": "dự toán riêng giao cho nhiệm vụ truyền thông dự thảo chính sách",
    "chi_thuong_xuyen": "nguồn chi thường xuyên của {who}",
    "nguon_xa_hoi": "nguồn tài trợ, huy động xã hội hợp pháp",
}
TASK = "nhiệm vụ truyền thông dự thảo chính sách"
SKILLS = "kỹ năng truyền thông dự thảo chính sách"


# -- c) coordination with the press, feedback ------------------------------------------------------


def coordination(a: Answers, who: Voice) -> list[Block]:
    s, press = who.short, a.yes("press_coordinated")
    partners, doc = a.count("press_partners"), a.text("press_coordination_doc")
    basis = f" theo {reference(doc, None, 'văn bản phối hợp')}" if doc else ""
    goal = "để truyền thông dự thảo chính sách"
    if press is False:
        out = [f"trong kỳ, {s} chưa phối hợp với cơ quan thông tin, báo chí {goal}"]
    elif press and partners:
        out = [
            f"{s} đã phối hợp với {a.show('press_partners', partners)} thông tin, báo chí "
            f"(kể cả đài truyền thanh cơ sở) {goal}{basis}"
        ]
    elif press:
        out = [f"{s} có phối hợp với cơ quan thông tin, báo chí {goal}{basis}"]
        out.append("chưa thống kê số cơ quan báo chí đã phối hợp")
        if not doc:
            out.append("việc phối hợp chưa được thể hiện bằng văn bản")
    else:
        out = ["chưa có thông tin về việc phối hợp với cơ quan thông tin, báo chí"]
    people = "người dân, tổ chức, doanh nghiệp"
    channels = a.choices("feedback_channels")
    if channels:
        out.append(f"ý kiến góp ý của {people} được tiếp nhận qua: {channels}")
    else:
        out.append(f"chưa thống kê các kênh tiếp nhận ý kiến góp ý của {people}")
    return [para(*out), para(*_comments(a))]


def _comments(a: Answers) -> list[str]:
    received, answered = a.count("comments_received"), a.count("comments_answered")
    out: list[str] = []
    if received is None:
        out.append("chưa thống kê số ý kiến góp ý, phản biện đã tiếp nhận và xử lý")
    elif received == 0:
        out.append("trong kỳ không nhận được ý kiến góp ý, phản biện nào về các dự thảo")
    else:
        shown = a.show("comments_received", received)
        out.append(f"đã tiếp nhận {shown} góp ý, phản biện")
        if answered is None:
            out.append("chưa thống kê số ý kiến đã được tiếp thu hoặc giải trình")
        else:
            share = percent(answered, received)
            out.append(f"đã tiếp thu hoặc giải trình {num(answered)}/{shown}, đạt tỷ lệ {share}")
    published = a.yes("response_published")
    number, when = a.text("response_doc_number"), a.day("response_date")
    response = "báo cáo tiếp thu, giải trình ý kiến góp ý"
    if published and number:
        out.append(f"{reference(number, when, 'Báo cáo')} tiếp thu, giải trình ý kiến góp ý")
        out[-1] += " đã được công khai" + ("" if when else " (chưa ghi ngày công khai)")
    elif published:
        dated = f" ngày {day(when)}" if when else ""
        out.append(f"đã công khai {response}{dated} (chưa ghi số, ký hiệu văn bản)")
    elif published is False and received != 0:
        out.append(f"chưa công khai {response}")
    elif published is None and received:
        out.append(f"chưa có thông tin về việc công khai {response}")
    return out


# -- d) staff ------------------------------------------------------------------------------------


def staff(a: Answers, who: Voice) -> list[Block]:
    s, chosen = who.short, a.chosen("staff_arrangement")
    doc, count = a.text("staff_assignment_doc"), a.count("staff_count")
    basis = f" ({reference(doc, None, 'Văn bản phân công')})" if doc else ""
    how = chosen[0] if chosen else ""
    if how == "chuyen_trach":
        first = f"{s} đã bố trí cán bộ chuyên trách thực hiện {TASK}{basis}"
    elif how == "kiem_nhiem":
        first = (
            f"{TASK} của {s} do cán bộ kiêm nhiệm theo chức năng, nhiệm vụ được giao phụ "
            f"trách{basis}"
        )
    elif how == "chua_phan_cong":
        first = f"{s} chưa phân công cán bộ phụ trách {TASK}"
    elif how:
        shown = lower_first(a.wording.show("staff_arrangement", how))
        first = f"cán bộ thực hiện {TASK}: {shown}{basis}"
    else:
        first = f"chưa có thông tin về việc bố trí cán bộ thực hiện {TASK}"
    people = figure(
        a,
        "staff_count",
        lambda n: f"số cán bộ, công chức, báo cáo viên pháp luật được giao nhiệm vụ là {n}",
        f"chưa có cán bộ nào được giao {TASK}",
        f"chưa thống kê số cán bộ được giao {TASK}",
    )
    if how == "chua_phan_cong" and not count:
        people = ""  # "nobody assigned" already says it
    return [para(first, people), para(*_training(a, count))]


def _training(a: Answers, staff_count: float | None) -> list[str]:
    trained, people = a.yes("staff_trained"), a.count("people_trained")
    courses, doc, when = (
        a.count("trainings_count"),
        a.text("training_doc_number"),
        a.day("training_date"),
    )
    out: list[str] = []
    if trained is False:
        out.append(f"cán bộ làm nhiệm vụ chưa được tập huấn, bồi dưỡng {SKILLS}")
    elif trained or people:
        if people and staff_count:
            text = (
                f"đã có {num(people)}/{num(staff_count)} cán bộ được tập huấn, bồi dưỡng {SKILLS}"
            )
        elif people:
            text = f"đã có {num(people)} cán bộ được tập huấn, bồi dưỡng {SKILLS}"
        else:
            text = f"cán bộ làm nhiệm vụ đã được tập huấn, bồi dưỡng {SKILLS}"
        if courses:
            text += f" qua {a.show('trainings_count', courses)} tập huấn, bồi dưỡng"
        sources = [reference(doc, None)] if doc else []
        sources += [f"lớp gần nhất ngày {day(when)}"] if when else []
        out.append(text + (f" ({'; '.join(sources)})" if sources else ""))
        missing = [
            name
            for key, name in (("people_trained", "số người"), ("trainings_count", "số lớp"))
            if a.count(key) is None
        ]
        if missing:
            out.append(f"chưa thống kê {' và '.join(missing)} tập huấn")
    else:
        out.append(f"chưa có thông tin về việc tập huấn, bồi dưỡng {SKILLS} cho cán bộ")
    guide = a.yes("skills_guide_used")
    if guide:
        out.append(f"tài liệu hướng dẫn {SKILLS} đã được sử dụng trong công tác")
    elif guide is False:
        out.append(f"chưa sử dụng tài liệu hướng dẫn {SKILLS}")
    return out


# -- đ) funding ------------------------------------------------------------------------------------


def funding(a: Answers, who: Voice) -> list[Block]:
    sources, amount = a.chosen("funding_sources"), a.count("funding_amount")
    doc, used = a.text("funding_doc_number"), a.count("funding_used_percent")
    goal = "hoạt động truyền thông dự thảo chính sách"
    if "chua_bo_tri" in sources:
        return [para(f"trong kỳ, {who.short} chưa bố trí kinh phí cho {goal}")]
    named = [
        FUNDING_PHRASES[c].format(who=who.short)
        if c in FUNDING_PHRASES
        else lower_first(a.wording.show("funding_sources", [c]))
        for c in sources
    ]
    out = [
        f"kinh phí thực hiện được bố trí từ {'; '.join(named)}"
        if named
        else f"chưa có thông tin về nguồn kinh phí cho {goal}"
    ]
    basis = f" ({reference(doc, None)})" if doc else ""
    if amount is None:
        out.append(f"chưa thống kê tổng số kinh phí đã bố trí cho {goal}{basis}")
    else:
        out.append(f"tổng kinh phí đã bố trí trong kỳ là {a.show('funding_amount', amount)}{basis}")
        out.append(
            f"đã sử dụng {a.show('funding_used_percent', used)} số kinh phí được bố trí"
            if used is not None
            else "chưa thống kê tỷ lệ kinh phí đã sử dụng"
        )
    return [para(*out)]


# -- e) monitoring and improvement ----------------------------------------------------------------


def review(a: Answers, who: Voice) -> list[Block]:
    s, monitored = who.short, a.yes("results_monitored")
    number, when = a.text("review_doc_number"), a.day("review_date")
    results = "kết quả truyền thông dự thảo chính sách"
    if monitored and number:
        first = f"{s} đã theo dõi, đánh giá {results} ({reference(number, when, 'Báo cáo')})"
    elif monitored:
        dated = f" ngày {day(when)}" if when else ""
        first = f"{s} đã theo dõi, đánh giá {results}{dated} (chưa ghi số, ký hiệu văn bản)"
    elif monitored is False:
        first = f"{s} chưa tổ chức theo dõi, đánh giá {results}"
    else:
        first = f"chưa có thông tin về việc theo dõi, đánh giá {results}"
    blocks: list[Block] = [para(first)]
    adjusted, what = a.yes("plan_adjusted"), a.text("adjustments")
    doc = a.text("adjustment_doc_number")
    if adjusted:
        basis = f" ({reference(doc, None)})" if doc else ""
        text = f"trên cơ sở đánh giá, {s} đã điều chỉnh kế hoạch, cách làm{basis}"
        blocks.append(para(f"{text}: {what}" if what else text))
    elif adjusted is False:
        blocks.append(para(f"sau đánh giá, {s} chưa điều chỉnh kế hoạch, cách làm"))
    peers, exchanges = a.yes("peer_learning"), a.count("peer_exchanges")
    note = a.text("peer_learning_note")
    if peers or exchanges:
        times = f"có {a.show('peer_exchanges', exchanges)} " if exchanges else ""
        text = f"{s} đã {times}trao đổi, học tập kinh nghiệm với đơn vị khác"
        blocks.append(para(f"{text}: {note}" if note else text))
    elif peers is False:
        blocks.append(para(f"{s} chưa trao đổi, học tập kinh nghiệm với đơn vị khác"))
    return blocks


# -- 1.2 difficulties, II. recommendations ---------------------------------------------------


def difficulties(a: Answers, who: Voice) -> list[Block]:
    found = items(a.text("difficulties"))
    blocks: list[Block] = [Bullet(text) for text in found]
    if not found:
        blocks.append(para("chưa tổng hợp khó khăn, vướng mắc trong kỳ"))
    causes = items(a.text("causes"))
    if causes:
        blocks.append(Paragraph("Nguyên nhân:"))
        blocks += [Bullet(text) for text in causes]
    elif found:
        blocks.append(para("chưa phân tích, làm rõ nguyên nhân của các khó khăn, hạn chế nêu trên"))
    return blocks


def recommendations(a: Answers, who: Voice) -> list[Block]:
    found = items(a.text("recommendations"))
    if not found:
        return [para(f"{who.short} chưa có kiến nghị, đề xuất")]
    return [Paragraph(f"{i}. {text}") for i, text in enumerate(found, start=1)]
