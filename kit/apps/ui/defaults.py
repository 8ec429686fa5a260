"""Shared layouts and styles: one model for many widgets, never changed once made.

ipywidgets gives every widget its own ``Layout`` model and (for most kinds) its own ``Style``
model, even when neither is ever set: an ``HTML`` is three models, three ``comm_open`` messages
and three states to serialise. With forty trainees answering at once, that work (in their
kernels and in the Voilà process relaying it) was what made them wait. ipywidgets supports
sharing one layout or style among many widgets, so the kit's widget helpers
(:mod:`kit.apps.ui.widgets`) pass the shared ones explicitly:

* :func:`shared_layout` — the kernel's one layout with given CSS properties (the empty one when
  none are given), made on first use (never at import);
* :func:`shared_style` — the kernel's one default style of a style class (``ButtonStyle``,
  ``DescriptionStyle``…).

Nothing else changes: a widget created with plain ipywidgets gets its own layout and style, as
ipywidgets makes them, and they can be changed as usual.

The shared instances must never change: one change would restyle every widget that has them.
The kit never mutates a layout or style after creating it (``tests/test_shared_defaults.py``
holds it to that); should anything try, the change is refused with an error naming the class.
"""

from __future__ import annotations

from typing import Any, TypeVar

import traitlets
from ipywidgets.widgets.widget import Widget
from ipywidgets.widgets.widget_layout import Layout

S = TypeVar("S", bound=Widget)

_styles: dict[tuple[type[Widget], tuple[tuple[str, Any], ...]], Widget] = {}
_classes: dict[type[Widget], type[Widget]] = {}
_layouts: dict[tuple[tuple[str, str], ...], Layout] = {}


class SharedDefaultChanged(traitlets.TraitError):
    """A shared layout or style was about to change (the change is refused)."""


def _frozen_class(klass: type[Widget]) -> type[Widget]:
    """``klass`` whose synced traits refuse any change once the instance is frozen."""
    if klass in _classes:
        return _classes[klass]
    names = [n for n in klass.class_trait_names(sync=lambda v: v) if not n.startswith("_")]

    def refuse(self: Any, proposal: Any) -> Any:
        if getattr(self, "_kit_frozen", False):
            raise SharedDefaultChanged(
                f"the shared {klass.__name__} cannot change ({proposal['trait'].name}): "
                "give the widget its own layout or style"
            )
        return proposal["value"]

    validator = traitlets.validate(*names)(refuse)
    made = type(klass.__name__, (klass,), {"_kit_refuse": validator, "__module__": __name__})
    _classes[klass] = made
    return made


def _frozen(klass: type[S], **state: Any) -> S:
    instance = _frozen_class(klass)(**state)
    instance._kit_frozen = True
    return instance


def shared_layout(**css: str) -> Layout:
    """The kernel's one layout with these CSS properties (to share, never to change); without
    properties, the empty layout every widget of the kit gets unless it asks for another."""
    key = tuple(sorted(css.items()))
    found = _layouts.get(key)
    if found is None or found.comm is None:  # none yet, or closed (kernel reset)
        found = _frozen(Layout, **css)
        _layouts[key] = found
    return found


def full_width() -> Layout:
    """The shared ``width: 100%`` layout."""
    return shared_layout(width="100%")


def shared_style(klass: type[S], **state: Any) -> S:
    """The kernel's one style of ``klass`` with ``state`` (default: the class's defaults; to
    share, never to change)."""
    key = (klass, tuple(sorted(state.items())))
    found = _styles.get(key)
    if found is None or found.comm is None:
        found = _frozen(klass, **state)
        _styles[key] = found
    return found


def shared_defaults() -> list[Widget]:
    """The shared default styles and the shared empty layout created so far (the styles and
    layouts made with settings, such as a label's width, are shared too but not defaults)."""
    empty = _layouts.get(())
    plain = [style for (_klass, state), style in _styles.items() if not state]
    return [*plain, *([empty] if empty is not None else [])]


def shared_layouts() -> dict[tuple[tuple[str, str], ...], Layout]:
    """The shared layouts created so far, by their sorted CSS properties."""
    return dict(_layouts)


def is_shared(widget: Widget) -> bool:
    """Is ``widget`` one of the shared layouts or styles?"""
    return bool(getattr(widget, "_kit_frozen", False))
