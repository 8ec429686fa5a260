"""One default layout and one default style per widget kind, shared, instead of two new models
for every widget.

ipywidgets gives every widget its own ``Layout`` model and (for most kinds) its own ``Style``
model, even when neither is ever set: an ``HTML`` is three models, three ``comm_open`` messages
and three states to serialise. The kit's views rebuild their body on each action, so an answer in
the exercise app opened about 46 models, two thirds of them empty layouts and styles; with forty
trainees answering at once that work (in their kernels and in the Voilà process relaying it)
was what made them wait (``make bench``, capacity). ipywidgets supports sharing one layout among
many widgets, so a widget created without a layout or style here gets the shared empty one of
its class; a widget that needs its own still passes ``layout=w.Layout(…)`` as before.

Layouts that several widgets need alike (``width="100%"``…) come from :func:`shared_layout`:
one model per distinct style in a kernel, made on first use (never at import).

The shared instances must never change: one change would restyle every widget that has them.
The kit never mutates a layout or style after creating it (``tests/test_shared_defaults.py``
holds it to that); should anything try, the change is refused with an error naming the class.
"""

from __future__ import annotations

from typing import Any

import traitlets
from ipywidgets.widgets.trait_types import InstanceDict
from ipywidgets.widgets.widget import Widget
from ipywidgets.widgets.widget_layout import Layout

_shared: dict[type[Widget], Widget] = {}
_classes: dict[type[Widget], type[Widget]] = {}
_layouts: dict[tuple[tuple[str, str], ...], Layout] = {}
_original = InstanceDict.make_dynamic_default


class SharedDefaultChanged(traitlets.TraitError):
    """A shared layout or style was about to change (the change is refused)."""


def _frozen_class(klass: type[Widget]) -> type[Widget]:
    """``klass`` whose synced traits refuse any change once :func:`_frozen` was applied."""
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


def _frozen(klass: type[Widget], **state: Any) -> Any:
    instance = _frozen_class(klass)(**state)
    instance._kit_frozen = True
    return instance


def shared_layout(**css: str) -> Layout:
    """The kernel's one layout with these CSS properties (to share, never to change)."""
    key = tuple(sorted(css.items()))
    found = _layouts.get(key)
    if found is None or found.comm is None:
        found = _frozen(Layout, **css)
        _layouts[key] = found
    return found


def full_width() -> Layout:
    """The shared ``width: 100%`` layout."""
    return shared_layout(width="100%")


def _shared_default(trait: InstanceDict) -> Any:
    if trait.default_args or trait.default_kwargs:
        return _original(trait)
    klass: type[Widget] = trait.klass
    instance = _shared.get(klass)
    if instance is None or instance.comm is None:  # none yet, or closed (kernel reset)
        instance = _frozen(klass)
        _shared[klass] = instance
    return instance


def install() -> None:
    """Give widgets created from now on the shared defaults (idempotent)."""
    InstanceDict.make_dynamic_default = _shared_default


def uninstall() -> None:
    """Back to one new layout and style per widget (tests)."""
    InstanceDict.make_dynamic_default = _original
    _shared.clear()
    _layouts.clear()


def shared_defaults() -> list[Widget]:
    """The shared default layout and styles created so far."""
    return list(_shared.values())


def shared_layouts() -> dict[tuple[tuple[str, str], ...], Layout]:
    """The shared layouts created so far, by their sorted CSS properties."""
    return dict(_layouts)
