"""Does the unit's review report (Báo cáo sơ kết) read like seed 000, with the unit's own figures,
in the Decree 30/2020 format, and does `kit assess report` write it only from complete answers?

Every document is rendered to DOCX by the shared exporter and read back with python-docx.
"""

from __future__ import annotations

import argparse
import io
import json
import re
import unicodedata
from datetime import date
from pathlib import Path

import pytest
from docx import Document
from docx.document import Document as DocumentObject

from kit.assessment.analyzer.analyze import analyze_file
from kit.assessment.questionnaire.answers import InvalidAnswers, check_answers
from kit.assessment.questionnaire.consensus import Assessment, Override, consensus
from kit.assessment.questionnaire.saved import read_saved
from kit.assessment.questionnaire.scoring import score_answers
from kit.assessment.report import report_cli
from kit.assessment.report.document import SCHEME, build_report, report_html
from kit.core.errors import InputError, UsageError
from kit.export.decree30 import BLANK, DRAFT_MARK, OfficialDocument, Styles, render
from kit.export.doc_fields import DocumentFields
from kit.export.measure import NBSP

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "assessment"
SEED = FIXTURES / "seed-000-quang-thai.json"
STRONG = FIXTURES / "strong-unit.json"
WEAK = FIXTURES / "weak-unit-no-evidence.json"
HEADINGS = (Styles.HEADING_1, Styles.HEADING_2, Styles.HEADING_3)
MARKUP = "<img src=x onerror=alert(1)>"


# -- factories --------------------------------------------------------------------------------


def answers_of(path: Path, **changes: object) -> dict[str, object]:
    """A fixture's answers, typed as the app holds them, with ``changes`` (None removes)."""
    raw = read_saved(json.loads(path.read_text("utf-8"))).raw
    raw.update(changes)
    checked = check_answers({k: v for k, v in raw.items() if v is not None}, "draft")
    assert checked.ok, checked.problems
    return checked.answers


def seed_with_figures(**changes: object) -> dict[str, object]:
    """Seed 000 with the figures a complete questionnaire would hold."""
    figures: dict[str, object] = {
        "period_start": "2023-01-01",
        "period_end": "2023-12-31",
        "report_number": "25/BC-UBND",
        "report_date": "2023-05-26",
        "drafts_total": 3,
        "drafts_in_scope": 2,
        "drafts_communicated": 1,
        "funding_amount": "12.000.000",
        "funding_used_percent": 75,
    }
    return answers_of(SEED, **{**figures, **changes})


def docx(doc: OfficialDocument) -> DocumentObject:
    return Document(io.BytesIO(render(doc)))


def plain(text: str) -> str:
    """Text as a reader sees it: non-breaking spaces as spaces, a line break as " / "."""
    return text.replace(NBSP, " ").replace("\n", " / ")


def header(document: DocumentObject) -> dict[str, list[tuple[str, str]]]:
    """The header table's cells as (style, text) lines: issuer, national, number, place-date."""
    cells = [c for row in document.tables[0].rows for c in row.cells]
    names = ("issuer", "national", "number", "place_date")
    return {
        name: [(p.style.name, plain(p.text)) for p in cell.paragraphs if p.text]
        for name, cell in zip(names, cells, strict=True)
    }


def footer(document: DocumentObject) -> tuple[list[str], list[str]]:
    """Nơi nhận lines and signature lines."""
    table = next(t for t in document.tables if t.rows[0].cells[0].text.startswith("Nơi nhận"))
    left, right = table.rows[0].cells
    return [p.text for p in left.paragraphs], [p.text for p in right.paragraphs]


def body(document: DocumentObject) -> list[tuple[str, str]]:
    """The top-level paragraphs (style, text) from the document type to the end (a draft's
    «DỰ THẢO» mark above the header left out)."""
    lines = [(p.style.name, p.text) for p in document.paragraphs]
    start = next(i for i, (style, _) in enumerate(lines) if style == Styles.DOC_TYPE)
    return lines[start:]


def draft_mark(document: DocumentObject) -> bool:
    """Does the first page carry the «DỰ THẢO» mark?"""
    return any(p.text == DRAFT_MARK for p in document.paragraphs[:2])


def sections(document: DocumentObject) -> list[tuple[str, list[str]]]:
    """Each heading of the main text with the text under it, in order (the annex left out)."""
    out: list[tuple[str, list[str]]] = []
    for style, text in body(document):
        if style == Styles.ANNEX_LABEL:
            break
        if style in HEADINGS:
            out.append((text, []))
        elif out and text:
            out[-1][1].append(text)
    return out


def under(document: DocumentObject, starts: str) -> str:
    return " ".join(next(text for head, text in sections(document) if head.startswith(starts)))


def all_text(document: DocumentObject) -> str:
    parts = [p.text for p in document.paragraphs]
    parts += [c.text for t in document.tables for row in t.rows for c in row.cells]
    return plain("\n".join(parts))


def cli(tmp_path: Path, source: Path, out_name: str = "bao-cao.docx") -> tuple[int, Path]:
    parser = argparse.ArgumentParser(prog="kit assess")
    report_cli.add_parser(parser.add_subparsers(dest="action"), argparse.ArgumentParser)
    output = tmp_path / out_name
    args = parser.parse_args(["report", str(source), "-o", str(output)])
    return report_cli.run(args), output


def saved_copy(tmp_path: Path, source: Path, **extra: object) -> Path:
    data = json.loads(source.read_text("utf-8")) | extra
    path = tmp_path / source.name
    path.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    return path


# -- header and title -------------------------------------------------------------------------


def test_the_header_names_the_commune_its_number_and_the_date() -> None:
    head = header(docx(build_report(seed_with_figures())))
    assert head["issuer"][0] == (Styles.ISSUING_BODY, "ỦY BAN NHÂN DÂN / XÃ QUẢNG THÁI")
    assert head["number"] == [(Styles.NUMBER, "Số: 25/BC-UBND")]
    assert head["place_date"] == [(Styles.PLACE_DATE, "Quảng Thái, ngày 26 tháng 5 năm 2023")]
    assert [t for _, t in head["national"]][:2] == [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
    ]


def test_an_unnumbered_report_leaves_the_clerk_blanks_for_the_number_and_the_day() -> None:
    head = header(docx(build_report(answers_of(WEAK))))
    blank = plain(BLANK)
    assert head["number"][0][1] == f"Số: {blank}/BC-UBND"
    assert head["place_date"][0][1].endswith(f"ngày {blank} tháng {blank} năm 2024")


def test_a_report_without_its_signers_name_is_a_draft_until_the_fields_give_it() -> None:
    """The answers name the contact, not the signer: without the unit's document fields the
    report is marked «DỰ THẢO» and shows "…" where the name goes; with them it is finished."""
    answers = seed_with_figures()
    unsigned = docx(build_report(answers))
    assert draft_mark(unsigned) and footer(unsigned)[1][-1] == "…"
    fields = DocumentFields(
        symbol="BC-UBND",
        position="Phó Chủ tịch",
        signer="Lê Thị Thu Hằng",
        recipients=("Sở Tư pháp tỉnh Thanh Hóa (để tổng hợp)",),
    )
    signed = docx(build_report(answers, fields=fields))
    recipients, signature = footer(signed)
    assert not draft_mark(signed)
    assert signature[-2:] == ["PHÓ CHỦ TỊCH", "Lê Thị Thu Hằng"]
    assert recipients[1:] == ["- Sở Tư pháp tỉnh Thanh Hóa (để tổng hợp);", "- Lưu: VT."]
    assert header(signed)["number"] == [(Styles.NUMBER, "Số: 25/BC-UBND")]  # the answer's number
    assert "…" not in all_text(signed)


@pytest.mark.parametrize(
    ("given", "printed"),
    [
        (DocumentFields(issuing_body="Ủy ban nhân dân xã Quảng Thái Mới"), "XÃ QUẢNG THÁI MỚI"),
        (DocumentFields(place="Hoằng Hóa"), "Hoằng Hóa, ngày"),
        (DocumentFields(authority=("TM. ỦY BAN NHÂN DÂN",)), "TM. ỦY BAN NHÂN DÂN"),
    ],
)
def test_a_field_given_replaces_what_the_answers_imply_and_the_rest_is_kept(
    given: DocumentFields, printed: str
) -> None:
    text = all_text(docx(build_report(seed_with_figures(), fields=given)))
    assert printed in text and "Sơ kết 01 năm thực hiện Đề án" in text


def test_the_title_names_the_scheme_and_the_period() -> None:
    lines = body(docx(build_report(seed_with_figures())))
    assert lines[0] == (Styles.DOC_TYPE, "BÁO CÁO")
    assert lines[1] == (
        Styles.TITLE,
        f"Sơ kết 01 năm thực hiện Đề án “{SCHEME}” (từ ngày 01/01/2023 đến ngày 31/12/2023)",
    )
    assert "Tổ chức truyền thông chính sách có tác động lớn đến xã hội" in SCHEME
    preamble = lines[3][1]
    assert preamble.startswith("Thực hiện Quyết định số 407/QĐ-TTg ngày 30/3/2022")
    assert "Ủy ban nhân dân xã Quảng Thái báo cáo sơ kết 01 năm" in preamble


def test_a_half_year_period_is_a_six_month_review() -> None:
    doc = build_report(seed_with_figures(period_end="2023-06-30", report_date="2023-07-05"))
    assert doc.title.startswith("Sơ kết 06 tháng thực hiện Đề án")


# -- body -------------------------------------------------------------------------------------


def test_the_sections_come_in_the_order_of_seed_000() -> None:
    heads = [head for head, _ in sections(docx(build_report(seed_with_figures())))]
    assert heads == [
        "I. KẾT QUẢ THỰC HIỆN",
        "1.1. Kết quả đạt được",
        "a) Tổ chức quán triệt, ban hành văn bản chỉ đạo",
        "b) Các hoạt động truyền thông dự thảo chính sách đã thực hiện",
        "c) Phối hợp với cơ quan thông tin, báo chí; tiếp nhận, xử lý góp ý, phản biện",
        "d) Bố trí cán bộ và nâng cao năng lực",
        "đ) Kinh phí triển khai các hoạt động",
        "e) Theo dõi, đánh giá và cải tiến",
        "1.2. Khó khăn, tồn tại, hạn chế và nguyên nhân",
        "II. KIẾN NGHỊ, ĐỀ XUẤT",
    ]


def test_each_section_carries_the_units_figures() -> None:
    document = docx(build_report(seed_with_figures()))
    assert "Ủy ban nhân dân xã đã ban hành Kế hoạch số 18/KH-UBND ngày 12/01/2023" in under(
        document, "a)"
    )
    activities = under(document, "b)")
    assert "chủ trì soạn thảo 3 dự thảo văn bản quy phạm pháp luật" in activities
    assert "Đã tổ chức truyền thông 1/2 dự thảo thuộc phạm vi, đạt tỷ lệ 50%" in activities
    assert "do cán bộ kiêm nhiệm" in under(document, "d)")
    funding = under(document, "đ)")
    assert "nguồn chi thường xuyên của Ủy ban nhân dân xã" in funding
    assert "12.000.000 đồng" in funding and "đã sử dụng 75% số kinh phí" in funding.lower()


def test_difficulties_and_recommendations_are_the_units_own_words() -> None:
    document = docx(build_report(seed_with_figures()))
    assert "Cán bộ công chức chưa được tập huấn" in under(document, "1.2.")
    assert "chưa phân tích, làm rõ nguyên nhân" in under(document, "1.2.").lower()
    assert "1. Tăng cường, thường xuyên mở các lớp bồi dưỡng" in under(document, "II.")
    closing = body(document)[-1][1]
    assert closing.startswith("Trên đây là báo cáo sơ kết 01 năm")
    assert "kính gửi Sở Tư pháp tỉnh Thừa Thiên Huế tổng hợp" in closing and closing.endswith("./.")


def test_one_line_per_recommendation_becomes_a_numbered_item() -> None:
    text = "- Mở lớp tập huấn cho báo cáo viên\n- Bố trí kinh phí riêng"
    found = under(docx(build_report(seed_with_figures(recommendations=text))), "II.")
    assert "1. Mở lớp tập huấn cho báo cáo viên. 2. Bố trí kinh phí riêng." in found


def test_the_weak_unit_gets_honest_sentences_and_no_empty_heading() -> None:
    document = docx(build_report(answers_of(WEAK)))
    found = sections(document)
    assert all(text for head, text in found if not head.startswith(("I.", "1.1.")))
    assert "(chưa ghi số, ký hiệu và ngày ban hành)" in under(document, "a)")
    assert "Chưa thống kê số tài liệu truyền thông, số tin, bài và số hội nghị" in under(
        document, "b)"
    )
    assert "Chưa thống kê số cơ quan báo chí đã phối hợp" in under(document, "c)")
    assert "Chưa thống kê số người và số lớp tập huấn" in under(document, "d)")
    assert "Chưa thống kê tổng số kinh phí" in under(document, "đ)")
    main_text = " ".join(" ".join(text) for _, text in found)
    assert not re.search(r"None|\{|\}|\[|\]|…", main_text)


def test_a_no_is_said_plainly() -> None:
    no = seed_with_figures(
        plan_issued=False,
        plan_number=None,
        plan_date=None,
        press_coordinated=False,
        activities_carried_out=False,
        funding_sources=["chua_bo_tri"],
        funding_amount=None,
        funding_used_percent=None,
        recommendations=None,
    )
    document = docx(build_report(no))
    assert "chưa ban hành kế hoạch riêng để triển khai thực hiện Đề án" in under(document, "a)")
    assert "chưa tổ chức hoạt động truyền thông dự thảo chính sách" in under(document, "b)")
    assert "chưa phối hợp với cơ quan thông tin, báo chí" in under(document, "c)")
    assert "chưa bố trí kinh phí" in under(document, "đ)")
    assert (
        under(document, "II.").split(" Trên")[0] == "Ủy ban nhân dân xã chưa có kiến nghị, đề xuất."
    )


def test_a_unit_that_drafted_nothing_has_no_posting_sentence() -> None:
    text = under(
        docx(
            build_report(
                seed_with_figures(drafts_total=0, drafts_in_scope=0, drafts_communicated=0)
            )
        ),
        "b)",
    )
    assert "không chủ trì soạn thảo dự thảo văn bản quy phạm pháp luật nào" in text
    assert "đăng tải toàn văn" not in text


# -- who issues and signs -------------------------------------------------------------------------


def test_a_commune_has_no_parent_line_and_signs_for_the_committee() -> None:
    document = docx(build_report(answers_of(SEED)))
    assert [s for s, _ in header(document)["issuer"]] == [Styles.ISSUING_BODY]
    recipients, signature = footer(document)
    assert signature == ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "…"]
    assert recipients[1:] == [
        "- Sở Tư pháp tỉnh Thừa Thiên Huế (để tổng hợp);",
        "- Chủ tịch, các Phó Chủ tịch UBND xã;",
        "- Lưu: VT.",
    ]


def test_a_department_is_printed_under_its_province_and_signed_by_the_director() -> None:
    answers = answers_of(STRONG, unit_name="Sở Tư pháp tỉnh Lạng Sơn", province="Lạng Sơn")
    document = docx(build_report(answers))
    head = header(document)
    assert head["issuer"][:2] == [
        (Styles.PARENT_BODY, "UBND TỈNH LẠNG SƠN"),
        (Styles.ISSUING_BODY, "SỞ TƯ PHÁP"),
    ]
    assert head["place_date"][0][1] == "Lạng Sơn, ngày 15 tháng 11 năm 2024"
    recipients, signature = footer(document)
    assert signature[:2] == ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"]
    # the preparer is the contact for the figures, not the signer
    assert "Nguyễn Thị Minh" not in " ".join(signature)
    assert "Đầu mối cung cấp, làm rõ số liệu: Nguyễn Thị Minh" in all_text(document)
    # the Department of Justice aggregates: it reports to the province, not to itself
    assert recipients[1:3] == [
        "- UBND tỉnh Lạng Sơn (để báo cáo);",
        "- Giám đốc, các Phó Giám đốc Sở;",
    ]
    assert "Sở Tư pháp (để tổng hợp)" not in " ".join(recipients)


@pytest.mark.parametrize(
    ("name", "level", "province", "parent", "issuer", "place", "authority"),
    [
        (
            "UBND phường Chánh Lộ",
            "xa_phuong_dac_khu",
            "Quảng Ngãi",
            "",
            "Ủy ban nhân dân phường Chánh Lộ",
            "Chánh Lộ",
            "TM. ỦY BAN NHÂN DÂN",
        ),
        (
            "Sở Xây dựng",
            "so_nganh",
            "Hà Nội",
            "UBND thành phố Hà Nội",
            "Sở Xây dựng",
            "Hà Nội",
            "KT. GIÁM ĐỐC",
        ),
        (
            "Ban Dân tộc",
            "so_nganh",
            "tỉnh Lạng Sơn",
            "UBND tỉnh Lạng Sơn",
            "Ban Dân tộc",
            "Lạng Sơn",
            "KT. TRƯỞNG BAN",
        ),
        (
            "Ủy ban nhân dân tỉnh Lạng Sơn",
            "tinh_thanh_pho",
            "Lạng Sơn",
            "",
            "Ủy ban nhân dân tỉnh Lạng Sơn",
            "Lạng Sơn",
            "TM. ỦY BAN NHÂN DÂN",
        ),
        (
            "UBND Thành phố Hồ Chí Minh",
            "tinh_thanh_pho",
            "",
            "",
            "Ủy ban nhân dân thành phố Hồ Chí Minh",
            "Thành phố Hồ Chí Minh",
            "TM. ỦY BAN NHÂN DÂN",
        ),
    ],
)
def test_the_header_follows_the_units_level_and_province(
    name: str, level: str, province: str, parent: str, issuer: str, place: str, authority: str
) -> None:
    doc = build_report({"unit_name": name, "unit_level": level, "province": province})
    assert (doc.parent_body, doc.issuing_body, doc.place) == (parent, issuer, place)
    assert doc.signature.authority[0] == authority


def test_another_department_sends_its_report_to_the_department_of_justice() -> None:
    doc = build_report(answers_of(STRONG, unit_name="Sở Xây dựng", province="Lạng Sơn"))
    assert doc.recipients[:2] == ["UBND tỉnh Lạng Sơn (để báo cáo)", "Sở Tư pháp (để tổng hợp)"]
    closing = doc.blocks[-1]
    assert "kính gửi Sở Tư pháp tổng hợp, báo cáo Ủy ban nhân dân tỉnh Lạng Sơn" in str(closing)


# -- annex -------------------------------------------------------------------------------------


def test_the_annex_lists_every_dimension_with_its_score_band_and_why() -> None:
    answers = answers_of(STRONG)
    score = score_answers(answers)
    document = docx(build_report(answers, score))
    lines = body(document)
    assert (Styles.ANNEX_TITLE, "KẾT QUẢ TỰ ĐÁNH GIÁ") in lines
    table = next(t for t in document.tables if t.rows[0].cells[0].text == "TT")
    rows = [[c.text for c in row.cells] for row in table.rows[1:]]
    assert [r[1] for r in rows] == [d.dimension.title for d in score.dimensions]
    funding = next(r for r in rows if r[1] == "Kinh phí")
    assert funding[2] == "84" and funding[3] == "Đã kiểm tra và điều chỉnh"
    assert funding[4].startswith("Mức «Đã kiểm tra và điều chỉnh» (71–90 điểm).")
    assert (Styles.BODY, "Tổng điểm: 98,2/100 — mức «Thực hành tốt, học hỏi lẫn nhau».") in lines


def test_without_a_score_there_is_no_annex() -> None:
    assert build_report(answers_of(STRONG)).annexes == []


def test_the_consensus_shows_each_assessors_score_the_range_and_the_reasons() -> None:
    answers = answers_of(STRONG)
    score = score_answers(answers)
    agreed = consensus(
        score,
        [
            Assessment("Lê Văn An", {"staff": Override(60, "Chưa có quyết định cử đi tập huấn.")}),
            Assessment("Phạm Thị Hoa"),
        ],
        {"funding": Override(80, "Chưa huy động nguồn xã hội.")},
    )
    document = docx(build_report(answers, score, agreed=agreed))
    table = next(t for t in document.tables if t.rows[0].cells[0].text == "Tiêu chí")
    rows = {r.cells[0].text: [c.text for c in r.cells] for r in table.rows[1:]}
    assert rows["Cán bộ và tập huấn"][2:] == [
        "Lê Văn An: 60; Phạm Thị Hoa: 100",
        "60–100",
        "80 (trung vị); cần thảo luận",
    ]
    assert rows["Kinh phí"][4] == "80 (họp thống nhất)"
    text = all_text(document)
    assert "Cán bộ và tập huấn — Lê Văn An (60): Chưa có quyết định cử đi tập huấn." in text
    assert "Kinh phí — cuộc họp thống nhất (80): Chưa huy động nguồn xã hội." in text
    assert "Tổng điểm thống nhất:" in text


# -- what a reader and a browser see -----------------------------------------------------------


def test_markup_and_ampersands_in_answers_come_out_literally() -> None:
    answers = answers_of(
        STRONG,
        unit_name=f"Sở Tư pháp {MARKUP} & Cộng sự",
        difficulties=f"Dự thảo bị chèn {MARKUP} & ký tự lạ",
        preparer_name="Trần & Lê",
    )
    doc = build_report(answers, score_answers(answers))
    text = all_text(docx(doc))
    assert f"Dự thảo bị chèn {MARKUP} & ký tự lạ." in text
    assert f"Sở Tư pháp {MARKUP} & Cộng sự báo cáo" in text
    assert "Đầu mối cung cấp, làm rõ số liệu: Trần & Lê" in text
    html = report_html(doc)
    assert "<img" not in html
    assert "Dự thảo bị chèn &lt;img src=x onerror=alert(1)&gt; &amp; ký tự lạ." in html


def test_characters_a_document_cannot_hold_are_dropped_not_fatal() -> None:
    answers = seed_with_figures(difficulties="Thiếu người\x0bthiếu kinh phí\x00")
    assert "Thiếu ngườithiếu kinh phí." in under(docx(build_report(answers)), "1.2.")


def test_the_preview_shows_the_same_report() -> None:
    doc = build_report(seed_with_figures(), score_answers(seed_with_figures()))
    html = report_html(doc)
    for text in (
        "BÁO CÁO",
        "I. KẾT QUẢ THỰC HIỆN",
        "đ) Kinh phí triển khai các hoạt động",
        "12.000.000 đồng",
        "Kết quả tự đánh giá",
        "Số: 25/BC-UBND",
    ):
        assert text in html


def test_every_text_is_unicode_nfc() -> None:
    text = all_text(docx(build_report(answers_of(STRONG), score_answers(answers_of(STRONG)))))
    assert unicodedata.is_normalized("NFC", text)


def test_the_kits_own_analyzer_finds_every_section_with_its_evidence() -> None:
    strong = analyze_file(render(build_report(answers_of(STRONG))), "strong.docx")
    assert strong.to_json()["completeness"] == 100 and strong.to_json()["evidence"] == 100
    assert all(s["found_by"] == "heading" for s in strong.to_json()["sections"])
    weak = analyze_file(render(build_report(answers_of(WEAK))), "weak.docx").to_json()
    directing = next(s for s in weak["sections"] if s["key"] == "chi_dao")
    assert weak["completeness"] == 100 and "no_references" in directing["flags"]


def test_answers_of_the_wrong_type_are_refused() -> None:
    with pytest.raises(InvalidAnswers) as err:
        build_report({"unit_name": "Ủy ban nhân dân xã A", "drafts_total": -1})
    assert [p.field for p in err.value.problems] == ["drafts_total"]


# -- kit assess report -------------------------------------------------------------------------


def test_the_cli_writes_the_report(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, output = cli(tmp_path, STRONG)
    assert code == 0 and "bao-cao.docx" in capsys.readouterr().out
    document = Document(str(output))
    assert body(document)[1][1].startswith("Sơ kết 01 năm thực hiện Đề án")
    assert (Styles.ANNEX_TITLE, "KẾT QUẢ TỰ ĐÁNH GIÁ") in body(document)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bao-cao.docx"]


def test_the_cli_refuses_an_incomplete_file_per_field_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _ = cli(tmp_path, SEED)
    err = capsys.readouterr().err
    assert code == 1
    assert "drafts_in_scope" in err and "period_start" in err
    assert "bắt buộc" in err and "required" in err
    assert list(tmp_path.iterdir()) == []


def test_a_refused_file_leaves_an_earlier_report_untouched(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    earlier = tmp_path / "bao-cao.docx"
    earlier.write_bytes(b"earlier report")
    bad = saved_copy(tmp_path, STRONG)
    data = json.loads(bad.read_text("utf-8"))
    data["answers"]["drafts_communicated"] = 9  # more than the 3 drafts in scope
    bad.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    code, _ = cli(tmp_path, bad)
    assert code == 1 and "drafts_communicated" in capsys.readouterr().err
    assert earlier.read_bytes() == b"earlier report"


def test_the_cli_adds_the_consensus_of_the_assessors(tmp_path: Path) -> None:
    source = saved_copy(
        tmp_path,
        STRONG,
        assessments=[
            {
                "assessor": "Lê Văn An",
                "overrides": {"staff": {"score": 70, "reason": "Thiếu quyết định."}},
            },
            {"assessor": "Phạm Thị Hoa"},
        ],
    )
    code, output = cli(tmp_path, source)
    assert code == 0
    assert "Lê Văn An (70): Thiếu quyết định." in all_text(Document(str(output)))


def test_the_cli_reads_a_template_filled_in_for_one_unit(tmp_path: Path) -> None:
    from kit.assessment.collection.template import write_template

    sheet = tmp_path / "don-vi.xlsx"
    sheet.write_bytes(write_template([answers_of(STRONG)]))
    code, output = cli(tmp_path, sheet)
    assert code == 0
    assert "SỞ TƯ PHÁP (ĐƠN VỊ MẪU)" in all_text(Document(str(output)))


def test_the_cli_refuses_a_template_of_several_units(tmp_path: Path) -> None:
    from kit.assessment.collection.template import write_template

    sheet = tmp_path / "don-vi.xlsx"
    sheet.write_bytes(
        write_template([answers_of(STRONG), answers_of(STRONG, unit_name="Sở Xây dựng")])
    )
    with pytest.raises(InputError, match="2 đơn vị"):
        cli(tmp_path, sheet)
    assert not (tmp_path / "bao-cao.docx").exists()


def test_the_cli_wants_a_docx_and_a_known_input(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match=r"\.docx"):
        cli(tmp_path, STRONG, "bao-cao.pdf")
    text = tmp_path / "bao-cao.txt"
    text.write_text("Báo cáo", "utf-8")
    with pytest.raises(UsageError, match=r"\.txt"):
        cli(tmp_path, text)


def test_the_report_date_follows_decree_30s_leading_zero_rule() -> None:
    doc = build_report(seed_with_figures(report_date="2023-02-05"))
    assert doc.date == date(2023, 2, 5)
    assert header(docx(doc))["place_date"][0][1] == "Quảng Thái, ngày 05 tháng 02 năm 2023"
