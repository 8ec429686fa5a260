"""File names keep their letters, header names break between words at the place's kind, and the
document fields a page sends are checked: the one slug rule, the header breaker, the fields."""

from __future__ import annotations

import re

import pytest

from kit.apps.plans.app import PlanBuilderView
from kit.apps.plans.fields import plan_fields
from kit.apps.ui.shell import AppShell
from kit.core.errors import InputError
from kit.core.slug import filename, slug
from kit.export.decree30 import OfficialDocument, missing_parts, number_line
from kit.export.doc_fields import DocumentFields, apply
from kit.export.measure import NBSP, name_lines, width_mm


@pytest.mark.parametrize(
    ("text", "want"),
    [
        (
            "bao-cao-so-ket-Ủy ban nhân dân xã Quảng Thái",
            "bao-cao-so-ket-uy-ban-nhan-dan-xa-quang-thai",
        ),
        ("ke-hoach-SỞ TƯ PHÁP", "ke-hoach-so-tu-phap"),
        ("ĐẶC KHU Phú Quốc", "dac-khu-phu-quoc"),
        ("Ðà Nẵng (look-alike Đ)", "da-nang-look-alike-d"),
        ("Thủy  hoà\tNFD: Qua\u0309ng", "thuy-hoa-nfd-quang"),
        ("../../etc/passwd", "etc-passwd"),
        ("<script>", "script"),
        ("   ", "tai-lieu"),
        ("年度报告", "tai-lieu"),
    ],
)
def test_one_slug_rule_transliterates_every_name(text: str, want: str) -> None:
    assert slug(text) == want


@pytest.mark.parametrize(
    ("name", "want"),
    [
        ("Báo cáo Quảng Thái.DOCX", "bao-cao-quang-thai.docx"),
        ("lop-AB12CD.xlsx", "lop-ab12cd.xlsx"),
        ("x" * 300 + ".docx", "x" * 80 + ".docx"),
    ],
)
def test_a_file_name_keeps_its_extension(name: str, want: str) -> None:
    assert filename(name) == want


@pytest.mark.parametrize(
    ("name", "bold", "lines"),
    [
        ("ỦY BAN NHÂN DÂN XÃ QUẢNG THÁI", True, ["ỦY BAN NHÂN DÂN", "XÃ QUẢNG THÁI"]),
        ("ỦY BAN NHÂN DÂN TỈNH THANH HÓA", False, ["ỦY BAN NHÂN DÂN", "TỈNH THANH HÓA"]),
        (
            "ỦY BAN NHÂN DÂN THÀNH PHỐ HỒ CHÍ MINH",
            True,
            ["ỦY BAN NHÂN DÂN", "THÀNH PHỐ HỒ CHÍ MINH"],
        ),
        ("UBND TỈNH LẠNG SƠN", False, ["UBND TỈNH LẠNG SƠN"]),
        ("SỞ TƯ PHÁP", True, ["SỞ TƯ PHÁP"]),
    ],
)
def test_a_header_name_breaks_before_the_kind_of_place(
    name: str, bold: bool, lines: list[str]
) -> None:
    got = name_lines(name, 12, bold, 66)
    assert [line.replace(NBSP, " ") for line in got] == lines
    assert all(" " not in line for line in got)  # words inside a line never part
    assert all(width_mm(line, 12, bold) <= 66 for line in got)


def test_a_name_too_long_for_two_lines_takes_three_and_no_line_overflows() -> None:
    long = "BAN CHỈ ĐẠO PHỔ BIẾN GIÁO DỤC PHÁP LUẬT TỈNH THANH HÓA"
    got = [line.replace(NBSP, " ") for line in name_lines(long, 12, True, 66)]
    assert got[-1] == "TỈNH THANH HÓA" and " ".join(got) == long


@pytest.mark.parametrize(
    ("number", "want"),
    [
        ("43/KH-UBND", "Số: 43/KH-UBND"),
        ("/BC-UBND", "Số: \u00a0\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0/BC-UBND"),
        (" / BC-STP ", "Số: \u00a0\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0/BC-STP"),
        ("", "Số: …"),
        ("/BC-", "Số: /BC-"),
    ],
)
def test_the_number_line_leaves_only_the_number_for_the_clerk(number: str, want: str) -> None:
    assert number_line(number) == want


@pytest.mark.parametrize(
    ("raw", "field"),
    [
        ({"symbol": "BC UBND!"}, "Ký hiệu"),
        ({"authority": "Thay mặt UBND"}, "TM., KT."),
        ({"authority": "TM. UBND\nKT. CHỦ TỊCH\nTL. X"}, "hai dòng"),
    ],
)
def test_a_field_that_cannot_be_used_is_named(raw: dict[str, object], field: str) -> None:
    with pytest.raises(InputError) as caught:
        DocumentFields.read(raw)
    assert field in caught.value.vi


def test_fields_fill_a_document_and_only_missing_ones_make_it_a_draft() -> None:
    fields = DocumentFields.read(
        {
            "issuing_body": "  Sở   Tư pháp ",
            "symbol": "/stp",
            "place": "Thanh Hóa",
            "authority": "kt. giám đốc",
            "position": "Phó Giám đốc",
            "signer": "",
            "recipients": "- UBND tỉnh;\n\n- Lưu: VT.",
        }
    )
    assert fields.authority == ("KT. GIÁM ĐỐC",) and fields.number("BC") == "/BC-STP"
    doc = apply(OfficialDocument(title="Báo cáo"), fields, "BC")
    assert doc.issuing_body == "Sở Tư pháp" and doc.number == "/BC-STP"
    assert missing_parts(doc) == ["signer"]
    signed = apply(doc, DocumentFields(signer="Nguyễn Văn Đức"), "BC")
    assert missing_parts(signed) == []


@pytest.mark.parametrize(
    ("number", "kept"),
    [
        ("25/BC-UBND", "25/BC-UBND"),  # numbered already: the document's own
        ("/BC-UBND", "/BC-STP"),
        ("", "/BC-STP"),
        ("…", "/BC-STP"),
    ],
)
def test_a_number_a_document_already_has_is_kept_over_the_remembered_symbol(
    number: str, kept: str
) -> None:
    doc = OfficialDocument(title="Báo cáo", number=number)
    doc = apply(doc, DocumentFields(symbol="STP"), "BC")
    assert doc.number == kept


# -- the plan builder's fields ----------------------------------------------------------------


def _plan_app(unit: str, name: str = "Lê Kế Hoạch") -> tuple[AppShell, PlanBuilderView]:
    shell = AppShell("plans", None)
    view = PlanBuilderView(shell)
    shell.mount(view.render)
    view.gate.join(name, unit, "B")
    return shell, view


def test_a_templates_gaps_are_no_document_fields_and_the_plan_lists_what_it_lacks() -> None:
    from kit.plans import library

    template = library.template("commune")
    fields = plan_fields(template)
    assert fields.issuing_body == "" and fields.signer == "" and fields.place == ""
    assert fields.symbol == "KH-UBND"  # "[Số]/KH-UBND": the symbol is known, the number is not
    assert "Lưu: VT, [bộ phận tư pháp]" not in fields.recipients
    _, view = _plan_app("UBND xã Tiên Phong")
    view.start_from("template", "commune")
    status = view.doc_fields.status.value
    assert status.startswith("Còn thiếu: cơ quan ban hành, địa danh")
    assert "họ và tên người ký" in status and "ký hiệu" not in status


def test_an_exported_plan_gives_its_fields_to_the_units_next_plan_and_not_to_another_unit() -> None:
    _, view = _plan_app("UBND xã Tiên Phong", "Đỗ Văn Một")
    view.start_from("template", "commune")
    session = view.session
    assert session is not None
    for path, value in (
        ("header/issuing_body", "Ủy ban nhân dân xã Tiên Phong"),
        ("header/place", "Tiên Phong"),
        ("signature/name", "Đỗ Thị Hai"),
    ):
        session.set(path, value)
    session.set_lines("recipients", "Sở Tư pháp tỉnh Phú Thọ\nLưu: VT")
    view.make_download("docx")
    # the same unit, another day: the new plan starts with the unit's fields
    _, again = _plan_app("UBND xã Tiên Phong", "Đỗ Văn Một")
    again.start_from("template", "commune")
    assert again.session is not None
    plan = again.session.plan
    assert plan.header.issuing_body == "Ủy ban nhân dân xã Tiên Phong"
    assert plan.header.place == "Tiên Phong" and plan.signature.name == "Đỗ Thị Hai"
    assert plan.header.number == "/KH-UBND"
    assert plan.recipients == ["Sở Tư pháp tỉnh Phú Thọ", "Lưu: VT"]
    assert plan.signature.authority == [("TM.", "ỦY BAN NHÂN DÂN"), ("KT.", "CHỦ TỊCH")]
    # another unit keeps the template's gaps
    _, other = _plan_app("UBND phường Nam Định", "Vũ Văn Ba")
    other.start_from("template", "commune")
    assert other.session is not None
    assert "[" in other.session.plan.header.issuing_body


def test_a_seed_plan_is_never_overwritten_by_remembered_fields() -> None:
    from kit.plans import library

    _, view = _plan_app("UBND xã Tiên Phong", "Đỗ Văn Một")
    assert plan_fields(library.template("commune")).issuing_body == ""  # gaps are not kept
    mine = library.template("commune")
    mine.header.issuing_body, mine.header.place = "Ủy ban nhân dân xã Tiên Phong", "Tiên Phong"
    view.doc_fields.remember(mine)
    assert view.doc_fields.remembered().place == "Tiên Phong"
    seed = next(iter(library.SEEDS))
    view.start_from("seed", seed)
    assert view.session is not None
    assert view.session.plan.header == library.seed(seed).header


# -- the Assess app's report -----------------------------------------------------------------


def _docx_text(link: str) -> str:
    import base64
    import io

    from docx import Document

    found = re.search(r"base64,([^'\"]+)", link)
    assert found
    doc = Document(io.BytesIO(base64.b64decode(found.group(1))))
    parts = [p.text for p in doc.paragraphs]
    parts += [c.text for t in doc.tables for r in t.rows for c in r.cells]
    return "\n".join(parts).replace(NBSP, " ")


def test_the_assess_report_takes_the_units_fields_and_they_are_remembered_for_the_unit() -> None:
    from tests.test_assess_app import body, button, fill_from, open_app

    shell, view = open_app("Trịnh Ký Tên")
    fill_from(view, "seed-000-quang-thai.json")
    view.go("results")
    # the answers name the body and the place; only the signer and the recipients are left
    status = view.doc_fields.status.value
    assert "họ và tên người ký" in status and "cơ quan ban hành" not in status
    button(body(shell), "Tạo báo cáo sơ kết (DOCX)").click()
    assert _docx_text(view.downloads["docx"].value).startswith("DỰ THẢO")
    typed = {
        "signer": "Lê Thị Thu Hằng",
        "position": "Phó Chủ tịch",
        "recipients": "Sở Tư pháp tỉnh Thanh Hóa (để tổng hợp)\nThường trực Đảng ủy xã",
    }
    for name, value in typed.items():
        view.doc_fields._inputs[name].value = value
    assert "Đủ thông tin" in view.doc_fields.status.value
    button(body(shell), "Tạo báo cáo sơ kết (DOCX)").click()
    text = _docx_text(view.downloads["docx"].value)
    assert "DỰ THẢO" not in text
    assert not re.search(r"…(?!»)", text)  # only a quotation cut short («… chưa đ…») keeps one
    assert "Lê Thị Thu Hằng" in text and "- Thường trực Đảng ủy xã;" in text
    assert "ỦY BAN NHÂN DÂN\nXÃ QUẢNG THÁI" in text  # still from the answers
    # the same unit, opened again by someone else: the fields are there
    _, again = open_app("Người Khác")
    fill_from(again, "seed-000-quang-thai.json")
    again.go("results")
    assert again.doc_fields._inputs["signer"].value == "Lê Thị Thu Hằng"


@pytest.mark.parametrize(
    ("raw", "want"),
    [
        ({"issuing_body": 5, "recipients": {"a": 1}}, DocumentFields()),  # not text: nothing
        ({"signer": "Lê " + "x" * 10_000}, DocumentFields(signer=("Lê " + "x" * 10_000)[:200])),
        (
            {"place": "Qua\u0309\u200bng Tha\u0301i\x00\nHóa"},  # decomposed, zero-width, control
            DocumentFields(place="Quảng Thái Hóa"),
        ),
        (
            {"recipients": "\n".join(f"Nơi {i}" for i in range(100_000))},
            DocumentFields(recipients=tuple(f"Nơi {i}" for i in range(20))),
        ),
        (
            {"recipients": ["Sở Tư pháp;", 7, None, "- Lưu: VT."]},
            DocumentFields(recipients=("Sở Tư pháp", "Lưu: VT")),
        ),
        ({"symbol": None, "authority": ""}, DocumentFields()),
    ],
)
def test_what_a_page_or_a_stored_value_sends_is_folded_bounded_and_never_crashes(
    raw: dict[str, object], want: DocumentFields
) -> None:
    assert DocumentFields.read(raw) == want
