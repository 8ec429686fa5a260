"""The phrase lists of the writing checks (``kit/rules/writing-phrases.yaml``), read once.

``kit check`` loads the file through :func:`writing_phrases`, so a typo in it is reported with
the other rule data.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Annotated, Literal

import yaml
from pydantic import Field, field_validator

from kit.core.schema import Strict

Phrase = Annotated[str, Field(min_length=1)]
GAP = "…"


class PhraseList(Strict):
    """Phrases; ``…`` in one is a gap of at most ``gap`` words inside one clause."""

    gap: int = Field(default=3, ge=1, le=8)
    phrases: tuple[Phrase, ...] = Field(min_length=1)
    #: a match is not counted when the next word is one of these
    not_followed_by: tuple[Phrase, ...] = ()

    @field_validator("phrases")
    @classmethod
    def _gaps_between_words(cls, v: tuple[str, ...]) -> tuple[str, ...]:
        bad = [p for p in v if any(not part.strip() for part in p.split(GAP))]
        if bad:
            raise ValueError(f"'{GAP}' phải nằm giữa hai cụm từ / must stand between words: {bad}")
        return v


class Negation(Strict):
    negators: tuple[Phrase, ...] = Field(min_length=1)
    bridges: tuple[Phrase, ...]
    hedges: tuple[Phrase, ...]
    approximately: tuple[Phrase, ...]


class WritingPhrases(Strict):
    schema_version: Literal[1]
    negation: Negation
    draft_adopted: PhraseList
    draft_denied: PhraseList
    comment_denied: PhraseList
    propaganda: PhraseList
    dismissive: PhraseList
    crowd: tuple[Phrase, ...] = Field(min_length=1)
    approval: tuple[Phrase, ...] = Field(min_length=1)
    predicates: tuple[Phrase, ...] = Field(min_length=1)


@cache
def writing_phrases() -> WritingPhrases:
    """The phrase lists, validated (a broken file raises ``ValidationError``)."""
    text = resources.files("kit").joinpath("rules", "writing-phrases.yaml").read_text("utf-8")
    return WritingPhrases.model_validate(yaml.safe_load(text))
