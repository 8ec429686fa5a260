"""The content checks of the rubric: the required ideas (``covers_items``) and where and by
when to comment (``says_where_and_when``). Each gives (share of its points, note in
Vietnamese, note in English)."""

from __future__ import annotations

import re

from kit.content.schemas import RubricCheck
from kit.grading.writing.doc import Doc, key_set, runs_at
from kit.grading.writing.ideas import Idea

Outcome = tuple[float, str, str]

_WHEN_WORDS = ("trước ngày", "hạn chót", "chậm nhất", "đến hết ngày", "thời hạn góp ý", "từ ngày")
_WHERE_WORDS = (
    "cổng thông tin",
    "trang thông tin",
    "địa chỉ",
    "gửi về",
    "gửi đến",
    "gửi tới",
    "hộp thư",
    "hòm thư",
    "thư điện tử",
    "email",
    "bộ phận một cửa",
    "trụ sở",
    "zalo",
    "số điện thoại",
    "đường dây nóng",
    "website",
    "trang web",
    "ủy ban nhân dân",
    "nhà văn hóa",
)
_EMAIL_OR_URL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+|https?://\S+|www\.\S+", re.IGNORECASE)


def covers(check: RubricCheck, ideas: list[Idea]) -> Outcome:
    """Share of the required ideas the text gives; denied ideas are not given."""
    missing = [i.name for i in ideas if not i.present and not i.denied]
    denied = [i.name for i in ideas if i.denied]
    share = sum(i.present and not i.denied for i in ideas) / max(1, len(check.items))
    vi, en = [], []
    if denied:
        vi.append("Bài viết nói ngược với đề bài ở ý: " + "; ".join(denied) + ".")
        en.append("The text says the opposite of the brief on: " + "; ".join(denied) + ".")
    if missing:
        vi.append("Còn thiếu: " + "; ".join(missing) + ".")
        en.append("Missing: " + "; ".join(missing) + ".")
    if not vi:
        return share, "Có đủ các ý cần nêu.", "Covers every required point."
    return share, " ".join(vi), " ".join(en)


def where_and_when(check: RubricCheck, doc: Doc) -> Outcome:
    """Does the text say where to send comments (or read the document), and by or from when?
    With ``when`` set, only that date counts."""
    keys = doc.keys
    places = key_set(_WHERE_WORDS, doc.bare)
    where = bool(_EMAIL_OR_URL.search(doc.text)) or any(
        runs_at(keys, i, places) for i in range(len(keys))
    )
    if check.when is not None:
        d, m, y = (int(p) for p in check.when.split("/"))
        when = any(f.kind == "date" and f.date in ((y, m, d), (0, m, d)) for f in doc.figures)
    else:
        cues = key_set(_WHEN_WORDS, doc.bare)
        when = any(f.kind == "date" for f in doc.figures) or any(
            runs_at(keys, i, cues) for i in range(len(keys))
        )
    if where and when:
        return 1, "Đã nói rõ gửi góp ý ở đâu và hạn khi nào.", "Says where and by when."
    if not where and not when:
        return 0, "Còn thiếu nơi gửi và hạn gửi góp ý.", "Missing where and by when to comment."
    if not where:
        return 0.5, "Còn thiếu nơi gửi góp ý.", "Missing where to send comments."
    date = f" (đề bài: {check.when})" if check.when else ""
    date_en = f" (the brief: {check.when})" if check.when else ""
    return 0.5, f"Còn thiếu hạn gửi góp ý{date}.", f"Missing the deadline for comments{date_en}."
