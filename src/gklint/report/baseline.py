"""Reviewers' decisions as a baseline: ``gklint check --baseline FILE``.

The review page (``--format html``) lets a reviewer mark each finding confirmed or dismissed,
with a note, and exports the decisions as JSON keyed on each finding's fingerprint (the one
SARIF carries, ``gklint.report.fingerprint``)::

    {
      "gklint_decisions": 1,
      "decisions": {
        "3f0c…e9:1": {"decision": "dismissed", "note": "表格合并单元格，非漏填",
                      "code": "GK302", "path": "reports/a.docx", "message": "…"}
      }
    }

With ``--baseline`` a run leaves the dismissed findings out of its output (confirmed ones stay)
and says on stderr how many it left out. An entry that matches no finding of this run — the
report was corrected, or changed so that the finding's text differs — is named on stderr, one
line each, so that the baseline can be pruned; only entries whose ``path`` was linted in this
run are judged (a run over one file does not call the rest of a province's baseline stale).
Neither changes the exit status beyond the findings left out. Fingerprints hold the path as
the run shows it: use the baseline from the folder the review was made from.

A file that is not such JSON — a syntax error, an unknown key, a decision other than
``confirmed`` or ``dismissed``, a malformed fingerprint — is an error naming the file and the
place (exit 2), never read as an empty baseline.
"""

from __future__ import annotations

import json
import re
from typing import Any

from gklint.check.result import LintResult
from gklint.errors import BilingualError
from gklint.records import Record, fresh
from gklint.report.fingerprint import fingerprints

FORMAT_KEY = "gklint_decisions"
FORMAT_VERSION = 1
DECISIONS = ("confirmed", "dismissed")
ENTRY_KEYS = {"decision": str, "note": str, "code": str, "path": str, "message": str}
FINGERPRINT = re.compile(r"[0-9a-f]{32}:[1-9][0-9]*")


class BaselineError(BilingualError):
    """The baseline file cannot be used (its message names the file and what is wrong)."""


class Entry(Record):
    """One decision: on the finding whose fingerprint is ``fingerprint``."""

    fingerprint: str
    decision: str
    note: str = ""
    code: str = ""
    path: str = ""
    message: str = ""


class Baseline(Record):
    """The decisions of a baseline file, and what a run made of them."""

    path: str
    entries: dict[str, Entry]
    matched: set = fresh(set)
    linted_paths: set = fresh(set)
    left_out: int = 0

    def apply(self, result: LintResult) -> int:
        """Drop from ``result.findings`` the findings dismissed here; how many were dropped."""
        self.linted_paths.add(result.path.replace("\\", "/"))
        if not result.findings:
            return 0
        kept, kept_fingerprints, kept_indexes = [], [], []
        dropped = 0
        for index, (finding, fingerprint) in enumerate(zip(result.findings, fingerprints(result))):
            entry = self.entries.get(fingerprint)
            if entry is not None:
                self.matched.add(fingerprint)
                if entry.decision == "dismissed":
                    dropped += 1
                    continue
            kept.append(finding)
            kept_fingerprints.append(fingerprint)
            kept_indexes.append(index)
        if dropped:
            # The fingerprints stay those of the whole file: a finding left out does not
            # renumber the identical ones after it.
            result.findings, result.fingerprints = kept, kept_fingerprints
            if result.outline is not None:
                result.outline = result.outline.keeping(kept_indexes)
        self.left_out += dropped
        return dropped

    def stale(self) -> list[Entry]:
        """The entries that matched no finding of the run, among those about files it linted
        (entries without a path are judged against the whole run)."""
        return [entry for fingerprint, entry in self.entries.items()
                if fingerprint not in self.matched
                and (not entry.path or entry.path.replace("\\", "/") in self.linted_paths)]


def load_baseline(path: str) -> Baseline:
    """The baseline in the file ``path``; ``BaselineError`` when it cannot be read or is not
    a decisions file (see the module)."""
    try:
        with open(path, encoding="utf-8-sig") as handle:
            content = handle.read()
    except OSError as error:
        from gklint.system_errors import describe

        raise BaselineError(f"无法读取基线文件 {path}：{describe(error, 'zh')}",
                            f"cannot read the baseline file {path}: {describe(error, 'en')}") from None
    except UnicodeDecodeError:
        raise BaselineError(f"基线文件 {path} 不是 UTF-8 文本", f"the baseline file {path} is not UTF-8 text") from None
    try:
        data = json.loads(content)
    except json.JSONDecodeError as error:
        raise BaselineError(f"基线文件 {path} 不是有效的 JSON：第 {error.lineno} 行第 {error.colno} 列：{error.msg}",
                            f"the baseline file {path} is not valid JSON: line {error.lineno}, column {error.colno}: {error.msg}") from None
    return Baseline(path, _entries(path, data))


def _entries(path: str, data: Any) -> dict[str, Entry]:
    def fail(zh: str, en: str) -> BaselineError:
        return BaselineError(f"基线文件 {path}：{zh}", f"the baseline file {path}: {en}")

    if not isinstance(data, dict) or data.get(FORMAT_KEY) != FORMAT_VERSION:
        raise fail(f"不是 gklint 审查决定文件（应为含 \"{FORMAT_KEY}\": {FORMAT_VERSION} 和 \"decisions\" 的 JSON 对象，"
                   "由审查报告页面导出）",
                   f"not a gklint decisions file (expected a JSON object with \"{FORMAT_KEY}\": {FORMAT_VERSION} and "
                   "\"decisions\", as the review page exports)")
    unknown = sorted(set(data) - {FORMAT_KEY, "decisions"})
    if unknown:
        raise fail(f"未知的键 {', '.join(map(repr, unknown))}", f"unknown key {', '.join(map(repr, unknown))}")
    decisions = data.get("decisions")
    if not isinstance(decisions, dict):
        raise fail("\"decisions\" 应为对象（指纹 → 决定）", "\"decisions\" must be an object (fingerprint → decision)")
    entries: dict[str, Entry] = {}
    for fingerprint, entry in decisions.items():
        where_zh, where_en = f"决定 {fingerprint!r}", f"decision {fingerprint!r}"
        if not FINGERPRINT.fullmatch(fingerprint):
            raise fail(f"{where_zh}：指纹应为 32 位十六进制数字、冒号和序号（如 SARIF 的 gklintFindingHash/v1）",
                       f"{where_en}: a fingerprint is 32 hex digits, a colon and a number (SARIF's gklintFindingHash/v1)")
        if not isinstance(entry, dict):
            raise fail(f"{where_zh}：应为对象", f"{where_en}: must be an object")
        unknown = sorted(set(entry) - set(ENTRY_KEYS))
        if unknown:
            raise fail(f"{where_zh}：未知的键 {', '.join(map(repr, unknown))}（可用的键：{', '.join(ENTRY_KEYS)}）",
                       f"{where_en}: unknown key {', '.join(map(repr, unknown))} (known: {', '.join(ENTRY_KEYS)})")
        if entry.get("decision") not in DECISIONS:
            raise fail(f"{where_zh}：\"decision\" 应为 \"confirmed\" 或 \"dismissed\"，而不是 {entry.get('decision')!r}",
                       f"{where_en}: \"decision\" must be \"confirmed\" or \"dismissed\", not {entry.get('decision')!r}")
        for key, kind in ENTRY_KEYS.items():
            if key in entry and not isinstance(entry[key], kind):
                raise fail(f"{where_zh}：\"{key}\" 应为字符串", f"{where_en}: \"{key}\" must be a string")
        entries[fingerprint] = Entry(fingerprint, **entry)
    return entries
