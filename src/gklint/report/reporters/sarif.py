"""``--format sarif``: SARIF 2.1.0 for code-scanning services and SARIF viewers.

The log is built with the ``sarif-om`` object model and serialised by ``to_json`` below, not
by the stock serialiser, which drops every value equal to its default (an explicit
``"level": "warning"`` vanishes) and escapes Chinese as ``\\uXXXX``. ``to_json`` walks the
objects' ``attrs`` fields, takes each JSON name from the field's ``schema_property_name``
metadata, omits unset values, keeps ``level`` always, and writes readable UTF-8.

What goes in (see ``cli.md``):

- one run; ``tool.driver`` with name, version, informationUri and every registered rule
  (id, kebab-case name, short and full description, help as text and Markdown from the
  rule's documentation, defaultConfiguration.level);
- ``columnKind: unicodeCodePoints`` (gklint counts columns in code points);
- per finding: ruleId, ruleIndex, level, message, a physical location relative to
  ``%SRCROOT%`` (the current folder, given in ``originalUriBaseIds``) with its region,
  a logical location for DOCX and PDF input (where line and column of the rendered text
  mean nothing in the binary file, so no region is given), ``partialFingerprints``, for
  fixable findings in text files ``fixes``, and for a defect seen in several places
  ``relatedLocations`` (each with an id, its message and its physical or logical location).

The fingerprint (``gklint.report.fingerprint``) hashes the rule code, the path, the normalised
flagged text and the normalised text of its line(s) — never line numbers — so it survives
edits elsewhere in the file; identical lines are told apart by an occurrence counter, as
GitHub does. The HTML review and ``--baseline`` key reviewers' decisions on it.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any
from urllib.parse import quote

from gklint import __version__
from gklint.check.result import LintResult
from gklint.check.finding import Finding
from gklint.report.fingerprint import fingerprints
from gklint.report.reporter import Reporter


class _LazyModule:
    """A module imported on first use: every run registers this reporter, but only
    ``--format sarif`` needs sarif-om and attrs (70 ms of start-up otherwise)."""

    def __init__(self, name: str) -> None:
        self._name = name

    def __getattr__(self, attribute: str):
        import importlib

        return getattr(importlib.import_module(self._name), attribute)


attr = _LazyModule("attr")
om = _LazyModule("sarif_om")

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://github.com/gklint/gklint"
SRCROOT = "%SRCROOT%"
FINGERPRINT_KEY = "gklintFindingHash/v1"
LEVELS = {"error": "error", "warning": "warning", "info": "note"}
# Values written even when they equal the object model's default.
ALWAYS_WRITTEN = frozenset({"level", "language"})
# Keys a reader looks for first; the others follow in the object model's order.
FIRST_KEYS = ("$schema", "id", "name", "version", "semanticVersion", "informationUri", "ruleId", "ruleIndex",
              "level", "message", "locations", "partialFingerprints", "shortDescription", "fullDescription",
              "startLine", "startColumn", "endLine", "endColumn")
_KEY_RANK = {key: rank for rank, key in enumerate(FIRST_KEYS)}
RESULTS_IN_MEMORY = 4 * 1024 * 1024  # characters of results kept in memory before a temporary file
# Where results stand in the log as ``to_json`` indents it: log → runs → run → results.
_RESULT_INDENT = " " * 8
_NO_RESULTS = '"results": []'


# ── serialisation ────────────────────────────────────────────────────────────────────────
def to_jsonable(value: Any) -> Any:
    """Plain JSON data for sarif-om objects (and the dicts and lists around them)."""
    if attr.has(type(value)):
        data: dict[str, Any] = {}
        for field in attr.fields(type(value)):
            item = getattr(value, field.name)
            if item is None:
                continue
            if field.name not in ALWAYS_WRITTEN and field.default is not attr.NOTHING:
                default = field.default.factory() if isinstance(field.default, attr.Factory) else field.default
                if item == default:
                    continue
            data[field.metadata.get("schema_property_name", field.name)] = to_jsonable(item)
        order = sorted(data, key=lambda key: _KEY_RANK.get(key, len(_KEY_RANK)))
        return {key: data[key] for key in order}
    if isinstance(value, dict):
        return {key: to_jsonable(item) for key, item in value.items() if item is not None}
    if isinstance(value, (list, tuple)):
        return [to_jsonable(item) for item in value]
    return value


def to_json(log: om.SarifLog) -> str:
    return json.dumps(to_jsonable(log), ensure_ascii=False, indent=2) + "\n"


# ── pieces ───────────────────────────────────────────────────────────────────────────────
def artifact_location(path: str) -> om.ArtifactLocation:
    """A URI relative to ``%SRCROOT%`` (the current folder), or a file URI outside it."""
    if os.path.isabs(path):
        return om.ArtifactLocation(uri=Path(path).as_uri())
    return om.ArtifactLocation(uri=quote(path.replace(os.sep, "/"), safe="/"), uri_base_id=SRCROOT)


def _rule_descriptor(code: str, rule: type | None, lang: str) -> om.ReportingDescriptor:
    if rule is None:
        return om.ReportingDescriptor(id=code, name=code.lower(),
                                      default_configuration=om.ReportingConfiguration(level="warning"))
    documentation = rule.documentation()
    sections = rule.doc_sections()
    english_summary = documentation.splitlines()[0].strip() if documentation else rule.summary_en
    if lang == "en":
        short, full = rule.summary_en or rule.summary, english_summary or rule.summary_en
    else:
        short = rule.summary or rule.summary_en
        full = sections.get("检查什么", "").split("\n\n")[0].replace("\n", "") or short
    return om.ReportingDescriptor(
        id=code,
        name=rule.name,
        short_description=om.MultiformatMessageString(text=short),
        full_description=om.MultiformatMessageString(text=full),
        help=om.MultiformatMessageString(
            text=f"{code} {rule.name}\n\n{documentation}",
            markdown=f"# {code} {rule.name}\n\n{documentation}",
        ),
        default_configuration=om.ReportingConfiguration(level=LEVELS.get(rule.severity, "warning")),
        properties={"tags": [code[:3]], "fixable": bool(rule.fixable)},
    )


def _region(result: LintResult, start: int, end: int) -> om.Region:
    assert result.source is not None
    line, column = result.source.position(start)
    end_line, end_column = result.source.position(end)
    return om.Region(start_line=line, start_column=column, end_line=end_line, end_column=end_column)


def _fix(finding: Finding, result: LintResult, location: om.ArtifactLocation, loader) -> om.Fix | None:
    """The finding's fix as replacements in the file, written as the file's loader writes
    them (escaped as HTML for HTML); none where the loader's text is not the file's own."""
    if finding.fix is None or finding.logical or result.source is None:
        return None
    if loader is not None and not loader.text_is_file:
        return None
    replacements = []
    for edit in finding.fix.edits:
        inserted = loader.escape_replacement(edit.new_text) if loader is not None else edit.new_text
        replacements.append(om.Replacement(
            deleted_region=_region(result, edit.start, edit.end),
            inserted_content=om.ArtifactContent(text=inserted) if inserted else None,
        ))
    return om.Fix(
        description=om.Message(text=finding.fix.description) if finding.fix.description else None,
        artifact_changes=[om.ArtifactChange(artifact_location=location, replacements=replacements)],
    )


# ── the reporter ─────────────────────────────────────────────────────────────────────────
class SarifReporter(Reporter):
    name = "sarif"

    def __init__(self, stream, options) -> None:
        super().__init__(stream, options)
        self.rule_codes = list(options.rules)
        self.rule_index = {code: index for index, code in enumerate(self.rule_codes)}
        self.extra_rules: list[str] = []
        # Results are written out as they come (a log over thousands of files would otherwise
        # hold every result until the end) and spliced into the log when the run is over.
        self.results = tempfile.SpooledTemporaryFile(max_size=RESULTS_IN_MEMORY, mode="w+", encoding="utf-8")
        self.result_count = 0

    def _index(self, code: str) -> int:
        if code not in self.rule_index:
            self.rule_index[code] = len(self.rule_codes) + len(self.extra_rules)
            self.extra_rules.append(code)
        return self.rule_index[code]

    def file(self, result: LintResult) -> None:
        for finding, fingerprint in zip(result.findings, fingerprints(result)):
            serialised = json.dumps(to_jsonable(self._result(finding, result, fingerprint)), ensure_ascii=False, indent=2)
            self.results.write((",\n" if self.result_count else "") + _RESULT_INDENT)
            self.results.write(serialised.replace("\n", "\n" + _RESULT_INDENT))
            self.result_count += 1

    def _result(self, finding: Finding, result: LintResult, fingerprint: str) -> om.Result:
        location = artifact_location(finding.path)
        physical = om.PhysicalLocation(artifact_location=location)
        if finding.logical is None and finding.location is not None:
            loc = finding.location
            physical.region = om.Region(start_line=loc.line, start_column=loc.column,
                                        end_line=loc.end_line, end_column=loc.end_column)
        sarif_location = om.Location(physical_location=physical)
        if finding.logical:
            sarif_location.logical_locations = [
                om.LogicalLocation(name=finding.logical, fully_qualified_name=finding.logical, kind="element")
            ]
        related = [self._related_location(index, related, location) for index, related in enumerate(finding.related)]
        fix = _fix(finding, result, location, self.options.loader_for(finding.path))
        return om.Result(
            rule_id=finding.code,
            rule_index=self._index(finding.code),
            level=LEVELS.get(finding.severity, "warning"),
            message=om.Message(text=finding.message),
            locations=[sarif_location],
            partial_fingerprints={FINGERPRINT_KEY: fingerprint},
            fixes=[fix] if fix is not None else None,
            related_locations=related or None,
        )

    @staticmethod
    def _related_location(index: int, related, location: om.ArtifactLocation) -> om.Location:
        """Another place of the finding's defect (``relatedLocations``), with its message."""
        physical = om.PhysicalLocation(artifact_location=location)
        if related.logical is None and related.location is not None:
            loc = related.location
            physical.region = om.Region(start_line=loc.line, start_column=loc.column,
                                        end_line=loc.end_line, end_column=loc.end_column)
        sarif_location = om.Location(id=index, physical_location=physical, message=om.Message(text=related.message))
        if related.logical:
            sarif_location.logical_locations = [
                om.LogicalLocation(name=related.logical, fully_qualified_name=related.logical, kind="element")
            ]
        return sarif_location

    def finish(self) -> None:
        lang = self.options.lang
        language = "zh-CN" if lang == "zh" else "en-US"
        rules = [_rule_descriptor(code, self.options.rules.get(code), lang) for code in self.rule_codes]
        rules += [_rule_descriptor(code, None, lang) for code in self.extra_rules]
        driver = om.ToolComponent(
            name="gklint",
            version=__version__,
            semantic_version=__version__,
            information_uri=INFORMATION_URI,
            language=language,
            rules=rules,
        )
        properties: dict[str, Any] = {}
        if self.options.fixed:
            properties["fixed"] = self.options.fixed
        run = om.Run(
            tool=om.Tool(driver=driver),
            invocations=[om.Invocation(execution_successful=True)],
            original_uri_base_ids={SRCROOT: om.ArtifactLocation(uri=Path.cwd().as_uri().rstrip("/") + "/")},
            results=[],
            column_kind="unicodeCodePoints",
            language=language,
            properties=properties or None,
        )
        log = om.SarifLog(runs=[run], version="2.1.0", schema_uri=SCHEMA_URI)
        written = to_json(log)
        if not self.result_count:
            self.stream.write(written)
            return
        # The one JSON structure spelled so in the log: inside strings, quotes are escaped.
        before, after = written.split(_NO_RESULTS, 1)
        self.stream.write(before + '"results": [\n')
        self.results.seek(0)
        shutil.copyfileobj(self.results, self.stream)
        self.results.close()
        self.stream.write("\n" + _RESULT_INDENT[:-2] + "]" + after)
