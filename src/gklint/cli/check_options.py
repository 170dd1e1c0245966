"""The options of ``gklint check``, declared once.

The check command's argparse parser is built from this table (``gklint.cli.main``), and a
plain command line is read with it without argparse (``gklint.cli.plain_check``), so an
option added here is known to both. Kept free of imports: a plain ``gklint check`` reads it
at every start.
"""

from __future__ import annotations

# One row per option, in the order ``gklint check --help`` lists them:
# (option names, dest, metavar — the key of its help text; None for a switch, which argparse
# stores as True —, the values it accepts or None, its value when not given).
# ``--jobs`` is the one option whose value is converted: a whole number of at least 1.
CHECK_OPTIONS: tuple[tuple[tuple[str, ...], str, str | None, tuple[str, ...] | None, object], ...] = (
    (("--fix",), "fix", None, None, False),
    (("--diff",), "diff", None, None, False),
    (("--track-changes",), "track_changes", None, None, False),
    (("--annotate",), "annotate", None, None, False),
    (("--annotate-dir",), "annotate_dir", "DIR", None, None),
    (("--format",), "format", "FORMAT", None, "text"),
    (("-o", "--output"), "output", "FILE", None, None),
    (("--select",), "select", "CODES", None, None),
    (("--extend-select",), "extend_select", "CODES", None, None),
    (("--ignore",), "ignore", "CODES", None, None),
    (("--extend-ignore",), "extend_ignore", "CODES", None, None),
    (("--baseline",), "baseline", "FILE", None, None),
    (("--exclude",), "exclude", "PATTERNS", None, None),
    (("--extend-exclude",), "extend_exclude", "PATTERNS", None, None),
    (("--force-exclude",), "force_exclude", None, None, False),
    (("--no-skip",), "no_skip", None, None, False),
    (("--template",), "template", "TEMPLATE", None, None),
    (("--config",), "config", "FILE", None, None),
    (("--exit-zero",), "exit_zero", None, None, False),
    (("--fail-on",), "fail_on", "LEVEL", ("error", "warning", "info"), None),
    (("--stdin-filename",), "stdin_filename", "NAME", None, None),
    (("-j", "--jobs"), "jobs", "N", None, None),
    (("--no-cache",), "no_cache", None, None, False),
    (("--cache-dir",), "cache_dir", "DIR", None, None),
    (("--statistics",), "statistics", None, None, False),
    (("--lang",), "lang", "LANG", ("zh", "en"), None),
    (("--no-color",), "no_color", None, None, False),
    (("--no-progress",), "no_progress", None, None, False),
)
NUMBER_OPTION = "jobs"  # (its value: a whole number of at least 1)
