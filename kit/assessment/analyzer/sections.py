"""Where each expected section of a review report is: found by its words, never by its numbering.

Real reports number loosely (in the one-year review of
Ủy ban nhân dân xã Quảng Thái, 2023, the "b." heading appears as a second "1."), so:

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
5. A heading-shaped line that names no section (upper case or emphasised, short, not a bullet:
   "PHẦN THỨ HAI", "IV. VỀ CÁC HÌNH THỨC KHÁC") ends the section above it; like a container's, its
   text is read paragraph by paragraph (rule 6).
6. Sections with no heading are found from the words of paragraphs that belong to no section (the
   text before the first heading, under containers and under headings that name none): the
   phrases of each section (its headings', ``paragraph_words`` and ``body_cues``, each counted
   once, names in quotes left out) must weigh ``paragraph_threshold``; the heaviest wins. A
   section found by its heading is not taken from elsewhere. In the body of the other sections, a
   paragraph that opens (first ``cue_words`` words) with a missing section's ``body_cues`` is
   found too ("Kinh phí thực hiện 3.000.000 đồng…").
7. The *opening*: the title block and the paragraphs before the first section that open with an
   ``opening_cues`` phrase ("Thực hiện Công văn số…", "Căn cứ Kế hoạch số…"). The documents they
   cite support the directive-documents section.

The vocabulary file is read by :mod:`kit.assessment.analyzer.vocabulary`; its phrases are matched
by :class:`~kit.assessment.analyzer.matching.Matcher`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from kit.assessment.analyzer.matching import BOUNDARY, CONTAINER, OTHER, Matcher
from kit.assessment.analyzer.vocabulary import SECTION_KEYS

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
    emphasis: bool = False  # bold or heading-styled in a .docx, "####" or "**…**" when pasted
    in_table: bool = False
    row_label: str = ""  # in a table row: what its first cell names ("Hội nghị, tọa đàm")


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
    opening: list[Line] = field(default_factory=list)  # the title block and opening paragraphs


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


def _candidate(line: Line, matcher: Matcher, caps: bool = True) -> Heading | None:
    """The heading ``line`` is, if it looks like one and names a section or a boundary (or
    OTHER: a heading that names none; with ``caps`` false, upper case alone does not make one)."""
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
        long_caps = caps and level == "none" and _is_caps(title)  # "KẾT QUẢ TỔ CHỨC CÁC …"
        fits = fits or ((line.emphasis or long_caps) and n <= lim.emphasis_max_words)
    if not fits:
        return None
    key, score = matcher.heading_key(title)
    if score == 0:
        shaped = (_is_caps(title) and caps) or line.emphasis
        ends = line.text.rstrip()[-1:] in (".", ";", ",")
        if level == "bullet" or line.in_table or not shaped or n > lim.short_max_words:
            return None
        if ends or rest:
            return None
        return Heading(line, level, token, title, rest, OTHER, 0.0)
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
    body = lines[start:end]
    long = [line for line in body if len(line.text.split()) > matcher.m.emphasis_max_words]
    caps = sum(_is_caps(line.text) for line in long) * 2 <= len(long)  # not a report in capitals
    for line in body:
        heading = _candidate(line, matcher, caps)
        current = spans[-1] if spans else None
        if heading and current and current.heading and is_child(current.heading, heading):
            if current.key == BOUNDARY:
                heading = None  # "1. Tiếp tục bố trí kinh phí…" under "Phương hướng"
            elif current.key in order and matcher.vocab.section(current.key).keeps_children:
                moves_on = heading.key not in order or order[heading.key] > order[current.key]
                heading = heading if moves_on and heading.key != OTHER else None
        if heading is None:
            (current.body if current else preamble).append(line)
            continue
        spans.append(Span(heading.key, heading))
        if heading.rest:
            spans[-1].body.append(Line(line.number, heading.rest, line.emphasis, line.in_table))
    following: list[Span | None] = [*spans[1:], None]
    spans = [s for s, after in zip(spans, following, strict=False) if not _container(s, after)]
    opening = _opening(list(lines[:start]), preamble, matcher)
    spans += _found_in_body(preamble, spans, matcher)
    return Layout(list(lines[:start]), preamble, spans, list(lines[end:]), opening)


def _opening(header: list[Line], preamble: list[Line], matcher: Matcher) -> list[Line]:
    """The title block (from "BÁO CÁO" on) and the preamble's paragraphs that cite the basis."""
    title = next((i for i, line in enumerate(header) if matcher.is_title(line.text)), len(header))
    return header[title:] + [line for line in preamble if matcher.is_opening(line.text)]


def _found_in_body(preamble: list[Line], spans: list[Span], matcher: Matcher) -> list[Span]:
    """Sections with no heading, found from the words of paragraphs that belong to no section
    (rule 6), then from paragraphs of other sections that open with one of their cues."""
    found = {s.key for s in spans}
    missing = [s.key for s in matcher.vocab.sections if s.key not in found]
    free = list(preamble)
    open_to: list[Line] = []
    for span in spans:
        if span.key in (CONTAINER, OTHER):
            free += span.body
        elif span.key in SECTION_KEYS and not matcher.vocab.section(span.key).keeps_children:
            open_to += span.body
    free.sort(key=lambda line: line.number)
    extra: dict[str, Span] = {}
    for line in free:
        topic = matcher.paragraph_key(without_token(line.text))
        if topic in missing:
            extra.setdefault(topic, Span(topic, None, found_by="body")).body.append(line)
    for line in open_to:
        text = without_token(line.text)
        cued = next((k for k in missing if matcher.opens_with(matcher.cues[k], text)), None)
        if cued is not None and line not in extra.get(cued, Span(cued, None)).body:
            extra.setdefault(cued, Span(cued, None, found_by="body")).body.append(line)
    return [extra[k] for k in missing if k in extra]
