"""Every app, opened in a real browser at desktop and phone widths, against a live server."""

from __future__ import annotations

import time

import pytest

from devtools.bundle_record import chunk_requests
from kit import registry
from kit.core.i18n import t
from tests.conftest import CULL_IDLE, assert_fits_a_phone, screenshot

pytestmark = pytest.mark.browser

ERROR_MARKERS = ("Traceback", "Error:", "Lỗi:", "kit-error")
WIDGET_TIMEOUT_MS = 60_000


def wait_for_app(page: object, spec: registry.AppSpec) -> None:
    page.wait_for_selector(f".{spec.main_widget}", state="visible", timeout=WIDGET_TIMEOUT_MS)  # type: ignore[attr-defined]


def assert_clean(guarded: object) -> None:
    page = guarded.page  # type: ignore[attr-defined]
    html = page.content()
    assert page.locator(".kit-error").count() == 0, "the app shows an error"
    for marker in ("Traceback", "KeyError", "NameError"):
        assert marker not in html, f"page shows {marker}"
    assert guarded.blocked == [], f"requests left the server: {guarded.blocked}"  # type: ignore[attr-defined]


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
@pytest.mark.parametrize("spec", registry.APPS, ids=lambda s: s.id)
def test_app_renders_its_main_widget_without_errors_or_outside_requests(
    kit_server: object, open_page: object, spec: registry.AppSpec, viewport: str
) -> None:
    guarded = open_page(viewport)  # type: ignore[operator]
    page = guarded.page
    one_by_one = chunk_requests(page, kit_server.base_url)  # type: ignore[attr-defined]
    page.goto(f"{kit_server.base_url}/{spec.url_path}")  # type: ignore[attr-defined]
    wait_for_app(page, spec)
    assert page.locator(".kit-title").first.inner_text() == t(spec.title_key, "vi")
    assert one_by_one == [], (
        f"the page asked for {len(one_by_one)} code chunks one by one (not in the page-chunks "
        "script): run `make page-chunks` after upgrading Voilà or ipywidgets"
    )
    if viewport == "phone":
        assert_fits_a_phone(page)
    screenshot(page, f"{spec.id}-{viewport}")
    assert_clean(guarded)


def test_root_opens_the_home_app_listing_every_app(kit_server: object, open_page: object) -> None:
    guarded = open_page("desktop")  # type: ignore[operator]
    page = guarded.page
    page.goto(f"{kit_server.base_url}/")  # type: ignore[attr-defined]
    home = registry.get("home")
    wait_for_app(page, home)
    assert page.url.endswith(home.url_path)
    listed = [spec for spec in registry.APPS if spec.id != "home"] or [home]
    for spec in listed:
        assert page.locator(f".kit-card[data-app='{spec.id}'] h2").inner_text() == t(
            spec.title_key, "vi"
        )
    screenshot(page, "root-redirect-home")
    assert_clean(guarded)


def test_lang_query_parameter_opens_the_app_in_english(
    kit_server: object, open_page: object
) -> None:
    guarded = open_page("phone")  # type: ignore[operator]
    page = guarded.page
    home = registry.get("home")
    page.goto(f"{kit_server.base_url}/{home.url_path}?lang=en")  # type: ignore[attr-defined]
    page.wait_for_function(  # type: ignore[attr-defined]
        "t => document.querySelector('.kit-title')?.innerText === t",
        arg=t("home.title", "en"),
        timeout=WIDGET_TIMEOUT_MS,
    )
    screenshot(page, "home-phone-en")
    assert_clean(guarded)


def test_language_switch_changes_the_text_after_the_cull_timeout_has_passed(
    kit_server: object, open_page: object
) -> None:
    """Is a pooled kernel handed to a page still alive after the cull timeout? (VOILA-NOTES)"""
    time.sleep(CULL_IDLE + 2)  # the pooled kernel's activity is now older than the timeout
    guarded = open_page("desktop")  # type: ignore[operator]
    page = guarded.page
    home = registry.get("home")
    page.goto(f"{kit_server.base_url}/{home.url_path}")  # type: ignore[attr-defined]
    wait_for_app(page, home)
    time.sleep(CULL_IDLE + 2)  # connected kernels must survive the culler too
    page.get_by_role("button", name="English").click()  # type: ignore[attr-defined]
    page.wait_for_function(  # type: ignore[attr-defined]
        "t => document.querySelector('.kit-title')?.innerText === t",
        arg=t("home.title", "en"),
        timeout=20_000,
    )
    assert_clean(guarded)
