"""The ``kit`` command. Exit codes: 0 ok, 1 problems found or the operation failed, 2 wrong usage.

Every message is Vietnamese first, then English on the next line (the terminal has no switch).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from kit import api, registry
from kit.core import config
from kit.core.errors import InputError, KitError, UsageError
from kit.core.i18n import t

if TYPE_CHECKING:
    from kit.eligibility.engine import Decision
    from kit.eligibility.rules import RuleSet


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

    from kit.plans.cli import add_parser as add_plan_parser

    add_plan_parser(sub, _Parser)
    from kit.assessment.commands import add_parser as add_assess_parser
    from kit.workshops.cli import add_parser as add_workshop_parser

    add_assess_parser(sub, _Parser)
    add_workshop_parser(sub, _Parser)
    from kit.workshops.passcode_cli import add_parser as add_trainer_parser

    add_trainer_parser(sub, _Parser)
    elig = sub.add_parser("eligibility", help="xác định phạm vi Đề án 407 / Scheme 407 eligibility")
    elig_sub = elig.add_subparsers(
        dest="eligibility_command", metavar="ACTION", parser_class=_Parser
    )
    batch = elig_sub.add_parser(
        "batch", help="quyết định cho cả bảng tính / decide a whole spreadsheet"
    )
    batch.add_argument("input", type=Path, help="tệp .xlsx hoặc .csv / an .xlsx or .csv file")
    batch.add_argument("-o", "--output", type=Path, required=True, help="tệp kết quả .xlsx")
    template = elig_sub.add_parser("template", help="tệp mẫu để nhập / the input template")
    template.add_argument("-o", "--output", type=Path, required=True, help="tệp mẫu .xlsx")
    facts = elig_sub.add_parser("facts", help="các dữ kiện cần có / the facts the rules read")
    facts.add_argument("--json", action="store_true")
    explain = elig_sub.add_parser("explain", help="quyết định và giải thích / decide and explain")
    explain.add_argument("facts_file", type=Path, metavar="FACTS.json", help="'-' = stdin")
    explain.add_argument("--json", action="store_true")
    for action in (batch, template, facts, explain):
        action.add_argument(
            "--rule-set", help="bộ quy tắc / rule set (mặc định / default de-an-407)"
        )
    return parser


def _cmd_check(args: argparse.Namespace) -> int:
    from kit.checks import check_rule_data, content_problems

    cat = api.load_content(args.root)
    rule_files, rule_problems = check_rule_data()
    problems = [str(p) for p in content_problems(cat)] + rule_problems
    for problem in problems:
        print(problem)
    if problems:
        print(both("cli.check_failed", n=len(problems)), file=sys.stderr)
        return 1
    counts = {"lessons": len(cat.lessons), "exercises": len(cat.items), "cases": len(cat.cases)}
    print(both("cli.check_ok", rules=rule_files, **counts))
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
    from kit.workshops.passcode import startup_notice

    if notice := startup_notice():
        print(notice)
    from kit.server.launch import pool_sizes

    sizes = pool_sizes(args.expected_users)
    shown = ", ".join(f"{nb}={n}" for nb, n in sizes.items())
    print(
        both("serve.starting", url=f"http://{args.host}:{args.port}/", data_dir=config.data_dir())
    )
    print(both("serve.pools", pools=shown))
    wanted = sum(spec.pool_size(args.expected_users) for spec in registry.APPS)
    if sum(sizes.values()) < wanted:
        print(both("serve.pools_memory", wanted=wanted, kept=sum(sizes.values())))
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


def _cmd_eligibility(args: argparse.Namespace) -> int:
    from kit.eligibility import rules

    action = args.eligibility_command
    if action is None:
        raise UsageError(
            "Dùng: kit eligibility batch|template|facts|explain",
            "Usage: kit eligibility batch|template|facts|explain",
        )
    rule_set = rules.load_rule_set(args.rule_set or rules.DEFAULT_RULE_SET)
    if action == "batch":
        return _eligibility_batch(rule_set, args.input, args.output)
    if action == "template":
        from kit.eligibility import batch

        _write(args.output, batch.write_template(rule_set))
        print(f"Đã ghi tệp mẫu / template written: {args.output}")
        return 0
    if action == "facts":
        return _eligibility_facts(rule_set, as_json=args.json)
    return _eligibility_explain(rule_set, args.facts_file, as_json=args.json)


def _write(path: Path, data: bytes) -> None:
    try:
        path.write_bytes(data)
    except OSError as exc:
        raise KitError(
            f"Không ghi được {path}: {exc.strerror or exc}",
            f"Cannot write {path}: {exc.strerror or exc}",
        ) from exc


def _eligibility_batch(rule_set: RuleSet, source: Path, target: Path) -> int:
    from kit.eligibility import batch

    if target.suffix.lower() != ".xlsx":
        raise UsageError(
            f"Tệp kết quả phải là .xlsx: {target}", f"The output must be an .xlsx file: {target}"
        )
    if target.resolve() == source.resolve():
        raise UsageError(
            "Tệp kết quả không được ghi đè tệp nguồn.", "The output must not overwrite the input."
        )
    result = batch.run_batch_path(source, rule_set)
    _write(target, batch.write_result(result))
    labels = batch.conclusion_labels(rule_set)
    print(f"Đã quyết định {len(result.rows)} dự thảo → {target}")
    for vi, _en in labels:
        print(f"  {vi}: {result.counts[vi]}")
    print(f"Decided {len(result.rows)} drafts → {target}")
    for vi, en in labels:
        print(f"  {en}: {result.counts[vi]}")
    errors = result.errors
    if errors:
        shown = ", ".join(str(r.row) for r in errors[:20]) + (" …" if len(errors) > 20 else "")
        print(
            f"{len(errors)} dòng lỗi dữ liệu (xem cột Lý do): dòng {shown}\n"
            f"{len(errors)} row(s) with data errors (see the Lý do column): rows {shown}",
            file=sys.stderr,
        )
        for row in errors[:20]:
            for problem in row.problems:
                print(f"  dòng/row {row.row}: {problem}", file=sys.stderr)
    return 0


def _eligibility_facts(rule_set: RuleSet, *, as_json: bool) -> int:
    listing = []
    for fact in rule_set.facts:
        allowed: object
        if fact.kind == "document_type":
            allowed = [
                {"id": d.id, "label": d.label, "label_en": d.label_en}
                for d in rule_set.document_types
            ]
        elif fact.kind == "choice":
            scopes = [rule_set.scope(v) for v in fact.values]
            allowed = [{"id": s.id, "label": s.label, "label_en": s.label_en} for s in scopes if s]
        elif fact.kind == "yes_no":
            allowed = [True, False, None]
        else:
            allowed = "dd/mm/yyyy"
        listing.append(
            {
                "name": fact.id,
                "kind": fact.kind,
                "allowed": allowed,
                "question": fact.question,
                "question_en": fact.question_en,
                "help": fact.help,
                "help_en": fact.help_en,
                "optional": fact.optional,
            }
        )
    if as_json:
        print(json.dumps({"rule_set": rule_set.id, "facts": listing}, ensure_ascii=False, indent=1))
        return 0
    print(f"Bộ quy tắc / rule set: {rule_set.id}")
    for item in listing:
        flag = "không bắt buộc / optional" if item["optional"] else "bắt buộc / required"
        print(f"\n{item['name']}  ({item['kind']}; {flag})")
        print(f"  {item['question']}\n  {item['question_en']}")
        allowed = item["allowed"]
        if isinstance(allowed, list) and allowed and isinstance(allowed[0], dict):
            shown = "; ".join(f"{a['id']} = {a['label']} ({a['label_en']})" for a in allowed)
        elif isinstance(allowed, list):
            shown = "true (Có) / false (Không) / null (chưa biết / unknown)"
        else:
            shown = str(allowed)
        print(f"  Giá trị / values: {shown}")
    return 0


def _eligibility_explain(rule_set: RuleSet, path: Path, *, as_json: bool) -> int:
    from kit.core.files import read_json
    from kit.eligibility import engine, values

    raw = read_json(path)
    if not isinstance(raw, dict):
        raise InputError(
            f"{path}: cần một đối tượng JSON {{tên dữ kiện: giá trị}}.",
            f"{path}: expected a JSON object {{fact name: value}}.",
        )
    facts, problems = values.read_facts(rule_set, raw)
    if problems:
        print(
            f"{path}: {len(problems)} giá trị không đọc được / unreadable value(s):",
            file=sys.stderr,
        )
        for problem in problems:
            print(f"  {problem}", file=sys.stderr)
        return 1
    decision = engine.evaluate(rule_set, facts)
    if as_json:
        print(json.dumps(decision.to_json(), ensure_ascii=False, indent=1))
        return 0
    print(_decision_text(rule_set, decision))
    return 0


_MARK = {"pass": "✓", "fail": "✗", "unknown": "?"}


def _shown_value(rule_set: RuleSet, value: object) -> str:
    if value is None:
        return "(trống / blank)"
    if isinstance(value, bool):
        return "Có / yes" if value else "Không / no"
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    named = isinstance(value, str) and (rule_set.document_type(value) or rule_set.scope(value))
    return named.label if named else str(value)


def _decision_text(rule_set: RuleSet, decision: Decision) -> str:
    outcome = rule_set.outcomes[decision.outcome]
    period = next((p for p in rule_set.law_periods if p.id == decision.law_period), None)
    lines = [
        f"Kết luận: {outcome.label}",
        f"Outcome: {outcome.label_en}",
        decision.explanation,
        decision.explanation_en,
        f"Bộ quy tắc / rule set: {rule_set.id} — {rule_set.title}",
        "Luật áp dụng / law in force: "
        + (f"{period.title} / {period.title_en}" if period else "chưa xác định / not determined"),
        "",
        "Các bước / trace:",
    ]
    for step in decision.trace:
        table = " (tra bảng / from the table)" if step.from_table else ""
        lines.append(
            f"  {_MARK[step.result]} ({step.criterion}) {step.title} | "
            f"giá trị / value: {_shown_value(rule_set, step.value)}{table} | "
            f"nguồn / source: {step.source}"
        )
        if step.note:
            check = "cần kiểm tra / to check: " if step.check_needed else ""
            lines.append(f"      {check}{step.note}")
    if decision.missing:
        lines += ["", "Còn thiếu / still needed:"]
        for fact_id in decision.missing:
            fact = rule_set.fact(fact_id)
            lines.append(f"  - {fact_id}: {fact.question} / {fact.question_en}")
    if decision.next_steps:
        lines += ["", "Bước tiếp theo / next steps:"]
        lines += [f"  - {step}" for step in decision.next_steps]
    return "\n".join(lines)


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
        if args.command == "eligibility":
            return _cmd_eligibility(args)
        if args.command == "plan":
            from kit.plans.cli import run

            return run(args)
        if args.command == "assess":
            from kit.assessment.commands import run as run_assess

            return run_assess(args)
        if args.command == "workshop":
            from kit.workshops.cli import run as run_workshop

            return run_workshop(args)
        if args.command == "trainer":
            from kit.workshops.passcode_cli import run as run_trainer

            return run_trainer(args)
        parser.print_help(sys.stderr)
        return 2
    except KitError as exc:
        print(f"{exc.vi}\n{exc.en}" if exc.en != exc.vi else exc.vi, file=sys.stderr)
        return exc.exit_code
    except BrokenPipeError:  # output piped into `head` and closed: not an error of ours
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
