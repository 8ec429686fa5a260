"""Do the kit's widgets share one empty layout and one style per kind, passed explicitly by its
widget helpers, can nothing change them, and do plain ipywidgets widgets behave as usual?"""

from __future__ import annotations

import importlib

import ipywidgets as w
import pytest

from kit import registry
from kit.apps.ui import defaults as shared_defaults
from kit.apps.ui import widgets as ui
from kit.apps.ui.defaults import SharedDefaultChanged, full_width, is_shared, shared_layout


def all_widgets(root: w.Widget) -> dict[str, w.Widget]:
    """The widgets the page receives for ``root`` (itself, its layout, style, children…), by
    model id."""
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
    return seen


def test_the_kits_widgets_share_one_layout_and_one_style_per_kind() -> None:
    first, second = ui.html("một"), ui.html("hai")
    assert first.layout is second.layout and first.style is second.style
    assert is_shared(first.layout) and is_shared(first.style)
    assert ui.button("x").layout is first.layout  # one empty layout for every kind
    assert ui.button("x").style is not first.style  # a style of each kind
    assert ui.vbox([first]).layout is first.layout
    assert ui.make(w.Text, "kit-x").style is ui.make(w.Password).style  # both a TextStyle


def test_css_classes_are_set_when_the_widget_is_made() -> None:
    made = ui.vbox([], "kit-a", "kit-b")
    assert made._dom_classes == ("kit-a", "kit-b")


def test_a_widget_given_its_own_layout_or_style_keeps_it() -> None:
    own = w.Layout(width="3em")
    assert ui.html("x", layout=own).layout is own
    style = w.ButtonStyle(font_weight="bold")
    assert ui.make(w.Button, style=style).style is style


def test_plain_ipywidgets_widgets_get_their_own_layout_and_style_after_an_app_is_built() -> None:
    """Nothing is patched in ipywidgets: a widget the kit did not make is as ipywidgets makes
    it, and its layout and style change as usual."""
    importlib.import_module("kit.apps.exercises").build_app(lang="vi")
    plain = w.HTML()
    plain.layout.width = "100%"
    plain.style.font_size = "2em"
    assert (plain.layout.width, plain.style.font_size) == ("100%", "2em")
    assert not is_shared(plain.layout) and not is_shared(plain.style)
    assert w.HTML().layout is not plain.layout
    assert full_width().width == "100%" and shared_layout().width is None


def test_changing_a_shared_layout_or_style_is_refused_and_leaves_it_as_it_was() -> None:
    shared = ui.html("x").layout
    with pytest.raises(SharedDefaultChanged, match="the shared Layout cannot change"):
        shared.width = "50%"
    with pytest.raises(SharedDefaultChanged, match="Layout"):
        full_width().width = "50%"
    with pytest.raises(SharedDefaultChanged):  # as the page would send it
        full_width().set_state({"width": "1px"})
    with pytest.raises(SharedDefaultChanged, match="the shared HTMLStyle cannot change"):
        ui.html("x").style.font_size = "2em"
    assert shared.width is None and full_width().width == "100%"
    assert ui.html("x").style.font_size is None


def test_one_layout_per_distinct_style_and_a_closed_one_is_made_again() -> None:
    assert shared_layout(width="100%") is full_width()
    assert shared_layout(width="8em") is not full_width()
    closed = shared_layout(width="9em")
    closed.close()
    again = shared_layout(width="9em")
    assert again is not closed and again.comm is not None


@pytest.mark.parametrize("spec", registry.APPS, ids=lambda s: s.id)
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_every_app_opens_with_shared_layouts_and_styles_untouched(
    spec: registry.AppSpec, lang: str
) -> None:
    """Building an app must not change a shared instance (it would raise), and every widget of
    its page comes from the kit's helpers: its layout and style are the shared ones."""
    build = importlib.import_module(spec.module).build_app
    app = build(lang=lang)
    assert app.error_html == ""  # a refused change would show here
    widgets = all_widgets(app.widget)
    for widget in widgets.values():
        for name in ("layout", "style"):
            part = getattr(widget, name, None)
            assert part is None or is_shared(part), (spec.id, type(widget).__name__, name)
    defaults = shared_defaults.shared_defaults()
    assert {m.model_id for m in defaults} & set(widgets)
    for instance in defaults:
        fresh = type(instance)()
        for name in instance.keys:
            if not name.startswith("_"):
                assert getattr(instance, name) == getattr(fresh, name), (spec.id, name)
    for css, layout in shared_defaults.shared_layouts().items():
        assert {name: getattr(layout, name) for name, _ in css} == dict(css)
