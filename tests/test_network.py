"""Where phones can reach the server: the addresses printed by ``kit serve``, drawn on the join
sheet and offered to the trainer, and the warning when the server listens on this machine only."""

from __future__ import annotations

import subprocess
import sys

import pytest

from kit.core import network
from kit.workshops import joinsheet


@pytest.fixture
def interfaces(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    found: list[str] = []
    monkeypatch.setattr(network, "interface_addresses", lambda: sorted(found, key=network._rank))
    for name in (network.LISTEN_HOST_ENV, network.LISTEN_PORT_ENV, network.PUBLIC_URL_ENV):
        monkeypatch.delenv(name, raising=False)
    return found


@pytest.mark.parametrize(
    ("host", "found", "expected"),
    [
        # every interface: each hall address, private LAN first, link-local last
        ("0.0.0.0", ["169.254.3.4", "203.0.113.9", "192.168.43.1"],
         ["192.168.43.1", "203.0.113.9", "169.254.3.4"]),
        ("0.0.0.0", ["10.0.0.5"], ["10.0.0.5"]),
        ("::", ["172.20.10.2"], ["172.20.10.2"]),
        # an offline laptop with no network at all: only itself
        ("0.0.0.0", [], ["127.0.0.1"]),
        # loopback only, however it is written
        ("127.0.0.1", ["192.168.1.20"], ["127.0.0.1"]),
        ("localhost", ["192.168.1.20"], ["127.0.0.1"]),
        ("127.0.1.1", ["192.168.1.20"], ["127.0.0.1"]),
        # one address chosen: that one, not the others
        ("192.168.1.20", ["192.168.1.20", "10.1.1.1"], ["192.168.1.20"]),
    ],
)
def test_the_addresses_offered_are_the_ones_the_server_listens_on(
    interfaces: list[str], host: str, found: list[str], expected: list[str]
) -> None:
    interfaces.extend(found)
    assert network.reachable_hosts(host) == expected


@pytest.mark.parametrize(
    ("host", "found", "alone"),
    [
        ("127.0.0.1", ["192.168.1.20"], True),
        ("0.0.0.0", [], True),
        ("0.0.0.0", ["192.168.1.20"], False),
        ("192.168.1.20", [], False),
    ],
)
def test_the_trainer_is_warned_only_when_no_phone_can_reach_the_server(
    interfaces: list[str],
    monkeypatch: pytest.MonkeyPatch,
    host: str,
    found: list[str],
    alone: bool,
) -> None:
    interfaces.extend(found)
    monkeypatch.setenv(network.LISTEN_HOST_ENV, host)
    assert network.loopback_only() is alone
    monkeypatch.setenv(network.PUBLIC_URL_ENV, "https://kit.example.gov.vn")
    assert network.loopback_only() is False


def test_the_join_sheet_uses_the_public_url_behind_a_proxy(
    interfaces: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    interfaces.append("192.168.1.20")
    monkeypatch.setenv(network.LISTEN_HOST_ENV, "0.0.0.0")
    monkeypatch.setenv(network.LISTEN_PORT_ENV, "9000")
    assert joinsheet.join_url("ABC123") == (
        "http://192.168.1.20:9000/voila/render/workshop.ipynb?code=ABC123"
    )
    monkeypatch.setenv(network.PUBLIC_URL_ENV, "https://kit.stp.example.vn/tap-huan")
    assert joinsheet.join_bases() == ["https://kit.stp.example.vn/tap-huan"]
    assert joinsheet.join_url("ABC123").startswith("https://kit.stp.example.vn/tap-huan/voila/")


@pytest.mark.parametrize(
    ("text", "ok"),
    [
        ("https://kit.example.gov.vn", True),
        ("http://10.0.0.2:8866/", True),
        ("https://example.vn/sub/path", True),
        ("kit.example.gov.vn", False),
        ("ftp://example.vn", False),
        ("javascript:alert(1)", False),
        ("https://", False),
        ("https://example.vn/?next=evil", False),
        ("", False),
    ],
)
def test_a_public_url_must_be_an_http_address(text: str, ok: bool) -> None:
    if ok:
        assert network.check_public_url(text) == text.rstrip("/")
    else:
        with pytest.raises(ValueError):
            network.check_public_url(text)


def test_kit_serve_refuses_a_malformed_public_url_as_wrong_usage() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "kit", "serve", "--public-url", "kit.example"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2
    assert "địa chỉ công khai" in done.stderr and "public address" in done.stderr
    assert "Traceback" not in done.stderr


def test_the_trainer_app_says_in_plain_words_how_to_open_the_hall(
    interfaces: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import ipywidgets as w

    from kit.apps.trainer_join import join_panel
    from kit.content.catalogue import load_catalogue
    from kit.workshops import sessions

    spec = sessions.validate_spec(
        {"title": "Tập huấn truyền thông dự thảo", "day": "2027-03-17", "track": "B",
         "lessons": ["l01-de-an-407"]},
        load_catalogue(),
    )
    workshop = sessions.create(spec)

    def texts(panel: w.VBox) -> str:
        return " ".join(c.value for c in panel.children if isinstance(c, w.HTML))

    monkeypatch.setenv(network.LISTEN_HOST_ENV, "127.0.0.1")
    panel = join_panel(workshop, "vi")
    assert "chưa vào được" in texts(panel) and "--host 0.0.0.0" in texts(panel)
    assert not any(isinstance(c, w.Dropdown) for c in panel.children)

    interfaces.extend(["192.168.43.1", "10.0.0.7"])
    monkeypatch.setenv(network.LISTEN_HOST_ENV, "0.0.0.0")
    panel = join_panel(workshop, "en")
    assert "cannot reach" not in texts(panel)
    picker = next(c for c in panel.children if isinstance(c, w.Dropdown))
    sheet = panel.children[-1]
    assert "10.0.0.7:8866" in sheet.value  # 10.x sorts before 192.168.x: both private
    picker.value = "http://192.168.43.1:8866"
    assert "192.168.43.1" in sheet.value and "10.0.0.7" not in sheet.value
