"""Who issues a unit's review report (:mod:`kit.assessment.report.document`), and so its header,
closing
line, recipients and signature.

Header, as a clerk would set it from the unit's name, level and province (Decree 30/2020,
Phụ lục I): a commune's or a province's People's Committee has no parent line; a department is
printed under its province's People's Committee ("UBND TỈNH LẠNG SƠN" over "SỞ TƯ PHÁP"). The
place is the commune's name or the province's.

Signature and recipients follow the unit's level (the signature as in the plan templates: "TM. ỦY
BAN NHÂN DÂN / KT. CHỦ TỊCH / PHÓ CHỦ TỊCH", or "KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC"); the signer's name
is left for the signature, since the preparer named in the answers is the contact, not the signer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kit.assessment.report.sections import Answers, Voice
from kit.export.decree30 import SignatureBlock

#: the centrally-run cities since 1/7/2025 (Resolution 202/2025/QH15); any other name is a province
CITIES = ("hà nội", "hồ chí minh", "hải phòng", "đà nẵng", "cần thơ", "huế")
COMMUNE_KINDS = ("xã", "phường", "đặc khu", "thị trấn")
PROVINCE_KINDS = ("tỉnh", "thành phố")
#: the head of a body: (as the signature prints it, as a sentence writes it)
CHAIR = ("CHỦ TỊCH", "Chủ tịch")
DIRECTOR = ("GIÁM ĐỐC", "Giám đốc")
#: the head of a provincial body other than a department (Sở), by the first words of its name
HEADS = {
    "ban": ("TRƯỞNG BAN", "Trưởng ban"),
    "thanh tra": ("CHÁNH THANH TRA", "Chánh Thanh tra"),
    "văn phòng": ("CHÁNH VĂN PHÒNG", "Chánh Văn phòng"),
}
#: the questionnaire's unit level -> the plan template with that level's signature
TEMPLATE_LEVELS = {
    "xa_phuong_dac_khu": "commune",
    "so_nganh": "department",
    "tinh_thanh_pho": "province",
}

_UBND = re.compile(r"^(?:ubnd|[uủ][yỷ] ban nhân dân)\s+", re.IGNORECASE)
_LOCAL = re.compile(
    r"^(xã|phường|đặc khu|thị trấn|tỉnh|thành phố|tp\.?)(?:\s+|(?<=\.))(.*)$", re.IGNORECASE
)
_IN_PROVINCE = re.compile(r"\s+(tỉnh|thành phố|tp\.?)\s+([^()]+)$", re.IGNORECASE)
_NOTE = re.compile(r"\s*\([^)]*\)")


@dataclass(frozen=True)
class Issuer:
    """Who issues the report, as its header, signature and recipients name it."""

    level: str
    voice: Voice
    issuing_body: str
    parent_body: str
    place: str
    #: the body's part of the number symbol: "UBND", "STP"
    symbol: str
    #: "tỉnh Lạng Sơn" / "thành phố Huế" ("" when not known)
    province: str
    #: the head's title, upper case and in a sentence: ("GIÁM ĐỐC", "Giám đốc")…
    head: tuple[str, str]


def issuer(a: Answers) -> Issuer:
    """The unit's names in the header, derived from its name, level and province."""
    given = a.text("unit_name")
    rest = _UBND.sub("", given, count=1).strip()  # "xã Quảng Thái", "Sở Tư pháp …"
    local = _LOCAL.match(rest)
    level = a.text("unit_level")
    if level not in TEMPLATE_LEVELS:  # not answered yet: read it off the name
        if local:
            level = (
                "tinh_thanh_pho" if _kind(local.group(1)) in PROVINCE_KINDS else "xa_phuong_dac_khu"
            )
        else:
            level = "xa_phuong_dac_khu" if rest != given or not given else "so_nganh"
    province_kind, province_name = _province(a.text("province"))
    if level == "so_nganh":
        return _department(rest, province_kind, province_name)
    kinds = PROVINCE_KINDS if level == "tinh_thanh_pho" else COMMUNE_KINDS
    if local and _kind(local.group(1)) in kinds:
        kind, own = _kind(local.group(1)), local.group(2).strip()
    elif level == "tinh_thanh_pho":
        kind, own = province_kind, province_name or rest
    else:
        kind, own = "xã", rest
    full = f"Ủy ban nhân dân {kind} {own}".strip()
    province = f"{province_kind} {province_name}" if province_name else ""
    place = _place(own)
    if level == "tinh_thanh_pho":
        province = f"{kind} {own}".strip()
    short = f"Ủy ban nhân dân {kind}"
    return Issuer(level, Voice(full, short), full, "", place, "UBND", province, CHAIR)


def _place(name: str) -> str:
    """The place in the date line: the commune's or the province's name, remarks in brackets
    left out ("Thành phố Hồ Chí Minh" in full, as Decree 30/2020 writes it)."""
    place = _NOTE.sub("", name).strip()
    place = place[:1].upper() + place[1:]
    return "Thành phố Hồ Chí Minh" if place.lower() == "hồ chí minh" else place


def _kind(word: str) -> str:
    """ "Xã" → "xã", "TP." → "thành phố"."""
    word = word.lower()
    return "thành phố" if word in ("tp", "tp.") else word


def _province(text: str) -> tuple[str, str]:
    """ "Lạng Sơn" → ("tỉnh", "Lạng Sơn"); "Hà Nội", "TP. Huế" → ("thành phố", …)."""
    local = _LOCAL.match(text)
    if local and _kind(local.group(1)) in PROVINCE_KINDS:
        return _kind(local.group(1)), local.group(2).strip()
    from kit.core.text import fold

    return ("thành phố" if fold(text) in {fold(c) for c in CITIES} else "tỉnh"), text


def _department(name: str, kind: str, province: str) -> Issuer:
    own = _IN_PROVINCE.search(name)
    if own:  # "Sở Tư pháp tỉnh Lạng Sơn": the province goes to the parent line
        name = name[: own.start()].strip()
        if not province:
            kind, province = _province(f"{own.group(1)} {own.group(2).strip()}")
    words = name.split()
    head = next(
        (title for start, title in HEADS.items() if name.lower().startswith(f"{start} ")),
        DIRECTOR,
    )
    short = words[0] if words and words[0].lower() in ("sở", "ban") else name
    initials = "".join(w[0] for w in re.findall(r"\w+", _NOTE.sub("", name)) if w != "và")
    return Issuer(
        level="so_nganh",
        voice=Voice(name, short),
        issuing_body=name,
        parent_body=f"UBND {kind} {province}" if province else "",
        place=_place(province),
        symbol=initials.upper(),
        province=f"{kind} {province}" if province else "",
        head=head,
    )


def sent_to(unit: Issuer) -> str:
    """Where the report goes, in the closing line."""
    committee = f"Ủy ban nhân dân {unit.province or 'tỉnh'}"
    if unit.level == "tinh_thanh_pho":
        return "kính gửi Bộ Tư pháp tổng hợp, báo cáo Thủ tướng Chính phủ"
    if _is_justice(unit):
        return f"kính báo cáo {committee}"
    if unit.level == "so_nganh":
        return f"kính gửi Sở Tư pháp tổng hợp, báo cáo {committee}"
    return f"kính gửi Sở Tư pháp {unit.province}".rstrip() + f" tổng hợp, báo cáo {committee}"


def _is_justice(unit: Issuer) -> bool:
    return unit.level == "so_nganh" and "tư pháp" in unit.issuing_body.lower()


def recipients(unit: Issuer) -> list[str]:
    """Where copies go ("Nơi nhận"), by the unit's level."""
    committee = f"UBND {unit.province or 'tỉnh'}"
    if unit.level == "tinh_thanh_pho":
        council = "Tỉnh ủy" if unit.province.startswith("tỉnh") else "Thành ủy"
        return [
            "Bộ Tư pháp (để tổng hợp)",
            f"Thường trực {council}",
            f"Thường trực HĐND {unit.province}".strip(),
            f"Chủ tịch, các Phó Chủ tịch {committee}",
            "Sở Tư pháp",
        ]
    if unit.level == "so_nganh":
        out = [f"{committee} (để báo cáo)"]
        out += [] if _is_justice(unit) else ["Sở Tư pháp (để tổng hợp)"]
        head, body_name = unit.head[1], " Sở" if unit.voice.short == "Sở" else ""
        return [*out, f"{head}, các Phó {head}{body_name}"]
    kind = unit.voice.short.removeprefix("Ủy ban nhân dân ")
    return [
        f"Sở Tư pháp {unit.province}".strip() + " (để tổng hợp)",
        f"Chủ tịch, các Phó Chủ tịch UBND {kind}",
    ]


def signature(unit: Issuer) -> SignatureBlock:
    """The signature of the plan template for the unit's level, with the head of its body."""
    from kit.plans.library import template

    sign = template(TEMPLATE_LEVELS[unit.level]).signature
    head = unit.head[0]  # a department's template names a Director: other bodies have theirs
    authority = [f"{prefix} {who}".replace(DIRECTOR[0], head) for prefix, who in sign.authority]
    return SignatureBlock(authority=authority, position=sign.position.replace(DIRECTOR[0], head))
