"""The Voilà apps: one ``build_app()`` factory a module."""
