"""Where each expected section of a review report is: found by its words, never by its numbering.

Real reports number loosely (in seed 000 the "b." heading appears as a second "1."), so:

1. The header (issuing body, national title, "Số: …", date) and the title block ("BÁO CÁO …")
   hold no section; nor does the closing part ("Trên đây là…", "Nơi nhận", the signature, or the
   debris of the web page a report was copied from).
2. A line *looks like a heading* when it opens with a numbering token ("1.", "2.1.", "b)", "đ.",
   "II.") and has at most ``numbered_max_words`` words; or, bulleted or not, is short and in upper
   case or ends its title with ":" (also when text runs on after it: "Kiến nghị: Không."); or is
   bold or heading-styled in a .docx. A table cell counts only when it is bold.
3. A heading is *recognised* when the phrases of one section (``headings`` in
   ``kit/rules/report-sections.yaml``) weigh at least ``heading_threshold`` in its title; the
   heaviest wins. Phrases are compared folded (case, Unicode form, tone placement, Đ look-alikes)
   and, failing that, without diacritics; those among the first ``early_words`` words weigh fully.
   ``containers`` ("Kết quả đạt được") and ``boundaries`` ("Phương hướng…", "Ưu điểm") end a
   section without starting one of the seven.
4. A section's text runs to the next recognised heading; a section found under several headings
   is their union. Numbered or bulleted items under a ``keeps_children`` section (difficulties,
   recommendations) stay in it whatever topic they name, unless they move on to a later section;
   items under a boundary stay there. A heading with no text right above one of its own
   sub-headings ("I. KẾT QUẢ THỰC HIỆN" over "1. …") only groups them and is not a section.
5. Fallback, kept modest: a section with no heading is found in the body when a paragraph opens
   (first ``cue_words`` words) with one of its ``body_cues`` ("Kinh phí thực hiện 3.000.000 đồng…").
"""

from __future__ import annotations

import re
import string
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Annotated, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from kit.assessment.analyzer.evidence import FigureWords
from kit.core import yamlfile as _yaml
from kit.core.errors import ContentError, Problem
from kit.core.text import bare_key, words_key

SectionKey = Literal[
    "chi_dao", "hoat_dong", "phoi_hop_gop_y", "can_bo", "kinh_phi", "kho_khan", "kien_nghi"
]
Flag = Literal["missing", "empty", "no_references", "no_figures", "generic"]
SECTION_KEYS: tuple[str, ...] = get_args(SectionKey)
FLAGS: tuple[str, ...] = get_args(Flag)
CONTAINER = "(container)"  # the key of a heading that only groups sections ("Kết quả đạt được")
BOUNDARY = "(boundary)"  # the key of a heading that ends them ("Phương hướng", "Ưu điểm")
VOCABULARY_FILE = "report-sections.yaml"
Text = Annotated[str, Field(min_length=1)]
Weight = Annotated[float, Field(gt=0)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Bilingual(_Strict):
    vi: Text
    en: Text


class Expects(_Strict):
    figures: int = Field(0, ge=0)
    references: int = Field(0, ge=0)


class SectionSpec(_Strict):
    key: SectionKey
    title: Text
    title_en: Text
    weight: Weight
    evidence_weight: float = Field(0, ge=0)
    expects: Expects = Expects()
    check_generic: bool = False
    keeps_children: bool = False
    headings: dict[str, Weight]
    body_cues: list[Text] = Field(default_factory=list)
    suggestions: dict[Flag, Bilingual] = Field(default_factory=dict)


class FlagText(_Strict):
    reason: Bilingual
    suggestion: Bilingual


class FigureLists(_Strict):
    units: list[Text]
    not_units: list[Text]
    not_after: list[Text]
    allowed_after: list[Text]


class Matching(_Strict):
    heading_threshold: Weight
    early_words: int = Field(ge=1)
    late_factor: float = Field(ge=0, le=1)
    loose_factor: float = Field(ge=0, le=1)
    cue_words: int = Field(ge=1)
    numbered_max_words: int = Field(ge=1)
    short_max_words: int = Field(ge=1)
    emphasis_max_words: int = Field(ge=1)
    min_words: int = Field(ge=1)


class Scoring(_Strict):
    generic_penalty: int = Field(ge=0, le=100)


class Vocabulary(_Strict):
    schema_version: Literal[1]
    sections: list[SectionSpec]
    containers: dict[str, Weight]
    boundaries: dict[str, Weight]
    report_title: list[Text]
    unit_bodies: list[Text]
    unit_levels: list[Text]
    closing: list[Text]
    empty_answers: list[Text]
    generic_phrases: list[Text]
    document_kinds: list[Text]
    figures: FigureLists
    matching: Matching
    scoring: Scoring
    flags: dict[Flag, FlagText]

    @model_validator(mode="after")
    def _complete(self) -> Vocabulary:
        keys = [s.key for s in self.sections]
        problems = [f"section {k} is missing" for k in SECTION_KEYS if k not in keys]
        problems += [f"section {k} is given twice" for k in set(keys) if keys.count(k) > 1]
        problems += [f"flags.{f} is missing" for f in FLAGS if f not in self.flags]
        templates = [t for f in self.flags.values() for t in (f.reason, f.suggestion)]
        templates += [t for s in self.sections for t in s.suggestions.values()]
        allowed = {"title", "title_en", "phrases"}
        for template in templates:
            for text in (template.vi, template.en):
                names = {n for _, n, _, _ in string.Formatter().parse(text) if n is not None}
                problems += [f"unknown placeholder {{{n}}} in: {text}" for n in names - allowed]
        if problems:
            raise ValueError("; ".join(problems))
        return self

    def section(self, key: str) -> SectionSpec:
        return next(s for s in self.sections if s.key == key)

    def figure_words(self) -> FigureWords:
        f = self.figures
        return FigureWords(
            tuple(f.units),
            tuple(f.not_units),
            tuple(f.not_after),
            tuple(f.allowed_after),
            tuple(self.document_kinds),
        )


def parse_vocabulary(text: str, shown: str) -> Vocabulary:
    """Validate a vocabulary file's text; problems are reported as ``shown:line: what``."""
    try:
        located = _yaml.load(text)
    except _yaml.YamlSyntaxError as exc:
        raise ContentError([Problem(shown, exc.line, exc.what)]) from exc
    try:
        return Vocabulary.model_validate(located.data)
    except ValidationError as exc:
        raise ContentError(
            [
                Problem(
                    shown,
                    located.line_of([p for p in err["loc"] if isinstance(p, str | int)]),
                    f"{'.'.join(str(p) for p in err['loc']) or '(tệp / file)'}: {err['msg']}",
                )
                for err in exc.errors()
            ]
        ) from exc


@cache
def load_vocabulary() -> Vocabulary:
    """The shipped vocabulary, validated (cached: it does not change while the kit runs)."""
    text = resources.files("kit").joinpath("rules", VOCABULARY_FILE).read_text("utf-8")
    return parse_vocabulary(text, f"kit/rules/{VOCABULARY_FILE}")


# ---------------------------------------------------------------------------------- matching


def tokens(text: str) -> list[str]:
    """Folded words of ``text`` (punctuation dropped, abbreviations such as UBND expanded)."""
    return words_key(re.sub(r"[^\w\s]", " ", text)).split()


def _find(phrase: Sequence[str], words: Sequence[str]) -> int:
    n = len(phrase)
    return next((i for i in range(len(words) - n + 1) if list(words[i : i + n]) == phrase), -1)


@dataclass(frozen=True)
class _Phrase:
    exact: list[str]
    bare: list[str]
    weight: float


def _phrase(text: str, weight: float = 1.0) -> _Phrase:
    exact = tokens(text)
    return _Phrase(exact, bare_key(" ".join(exact)).split(), weight)


class Matcher:
    """The vocabulary's phrases, folded once, and the searches the analyzer makes with them."""

    def __init__(self, vocab: Vocabulary) -> None:
        self.vocab = vocab
        self.m = vocab.matching
        self.headings: list[tuple[str, list[_Phrase]]] = [
            (s.key, [_phrase(p, w) for p, w in s.headings.items()]) for s in vocab.sections
        ]
        self.headings.append((CONTAINER, [_phrase(p, w) for p, w in vocab.containers.items()]))
        self.headings.append((BOUNDARY, [_phrase(p, w) for p, w in vocab.boundaries.items()]))
        self.cues = {s.key: [_phrase(c) for c in s.body_cues] for s in vocab.sections}
        self.generic = [(p, _phrase(p)) for p in vocab.generic_phrases]
        self.empty = {bare_key(" ".join(tokens(a))) for a in vocab.empty_answers}
        self.closing = [_phrase(c) for c in vocab.closing]
        self.title = [_phrase(t) for t in vocab.report_title]

    def _at(self, phrase: _Phrase, words: list[str], bare: list[str]) -> tuple[int, float]:
        """Where ``phrase`` is in ``words`` and how much the match counts (-1 if absent)."""
        at = _find(phrase.exact, words)
        if at >= 0:
            return at, 1.0
        return _find(phrase.bare, bare), self.m.loose_factor

    def heading_key(self, title: str) -> tuple[str, float]:
        """The section a heading names (or CONTAINER, BOUNDARY) and its weight; "", 0 if none."""
        words = tokens(title)
        bare = bare_key(" ".join(words)).split()
        best: tuple[str, float] = ("", 0.0)
        for key, phrases in self.headings:
            score = 0.0
            for phrase in phrases:
                at, factor = self._at(phrase, words, bare)
                if at >= 0:
                    early = 1.0 if at < self.m.early_words else self.m.late_factor
                    score += phrase.weight * factor * early
            if score > best[1]:
                best = (key, score)
        return best if best[1] >= self.m.heading_threshold else ("", 0.0)

    def opens_with(self, phrases: list[_Phrase], text: str) -> bool:
        """Whether one of ``phrases`` is in the first ``cue_words`` words of ``text``."""
        words = tokens(" ".join(text.split()[: self.m.cue_words]))
        bare = bare_key(" ".join(words)).split()
        return any(self._at(p, words, bare)[0] >= 0 for p in phrases)

    def generic_phrases(self, text: str) -> list[str]:
        words = tokens(text)
        bare = bare_key(" ".join(words)).split()
        return [shown for shown, p in self.generic if self._at(p, words, bare)[0] >= 0]

    def is_empty_answer(self, text: str) -> bool:
        words = tokens(text)
        return len(words) < self.m.min_words or bare_key(" ".join(words)) in self.empty

    def is_closing(self, text: str) -> bool:
        return _opens(text, self.closing)

    def is_title(self, text: str) -> bool:
        return _opens(text, self.title)


def _opens(text: str, phrases: list[_Phrase]) -> bool:
    """Whether ``text`` starts with one of ``phrases`` (with or without diacritics)."""
    words = tokens(text)
    bare = bare_key(" ".join(words)).split()
    return any(words[: len(p.exact)] == p.exact or bare[: len(p.bare)] == p.bare for p in phrases)


# ----------------------------------------------------------------------------------- layout

_TOKEN = re.compile(
    r"""^(?:
        (?P<multi>\d{1,2}(?:\.\d{1,2})+)\.?\)?(?=\s|$)
      | (?P<arabic>\d{1,2})\s?[.)](?=\s|$|[^\W\d_])
      | (?P<roman>[IVXLC]{1,5}|[A-ZĐ])\s?[.)](?=\s|$)
      | (?P<letter>[a-zđ])\s?[.)](?=\s|$)
      | (?P<bullet>[-–—+*•·●○▪■◦➢➤✓>])(?!\d)
    )\s*""",
    re.VERBOSE,
)
_NUMBERED = frozenset({"multi", "arabic", "roman", "letter"})
_SENTENCE_END = re.compile(r"[.!?]\s+")


@dataclass(frozen=True)
class Line:
    """One paragraph of the report: its 1-based line (or paragraph) number and its text."""

    number: int
    text: str
    emphasis: bool = False  # bold or heading-styled in a .docx
    in_table: bool = False


@dataclass(frozen=True)
class Heading:
    line: Line
    level: str  # multi | arabic | roman | letter | bullet | none
    token: str
    title: str
    rest: str  # text run in after the title ("Kiến nghị: Không." → "Không.")
    key: str  # a section key, CONTAINER or BOUNDARY
    score: float


@dataclass
class Span:
    key: str  # a section key, CONTAINER or BOUNDARY
    heading: Heading | None
    body: list[Line] = field(default_factory=list)
    found_by: str = "heading"  # "heading" | "body"

    def text(self) -> str:
        return "\n".join(without_token(line.text) for line in self.body)


@dataclass(frozen=True)
class Layout:
    header: list[Line]  # issuing body, national title, number, date, and the title block
    preamble: list[Line]  # text before the first recognised heading
    spans: list[Span]  # in document order, containers and boundaries included
    closing: list[Line]


def numbered(text: str) -> bool:
    """Whether ``text`` opens with a numbering token or a bullet."""
    return _TOKEN.match(text) is not None


def _level(text: str) -> tuple[str, str, int]:
    """(level, token, where the text after it starts) of a line's numbering or bullet."""
    m = _TOKEN.match(text)
    if m is None:
        return "none", "", 0
    level = next(g for g, v in m.groupdict().items() if v)
    return level, m.group(level), m.end()


def without_token(text: str) -> str:
    """``text`` without its numbering or bullet ("2.1. Tăng cường…" → "Tăng cường…")."""
    m = _TOKEN.match(text)
    return text[m.end() :] if m else text


def _is_caps(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 3 and all(c.isupper() for c in letters)


def _split_title(body: str, short: int) -> tuple[str, str, bool]:
    """(title, text run in after it, whether a colon ended the title)."""
    colon = body.find(":")
    if colon > 0 and len(body[:colon].split()) <= short:
        return body[:colon].strip(), body[colon + 1 :].strip(), True
    for m in _SENTENCE_END.finditer(body):
        if body[m.end() : m.end() + 1].isupper():
            return body[: m.start()].strip(), body[m.end() :].strip(), False
    return body.strip().rstrip("."), "", False


def _candidate(line: Line, matcher: Matcher) -> Heading | None:
    """The heading ``line`` is, if it looks like one and names a section or a boundary."""
    if line.in_table and not line.emphasis:
        return None
    level, token, start = _level(line.text)
    rest_of_line = line.text[start:]
    if not rest_of_line.strip():
        return None
    lim = matcher.m
    title, rest, colon = _split_title(rest_of_line, lim.short_max_words)
    n = len(title.split())
    if level in _NUMBERED:
        fits = n <= lim.numbered_max_words
    else:  # a bulleted line is a heading only as one that is not numbered would be
        fits = n <= lim.short_max_words and (_is_caps(title) or colon)
        fits = fits or (line.emphasis and n <= lim.emphasis_max_words)
    if not fits:
        return None
    key, score = matcher.heading_key(title)
    if score == 0:
        return None
    return Heading(line, level, token, title, rest, key, score)


def is_child(parent: Heading, child: Heading) -> bool:
    """Whether ``child`` is numbered as an item of ``parent`` ("2.1" under "2", "-" under "a)")."""
    if parent.level in ("arabic", "multi"):
        sub = child.level == "multi" and child.token.startswith(parent.token + ".")
        return sub or child.level in ("letter", "bullet")
    if parent.level == "roman":
        return child.level in ("arabic", "multi", "letter", "bullet")
    if parent.level == "letter":
        return child.level == "bullet"
    return parent.level == "none" and child.level in ("arabic", "multi", "letter", "bullet")


def _in_title(line: Line, after_title: int) -> bool:
    """Whether ``line``, ``after_title`` lines under "BÁO CÁO", still belongs to the title."""
    if _level(line.text)[0] in _NUMBERED or line.text.rstrip().endswith(":"):
        return False
    return _is_caps(line.text) or (after_title <= 3 and len(line.text.split()) < 40)


def _header_end(lines: Sequence[Line], matcher: Matcher) -> int:
    """Index of the first line after the header and the title block (0 if no title is found)."""
    for i, line in enumerate(lines[:20]):
        if _level(line.text)[0] in _NUMBERED:
            return 0
        if matcher.is_title(line.text):
            end = i + 1
            while end < len(lines) and end <= i + 8 and _in_title(lines[end], end - i):
                end += 1
            return end
    return 0


def _container(span: Span, following: Span | None) -> bool:
    """A heading with no text of its own, right above one of its sub-headings."""
    above = span.heading
    below = following.heading if following else None
    return not span.body and above is not None and below is not None and is_child(above, below)


def layout(lines: Sequence[Line], matcher: Matcher) -> Layout:
    """Split a report into header, preamble, sections (see the module docstring) and closing."""
    start = _header_end(lines, matcher)
    end = next((i for i in range(start, len(lines)) if matcher.is_closing(lines[i].text)), None)
    end = len(lines) if end is None else end
    order = {key: i for i, key in enumerate(SECTION_KEYS)}
    preamble: list[Line] = []
    spans: list[Span] = []
    for line in lines[start:end]:
        heading = _candidate(line, matcher)
        current = spans[-1] if spans else None
        if heading and current and current.heading and is_child(current.heading, heading):
            if current.key == BOUNDARY:
                heading = None  # "1. Tiếp tục bố trí kinh phí…" under "Phương hướng"
            elif current.key in order and matcher.vocab.section(current.key).keeps_children:
                moves_on = heading.key not in order or order[heading.key] > order[current.key]
                heading = heading if moves_on else None
        if heading is None:
            (current.body if current else preamble).append(line)
            continue
        spans.append(Span(heading.key, heading))
        if heading.rest:
            spans[-1].body.append(Line(line.number, heading.rest, line.emphasis, line.in_table))
    following: list[Span | None] = [*spans[1:], None]
    spans = [s for s, after in zip(spans, following, strict=False) if not _container(s, after)]
    spans += _found_in_body(preamble, spans, matcher)
    return Layout(list(lines[:start]), preamble, spans, list(lines[end:]))


def _found_in_body(preamble: list[Line], spans: list[Span], matcher: Matcher) -> list[Span]:
    """Sections with no heading, found by paragraphs that open with one of their cues."""
    found = {s.key for s in spans}
    missing = [s.key for s in matcher.vocab.sections if s.key not in found]
    open_to = list(preamble)
    for span in spans:
        if span.key == CONTAINER or (
            span.key in SECTION_KEYS and not matcher.vocab.section(span.key).keeps_children
        ):
            open_to += span.body
    extra: dict[str, Span] = {}
    for line in open_to:
        text = without_token(line.text)
        key = next((k for k in missing if matcher.opens_with(matcher.cues[k], text)), None)
        if key is not None:
            extra.setdefault(key, Span(key, None, found_by="body")).body.append(line)
    return [extra[k] for k in missing if k in extra]
