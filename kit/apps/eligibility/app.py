"""Eligibility app: does a draft policy fall under Scheme 407, and why. Three modes: Explore (answer
the criteria, see the decision and its trace), Train (cases, scored and stored) and Batch
(spreadsheet in, decisions out). ``?mode=train`` or ``?mode=batch`` opens a mode directly."""

from __future__ import annotations

from typing import Any

import ipywidgets as w

from kit.apps.eligibility.batch import BatchView
from kit.apps.eligibility.explore import ExploreModel, ExploreView
from kit.apps.eligibility.train import TrainView
from kit.apps.ui import widgets as ui
from kit.apps.ui.shell import AppShell
from kit.core.i18n import t
from kit.eligibility import rules as r

MODES = ("explore", "train", "batch")


class EligibilityView:
    def __init__(self, shell: AppShell, rule_set: r.RuleSet) -> None:
        self.shell = shell
        self.rules = rule_set
        self.mode = "explore"
        self.explore = ExploreView(ExploreModel(rule_set), shell)
        self._train: TrainView | None = None  # made on first use: it opens the store
        self._batch: BatchView | None = None

    def set_mode(self, mode: object) -> None:
        if mode in MODES and mode != self.mode:
            self.mode = str(mode)
            self.shell.refresh()

    def on_params(self, params: dict[str, str]) -> None:
        self.set_mode(params.get("mode"))

    @property
    def train(self) -> TrainView:
        if self._train is None:
            self._train = TrainView(self.shell)
        return self._train

    @property
    def batch(self) -> BatchView:
        if self._batch is None:
            self._batch = BatchView(self.rules, self.shell)
        return self._batch

    def render(self, lang: str) -> w.Widget:
        switch = ui.make(
            w.ToggleButtons,
            "kit-modes",
            options=[(t(f"eligibility.mode_{m}", lang), m) for m in MODES],
            value=self.mode,
        )
        switch.observe(self.shell.guard(self._on_switch), names="value")
        if self.mode == "train":
            body = self.train.render(lang)
        elif self.mode == "batch":
            body = self.batch.render(lang)
        else:
            body = self.explore.render(lang)
        box = ui.vbox([switch, body], "kit-eligibility-body")
        return box

    def _on_switch(self, change: dict[str, Any]) -> None:
        self.set_mode(change["new"])


def build_app(lang: str | None = None) -> AppShell:
    """The eligibility app."""
    rule_set = r.load_rule_set()
    shell = AppShell("eligibility", None, lang=lang)
    view = EligibilityView(shell, rule_set)
    shell.mount(
        view.render,
        summary=lambda: (
            f"rule set {rule_set.id}: {len(rule_set.criteria)} criteria, "
            f"{len(rule_set.document_types)} document types, "
            f"{len(rule_set.law_periods)} law periods"
        ),
    )
    shell.follow_query_string(view.on_params)
    return shell
