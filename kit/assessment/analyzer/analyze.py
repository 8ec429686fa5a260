"""Read a unit's narrative review report (.txt or .docx) and judge it as a reviewer would.

``analyze_text(text)`` / ``analyze_file(data, filename)`` find which of the seven expected sections
are present (by their words, not their numbering: see :mod:`kit.assessment.analyzer.sections`),
extract figures and document references from each (:mod:`kit.assessment.analyzer.evidence`), flag
what a reviewer would send back, score completeness and evidence 0–100 and suggest what to add.
Everything it knows about the genre is data: ``kit/rules/report-sections.yaml``.

Flags (per section): ``missing`` (not found), ``empty`` (a heading with nothing, or only "Không."),
``no_references`` / ``no_figures`` (where the section is expected to have them), ``generic``
(boilerplate claims such as "đã thực hiện tốt" with no figure or reference to show them).

Scores: *completeness* is the weighted share of the sections found and not empty; *evidence* is
the weighted share of expected figures and references present (full credit from the count the
vocabulary names; half credit when the section has evidence of the other kind only), less
``generic_penalty`` points per section flagged ``generic``.
"""

from __future__ import annotations

import io
import re
import unicodedata
from dataclasses import dataclass
from pathlib import PurePath

from kit.assessment.analyzer import evidence
from kit.assessment.analyzer.evidence import loose
from kit.assessment.analyzer.matching import Matcher, tokens
from kit.assessment.analyzer.sections import Line, Span, numbered
from kit.assessment.analyzer.sections import layout as find_layout
from kit.assessment.analyzer.vocabulary import Flag, SectionSpec, Vocabulary, load_vocabulary
from kit.core.errors import InputError
from kit.core.limits import REPORT_DOCX, REPORT_TEXT
from kit.core.text import bare_key

__all__ = ["Analysis", "SectionResult", "analyze_file", "analyze_text"]

MAX_BYTES = REPORT_DOCX.max_bytes  # an upload (kit.core.limits: the same for .txt)
MAX_CHARS = REPORT_TEXT.chars  # pasted or read: a long report is some 50,000
EXCERPT_CHARS = 240
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
_CONTROLS = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")  # category Cc but \t\n\f\r


@dataclass(frozen=True)
class SectionResult:
    """One expected section: where it is, its evidence, and what a reviewer would flag."""

    key: str
    title: str
    title_en: str
    found: bool
    found_by: str | None  # "heading" | "body" | None
    heading: str | None
    start_line: int | None
    text: str
    figures: list[evidence.Figure]
    references: list[evidence.Reference]
    flags: list[Flag]
    flag_reasons: list[dict[str, str]]
    generic_phrases: list[str]

    def to_json(self) -> dict[str, object]:
        excerpt = re.sub(r"\s+", " ", self.text).strip()
        if len(excerpt) > EXCERPT_CHARS:
            excerpt = excerpt[:EXCERPT_CHARS].rsplit(" ", 1)[0] + " …"
        return {
            "key": self.key,
            "title": self.title,
            "title_en": self.title_en,
            "found": self.found,
            "found_by": self.found_by,
            "heading": self.heading,
            "start_line": self.start_line,
            "figures": [f.to_json() for f in self.figures],
            "references": [r.to_json() for r in self.references],
            "flags": list(self.flags),
            "flag_reasons": list(self.flag_reasons),
            "generic_phrases": list(self.generic_phrases),
            "text_excerpt": excerpt,
        }


@dataclass(frozen=True)
class Analysis:
    """What the analyzer found in one report."""

    sections: list[SectionResult]
    completeness: int
    evidence: int
    suggestions: list[dict[str, str]]
    unit: str | None = None
    period: str | None = None

    def section(self, key: str) -> SectionResult:
        return next(s for s in self.sections if s.key == key)

    def to_json(self) -> dict[str, object]:
        return {
            "sections": [s.to_json() for s in self.sections],
            "completeness": self.completeness,
            "evidence": self.evidence,
            "suggestions": list(self.suggestions),
            "unit": self.unit,
            "period": self.period,
        }


# ------------------------------------------------------------------------------------ input


def _no_content() -> InputError:
    return InputError(
        "Tài liệu không có nội dung để phân tích.", "The document has no content to analyse."
    )


def _lines(text: str) -> list[Line]:
    """Paragraphs of pasted text, numbered by their first line. A line that runs on into the next
    (hard-wrapped text, as copied from a PDF or a web page) is joined to it: no final punctuation,
    and the next line goes on in lower case without a numbering token."""
    text = unicodedata.normalize("NFC", text).translate(_INVISIBLE)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ")
    out: list[Line] = []
    joins = False
    for number, raw in enumerate(text.split("\n"), start=1):
        line = raw.strip()
        if not line:
            joins = False
            continue
        if joins and line[0].islower() and not numbered(line):
            out[-1] = Line(out[-1].number, f"{out[-1].text} {line}")
        else:
            out.append(Line(number, line))
        joins = out[-1].text[-1] not in ".:;!?…"
    return out


def _decode(data: bytes, filename: str) -> str:
    """The text of a .txt file: UTF-8 (with or without BOM), or UTF-16 with a BOM."""
    try:
        if data.startswith((b"\xff\xfe", b"\xfe\xff")):
            text = data.decode("utf-16")
        else:
            text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{filename}: không đọc được chữ (cần bảng mã UTF-8). Hãy lưu lại tệp với bảng mã "
            "UTF-8 hoặc tải lên bản .docx.",
            f"{filename}: the text cannot be read (UTF-8 expected). Save the file as UTF-8 or "
            "upload the .docx.",
        ) from exc
    REPORT_TEXT.check_chars(len(text), filename)
    if len(_CONTROLS.findall(text)) > max(2, len(text) // 100):
        raise InputError(
            f"{filename}: không phải tệp văn bản (có ký tự nhị phân).",
            f"{filename}: this is not a text file (it holds binary data).",
        )
    return text


def _docx_lines(data: bytes, filename: str) -> list[Line]:
    """Paragraphs and table cells of a .docx in document order, bold or heading-styled marked."""
    import zipfile

    from docx import Document
    from docx.opc.exceptions import PackageNotFoundError
    from docx.table import Table
    from docx.text.paragraph import Paragraph
    from lxml.etree import XMLSyntaxError

    REPORT_DOCX.check_upload(data, filename)  # zip bomb, XML declarations, paragraphs
    try:
        document = Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, XMLSyntaxError) as exc:
        raise InputError(
            f"{filename}: không mở được tệp Word (.docx) này; tệp có thể bị hỏng.",
            f"{filename}: this Word (.docx) file cannot be opened; it may be damaged.",
        ) from exc
    found: list[tuple[str, bool, bool]] = []
    # a style is looked up once per style id: python-docx looks it up anew for each paragraph
    names: dict[object, str] = {}
    bold_styles: dict[object, bool] = {}
    reading = REPORT_DOCX.reading(filename)
    texts = [0, 0]  # lines with text and their characters so far: reading stops past a limit

    def paragraph(p: Paragraph, in_table: bool) -> None:
        if len(found) % 256 == 0:
            reading.check_time()
        runs = [r for r in p.runs if r.text.strip()]
        if p._p.style not in names:
            names[p._p.style] = (p.style.name if p.style is not None else "") or ""
        for r in runs:
            if r._r.style not in bold_styles:
                bold_styles[r._r.style] = bool(r.style and r.style.font.bold)
        bold = bool(runs) and all(r.bold or bold_styles[r._r.style] for r in runs)
        emphasis = bold or names[p._p.style].startswith(("Heading", "Title"))
        for part in p.text.split("\n"):
            found.append((part, emphasis, in_table))
            texts[0], texts[1] = texts[0] + bool(part.strip()), texts[1] + len(part)
        REPORT_DOCX.check_lines(texts[0], filename)
        REPORT_DOCX.check_chars(texts[1], filename)

    def table(t: Table) -> None:
        seen: set[object] = set()  # holds the cell elements, so each keeps its identity
        for row in t.rows:
            for cell in row.cells:
                if cell._tc in seen:  # a merged cell is listed once per grid column
                    continue
                seen.add(cell._tc)
                for child in cell.iter_inner_content():
                    paragraph(child, True) if isinstance(child, Paragraph) else table(child)

    for block in document.iter_inner_content():
        paragraph(block, False) if isinstance(block, Paragraph) else table(block)
    REPORT_DOCX.check_chars(sum(len(text) for text, _, _ in found), filename)
    lines = [
        Line(i, text, emphasis, in_table)
        for i, (raw, emphasis, in_table) in enumerate(found, start=1)
        if (text := re.sub(r"\s+", " ", unicodedata.normalize("NFC", raw)).strip())
    ]
    REPORT_DOCX.check_lines(len(lines), filename)
    return lines


def analyze_file(data: bytes, filename: str) -> Analysis:
    """Analyse an uploaded report: ``.txt`` (UTF-8, or UTF-16 with BOM) or ``.docx``."""
    suffix = PurePath(filename).suffix.lower()
    (REPORT_TEXT if suffix == ".txt" else REPORT_DOCX).check_size(len(data), filename)
    if suffix == ".txt":
        lines = _lines(_decode(data, filename))
        REPORT_TEXT.check_lines(len(lines), filename)
        return _analyze(lines)
    if suffix == ".docx":
        return _analyze(_docx_lines(data, filename))
    raise InputError(
        f"{filename}: chỉ đọc được tệp .txt hoặc .docx"
        + (" (hãy lưu tệp .doc thành .docx)." if suffix == ".doc" else "."),
        f"{filename}: only .txt or .docx files can be read"
        + (" (save the .doc file as .docx)." if suffix == ".doc" else "."),
    )


def analyze_text(text: str) -> Analysis:
    """Analyse a report pasted as text."""
    REPORT_TEXT.check_chars(len(text))
    lines = _lines(text)
    REPORT_TEXT.check_lines(len(lines))
    return _analyze(lines)


# --------------------------------------------------------------------------------- analysis


def _analyze(lines: list[Line], vocab: Vocabulary | None = None) -> Analysis:
    if not any(tokens(line.text) for line in lines):
        raise _no_content()
    vocab = vocab or load_vocabulary()
    matcher = Matcher(vocab)
    found = find_layout(lines, matcher)
    results = [_section(spec, found.spans, matcher) for spec in vocab.sections]
    return Analysis(
        sections=results,
        completeness=_completeness(results, vocab),
        evidence=_evidence(results, vocab),
        suggestions=_suggestions(results, vocab),
        unit=_unit(found.header, found.preamble, vocab),
        period=_period(found.header, vocab),
    )


def _quoted(phrases: list[str]) -> str:
    return ", ".join(f"“{p}”" for p in phrases[:3]) + (" …" if len(phrases) > 3 else "")


def _fill(text: str, spec: SectionSpec, phrases: list[str]) -> str:
    return text.format(title=spec.title, title_en=spec.title_en, phrases=_quoted(phrases))


def _section(spec: SectionSpec, spans: list[Span], matcher: Matcher) -> SectionResult:
    mine = [s for s in spans if s.key == spec.key]
    vocab = matcher.vocab
    text = "\n".join(s.text() for s in mine).strip()
    words = vocab.figure_words()
    figures = evidence.figures(text, words) if mine else []
    references = evidence.references(text, words) if mine else []
    phrases: list[str] = []
    flags: list[Flag] = []
    if not mine:
        flags.append("missing")
    elif matcher.is_empty_answer(text):
        flags.append("empty")
    else:
        if spec.expects.references and not references:
            flags.append("no_references")
        if spec.expects.figures and not figures:
            flags.append("no_figures")
        if spec.check_generic and not figures and not references:
            phrases = matcher.generic_phrases(text)
            flags += ["generic"] if phrases else []
    reasons = [
        {
            "flag": flag,
            "vi": _fill(vocab.flags[flag].reason.vi, spec, phrases),
            "en": _fill(vocab.flags[flag].reason.en, spec, phrases),
        }
        for flag in flags
    ]
    headed = [s for s in mine if s.heading is not None]
    best = max(
        headed, key=lambda s: (bool(s.body), s.heading.score if s.heading else 0.0), default=None
    )
    heading = best.heading if best else None
    first = heading.line.number if heading else (mine[0].body[0].number if mine else None)
    return SectionResult(
        key=spec.key,
        title=spec.title,
        title_en=spec.title_en,
        found=bool(mine),
        found_by=mine[0].found_by if mine else None,
        heading=_heading_text(heading.line.text, heading.rest) if heading else None,
        start_line=first,
        text=text,
        figures=figures,
        references=references,
        flags=flags,
        flag_reasons=reasons,
        generic_phrases=phrases,
    )


def _heading_text(line: str, rest: str) -> str:
    shown = line[: len(line) - len(rest)] if rest and line.endswith(rest) else line
    return shown.rstrip().rstrip(":").rstrip()


def _completeness(results: list[SectionResult], vocab: Vocabulary) -> int:
    total = sum(s.weight for s in vocab.sections)
    done = sum(vocab.section(r.key).weight for r in results if r.found and "empty" not in r.flags)
    return round(100 * done / total)


def _evidence_credit(result: SectionResult, spec: SectionSpec) -> float:
    if not result.found or "empty" in result.flags:
        return 0.0
    parts = []
    if spec.expects.figures:
        parts.append(min(1.0, len(result.figures) / spec.expects.figures))
    if spec.expects.references:
        parts.append(min(1.0, len(result.references) / spec.expects.references))
    credit = sum(parts) / len(parts) if parts else 0.0
    return 0.5 if credit == 0 and (result.figures or result.references) else credit


def _evidence(results: list[SectionResult], vocab: Vocabulary) -> int:
    judged = [
        (r, spec)
        for r in results
        if (spec := vocab.section(r.key)).evidence_weight
        and (spec.expects.figures or spec.expects.references)
    ]
    total = sum(spec.evidence_weight for _, spec in judged)
    if not total:
        return 0
    shown = sum(spec.evidence_weight * _evidence_credit(r, spec) for r, spec in judged)
    generic = sum("generic" in r.flags for r in results)
    return max(0, min(100, round(100 * shown / total) - vocab.scoring.generic_penalty * generic))


def _suggestions(results: list[SectionResult], vocab: Vocabulary) -> list[dict[str, str]]:
    out = []
    for result in results:
        spec = vocab.section(result.key)
        for flag in result.flags:
            template = spec.suggestions.get(flag) or vocab.flags[flag].suggestion
            out.append(
                {
                    "key": result.key,
                    "flag": flag,
                    "vi": _fill(template.vi, spec, result.generic_phrases),
                    "en": _fill(template.en, spec, result.generic_phrases),
                }
            )
    return out


# ------------------------------------------------------------------------------ unit, period

_COLUMNS = re.compile(r"\t|\s{3,}")  # a two-column header typed with spaces or tabs
_PERIOD = re.compile(
    rf"\b(?:{loose('sơ')}|{loose('tổng')})\s+{loose('kết')}"
    rf"(?:\s+\d{{1,2}}\s+(?:{loose('năm')}|{loose('tháng')}))?",
    re.IGNORECASE,
)
_YEAR = re.compile(rf"(?<!{loose('đoạn')} )\b{loose('năm')}\s+(\d{{4}})\b", re.IGNORECASE)
_REPORTS = re.compile(rf"\b{loose('báo cáo')}\b", re.IGNORECASE)


def _starts(words: list[str], phrases: list[str]) -> bool:
    """Whether ``words`` (folded) open with one of ``phrases``, compared without diacritics."""
    bare = bare_key(" ".join(words)).split()
    return any(bare[: len(key)] == key for key in (bare_key(p).split() for p in phrases))


def _unit(header: list[Line], preamble: list[Line], vocab: Vocabulary) -> str | None:
    """The issuing body: from the header ("ỦY BAN NHÂN DÂN" / "XÃ TÂN HÒA"), else from the
    sentence "<body> … báo cáo …" of the first paragraphs."""
    names: list[str] = []
    for line in header:
        part = _COLUMNS.split(line.text)[0].strip()
        words = tokens(part)
        if _starts(words, vocab.report_title):
            break
        if not part.isupper():
            continue
        if _starts(words, vocab.unit_bodies):
            names.append(part)
        elif names and _starts(words, vocab.unit_levels):
            names[-1] = f"{names[-1]} {part}"
    if names:
        return names[-1]
    for line in preamble[:3]:
        for m in _REPORTS.finditer(line.text):
            clause = re.split(r"[,.;:()“”\"]", line.text[: m.start()])[-1].strip()
            if clause and _starts(tokens(clause), vocab.unit_bodies):
                return clause
    return None


def _period(header: list[Line], vocab: Vocabulary) -> str | None:
    """The kind of review and its year, from the title block ("Sơ kết 01 năm", "năm 2023")."""
    titled = [i for i, line in enumerate(header) if _starts(tokens(line.text), vocab.report_title)]
    text = " ".join(line.text for line in header[titled[0] :]) if titled else ""
    label, year = _PERIOD.search(text), _YEAR.search(text)
    if label is None:
        return f"năm {year.group(1)}" if year else None
    return label.group(0) + (f" (năm {year.group(1)})" if year else "")
