"""The app registry: the one list of apps that the server, the home app, the README table and
the tests all read. Titles and descriptions are catalogue keys (Vietnamese and English)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

Audience = Literal["everyone", "trainee", "trainer", "unit"]


@dataclass(frozen=True)
class AppSpec:
    """One Voilà app: a notebook in ``notebooks/`` that calls ``build_app()``."""

    id: str
    notebook: str
    module: str
    audience: Audience
    #: share of the expected users that open this app at about the same time (sizes its pool)
    load_share: float
    #: the widget a browser test waits for (a CSS class the app puts on its main widget)
    main_widget: str

    @property
    def title_key(self) -> str:
        return f"{self.id}.title"

    @property
    def description_key(self) -> str:
        return f"{self.id}.description"

    @property
    def url_path(self) -> str:
        return f"voila/render/{self.notebook}"

    def pool_size(self, expected_users: int) -> int:
        """Kernels to keep preheated: this app's share of the expected users.

        Trainees told to open an app do so within seconds, and a kernel start costs about
        1.3 CPU-seconds, so on a two-core laptop only kernels started beforehand can answer a
        room in time. Kernels handed out count against the pool afterwards
        (:mod:`kit.server.pools`), so the pool is not filled a second time. At least one
        kernel is always kept warm so the first visitor never waits for a cold start.
        """
        return max(1, math.ceil(max(expected_users, 0) * self.load_share))


APPS: tuple[AppSpec, ...] = (
    AppSpec(
        id="home",
        notebook="home.ipynb",
        module="kit.apps.home",
        audience="everyone",
        load_share=0.25,
        main_widget="kit-home",
    ),
    AppSpec(
        id="lessons",
        notebook="lessons.ipynb",
        module="kit.apps.lessons",
        audience="trainee",
        load_share=0.25,
        main_widget="kit-lesson-page",
    ),
    AppSpec(
        id="exercises",
        notebook="exercises.ipynb",
        module="kit.apps.exercises",
        audience="trainee",
        load_share=1.0,
        main_widget="kit-join",
    ),
    AppSpec(
        id="eligibility",
        notebook="eligibility.ipynb",
        module="kit.apps.eligibility",
        audience="everyone",
        load_share=0.1,
        main_widget="kit-eligibility-explore",
    ),
    AppSpec(
        id="plans",
        notebook="plans.ipynb",
        module="kit.apps.plans",
        audience="trainee",
        load_share=0.1,
        main_widget="kit-join",
    ),
    AppSpec(
        id="workshop",
        notebook="workshop.ipynb",
        module="kit.apps.workshop",
        audience="trainee",
        load_share=1.0,
        main_widget="kit-join-code",
    ),
    AppSpec(
        id="assess",
        notebook="assess.ipynb",
        module="kit.apps.assess",
        audience="unit",
        load_share=0.1,
        main_widget="kit-join",
    ),
    AppSpec(
        id="rollup",
        notebook="rollup.ipynb",
        module="kit.apps.rollup",
        audience="unit",
        load_share=0.025,
        main_widget="kit-rollup-body",
    ),
    AppSpec(
        id="analyze",
        notebook="analyze.ipynb",
        module="kit.apps.analyze",
        audience="unit",
        load_share=0.025,
        main_widget="kit-analyze-body",
    ),
    AppSpec(
        id="trainer",
        notebook="trainer.ipynb",
        module="kit.apps.trainer",
        audience="trainer",
        load_share=0.025,
        main_widget="kit-trainer-lock",
    ),
)


def get(app_id: str) -> AppSpec:
    for app in APPS:
        if app.id == app_id:
            return app
    raise KeyError(app_id)
