"""Read fact values as a person writes them: case, spaces, NFD, old/new tone placement, Đ
look-alikes, text typed without diacritics, common synonyms ("toàn quốc") and the usual
abbreviations ("Nghị quyết HĐND tỉnh", "QĐ UBND xã"). Anything else is refused with a message in
Vietnamese and English that says what was expected."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from typing import Literal

from kit.core.errors import InputError, ValueProblem
from kit.core.limits import clip
from kit.core.text import bare_key, is_blank, read_yes_no, words_key
from kit.eligibility.rules import RuleSet
from kit.grading.answers import parse_date


def read_date(value: object) -> date | None:
    """A date from a spreadsheet cell or text: dd/mm/yyyy (also d/m/yyyy, dd-mm-yyyy) or ISO."""
    if is_blank(value):
        return None
    if isinstance(value, datetime):
        return value.date()
    try:
        return parse_date(value)  # the one date reader the grading engine uses too
    except InputError:
        raise ValueProblem(
            f"'{clip(value)}' không phải ngày hợp lệ dạng dd/mm/yyyy.",
            f"'{clip(value)}' is not a valid date in the form dd/mm/yyyy.",
        ) from None


@dataclass(frozen=True)
class _Lookup:
    exact: Mapping[str, str]
    loose: Mapping[str, str]


#: a kind's entries as plain values: (id, every name a person may use for it), in order
_Entries = tuple[tuple[str, tuple[str, ...]], ...]


@lru_cache(maxsize=16)
def _lookup(entries: _Entries) -> _Lookup:
    """Names -> ids for ``entries`` (cached on the entries themselves: a rule set is read once,
    and the few sets and kinds a process sees keep their lookups)."""
    exact: dict[str, str] = {}
    loose: dict[str, set[str]] = {}
    for target, names in entries:
        for name in names:
            exact.setdefault(words_key(name), target)
            loose.setdefault(bare_key(name), set()).add(target)
    unambiguous = {k: next(iter(v)) for k, v in loose.items() if len(v) == 1}
    return _Lookup(exact, unambiguous)


#: per kind, the rule set last looked up (held, so comparing by identity is safe) and its
#: lookup: a batch reads every row against one rule set, so most calls end here
_LAST: dict[str, tuple[RuleSet, _Lookup]] = {}


def _names(rules: RuleSet, kind: Literal["document_types", "scopes"]) -> _Lookup:
    """The lookup of document types or scopes by every name a person may use for them."""
    last = _LAST.get(kind)
    if last is not None and last[0] is rules:
        return last[1]
    entries = rules.document_types if kind == "document_types" else rules.scopes
    lookup = _lookup(tuple((e.id, (e.id, e.label, e.label_en, *e.synonyms)) for e in entries))
    _LAST[kind] = (rules, lookup)
    return lookup


def _find(lookup: _Lookup, value: object) -> str | None:
    text = str(value)
    return lookup.exact.get(words_key(text)) or lookup.loose.get(bare_key(text))


def read_document_type(rules: RuleSet, value: object) -> str | None:
    if is_blank(value):
        return None
    found = _find(_names(rules, "document_types"), value)
    if found is None:
        labels = "; ".join(d.label for d in rules.document_types)
        labels_en = "; ".join(d.label_en for d in rules.document_types)
        raise ValueProblem(
            f"Không nhận ra loại văn bản '{clip(value)}'. Dùng một trong: {labels}.",
            f"Unknown document type '{clip(value)}'. Use one of: {labels_en}.",
        )
    return found


def read_scope(rules: RuleSet, value: object) -> str | None:
    if is_blank(value):
        return None
    found = _find(_names(rules, "scopes"), value)
    if found is None:
        labels = " / ".join(s.label for s in rules.scopes)
        raise ValueProblem(
            f"Không nhận ra phạm vi tác động '{clip(value)}'. Dùng: {labels}.",
            f"Unknown impact scope '{clip(value)}'. Use: {labels}.",
        )
    return found


def read_fact(rules: RuleSet, fact_id: str, value: object) -> object:
    """One fact's value, read by the kind the rule set gives it."""
    kind = rules.fact(fact_id).kind
    if kind == "yes_no":
        return read_yes_no(value)
    if kind == "date":
        return read_date(value)
    if kind == "document_type":
        return read_document_type(rules, value)
    return read_scope(rules, value)


def read_facts(rules: RuleSet, raw: Mapping[str, object]) -> tuple[dict[str, object], list[str]]:
    """Every fact the rule set reads (None where blank), and problems as ``fact: message``.

    Unknown names are problems too, so a typo in a facts file is not silently ignored.
    """
    facts: dict[str, object] = {f.id: None for f in rules.facts}
    problems: list[str] = []
    for name, value in raw.items():
        if name not in facts:
            problems.append(
                f"{name}: không phải dữ kiện của bộ quy tắc / not a fact of the rule set"
            )
            continue
        try:
            facts[name] = read_fact(rules, name, value)
        except ValueProblem as exc:
            problems.append(f"{name}: {exc.vi} / {exc.en}")
    return facts, problems
