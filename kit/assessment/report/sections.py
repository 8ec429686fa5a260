"""The body of the unit's review report (Báo cáo sơ kết): how it reads the answers and writes
them, and its first sections; the others are :mod:`kit.assessment.report.sections_later`.

Every sentence is built from the unit's answers. A figure that was not given is said to be missing
("chưa thống kê …") and an answer "Không" is said plainly ("chưa ban hành …"): no section is left
empty and no blank is left to fill. Figures carry their unit as the rubric's
:class:`~kit.assessment.questionnaire.rubric.Wording` shows them ("3 dự thảo", "12.000.000 đồng");
documents are
cited as the decree cites them ("Kế hoạch số 18/KH-UBND ngày 12/01/2023").

Here: :class:`Answers` (typed reads of the answers), :class:`Voice` (how the unit is named), the
text helpers every section uses, and, in the order of the
one-year review of Ủy ban nhân dân xã Quảng Thái (2023), a) directive documents and
b) communication activities (with the full-text posting).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date

from kit.assessment.questionnaire.rubric import Wording, format_number
from kit.export.decree30 import Block, Paragraph

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


def percent(part: float, whole: float) -> str:
    """``part`` of ``whole`` in per cent: "66,7%"."""
    return f"{num(100 * part / whole)}%"


def para(*parts: str) -> Paragraph:
    """A paragraph of ``parts``, each a sentence (empty parts left out)."""
    return Paragraph(" ".join(sentence(p) for p in parts if p))


def figure(a: Answers, key: str, some: Callable[[str], str], zero: str, missing: str) -> str:
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
    others = figure(
        a,
        "directives_count",
        lambda n: f"ngoài kế hoạch, {s} đã ban hành {n} chỉ đạo, hướng dẫn, đôn đốc {topic}",
        f"ngoài kế hoạch, trong kỳ chưa ban hành văn bản chỉ đạo, hướng dẫn, đôn đốc nào {topic}",
        f"chưa thống kê số văn bản chỉ đạo, hướng dẫn, đôn đốc khác {topic}",
    )
    role = "vị trí, vai trò của truyền thông dự thảo chính sách"
    sessions = figure(
        a,
        "awareness_sessions",
        lambda n: (
            f"đã tổ chức {n} quán triệt, phổ biến về {role} cho cán bộ, công chức và Nhân dân"
        ),
        f"chưa tổ chức cuộc quán triệt, phổ biến riêng về {role}",
        f"chưa thống kê số cuộc quán triệt, phổ biến về {role}",
    )
    blocks: list[Block] = [para(plan, others), para(sessions)]
    proposals, rules = (
        a.count("legal_review_proposals"),
        "quy định về truyền thông dự thảo chính sách",
    )
    if proposals:
        shown = a.show("legal_review_proposals", proposals)
        sent = f"qua rà soát, {s} đã gửi {shown} sửa đổi, bổ sung {rules}"
        blocks.append(para(f"{sent} đến cơ quan có thẩm quyền"))
    elif proposals == 0:
        blocks.append(para(f"trong kỳ, {s} chưa có kiến nghị sửa đổi, bổ sung {rules}"))
    return blocks


# -- b) communication activities ---------------------------------------------------------------


def activities(a: Answers, who: Voice) -> list[Block]:
    blocks: list[Block] = [para(*_drafts(a, who))]
    done = a.yes("activities_carried_out")
    if done is False:
        blocks.append(
            para(f"trong kỳ, {who.short} chưa tổ chức hoạt động truyền thông dự thảo chính sách")
        )
    else:
        blocks.append(para(*_activity_figures(a, who, done)))
    experts, who_helps = a.count("experts_involved"), "luật sư, luật gia, chuyên gia, nhà khoa học"
    if experts:
        text = f"đã huy động {num(experts)} {who_helps} tham gia truyền thông, góp ý dự thảo"
    elif experts == 0:
        text = f"chưa huy động được {who_helps} tham gia truyền thông, góp ý dự thảo"
    else:
        text = f"chưa thống kê số {who_helps} tham gia truyền thông, góp ý dự thảo"
    blocks.append(para(text))
    posting = _posting(a)
    if posting:
        blocks.append(para(*posting))
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
        share = percent(done, scope)
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
