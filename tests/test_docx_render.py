"""Every DOCX the kit makes, filled as a clerk would fill it, rendered by LibreOffice as a person
would open it: one ``soffice --headless --convert-to pdf`` call for all of them, each PDF read
back with ``pdftotext -layout`` and its first pages kept as PNG in ``test-artifacts/docx/``.

What a reader must never see on a finished page: "…" (the only blanks left are those filled at
signing: the number before the symbol and the day, printed as spaces), "[", an internal id, a
path or a tag ("seed 004", "DOMAIN §3", "l02-ex-01", "kit/rules/…"), a date split across two
lines, or a body's name broken inside a place name ("TỈNH THANH / HÓA").

Without LibreOffice the test is skipped with the reason, except under CI (``CI=true``) where it
fails: the test command installs it.
"""

from __future__ import annotations

import dataclasses
import json
import os
import re
import shutil
import subprocess
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest

from kit import api, trainees
from kit.assessment.questionnaire.answers import check_answers
from kit.assessment.questionnaire.saved import read_saved
from kit.assessment.questionnaire.scoring import default_scorer
from kit.assessment.report.document import build_report
from kit.assessment.rollup.aggregate import roll_up
from kit.assessment.rollup.document import rollup_docx
from kit.assessment.rollup.model import ScoredUnit
from kit.core.errors import InputError
from kit.export import decree30
from kit.export.doc_fields import DocumentFields
from kit.export.results import practice_report
from kit.plans.export import export_plan
from kit.plans.model import Plan, Signature
from kit.practice import Practice
from kit.workshops import sessions
from kit.workshops.dashboard import build, pick_test_items
from kit.workshops.export import write_docx
from kit.workshops.run import WorkshopRun

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "assessment"
ARTIFACTS = ROOT / "test-artifacts" / "docx"
#: finished plans (the seeds), and the templates a unit starts from (drafts, with [gaps])
PLANS = sorted((ROOT / "exercises" / "plans").glob("*.json"))
TEMPLATES = sorted((ROOT / "kit" / "plans" / "templates").glob("*.json"))
CAT = api.load_content()

COMMUNE = DocumentFields(
    issuing_body="Ủy ban nhân dân xã Quảng Thái",
    symbol="BC-UBND",
    place="Quảng Thái",
    authority=("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH"),
    position="Phó Chủ tịch",
    signer="Lê Thị Thu Hằng",
    recipients=("Sở Tư pháp tỉnh Thanh Hóa (để tổng hợp)", "Chủ tịch, các Phó Chủ tịch UBND xã"),
)
DEPARTMENT = DocumentFields(
    issuing_body="Sở Tư pháp",
    parent_body="Ủy ban nhân dân tỉnh Thanh Hóa",
    symbol="STP",
    place="Thanh Hóa",
    authority=("KT. GIÁM ĐỐC",),
    position="Phó Giám đốc",
    signer="Nguyễn Văn Đức",
    recipients=(
        "UBND tỉnh (để báo cáo)",
        "Bộ Tư pháp (để tổng hợp)",
        "Giám đốc, các Phó Giám đốc Sở",
    ),
)

#: what no finished page shows (the signing blanks are spaces, never "…")
FORBIDDEN = {
    # the kit's placeholder; "…" closing a quotation («… chưa đ…») marks a cut quote, not a gap,
    # and "…7KQ2" the last characters of an access code (its hint), not a gap either
    "placeholder": re.compile(r"…(?!»|[A-Z0-9]{4}\b)"),
    "bracket": re.compile(r"\["),
    "internal tag": re.compile(r"\bseed[- ]?\d{3}\b|DOMAIN\s*§|\bl\d{2}-[a-z]+-\d+\b", re.I),
    "path": re.compile(r"\b[\w.-]+/[\w.-]+\.(?:ya?ml|json|py|md|docx)\b|\bkit/\w"),
    "field path": re.compile(r"\b[a-z_]+/\d+/[a-z_]+"),
    "python value": re.compile(r"\bNone\b|\bTrue\b|\bFalse\b"),
    # a Vietnamese page writes 62,6/80 and 26,5%, never 62.6 (1.235 is a thousand, kept)
    "decimal point": re.compile(r"\b\d+\.\d{1,2}(?=\s*(?:/\s*\d|%|điểm))"),
}
#: a date cut at the end of a line: "02/03/202" + "6", "02/" + "03/2026", "ngày 05 tháng" + "4"
SPLIT_DATE = re.compile(
    r"(?:\b\d{1,2}/\d{1,2}/\d{0,3}|\b\d{1,2}/|\bngày\s+\d{1,2}(?:\s+tháng(?:\s+\d{1,2})?)?"
    r"(?:\s+năm)?)\s*$"
)
#: names whose words must stay on one line in a header (upper case as printed)
HEADER_NAMES = ("TỈNH THANH HÓA", "XÃ QUẢNG THÁI", "TỈNH LẠNG SƠN", "SỞ TƯ PHÁP", "XÃ CHÁNH LỘ")


def _require_tools() -> None:
    missing = [tool for tool in ("soffice", "pdftotext", "pdftoppm") if not shutil.which(tool)]
    if missing and os.environ.get("CI") == "true":
        pytest.fail(f"{', '.join(missing)} missing under CI: the test command installs them")
    if missing:
        pytest.skip(f"{', '.join(missing)} not installed (LibreOffice, poppler-utils)")


def _answers(name: str, **changes: object) -> dict[str, object]:
    raw = read_saved(json.loads((FIXTURES / f"{name}.json").read_text("utf-8"))).raw
    raw.update(changes)
    checked = check_answers(raw, "draft")
    assert checked.ok, checked.problems
    return checked.answers


def _answer(practice: Practice, item: object, right: bool) -> None:
    """The accepted answer, or a wrong one in a form the item takes."""
    from kit.grading.engine import accepted_answers

    item_id = getattr(item, "id", "")
    if right:
        practice.submit(item_id, accepted_answers(item)[0])  # type: ignore[arg-type]
        return
    for wrong in ("01/01/2000", "0", "a", "sai"):
        try:
            practice.submit(item_id, wrong)
            return
        except InputError:
            continue
    practice.submit(item_id, accepted_answers(item)[0])  # type: ignore[arg-type]


def _workshop_report() -> bytes:
    lessons = [lesson.id for lesson in CAT.ordered_lessons()][:2]
    pre, post = pick_test_items(CAT, "B", lessons, "parallel")
    spec = sessions.validate_spec(
        {
            "title": "Truyền thông dự thảo chính sách cho cán bộ tư pháp xã",
            "day": date(2026, 3, 2),
            "place": "Hội trường Ủy ban nhân dân xã Quảng Thái",
            "track": "B",
            "lessons": lessons,
            "pre_items": pre,
            "post_items": post,
            "expected": 25,
        },
        CAT,
    )
    ws = sessions.create(spec)
    for n, name in enumerate(("Nguyễn Thị Lan", "Trần Văn Bình", "Lê Hoàng Nam")):
        run = WorkshopRun(ws, trainees.register(name, "UBND xã Quảng Thái", "B").identity, CAT)
        while (practice := run.practice()) is not None:
            item = practice.current()
            assert item is not None
            _answer(practice, item, right=n > 0)
    return write_docx(build(ws, CAT), COMMUNE, CAT)


def _results() -> bytes:
    who = trainees.register("Phạm Thu Trang", "Sở Tư pháp tỉnh Thanh Hóa", "B").identity
    practice = Practice(CAT, who)
    kinds: set[str] = set()
    for n in range(40):  # right and wrong answers over several kinds of item
        item = practice.current()
        if item is None:
            break
        kinds.add(type(item).__name__)
        _answer(practice, item, right=n % 3 != 1)
    assert len(kinds) >= 3, kinds
    return practice_report(practice, "vi", date(2026, 3, 2))


def _self_assessment() -> bytes:
    answers = _answers("seed-000-quang-thai", report_number=None)
    score = default_scorer().score(answers)
    # seed 000's commune reports to its own province's Department of Justice
    to_hue = ("Sở Tư pháp tỉnh Thừa Thiên Huế (để tổng hợp)", *COMMUNE.recipients[1:])
    fields = dataclasses.replace(COMMUNE, recipients=to_hue)
    return decree30.render(build_report(answers, score, fields=fields))


def _rollup() -> bytes:
    units = [
        ScoredUnit.of(_answers(name), f"{name}.json")
        for name in ("strong-unit", "weak-unit-no-evidence", "seed-000-quang-thai")
    ]
    return rollup_docx(roll_up(units), "", "", None, DEPARTMENT)


def _unit_codes() -> bytes:
    from kit.export.unit_codes import codes_docx
    from kit.units.codes import IssuedCode, hint_of
    from kit.units.registry import RegisteredUnit

    units = [
        RegisteredUnit(
            1, "XA-QT", "Ủy ban nhân dân xã Quảng Thái", "xa_phuong_dac_khu", "Thanh Hóa", True
        ),
        RegisteredUnit(2, "STP-TH", "Sở Tư pháp tỉnh Thanh Hóa", "so_nganh", "Thanh Hóa", True),
    ]
    codes = ("K7Q2-PX4M-9TRA", "B3ND-8WQE-2HZC")
    issued = [IssuedCode(u, c, hint_of(c)) for u, c in zip(units, codes, strict=True)]
    return codes_docx(issued, date(2026, 3, 2))


def _paper(part: str) -> Callable[[], bytes]:
    """A paper test of a lesson with every kind of item it holds, or its answer key."""

    def make() -> bytes:
        from kit import api
        from kit.export.paper import choose, key_docx, test_docx

        paper = choose(api.load_content(), "l05-viet-cho-cong-chung", "B", None)
        return test_docx(paper) if part == "test" else key_docx(paper)

    return make


def _plan(path: Path) -> Callable[[], bytes]:
    def make() -> bytes:
        plan = Plan.model_validate_json(path.read_text("utf-8"))
        header = plan.header.model_copy(
            update={
                "issuing_body": plan.header.issuing_body or "Ủy ban nhân dân xã Quảng Thái",
                "place": plan.header.place or "Quảng Thái",
                "number": plan.header.number.strip() or "/KH-UBND",
                "date": plan.header.date or date(2026, 3, 2),
            }
        )
        sign = plan.signature
        signature = Signature(
            authority=sign.authority or [("TM.", "ỦY BAN NHÂN DÂN")],
            position=sign.position or "Chủ tịch",
            name=sign.name or "Lê Văn Hùng",
        )
        filled = plan.model_copy(
            update={
                "header": header,
                "signature": signature,
                "recipients": plan.recipients or ["Sở Tư pháp (để báo cáo)"],
            }
        )
        return export_plan(filled)

    return make


MAKERS: dict[str, Callable[[], bytes]] = {
    "workshop-report": _workshop_report,
    "results": _results,
    "self-assessment-report": _self_assessment,
    "rollup-report": _rollup,
    "unit-codes": _unit_codes,
    "paper-test": _paper("test"),
    "paper-key": _paper("key"),
    **{f"plan-{p.stem}": _plan(p) for p in PLANS},
    **{f"template-{p.stem}": _plan(p) for p in TEMPLATES},
}
#: what a worksheet keeps for the trainee to fill (the other checks still apply to it)
WORKSHEET_MARKS = {"placeholder", "bracket"}
#: the documents a clerk can sign as they come (a template is a draft by design)
FINISHED = [name for name in MAKERS if not name.startswith("template-")]
#: the Decree 30 documents (the results and the list of access codes are plain A4 pages)
OFFICIAL = [
    name for name in MAKERS if name not in ("results", "unit-codes", "paper-test", "paper-key")
]


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """Each document's text as LibreOffice lays it out, by name (one soffice call for all)."""
    _require_tools()
    work = tmp_path_factory.mktemp("docx-render")
    for name, make in MAKERS.items():
        (work / f"{name}.docx").write_bytes(make())
    profile = work / "profile"
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(work),
            *sorted(str(p) for p in work.glob("*.docx")),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    texts: dict[str, str] = {}
    for name in MAKERS:
        pdf = work / f"{name}.pdf"
        assert pdf.exists(), f"LibreOffice made no PDF of {name}"
        texts[name] = subprocess.run(
            ["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True
        ).stdout
        (ARTIFACTS / f"{name}.txt").write_text(texts[name], encoding="utf-8")
        for old in ARTIFACTS.glob(f"{name}-*.png"):
            old.unlink()
        subprocess.run(
            ["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "2", str(pdf), str(ARTIFACTS / name)],
            check=True,
            capture_output=True,
        )
    yield texts


def _lines(text: str) -> list[str]:
    return [line.rstrip() for line in text.splitlines()]


@pytest.mark.parametrize("name", FINISHED)
def test_a_finished_document_shows_no_placeholder_bracket_id_or_path(
    rendered: dict[str, str], name: str
) -> None:
    text = rendered[name]
    # a paper test is a worksheet: its dotted lines and numbered boxes are there to be filled
    allowed = WORKSHEET_MARKS if name.startswith("paper-") else set()
    found = {
        what: sorted({m.group(0) for m in rule.finditer(text)})
        for what, rule in FORBIDDEN.items()
        if what not in allowed and rule.search(text)
    }
    assert not found, f"{name}: {found}"


@pytest.mark.parametrize("name", list(MAKERS))
def test_no_date_is_split_across_two_lines(rendered: dict[str, str], name: str) -> None:
    split = []
    for line in _lines(rendered[name]):
        # the layout puts two columns side by side: a date may end one column, not be cut
        for column in re.split(r"\s{3,}", line):
            if SPLIT_DATE.search(column) and not re.search(r"\d{4}\s*$", column):
                split.append(column)
    assert not split, f"{name}: dates cut at a line end: {split}"


@pytest.mark.parametrize("name", OFFICIAL)
def test_a_header_never_breaks_a_place_or_body_name(rendered: dict[str, str], name: str) -> None:
    head = "\n".join(_lines(rendered[name])[:14])
    flat = re.sub(r"\s+", " ", head)
    for full in HEADER_NAMES:
        words = full.split()
        for cut in range(1, len(words)):
            broken = re.compile(
                rf"{re.escape(' '.join(words[:cut]))}\s*\n(?:.*\s{{3,}})?\s*"
                rf"{re.escape(' '.join(words[cut:]))}\b"
            )
            assert not broken.search(head), f"{name}: «{full}» broken in the header:\n{head}"
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in flat


@pytest.mark.parametrize("name", [n for n in OFFICIAL if n in FINISHED])
def test_the_number_keeps_its_symbol_and_a_blank_for_the_clerk(
    rendered: dict[str, str], name: str
) -> None:
    number = re.search(r"Số:\s*(\d*)\s*/\s*([A-ZĐ0-9-]+)", rendered[name])
    assert number, f"{name}: no number line"
    assert re.fullmatch(r"[A-ZĐ]+(?:-[A-ZĐ0-9]+)+", number.group(2)), number.group(0)


@pytest.mark.parametrize("name", [n for n in OFFICIAL if n not in FINISHED])
def test_a_template_exports_as_a_marked_draft(rendered: dict[str, str], name: str) -> None:
    assert "DỰ THẢO" in rendered[name][:2000]


def test_every_kind_of_document_left_its_first_page_as_an_image(rendered: dict[str, str]) -> None:
    for name in MAKERS:
        pages = sorted(ARTIFACTS.glob(f"{name}-*.png"))
        assert pages and pages[0].stat().st_size > 5_000, f"{name}: no page image"
