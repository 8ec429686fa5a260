"""The kit's item text (plain text, paragraphs and line breaks, a little Markdown) as HTML, and
HTML written by anyone (Moodle's editor, a GIFT ``[html]`` text) back to that text.

:func:`text_html` escapes everything: a text shows the same in Moodle as on the kit's page.
:func:`html_text` keeps only the words: paragraphs and ``<br>`` become blank lines and line
breaks, lists become ``- `` lines, bold and italics become ``**`` and ``*``, a link keeps its
words and its address, a table its cells separated by ``|``; scripts, styles and images are
dropped (an image's ``alt`` text is kept in brackets). Nothing of the HTML passes through: the
result is text the kit escapes when it shows it. Moodle's multilang spans
(``<span lang="en" class="multilang">``) are split by language (:func:`html_by_lang`).
"""

from __future__ import annotations

import re
import unicodedata
from html import escape
from html.parser import HTMLParser

_BLOCKS = frozenset(
    ("p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "table", "ul", "ol")
) | frozenset(("section", "article", "header", "footer"))
_DROPPED = frozenset(("script", "style", "head", "title", "template", "noscript", "svg", "math"))
_SPACE = re.compile(r"[ \t\r\n\f\v\u00a0]+")
_PARAGRAPH = "\x00P\x00"
_LINE = "\x00L\x00"


def text_html(text: str) -> str:
    """``text`` (the kit's item text) as HTML paragraphs, every character escaped."""
    paragraphs = [p for p in re.split(r"\n\s*\n", text.strip()) if p.strip()]
    return "".join(
        "<p>" + "<br>".join(escape(line, quote=False) for line in p.split("\n")) + "</p>"
        for p in paragraphs
    )


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: dict[str, list[str]] = {"": []}
        self.lang: list[str] = []
        self.dropped = 0
        self.lists: list[list[int]] = []
        self.links: list[str | None] = []
        self.spans: list[bool] = []
        self.pre = 0
        self.cell = False

    @property
    def out(self) -> list[str]:
        return self.parts.setdefault(self.lang[-1] if self.lang else "", [])

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag in _DROPPED:
            self.dropped += 1
        elif tag in ("span", "lang"):
            multi = "multilang" in a.get("class", "").split() or tag == "lang"
            self.spans.append(multi and bool(a.get("lang")))
            if self.spans[-1]:
                self.lang.append(a["lang"].lower().split("_")[0].split("-")[0])
        elif tag == "br":
            self.out.append(_LINE)
        elif tag in _BLOCKS:
            self.out.append(_PARAGRAPH)
            self.pre += tag == "pre"
            if tag in ("ul", "ol"):
                self.lists.append([0 if tag == "ol" else -1])
        elif tag == "li":
            self.out.append(_LINE)
            if self.lists and self.lists[-1][0] >= 0:
                self.lists[-1][0] += 1
                self.out.append(f"{self.lists[-1][0]}. ")
            else:
                self.out.append("- ")
        elif tag == "tr":
            self.out.append(_LINE)
            self.cell = False
        elif tag in ("td", "th"):
            if self.cell:
                self.out.append(" | ")
            self.cell = True
        elif tag in ("strong", "b"):
            self.out.append("**")
        elif tag in ("em", "i"):
            self.out.append("*")
        elif tag == "a":
            href = a.get("href", "")
            self.links.append(href if href.startswith(("http://", "https://", "mailto:")) else None)
        elif tag == "img" and a.get("alt", "").strip():
            self.out.append(f"[{a['alt'].strip()}]")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in ("br", "img"):
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in _DROPPED:
            self.dropped = max(0, self.dropped - 1)
        elif tag in ("span", "lang"):
            if self.spans and self.spans.pop() and self.lang:
                self.lang.pop()
        elif tag in _BLOCKS:
            self.out.append(_PARAGRAPH)
            self.pre = max(0, self.pre - (tag == "pre"))
            if tag in ("ul", "ol") and self.lists:
                self.lists.pop()
        elif tag in ("strong", "b", "em", "i"):
            self._close_mark("**" if tag in ("strong", "b") else "*")
        elif tag == "a" and self.links:
            href = self.links.pop()
            if href:
                self.out.append(f" ({href.removeprefix('mailto:')})")

    def _close_mark(self, mark: str) -> None:
        """Close bold or italics; around nothing but spaces, the marks are left out."""
        out = self.out
        blank = 0
        while blank < len(out) and not out[-1 - blank].strip() and out[-1 - blank] != _LINE:
            blank += 1
        if blank < len(out) and out[-1 - blank] == mark:
            del out[-1 - blank]
        else:
            out.append(mark)

    def handle_data(self, data: str) -> None:
        if self.dropped:
            return
        if self.pre:
            self.out.append(data.replace("\r\n", "\n").replace("\n", _LINE))
        else:
            self.out.append(_SPACE.sub(" ", data))


def _finish(parts: list[str]) -> str:
    raw = "".join(parts)
    paragraphs = []
    for block in raw.split(_PARAGRAPH):
        lines = [re.sub(" {2,}", " ", ln).strip() for ln in block.split(_LINE)]
        text = "\n".join(ln for ln in lines if ln)
        if text:
            paragraphs.append(text)
    return unicodedata.normalize("NFC", "\n\n".join(paragraphs))


def html_by_lang(html: str) -> dict[str, str]:
    """The text of ``html`` by language: ``""`` for what no multilang span marks, else the
    language code of each span (``"vi"``, ``"en"``)."""
    reader = _Reader()
    reader.feed(html)
    reader.close()
    return {lang: _finish(parts) for lang, parts in reader.parts.items()}


def html_text(html: str) -> str:
    """All the text of ``html`` (every language's, in order of appearance)."""
    reader = _Reader()
    reader.feed(re.sub(r"</?(?:span|lang)\b[^>]*>", "", html))
    reader.close()
    return _finish(reader.parts[""])
