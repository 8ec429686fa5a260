"""The reaction survey at the end of a workshop (Kirkpatrick level 1): questions on a 1–5 scale
kept as data (``kit/rules/reaction-survey.yaml``), one response per trainee, and the summary the
trainer sees (mean and distribution per question, the comments)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources
from statistics import fmean

import yaml
from pydantic import Field
from sqlalchemy import Engine, select
from sqlalchemy.exc import IntegrityError

from kit.core.errors import InputError
from kit.core.i18n import t
from kit.core.schema import Strict
from kit.store import db
from kit.store.models import SurveyResponse
from kit.workshops.sessions import WorkshopInfo


class Scale(Strict):
    min: int
    max: int
    labels: list[tuple[str, str]]


class Question(Strict):
    id: str
    text: str
    text_en: str


class Comment(Strict):
    text: str
    text_en: str
    max_length: int = Field(gt=0)


class Survey(Strict):
    id: str
    scale: Scale
    questions: list[Question]
    comment: Comment


@cache
def load_survey() -> Survey:
    text = resources.files("kit").joinpath("rules", "reaction-survey.yaml").read_text("utf-8")
    return Survey.model_validate(yaml.safe_load(text))


def clean(answers: object, survey: Survey | None = None) -> dict[str, object]:
    """The answers a page sent, checked: every question answered on the scale, a short comment."""
    survey = survey or load_survey()
    if not isinstance(answers, dict):
        raise InputError("Phiếu đánh giá không hợp lệ.", "The survey answers are not valid.")
    out: dict[str, object] = {}
    lo, hi = survey.scale.min, survey.scale.max
    for q in survey.questions:
        value = answers.get(q.id)
        if not isinstance(value, int) or isinstance(value, bool):
            raise InputError(
                t("trainee.survey_missing", "vi", question=q.text, low=lo, high=hi),
                t("trainee.survey_missing", "en", question=q.text_en, low=lo, high=hi),
            )
        if not survey.scale.min <= value <= survey.scale.max:
            raise InputError(
                f"Điểm {value} nằm ngoài thang {survey.scale.min}–{survey.scale.max}.",
                f"{value} is outside the {survey.scale.min}–{survey.scale.max} scale.",
            )
        out[q.id] = value
    comment = str(answers.get("comment") or "").strip()
    out["comment"] = comment[: survey.comment.max_length]
    return out


def submit(
    workshop: WorkshopInfo, trainee_id: int, answers: object, eng: Engine | None = None
) -> None:
    values = clean(answers)
    try:
        with db.session(eng) as sess:
            sess.add(
                SurveyResponse(
                    workshop_id=workshop.id,
                    trainee_id=trainee_id,
                    answers=json.dumps(values, ensure_ascii=False),
                )
            )
    except IntegrityError as exc:
        raise InputError(
            "Bạn đã gửi phiếu đánh giá của lớp này.", "You already sent this workshop's survey."
        ) from exc


def answered(workshop: WorkshopInfo, trainee_id: int, eng: Engine | None = None) -> bool:
    with db.session(eng) as sess:
        return (
            sess.scalar(
                select(SurveyResponse.id).where(
                    SurveyResponse.workshop_id == workshop.id,
                    SurveyResponse.trainee_id == trainee_id,
                )
            )
            is not None
        )


@dataclass(frozen=True)
class QuestionSummary:
    id: str
    text: str
    text_en: str
    n: int
    mean: float | None
    counts: tuple[int, ...]


@dataclass(frozen=True)
class SurveySummary:
    responses: int
    questions: tuple[QuestionSummary, ...]
    comments: tuple[str, ...]


def summary(workshop: WorkshopInfo, eng: Engine | None = None) -> SurveySummary:
    survey = load_survey()
    with db.session(eng) as sess:
        rows = [
            json.loads(a)
            for a in sess.scalars(
                select(SurveyResponse.answers).where(SurveyResponse.workshop_id == workshop.id)
            )
        ]
    scale = range(survey.scale.min, survey.scale.max + 1)
    questions = []
    for q in survey.questions:
        values = [r[q.id] for r in rows if isinstance(r.get(q.id), int)]
        questions.append(
            QuestionSummary(
                q.id,
                q.text,
                q.text_en,
                len(values),
                round(fmean(values), 2) if values else None,
                tuple(values.count(v) for v in scale),
            )
        )
    comments = tuple(str(r["comment"]) for r in rows if r.get("comment"))
    return SurveySummary(len(rows), tuple(questions), comments)
