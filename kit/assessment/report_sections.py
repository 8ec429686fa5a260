"""The body of the unit's review report (Báo cáo sơ kết), one function per section of seed 000.

Every sentence is built from the unit's answers. A figure that was not given is said to be missing
("chưa thống kê …") and an answer "Không" is said plainly ("chưa ban hành …"): no section is left
empty and no blank is left to fill. Figures carry their unit as the rubric's
:class:`~kit.assessment.rubric.Wording` shows them ("3 dự thảo", "12.000.000 đồng"); documents are
cited as the decree cites them ("Kế hoạch số 18/KH-UBND ngày 12/01/2023").

Sections, in the order of seed 000: a) directive documents, b) communication activities (with the
full-text posting), c) coordination with the press and feedback handling, d) staff, đ) funding;
then e) monitoring and improvement (what seed 000's 1.2 finds missing), the difficulties and their
causes, and the recommendations.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date

from kit.assessment.rubric import Wording, format_number
from kit.export.decree30 import Block, Bullet, Paragraph

#: Decree 30/2020, Phụ lục III: the abbreviation of a document type in a symbol -> the type
#: ("QCPH", a coordination rule, is the common local form of "QC")
DOC_KINDS = {
    "NQ": "Nghị quyết",
    "QĐ": "Quyết định",
    "CT": "Chỉ thị",
    "QC": "Quy chế",
    "QCPH": "Quy chế phối hợp",
    "QYĐ": "Quy định",
    "TB": "Thông báo",
    "HD": "Hướng dẫn",
    "CTR": "Chương trình",
    "KH": "Kế hoạch",
    "PA": "Phương án",
    "ĐA": "Đề án",
    "BC": "Báo cáo",
    "BB": "Biên bản",
    "TTR": "Tờ trình",
    "GM": "Giấy mời",
    "CĐ": "Công điện",
}
#: how a funding source reads in a sentence ({who}: the unit); other choices use their label
FUNDING_PHRASES = {
    "du_toan_rieng": "dự toán riêng giao cho nhiệm vụ truyền thông dự thảo chính sách",
    "chi_thuong_xuyen": "nguồn chi thường xuyên của {who}",
    "nguon_xa_hoi": "nguồn tài trợ, huy động xã hội hợp pháp",
}
TASK = "nhiệm vụ truyền thông dự thảo chính sách"
SKILLS = "kỹ năng truyền thông dự thảo chính sách"
_XML_UNSAFE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_LIST_MARK = re.compile(r"^(?:[-–•+*]|\d+(?:\.\d+)*[.)]|[a-zđ]\))\s+")


@dataclass(frozen=True)
class Voice:
    """How the report names its unit: ``full`` where it introduces it ("Ủy ban nhân dân xã
    Quảng Thái"), ``short`` as the subject of its sentences ("Ủy ban nhân dân xã", "Sở")."""

    full: str
    short: str


class Answers:
    """Typed reads of validated answers, and their values in words."""

    def __init__(self, answers: Mapping[str, object], wording: Wording) -> None:
        self.values = answers
        self.wording = wording

    def count(self, key: str) -> int | float | None:
        value = self.values.get(key)
        return value if isinstance(value, int | float) and not isinstance(value, bool) else None

    def text(self, key: str) -> str:
        value = self.values.get(key)
        return clean(value) if isinstance(value, str) else ""

    def day(self, key: str) -> date | None:
        value = self.values.get(key)
        return value if isinstance(value, date) else None

    def yes(self, key: str) -> bool | None:
        value = self.values.get(key)
        return value if isinstance(value, bool) else None

    def chosen(self, key: str) -> list[str]:
        value = self.values.get(key)
        if isinstance(value, str):
            return [value]
        return [str(v) for v in value] if isinstance(value, list | tuple) else []

    def show(self, key: str, value: object) -> str:
        """A figure with its unit, as the rubric shows it: "3 dự thảo", "12.000.000 đồng"."""
        return self.wording.show(key, value)

    def choices(self, key: str) -> str:
        """The ticked choices as a list inside a sentence: "cổng, trang thông tin điện tử; …"."""
        return "; ".join(lower_first(self.wording.show(key, [c])) for c in self.chosen(key))


# -- text ------------------------------------------------------------------------------------


def clean(text: str) -> str:
    """User text a document can hold: characters XML forbids removed, spaces trimmed."""
    return _XML_UNSAFE.sub("", text).strip()


def lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def sentence(text: str) -> str:
    """Capitalised and ending with a full stop (unless it already ends with . ! ? … or :)."""
    text = text.strip()
    if not text:
        return text
    text = text[0].upper() + text[1:]
    return text if text.endswith((".", "!", "?", "…", ":")) else f"{text}."


def num(value: float) -> str:
    """A figure in Vietnamese style: 1.234.567 · 66,7."""
    return format_number(value, "vi")


def day(value: date) -> str:
    """A cited document's date: "12/01/2023", "30/3/2022" (days 01–09 and months 01–02 with a
    leading zero, the rule of Decree 30/2020's place-and-date line)."""
    month = f"{value.month:02d}" if value.month < 3 else str(value.month)
    return f"{value.day:02d}/{month}/{value.year}"


def doc_kind(number: str, default: str = "Văn bản") -> str:
    """The type of a document read from its symbol: "18/KH-UBND" → "Kế hoạch"."""
    parts = number.split("/")
    symbol = parts[-1].split("-")[0].upper() if len(parts) > 1 else ""
    return DOC_KINDS.get(symbol, default)


def reference(number: str, when: date | None, default: str = "Văn bản") -> str:
    """ "Kế hoạch số 18/KH-UBND ngày 12/01/2023" (without the date when it is not known)."""
    dated = f" ngày {day(when)}" if when else ""
    return f"{doc_kind(number, default)} số {number}{dated}"


def items(text: str) -> list[str]:
    """A free-text answer as its items: one per line, list marks ("-", "1.", "a)") removed, each
    a sentence."""
    lines = [_LIST_MARK.sub("", line.strip()) for line in clean(text).splitlines()]
    return [sentence(line) for line in lines if line.strip()]


def _share(part: float, whole: float) -> str:
    return f"{num(100 * part / whole)}%"


def _para(*parts: str) -> Paragraph:
    return Paragraph(" ".join(sentence(p) for p in parts if p))


def _figure(a: Answers, key: str, some: Callable[[str], str], zero: str, missing: str) -> str:
    """The sentence about a count: ``some(the count shown)`` above 0, ``zero`` at 0, ``missing``
    when it was not given."""
    value = a.count(key)
    if value is None:
        return missing
    return some(a.show(key, value)) if value > 0 else zero


# -- a) directive documents -------------------------------------------------------------------


def directing(a: Answers, who: Voice) -> list[Block]:
    s = who.short
    number, when, issued = a.text("plan_number"), a.day("plan_date"), a.yes("plan_issued")
    if issued and number:
        plan = (
            f"{s} đã ban hành {reference(number, when, 'Kế hoạch')} về triển khai thực hiện Đề án"
        )
        plan += "" if when else " (chưa ghi ngày ban hành)"
    elif issued:
        dated = f" ngày {day(when)}" if when else ""
        missing = "số, ký hiệu văn bản" if when else "số, ký hiệu và ngày ban hành"
        plan = f"{s} đã ban hành kế hoạch triển khai thực hiện Đề án{dated} (chưa ghi {missing})"
    elif issued is False:
        plan = f"trong kỳ, {s} chưa ban hành kế hoạch riêng để triển khai thực hiện Đề án"
    else:
        plan = "chưa có thông tin về việc ban hành kế hoạch triển khai thực hiện Đề án"
    topic = "về công tác truyền thông dự thảo chính sách"
    others = _figure(
        a,
        "directives_count",
        lambda n: f"ngoài kế hoạch, {s} đã ban hành {n} chỉ đạo, hướng dẫn, đôn đốc {topic}",
        f"ngoài kế hoạch, trong kỳ chưa ban hành văn bản chỉ đạo, hướng dẫn, đôn đốc nào {topic}",
        f"chưa thống kê số văn bản chỉ đạo, hướng dẫn, đôn đốc khác {topic}",
    )
    role = "vị trí, vai trò của truyền thông dự thảo chính sách"
    sessions = _figure(
        a,
        "awareness_sessions",
        lambda n: (
            f"đã tổ chức {n} quán triệt, phổ biến về {role} cho cán bộ, công chức và Nhân dân"
        ),
        f"chưa tổ chức cuộc quán triệt, phổ biến riêng về {role}",
        f"chưa thống kê số cuộc quán triệt, phổ biến về {role}",
    )
    blocks: list[Block] = [_para(plan, others), _para(sessions)]
    proposals, rules = (
        a.count("legal_review_proposals"),
        "quy định về truyền thông dự thảo chính sách",
    )
    if proposals:
        shown = a.show("legal_review_proposals", proposals)
        sent = f"qua rà soát, {s} đã gửi {shown} sửa đổi, bổ sung {rules}"
        blocks.append(_para(f"{sent} đến cơ quan có thẩm quyền"))
    elif proposals == 0:
        blocks.append(_para(f"trong kỳ, {s} chưa có kiến nghị sửa đổi, bổ sung {rules}"))
    return blocks


# -- b) communication activities ---------------------------------------------------------------


def activities(a: Answers, who: Voice) -> list[Block]:
    blocks: list[Block] = [_para(*_drafts(a, who))]
    done = a.yes("activities_carried_out")
    if done is False:
        blocks.append(
            _para(f"trong kỳ, {who.short} chưa tổ chức hoạt động truyền thông dự thảo chính sách")
        )
    else:
        blocks.append(_para(*_activity_figures(a, who, done)))
    experts, who_helps = a.count("experts_involved"), "luật sư, luật gia, chuyên gia, nhà khoa học"
    if experts:
        text = f"đã huy động {num(experts)} {who_helps} tham gia truyền thông, góp ý dự thảo"
    elif experts == 0:
        text = f"chưa huy động được {who_helps} tham gia truyền thông, góp ý dự thảo"
    else:
        text = f"chưa thống kê số {who_helps} tham gia truyền thông, góp ý dự thảo"
    blocks.append(_para(text))
    posting = _posting(a)
    if posting:
        blocks.append(_para(*posting))
    return blocks


def _drafts(a: Answers, who: Voice) -> list[str]:
    total, scope = a.count("drafts_total"), a.count("drafts_in_scope")
    if total == 0:
        return [
            f"trong kỳ, {who.short} không chủ trì soạn thảo dự thảo văn bản quy phạm pháp luật nào"
        ]
    out = [
        f"trong kỳ, {who.short} chủ trì soạn thảo {a.show('drafts_total', total)} văn bản quy "
        "phạm pháp luật"
        if total is not None
        else f"chưa thống kê số dự thảo văn bản quy phạm pháp luật do {who.short} chủ trì soạn thảo"
    ]
    policy = "có chính sách thuộc phạm vi truyền thông theo Đề án"
    if scope is None:
        return [*out, f"chưa thống kê số dự thảo {policy}"]
    if scope == 0:
        return [*out, f"không có dự thảo nào {policy}"]
    in_scope = f"có {a.show('drafts_in_scope', scope)} {policy}"
    if total is not None:
        out[0] += f", trong đó {in_scope}"
    else:
        out.append(in_scope)
    done, planned = a.count("drafts_communicated"), a.count("drafts_with_comm_plan")
    of_scope = f"/{a.show('drafts_in_scope', scope)} thuộc phạm vi"
    if done is None:
        out.append("chưa thống kê số dự thảo thuộc phạm vi đã được tổ chức truyền thông")
    elif done == 0:
        out.append("chưa tổ chức truyền thông đối với dự thảo nào thuộc phạm vi")
    else:
        share = _share(done, scope)
        out.append(f"đã tổ chức truyền thông {num(done)}{of_scope}, đạt tỷ lệ {share}")
    if planned is None:
        out.append("chưa thống kê số dự thảo thuộc phạm vi có kế hoạch truyền thông riêng")
    elif planned == 0:
        out.append("chưa có dự thảo nào thuộc phạm vi được xây dựng kế hoạch truyền thông riêng")
    else:
        out.append(f"đã xây dựng kế hoạch truyền thông riêng cho {num(planned)}{of_scope}")
    return out


#: field: (what was done, {n} the count shown; what a 0 means; what it is called when missing)
_ACTIVITIES = {
    "materials_count": (
        "xây dựng {n} truyền thông (đề cương, hỏi – đáp, tờ gấp, đồ họa…)",
        "chưa xây dựng tài liệu truyền thông",
        "tài liệu truyền thông",
    ),
    "press_items": (
        "đăng, phát {n} trên báo chí, phát thanh, truyền hình, cổng, trang thông tin điện tử "
        "và loa truyền thanh cơ sở",
        "chưa có tin, bài nào về dự thảo chính sách được đăng, phát",
        "tin, bài",
    ),
    "events_count": (
        "tổ chức {n} hội nghị, tọa đàm, đối thoại, họp báo",
        "chưa tổ chức hội nghị, tọa đàm, đối thoại nào về dự thảo chính sách",
        "hội nghị, tọa đàm, đối thoại",
    ),
}


def _and(names: list[str]) -> str:
    """ "A, B và C"."""
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} và {names[-1]}"


def _activity_figures(a: Answers, who: Voice, done: bool | None) -> list[str]:
    given = [
        text.format(n=a.show(key, value))
        for key, (text, _, _) in _ACTIVITIES.items()
        if (value := a.count(key))
    ]
    out: list[str] = []
    if given:
        out.append(f"các hoạt động truyền thông đã thực hiện gồm: {'; '.join(given)}")
    elif done:
        out.append(f"{who.short} đã tổ chức các hoạt động truyền thông dự thảo chính sách")
    else:
        out.append("chưa có thông tin về việc tổ chức hoạt động truyền thông dự thảo chính sách")
    out += [zero for key, (_, zero, _) in _ACTIVITIES.items() if a.count(key) == 0]
    missing = [f"số {name}" for key, (_, _, name) in _ACTIVITIES.items() if a.count(key) is None]
    if missing:
        out.append(f"chưa thống kê {_and(missing)} đã thực hiện")
    channels = a.choices("channels")
    if channels:
        out.append(f"các kênh truyền thông đã sử dụng: {channels}")
    elif done:
        out.append("chưa thống kê các kênh truyền thông đã sử dụng")
    return out


def _posting(a: Answers) -> list[str]:
    total, posted = a.count("drafts_total"), a.count("drafts_posted_full_text")
    enough, where = a.count("drafts_posted_min_period"), a.text("posting_address")
    if total == 0 and not posted:
        return []  # the unit drafted nothing: there was nothing to post
    if posted is None:
        return ["chưa thống kê số dự thảo được đăng tải toàn văn để lấy ý kiến"]
    if posted == 0:
        return ["chưa đăng tải toàn văn dự thảo nào để lấy ý kiến"]
    of = (
        f"{num(posted)}/{a.show('drafts_total', total)}"
        if total
        else a.show("drafts_total", posted)
    )
    out = [f"đã đăng tải toàn văn {of} để lấy ý kiến" + (f" tại {where}" if where else "")]
    if enough is None:
        out.append("chưa thống kê số dự thảo được đăng tải đủ thời hạn tối thiểu theo quy định")
    elif enough == posted:
        out.append("các dự thảo đã đăng tải đều được đăng đủ thời hạn tối thiểu theo quy định")
    else:
        out.append(
            f"trong đó {a.show('drafts_posted_min_period', enough)} được đăng tải đủ thời hạn "
            "tối thiểu theo quy định"
        )
    if not where:
        out.append("chưa ghi địa chỉ trang, cổng thông tin điện tử đã đăng tải dự thảo")
    return out


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
    return [_para(*out), _para(*_comments(a))]


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
            share = _share(answered, received)
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
    people = _figure(
        a,
        "staff_count",
        lambda n: f"số cán bộ, công chức, báo cáo viên pháp luật được giao nhiệm vụ là {n}",
        f"chưa có cán bộ nào được giao {TASK}",
        f"chưa thống kê số cán bộ được giao {TASK}",
    )
    if how == "chua_phan_cong" and not count:
        people = ""  # "nobody assigned" already says it
    return [_para(first, people), _para(*_training(a, count))]


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
        return [_para(f"trong kỳ, {who.short} chưa bố trí kinh phí cho {goal}")]
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
    return [_para(*out)]


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
    blocks: list[Block] = [_para(first)]
    adjusted, what = a.yes("plan_adjusted"), a.text("adjustments")
    doc = a.text("adjustment_doc_number")
    if adjusted:
        basis = f" ({reference(doc, None)})" if doc else ""
        text = f"trên cơ sở đánh giá, {s} đã điều chỉnh kế hoạch, cách làm{basis}"
        blocks.append(_para(f"{text}: {what}" if what else text))
    elif adjusted is False:
        blocks.append(_para(f"sau đánh giá, {s} chưa điều chỉnh kế hoạch, cách làm"))
    peers, exchanges = a.yes("peer_learning"), a.count("peer_exchanges")
    note = a.text("peer_learning_note")
    if peers or exchanges:
        times = f"có {a.show('peer_exchanges', exchanges)} " if exchanges else ""
        text = f"{s} đã {times}trao đổi, học tập kinh nghiệm với đơn vị khác"
        blocks.append(_para(f"{text}: {note}" if note else text))
    elif peers is False:
        blocks.append(_para(f"{s} chưa trao đổi, học tập kinh nghiệm với đơn vị khác"))
    return blocks


# -- 1.2 difficulties, II. recommendations ---------------------------------------------------


def difficulties(a: Answers, who: Voice) -> list[Block]:
    found = items(a.text("difficulties"))
    blocks: list[Block] = [Bullet(text) for text in found]
    if not found:
        blocks.append(_para("chưa tổng hợp khó khăn, vướng mắc trong kỳ"))
    causes = items(a.text("causes"))
    if causes:
        blocks.append(Paragraph("Nguyên nhân:"))
        blocks += [Bullet(text) for text in causes]
    elif found:
        blocks.append(
            _para("chưa phân tích, làm rõ nguyên nhân của các khó khăn, hạn chế nêu trên")
        )
    return blocks


def recommendations(a: Answers, who: Voice) -> list[Block]:
    found = items(a.text("recommendations"))
    if not found:
        return [_para(f"{who.short} chưa có kiến nghị, đề xuất")]
    return [Paragraph(f"{i}. {text}") for i, text in enumerate(found, start=1)]
