"""Where phones in the hall can reach this server.

``kit serve --host 0.0.0.0`` listens on every interface; the addresses a phone can open are this
machine's non-loopback IPv4 addresses, read from the interfaces themselves (psutil). The usual
trick of asking which address would route to the internet returns 127.0.0.1 on an offline
hotspot, which is exactly the hall's case. ``--public-url`` (a reverse proxy, a name) overrides
them all. The server passes what it listens on to its kernels in the environment, so the join
sheet a kernel draws points at an address the server really answers on.
"""

from __future__ import annotations

import ipaddress
import os
from urllib.parse import urlsplit

#: environment variables the server sets for its kernels
LISTEN_HOST_ENV = "KIT_LISTEN_HOST"
LISTEN_PORT_ENV = "KIT_LISTEN_PORT"
PUBLIC_URL_ENV = "KIT_PUBLIC_URL"

WILDCARDS = frozenset({"0.0.0.0", "", "::", "*"})


def is_loopback(host: str) -> bool:
    if host.strip().lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _rank(address: str) -> tuple[int, str]:
    """Private LAN addresses first (what a hall's Wi-Fi or hotspot hands out), then others,
    link-local (169.254…, no DHCP answered) last."""
    ip = ipaddress.ip_address(address)
    if ip.is_link_local:
        return (2, address)
    return (0 if ip.is_private else 1, address)


def interface_addresses() -> list[str]:
    """This machine's IPv4 addresses other than loopback, the most likely hall address first."""
    import socket

    import psutil

    found: set[str] = set()
    for addrs in psutil.net_if_addrs().values():
        for addr in addrs:
            if addr.family != socket.AF_INET:
                continue
            try:
                ip = ipaddress.ip_address(addr.address)
            except ValueError:
                continue
            if not ip.is_loopback and not ip.is_unspecified:
                found.add(str(ip))
    return sorted(found, key=_rank)


def reachable_hosts(listen_host: str) -> list[str]:
    """The hosts a browser can use to reach a server listening on ``listen_host``."""
    host = listen_host.strip()
    if host in WILDCARDS:
        return interface_addresses() or ["127.0.0.1"]
    if is_loopback(host):
        return ["127.0.0.1"]
    return [host]


def check_public_url(text: str) -> str:
    """``text`` if it is an http(s) address with a host; raises ValueError otherwise."""
    parts = urlsplit(text.strip())
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise ValueError(text)
    if parts.query or parts.fragment:
        raise ValueError(text)
    return text.strip().rstrip("/")


def _url_host(host: str) -> str:
    return f"[{host}]" if ":" in host else host


def base_urls(listen_host: str, port: int | str, public_url: str | None = None) -> list[str]:
    """The addresses (without a trailing slash) at which trainees can open the apps."""
    if public_url:
        return [check_public_url(public_url)]
    return [f"http://{_url_host(h)}:{port}" for h in reachable_hosts(listen_host)]


def served_base_urls() -> list[str]:
    """:func:`base_urls` for the server this process belongs to (read from the environment its
    server set; a kernel outside a server assumes a default ``kit serve``)."""
    host = os.environ.get(LISTEN_HOST_ENV, "127.0.0.1")
    port = os.environ.get(LISTEN_PORT_ENV) or os.environ.get("VOILA_APP_PORT", "8866")
    return base_urls(host, port, os.environ.get(PUBLIC_URL_ENV) or None)


def loopback_only() -> bool:
    """True when no phone can reach the server: it listens on this machine only."""
    if os.environ.get(PUBLIC_URL_ENV):
        return False
    hosts = reachable_hosts(os.environ.get(LISTEN_HOST_ENV, "127.0.0.1"))
    return all(is_loopback(h) for h in hosts)
