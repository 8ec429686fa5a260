"""A communication plan (Kế hoạch) as data: header, body sections in either shape the seeds use,
tasks, drafts with their communication activities, reporting, recipients and the signature block.

Validation here is about form (types, required fields, no unknown keys); whether the plan is a good
one is the checker's job, which explains each problem. A plan in progress is valid with empty
parts, so a half-built plan can be saved and resumed.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

#: 2: the header date may be partial ({"day": null, "month": 4, "year": 2022}); version 1 files
#: (a full ISO date or null) are still read, and written back as version 2
SCHEMA_VERSION = 2
READABLE_VERSIONS = (1, 2)
Text = Annotated[str, Field(max_length=4000)]
Name = Annotated[str, Field(max_length=300)]

SectionKind = Literal["purpose", "scope", "content", "focus", "funding", "organisation", "other"]
Authority = Literal["TM.", "KT.", "Q.", "TL.", "TUQ."]
ActivityKind = Literal["posting", "press", "conference", "feedback", "response", "other"]
TaskTag = Literal[
    "awareness",
    "content",
    "communication",
    "feedback",
    "training",
    "review",
    "resources",
    "posting",
    "reporting",
    "funding",
]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class PartialDate(_Model):
    """A date whose day (and perhaps month) is not known yet: a plan prepared "tháng 4 năm 2022"
    is dated by the clerk on the day it is signed. A full date is written as an ISO string."""

    day: int | None = Field(default=None, ge=1, le=31)
    month: int | None = Field(default=None, ge=1, le=12)
    year: int = Field(ge=2000, le=2100)

    @model_validator(mode="after")
    def _consistent(self) -> PartialDate:
        if self.day is not None and self.month is None:
            raise ValueError("có ngày mà không có tháng / a day without a month")
        if self.day is not None and self.month is not None:
            dt.date(self.year, self.month, self.day)  # a day that does not exist is refused
        return self

    def full(self) -> dt.date | None:
        """The date when day, month and year are all known."""
        if self.day is None or self.month is None:
            return None
        return dt.date(self.year, self.month, self.day)


class Header(_Model):
    issuing_body: Name = ""
    parent_body: Name = ""
    #: the number and symbol as printed, e.g. "43/KH-UBND" or "  /KH-UBND" before it is numbered
    number: Name = ""
    place: Name = ""
    #: the date of issue: a full date ("2022-04-05"), a partial one ({"day": null, "month": 4,
    #: "year": 2022}: the day is the blank the clerk fills at signing) or null
    date: dt.date | PartialDate | None = None
    title: Text = ""
    period_start: int | None = Field(default=None, ge=2000, le=2100)
    period_end: int | None = Field(default=None, ge=2000, le=2100)
    #: the documents the plan implements (the preamble "Thực hiện ..."/"Căn cứ ...")
    basis: list[Text] = Field(default_factory=list)


class Task(_Model):
    name: Text = ""
    description: Text = ""
    #: heading of the task group it belongs to (e.g. "1. Nâng cao nhận thức ..."), if any
    group: Text = ""
    lead: Name = ""
    coordinating: list[Name] = Field(default_factory=list)
    #: timing as written ("Thường xuyên", "Quý II/2022") and, when known, dates
    timing: Name = ""
    start: dt.date | None = None
    end: dt.date | None = None
    output: Text = ""
    funding: Text = ""
    #: what the task is about, for the checker (training, feedback, reporting, ...)
    tags: list[TaskTag] = Field(default_factory=list)


class Section(_Model):
    #: the Roman numeral as printed (I, II, ...); paths in checker messages use it
    id: Annotated[str, Field(pattern=r"^[IVX]{1,5}$")]
    kind: SectionKind
    title: Name
    paragraphs: list[Text] = Field(default_factory=list)
    tasks: list[Task] = Field(default_factory=list)


class Activity(_Model):
    kind: ActivityKind
    name: Name
    start: dt.date | None = None
    end: dt.date | None = None
    lead: Name = ""
    #: why these dates (the rule and its source), shown in the app and the annex
    basis: Text = ""


class Draft(_Model):
    code: Name = ""
    title: Text
    document_type: Name = ""
    level: Literal["central", "provincial", "commune"] | None = None
    drafting_body: Name = ""
    consultation_date: dt.date | None = None
    submission_date: dt.date | None = None
    activities: list[Activity] = Field(default_factory=list)


class Reporting(_Model):
    to: Name = ""
    #: "20/11" for a yearly deadline, or a full date for a one-off report
    due: Name = ""
    frequency: Literal["yearly", "once", "quarterly", "half-yearly"] = "yearly"
    text: Text = ""


class Signature(_Model):
    #: up to two authority lines, e.g. [TM. ỦY BAN NHÂN DÂN, KT. CHỦ TỊCH]
    authority: list[tuple[Authority, Name]] = Field(default_factory=list, max_length=2)
    position: Name = ""
    name: Name = ""


class Plan(_Model):
    schema_version: int = SCHEMA_VERSION
    #: which seed's body shape the plan follows
    shape: Literal["seed-004", "seed-002"] = "seed-004"
    level: Literal["province", "department", "commune"] = "province"
    header: Header = Field(default_factory=Header)
    sections: list[Section] = Field(default_factory=list)
    drafts: list[Draft] = Field(default_factory=list)
    reporting: list[Reporting] = Field(default_factory=list)
    recipients: list[Name] = Field(default_factory=list)
    signature: Signature = Field(default_factory=Signature)

    @field_validator("schema_version")
    @classmethod
    def _readable(cls, value: int) -> int:
        """Older versions are read as they are compatible; the plan is then version 2."""
        if value not in READABLE_VERSIONS:
            raise ValueError(
                f"phiên bản {value} không đọc được (đọc được: 1, 2) / version {value} unreadable"
            )
        return SCHEMA_VERSION

    def section(self, kind: SectionKind) -> Section | None:
        return next((s for s in self.sections if s.kind == kind), None)

    def all_tasks(self) -> list[tuple[str, int, Task]]:
        """(section id, index, task) for every task, in document order."""
        return [(s.id, i, task) for s in self.sections for i, task in enumerate(s.tasks)]


def json_schema() -> dict[str, object]:
    """The JSON Schema of PLAN.json (``kit plan schema`` prints it)."""
    schema = Plan.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://kit407.local/schemas/plan-v2.json"
    schema["title"] = "Kế hoạch truyền thông dự thảo chính sách / Draft-policy communication plan"
    return schema
