"""Serving the apps: the Voilà server, kernel pools and launch, the offline page template and its
bundled scripts.
"""
