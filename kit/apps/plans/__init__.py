"""The plans app: ``build_app()`` is its entry point (the notebook calls it)."""

from kit.apps.plans.app import build_app

__all__ = ["build_app"]
