"""``kit serve [--host H] [--port N] [--public-url URL] [--data-dir DIR] [--expected-users N]``:
serve the apps.

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


def _positive(text: str) -> int:
    value = _non_negative(text)
    if value == 0:
        raise argparse.ArgumentTypeError("cần ít nhất 1 / must be at least 1")
    return value


def _every(text: str) -> float:
    from kit.server.backups import parse_every

    try:
        return parse_every(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"cần dạng 30m, 6h, 1d / expected e.g. 30m, 6h, 1d: {text}"
        ) from None


def _public_url(text: str) -> str:
    from kit.core.i18n import t
    from kit.core.network import check_public_url

    try:
        return check_public_url(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{t('join.bad_public_url', 'vi', value=text)} / "
            f"{t('join.bad_public_url', 'en', value=text)}"
        ) from None


def add_parser(actions: Actions, parser_class: type[argparse.ArgumentParser]) -> None:
    serve = actions.add_parser("serve", help="phục vụ các ứng dụng bằng Voilà / serve the apps")
    serve.add_argument(
        "--host",
        default="127.0.0.1",
        help="0.0.0.0 để điện thoại trong hội trường vào được / 0.0.0.0 lets the hall's phones in",
    )
    serve.add_argument(
        "--public-url",
        type=_public_url,
        help="địa chỉ học viên mở khi máy chủ đứng sau proxy / the address trainees open behind a"
        " reverse proxy (e.g. https://kit.example.gov.vn)",
    )
    serve.add_argument("--port", type=_port, default=8866)
    serve.add_argument("--data-dir", type=Path, help="thư mục dữ liệu / data folder")
    serve.add_argument("--expected-users", type=_non_negative, default=4)
    serve.add_argument(
        "--backup-every",
        type=_every,
        metavar="6h",
        help="sao lưu tự động mỗi khoảng (s, m, h, d) / back up every (s, m, h, d)",
    )
    serve.add_argument("--backup-dir", type=Path, help="thư mục sao lưu / backup folder")
    serve.add_argument(
        "--backup-keep", type=_positive, default=14, help="số bản giữ lại / backups kept"
    )
    serve.add_argument("--cull-idle", type=_non_negative, default=None, help=argparse.SUPPRESS)
    serve.add_argument("--cull-interval", type=_non_negative, default=None, help=argparse.SUPPRESS)
    serve.add_argument("--no-preheat", action="store_true", help=argparse.SUPPRESS)


def _schedule(args: argparse.Namespace) -> object | None:
    """The scheduled backups asked for (started), or None."""
    from kit.core.commands import both
    from kit.core.errors import UsageError

    if args.backup_every is None and args.backup_dir is None:
        return None
    if args.backup_every is None or args.backup_dir is None:
        raise UsageError(
            "Sao lưu tự động cần cả --backup-every và --backup-dir.",
            "Scheduled backups need both --backup-every and --backup-dir.",
        )
    from kit.server.backups import BackupSchedule

    schedule = BackupSchedule(
        args.backup_dir.expanduser().resolve(), args.backup_every, args.backup_keep
    )
    schedule.start()
    every = (
        f"{args.backup_every / 3600:g} h"
        if args.backup_every >= 3600
        else f"{args.backup_every:g} s"
    )
    print(
        both("province.backup_scheduled", every=every, folder=schedule.folder, keep=schedule.keep)
    )
    return schedule


def run(args: argparse.Namespace) -> int:
    from kit.core import config
    from kit.server import launch

    if args.data_dir and (args.backup_every or args.backup_dir):
        config.set_data_dir(args.data_dir)  # the backups read the database of the folder served
    _schedule(args)
    return launch.serve(
        launch.ServeOptions(
            host=args.host,
            port=args.port,
            expected_users=args.expected_users,
            cull_idle_seconds=args.cull_idle or launch.CULL_IDLE_SECONDS,
            cull_interval_seconds=args.cull_interval or launch.CULL_INTERVAL_SECONDS,
            preheat=not args.no_preheat,
            data_dir=args.data_dir,
            public_url=args.public_url,
        )
    )
