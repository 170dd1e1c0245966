"""Rule cases: test a rule as a table of cases, as gklint tests its own rules.

A case starts from a base report (``clean-2021`` or ``clean-2019``, realistic reports of a
fictional agency that give no finding at all, shipped with gklint), makes a few edits to it,
lints it through the same engine and plugin registry the command line uses, and compares:

* the findings of the compared codes — exactly these, no others (code, line or the text the
  line holds, and optionally the column, the exact message or fragments of it, the severity,
  the source text the finding covers, the lines of its related places);
* the text after ``--fix`` (the base report again, the case's text unchanged, the case's text
  with further edits, or a literal text).

Cases live in TOML files, one per rule code by convention (``tests/rules/cases/GK201.toml``)::

    [defaults]                     # merged into every case of the file
    base = "clean-2021"
    select = ["GK203", "GK101"]    # the rules that run (codes or prefixes, as --select)

    [[case]]
    name = "a near-miss heading; its fix keeps the numbering"
    edits = [{ replace = "二、主动公开政府信息情况\\n", with = "二、主动公开政府信息清况\\n" }]
    findings = [
      { code = "GK203", at = "二、主动公开政府信息清况", column = 3,
        message = "章节标题「主动公开政府信息清况」与规范文本不符，应为「主动公开政府信息情况」" },
    ]
    fix = { expect = "base" }

A case's keys:

``name``
    what the case shows (unique in its file; the pytest id).
``base`` | ``base_file`` | ``text``
    the report to start from: a shipped base report by name (:data:`BASE_REPORTS`), a file
    relative to the case file, or the report's text itself.
``edits``
    changes made to it, in order: ``{ replace = "A", with = "B" }`` (``A`` must occur exactly
    once, or give ``occurrence = n`` for the n-th, 1-based), ``{ delete_line = "A" }`` (the one
    line holding ``A``, with its line break), ``{ insert_after = "A", text = "B" }`` (after the
    line holding ``A``; ``B`` is one or more whole lines), ``{ cut = "A", until = "B" }`` (from
    ``A`` up to, not including, ``B``; to the end of the text without ``until``; with
    ``with = "C"``, ``C`` takes its place).
``path``, ``encoding``
    the file name the report is linted as (its suffix chooses the loader; default
    ``report.txt``) and the encoding its bytes are written in (default ``utf-8``).
``select``, ``ignore``, ``template``, ``templates``, ``lang``, ``severity``, ``options``
    the settings of the run, as in ``gklint.toml``: ``templates`` are files relative to the
    case file, ``options`` is a table of rule options by code (``[rules.CODE]`` there).
``codes``
    the codes (or prefixes) whose findings are compared; default: ``select``, or all.
``findings``
    the findings expected, each ``{ code, line | at, column, message | contains, severity,
    covers, related }``; ``at`` is a text whose first occurrence (in the edited report; the n-th
    with ``occurrence = n``) is on the finding's line, ``contains`` a fragment or a list of
    fragments of the message, ``covers`` the source text the finding spans, ``related`` a list of
    texts, each on the line of one of the finding's related places, in order (``[]``: none). No
    ``findings``: none expected.
``fix``
    ``{ expect = "base" | "unchanged" }``, or ``{ edits = [...] }`` (the case's text with these
    edits), or ``{ text = "..." }``; optionally ``applied`` and ``skipped`` (fix counts) and
    ``error`` (a fragment of the reason fixing stopped; without it fixing must not stop).

In a test module::

    from gklint.testing import case_files, run_case

    @pytest.mark.parametrize("case", case_files(Path(__file__).parent / "cases"))
    def test_rule_case(case):
        run_case(case)

A plugin under test that is not installed is passed in: ``case_files(folder, plugins=(my_plugin,))``.
The registry holds the built-in plugins and those given, built as the command line builds its
own, but without the installed plugins, so that a case means the same on every machine.
"""

from __future__ import annotations

import functools
import os
from typing import TYPE_CHECKING, Any, Iterable

if TYPE_CHECKING:
    from gklint.check.engine import Linter
    from gklint.check.finding import Finding
    from gklint.check.result import LintResult
    from gklint.registry import Registry

__all__ = ["BASE_REPORTS", "Case", "CaseError", "base_report", "load_cases", "case_files", "lint_case", "run_case"]

_REPORTS_FOLDER = os.path.join(os.path.dirname(os.path.abspath(__file__)), "testing_reports")
BASE_REPORTS = ("clean-2021", "clean-2019")

_CASE_KEYS = {
    "name", "base", "base_file", "text", "edits", "path", "encoding", "select", "ignore", "codes", "template",
    "templates", "lang", "severity", "options", "findings", "fix",
}
_FINDING_KEYS = {"code", "line", "at", "occurrence", "column", "message", "contains", "severity", "covers", "related"}
_FIX_KEYS = {"expect", "edits", "text", "applied", "skipped", "error"}
_SOURCE_KEYS = ("base", "base_file", "text")
_EDIT_KINDS = ("replace", "delete_line", "insert_after", "cut")


class CaseError(Exception):
    """A case file that cannot be read as cases: the message names the file, case and key."""


def base_report(name: str) -> str:
    """The text of a shipped base report (``clean-2021``: the 2021 format, ``clean-2019``: the
    2019 format); each gives no finding at all."""
    if name not in BASE_REPORTS:
        raise CaseError(f"unknown base report {name!r} (known: {', '.join(BASE_REPORTS)})")
    with open(os.path.join(_REPORTS_FOLDER, f"{name}.txt"), encoding="utf-8") as handle:
        return handle.read()


class Case:
    """One rule case read from a case file; :func:`run_case` runs it."""

    def __init__(self, file: str, spec: dict[str, Any], plugins: tuple[Any, ...] = ()) -> None:
        self.file = file
        self.name: str = spec["name"]
        self.spec = spec
        self.plugins = plugins

    @property
    def id(self) -> str:
        """``GK201.toml::the case's name``, as pytest shows it."""
        return f"{os.path.basename(self.file)}::{self.name}"

    def __repr__(self) -> str:
        return f"<Case {self.id}>"

    # ── the report ─────────────────────────────────────────────────────────────────────
    def base_text(self) -> str:
        """The report the case starts from, before its edits."""
        spec = self.spec
        if "text" in spec:
            return spec["text"]
        if "base_file" in spec:
            with open(self._relative(spec["base_file"]), encoding="utf-8") as handle:
                return handle.read()
        return base_report(spec["base"])

    def text(self) -> str:
        """The report this case lints: the base with the case's edits."""
        return apply_edits(self.base_text(), self.spec.get("edits", []), self)

    @property
    def path(self) -> str:
        """The file name the report is linted as (its suffix chooses the loader)."""
        return self.spec.get("path", "report.txt")

    @property
    def encoding(self) -> str:
        """The encoding the report's bytes are written in."""
        return self.spec.get("encoding", "utf-8")

    def _relative(self, path: str) -> str:
        return os.path.normpath(os.path.join(os.path.dirname(self.file), path))

    # ── the run ────────────────────────────────────────────────────────────────────────
    def linter(self) -> Linter:
        """A linter with the case's settings; its rule options are checked against the options
        the rules declare, as a user's configuration is."""
        from gklint.check.engine import Linter
        from gklint.config import Config

        spec = self.spec
        registry = _registry(self.plugins)
        problems = []
        for code, values in spec.get("options", {}).items():
            entry = registry.rules.get(code)
            if entry is None:
                problems.append(f"options.{code}: no rule {code} is registered")
                continue
            problems.extend(f"options.{code}: {error.message}" for error in entry.rule_class.validate_options(values))
        if problems:
            raise AssertionError(f"case {self.id}\n" + "\n".join(problems))
        config = Config(
            select=spec.get("select"),
            ignore=spec.get("ignore"),
            template=spec.get("template", "auto"),
            extra_templates=[self._relative(path) for path in spec.get("templates", [])],
            lang=spec.get("lang", "zh"),
            severity=spec.get("severity"),
            rule_options=spec.get("options"),
        )
        return Linter(config, registry=registry)

    def compared(self, finding: Finding) -> bool:
        """Whether ``finding`` is one the case compares (its ``codes``, else its ``select``)."""
        prefixes = self.spec.get("codes", self.spec.get("select"))
        return prefixes is None or any(finding.code.startswith(prefix) for prefix in prefixes)


@functools.lru_cache(maxsize=None)
def _registry(plugins: tuple[Any, ...]) -> Registry:
    # One registry per set of plugins: building one imports every plugin's hooks.
    from gklint.registry import build_registry

    registry = build_registry(load_entry_points=False, extra_plugins=plugins)
    if registry.errors:
        raise AssertionError("the plugins did not register cleanly:\n" + "\n".join(registry.errors))
    return registry


# ── reading case files ─────────────────────────────────────────────────────────────────
def load_cases(path: str | os.PathLike[str], plugins: Iterable[Any] = ()) -> list[Case]:
    """The cases of one TOML case file, or of every ``*.toml`` file in a folder (by name)."""
    path = os.fspath(path)
    if os.path.isdir(path):
        files = sorted(os.path.join(path, name) for name in os.listdir(path) if name.endswith(".toml"))
        return [case for file in files for case in load_cases(file, plugins)]
    try:
        with open(path, "rb") as handle:
            document = _toml().load(handle)
    except ValueError as error:  # tomllib.TOMLDecodeError
        raise CaseError(f"{path}: not valid TOML: {error}") from None
    unknown = set(document) - {"defaults", "case"}
    if unknown:
        raise CaseError(f"{path}: unknown top-level key {sorted(unknown)[0]!r} (allowed: defaults, case)")
    defaults = document.get("defaults", {})
    cases: list[Case] = []
    names: set[str] = set()
    for number, body in enumerate(document.get("case", []), start=1):
        inherited = defaults
        if any(key in body for key in _SOURCE_KEYS):  # the case's own report replaces the default one
            inherited = {key: value for key, value in defaults.items() if key not in _SOURCE_KEYS}
        spec = {**inherited, **body}
        where = f"{path}: case {number} ({spec.get('name', 'without a name')})"
        _check_spec(spec, where)
        if spec["name"] in names:
            raise CaseError(f"{where}: the name is used twice in the file")
        names.add(spec["name"])
        cases.append(Case(path, spec, tuple(plugins)))
    if not cases:
        raise CaseError(f"{path}: no [[case]]")
    return cases


def _toml():
    try:
        import tomllib
    except ModuleNotFoundError:  # Python < 3.11
        import tomli as tomllib
    return tomllib


def case_files(*paths: str | os.PathLike[str], plugins: Iterable[Any] = ()) -> list[Any]:
    """The cases of these files or folders as ``pytest.param`` objects, for
    ``@pytest.mark.parametrize("case", case_files(...))``; each is named ``FILE::name``."""
    import pytest

    plugins = tuple(plugins)
    return [pytest.param(case, id=case.id) for path in paths for case in load_cases(path, plugins)]


def _check_spec(spec: dict[str, Any], where: str) -> None:
    unknown = set(spec) - _CASE_KEYS
    if unknown:
        raise CaseError(f"{where}: unknown key {sorted(unknown)[0]!r}")
    if not isinstance(spec.get("name"), str) or not spec["name"]:
        raise CaseError(f"{where}: every case needs a name")
    sources = [key for key in _SOURCE_KEYS if key in spec]
    if len(sources) != 1:
        raise CaseError(f"{where}: give exactly one of base, base_file, text (got {sources or 'none'})")
    for number, edit in enumerate([*spec.get("edits", []), *spec.get("fix", {}).get("edits", [])], start=1):
        kinds = [kind for kind in _EDIT_KINDS if kind in edit]
        if len(kinds) != 1:
            raise CaseError(f"{where}: edit {number} needs exactly one of {', '.join(_EDIT_KINDS)}")
    for finding in spec.get("findings", []):
        unknown = set(finding) - _FINDING_KEYS
        if unknown:
            raise CaseError(f"{where}: unknown key {sorted(unknown)[0]!r} in a finding")
        if "code" not in finding or ("line" in finding) == ("at" in finding):
            raise CaseError(f"{where}: a finding needs a code and one of line, at")
    fix = spec.get("fix")
    if fix is not None:
        unknown = set(fix) - _FIX_KEYS
        if unknown:
            raise CaseError(f"{where}: unknown key {sorted(unknown)[0]!r} in fix")
        wanted = [key for key in ("expect", "edits", "text") if key in fix]
        if len(wanted) != 1 or fix.get("expect", "base") not in ("base", "unchanged"):
            raise CaseError(f'{where}: fix needs exactly one of expect = "base" | "unchanged", edits, text')


# ── edits ──────────────────────────────────────────────────────────────────────────────
def apply_edits(text: str, edits: Iterable[dict[str, Any]], case: Case | None = None) -> str:
    """``text`` with ``edits`` (the case file's edit tables) made in order; an edit whose
    anchor text is missing or ambiguous fails the case."""
    for edit in edits:
        text = _apply_edit(text, edit, case)
    return text


def _apply_edit(text: str, edit: dict[str, Any], case: Case | None) -> str:
    where = f"{case.id}: " if case else ""
    if "replace" in edit:
        old, new = edit["replace"], edit["with"]
        start = _find(text, old, edit.get("occurrence"), where)
        return text[:start] + new + text[start + len(old):]
    if "delete_line" in edit:
        start, end = _line_around(text, _find(text, edit["delete_line"], None, where, whole_lines=True))
        return text[:start] + text[end:]
    if "insert_after" in edit:
        _, end = _line_around(text, _find(text, edit["insert_after"], edit.get("occurrence"), where))
        added = edit["text"] if edit["text"].endswith("\n") else edit["text"] + "\n"
        if end and not text[:end].endswith("\n"):  # the anchor is on the last line, without a break
            added = "\n" + added.rstrip("\n")
        return text[:end] + added + text[end:]
    start = _find(text, edit["cut"], edit.get("occurrence"), where)
    end = len(text) if "until" not in edit else text.find(edit["until"], start)
    if end < 0:
        raise AssertionError(f"{where}cut: {edit['until']!r} does not follow {edit['cut']!r}")
    return text[:start] + edit.get("with", "") + text[end:]


def _find(text: str, needle: str, occurrence: int | None, where: str, whole_lines: bool = False) -> int:
    if not needle:
        raise AssertionError(f"{where}an edit's anchor text is empty")
    count = text.count(needle) if not whole_lines else sum(needle in line for line in text.splitlines())
    if occurrence is None:
        if count != 1:
            raise AssertionError(f"{where}expected exactly one {needle!r} in the report, found {count}"
                                 + (" (give occurrence = n)" if count else ""))
        return text.index(needle)
    if not 1 <= occurrence <= text.count(needle):
        raise AssertionError(f"{where}no occurrence {occurrence} of {needle!r} (found {text.count(needle)})")
    start = -1
    for _ in range(occurrence):
        start = text.index(needle, start + 1)
    return start


def _line_around(text: str, offset: int) -> tuple[int, int]:
    """The start and end (after its line break) of the line holding ``offset``."""
    start = text.rfind("\n", 0, offset) + 1
    end = text.find("\n", offset)
    return start, len(text) if end < 0 else end + 1


def line_of(text: str, needle: str, occurrence: int = 1) -> int:
    """The 1-based line of the ``occurrence``-th occurrence of ``needle`` in ``text``."""
    index = -1
    for _ in range(occurrence):
        index = text.find(needle, index + 1)
        if index < 0:
            raise AssertionError(f"{needle!r} is not in the report {occurrence} times")
    return text.count("\n", 0, index) + 1


def _expected_line(expected: dict[str, Any], text: str) -> int:
    return expected["line"] if "line" in expected else line_of(text, expected["at"], expected.get("occurrence", 1))


# ── running a case ─────────────────────────────────────────────────────────────────────
def lint_case(case: Case) -> LintResult:
    """Lint the case's report as the command line would lint that file."""
    return case.linter().lint_bytes(case.text().encode(case.encoding), case.path)


def run_case(case: Case) -> None:
    """Run ``case``; raise an AssertionError that shows what differs (findings, fixed text)."""
    text = case.text()
    linter = case.linter()
    data = text.encode(case.encoding)
    result = linter.lint_bytes(data, case.path)
    problems = _compare_findings(case, text, [finding for finding in result.findings if case.compared(finding)])
    if "fix" in case.spec:
        problems.extend(_compare_fix(case, text, linter, data))
    if problems:
        raise AssertionError(f"case {case.id}\n" + "\n".join(problems))


def _describe(finding: Finding) -> str:
    return f"{finding.code} line {finding.line} column {finding.column} [{finding.severity}]: {finding.message}"


def _expected_text(expected: dict[str, Any], text: str) -> str:
    line = expected["line"] if "line" in expected else f"{_expected_line(expected, text)} (at {expected['at']!r})"
    parts = [f"{expected['code']} line {line}"]
    for key in ("column", "severity", "covers", "message", "contains", "related"):
        if key in expected:
            parts.append(f"{key} {expected[key]!r}")
    return ", ".join(parts)


def _matches(expected: dict[str, Any], finding: Finding, text: str, source_lines: list[str]) -> bool:
    line = _expected_line(expected, text)
    if (finding.code, finding.line) != (expected["code"], line):
        return False
    if "column" in expected and finding.column != expected["column"]:
        return False
    if "severity" in expected and finding.severity != expected["severity"]:
        return False
    if "message" in expected and finding.message != expected["message"]:
        return False
    fragments = expected.get("contains", [])
    if isinstance(fragments, str):
        fragments = [fragments]
    if not all(fragment in finding.message for fragment in fragments):
        return False
    if "related" in expected and [line_of(text, at) for at in expected["related"]] != [
        related.location.line if related.location else None for related in finding.related
    ]:
        return False
    if "covers" in expected:
        location = finding.location
        if location is None or location.line != location.end_line:
            return False
        line_text = source_lines[location.line - 1] if location.line <= len(source_lines) else ""
        if line_text[location.column - 1:location.end_column - 1] != expected["covers"]:
            return False
    return True


def _compare_findings(case: Case, text: str, findings: list[Finding]) -> list[str]:
    """Pair every expected finding with a distinct actual one (a bipartite matching, so that
    two findings on one line are each matched by the expectation that fits them)."""
    expected = case.spec.get("findings", [])
    source_lines = text.splitlines()
    candidates = [[index for index, finding in enumerate(findings) if _matches(want, finding, text, source_lines)]
                  for want in expected]
    owner: dict[int, int] = {}  # actual finding → expected finding

    def assign(want: int, seen: set[int]) -> bool:
        for index in candidates[want]:
            if index in seen:
                continue
            seen.add(index)
            if index not in owner or assign(owner[index], seen):
                owner[index] = want
                return True
        return False

    unmatched = [want for want in range(len(expected)) if not assign(want, set())]
    extra = [index for index in range(len(findings)) if index not in owner]
    if not unmatched and not extra:
        return []
    lines = ["findings differ:"]
    lines += [f"  missing:    {_expected_text(expected[want], text)}" for want in unmatched]
    lines += [f"  unexpected: {_describe(findings[index])}" for index in extra]
    lines.append("  all compared findings:")
    lines += [f"    {_describe(finding)}" for finding in findings] or ["    (none)"]
    return lines


def _compare_fix(case: Case, text: str, linter: Linter, data: bytes) -> list[str]:
    from gklint.fix.apply import fix_bytes

    fix = case.spec["fix"]
    outcome = fix_bytes(linter, data, case.path)
    problems = []
    if "error" in fix:
        if outcome.error is None or fix["error"] not in outcome.error:
            problems.append(f"fixing should stop with {fix['error']!r}, got {outcome.error!r}")
    elif outcome.error is not None:
        problems.append(f"fixing stopped: {outcome.error}")
    for key in ("applied", "skipped"):
        if key in fix and getattr(outcome, key) != fix[key]:
            problems.append(f"fixes {key}: expected {fix[key]}, got {getattr(outcome, key)}")
    if "text" in fix:
        want = fix["text"]
    elif "edits" in fix:
        want = apply_edits(text, fix["edits"], case)
    else:
        want = case.base_text() if fix["expect"] == "base" else text
    got = outcome.data.decode(case.encoding)
    if got != want:
        import difflib

        diff = difflib.unified_diff(want.splitlines(keepends=True), got.splitlines(keepends=True), "expected after --fix", "after --fix")
        problems.append("the text after --fix differs:\n" + "".join(diff))
    return problems
