"""Reading one answer: its typed value, or the code of the message that says what is wrong.

Accepted spellings: numbers as numbers or text ("1.500.000", "85%"), dates as ``yyyy-mm-dd`` or
``dd/mm/yyyy`` (or ``date`` objects), yes/no as booleans or "Có"/"Không", choices by id or label,
several choices as a list (or text separated by ";"). A blank answer (``None``, "", []) reads as
``None``. The codes name the questionnaire's ``messages``
(:class:`~kit.assessment.questionnaire.schema.Messages`);
:func:`~kit.assessment.questionnaire.answers.check_answers` turns them into problems.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable, Mapping
from datetime import date, datetime
from functools import lru_cache

from kit.assessment.questionnaire.conditions import is_blank
from kit.assessment.questionnaire.schema import Choice, QuestionField

#: the years a date answer may fall in
YEARS = (2000, 2100)
_THOUSANDS = re.compile(r"^-?\d{1,3}(?:[.,\s]\d{3})+$")
_DOC_PREFIX = re.compile(r"^(?:số|so)\s*[:.]?\s*", re.IGNORECASE)
_DOC_SPACES = re.compile(r"\s*([/-])\s*")
_DOC = re.compile(r"^\d{1,5}[a-z]?/(?:(?:19|20)\d{2}/)?[0-9A-Za-zĐđ]+(?:-[0-9A-Za-zĐđ]+)*$")
_UNNUMBERED = re.compile(r"^[.…\s_]*/")


class BadValue(ValueError):
    """An answer its field refuses: ``code`` names the message, ``fields`` fill it in."""

    def __init__(self, code: str, **fields: object) -> None:
        super().__init__(code)
        self.code = code
        self.fields = fields


def read_value(f: QuestionField, value: object) -> object:
    """The typed value of one answer, ``None`` when blank; raises :class:`BadValue`."""
    if isinstance(value, str):
        value = unicodedata.normalize("NFC", value).strip()
    if is_blank(value):
        return None
    reader = _READERS[f.type]
    return reader(f, value)


def plain(value: object) -> str:
    """``value`` as a message shows it (dates as ``dd/mm/yyyy``, whole floats without ``.0``)."""
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float) and math.isfinite(value) and value == int(value):
        return str(int(value))  # not for NaN or infinity, which a JSON file may hold
    return str(value)


def _text(f: QuestionField, value: object) -> str:
    if not isinstance(value, str):
        raise BadValue("not_text", value=value)
    if len(value) > f.max_length:
        raise BadValue("too_long", max=f.max_length)
    return value


def _number_text(text: str) -> str:
    """'1.500.000' / '1,500,000' / '1 500 000' → '1500000'; '85,5' → '85.5'."""
    text = text.replace("\u00a0", " ").strip()
    if _THOUSANDS.match(text):
        return re.sub(r"[.,\s]", "", text)
    return text.replace(",", ".") if text.count(",") == 1 and "." not in text else text


def _as_number(value: object, code: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise BadValue(code, value=value)
    if isinstance(value, str):
        try:
            number = float(_number_text(value))
        except ValueError:
            raise BadValue(code, value=value) from None
    else:
        number = float(value)
    if not math.isfinite(number):
        raise BadValue(code, value=value)
    return number


def _count(f: QuestionField, value: object) -> int:
    number = _as_number(value, "not_count")
    if number != int(number):
        raise BadValue("not_count", value=value)
    return int(_bounded(f, number))


def _amount(f: QuestionField, value: object) -> float | int:
    number = _bounded(f, _as_number(value, "not_number"))
    return int(number) if number == int(number) else number


def _bounded(f: QuestionField, number: float) -> float:
    if number < 0:
        raise BadValue("negative", value=plain(number))
    if f.max is not None and number > f.max:
        raise BadValue("too_large", value=plain(number), max=plain(f.max))
    return number


def _percent(f: QuestionField, value: object) -> float | int:
    if isinstance(value, str):
        value = value.removesuffix("%").strip()
    number = _as_number(value, "not_number")
    if not 0 <= number <= 100:
        raise BadValue("percent_range", value=plain(number))
    return int(number) if number == int(number) else number


def _date(f: QuestionField, value: object) -> date:
    if isinstance(value, datetime):
        day = value.date()
    elif isinstance(value, date):
        day = value
    elif isinstance(value, str):
        day = _parse_date(value)
    else:
        raise BadValue("not_date", value=value)
    if not YEARS[0] <= day.year <= YEARS[1]:
        raise BadValue("date_range", value=day.year, min=YEARS[0], max=YEARS[1])
    return day


def _parse_date(text: str) -> date:
    if len(text) == 10 and text[4] == "-":  # ISO, the form the app saves
        try:
            return date.fromisoformat(text)
        except ValueError:
            raise BadValue("not_date", value=text) from None
    for fmt in ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise BadValue("not_date", value=text)


def normalise_document_number(text: str) -> str:
    """'Số: 15 / KH – UBND' → '15/KH-UBND' (case kept: '407/QĐ-TTg')."""
    text = _DOC_PREFIX.sub("", text.replace("–", "-").replace("—", "-")).strip()
    return _DOC_SPACES.sub(r"\1", text)


def is_document_number(text: str) -> bool:
    """A Vietnamese document number and symbol: 15/KH-UBND, 407/QĐ-TTg, 30/2020/NĐ-CP, 54/TP."""
    symbol = text.rsplit("/", 1)[-1]
    return bool(_DOC.match(text)) and any(ch.isalpha() for ch in symbol)


def _document_number(f: QuestionField, value: object) -> str:
    if not isinstance(value, str):
        raise BadValue("not_document_number", value=value)
    text = normalise_document_number(value)
    if _UNNUMBERED.match(text):
        raise BadValue("unnumbered_document", value=value)
    if not is_document_number(text):
        raise BadValue("not_document_number", value=value)
    return text


def _yes_no(f: QuestionField, value: object) -> bool:
    from kit.core.errors import ValueProblem
    from kit.core.text import read_yes_no

    if isinstance(value, bool):
        return value
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    if not isinstance(value, str):
        raise BadValue("not_yes_no", value=value)
    try:
        answer = read_yes_no(value)
    except ValueProblem:
        raise BadValue("not_yes_no", value=value) from None
    if answer is None:  # pragma: no cover - blanks are handled before
        raise BadValue("not_yes_no", value=value)
    return answer


def _choice_id(f: QuestionField, value: object) -> str:
    if isinstance(value, str):
        if value in f.choice_ids:
            return value
        from kit.core.text import fold

        found = _choice_names(tuple(f.choices)).get(fold(value))
        if found is not None:
            return found
    allowed = "; ".join(f"{c.id} ({c.label})" for c in f.choices)
    allowed_en = "; ".join(f"{c.id} ({c.label_en})" for c in f.choices)
    raise BadValue("not_choice", value=value, allowed=allowed, allowed_en=allowed_en)


@lru_cache(maxsize=256)
def _choice_names(choices: tuple[Choice, ...]) -> Mapping[str, str]:
    """Folded id, label and English label -> choice id (built once per field's choices)."""
    from kit.core.text import fold

    return {fold(n): c.id for c in choices for n in (c.id, c.label, c.label_en)}


def _multi_choice(f: QuestionField, value: object) -> list[str] | None:
    items: list[object]
    if isinstance(value, str):
        items = [part.strip() for part in re.split(r"[;\n]", value) if part.strip()]
    elif isinstance(value, list | tuple):
        items = [v.strip() if isinstance(v, str) else v for v in value]
        items = [v for v in items if not is_blank(v)]
    else:
        items = [value]
    chosen: list[str] = []
    for item in items:
        cid = _choice_id(f, item)
        if cid not in chosen:
            chosen.append(cid)
    return chosen or None


_READERS: dict[str, Callable[[QuestionField, object], object]] = {
    "text": _text,
    "count": _count,
    "amount": _amount,
    "percent": _percent,
    "date": _date,
    "document_number": _document_number,
    "yes_no": _yes_no,
    "choice": _choice_id,
    "multi_choice": _multi_choice,
}
