"""Learning from peers, the last part of a roll-up
(:func:`kit.assessment.rollup.aggregate.roll_up`).

Per dimension, the units at the highest band any unit reached, from "checked" up
(:data:`PEER_MIN_BAND`), and the evidence they gave: the answers the dimension's steps read, as
"label: value" (no yes/no answers, no free texts that the roll-up groups by theme; a text quoted in
full up to :data:`QUOTE_CHARS`). At most :data:`MAX_PEERS` units are listed per dimension, in
alphabetical order: not a ranking, and shown under CAF's caution (the roll-up's ``caution``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from heapq import nsmallest

from kit.assessment.questionnaire.conditions import atoms
from kit.assessment.questionnaire.scoring import Scorer
from kit.assessment.rollup.model import ScoredUnit

#: peers are shown from this band up ("checked"); fewer bands teach little to others
PEER_MIN_BAND = 3
#: peers listed per dimension (all are counted)
MAX_PEERS = 10
QUOTE_CHARS = 300


@dataclass(frozen=True)
class Peer:
    name: str
    province: str
    unit_level_label: str
    source: str
    #: what the unit did: "label: value" for the answers the dimension reads (no yes/no)
    evidence: tuple[str, ...]
    evidence_en: tuple[str, ...]


@dataclass(frozen=True)
class PeerGroup:
    key: str
    title: str
    title_en: str
    band: str
    band_label: str
    band_label_en: str
    #: whether ``band`` is the rubric's top band
    top: bool
    count: int
    #: up to :data:`MAX_PEERS`, in alphabetical order (not a ranking)
    peers: tuple[Peer, ...]


def _evidence_fields(scorer: Scorer, skip: Sequence[str]) -> dict[str, tuple[str, ...]]:
    """Per dimension, the answers its steps read, in step order: no yes/no, no ``skip`` texts."""
    fields = scorer.questionnaire.fields()
    out: dict[str, tuple[str, ...]] = {}
    for cd in scorer.compiled:
        names = {
            atom.field: None
            for step in cd.dimension.steps
            for cond in [*step.needs, *step.evidence]
            for _, atom in atoms(cond)
            if atom.field not in skip
            and (atom.field not in fields or fields[atom.field].type != "yes_no")
        }
        out[cd.key] = tuple(names)
    return out


def _shown(scorer: Scorer, field: str, value: object, lang: str) -> str:
    """``label: value``; a text is quoted in full (up to :data:`QUOTE_CHARS`), not cut at 60."""
    label = scorer.wording.label(field, lang)
    f = scorer.questionnaire.fields().get(field)
    if f is not None and f.type == "text":
        text = str(value) if len(str(value)) <= QUOTE_CHARS else f"{str(value)[:QUOTE_CHARS]}…"
        return f"{label}: “{text}”" if lang == "en" else f"{label}: «{text}»"
    return f"{label}: {scorer.wording.show(field, value, lang)}"


def peer_groups(
    scorer: Scorer,
    units: Sequence[ScoredUnit],
    band_columns: Sequence[Sequence[int]],
    names: Sequence[str],
    skip: Sequence[str],
) -> tuple[PeerGroup, ...]:
    """The peers of every dimension some unit reached :data:`PEER_MIN_BAND` in (rubric order);
    ``band_columns``: each unit's band per dimension, ``skip``: the fields grouped by theme."""
    rubric, wording = scorer.rubric, scorer.wording
    evidence = _evidence_fields(scorer, skip)
    groups = []
    for i, cd in enumerate(scorer.compiled):
        column = band_columns[i]
        best = max(column, default=-1)
        if best < PEER_MIN_BAND:
            continue
        at_best = [j for j, band in enumerate(column) if band == best]
        shown = [units[j] for j in nsmallest(MAX_PEERS, at_best, key=names.__getitem__)]
        band = rubric.bands[best]
        peers = []
        for u in shown:
            values: Mapping[str, object] = u.score.answers
            present = [f for f in evidence[cd.key] if values.get(f) not in (None, "", [])]
            peers.append(
                Peer(
                    name=str(u.answers.get("unit_name", "")),
                    province=str(u.answers.get("province", "")),
                    unit_level_label=wording.show("unit_level", u.answers["unit_level"])
                    if "unit_level" in u.answers
                    else "",
                    source=u.source,
                    evidence=tuple(_shown(scorer, f, values[f], "vi") for f in present),
                    evidence_en=tuple(_shown(scorer, f, values[f], "en") for f in present),
                )
            )
        dim = cd.dimension
        groups.append(
            PeerGroup(
                key=cd.key,
                title=dim.title,
                title_en=dim.title_en,
                band=band.id,
                band_label=band.label,
                band_label_en=band.label_en,
                top=best == len(rubric.bands) - 1,
                count=len(at_best),
                peers=tuple(peers),
            )
        )
    return tuple(groups)
