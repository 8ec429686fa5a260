"""Lesson pages as HTML: front matter panel, Markdown body, and the lesson's fenced blocks.

Markdown is rendered with raw HTML disabled, so nothing in a lesson file can inject markup.
"""

from __future__ import annotations

from functools import cache
from html import escape
from typing import Any

from kit.content.lessons import Lesson
from kit.core.i18n import t


@cache
def _markdown() -> Any:
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table")


def markdown_html(text: str) -> str:
    return str(_markdown().render(text))


def _list(items: list[str]) -> str:
    return "<ul>" + "".join(f"<li>{escape(i)}</li>" for i in items) + "</ul>"


def lesson_html(lesson: Lesson, lang: str, position: int, exercises: int) -> str:
    """The whole page of one lesson; ``position`` is its 1-based place in the course."""
    meta = lesson.meta
    title = meta.title_en if lang == "en" else meta.title
    tracks = ", ".join(t(f"lessons.track_{tr}", lang) for tr in meta.tracks)
    facts = t("lessons.facts", lang, minutes=meta.minutes, tracks=tracks, exercises=exercises)
    parts = [
        f"<h2 class='kit-lesson-title'>{position}. {escape(title)}</h2>",
        f"<p class='kit-lesson-facts'>{escape(facts)}</p>",
    ]
    if lang == "en":
        parts.append(f"<p class='kit-note'>{escape(t('lessons.vi_only', lang))}</p>")
        if meta.summary_en:
            parts.append(f"<p>{escape(meta.summary_en)}</p>")
    parts += [
        "<div class='kit-lesson-meta'>",
        f"<h3>{escape(t('lessons.objectives', lang))}</h3>{_list(meta.objectives)}",
        f"<h3>{escape(t('lessons.key_points', lang))}</h3>{_list(meta.key_points)}",
        "</div>",
    ]
    for block in lesson.blocks:
        if block.kind == "markdown":
            parts.append(markdown_html(block.text))
        elif block.kind != "exercises":
            label = escape(t(f"lessons.block_{block.kind.replace('-', '_')}", lang))
            parts.append(
                f"<div class='kit-block kit-block-{block.kind}'>"
                f"<p class='kit-block-label'>{label}</p>{markdown_html(block.text)}</div>"
            )
    parts.append(f"<h3>{escape(t('lessons.sources', lang))}</h3>{_list(meta.sources)}")
    return "".join(parts)
