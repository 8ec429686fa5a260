"""The ``kit`` command. Exit codes: 0 ok, 1 problems found or the operation failed, 2 wrong usage.

Every message is Vietnamese first, then English on the next line (the terminal has no switch).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from kit import api, config
from kit.errors import KitError, UsageError
from kit.i18n import t


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        sys.stderr.write(f"kit: sai cách dùng / wrong usage: {message}\n")
        raise SystemExit(2)


def both(key: str, **fields: object) -> str:
    """A catalogue message in Vietnamese, then English."""
    return f"{t(key, 'vi', **fields)}\n{t(key, 'en', **fields)}"


def _positive_port(text: str) -> int:
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


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="kit",
        description="Bộ công cụ truyền thông dự thảo chính sách (Đề án 407) / "
        "Draft-policy communication kit (Scheme 407)",
    )
    parser.add_argument("--version", action="version", version=f"kit {api.version()}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    serve = sub.add_parser("serve", help="phục vụ các ứng dụng bằng Voilà / serve the apps")
    serve.add_argument("--host", default="127.0.0.1", help="0.0.0.0 để phục vụ cả hội trường")
    serve.add_argument("--port", type=_positive_port, default=8866)
    serve.add_argument("--data-dir", type=Path, help="thư mục dữ liệu / data folder")
    serve.add_argument("--expected-users", type=_non_negative, default=4)
    serve.add_argument("--cull-idle", type=_non_negative, default=None, help=argparse.SUPPRESS)
    serve.add_argument("--cull-interval", type=_non_negative, default=None, help=argparse.SUPPRESS)
    serve.add_argument("--no-preheat", action="store_true", help=argparse.SUPPRESS)

    check = sub.add_parser("check", help="kiểm tra mọi tệp nội dung / validate every content file")
    check.add_argument("--root", type=Path, help="thư mục chứa lessons/ và exercises/")

    content = sub.add_parser("content", help="nội dung / content")
    content_sub = content.add_subparsers(
        dest="content_command", metavar="ACTION", parser_class=_Parser
    )
    stats = content_sub.add_parser("stats", help="số bài học, bài tập, tình huống / counts")
    stats.add_argument("--json", action="store_true")
    stats.add_argument("--root", type=Path, help=argparse.SUPPRESS)

    exercise = sub.add_parser("exercise", help="ngân hàng bài tập / the exercise bank")
    ex_sub = exercise.add_subparsers(
        dest="exercise_command", metavar="ACTION", parser_class=_Parser
    )
    grade = ex_sub.add_parser("grade", help="chấm một câu trả lời / grade one answer")
    grade.add_argument("item_id")
    grade.add_argument("--answer", required=True)
    grade.add_argument("--json", action="store_true")
    listing = ex_sub.add_parser("list", help="liệt kê bài tập / list the bank")
    listing.add_argument("--track", choices=["A", "B"])
    listing.add_argument("--lesson")
    listing.add_argument("--with-answers", action="store_true")
    listing.add_argument("--json", action="store_true")

    readme = sub.add_parser("readme", help="bảng ứng dụng cho README / the README apps table")
    readme.add_argument(
        "--write",
        type=Path,
        nargs="?",
        const=Path("README.md"),
        default=None,
        help="ghi vào README.md / write it into README.md",
    )

    dbp = sub.add_parser("db", help="cơ sở dữ liệu / database")
    db_sub = dbp.add_subparsers(dest="db_command", metavar="ACTION", parser_class=_Parser)
    upgrade = db_sub.add_parser("upgrade", help="tạo hoặc nâng cấp / create or upgrade")
    upgrade.add_argument("--data-dir", type=Path)
    return parser


def _cmd_check(args: argparse.Namespace) -> int:
    cat = api.load_content(args.root)
    for problem in cat.problems:
        print(problem)
    if cat.problems:
        print(both("cli.check_failed", n=len(cat.problems)), file=sys.stderr)
        return 1
    counts = {"lessons": len(cat.lessons), "exercises": len(cat.items), "cases": len(cat.cases)}
    print(both("cli.check_ok", **counts))
    return 0


def _cmd_stats(args: argparse.Namespace) -> int:
    figures = api.content_stats(args.root)
    if args.json:
        print(json.dumps(figures, ensure_ascii=False))
        return 0
    ex = figures["exercises"]
    print(f"Bài học / lessons: {figures['lessons']}")
    print(
        f"Bài tập / exercises: {ex['total']}  (A: {ex['by_track']['A']}, B: {ex['by_track']['B']})"
    )
    for kind, n in ex["by_type"].items():
        print(f"  {kind}: {n}")
    print(f"Tình huống / eligibility cases: {figures['cases']}")
    return 0


def _cmd_serve(args: argparse.Namespace) -> int:
    if args.data_dir:
        config.set_data_dir(args.data_dir)
    problems = api.check_content()
    if problems:
        print(both("serve.content_invalid"), file=sys.stderr)
        for problem in problems:
            print(problem, file=sys.stderr)
        return 1
    url = api.init_store()
    print(both("cli.db_ready", url=url))
    from kit.server.launch import pool_sizes

    shown = ", ".join(f"{nb}={n}" for nb, n in pool_sizes(args.expected_users).items())
    print(
        both("serve.starting", url=f"http://{args.host}:{args.port}/", data_dir=config.data_dir())
    )
    print(both("serve.pools", pools=shown))
    if args.host not in ("127.0.0.1", "localhost", "::1"):
        print(both("serve.lan_hint", port=args.port))
    sys.stdout.flush()
    return api.serve(
        host=args.host,
        port=args.port,
        expected_users=args.expected_users,
        cull_idle_seconds=args.cull_idle,
        cull_interval_seconds=args.cull_interval,
        preheat=not args.no_preheat,
    )


def _cmd_exercise(args: argparse.Namespace) -> int:
    if args.exercise_command == "grade":
        graded = api.grade_answer(args.item_id, args.answer)
        if args.json:
            print(json.dumps(graded.to_json(), ensure_ascii=False))
        else:
            print(f"{graded.item}: {graded.score:g}/{graded.max}")
            for line in graded.feedback:
                print(f"- {line}")
            print(f"Giải thích / explanation: {graded.explanation}")
            print(f"Nguồn / source: {graded.source}")
            if graded.pending_trainer:
                print(
                    f"(+{graded.pending_trainer} điểm do giảng viên chấm / points a trainer awards)"
                )
        return 0
    if args.exercise_command == "list":
        items = api.list_exercises(args.track, args.lesson)
        rows = []
        for item in items:
            row: dict[str, object] = {
                "id": item.id,
                "type": item.type,
                "tracks": list(item.tracks),
                "lesson": item.lesson,
                "points": item.points,
                "difficulty": item.difficulty,
                "prompt": item.prompt,
            }
            if args.with_answers:
                row.update(api.exercise_key(item))
            rows.append(row)
        if args.json:
            print(json.dumps(rows, ensure_ascii=False, indent=1))
        else:
            for item, row in zip(items, rows, strict=True):
                line = f"{item.id:<12} {item.type:<16} {','.join(item.tracks):<4} {item.points}"
                if args.with_answers:
                    keys = row["answers"] or ["(rubric)"]
                    line += "  → " + " | ".join(keys)  # type: ignore[arg-type]
                print(line)
        return 0
    raise UsageError(
        "Dùng: kit exercise grade|list",
        "Usage: kit exercise grade ITEM --answer V | kit exercise list",
    )


def _cmd_readme(args: argparse.Namespace) -> int:
    from kit import docs

    if args.write is None:
        print(docs.apps_table())
        return 0
    try:
        changed = docs.write_readme(args.write)
    except (OSError, ValueError) as exc:
        raise KitError(
            f"Không cập nhật được {args.write}: {exc}", f"Cannot update {args.write}: {exc}"
        ) from exc
    print(f"{args.write}: {'đã cập nhật / updated' if changed else 'không đổi / unchanged'}")
    return 0


def _cmd_db(args: argparse.Namespace) -> int:
    if args.db_command != "upgrade":
        raise UsageError("Dùng: kit db upgrade", "Usage: kit db upgrade")
    if args.data_dir:
        config.set_data_dir(args.data_dir)
    print(both("cli.db_ready", url=api.init_store()))
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if args.command == "serve":
            return _cmd_serve(args)
        if args.command == "check":
            return _cmd_check(args)
        if args.command == "content" and args.content_command == "stats":
            return _cmd_stats(args)
        if args.command == "exercise":
            return _cmd_exercise(args)
        if args.command == "readme":
            return _cmd_readme(args)
        if args.command == "db":
            return _cmd_db(args)
        parser.print_help(sys.stderr)
        return 2
    except KitError as exc:
        print(f"{exc.vi}\n{exc.en}" if exc.en != exc.vi else exc.vi, file=sys.stderr)
        return exc.exit_code
    except BrokenPipeError:  # output piped into `head` and closed: not an error of ours
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
