"""The statistics of a workshop test: item statistics and reliability
(:mod:`kit.workshops.item_stats`: facility, discrimination, flags, Cronbach's α) and, with a pre-
and a post-test, Hake's gain (:mod:`kit.workshops.gain`), checked together and built into one
:class:`Report`.

The methods are those of Moodle's quiz statistics report and Hake's gain. A statistic that cannot
be computed is ``None`` (``null`` in JSON), never NaN,
and a missing response is left out, never counted as zero.

When the responses carry phases (all of them ``pre`` or ``post``), the items and α describe the
post-test; without phases ``gain`` is ``None``. Figures are rounded as shown (percentages to 0.1,
α and g to 0.001, means to 0.01), and flags and bands are read from the rounded figures, so what
a trainer sees always agrees with its label.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from kit.core.errors import InputError
from kit.workshops.gain import Gain, class_gain
from kit.workshops.item_stats import ItemStats, alpha_band, item_stats, reliability
from kit.workshops.marks import Marks, Response, Text, figure


@dataclass(frozen=True)
class Report:
    """The statistics of one test; ``phase`` is ``"post"`` when the responses had phases."""

    items: tuple[ItemStats, ...]
    alpha: float | None
    alpha_n: int
    gain: Gain | None
    phase: str | None = None
    warnings: tuple[Text, ...] = ()
    #: the trainees who answered the test the items and α describe
    trainees: int = 0

    @property
    def alpha_band(self) -> str | None:
        return alpha_band(self.alpha)

    def to_json(self) -> dict[str, Any]:
        """The contract JSON of ``kit workshop stats --json`` (without the file's ``problems``)."""
        return {
            "phase": self.phase,
            "items": [i.to_json() for i in self.items],
            "alpha": self.alpha,
            "alpha_band": self.alpha_band,
            "alpha_n": self.alpha_n,
            "gain": None if self.gain is None else self.gain.to_json(),
            "warnings": [w.to_json() for w in self.warnings],
        }


def item_statistics(responses: Iterable[Response]) -> Report:
    """Item statistics, α and (with phases) Hake's gain; see the module docstring.

    Raises :class:`InputError` when there are no responses, when some have a phase and others
    not, when a (trainee, item, phase) appears twice, or when an item's max differs between rows.
    """
    responses = tuple(responses)
    _check_together(responses)
    phased = responses[0].phase is not None
    tested = Marks.of(r for r in responses if not phased or r.phase == "post")
    items = tuple(item_stats(tested, item) for item in tested.items)
    alpha, alpha_n, warnings = reliability(tested)
    gain = None
    if phased:
        gain, gain_warnings = class_gain(responses)
        warnings += gain_warnings
        if not tested.items:
            warnings.insert(
                0,
                Text(
                    "Chưa có bài làm nào của bài kiểm tra cuối khóa nên chưa có thống kê câu hỏi.",
                    "There is no post-test, so there are no item statistics.",
                ),
            )
    phase = "post" if phased else None
    return Report(items, alpha, alpha_n, gain, phase, tuple(warnings), len(tested.marks))


def _check_together(responses: Sequence[Response]) -> None:
    if not responses:
        raise InputError("Không có câu trả lời nào.", "There are no responses.")
    if len({r.phase is None for r in responses}) > 1:
        raise InputError(
            "Một số câu trả lời có giai đoạn (pre/post), số khác thì không.",
            "Some responses have a phase (pre/post) and others do not.",
        )
    seen = Counter((r.trainee, r.item, r.phase) for r in responses)
    twice = [key for key, n in seen.items() if n > 1]
    if twice:
        trainee, item, phase = twice[0]
        raise InputError(
            f"{trainee!r}, {item!r} ({phase or '-'}): có {seen[twice[0]]} câu trả lời.",
            f"{trainee!r}, {item!r} ({phase or '-'}): {seen[twice[0]]} responses.",
        )
    maxima: dict[tuple[str, str | None], float] = {}
    for r in responses:
        first = maxima.setdefault((r.item, r.phase), r.max)
        if first != r.max:
            raise InputError(
                f"Câu {r.item!r}: điểm tối đa khác nhau ({figure(first)} và {figure(r.max)}).",
                f"Item {r.item!r}: different max marks ({first:g} and {r.max:g}).",
            )
