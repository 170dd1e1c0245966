"""A finding's stable fingerprint: what SARIF's ``partialFingerprints`` carries, what the HTML
review keys a reviewer's decision on, and what ``--baseline`` matches.

The fingerprint hashes the rule code, the path, the normalised flagged text and the
normalised text of its line(s) — never line numbers — so it survives edits elsewhere in the
file; identical lines are told apart by an occurrence counter, as GitHub does
(``<32 hex digits>:<n>``, ``n`` counting from 1 in the order of the file's findings).
"""

from __future__ import annotations

import hashlib

from gklint.check.finding import Finding
from gklint.check.result import LintResult


def _normalise(text: str) -> str:
    return " ".join(text.split())


def fingerprint_base(finding: Finding, result: LintResult) -> str:
    """The hash of what a finding is about, independent of where the file's lines stand."""
    flagged = line_text = ""
    if result.source is not None:
        text = result.source.text
        flagged = text[finding.span.start:finding.span.end]
        if finding.location is not None:
            first, last = finding.location.line, finding.location.end_line
            line_text = "\n".join(result.source.line_text(line) for line in range(first, last + 1))
    else:
        flagged = finding.message
    material = "\0".join([finding.code, finding.path.replace("\\", "/"), _normalise(flagged),
                          _normalise(line_text), finding.logical or ""])
    return hashlib.sha256(material.encode("utf-8")).hexdigest()[:32]


def fingerprints(result: LintResult) -> list[str]:
    """The fingerprint of each of ``result.findings``, in their order: those worked out before
    some findings were left out (``result.fingerprints``, see ``--baseline``) when there are."""
    if result.fingerprints is not None and len(result.fingerprints) == len(result.findings):
        return list(result.fingerprints)
    seen: dict[str, int] = {}
    found = []
    for finding in result.findings:
        base = fingerprint_base(finding, result)
        seen[base] = seen.get(base, 0) + 1
        found.append(f"{base}:{seen[base]}")
    return found
