"""Inputs with a visible label: the widget's own description (ipywidgets links it to the input, so
a screen reader names the input by it), shown above the input at full width, so a long
Vietnamese label is never cut off on a phone and nobody has to rely on a placeholder that vanishes
once they type."""

from __future__ import annotations

from typing import Any, TypeVar

import ipywidgets as w

from kit.apps.ui.defaults import shared_layout, shared_style
from kit.apps.ui.widgets import make

W = TypeVar("W", bound=w.DOMWidget)


def labelled(cls: type[W], label: str, *classes: str, **traits: Any) -> W:
    """A ``cls`` input as wide as its box, labelled ``label`` above it (``kit-labelled``, see
    ``kit.css``)."""
    style = shared_style(cls.class_traits()["style"].klass, description_width="100%")
    layout = shared_layout(width="100%", flex_flow="row wrap", height="auto")
    return make(
        cls, "kit-labelled", *classes, description=label, style=style, layout=layout, **traits
    )


def label_above(control: w.DOMWidget, label: str) -> w.DOMWidget:
    """Give a control made elsewhere ``label`` as its visible label, above it (as
    :func:`labelled` does); the control itself is returned."""
    control.description = label
    control.style = shared_style(type(control.style), description_width="100%")
    control.layout = shared_layout(width="100%", flex_flow="row wrap", height="auto")
    control.add_class("kit-labelled")
    return control
