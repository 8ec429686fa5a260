"""How much a class learned between the pre-test and the post-test of a workshop: Hake's gain.

The method is Hake's normalised gain for pre/post tests (Hake, 1998):
g = (post% − pre%) / (100 − pre%), ``None`` when pre% = 100. A trainee's percentage in a phase is Σ
marks / Σ max × 100
over the items they answered (a missing response is left out, never counted as zero). The class
pre% and post% are the means of those percentages over the trainees who sat both tests. Band:
g < 0.3 ``low``, 0.3–0.7 ``medium``, > 0.7 ``high``.

Figures are rounded as shown (percentages to 0.1, g to 0.001), and bands are read from the rounded
figures, so what a trainer sees always agrees with its label.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from statistics import fmean
from typing import Any

from kit.workshops.marks import PHASES, Marks, Response, Text, rounded

GAIN_BANDS = {
    "low": Text("thấp", "low"),
    "medium": Text("trung bình", "medium"),
    "high": Text("cao", "high"),
}


def gain_band(g: float | None) -> str | None:
    if g is None:
        return None
    if g < 0.3:
        return "low"
    return "high" if g > 0.7 else "medium"


def hake_gain(pre: float, post: float) -> float | None:
    """Hake's normalised gain from two percentages; ``None`` when ``pre`` is 100."""
    return None if pre >= 100 else (post - pre) / (100 - pre)


@dataclass(frozen=True)
class TraineeGain:
    pre: float | None
    post: float | None
    gain: float | None

    @property
    def band(self) -> str | None:
        return gain_band(self.gain)

    def to_json(self) -> dict[str, Any]:
        return {"pre": self.pre, "post": self.post, "gain": self.gain, "band": self.band}


@dataclass(frozen=True)
class Gain:
    """Hake's gain of the class (``value``) from the mean percentages of ``n`` matched trainees."""

    value: float | None
    pre: float | None
    post: float | None
    n: int
    trainees: Mapping[str, TraineeGain] = field(default_factory=dict)

    @property
    def band(self) -> str | None:
        return gain_band(self.value)

    def to_json(self) -> dict[str, Any]:
        return {
            "class": self.value,
            "band": self.band,
            "pre": self.pre,
            "post": self.post,
            "n": self.n,
            "trainees": {name: t.to_json() for name, t in self.trainees.items()},
        }


def class_gain(responses: Sequence[Response]) -> tuple[Gain, list[Text]]:
    """The gain of the class and of each trainee from phased responses, and what to warn about."""
    tests = {p: Marks.of(r for r in responses if r.phase == p) for p in PHASES}
    percents = {
        name: tuple(tests[p].percent(tests[p].marks.get(name, {})) for p in PHASES)
        for name in dict.fromkeys(r.trainee for r in responses)
    }
    trainees = {
        name: TraineeGain(
            rounded(pre, 1),
            rounded(post, 1),
            None if pre is None or post is None else rounded(hake_gain(pre, post), 3),
        )
        for name, (pre, post) in percents.items()
    }
    both = [(pre, post) for pre, post in percents.values() if pre is not None and post is not None]
    warnings = []
    alone = [name for name, (pre, post) in percents.items() if pre is None or post is None]
    if alone:
        shown = ", ".join(alone)
        warnings.append(
            Text(
                f"Chỉ làm một trong hai bài (không tính vào mức tiến bộ của lớp): {shown}.",
                f"Sat only one of the two tests (left out of the class gain): {shown}.",
            )
        )
    if not both:
        return Gain(None, None, None, 0, trainees), warnings
    pre = fmean(p for p, _ in both)
    post = fmean(q for _, q in both)
    g = hake_gain(pre, post)
    if g is None:
        warnings.append(
            Text(
                "Cả lớp đạt 100% ở bài trước nên không tính được mức tiến bộ.",
                "The class scored 100% on the pre-test, so no gain can be computed.",
            )
        )
    gain = Gain(rounded(g, 3), rounded(pre, 1), rounded(post, 1), len(both), trainees)
    return gain, warnings
