"""gklint's findings as LSP diagnostics.

Each diagnostic has the finding's severity, its code with a link to the rule's documentation,
the source ``gklint``, the message in the run's language and the finding's related places.
A fixable finding's ``data`` names it (code, source offsets, message id) and the document
version it was found in: all a quick fix needs to have the fix stage apply that fix alone.
"""

from __future__ import annotations

from lsprotocol import types

from gklint.check.finding import Finding
from gklint.server.analysis import bom_shift, finding_key
from gklint.server.positions import LineIndex
from gklint.server.rule_help import RuleHelp

SOURCE = "gklint"
_SEVERITIES = {
    "error": types.DiagnosticSeverity.Error,
    "warning": types.DiagnosticSeverity.Warning,
    "info": types.DiagnosticSeverity.Information,
}


def lsp_range(lines: LineIndex, start: int, end: int) -> types.Range:
    start_line, start_character = lines.position(start)
    end_line, end_character = lines.position(end)
    return types.Range(types.Position(start_line, start_character), types.Position(end_line, end_character))


def to_diagnostics(findings: list[Finding], text: str, encoding: str, uri: str, version: int | None,
                   rule_help: RuleHelp) -> list[types.Diagnostic]:
    """The diagnostics of ``findings`` of the document ``uri`` (``text`` at ``version``),
    positions in the negotiated ``encoding``."""
    lines = LineIndex(text, encoding)
    shift = bom_shift(text)
    diagnostics = []
    for finding in findings:
        link = rule_help.link(finding.code)
        related = [
            types.DiagnosticRelatedInformation(
                location=types.Location(uri, lsp_range(lines, place.span.start + shift, place.span.end + shift)),
                message=place.message,
            )
            for place in finding.related
        ]
        data = None
        if finding.fix is not None:
            data = {"finding": finding_key(finding), "version": version, "title": finding.fix.description}
        diagnostics.append(types.Diagnostic(
            range=lsp_range(lines, finding.span.start + shift, finding.span.end + shift),
            message=finding.message,
            severity=_SEVERITIES.get(finding.severity, types.DiagnosticSeverity.Warning),
            code=finding.code,
            code_description=types.CodeDescription(href=link) if link else None,
            source=SOURCE,
            related_information=related or None,
            data=data,
        ))
    return diagnostics
