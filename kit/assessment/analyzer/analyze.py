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

import re
from dataclasses import dataclass
from functools import cache
from pathlib import PurePath
from typing import Any

from kit.assessment.analyzer import evidence
from kit.assessment.analyzer.evidence import loose
from kit.assessment.analyzer.findings import evidence_in, flag_line
from kit.assessment.analyzer.matching import Matcher, tokens
from kit.assessment.analyzer.reading import decode, docx_lines, text_lines
from kit.assessment.analyzer.sections import Line, Span
from kit.assessment.analyzer.sections import layout as find_layout
from kit.assessment.analyzer.vocabulary import Flag, SectionSpec, Vocabulary, load_vocabulary
from kit.core.errors import InputError
from kit.core.limits import REPORT_DOCX, REPORT_TEXT
from kit.core.text import bare_key

__all__ = ["Analysis", "SectionResult", "analyze_file", "analyze_text"]

MAX_BYTES = REPORT_DOCX.max_bytes  # an upload (kit.core.limits: the same for .txt)
MAX_CHARS = REPORT_TEXT.chars  # pasted or read: a long report is some 50,000
EXCERPT_CHARS = 240


@dataclass(frozen=True)
class SectionResult:
    """One expected section: where it is, its evidence, and what a reviewer would flag."""

    key: str
    title: str
    title_en: str
    found: bool
    found_by: str | None  # "heading" | "body" | "opening" (its documents cited there) | None
    heading: str | None
    start_line: int | None
    text: str
    figures: list[evidence.Figure]
    references: list[evidence.Reference]
    flags: list[Flag]
    flag_reasons: list[dict[str, Any]]  # flag, vi, en; line and quote unless missing
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


def analyze_file(data: bytes, filename: str) -> Analysis:
    """Analyse an uploaded report: ``.txt`` (UTF-8, or UTF-16 with BOM) or ``.docx``."""
    suffix = PurePath(filename).suffix.lower()
    (REPORT_TEXT if suffix == ".txt" else REPORT_DOCX).check_size(len(data), filename)
    if suffix == ".txt":
        lines = text_lines(decode(data, filename, REPORT_TEXT))
        REPORT_TEXT.check_lines(len(lines), filename)
        return _analyze(lines)
    if suffix == ".docx":
        return _analyze(docx_lines(data, filename, REPORT_DOCX))
    raise InputError(
        f"{filename}: chỉ đọc được tệp .txt hoặc .docx"
        + (" (hãy lưu tệp .doc thành .docx)." if suffix == ".doc" else "."),
        f"{filename}: only .txt or .docx files can be read"
        + (" (save the .doc file as .docx)." if suffix == ".doc" else "."),
    )


def analyze_text(text: str) -> Analysis:
    """Analyse a report pasted as text."""
    REPORT_TEXT.check_chars(len(text))
    lines = text_lines(text)
    REPORT_TEXT.check_lines(len(lines))
    return _analyze(lines)


# --------------------------------------------------------------------------------- analysis


@cache
def _shipped_matcher() -> Matcher:
    """The shipped vocabulary's phrases, folded once per process (folding is most of the work)."""
    return Matcher(load_vocabulary())


def _analyze(lines: list[Line], vocab: Vocabulary | None = None) -> Analysis:
    if not any(tokens(line.text) for line in lines):
        raise _no_content()
    matcher = Matcher(vocab) if vocab else _shipped_matcher()
    vocab = matcher.vocab
    found = find_layout(lines, matcher)
    results = [_section(spec, found.spans, matcher, found.opening) for spec in vocab.sections]
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


def _section(
    spec: SectionSpec, spans: list[Span], matcher: Matcher, opening: list[Line]
) -> SectionResult:
    mine = [s for s in spans if s.key == spec.key]
    vocab = matcher.vocab
    text = "\n".join(s.text() for s in mine).strip()
    words = vocab.figure_words()
    lines = [line for s in mine for line in s.body]
    figures, references = evidence_in(lines, words, text)
    cited: list[evidence.Reference] = []
    if spec.supported_by_opening:  # "Thực hiện Kế hoạch số 45/KH-UBND…" supports the section
        sample = " ".join(line.text for line in opening)
        cited = [r for r in evidence_in(opening, words, sample)[1] if r not in references]
        references = cited + references
    found_by = mine[0].found_by if mine else "opening" if cited else None
    if not mine and cited:
        lines = [line for line in opening if any(r.line == line.number for r in cited)]
        text = "\n".join(line.text for line in lines)
    phrases: list[str] = []
    flags: list[Flag] = []
    if found_by is None:
        flags.append("missing")
    elif matcher.is_empty_answer(text):
        flags.append("empty")
    else:
        if spec.expects.references and not _own(references, vocab):
            flags.append("no_references")
        if spec.expects.figures and not figures:
            flags.append("no_figures")
        if spec.check_generic and not figures and not references:
            phrases = matcher.generic_phrases(text)
            flags += ["generic"] if phrases else []
    headed = [s for s in mine if s.heading is not None]
    best = max(
        headed, key=lambda s: (bool(s.body), s.heading.score if s.heading else 0.0), default=None
    )
    heading = best.heading if best else None
    reasons: list[dict[str, Any]] = []
    for flag in flags:
        reason: dict[str, Any] = {
            "flag": flag,
            "vi": _fill(vocab.flags[flag].reason.vi, spec, phrases),
            "en": _fill(vocab.flags[flag].reason.en, spec, phrases),
        }
        where = flag_line(flag, lines, heading.line if heading else None, matcher)
        reasons.append(reason | ({"line": where[0], "quote": where[1]} if where else {}))
    first = heading.line.number if heading else (lines[0].number if lines else None)
    return SectionResult(
        key=spec.key,
        title=spec.title,
        title_en=spec.title_en,
        found=found_by is not None,
        found_by=found_by,
        heading=_heading_text(heading.line.text, heading.rest) if heading else None,
        start_line=first,
        text=text,
        figures=figures,
        references=references,
        flags=flags,
        flag_reasons=reasons,
        generic_phrases=phrases,
    )


def _own(references: list[evidence.Reference], vocab: Vocabulary) -> list[evidence.Reference]:
    """The references that show what the unit did: not the scheme's own documents."""
    scheme = {bare_key(n) for n in vocab.scheme_documents}
    return [r for r in references if not (r.number and bare_key(r.number) in scheme)]


def _heading_text(line: str, rest: str) -> str:
    shown = line[: len(line) - len(rest)] if rest and line.endswith(rest) else line
    return shown.rstrip().rstrip(":").rstrip()


def _completeness(results: list[SectionResult], vocab: Vocabulary) -> int:
    total = sum(s.weight for s in vocab.sections)
    done = sum(vocab.section(r.key).weight for r in results if r.found and "empty" not in r.flags)
    return round(100 * done / total)


def _evidence_credit(result: SectionResult, spec: SectionSpec, vocab: Vocabulary) -> float:
    if not result.found or "empty" in result.flags:
        return 0.0
    parts = []
    if spec.expects.figures:
        parts.append(min(1.0, len(result.figures) / spec.expects.figures))
    if spec.expects.references:
        parts.append(min(1.0, len(_own(result.references, vocab)) / spec.expects.references))
    credit = sum(parts) / len(parts) if parts else 0.0
    shown = result.figures or _own(result.references, vocab)
    return 0.5 if credit == 0 and shown else credit


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
    shown = sum(spec.evidence_weight * _evidence_credit(r, spec, vocab) for r, spec in judged)
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
