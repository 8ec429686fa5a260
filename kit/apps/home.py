"""Home app: every app of the registry with its title, description and audience."""

from __future__ import annotations

import ipywidgets as w

from kit import __version__, registry
from kit.apps.ui import widgets as ui
from kit.apps.ui.shell import AppShell, esc
from kit.core.i18n import t


def _card(spec: registry.AppSpec, lang: str) -> str:
    href = f"{spec.notebook}?lang={lang}"
    return (
        f"<div class='kit-card' data-app='{esc(spec.id)}'>"
        f"<h2>{esc(t(spec.title_key, lang))}</h2>"
        f"<p>{esc(t(spec.description_key, lang))}</p>"
        f"<p class='kit-audience'>{esc(t('home.audience', lang))}: "
        f"{esc(t(f'audience.{spec.audience}', lang))}</p>"
        f"<a class='kit-open' href='{esc(href)}'>{esc(t('home.open', lang))}</a>"
        "</div>"
    )


def render(lang: str) -> w.Widget:
    apps = [spec for spec in registry.APPS if spec.id != "home"] or list(registry.APPS)
    cards = "".join(_card(spec, lang) for spec in apps)
    body = ui.html(
        f"<p>{esc(t('kit.tagline', lang))}</p>"
        f"<h2>{esc(t('home.heading', lang))}</h2>"
        f"<div class='kit-cards'>{cards}</div>"
        f"<p class='kit-footer'>{esc(t('kit.offline_note', lang))} · v{esc(__version__)}</p>",
        "kit-home-list",
    )
    return body


def build_app(lang: str | None = None) -> AppShell:
    """The home app (what ``/`` opens)."""
    shell = AppShell(
        "home",
        render,
        summary=lambda: f"{len(registry.APPS)} apps: " + ", ".join(a.id for a in registry.APPS),
        lang=lang,
    )
    shell.follow_query_string()
    return shell
