"""The kit's widget helpers: the apps make their widgets here, never with plain ipywidgets.

Each widget is made with a shared layout (the empty one unless another is asked for) and the
shared default style of its kind, both passed explicitly (:mod:`kit.apps.ui.defaults`): a widget
is then one model, one ``comm_open`` message, instead of three. Its CSS classes are given when
it is made, so they travel in that message rather than in an update after it.

``make(cls, *classes, **traits)`` makes any widget; :func:`html`, :func:`button`, :func:`vbox`,
:func:`hbox` and :func:`box` are the common ones. A widget that needs a layout of its own still
passes ``layout=w.Layout(…)``; one that needs a style of its own passes ``style=…``.
"""

from __future__ import annotations

import html as html_text
from collections.abc import Iterable
from functools import cache
from typing import Any, TypeVar

import ipywidgets as w
from ipywidgets.widgets.trait_types import InstanceDict

from kit.apps.ui.defaults import shared_layout, shared_style

W = TypeVar("W", bound=w.DOMWidget)


_style_classes: dict[type[w.DOMWidget], type[w.Widget] | None] = {}


def _style_class(cls: type[w.DOMWidget]) -> type[w.Widget] | None:
    """The style class of ``cls`` (None for a widget without a style, such as a box)."""
    if cls not in _style_classes:
        trait = cls.class_traits().get("style")
        shareable = isinstance(trait, InstanceDict) and not (
            trait.default_args or trait.default_kwargs
        )
        _style_classes[cls] = trait.klass if shareable else None
    return _style_classes[cls]


def make(cls: type[W], *classes: str, layout: w.Layout | None = None, **traits: Any) -> W:
    """A new ``cls`` with ``traits``, the CSS ``classes``, ``layout`` (the shared empty layout
    unless given) and the shared default style of its kind (unless ``style`` is given)."""
    shared: dict[str, Any] = {"layout": layout if layout is not None else shared_layout()}
    style = _style_class(cls)
    if style is not None and "style" not in traits:
        shared["style"] = shared_style(style)
    if classes:
        shared["_dom_classes"] = classes
    return cls(**shared, **traits)


def html(value: str = "", *classes: str, layout: w.Layout | None = None) -> w.HTML:
    """An HTML widget showing ``value`` (escape what it holds: see ``shell.esc``)."""
    return make(w.HTML, *classes, layout=layout, value=value)


def button(
    description: str = "",
    *classes: str,
    button_style: str = "",
    icon: str = "",
    layout: w.Layout | None = None,
) -> w.Button:
    """A button (wire its click yourself, through the shell's guard)."""
    return make(
        w.Button,
        *classes,
        layout=layout,
        description=description,
        button_style=button_style,
        icon=icon,
    )


def vbox(
    children: Iterable[w.Widget] = (), *classes: str, layout: w.Layout | None = None
) -> w.VBox:
    """A vertical box of ``children``."""
    return make(w.VBox, *classes, layout=layout, children=tuple(children))


def hbox(
    children: Iterable[w.Widget] = (), *classes: str, layout: w.Layout | None = None
) -> w.HBox:
    """A horizontal box of ``children``."""
    return make(w.HBox, *classes, layout=layout, children=tuple(children))


def box(children: Iterable[w.Widget] = (), *classes: str, layout: w.Layout | None = None) -> w.Box:
    """A plain box of ``children``."""
    return make(w.Box, *classes, layout=layout, children=tuple(children))


_SCROLL_ESM = """
function go(model) {
  const target = model.get("target");
  if (!target) return;
  let tries = 0;
  const look = () => {
    const found = document.querySelector(target);
    if (found && found.offsetParent !== null) {
      found.scrollIntoView({ block: model.get("block") || "start" });
    } else if (tries++ < 20) {
      setTimeout(look, 50);
    }
  };
  setTimeout(look, 30);
}
export default {
  render({ model, el }) {
    el.style.display = "none";
    model.on("change:tick", () => go(model));
  },
};
"""


class Scroller:
    """Brings a part of the page into view after an action (the new content's top after "next",
    a message next to the button on a phone, where the button sits low on the screen). One
    hidden widget per view, kept on the page; :meth:`to` asks the page to scroll."""

    def __init__(self) -> None:
        self.widget: Any = _scroll_class()(layout=shared_layout())

    def to(self, selector: str, block: str = "start") -> None:
        """Scroll the first element matching ``selector`` (a selector of the kit's own) into
        view, once the page has drawn it."""
        self.widget.block = block
        self.widget.target = selector
        self.widget.tick += 1


@cache
def _scroll_class() -> type:
    import anywidget
    import traitlets

    class PageScroll(anywidget.AnyWidget):
        _esm = _SCROLL_ESM
        target = traitlets.Unicode("").tag(sync=True)
        block = traitlets.Unicode("start").tag(sync=True)
        tick = traitlets.Int(0).tag(sync=True)

    return PageScroll


def problem_html(text: str) -> str:
    """A message about what the user just did, for the area next to its control ("" clears
    it; an empty area takes no room)."""
    shown = html_text.escape(text, quote=True)
    return f"<div class='kit-problem-here' role='alert'>{shown}</div>" if text else ""
