"""Does the app frame switch languages, escape text and show errors instead of losing them?"""

from __future__ import annotations

import asyncio
import json
import logging
import re
import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import ipywidgets as w
import pytest

from kit.apps.home import build_app
from kit.apps.ui.shell import AppShell, esc, lang_from_query
from kit.core.errors import InputError
from kit.core.i18n import t


def make_shell(render=None):  # type: ignore[no-untyped-def]
    return AppShell(
        "home", render or (lambda lang: w.Label(lang)), summary=lambda: "test", lang="vi"
    )


def test_language_switch_rebuilds_the_body_in_the_new_language() -> None:
    shell = make_shell()
    shell.lang_switch.value = "en"
    assert shell.lang == "en"
    assert shell.body is not None and shell.body.value == "en"
    assert t("home.title", "en") in shell.title_html


def test_a_forged_language_value_is_normalised_not_trusted() -> None:
    shell = make_shell()
    shell.set_lang("<img src=x onerror=alert(1)>")
    assert shell.lang == "vi"


def test_a_kit_error_in_a_callback_is_shown_in_the_users_language() -> None:
    shell = make_shell()

    def fail() -> None:
        raise InputError("Số âm không hợp lệ.", "Negative numbers are not allowed.")

    shell.guard(fail)()
    assert "Số âm không hợp lệ." in shell.error_html
    shell.set_lang("en")
    shell.guard(fail)()
    assert "Negative numbers are not allowed." in shell.error_html


def test_an_unexpected_error_shows_a_short_message_and_logs_the_traceback(
    caplog: pytest.LogCaptureFixture,
) -> None:
    shell = make_shell()

    def boom() -> None:
        raise RuntimeError("secret internals")

    with caplog.at_level(logging.ERROR, logger="kit.apps"):
        shell.guard(boom)()
    assert "secret internals" not in shell.error_html
    assert t("kit.error", "vi") in shell.error_html
    assert "secret internals" in caplog.text


def test_an_error_while_rendering_is_shown_not_raised() -> None:
    def broken(lang: str) -> w.Widget:
        raise RuntimeError("bad render")

    shell = make_shell(broken)
    assert t("kit.error", "vi") in shell.error_html


def test_display_carries_the_widget_and_a_plain_text_summary() -> None:
    bundle = build_app(lang="vi")._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert bundle["text/plain"].startswith("[kit:home] ")


def test_query_string_language_is_read_and_html_is_escaped() -> None:
    assert lang_from_query("?lang=en&x=1") == "en"
    assert lang_from_query("x=1") is None
    assert esc("<b>'x'</b>") == "&lt;b&gt;&#x27;x&#x27;&lt;/b&gt;"


def test_home_lists_every_app_with_its_title_in_english() -> None:
    app = build_app(lang="en")
    html = app.body.value  # type: ignore[union-attr]
    assert t("home.heading", "en") in html


def run_apart(coroutine: Any) -> Any:
    """Run ``coroutine`` in a new event loop on a thread of its own (as a kernel's loop; the
    test thread may already run a loop of the browser tests)."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coroutine).result(timeout=60)


def test_outside_a_pool_the_query_string_comes_from_the_environment(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from kit.apps.ui.request_info import query_string

    monkeypatch.delenv("VOILA_PREHEAT", raising=False)
    monkeypatch.setenv("QUERY_STRING", "lang=en")
    assert run_apart(query_string()) == "lang=en"


def test_in_a_pool_with_no_server_the_wait_gives_up_quietly(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from devtools.process import free_port
    from kit.apps.ui.request_info import query_string

    monkeypatch.setenv("VOILA_PREHEAT", "True")
    monkeypatch.setenv("VOILA_APP_PORT", str(free_port()))
    assert run_apart(asyncio.wait_for(query_string(1), 30)) is None


def test_in_a_pool_the_query_string_is_applied_on_the_kernels_own_thread(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Does a preheated kernel change its widgets from its event loop, never from a thread of
    its own, when the page's query string arrives?"""
    from tornado.web import Application
    from tornado.websocket import WebSocketHandler

    from devtools.process import free_port

    class Query(WebSocketHandler):
        def open(self, *_args: str) -> None:
            self.write_message(json.dumps({"QUERY_STRING": "lesson=l02&lang=en"}))

    port = free_port()
    monkeypatch.setenv("VOILA_PREHEAT", "True")
    monkeypatch.setenv("VOILA_APP_PORT", str(port))
    monkeypatch.setenv("VOILA_KERNEL_ID", "k1")
    seen: list[tuple[dict[str, str], str]] = []
    loop_thread: list[str] = []

    async def page_requested() -> AppShell:
        loop_thread.append(threading.current_thread().name)
        server = Application([(r"/voila/query/(.*)", Query)]).listen(port, "127.0.0.1")
        try:
            shell = make_shell()
            shell.follow_query_string(
                lambda params: seen.append((params, threading.current_thread().name))
            )
            assert shell.following is not None
            await asyncio.wait_for(shell.following, 30)
            return shell
        finally:
            server.stop()

    shell = run_apart(page_requested())
    assert seen == [({"lesson": "l02", "lang": "en"}, loop_thread[0])]
    assert shell.lang == "en"


def test_outside_a_pool_query_parameters_reach_the_app_and_set_the_language(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.delenv("VOILA_PREHEAT", raising=False)
    monkeypatch.setenv("QUERY_STRING", "lesson=l02&lang=en&lesson=ignored")
    seen: list[dict[str, str]] = []
    shell = make_shell()
    shell.follow_query_string(seen.append)
    assert seen == [{"lesson": "l02", "lang": "en"}] and shell.lang == "en"


def test_the_shell_shows_its_view_and_tells_it_when_the_app_goes_away() -> None:
    class View:
        def render(self, lang: str) -> w.Widget:
            return w.Label(lang)

    view = View()
    shell = AppShell("home", None, lang="vi")
    assert shell.view is None and shell.body is None
    shell.mount(view.render)
    assert shell.view is view and shell.body is not None and shell.body.value == "vi"
    assert make_shell().view is None  # a plain render function has no view
    closed: list[str] = []
    shell.on_close(lambda: closed.append("closed"))
    shell.widget.close()
    assert closed == ["closed"]


def test_an_unexpected_error_shows_a_code_the_log_files_its_traceback_under(
    caplog: pytest.LogCaptureFixture,
) -> None:
    shell = make_shell()

    def boom() -> None:
        raise RuntimeError("INSERT INTO trainees secret internals")

    with caplog.at_level(logging.ERROR, logger="kit.apps"):
        shell.guard(boom)()
    code = re.search(r"\b[0-9A-F]{8}\b", shell.error_html)
    assert code is not None, shell.error_html
    assert t("kit.error_id", "vi", id=code.group(0)) in shell.error_html
    assert "INSERT" not in shell.error_html and "Traceback" not in shell.error_html
    assert code.group(0) in caplog.text and "Traceback" in caplog.text
    assert "secret internals" in caplog.text


def test_an_error_no_guard_saw_is_shown_in_every_app_on_a_page() -> None:
    from kit.apps.ui.shell import report_refused_upload, report_unexpected

    shown, closed = make_shell(), make_shell()
    closed.widget.close()
    try:
        raise ValueError("from a widget callback")
    except ValueError as exc:
        code = report_unexpected(exc, "in a test")
    assert t("kit.error_id", "vi", id=code) in shown.error_html
    assert closed.error_html == ""
    shown.set_lang("en")
    report_refused_upload(50 * 2**20)
    assert esc(t("kit.upload_too_large", "en", mb=50)) in shown.error_html
    assert closed.error_html == ""
