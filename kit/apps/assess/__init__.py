"""The assess app: ``build_app()`` is its entry point (the notebook calls it)."""

from kit.apps.assess.app import build_app

__all__ = ["build_app"]
