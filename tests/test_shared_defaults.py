"""Do the kit's widgets share one empty layout and style per kind, and can nothing change them?"""

from __future__ import annotations

import importlib

import ipywidgets as w
import pytest

from kit import registry
from kit.apps.ui import defaults as shared_defaults
from kit.apps.ui.defaults import SharedDefaultChanged, full_width, shared_layout
from kit.apps.ui.shell import AppShell


def all_models(root: w.Widget) -> set[str]:
    """The model ids the page receives for ``root`` (itself, its layout, style, children…)."""
    seen: dict[str, w.Widget] = {}
    stack = [root]
    while stack:
        widget = stack.pop()
        if widget.model_id in seen:
            continue
        seen[widget.model_id] = widget
        for name in widget.keys:
            value = getattr(widget, name)
            values = value if isinstance(value, (list, tuple)) else [value]
            stack.extend(v for v in values if isinstance(v, w.Widget))
    return set(seen)


def test_widgets_made_without_a_layout_share_one_layout_and_style_per_kind() -> None:
    AppShell("home", None)  # installs the shared defaults, as every app does
    first, second = w.HTML("một"), w.HTML("hai")
    assert first.layout is second.layout and first.style is second.style
    assert w.Button().layout is first.layout  # one empty layout for every kind
    assert w.Button().style is not first.style  # a style of each kind


def test_a_widget_given_its_own_layout_keeps_it() -> None:
    AppShell("home", None)
    own = w.Layout(width="3em")
    assert w.HTML("x", layout=own).layout is own


def test_changing_a_shared_default_is_refused_and_leaves_it_as_it_was() -> None:
    AppShell("home", None)
    shared = w.HTML("x").layout
    with pytest.raises(SharedDefaultChanged, match="Layout"):
        shared.width = "50%"
    with pytest.raises(SharedDefaultChanged, match="Layout"):
        full_width().width = "50%"
    with pytest.raises(SharedDefaultChanged):  # as the page would send it
        full_width().set_state({"width": "1px"})
    assert shared.width is None and full_width().width == "100%"


def test_one_layout_per_distinct_style_and_a_closed_one_is_made_again() -> None:
    assert shared_layout(width="100%") is full_width()
    assert shared_layout(width="8em") is not full_width()
    closed = shared_layout(width="9em")
    closed.close()
    again = shared_layout(width="9em")
    assert again is not closed and again.comm is not None


@pytest.mark.parametrize("spec", registry.APPS, ids=lambda s: s.id)
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_every_app_opens_with_shared_defaults_untouched_and_fewer_models(
    spec: registry.AppSpec, lang: str
) -> None:
    """Building an app must not change a shared instance (it would raise), and its page gets
    fewer models than one layout and style per widget would make."""
    build = importlib.import_module(spec.module).build_app
    app = build(lang=lang)
    assert app._error.value == ""  # a refused change would show here
    defaults = shared_defaults.shared_defaults()
    assert {m.model_id for m in defaults} & all_models(app.widget)
    for instance in defaults:
        fresh = type(instance)()
        for name in instance.keys:
            if not name.startswith("_"):
                assert getattr(instance, name) == getattr(fresh, name), (spec.id, name)
    for css, layout in shared_defaults.shared_layouts().items():
        assert {name: getattr(layout, name) for name, _ in css} == dict(css)
