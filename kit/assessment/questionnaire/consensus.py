"""Assessors' overrides and the consensus score (CAF practice: score alone, then agree).

The computed band is a *proposal*. Each assessor of a unit starts from it and may override the
score of any dimension with a written reason (required, not blank). **Any score 0–100 is allowed**:
an assessor may know evidence the form does not hold; an override that leaves the proposed band is
kept and flagged (``outside_band``) so the consensus meeting looks at it.

``consensus(proposal, assessments, agreed)`` then shows, per dimension, every assessor's score,
their range (min, max, spread; a spread of at least ``consensus.discuss_spread`` in the rubric is
flagged for discussion) and the agreed score: the one the meeting recorded in ``agreed`` (with its
reason), or, before the meeting, the median of the assessors' scores. Every reason is kept.
Consensus scores are comparable only as learning from peers, not as a league table (CAF).
"""

from __future__ import annotations

import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

from kit.assessment.questionnaire.scoring import UnitScore
from kit.core.errors import InputError


@dataclass(frozen=True)
class Override:
    """A score set by a person (an assessor, or the consensus meeting), with its reason."""

    score: int
    reason: str

    def __post_init__(self) -> None:
        if isinstance(self.score, bool) or not isinstance(self.score, int):
            raise InputError(
                f"Điểm phải là số nguyên từ 0 đến 100 (đã nhập «{self.score}»).",
                f"A score must be a whole number from 0 to 100 (got “{self.score}”).",
            )
        if not 0 <= self.score <= 100:
            raise InputError(
                f"Điểm phải từ 0 đến 100 (đã nhập {self.score}).",
                f"A score must be from 0 to 100 (got {self.score}).",
            )
        if not isinstance(self.reason, str) or not self.reason.strip():
            raise InputError(
                "Khi thay đổi điểm đề xuất phải ghi lý do.",
                "A changed score needs a written reason.",
            )
        object.__setattr__(self, "reason", self.reason.strip())


@dataclass(frozen=True)
class Assessment:
    """One assessor's scoring of a unit: the proposal, except where ``overrides`` say otherwise."""

    assessor: str
    overrides: Mapping[str, Override] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not isinstance(self.assessor, str) or not self.assessor.strip():
            raise InputError("Cần ghi tên người đánh giá.", "The assessor's name is needed.")
        object.__setattr__(self, "assessor", self.assessor.strip())


@dataclass(frozen=True)
class AssessorScore:
    assessor: str
    score: int | None
    overridden: bool
    reason: str
    #: the override left the band the rubric proposed
    outside_band: bool


@dataclass(frozen=True)
class DimensionConsensus:
    key: str
    proposed: int | None
    scores: tuple[AssessorScore, ...]
    min: int | None
    max: int | None
    spread: int | None
    agreed: int | None
    agreed_by: Literal["meeting", "median"]
    #: the meeting's reason when ``agreed_by == "meeting"``
    agreed_reason: str
    band: str | None
    discuss: bool

    def reasons(self) -> list[str]:
        """Every reason given, each with who gave it and the score."""
        out = [f"{s.assessor} ({s.score}): {s.reason}" for s in self.scores if s.overridden]
        if self.agreed_by == "meeting":
            out.append(f"Thống nhất / agreed ({self.agreed}): {self.agreed_reason}")
        return out

    def to_json(self) -> dict[str, object]:
        return {
            "key": self.key,
            "proposed": self.proposed,
            "scores": [
                {
                    "assessor": s.assessor,
                    "score": s.score,
                    "overridden": s.overridden,
                    "reason": s.reason,
                    "outside_band": s.outside_band,
                }
                for s in self.scores
            ],
            "min": self.min,
            "max": self.max,
            "spread": self.spread,
            "agreed": self.agreed,
            "agreed_by": self.agreed_by,
            "band": self.band,
            "discuss": self.discuss,
            "reasons": self.reasons(),
        }


@dataclass(frozen=True)
class Consensus:
    assessors: tuple[str, ...]
    dimensions: tuple[DimensionConsensus, ...]
    total: float | None
    level: str | None

    def dimension(self, key: str) -> DimensionConsensus:
        return next(d for d in self.dimensions if d.key == key)

    def to_json(self) -> dict[str, object]:
        return {
            "assessors": list(self.assessors),
            "total": self.total,
            "level": self.level,
            "dimensions": [d.to_json() for d in self.dimensions],
        }


def assessor_scores(proposal: UnitScore, assessment: Assessment) -> dict[str, int | None]:
    """One assessor's score per dimension: the proposal unless overridden."""
    _check_keys(proposal, assessment.overrides, assessment.assessor)
    return {
        d.key: assessment.overrides[d.key].score if d.key in assessment.overrides else d.score
        for d in proposal.dimensions
    }


def consensus(
    proposal: UnitScore,
    assessments: Sequence[Assessment],
    agreed: Mapping[str, Override] | None = None,
) -> Consensus:
    """Per dimension: every assessor's score, the range, and the agreed score with reasons."""
    if not assessments:
        raise InputError("Cần ít nhất một người đánh giá.", "At least one assessment is needed.")
    names = [a.assessor for a in assessments]
    if len(set(names)) != len(names):
        raise InputError("Mỗi người đánh giá chỉ chấm một lần.", "Each assessor scores once.")
    agreed = agreed or {}
    _check_keys(proposal, agreed, "agreed")
    rubric = proposal.scorer.rubric
    per_assessor = [assessor_scores(proposal, a) for a in assessments]
    dims: list[DimensionConsensus] = []
    for d in proposal.dimensions:
        band = rubric.bands[d.level] if d.applicable else None
        rows = tuple(
            AssessorScore(
                a.assessor,
                scores[d.key],
                d.key in a.overrides,
                a.overrides[d.key].reason if d.key in a.overrides else "",
                d.key in a.overrides
                and (band is None or not band.min <= a.overrides[d.key].score <= band.max),
            )
            for a, scores in zip(assessments, per_assessor, strict=True)
        )
        given = [r.score for r in rows if r.score is not None]
        low, high = (min(given), max(given)) if given else (None, None)
        spread = high - low if low is not None and high is not None else None
        if d.key in agreed:
            value: int | None = agreed[d.key].score
            by: Literal["meeting", "median"] = "meeting"
        else:
            value = int(statistics.median(given) + 0.5) if given else None
            by = "median"
        dims.append(
            DimensionConsensus(
                key=d.key,
                proposed=d.score,
                scores=rows,
                min=low,
                max=high,
                spread=spread,
                agreed=value,
                agreed_by=by,
                agreed_reason=agreed[d.key].reason if d.key in agreed else "",
                band=rubric.band_of(value).id if value is not None else None,
                discuss=spread is not None and spread >= rubric.consensus.discuss_spread,
            )
        )
    total = proposal.scorer.total_of({c.key: c.agreed for c in dims})
    return Consensus(tuple(names), tuple(dims), total, proposal.scorer.level_id(total))


def _check_keys(proposal: UnitScore, given: Mapping[str, object], who: str) -> None:
    known = [d.key for d in proposal.dimensions]
    unknown = [k for k in given if k not in known]
    if unknown:
        raise InputError(
            f"{who}: không có tiêu chí {', '.join(unknown)}. Có: {', '.join(known)}.",
            f"{who}: no dimension {', '.join(unknown)}. Known: {', '.join(known)}.",
        )
