"""Required ideas of a ``covers_items`` check: found by their wordings, the item's synonym sets
and figures in any spelling, and told apart when the text denies them.

Each item of the check is an idea: a list of wordings, the first being its name in the
feedback. Where wordings of two ideas overlap ("tiếp thu" inside "không tiếp thu") the longer
one is read. A mention is *denied* when a negator stands right before it, with at most a few
linking words between ("không còn là dự thảo", "chưa được tập huấn"). A denied mention counts
against the text only when the brief never denies that idea itself: the brief says "03 tuyên
truyền viên chưa được tập huấn", so a report may say so too.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from kit.content.schemas import RubricCheck
from kit.grading.writing.doc import (
    Doc,
    Keys,
    Tok,
    canonical,
    canonical_keys,
    ends_at,
    key_set,
    keys_of,
    synonym_table,
)
from kit.grading.writing.phrases import writing_phrases

#: linking words allowed between a negator and what it denies
MAX_BRIDGES = 3
#: how far back the brief's own negation of an idea is looked for, inside its clause
BRIEF_REACH = 6


@dataclass(frozen=True)
class Idea:
    """One required idea as the text gives it."""

    name: str
    present: bool
    #: the text's words where it denies what the brief affirms
    denied: tuple[str, ...] = ()


def negated(toks: Sequence[Tok], i: int, bare: bool) -> bool:
    """Does a negator stand right before token ``i`` (across linking words) in its clause?"""
    neg = writing_phrases().negation
    negators, bridges = key_set(neg.negators, bare), key_set(neg.bridges, bare)
    keys = [t.key for t in toks]
    clause = toks[i].clause if i < len(toks) else -1
    j, crossed = i - 1, 0
    while j >= 0 and toks[j].clause == clause:
        n = ends_at(keys, j, negators)
        if n and toks[j - n + 1].clause == clause:
            return True
        b = ends_at(keys, j, bridges)
        if not b or crossed >= MAX_BRIDGES:
            return False
        j, crossed = j - b, crossed + 1
    return False


def _negated_widely(toks: Sequence[Tok], i: int, bare: bool) -> bool:
    """A negator anywhere in the few words before token ``i`` of its clause (for the brief)."""
    negators = key_set(writing_phrases().negation.negators, bare)
    keys = [t.key for t in toks]
    for j in range(i - 1, max(-1, i - 1 - BRIEF_REACH), -1):
        if toks[j].clause != toks[i].clause:
            return False
        if ends_at(keys, j, negators):
            return True
    return False


def _wordings(check: RubricCheck, bare: bool) -> list[list[Keys]]:
    table = synonym_table(tuple(tuple(s) for s in check.synonyms), bare)
    return [
        [k for w in group if (k := canonical_keys(keys_of(w, bare), table))]
        for group in check.items
    ]


def _matches(keys: Sequence[str], wording: Keys) -> list[int]:
    n = len(wording)
    return [i for i in range(len(keys) - n + 1) if tuple(keys[i : i + n]) == wording]


def find_ideas(check: RubricCheck, doc: Doc, brief: Doc) -> list[Idea]:
    """Every idea of ``check`` as ``doc`` gives it (``brief``: the prompt, read alike)."""
    bare = doc.bare
    table = synonym_table(tuple(tuple(s) for s in check.synonyms), bare)
    text = canonical(doc.toks, table)
    prompt = canonical(brief.toks, table)
    wordings = _wordings(check, bare)
    keys = [t.key for t in text]
    pkeys = [t.key for t in prompt]

    hits = sorted(
        (
            (-len(w), i, n)
            for n, group in enumerate(wordings)
            for w in group
            for i in _matches(keys, w)
        ),
    )
    taken: set[int] = set()
    mentions: list[list[tuple[int, int]]] = [[] for _ in wordings]
    for neg_len, i, n in hits:
        span = set(range(i, i - neg_len))
        if span & taken:
            continue
        taken |= span
        mentions[n].append((i, i - neg_len))

    ideas = []
    for n, group in enumerate(check.items):
        brief_denies = any(
            _negated_widely(prompt, i, bare) for w in wordings[n] for i in _matches(pkeys, w)
        )
        plain = [m for m in mentions[n] if not negated(text, m[0], bare)]
        denied = [m for m in mentions[n] if m not in plain]
        present = bool(plain) or (bool(denied) and brief_denies)
        quotes = () if brief_denies else tuple(_quote(doc, text, m) for m in denied)
        ideas.append(Idea(group[0], present, quotes))
    return ideas


def _quote(doc: Doc, toks: Sequence[Tok], span: tuple[int, int]) -> str:
    """The clause of the text around a mention, as written."""
    i, j = span
    clause = toks[i].clause
    a = i
    while a > 0 and toks[a - 1].clause == clause:
        a -= 1
    b = j
    while b < len(toks) and toks[b].clause == clause:
        b += 1
    return doc.text[toks[a].start : toks[b - 1].end].strip()
