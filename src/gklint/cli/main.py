"""The command line: ``gklint check|rules|explain|dump``, as ``../spec/cli.md`` defines it."""

from __future__ import annotations

import argparse
import os
import sys
from typing import Sequence

from gklint import __version__

COMMANDS = ("check", "rules", "explain", "dump")
from gklint.cli.errors import EXIT_ERROR, EXIT_OK, UsageError


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="gklint",
        description="政府信息公开工作年度报告检查工具 — a linter for government information disclosure annual reports",
    )
    parser.add_argument("--version", action="version", version=f"gklint {__version__}")
    commands = parser.add_subparsers(dest="command")

    check = commands.add_parser("check", help="检查报告文件 (lint files)")
    check.add_argument("paths", nargs="*", metavar="PATH", help="files or folders; - for stdin")
    check.add_argument("--fix", action="store_true", help="apply safe fixes in place, then report what remains")
    check.add_argument("--diff", action="store_true", help="print safe fixes as a unified diff; change no file")
    check.add_argument("--format", default="text", help="text, json, sarif, github (default: text)")
    check.add_argument("-o", "--output", help="write the report to FILE")
    check.add_argument("--select", help="comma-separated codes or prefixes")
    check.add_argument("--ignore", help="comma-separated codes or prefixes")
    check.add_argument("--template", help="auto, 2019, 2021 or a local variant's id")
    check.add_argument("--config", help="explicit config file")
    check.add_argument("--exit-zero", action="store_true", help="exit 0 even when there are findings")
    check.add_argument("--fail-on", choices=("error", "warning", "info"), help="lowest severity that fails the run")
    check.add_argument("--stdin-filename", help="read stdin (path -) and report it under this name")
    check.add_argument("-j", "--jobs", type=int, help="worker processes (default: CPUs for many files)")
    check.add_argument("--statistics", action="store_true", help="count findings per rule")
    check.add_argument("--lang", choices=("zh", "en"), help="message language (default zh)")
    check.add_argument("--no-color", action="store_true", help="plain text output")

    rules = commands.add_parser("rules", help="列出全部规则 (list rules)")
    rules.add_argument("--format", choices=("text", "json"), default="text")

    explain = commands.add_parser("explain", help="规则的完整说明 (show a rule's documentation)")
    explain.add_argument("code")

    dump = commands.add_parser("dump", help="显示解析后的报告结构 (show the parsed tree)")
    dump.add_argument("file")
    dump.add_argument("--format", choices=("json", "text"), default="json")
    dump.add_argument("--template", default=None)
    dump.add_argument("--stdin-filename")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    if arguments and arguments[0] not in COMMANDS and arguments[0] not in ("-h", "--help", "--version"):
        arguments.insert(0, "check")
    parser = _parser()
    try:
        options = parser.parse_args(arguments)
    except SystemExit as exit_:
        return EXIT_ERROR if exit_.code not in (0, None) else EXIT_OK
    if options.command is None:
        parser.print_help()
        return EXIT_ERROR
    try:
        if options.command == "rules":
            return _rules(options)
        if options.command == "explain":
            return _explain(options)
        if options.command == "dump":
            return _dump(options)
        return _check(options)
    except UsageError as error:
        print(f"gklint: 错误：{error}", file=sys.stderr)
        return EXIT_ERROR
    except BrokenPipeError:
        return EXIT_OK
    except OSError as error:  # e.g. no room left for a temporary file or for the output
        print(f"gklint: 错误：系统错误（{error.strerror or error}）{f'：{error.filename}' if error.filename else ''}", file=sys.stderr)
        return EXIT_ERROR


# ── configuration ────────────────────────────────────────────────────────────────────────
def _config(options):
    from gklint.config import ConfigError, find_config_path, load_config, parse_codes

    try:
        # pathlib only when there is a config file: importing it costs start-up time.
        found = options.config if getattr(options, "config", None) else find_config_path(os.getcwd())
        if found is not None:
            from pathlib import Path

            found = Path(found)
        path = found
        if getattr(options, "config", None) and not path.is_file():
            raise ConfigError(f"配置文件不存在：{options.config}")
        config = load_config(path)
        if getattr(options, "select", None):
            config.select = parse_codes(options.select, "--select")
        if getattr(options, "ignore", None):
            config.ignore = config.ignore + parse_codes(options.ignore, "--ignore")
        if getattr(options, "template", None):
            config.template = options.template
        if getattr(options, "lang", None):
            config.lang = options.lang
        if getattr(options, "fail_on", None):
            config.fail_on = options.fail_on
    except ConfigError as error:
        raise UsageError(str(error)) from None
    return config


def _linter(config):
    from gklint.check.engine import Linter
    from gklint.formats.template import TemplateError

    try:
        return Linter(config)
    except TemplateError as error:
        raise UsageError(str(error)) from None


# ── check ────────────────────────────────────────────────────────────────────────────────
def _check(options) -> int:
    from gklint.cli.runner import run_check

    config = _config(options)
    if not options.paths and options.stdin_filename:
        options.paths = ["-"]  # editors pass the buffer on stdin and its name
    if not options.paths:
        raise UsageError("请指定要检查的文件或文件夹（或用 - 表示标准输入）")
    if options.fix and options.diff:
        raise UsageError("--fix 和 --diff 不能同时使用")
    if options.jobs is not None and options.jobs < 1:
        raise UsageError("-j/--jobs 应为正整数")
    linter = _linter(config)
    if options.format not in linter.registry.reporters:
        known = "、".join(sorted(linter.registry.reporters))
        raise UsageError(f"未知的输出格式 {options.format!r}（可用：{known}）")
    stream = sys.stdout
    handle = None
    if options.output:
        try:
            handle = open(options.output, "w", encoding="utf-8", newline="\n")
        except OSError as error:
            raise UsageError(f"无法写入输出文件 {options.output}：{error.strerror}") from None
        stream = handle
    elif hasattr(sys.stdout, "reconfigure"):
        try:
            sys.stdout.reconfigure(encoding="utf-8")
        except (ValueError, OSError):
            pass
    color = not options.no_color and not options.output and sys.stdout.isatty() and "NO_COLOR" not in os.environ
    try:
        return run_check(linter, options, stream, color)
    finally:
        if handle is not None:
            handle.close()


# ── rules, explain, dump ─────────────────────────────────────────────────────────────────
def _rules(options) -> int:
    from gklint.registry import get_registry

    registry = get_registry()
    rows = []
    for code, entry in registry.rules.items():
        rule = entry.rule_class
        rows.append({
            "code": code,
            "name": rule.name,
            "family": code[:3],
            "severity": rule.severity,
            "fixable": rule.fixable,
            "summary": rule.summary,
            "summary_en": rule.summary_en,
            "plugin": entry.plugin,
        })
    if options.format == "json":
        import json

        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return EXIT_OK
    for row in rows:
        fixable = "fixable" if row["fixable"] else "-"
        print(f"{row['code']}  {row['name']:<26} {row['severity']:<8} {fixable:<8} {row['plugin']:<24} {row['summary']}")
    return EXIT_OK


def _explain(options) -> int:
    from gklint.registry import get_registry
    from gklint.formats.template import load_templates

    registry = get_registry()
    code = options.code.strip().upper()
    entry = registry.rules.get(code)
    if entry is None:
        raise UsageError(f"未知的规则代码 {options.code!r}（用 gklint rules 查看全部规则）")
    rule = entry.rule_class
    print(f"{code} {rule.name}")
    print(f"严重级别 severity: {rule.severity}    可修复 fixable: {'是 yes' if rule.fixable else '否 no'}    插件 plugin: {entry.plugin}")
    print(f"{rule.summary}（{rule.summary_en}）")
    print()
    # The docstring's first paragraph is the English summary, printed just above.
    documentation = rule.documentation()
    body = documentation.split("\n\n", 1)[1] if "\n\n" in documentation else ""
    if body:
        print(body)
    settings = load_templates([*registry.template_files]).settings(code)
    for line in _options_lines(rule, settings):
        print(line)
    return EXIT_OK


def _options_lines(rule, settings: dict) -> list[str]:
    """``gklint explain``'s list of the rule's options: name, type, default (``rules.toml``'s
    value where it gives one), description; then any setting no option declares."""
    import json

    def shown(value) -> str:
        return json.dumps(value, ensure_ascii=False)

    lines: list[str] = []
    if rule.options:
        lines += ["", "选项 options:"]
        for option in rule.options:
            if option.name in settings:
                default = f"{shown(settings[option.name])}（rules.toml）"
            elif option.has_default:
                default = shown(option.default)
            else:
                default = "（无默认值 no default）"
            lines.append(f"  {option.name} ({option.type}) = {default}")
            description = option.description + (f" — {option.description_en}" if option.description_en else "")
            lines.append(f"      {description}")
    declared = {option.name for option in rule.options}
    undeclared = {key: value for key, value in settings.items() if key not in declared}
    if undeclared:
        lines += ["", "未声明的设置 undeclared settings（rules.toml）："]
        lines += [f"  {key} = {shown(value)}" for key, value in undeclared.items()]
    return lines


def _dump(options) -> int:
    from gklint.parse.dump import document_outline, document_to_dict
    from gklint.read.errors import LoadError

    config = _config(options)
    linter = _linter(config)
    name = options.stdin_filename or options.file
    try:
        data = sys.stdin.buffer.read() if options.file == "-" else _read_bytes(options.file)
    except OSError as error:
        raise UsageError(f"无法读取 {options.file}：{error.strerror}") from None
    try:
        raw, _ = linter.load(name, data)
    except LoadError as error:
        raise UsageError(f"{name}: {error.message}") from None
    document = linter.build(raw)
    if hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(encoding="utf-8")
    if options.format == "text":
        print(document_outline(document))
    else:
        import json

        print(json.dumps(document_to_dict(document), ensure_ascii=False, indent=2))
    return EXIT_OK


def _read_bytes(path: str) -> bytes:
    from pathlib import Path

    return Path(path).read_bytes()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
