"""The limits of :mod:`kit.core.limits`, measured: the time and peak memory of reading the largest
file each reader accepts (right at its limit), and of refusing each bomb (a zip bomb, a Word file
whose XML expands, an entity expansion attempt, deep JSON, a huge CSV…).

Every case runs in a fresh Python process, so that its peak memory (``ru_maxrss``, the whole
process: Python, the kit and its libraries included) is its own; the input files are built once
beforehand, in a temporary folder. The target (printed, never asserted): a refusal takes at most
10 s and 500 MB.

``python -m benchmarks.bench_limits`` (all cases, some minutes); ``… --case NAME`` runs one.
"""

from __future__ import annotations

import csv
import io
import json
import random
import re
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

from benchmarks.results import save_results
from tests import hostile_files as h  # the builders the tests use

REFUSAL_SECONDS, REFUSAL_MB = 10, 500
ROOT = Path(__file__).resolve().parents[1]


# ---------------------------------------------------------------------- inputs


def eligibility_rows(n: int) -> list[list[object]]:
    from kit.eligibility.batch.contract import INPUT_HEADERS

    rnd = random.Random(407)
    kinds = ["Nghị quyết HĐND tỉnh", "Quyết định UBND tỉnh", "Luật", "Nghị định"]
    scopes = ["Toàn tỉnh", "Toàn quốc", "Một số xã"]
    rows: list[list[object]] = [list(INPUT_HEADERS)]
    for i in range(n):
        rows.append(
            [
                f"DT-{i:05d}",
                f"Dự thảo chính sách hỗ trợ số {i} về {rnd.choice(['y tế', 'đất đai'])}",
                rnd.choice(kinds),
                rnd.choice(["Sở Tài chính", "Sở Y tế", "Sở Nội vụ"]),
                f"{rnd.randint(1, 28):02d}/{rnd.randint(1, 12):02d}/2025",
                "",
                rnd.choice(["Có", "Không", ""]),
                "Không",
                rnd.choice(["Có", "Không"]),
                rnd.choice(["Có", "Không"]),
                rnd.choice(scopes),
            ]
        )
    return rows


def write_xlsx(rows: list[list[object]]) -> bytes:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    ws = book.create_sheet("Dự thảo")
    for r in rows:
        ws.append(r)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def write_csv(rows: list[list[object]]) -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue().encode("utf-8")


def assessment_xlsx(n: int) -> bytes:
    """The kit's own collection template with ``n`` units (the first unit's row repeated, each
    with its own name): what a province's consolidated file at the limit looks like."""
    from kit.assessment.collection.template import write_template
    from tests.test_assessment_import import STRONG, typed_in

    data = write_template([typed_in(STRONG)])
    source = zipfile.ZipFile(io.BytesIO(data))
    xml = source.read("xl/worksheets/sheet1.xml").decode()
    row = re.search(r'<row r="3".*?</row>', xml, re.S)
    assert row is not None
    template = row.group(0)
    rows = []
    for i in range(n):
        r = i + 3
        one = re.sub(r'(<c r="[A-Z]+)3"', rf'\g<1>{r}"', template).replace(
            '<row r="3"', f'<row r="{r}"'
        )
        rows.append(one.replace("<t>", f"<t>{i} ", 1))  # each unit its own name
    xml = xml.replace(template, "".join(rows))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            body = (
                xml.encode() if item.filename == "xl/worksheets/sheet1.xml" else source.read(item)
            )
            target.writestr(item.filename, body)
    return out.getvalue()


def response_rows(n: int) -> list[list[object]]:
    rows: list[list[object]] = [["trainee", "item", "score", "max", "phase"]]
    for i in range(n):
        rows.append(
            [f"Học viên {i // 100}", f"c{i % 50}", i % 3, 2, "pre" if i % 100 < 50 else "post"]
        )
    return rows


def eligibility_csv(megabytes: int) -> bytes:
    """A CSV of the drafts header and short rows, ``megabytes`` long."""
    row = "DT,x,Luật,,01/01/2025,,,,,,\n".encode()
    head = write_csv(eligibility_rows(0))
    return (head + row * (megabytes * 2**20 // len(row) + 1))[: megabytes * 2**20]


def assessment_csv(megabytes: int) -> bytes:
    """A CSV of the collection template's id row and short rows, ``megabytes`` long."""
    from kit.assessment.questionnaire.schema import load_questionnaire

    head = ",".join(load_questionnaire().fields()).encode() + b"\n"
    return (head + b"Xa,1,2\n" * (megabytes * 2**20 // 7))[: megabytes * 2**20]


def report(lines: int) -> list[str]:
    """A report of ``lines`` lines of some 45 characters: headings, figures, references."""
    heads = ["I. KẾT QUẢ ĐẠT ĐƯỢC", "II. KHÓ KHĂN, VƯỚNG MẮC", "III. KIẾN NGHỊ, ĐỀ XUẤT"]
    body = "Ban hành kế hoạch số {}/KH-UBND, 15/01/2024."
    return [heads[i // 500 % 3] if i % 500 == 0 else body.format(i % 1000) for i in range(lines)]


def empty_paragraphs(count: int) -> bytes:
    """``count`` paragraphs, all but ten empty, each with the random revision id Word writes
    (so they compress as a real document does), and ten lines of report."""
    rnd = random.Random(407)
    empty = (b'<w:p w:rsidR="%08X"/>' % rnd.getrandbits(32) for _ in range(count - 10))
    return h.docx(b"".join(empty) + b"".join(map(h.paragraph, report(10))))


def big_plan() -> bytes:
    from kit.plans import library
    from kit.plans.files import dump_plan

    plan = json.loads(dump_plan(library.template("province")))
    task = {"name": "Nhiệm vụ", "description": "Mô tả nhiệm vụ truyền thông. " * 130}
    holder = next(s for s in plan["sections"] if "tasks" in s)
    holder["tasks"] = [task | {"name": f"Nhiệm vụ {i}"} for i in range(1_000)]
    return json.dumps(plan, ensure_ascii=False).encode()


def saved_json(megabytes: float) -> bytes:
    strong = json.loads((ROOT / "tests/fixtures/assessment/strong-unit.json").read_text("utf-8"))
    strong["notes"] = "Ghi chú. " * int(megabytes * 2**20 / 10)
    return json.dumps(strong, ensure_ascii=False).encode()


INPUTS: dict[str, tuple[str, Callable[[], bytes]]] = {
    "elig-xlsx-20000": ("du-thao.xlsx", lambda: write_xlsx(eligibility_rows(20_000))),
    "elig-csv-20000": ("du-thao.csv", lambda: write_csv(eligibility_rows(20_000))),
    "assess-xlsx-50000": ("don-vi.xlsx", lambda: assessment_xlsx(50_000)),
    "resp-xlsx-20000": ("diem.xlsx", lambda: write_xlsx(response_rows(20_000))),
    "resp-csv-20000": ("diem.csv", lambda: write_csv(response_rows(20_000))),
    "docx-20000-lines": (
        "bao-cao.docx",
        lambda: h.docx(b"".join(map(h.paragraph, report(20_000)))),
    ),
    "docx-200000-par": ("bao-cao.docx", lambda: empty_paragraphs(200_000)),
    "docx-200000-lines": (
        "bao-cao.docx",
        lambda: h.docx(b"".join(h.paragraph(f"m{i}") for i in range(200_000))),
    ),
    "txt-20000-lines": ("bao-cao.txt", lambda: "\n".join(report(20_000)).encode()),
    "txt-1M-chars": (
        "bao-cao.txt",
        lambda: ("Số 15/KH-UBND, 2024.\n" * 50_000)[:1_000_000].encode(),
    ),
    "json-5MB": ("don-vi.json", lambda: saved_json(4.9)),
    "plan-5MB": ("PLAN.json", big_plan),
    # bombs
    "zip-bomb-1GB": ("bom.xlsx", lambda: h.xlsx(h.zeros(1_024))),
    "xlsx-1M-rows": (
        "trieu-dong.xlsx",
        lambda: h.xlsx(h.sheet(h.row(i, [f"DT-{i}", i]) for i in range(1, 1_000_001))),
    ),
    "docx-5M-par": ("bom.docx", lambda: h.docx(b"<w:p/>" * 2**17 for _ in range(40))),
    "docx-250000-varied": (
        "nhieu-doan.docx",
        lambda: h.docx(b"".join(h.paragraph(f"x{i}") for i in range(250_000))),
    ),
    "laughs-xlsx": (
        "lol.xlsx",
        lambda: h.xlsx(
            b"".join(h.sheet([])),
            strings=h.LAUGHS
            + b'<sst xmlns="'
            + h.MAIN.encode()
            + b'"><si><t>&lol9;</t></si></sst>',
        ),
    ),
    "laughs-docx": (
        "lol.docx",
        lambda: h.docx(b"<w:p><w:r><w:t>&lol9;</w:t></w:r></w:p>", h.LAUGHS),
    ),
    "deep-json-5MB": ("sau.json", lambda: h.deep_json(5 * 2**20 // 2 - 10).encode()),
    "csv-20MB-rows": ("lon.csv", lambda: eligibility_csv(20)),
    "csv-50MB-rows": ("lon.csv", lambda: assessment_csv(50)),
    "csv-blank-lines": ("trong.csv", lambda: write_csv(eligibility_rows(1)) + b"\n" * (19 * 2**20)),
    "csv-one-line": ("dai.csv", lambda: write_csv(eligibility_rows(1)) + b"," * (19 * 2**20)),
}


def _batch(data: bytes, name: str) -> object:
    from kit.eligibility.batch import decide, workbook

    return workbook.write_result(decide.run_batch(data, name))


def _units(data: bytes, name: str) -> object:
    from kit.assessment.collection.sheets import read_units_data

    return read_units_data(data, name)


def _responses(data: bytes, name: str) -> object:
    from kit.workshops.responses import read_responses

    return read_responses(data, name)


def _analyze(data: bytes, name: str) -> object:
    from kit.assessment.analyzer.analyze import analyze_file

    return analyze_file(data, name)


def _plan(data: bytes, name: str) -> object:
    from kit.plans.checker import check
    from kit.plans.files import parse_plan

    return check(parse_plan(data, name))


def _json(data: bytes, name: str) -> object:
    from kit.core.files import load_json

    return load_json(data, name)


#: (case, input, reader, what it shows)
CASES: tuple[tuple[str, str, Callable[[bytes, str], object], str], ...] = (
    (
        "eligibility batch, xlsx at 20,000 rows (+ result written)",
        "elig-xlsx-20000",
        _batch,
        "accepted",
    ),
    (
        "eligibility batch, csv at 20,000 rows (+ result written)",
        "elig-csv-20000",
        _batch,
        "accepted",
    ),
    ("self-assessment sheet, xlsx at 50,000 units", "assess-xlsx-50000", _units, "accepted"),
    ("workshop responses, xlsx at 20,000 rows", "resp-xlsx-20000", _responses, "accepted"),
    ("workshop responses, csv at 20,000 rows", "resp-csv-20000", _responses, "accepted"),
    ("report docx, 20,000 lines, 900,000 chars", "docx-20000-lines", _analyze, "accepted"),
    ("report docx, 200,000 paragraphs (10 with text)", "docx-200000-par", _analyze, "accepted"),
    ("report txt, 20,000 lines, 900,000 chars", "txt-20000-lines", _analyze, "accepted"),
    ("saved self-assessment json, 4.9 MB", "json-5MB", _units, "accepted"),
    ("PLAN.json, ~5 MB (parse + check)", "plan-5MB", _plan, "accepted"),
    ("zip bomb xlsx (1 GB sheet XML) → eligibility", "zip-bomb-1GB", _batch, "refused"),
    ("zip bomb xlsx (1 GB sheet XML) → self-assessment", "zip-bomb-1GB", _units, "refused"),
    ("xlsx of 1,000,000 rows → eligibility", "xlsx-1M-rows", _batch, "refused"),
    ("xlsx of 1,000,000 rows → self-assessment", "xlsx-1M-rows", _units, "refused"),
    ("xlsx of 1,000,000 rows → responses", "xlsx-1M-rows", _responses, "refused"),
    ("docx expanding to 5.2 M paragraphs", "docx-5M-par", _analyze, "refused"),
    ("docx of 250,000 varied paragraphs", "docx-250000-varied", _analyze, "refused"),
    ("docx of 200,000 lines of text", "docx-200000-lines", _analyze, "refused"),
    ("txt of 1,000,000 chars in 47,600 lines", "txt-1M-chars", _analyze, "refused"),
    ("entity expansion (billion laughs) in xlsx", "laughs-xlsx", _batch, "refused"),
    ("entity expansion (billion laughs) in docx", "laughs-docx", _analyze, "refused"),
    ("deep JSON, 5 MB of brackets → load_json", "deep-json-5MB", _json, "refused"),
    ("deep JSON, 5 MB of brackets → self-assessment", "deep-json-5MB", _units, "refused"),
    ("deep JSON, 5 MB of brackets → PLAN.json", "deep-json-5MB", _plan, "refused"),
    ("huge csv, 20 MB, 700,000 rows → eligibility", "csv-20MB-rows", _batch, "refused"),
    ("huge csv, 50 MB, 7.4 M rows → self-assessment", "csv-50MB-rows", _units, "refused"),
    ("csv of 19 MB of blank lines → eligibility", "csv-blank-lines", _batch, "refused"),
    ("csv with a 19 MB line → eligibility", "csv-one-line", _batch, "refused"),
)


# ---------------------------------------------------------------------- measuring


def measure(index: int, path: Path) -> dict[str, object]:
    """In this (fresh) process: run case ``index`` on ``path``; time and peak memory."""
    from kit.core.errors import KitError

    title, _, reader, _ = CASES[index]
    data = path.read_bytes()
    start = time.perf_counter()
    try:
        reader(data, path.name)
        outcome = "accepted"
    except KitError as err:
        outcome = "refused: " + err.en.split(";")[0][:150]
    seconds = time.perf_counter() - start
    peak = _peak_mb()
    return {
        "case": title,
        "bytes": len(data),
        "seconds": round(seconds, 2),
        "peak_mb": round(peak),
        "outcome": outcome,
    }


def _peak_mb() -> float:
    """This process's peak resident memory (``VmHWM``: unlike ``ru_maxrss``, it starts anew with
    the process's own program, not with the parent's)."""
    status = Path("/proc/self/status").read_text()
    found = re.search(r"VmHWM:\s+(\d+) kB", status)
    return int(found.group(1)) / 1024 if found else float("nan")


def main() -> int:
    if "--case" in sys.argv:
        index, path = int(sys.argv[sys.argv.index("--case") + 1]), Path(sys.argv[-1])
        print(json.dumps(measure(index, path)))
        return 0
    rows = []
    with tempfile.TemporaryDirectory(prefix="kit-limits-") as tmp:
        paths: dict[str, Path] = {}
        for key, (name, build) in INPUTS.items():
            paths[key] = Path(tmp) / key / name
            paths[key].parent.mkdir()
            paths[key].write_bytes(build())
        for index, (title, key, _, expected) in enumerate(CASES):
            done = subprocess.run(
                [sys.executable, "-m", "benchmarks.bench_limits", "--case", str(index), paths[key]],
                capture_output=True,
                text=True,
                cwd=ROOT,
                timeout=900,
            )
            row = json.loads(done.stdout.strip().splitlines()[-1]) if done.returncode == 0 else {}
            row |= {"expected": expected, "case": title}
            if done.returncode != 0:
                row["outcome"] = "CRASH " + done.stderr[-300:]
            rows.append(row)
            print(
                f"{title:<58}{row.get('bytes', 0) / 2**20:>7.1f} MB{row.get('seconds', 0):>8} s"
                f"{row.get('peak_mb', 0):>7} MB  {row.get('outcome', '')[:70]}",
                flush=True,
            )
    refusals = [r for r in rows if r["expected"] == "refused"]
    met = all(
        str(r.get("outcome", "")).startswith("refused")
        and float(r.get("seconds", 99)) <= REFUSAL_SECONDS  # type: ignore[arg-type]
        and float(r.get("peak_mb", 9999)) <= REFUSAL_MB  # type: ignore[arg-type]
        for r in refusals
    )
    print(f"refusals within {REFUSAL_SECONDS} s and {REFUSAL_MB} MB: {'met' if met else 'NOT met'}")
    save_results("limits", {"benchmark": "limits", "target_met": met, "rows": rows})
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
