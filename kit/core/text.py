"""Compare Vietnamese text as a person would.

``fold(text)`` gives a key that is equal for two spellings a reader takes as the same:

* Unicode form (NFC or NFD), case, and runs of white space;
* old and new tone placement ("hoà" = "hòa", "thuỷ" = "thủy"): the tone mark of each word is
  taken off the vowel it sits on and kept once for the word, so its position no longer matters;
* look-alikes of Đ/đ (Ð U+00D0, Ɖ U+0189, ð U+00F0, ɖ U+0256) count as Đ/đ.

The key is for comparing only; it is never shown.
"""

from __future__ import annotations

import re
import unicodedata

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
