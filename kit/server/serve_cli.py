"""``kit serve [--host H] [--port N] [--data-dir DIR] [--expected-users N]``: serve the apps.

Only reads the options: the checks before the start and the server are
:func:`kit.server.launch.serve`, which :func:`kit.api.serve` calls too.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from kit.core.commands import Actions, Command

SERVE = Command("serve", __name__)


def _port(text: str) -> int:
    try:
        port = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"cổng phải là số / port must be a number: {text}"
        ) from None
    if not 1 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"cổng 1–65535 / port must be 1–65535: {port}")
    return port


def _non_negative(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"cần một số nguyên / need a whole number: {text}"
        ) from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"không được âm / must not be negative: {value}")
    return value


def add_parser(actions: Actions, parser_class: type[argparse.ArgumentParser]) -> None:
    serve = actions.add_parser("serve", help="phục vụ các ứng dụng bằng Voilà / serve the apps")
    serve.add_argument("--host", default="127.0.0.1", help="0.0.0.0 để phục vụ cả hội trường")
    serve.add_argument("--port", type=_port, default=8866)
    serve.add_argument("--data-dir", type=Path, help="thư mục dữ liệu / data folder")
    serve.add_argument("--expected-users", type=_non_negative, default=4)
    serve.add_argument("--cull-idle", type=_non_negative, default=None, help=argparse.SUPPRESS)
    serve.add_argument("--cull-interval", type=_non_negative, default=None, help=argparse.SUPPRESS)
    serve.add_argument("--no-preheat", action="store_true", help=argparse.SUPPRESS)


def run(args: argparse.Namespace) -> int:
    from kit.server import launch

    return launch.serve(
        launch.ServeOptions(
            host=args.host,
            port=args.port,
            expected_users=args.expected_users,
            cull_idle_seconds=args.cull_idle or launch.CULL_IDLE_SECONDS,
            cull_interval_seconds=args.cull_interval or launch.CULL_INTERVAL_SECONDS,
            preheat=not args.no_preheat,
            data_dir=args.data_dir,
        )
    )
