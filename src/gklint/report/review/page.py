"""Writing the review page: one self-contained HTML file, streamed report by report.

The page is written in the order results arrive: the head (styles), then each report's
section as soon as its result comes (its text and tables with the findings highlighted, and
its list of findings), and at the end what needs every report — the overview with its
charts, the table of reports, the rules' explanations and the script. The page's body is a
flex column and the CSS ``order`` of its parts puts the overview and the table above the
reports, so nothing is held back while reports are written: what the writer keeps is one
summary row per report (the table and charts need them all), a small part of the output.

Everything from a report is untrusted text. The templates are Jinja2 with autoescaping on;
the few pieces of markup built in Python (``marked``, ``charts``) escape every text
themselves. The page's Content-Security-Policy allows no request at all: its styles and
script are inline, its charts inline SVG.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from functools import lru_cache
from importlib import resources
from pathlib import PurePath
from typing import Any, TextIO

from markupsafe import Markup, escape

from gklint import __version__
from gklint.check.finding import SEVERITIES, Finding
from gklint.check.outline import Mark, ReportOutline, TableView, TextView
from gklint.check.result import LintResult
from gklint.grammar import OPENING, PAREN_ITEM
from gklint.report.fingerprint import fingerprints
from gklint.report.review.charts import Bar, bar_chart
from gklint.report.review.texts import SCRIPT_TEXTS, TEXTS, text

TOP = 20  # bars in a chart of rules or reports
SEVERITY_CLASSES = {"error": "s-e", "warning": "s-w", "info": "s-i"}
SEVERITY_SERIES = ("error", "warning", "info")


@lru_cache(maxsize=1)
def _environment():
    import jinja2  # not at start-up: only --format html needs it

    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("gklint.report.review", "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    environment.filters["marked"] = marked
    environment.filters["gravest"] = lambda severities, indexes: gravest_class(indexes, severities)
    environment.filters["id_of"] = lambda index, ids: ids[index]
    environment.tests["table_view"] = lambda node: isinstance(node, TableView)
    return environment


def _asset(name: str) -> str:
    return resources.files("gklint.report.review").joinpath("assets", name).read_text(encoding="utf-8")


def marked(view: TextView, ids: list[str], severities: list[str]) -> Any:
    """The text of ``view``, escaped, each stretch that findings mark wrapped in
    ``<mark data-f="ids…">`` in the colour of the gravest of them; ``ids`` and ``severities``
    are those of the report's findings by index."""
    content = view.text
    if not view.marks:
        return escape(content)
    if not content:
        return Markup(_mark(view.marks, ids, severities, ""))
    bounds = sorted({0, len(content), *(mark.start for mark in view.marks), *(mark.end for mark in view.marks)})
    parts = []
    for start, end in zip(bounds, bounds[1:]):
        piece = str(escape(content[start:end]))
        covering = [mark for mark in view.marks if mark.start <= start and end <= mark.end]
        parts.append(_mark(covering, ids, severities, piece) if covering else piece)
    return Markup("".join(parts))


def _mark(marks: list[Mark] | tuple[Mark, ...], ids: list[str], severities: list[str], inner: str) -> str:
    indexes = list(dict.fromkeys(mark.finding for mark in marks))
    return (f'<mark class="m {gravest_class(indexes, severities)}" data-f="{" ".join(ids[i] for i in indexes)}">'
            f"{inner}</mark>")


def gravest_class(indexes, severities: list[str]) -> str:
    """The CSS class of the gravest severity among the findings ``indexes``."""
    gravest = max((SEVERITIES.index(severities[index]) for index in indexes), default=0)
    return SEVERITY_CLASSES[SEVERITIES[gravest]]


def family(code: str) -> str:
    """A rule's family: ``GK3`` of ``GK301``; the code itself for a plugin's rule."""
    return code[:3] if code.startswith("GK") else code


class ReportRow:
    """What the overview and the table keep of one report."""

    __slots__ = ("number", "path", "agency", "year", "file_type", "format_id", "counts", "figures", "state")

    def __init__(self, number: int, path: str, outline: ReportOutline | None, state: str) -> None:
        self.number, self.path, self.state = number, path, state
        self.agency = outline.agency if outline else None
        self.year = outline.year if outline else None
        self.format_id = outline.format_id if outline else None
        self.file_type = PurePath(path).suffix.lstrip(".").lower()
        self.counts: Counter[str] = Counter()
        self.figures: dict[str, Any] = dict(outline.figures) if outline else {}

    @property
    def total(self) -> int:
        return sum(self.counts.values())


class ReviewWriter:
    """Writes the review of results given one at a time (``add``) to ``stream``.

    ``rules``: code → rule class, for the rules' names and explanations (``ReportOptions.rules``).
    Results should carry their outline (``LintResult.outline``); one without is shown by its
    findings alone.
    """

    def __init__(self, stream: TextIO, lang: str = "zh", rules: dict[str, type] | None = None,
                 title: str | None = None) -> None:
        self.stream = stream
        self.lang = "en" if lang == "en" else "zh"
        self.rules = rules or {}
        self.title = title or text("page_title", self.lang)
        self.rows: list[ReportRow] = []
        self.rows_by_path: dict[str, ReportRow] = {}
        self.by_rule: Counter[tuple[str, str]] = Counter()  # (code, severity) → findings
        self.names: dict[str, str] = {}
        self.advice: dict[str, str] = {}  # code → the first paragraph of its documentation's 修复
        self.started = False
        self.supplements = 0

    def t(self, key: str, **args: object) -> str:
        return text(key, self.lang, **args)

    def start(self) -> None:
        """Write the page's head (called by the first ``add`` when not called before)."""
        if self.started:
            return
        self.started = True
        self.stream.write(_environment().get_template("head.html.j2").render(
            lang=self.lang, title=self.title, css=Markup(_asset("review.css")), t=self.t, version=__version__))

    def add(self, result: LintResult) -> None:
        """Write the section of one result (a report, or the cross-file findings of one already
        written: ``result.supplement``)."""
        self.start()
        if result.supplement and result.path in self.rows_by_path:
            row = self.rows_by_path[result.path]
            self.supplements += 1
            anchor = f"r{row.number}x{self.supplements}"
        else:
            state = "unreadable" if result.unreadable else "skipped" if result.skipped else "checked"
            row = ReportRow(len(self.rows) + 1, result.path, result.outline, state)
            self.rows.append(row)
            self.rows_by_path.setdefault(result.path, row)
            anchor = f"r{row.number}"
        ids = [f"{anchor}f{index}" for index in range(len(result.findings))]
        severities = [finding.severity for finding in result.findings]
        outline = result.outline if not result.supplement else None
        placed = outline.placed() if outline is not None else set()
        findings = [self._finding(finding, ids[index], fingerprint, index in placed)
                    for index, (finding, fingerprint) in enumerate(zip(result.findings, fingerprints(result)))]
        for finding in result.findings:
            row.counts[finding.severity] += 1
            self.by_rule[(finding.code, finding.severity)] += 1
            self.names.setdefault(finding.code, finding.name)
        template = _environment().get_template("report.html.j2")
        self.stream.write(template.render(
            t=self.t, row=row, anchor=anchor, outline=outline, findings=findings, ids=ids, severities=severities,
            supplement=result.supplement,
            missing=None if outline is not None or result.supplement else self._missing(row)))

    def _missing(self, row: ReportRow) -> str:
        key = {"unreadable": "no_text_unreadable", "skipped": "no_text_skipped"}.get(row.state, "no_text_missing")
        return self.t("no_text") + self.t(key)

    def _finding(self, finding: Finding, anchor: str, fingerprint: str, placed: bool) -> dict[str, Any]:
        if finding.logical:
            place = finding.logical
        elif finding.location is not None:
            place = self.t("line", line=finding.location.line, column=finding.location.column)
        else:
            place = ""
        return {
            "id": anchor, "code": finding.code, "name": finding.name, "severity": finding.severity,
            "severity_class": SEVERITY_CLASSES.get(finding.severity, "s-w"), "message": finding.message,
            "place": place, "fix": self._fix_text(finding), "fingerprint": fingerprint, "placed": placed,
            "severity_text": self.t(finding.severity) if finding.severity in SEVERITY_CLASSES else finding.severity,
            "start": finding.span.start, "end": finding.span.end,
        }

    def _fix_text(self, finding: Finding) -> str:
        """What to change: the fix's description or edits, else what the rule's documentation
        says under 修复."""
        if finding.fix is not None:
            if finding.fix.description:
                return finding.fix.description
            edits = [edit.new_text for edit in finding.fix.edits if edit.new_text]
            if edits:
                return "→ " + " / ".join(edits)
        advice = self.advice.get(finding.code)
        if advice is None:
            rule = self.rules.get(finding.code)
            sections = rule.doc_sections() if rule is not None and hasattr(rule, "doc_sections") else {}
            advice = self.advice[finding.code] = " ".join(sections.get("修复", "").split("\n\n")[0].split())
        return advice

    # ── the end: overview, table, rules, script ─────────────────────────────────────────
    def finish(self) -> None:
        """Write what needs every report and close the page."""
        self.start()
        environment = _environment()
        codes = sorted({code for code, _ in self.by_rule})
        rules = []
        for code in codes:
            rule = self.rules.get(code)
            summary = (rule.summary_en or rule.summary) if rule is not None and self.lang == "en" else \
                (rule.summary if rule is not None else "")
            documentation = rule.documentation() if rule is not None else ""
            rules.append({"code": code, "name": self.names.get(code, ""), "summary": summary,
                          "documentation": documentation})
        script_texts = {key: TEXTS[key][1 if self.lang == "en" else 0] for key in SCRIPT_TEXTS}
        # Inside <script> nothing is unescaped: the JSON is written as is, with "<" spelled
        # \u003c so that no "</script>" can end the element.
        script_json = Markup(json.dumps(script_texts, ensure_ascii=False).replace("<", "\\u003c"))
        self.stream.write(environment.get_template("tail.html.j2").render(
            t=self.t, rows=self.rows, key_numbers=self._key_numbers(), charts=self._finding_charts(),
            figure_charts=self._figure_charts(), rules=rules,
            script=Markup(_asset("review.js")), script_texts=script_json,
            severities=SEVERITY_SERIES))

    def _key_numbers(self) -> list[tuple[str, int]]:
        rows = self.rows
        return [
            (self.t("reports_count"), len(rows)),
            (self.t("with_errors"), sum(1 for row in rows if row.counts["error"])),
            (self.t("with_warnings"), sum(1 for row in rows if row.counts["warning"])),
            (self.t("findings_count"), sum(self.by_rule.values())),
            (self.t("unreadable"), sum(1 for row in rows if row.state == "unreadable")),
            (self.t("skipped"), sum(1 for row in rows if row.state == "skipped")),
        ]

    def _finding_charts(self) -> list[Any]:
        series = [(self.t(severity), SEVERITY_CLASSES[severity]) for severity in SEVERITY_SERIES]
        families: dict[str, Counter[str]] = {}
        rules: dict[str, Counter[str]] = {}
        for (code, severity), count in self.by_rule.items():
            families.setdefault(family(code), Counter())[severity] += count
            rules.setdefault(code, Counter())[severity] += count
        charts = [
            bar_chart([Bar(TEXTS[f"family_{name}"][self.lang == "en"] if f"family_{name}" in TEXTS else name,
                           [counts[severity] for severity in SEVERITY_SERIES])
                       for name, counts in sorted(families.items())], series, self.t("by_family")),
            bar_chart([Bar(f"{code} {self.names.get(code, '')}", [counts[severity] for severity in SEVERITY_SERIES],
                           f"#rule-{code}")
                       for code, counts in sorted(rules.items(), key=lambda item: (-sum(item[1].values()), item[0]))[:TOP]],
                      series, self.t("by_rule", count=TOP)),
            bar_chart([Bar(self._label(row), [row.counts[severity] for severity in SEVERITY_SERIES], f"#r{row.number}")
                       for row in sorted(self.rows, key=lambda row: (-row.total, row.number))[:TOP] if row.total],
                      series, self.t("ranked", count=TOP)),
        ]
        return charts

    def _figure_charts(self) -> list[Any]:
        """The charts of the key figures read from the reports' tables."""
        rows = [row for row in self.rows if row.figures]
        received = [row for row in rows if row.figures.get("received") is not None]
        charts = []
        if received:
            top = sorted(received, key=lambda row: (-row.figures["received"], row.number))[:TOP]
            total = sum(row.figures["received"] for row in received)
            charts.append(bar_chart([Bar(self._label(row), [row.figures["received"]], f"#r{row.number}") for row in top],
                                    [(self.t("col_received"), "s-b")], self.t("received_chart", count=len(top), total=total)))
            outcome_names: dict[str, str] = {}
            sums: Counter[str] = Counter()
            for row in received:
                for key, label, count in row.figures.get("outcomes", ()):
                    outcome_names.setdefault(key, _short_label(label))
                    sums[key] += count or 0
            keys = list(outcome_names)
            outcome_series = [(outcome_names[key], f"o{index % 8}") for index, key in enumerate(keys)]
            charts.append(bar_chart([Bar(self.t("reports_count") + f" ({len(received)})", [sums[key] for key in keys])],
                                    outcome_series, self.t("outcomes_chart")))
            charts.append(bar_chart(
                [Bar(self._label(row), [dict((key, count or 0) for key, _, count in row.figures.get("outcomes", ())).get(key, 0)
                                        for key in keys], f"#r{row.number}") for row in top],
                outcome_series, self.t("outcomes_by_report", count=len(top))))
        cases = [row for row in rows if row.figures.get("review") is not None or row.figures.get("litigation") is not None]
        if cases:
            names = ("review", "review_corrected", "litigation", "litigation_corrected")
            charts.append(bar_chart([Bar(self.t(name), [sum(row.figures.get(name) or 0 for row in cases)]) for name in names],
                                    [(self.t("cases"), "s-b")], self.t("review_chart")))
            busiest = sorted(cases, key=lambda row: (-((row.figures.get("review") or 0) + (row.figures.get("litigation") or 0)),
                                                     row.number))[:TOP]
            charts.append(bar_chart([Bar(self._label(row), [row.figures.get("review") or 0, row.figures.get("litigation") or 0],
                                         f"#r{row.number}") for row in busiest],
                                    [(self.t("review"), "o0"), (self.t("litigation"), "o3")],
                                    self.t("review_by_report", count=len(busiest))))
        return charts

    @staticmethod
    def _label(row: ReportRow) -> str:
        if row.agency:
            return f"{row.agency} {row.year or ''}".strip()
        return PurePath(row.path).name


def _short_label(label: str) -> str:
    """An outcome's label without its numbering and parenthesised remark: （二）部分公开（…） → 部分公开."""
    label = re.sub(f"^{PAREN_ITEM}", "", label)
    return re.sub(f"{OPENING}.*$", "", label) or label


def render_review(results, stream: TextIO, lang: str = "zh", rules: dict[str, type] | None = None,
                  title: str | None = None) -> None:
    """Write the review page of ``results`` (``LintResult``s, one or many, each made with
    ``Linter.lint_bytes(..., outline=True)`` or ``lint_path(..., outline=True)`` so that its
    report's text is shown) to ``stream``. ``rules``: code → rule class
    (``{code: entry.rule_class for code, entry in registry.rules.items()}``), for the rules'
    explanations and advice; ``lang``: ``zh`` or ``en``."""
    writer = ReviewWriter(stream, lang, rules, title)
    for result in results:
        writer.add(result)
    writer.finish()


def review_html(results, lang: str = "zh", rules: dict[str, type] | None = None, title: str | None = None) -> str:
    """``render_review`` to a string."""
    import io

    buffer = io.StringIO()
    render_review(results, buffer, lang, rules, title)
    return buffer.getvalue()
