"""The command line: ``gklint check|rules|explain|dump|extract``, as ``../spec/cli.md`` defines it."""

from __future__ import annotations

import os
import sys

from gklint import __version__

from gklint.cli.errors import EXIT_ERROR, EXIT_OK, UsageError
from gklint.errors import BilingualError
from gklint.cli.texts import argparse_gettext, argparse_ngettext, help_text, language, say, set_language

TYPE_CHECKING = False  # (not typing's: importing typing costs some 2 ms of start-up, see benchmarks/run.py)
if TYPE_CHECKING:
    import argparse
    from collections.abc import Sequence

# (argparse is imported only to build a parser: a plain ``gklint check`` command line is read
# without it, by ``gklint.cli.plain_check``.)
COMMANDS = ("check", "rules", "explain", "dump", "extract", "server", "web", "clean")


def _choices(*names: str) -> str:
    """The end of an option's help listing its values, in the run's punctuation."""
    return ": " + ", ".join(names) if language() == "en" else "：" + "、".join(names)


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        import argparse

        raise argparse.ArgumentTypeError(say("jobs_positive", value=text))
    return value


def _help_width() -> int:
    """The width argparse's help is wrapped to: ``shutil.get_terminal_size().columns`` less
    two, as argparse works it out itself — but once, and without importing shutil (and with
    it bz2 and lzma), which argparse does again for every option it is given."""
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns
        except (AttributeError, ValueError, OSError):
            columns = 0
        columns = columns or 80
    return columns - 2


def _parser(command: str | None = None) -> argparse.ArgumentParser:
    """The command line's parser: for ``command``, the parser of that command alone, with its
    options; for None (``gklint --help``, ``--version``), every command, without options.
    A run parses one command's options, and building every command's cost about a
    millisecond of each start-up (``gklint check one.txt`` in benchmarks/run.py). Neither
    changes what argparse prints: the main parser's usage names no command."""
    from gklint.cli.parser_classes import Formatter, Parser

    width = _help_width()

    def formatter(prog: str) -> Formatter:
        return Formatter(prog, width=width)
    parser = Parser(prog="gklint", description=help_text("description"), epilog=help_text("epilog"),
                     formatter_class=formatter)
    parser.add_argument("--version", action="version", version=f"gklint {__version__}", help=help_text("version"))
    parser.add_argument("--lang", choices=("zh", "en"), metavar=help_text("LANG"), help=help_text("lang"))
    commands = parser.add_subparsers(dest="command", title=help_text("commands"), metavar=help_text("COMMAND"),
                                     parser_class=Parser)
    for name in COMMANDS if command is None else (command,):
        description, epilog, add_options = _COMMAND_PARSERS[name]
        command_parser = commands.add_parser(name, help=help_text(name), description=help_text(description),
                                             epilog=help_text(epilog) if epilog else None, formatter_class=formatter)
        if command is not None:
            add_options(command_parser)
    return parser


def _check_options(check: argparse.ArgumentParser) -> None:
    check.add_argument("paths", nargs="*", metavar=help_text("PATH"), help=help_text("paths"))
    from gklint.cli.check_options import CHECK_OPTIONS, NUMBER_OPTION

    for names, dest, metavar, choices, default in CHECK_OPTIONS:
        if metavar is None:
            check.add_argument(*names, action="store_true", help=help_text(dest))
            continue
        text = help_text(dest)
        if choices and dest != "lang":  # (--lang's values are named in its help text)
            text += "：" + "、".join(choices) if language() != "en" else ": " + ", ".join(choices[:-1]) + " or " + choices[-1]
        check.add_argument(*names, default=default, choices=choices, type=_positive_int if dest == NUMBER_OPTION else None,
                           metavar=help_text(metavar), help=text)


def _rules_options(rules: argparse.ArgumentParser) -> None:
    rules.add_argument("--format", choices=("text", "json"), default="text", metavar=help_text("FORMAT"),
                       help=help_text("rules_format") + _choices("text", "json"))
    rules.add_argument("--lang", choices=("zh", "en"), metavar=help_text("LANG"), help=help_text("lang"))


def _explain_options(explain: argparse.ArgumentParser) -> None:
    explain.add_argument("code", metavar=help_text("CODE"), help=help_text("code"))
    explain.add_argument("--lang", choices=("zh", "en"), metavar=help_text("LANG"), help=help_text("lang"))


def _dump_options(dump: argparse.ArgumentParser) -> None:
    dump.add_argument("file", metavar=help_text("FILE"), help=help_text("file"))
    dump.add_argument("--format", choices=("json", "text"), default="json", metavar=help_text("FORMAT"),
                      help=help_text("dump_format") + _choices("json", "text"))
    dump.add_argument("--template", default=None, metavar=help_text("TEMPLATE"), help=help_text("template"))
    dump.add_argument("--stdin-filename", metavar=help_text("NAME"), help=help_text("stdin_filename"))
    dump.add_argument("--lang", choices=("zh", "en"), metavar=help_text("LANG"), help=help_text("lang"))


def _extract_options(extract: argparse.ArgumentParser) -> None:
    extract.add_argument("paths", nargs="+", metavar=help_text("PATH"), help=help_text("extract_paths"))
    extract.add_argument("--format", choices=("csv", "jsonl", "xlsx"), default="csv", metavar=help_text("FORMAT"),
                         help=help_text("extract_format") + _choices("csv", "jsonl", "xlsx"))
    extract.add_argument("-o", "--output", metavar=help_text("FILE"), help=help_text("extract_output"))
    extract.add_argument("--template", metavar=help_text("TEMPLATE"), help=help_text("template"))
    extract.add_argument("--config", metavar=help_text("FILE"), help=help_text("config"))
    extract.add_argument("--exclude", metavar=help_text("PATTERNS"), help=help_text("exclude"))
    extract.add_argument("--extend-exclude", metavar=help_text("PATTERNS"), help=help_text("extend_exclude"))
    extract.add_argument("--force-exclude", action="store_true", help=help_text("force_exclude"))
    extract.add_argument("--no-skip", action="store_true", help=help_text("no_skip"))
    extract.add_argument("--no-progress", action="store_true", help=help_text("no_progress"))
    extract.add_argument("--lang", choices=("zh", "en"), metavar=help_text("LANG"), help=help_text("lang"))


def _server_options(server: argparse.ArgumentParser) -> None:
    server.add_argument("--lang", choices=("zh", "en"), metavar=help_text("LANG"), help=help_text("server_lang"))


def _web_options(web: argparse.ArgumentParser) -> None:
    web.add_argument("--host", default="127.0.0.1", metavar=help_text("HOST"), help=help_text("web_host"))
    web.add_argument("--port", type=_positive_int, default=8080, metavar=help_text("PORT"), help=help_text("web_port"))
    web.add_argument("--config", metavar=help_text("FILE"), help=help_text("config"))
    web.add_argument("--lang", choices=("zh", "en"), metavar=help_text("LANG"), help=help_text("lang"))


def _clean_options(clean: argparse.ArgumentParser) -> None:
    clean.add_argument("--cache-dir", metavar=help_text("DIR"), help=help_text("cache_dir"))
    clean.add_argument("--config", metavar=help_text("FILE"), help=help_text("config"))
    clean.add_argument("--lang", choices=("zh", "en"), metavar=help_text("LANG"), help=help_text("lang"))


# Each command's description and epilog (``help_text`` keys; its help is its name's) and the
# function that adds its options.
_COMMAND_PARSERS = {
    "check": ("check", "epilog", _check_options),
    "rules": ("rules", None, _rules_options),
    "explain": ("explain", None, _explain_options),
    "dump": ("dump", None, _dump_options),
    "extract": ("extract_description", None, _extract_options),
    "server": ("server_description", None, _server_options),
    "web": ("web", None, _web_options),
    "clean": ("clean", None, _clean_options),
}


def _parse(arguments: list[str], command: str | None) -> argparse.Namespace | int:
    """The options of ``arguments``, whose first word after the leading options is
    ``command``; an exit code when argparse has printed help, the version or an error.

    argparse words its usage, headings and errors through its module's ``_`` and
    ``ngettext`` (gettext): swapped for the run's language while the parser is built and used."""
    import argparse

    saved = argparse._, argparse.ngettext
    argparse._, argparse.ngettext = argparse_gettext, argparse_ngettext
    try:
        parser = _parser(command if command in COMMANDS else None)
        try:
            options = parser.parse_args(arguments)
        except SystemExit as exit_:
            return EXIT_ERROR if exit_.code not in (0, None) else EXIT_OK
        if options.command is None:
            parser.print_help()
            return EXIT_ERROR
        return options
    finally:
        argparse._, argparse.ngettext = saved


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    lang, found_config = _language(arguments)
    set_language(lang)
    # Options before the command (gklint --lang en check …) belong to the main parser.
    leading = 0
    while leading < len(arguments) and arguments[leading].startswith("--lang"):
        leading += 1 if "=" in arguments[leading] else 2
    first = arguments[leading] if leading < len(arguments) else None
    if first is not None and first not in COMMANDS and first not in ("-h", "--help", "--version"):
        if _looks_like_command(first):
            return _unknown_command(first)
        arguments.insert(leading, "check")
    options = None
    if leading == 0:
        from gklint.cli.plain_check import read_plain_check

        options = read_plain_check(arguments)
    if options is None:
        options = _parse(arguments, arguments[leading] if leading < len(arguments) else None)
    if isinstance(options, int):
        return options  # the exit code of --help, --version or a usage error
    options.found_config = found_config  # (``_config`` does not search for it again)
    try:
        if options.command == "rules":
            return _rules(options)
        if options.command == "explain":
            return _explain(options)
        if options.command == "dump":
            return _dump(options)
        if options.command == "extract":
            return _extract(options)
        if options.command == "server":
            return _server(options, arguments)
        if options.command == "web":
            return _web(options)
        if options.command == "clean":
            return _clean(options)
        return _check(options)
    except UsageError as error:
        print(say("error", message=error), file=sys.stderr)
        return EXIT_ERROR
    except BilingualError as error:  # e.g. a rule's settings found wrong when a report first needs them
        print(say("error", message=error.text(language())), file=sys.stderr)
        return EXIT_ERROR
    except BrokenPipeError:
        return EXIT_OK
    except OSError as error:  # e.g. no room left for a temporary file or for the output
        print(say("error", message=_system_error(error)), file=sys.stderr)
        return EXIT_ERROR


def command_line() -> int:
    """The ``gklint`` command itself (its console script, ``python -m gklint``): ``main`` over
    the process's arguments, in a process that ends when it returns.

    What the run made is then frozen out of the cycle collector (``gc.freeze``): the
    collections the interpreter runs as it exits would walk every object left only to free
    memory that the exit frees anyway — some 1.5 ms, a twentieth of ``gklint check one.txt``
    (benchmarks/run.py). (An object in a reference cycle is then not finalized: gklint closes
    its files, temporary databases and worker pools itself, before ``main`` returns.)
    """
    code = main()
    import gc

    gc.freeze()
    return code


def _system_error(error: OSError) -> str:
    from gklint.cli.texts import language
    from gklint.system_errors import describe

    where = say("system_error_where", filename=error.filename) if error.filename else ""
    return say("system_error", reason=describe(error, language()), where=where)


# What ``_language`` gives for the config file when it did not look for one.
NOT_SEARCHED = object()


def _language(arguments: list[str]) -> tuple[str, object]:
    """The run's language: ``--lang`` anywhere on the command line, else the config's
    ``lang``, else Chinese. Known before parsing: argparse's own messages speak it too.
    With it, the config file found in the current folder or above (None: there is none;
    ``NOT_SEARCHED`` when ``--lang`` or ``--config`` made the search needless), which
    ``_config`` then need not look for again (a dozen file-system calls, half a million
    instructions of ``gklint check one.txt``)."""
    for index, argument in enumerate(arguments):
        if argument == "--":
            break
        if argument == "--lang" and index + 1 < len(arguments):
            return arguments[index + 1], NOT_SEARCHED
        if argument.startswith("--lang="):
            return argument.partition("=")[2], NOT_SEARCHED
    searched = NOT_SEARCHED
    try:
        from gklint.config import find_config_path, load_config

        explicit = next((arguments[index + 1] for index, argument in enumerate(arguments[:-1]) if argument == "--config"), None)
        if explicit:
            found = explicit
        else:
            found = searched = find_config_path(os.getcwd())
        if found is None:
            return "zh", searched
        from pathlib import Path

        return load_config(Path(found)).lang, searched
    except Exception:  # a broken config is reported by the command, in Chinese
        return "zh", searched


def _looks_like_command(word: str) -> bool:
    """A first word that is neither an option, nor an existing path, nor shaped like a file
    name (``report.txt``, ``reports/``): a mistyped command, not a file to lint."""
    if word.startswith("-") or os.path.exists(word):
        return False
    return not any(character in word for character in "./\\")


def _unknown_command(word: str) -> int:
    import difflib

    close = difflib.get_close_matches(word, COMMANDS, n=1, cutoff=0.5)
    if close:
        message = say("unknown_command", word=word, suggestion=close[0])
    else:
        message = say("unknown_command_no_match", word=word, commands=(", " if language() == "en" else "、").join(COMMANDS))
    print(say("error", message=message), file=sys.stderr)
    return EXIT_ERROR


# ── configuration ────────────────────────────────────────────────────────────────────────
def _config(options, check_codes: bool = True):
    """The run's configuration: the config file's, then the command line's options. Every
    rule code is checked against the registered rules, unless ``check_codes`` is False (a
    run answered from its memo, whose settings were checked by the run that learnt it)."""
    from gklint.cli.texts import language
    from gklint.config import ConfigError, find_config_path, load_config, parse_codes

    known = None
    if check_codes:
        from gklint.registry import get_registry

        known = {code: entry.rule_class for code, entry in get_registry(language()).rules.items()}
    try:
        # pathlib only when there is a config file: importing it costs start-up time.
        if getattr(options, "config", None):
            found = options.config
        else:
            found = getattr(options, "found_config", NOT_SEARCHED)
            if found is NOT_SEARCHED:
                found = find_config_path(os.getcwd())
        if found is not None:
            from pathlib import Path

            found = Path(found)
        path = found
        options.config_file = str(found) if found is not None else None  # (the result cache lives beside it)
        if getattr(options, "config", None) and not path.is_file():
            raise UsageError(say("config_missing", path=options.config))
        config = load_config(path, known)
        if getattr(options, "select", None):
            config.select = parse_codes(options.select, "--select", known)
        if getattr(options, "extend_select", None):
            config.extend_select = config.extend_select + parse_codes(options.extend_select, "--extend-select", known)
        if getattr(options, "ignore", None):
            config.ignore = config.ignore + parse_codes(options.ignore, "--ignore", known)
        if getattr(options, "extend_ignore", None):
            config.ignore = config.ignore + parse_codes(options.extend_ignore, "--extend-ignore", known)
        if getattr(options, "exclude", None):
            config.exclude = _split(options.exclude)
        if getattr(options, "extend_exclude", None):
            config.extend_exclude = config.extend_exclude + _split(options.extend_exclude)
        if getattr(options, "template", None):
            config.template = options.template
        if getattr(options, "fail_on", None):
            config.fail_on = options.fail_on
    except ConfigError as error:
        raise UsageError(error.text(language())) from None
    config.lang = language()  # --lang wherever it stands (before the command too), else the config's
    return config


def _split(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


def _linter(config):
    from gklint.check.engine import Linter
    from gklint.formats.template import TemplateError

    try:
        return Linter(config)
    except TemplateError as error:
        raise UsageError(error.text(language())) from None


# ── check ────────────────────────────────────────────────────────────────────────────────
def _check(options) -> int:
    from gklint.cli.plan import RunPlan
    from gklint.cli.runner import run_check

    plan = _memo_plan(options)
    if plan is None:
        fresh_registry = _registry_built() is None
        config = _config(options)
        config.skip_non_reports = not options.no_skip
    if options.stdin_filename and options.paths and "-" not in options.paths:
        raise UsageError(say("stdin_filename_with_paths", paths=" ".join(options.paths)))
    if not options.paths and options.stdin_filename:
        options.paths = ["-"]  # editors pass the buffer on stdin and its name
    if not options.paths:
        raise UsageError(say("no_paths"))
    if options.fix and options.diff:
        raise UsageError(say("fix_and_diff"))
    _check_word_options(options)
    if plan is None:
        linter = _linter(config)
        plan = RunPlan.of_linter(linter)
        # What this run learns from the plugins is kept for the next (``RunMemo``) — unless
        # this process had its registry already (a test or a server may have changed it).
        options.learn_memo = fresh_registry
        if options.format not in linter.registry.reporters:
            known = ", ".join(sorted(linter.registry.reporters))
            raise UsageError(say("unknown_format", name=options.format, known=known))
    if options.statistics and options.format not in ("text", "json"):
        raise UsageError(say("statistics_format", name=options.format))
    if options.baseline:
        from gklint.report.baseline import BaselineError, load_baseline

        try:
            options.baseline_decisions = load_baseline(options.baseline)
        except BaselineError as error:
            raise UsageError(error.text(language())) from None
    if getattr(plan.reporter_class(options.format), "binary", False) and not options.output:
        raise UsageError(say("binary_needs_output", name=options.format))
    color = not options.no_color and not options.output and sys.stdout.isatty() and "NO_COLOR" not in os.environ
    return _with_output(options, lambda stream: run_check(plan, options, stream, color))


def _memo_plan(options):
    """The plan of a ``check`` run answered from its memo in the result cache folder
    (``gklint.cli.plan``): no plugin, rule or template is loaded until a file needs linting.
    None for a run that keeps no cache, writes files, reads stdin or annotates, when no
    valid memo matches its settings, and in a process whose registry is built already."""
    from gklint.cli.runner import cache_folder, uses_cache

    if (not uses_cache(options, "fix" if options.fix else "diff" if options.diff else "check")
            or options.stdin_filename or not options.paths or "-" in options.paths
            or options.annotate or options.annotate_dir or options.track_changes or options.baseline
            or _registry_built() is not None):
        return None
    from gklint.cli.cache import read_memo
    from gklint.cli.plan import RunPlan

    try:
        config = _config(options, check_codes=False)
    except UsageError:
        return None  # said by the run without its memo, in its order
    config.skip_non_reports = not options.no_skip
    memo = read_memo(cache_folder(options), config, options.format)
    if memo is None or memo.reporter is None:
        return None
    return RunPlan.of_memo(config, memo)


def _registry_built():
    """This process's registry, if it has been built (without importing the registry)."""
    registry = sys.modules.get("gklint.registry")
    return registry.built_registry() if registry is not None else None


def _with_output(options, run) -> int:
    """``run(stream)`` with the stream the output goes to: stdout, or with ``-o FILE`` a
    temporary file that replaces FILE once the run is done (refused before anything is
    opened when FILE is one of the inputs or cannot be written)."""
    if not options.output:
        if hasattr(sys.stdout, "reconfigure"):
            try:
                sys.stdout.reconfigure(encoding="utf-8")
            except (ValueError, OSError):
                pass
        return run(sys.stdout)
    from gklint.cli.output import AtomicOutput, linted_file

    # Refused before anything is opened for writing: the file named is never touched.
    linted = linted_file(options.output, options.paths)
    if linted is not None:
        raise UsageError(say("output_is_input", output=options.output, path=linted))
    if os.path.isdir(options.output):
        raise UsageError(say("output_unwritable", output=options.output, reason=_reason(IsADirectoryError(21, ""))))
    try:
        output = AtomicOutput(options.output)
    except OSError as error:
        raise UsageError(say("output_unwritable", output=options.output, reason=_reason(error))) from None
    try:
        code = run(output.stream)
    except BaseException:
        output.discard()
        raise
    try:
        output.commit()
    except OSError as error:
        output.discard()
        raise UsageError(say("output_unwritable", output=options.output, reason=_reason(error))) from None
    return code


def _check_word_options(options) -> None:
    """``--annotate-dir`` implies ``--annotate``; ``--track-changes`` needs ``--fix``; the
    folder of the annotated copies is made now, before any file is linted."""
    if options.annotate_dir:
        options.annotate = True
    if options.track_changes and not options.fix:
        raise UsageError(say("track_changes_without_fix"))
    if options.annotate and options.diff:
        raise UsageError(say("annotate_and_diff"))
    if options.annotate and "-" in options.paths:
        raise UsageError(say("annotate_stdin"))
    if options.annotate_dir:
        try:
            os.makedirs(options.annotate_dir, exist_ok=True)
        except OSError as error:
            raise UsageError(say("annotate_dir_unusable", folder=options.annotate_dir, reason=_reason(error))) from None


def _reason(error: OSError) -> str:
    from gklint.cli.texts import language
    from gklint.system_errors import describe

    return describe(error, language())


# ── clean ────────────────────────────────────────────────────────────────────────────────
def _clean(options) -> int:
    """``gklint clean``: remove the result cache folder (``gklint.cli.cache``)."""
    from gklint.cli.cache import NotACacheError, clean, default_folder
    from gklint.config import find_config_path

    if options.cache_dir:
        folder = options.cache_dir
    else:
        if options.config and not os.path.isfile(options.config):
            raise UsageError(say("config_missing", path=options.config))
        folder = default_folder(options.config or find_config_path(os.getcwd()))
    try:
        removed = clean(folder)
    except NotACacheError:
        raise UsageError(say("not_a_cache", folder=folder)) from None
    print(f"gklint: {say('cache_cleaned' if removed else 'cache_absent', folder=folder)}", file=sys.stderr)
    return EXIT_OK


# ── rules, explain, dump ─────────────────────────────────────────────────────────────────
def _rules(options) -> int:
    from gklint.registry import get_registry

    registry = get_registry(language())
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
            "plugin": entry.provider.name,  # the distribution, not the module: what to install or upgrade
            "plugin_version": entry.provider.version,
        })
    if options.format == "json":
        import json

        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return EXIT_OK
    for row in rows:
        fixable = "fixable" if row["fixable"] else "-"
        plugin = f"{row['plugin']} {row['plugin_version']}".rstrip()
        summary = row["summary_en"] if language() == "en" else row["summary"]
        print(f"{row['code']}  {row['name']:<26} {row['severity']:<8} {fixable:<8} {plugin:<24} {summary}")
    return EXIT_OK


def _explain(options) -> int:
    from gklint.explain import rule_explanation
    from gklint.registry import get_registry

    code = options.code.strip().upper()
    explanation = rule_explanation(get_registry(language()), code)
    if explanation is None:
        raise UsageError(say("unknown_rule", code=options.code))
    print(explanation, end="")
    return EXIT_OK


def _dump(options) -> int:
    from gklint.parse.dump import document_outline, document_to_dict
    from gklint.read.errors import LoadError

    config = _config(options)
    linter = _linter(config)
    name = options.stdin_filename or options.file
    try:
        data = sys.stdin.buffer.read() if options.file == "-" else _read_bytes(options.file)
    except OSError as error:
        raise UsageError(say("cannot_read", path=options.file, reason=_reason(error))) from None
    try:
        raw, _ = linter.load(name, data)
    except LoadError as error:
        raise UsageError(f"{name}: {error.text(config.lang)}") from None
    document = linter.build(raw)
    if hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(encoding="utf-8")
    if options.format == "text":
        print(document_outline(document))
    else:
        import json

        print(json.dumps(document_to_dict(document), ensure_ascii=False, indent=2))
    return EXIT_OK


def _web(options) -> int:
    """``gklint web``: the configuration found as ``check`` finds it, from the folder the
    server starts in, for every request."""
    from gklint.web.serve import missing_module

    module = missing_module()
    if module is not None:
        from gklint.web.texts import text

        raise UsageError(text("missing_extra", language(), module=module))
    from gklint.config import ConfigError
    from gklint.read.libreoffice import find_soffice
    from gklint.web.limits import web_limits
    from gklint.web.serve import serve

    config = _config(options)
    config.skip_non_reports = True
    linter = _linter(config)  # a broken template is an error now, not in each worker
    try:
        limits = web_limits(config.web, f"{config.path}: [web]" if config.path else "[web]")
    except ConfigError as error:
        raise UsageError(error.text(language())) from None
    serve(config, options.host, options.port, limits, tuple(linter.registry.suffixes), find_soffice() is not None)
    return EXIT_OK


# ── extract ──────────────────────────────────────────────────────────────────────────────
def _extract(options) -> int:
    from gklint.cli.extract import run_extract
    from gklint.extract.writers import WRITERS

    config = _config(options)
    config.skip_non_reports = not options.no_skip
    linter = _linter(config)
    if WRITERS[options.format].binary and not options.output:
        raise UsageError(say("binary_needs_output", name=options.format))
    return _with_output(options, lambda stream: run_extract(linter, options, stream))
def _server(options, arguments: list[str]) -> int:
    from gklint.server import missing_modules, serve

    missing = missing_modules()
    if missing:
        raise UsageError(say("server_needs_lsp", modules=", ".join(missing)))
    # --lang on the command line is over every workspace folder's config; without it each
    # folder's config says (not the config of the folder the editor started the server in).
    explicit = any(argument == "--lang" or argument.startswith("--lang=") for argument in arguments)
    serve(language() if explicit else None)
    return EXIT_OK


def _read_bytes(path: str) -> bytes:
    from pathlib import Path

    return Path(path).read_bytes()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
