"""Compare Vietnamese text as a person would.

``fold(text)`` gives a key that is equal for two spellings a reader takes as the same:

* Unicode form (NFC or NFD), case, and runs of white space;
* old and new tone placement ("hoà" = "hòa", "thuỷ" = "thủy"): the tone mark of each word is
  taken off the vowel it sits on and kept once for the word, so its position no longer matters;
* look-alikes of Đ/đ (Ð U+00D0, Ɖ U+0189, ð U+00F0, ɖ U+0256) count as Đ/đ.

The key is for comparing only; it is never shown. On top of it, ``words_key`` also expands the
usual abbreviations ("UBND" = "ủy ban nhân dân") and drops punctuation and filler words,
``bare_key`` drops the diacritics too (text typed without a Vietnamese keyboard), and
``read_yes_no`` reads a yes/no answer as people write it ("Có", "co", "x", "không").
Every part of the kit that compares or reads Vietnamese words uses these.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from kit.core.errors import ValueProblem
from kit.core.limits import clip

#: grave, acute, tilde, hook above, dot below: the five tone marks
TONE_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323")
D_LOOKALIKES = str.maketrans({"Ð": "Đ", "Ɖ": "Đ", "ð": "đ", "ɖ": "đ"})
_SPACE = re.compile(r"\s+")
_WORD = re.compile(r"\w+", re.UNICODE)


def _word_key(word: str) -> str:
    tone = ""
    kept = []
    for ch in unicodedata.normalize("NFD", word):
        if ch in TONE_MARKS:
            tone = ch
        else:
            kept.append(ch)
    base = unicodedata.normalize("NFC", "".join(kept))
    return f"{base}{tone}" if tone else base


def fold(text: str) -> str:
    """Comparison key of ``text`` (see module docstring)."""
    text = unicodedata.normalize("NFC", text).translate(D_LOOKALIKES).casefold()
    text = _SPACE.sub(" ", text).strip()
    return _WORD.sub(lambda m: _word_key(m.group(0)), text)


def same(a: str, b: str) -> bool:
    return fold(a) == fold(b)


def strip_punctuation(text: str) -> str:
    """``text`` without trailing/leading punctuation (for short answers typed with a full stop)."""
    return text.strip().strip(".,;:!?\"'“”()[]").strip()


YES = ("có", "co", "c", "yes", "y", "true", "1", "x", "đúng", "dung", "phải", "phai", "đạt")
NO = ("không", "khong", "ko", "k", "no", "n", "false", "0", "sai", "chưa", "không có")
ABBREVIATIONS = {
    "hđnd": "hội đồng nhân dân",
    "ubnd": "ủy ban nhân dân",
    "qđ": "quyết định",
    "nq": "nghị quyết",
    "nđ": "nghị định",
    "tt": "thông tư",
    "ttg": "thủ tướng chính phủ",
    "qh": "quốc hội",
    "cp": "chính phủ",
}
FILLER = frozenset(fold(w) for w in ("của", "cấp"))
_PUNCT = re.compile(r"[\s.,;:()\[\]/_\-–—]+")


def words_key(text: str) -> str:
    """Fold, expand abbreviations word by word, drop punctuation."""
    words = _PUNCT.sub(" ", fold(text)).split()
    expanded = " ".join(ABBREVIATIONS.get(w, w) for w in words if w not in FILLER)
    return fold(expanded)


def bare_key(text: str) -> str:
    """``words_key`` without any diacritics (text typed with no Vietnamese keyboard)."""
    bare = unicodedata.normalize("NFD", words_key(text).replace("đ", "d"))
    return "".join(ch for ch in bare if not unicodedata.combining(ch))


@cache
def _yes_keys() -> frozenset[str]:
    return frozenset(words_key(v) for v in YES)


@cache
def _no_keys() -> frozenset[str]:
    return frozenset(words_key(v) for v in NO)


def is_blank(value: object) -> bool:
    """Nothing written: ``None``, an empty or all-space text."""
    return value is None or (isinstance(value, str) and not value.strip())


def read_yes_no(value: object) -> bool | None:
    """True, False, or None for a blank cell; refuses anything else."""
    if is_blank(value):
        return None
    if isinstance(value, bool):
        return value
    key = words_key(str(value))
    if key in _yes_keys():
        return True
    if key in _no_keys():
        return False
    shown = clip(value)
    raise ValueProblem(f"'{shown}' không phải Có/Không.", f"'{shown}' is not Có/Không (yes/no).")


TRUE_WORDS = ("true", "đúng", "dung", "d", "t", "yes", "có", "1")
FALSE_WORDS = ("false", "sai", "s", "f", "no", "không", "0")


@cache
def _truth_keys() -> tuple[frozenset[str], frozenset[str]]:
    return frozenset(fold(w) for w in TRUE_WORDS), frozenset(fold(w) for w in FALSE_WORDS)


def read_true_false(value: object) -> bool:
    """An answer to a true/false statement ("đúng", "sai", "true", "d" …); refuses anything else."""
    if isinstance(value, bool):
        return value
    word = fold(str(value))
    true, false = _truth_keys()
    if word in true:
        return True
    if word in false:
        return False
    raise ValueProblem("Trả lời 'đúng' hoặc 'sai'.", "Answer 'true' or 'false'.")
