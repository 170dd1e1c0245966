"""The engine: load → build the tree → run the selected rules → sorted findings.

The engine knows no particular rule. It hands each selected rule the document and its
context, collects what comes back, locates every finding in the source, renders its message
in the run's language, and sorts them by position. A file that cannot be read (a loader's
``LoadError``, an ``OSError``, a crash) is handed as a ``LoadError`` to the GK000 rule, whose
single finding stands for the file; the run goes on.
"""

from __future__ import annotations

import os
import re
import sys
from operator import attrgetter
from typing import TYPE_CHECKING, Any, Iterable, Mapping

from gklint.read.blocks import RawDocument
from gklint.parse.builder import build_document
from gklint.parse.index import TreeIndexes
from gklint.config import Config, ConfigError
from gklint.check.finding import Finding
from gklint.check.result import LintResult
from gklint.check.messages import Message, render as render_text
from gklint.read.loader import LoadError, Loader
from gklint.registry import Registry, get_registry
from gklint.check.rule import Rule, RuleContext
from gklint.read.source import Location, SourceText, Span
from gklint.records import Record
from gklint.limits import MAX_FILE_BYTES
from gklint.filesystem import read_at_most
from gklint.formats.template import TemplateSet, check_identity_codes, load_templates
from gklint.parse.tree import Document

if TYPE_CHECKING:
    from gklint.check.collection import FactStore

UNREADABLE = "GK000"
_RULE_RENDER_MESSAGE = Rule.render_message.__func__


class Linter:
    """Lints files with one configuration; build once, use for many files."""

    # The rules and contexts for each template (``plan``), made on first use.
    _plans: dict[str | None, list[tuple[Rule, RuleContext, bool]]] | None = None

    def __init__(self, config: Config | None = None, registry: Registry | None = None) -> None:
        self.config = config or Config()
        self.registry = registry or get_registry(self.config.lang)
        self.templates: TemplateSet = load_templates([*self.registry.template_files, *self.config.extra_templates])
        self.templates.check_choice(self.config.template)  # fail early on an unknown format
        check_identity_codes(
            self.templates,
            registered=self.registry.rules,
            checkers={code for code, entry in self.registry.rules.items() if getattr(entry.rule_class, "checks_identities", False)},
        )
        self._contexts: dict[tuple[str, str | None], RuleContext] = {}
        # What the tree builder derives from the formats, kept from one report to the next.
        self.tree_indexes = TreeIndexes(self.templates)
        self._report_signs = None
        self.rules: list[Rule] = [
            entry.rule_class() for code, entry in self.registry.rules.items() if self.config.is_selected(code)
        ]
        self._rules_by_code: dict[str, Rule] = {rule.code: rule for rule in self.rules}
        # The messages of each rule that renders them as ``Rule.render_message`` does (every
        # rule of gklint's), which the engine renders without that call: some 4,000
        # instructions a finding.
        self._messages: dict[str, Mapping[str, Message]] = {
            rule.code: type(rule).messages for rule in self.rules
            if getattr(type(rule).render_message, "__func__", None) is _RULE_RENDER_MESSAGE
        }
        # Whatever the selection: a file that cannot be read must not drop silently out of a run.
        self.unreadable_rule: Rule = self.registry.rules[UNREADABLE].rule_class()

    # ── loading ────────────────────────────────────────────────────────────────────────
    def load(self, path: str, data: bytes) -> tuple[RawDocument, Loader]:
        loader = self.registry.loader_for(path, data)
        if loader is None:
            raise LoadError(f"不支持的文件类型：{os.path.basename(path)}", f"unsupported file type: {os.path.basename(path)}")
        if getattr(loader, "reads_formats", False):
            return loader.load(path, data, recognition=self.templates.recognition), loader
        return loader.load(path, data), loader

    def build(self, raw: RawDocument) -> Document:
        return build_document(raw, self.templates, self.config.template, self.tree_indexes)

    # ── linting ────────────────────────────────────────────────────────────────────────
    def lint_path(self, path: str, display_path: str | None = None, outline: bool = False) -> LintResult:
        """Lint the file at ``path`` (see ``lint_bytes``)."""
        display = display_path or path
        data = self.read_path(path, display)
        if isinstance(data, LintResult):
            return data
        return self.lint_bytes(data, display, outline)

    def read_path(self, path: str, display: str) -> bytes | LintResult:
        """The bytes of the file at ``path``, or the GK000 result of a file that cannot be
        read (or is too large), reported as ``display``."""
        try:
            data, size = read_at_most(path, MAX_FILE_BYTES)
            if data is not None:
                return data
            return self.unreadable(display, LoadError(f"文件过大（{size} 字节，上限 {MAX_FILE_BYTES} 字节）",
                                                      f"file too large ({size} bytes, limit {MAX_FILE_BYTES})"))
        except OSError as error:
            from gklint.system_errors import describe

            return self.unreadable(display, LoadError(f"无法读取文件：{describe(error, 'zh')}",
                                                      f"cannot read the file: {describe(error, 'en')}"))

    def parse_bytes(self, data: bytes, path: str) -> Document | LintResult:
        """The report tree of ``data`` (read and parsed), or the GK000 result of a file that
        cannot be read or parsed: what ``lint_bytes`` checks, and what ``gklint extract``
        reads its tables from."""
        try:
            raw, _ = self.load(path, data)
        except LoadError as error:
            return self.unreadable(path, error)
        except Exception as error:  # a loader bug must not stop the other files
            return self.unreadable(path, LoadError(f"无法解析文件：{type(error).__name__}: {error}",
                                                   f"cannot parse the file: {type(error).__name__}: {error}"))
        try:
            return self.build(raw)
        except Exception as error:
            return self.unreadable(path, LoadError(f"无法解析报告结构：{type(error).__name__}: {error}",
                                                   f"cannot parse the report structure: {type(error).__name__}: {error}"))

    def lint_bytes(self, data: bytes, path: str, outline: bool = False) -> LintResult:
        """Lint ``data``, the bytes of a file named ``path``; with ``outline``, the result
        carries the report's view with the places of its findings (``gklint.check.outline``)."""
        document = self.parse_bytes(data, path)
        if isinstance(document, LintResult):
            return document
        raw = document.raw
        if self.config.skip_non_reports and not self.is_report(document):
            return LintResult(path, [], source=raw.source, notes=self._notes(raw), skipped=True)
        findings, facts = self.check(document)
        result = LintResult(path, findings, source=raw.source, facts=facts, original_bytes=data, notes=self._notes(raw),
                            agency=document.agency, year=document.year,
                            format_id=document.template_id or document.format_id)
        if outline:
            from gklint.check.outline import outline as outline_of  # only for reporters that ask

            template = self.templates.formats.get(document.template_id) if document.template_id else None
            result.outline = outline_of(document, findings, template)
        return result

    def _notes(self, raw: RawDocument) -> list[str]:
        """The loader's notes in the run's language (a note is a string or a (zh, en) pair)."""
        index = 1 if self.config.lang == "en" else 0
        return [note if isinstance(note, str) else note[index] for note in raw.notes]

    def is_report(self, document: Document) -> bool:
        """Whether ``document`` is an annual report at all (``[reports]`` in rules.toml)."""
        from gklint.check.reports import is_report, load_report_signs

        if self._report_signs is None:
            self._report_signs = load_report_signs(self.templates.files[0])
        return is_report(document, self._report_signs)

    def check(self, document: Document) -> tuple[list[Finding], dict[str, Any]]:
        findings: list[Finding] = []
        facts: dict[str, Any] = {}
        template = self.templates.formats.get(document.template_id) if document.template_id else None
        for rule, context, collects in self.plan(template):
            try:
                findings.extend(rule.check(document, context))
                if collects:
                    collected = rule.collect(document, context)
                    if collected is not None:
                        facts[rule.code] = collected
            except Exception as error:  # one rule's bug must not hide the others' findings
                if self.config.lang == "en":
                    print(f"gklint: internal error: rule {rule.code} failed on {document.path}: {type(error).__name__}: {error}", file=sys.stderr)
                else:
                    print(f"gklint: 内部错误：规则 {rule.code} 处理 {document.path} 时出错：{type(error).__name__}: {error}", file=sys.stderr)
        return self.finish(findings, document.source, document.raw), facts

    def plan(self, template) -> list[tuple[Rule, RuleContext, bool]]:
        """The rules that run on a report checked against ``template`` (None: a legacy report,
        which the rules that need a format skip), in order, each with its context and whether
        it collects facts for a cross-file judgement (overrides ``Rule.collect``). Worked out
        once per template for the linter's lifetime: a report is checked by some forty rules,
        and choosing them and finding their contexts again for each report showed in
        profiles (``benchmarks/run.py``, text reports)."""
        key = template.id if template is not None else None
        plans = self._plans
        if plans is None:
            plans = self._plans = {}
        plan = plans.get(key)
        if plan is None:
            plan = plans[key] = [(rule, self.context(rule, template), type(rule).collect is not Rule.collect)
                                 for rule in self.rules if not (rule.needs_format and template is None)]
        return plan

    def group_key(self, code: str, fact: Any) -> str | None:
        """The group key of a fact the rule ``code`` collected (``Rule.group_key``), as the
        run's ``FactStore`` keeps it."""
        rule = self._rules_by_code.get(code)
        return rule.group_key(fact) if rule is not None else None

    def check_collection(self, store: FactStore) -> list[Finding]:
        """Cross-file rules, once every file has been read and its facts added to ``store``."""
        findings: list[Finding] = []
        for rule in self.rules:
            facts = store.facts(rule.code)
            if not facts:
                continue
            findings.extend(rule.check_collection(facts, self.context(rule, None)))
        for finding in findings:
            finding.severity = self.config.severity.get(finding.code, finding.severity)
            self.render_message(finding)
        return findings

    def context(self, rule: Rule, template) -> RuleContext:
        # One context per rule and template for the linter's lifetime: settings don't change
        # between documents, and building them per document showed in profiles.
        key = (rule.code, template.id if template is not None else None)
        context = self._contexts.get(key)
        if context is None:
            settings = rule.default_settings()
            settings.update(self.templates.settings(rule.code))
            settings.update(self.config.rule_options.get(rule.code, {}))
            try:
                context = RuleContext.for_rule(rule, self.templates, template, settings, self.config.lang,
                                               selected=frozenset(self._rules_by_code))
            except re.error as error:
                # A pattern in the rule's settings (rules.toml, a template file, the user's
                # config) that neither ``re`` nor ``regex`` takes: the configuration is wrong,
                # and the run says where, not with a traceback. (Patterns are compiled when a
                # report first needs the rule's context, not at start-up: that costs a run on
                # one file some 0.1 s for every format it never meets.)
                raise ConfigError(
                    f"规则 {rule.code} 的设置中有无效的正则表达式 {error.pattern!r}：{error.msg}",
                    f"rule {rule.code}'s settings hold an invalid regular expression {error.pattern!r}: {error.msg}",
                ) from None
            self._contexts[key] = context
        return context

    def finish(self, findings: Iterable[Finding], source: SourceText, raw: RawDocument | None = None) -> list[Finding]:
        located = []
        places: dict[int, list[tuple[int, int, str]]] | None = None
        for finding in findings:
            finding.path = source.path
            finding.location = source.location(finding.span)
            finding.severity = self.config.severity.get(finding.code, finding.severity)
            self.render_message(finding)
            if finding.logical is None and raw is not None:
                if places is None:
                    places = _logical_places(raw)
                if places:
                    finding.logical = _logical_at(places.get(finding.location.line, ()), finding.span)
            for related in finding.related:
                related.location = source.location(related.span)
                related.message = self._rule_message(finding.code, related.message_id, related.args)
                if related.logical is None and raw is not None:
                    if places is None:
                        places = _logical_places(raw)
                    if places:
                        related.logical = _logical_at(places.get(related.location.line, ()), related.span)
            located.append(finding)
        located.sort(key=Finding.sort_key)
        return located

    def render_message(self, finding: Finding) -> None:
        """Fill in ``finding.message`` in the run's language (once: a finding that carries
        its text already keeps it)."""
        if finding.message or finding.message_id is None:
            return
        messages = self._messages.get(finding.code)
        if messages is not None:
            finding.message = render_text(messages, finding.message_id, finding.args, self.config.lang, finding.code)
            return
        rule = self._rules_by_code.get(finding.code)
        if rule is None:
            finding.message = render(finding, self.config.lang, self.registry)
        else:
            finding.message = rule.render_message(finding.message_id, finding.args, self.config.lang)

    def _rule_message(self, code: str, message_id: str, args: dict[str, Any]) -> str:
        """A message of the rule ``code`` in the run's language (a related place's)."""
        messages = self._messages.get(code)
        if messages is not None:
            return render_text(messages, message_id, args, self.config.lang, code)
        rule = self._rules_by_code.get(code)
        rule_class = type(rule) if rule is not None else self.registry.rules[code].rule_class
        return rule_class.render_message(message_id, args, self.config.lang)

    def unreadable(self, path: str, error: LoadError) -> LintResult:
        """The result of a file that could not be read: the GK000 rule's finding for ``error``."""
        rule = self.unreadable_rule
        finding = rule.unreadable(error, self.context(rule, None))
        finding.path = path
        finding.location = Location(1, 1, 1, 1)
        finding.severity = self.config.severity.get(finding.code, finding.severity)
        self.render_message(finding)
        return LintResult(path, [finding], unreadable=True)


def render(finding: Finding, lang: str, registry: Registry | None = None) -> str:
    """The message of ``finding`` in ``lang`` (``zh`` or ``en``), from its id and arguments and
    the messages its rule declares: what a client that holds a finding (an editor, Word
    comments) calls to show it in another language than the run's. A finding without a
    message id (made by hand) keeps its text."""
    if finding.message_id is None:
        return finding.message
    from gklint.check.messages import MessageError

    entry = (registry or get_registry(lang)).rules.get(finding.code)
    if entry is None:
        raise MessageError(f"no rule {finding.code} to render the message {finding.message_id!r}")
    return entry.rule_class.render_message(finding.message_id, finding.args, lang)


def _logical_places(raw: RawDocument) -> "_LogicalPlaces":
    """(start, end, logical) of every cell and line of a DOCX or PDF rendering that names
    its place (``表格2 第10行 第3列``, ``第4段``), by the line it starts on (one line per
    paragraph or table row there); empty for text and HTML."""
    return _LogicalPlaces(raw)


_LOGICAL = attrgetter("logical")


class _LogicalPlaces:
    """``_logical_places`` as a mapping that is false when the loader names no place, and
    whose ``get(line)`` lists the places starting on ``line`` in the blocks' order.

    The places are gathered when a finding first asks, in the blocks' order, with their
    order by start beside them, searched by bisection: a report has hundreds of cells and a
    few findings, and keying every cell by its line (a bisection each) cost more than the
    checks of a Word report.
    """

    __slots__ = ("raw", "names", "places", "by_start", "starts")

    def __init__(self, raw: RawDocument) -> None:
        self.raw = raw
        # Loaders that name places name every block (表格2, 第4段): text and HTML name none,
        # and their cells need not be walked.
        self.names = any(map(_LOGICAL, raw.blocks))  # (in C: no Python step a block)
        self.places: list[tuple[int, int, str]] = []  # (start, end, logical) in the blocks' order
        self.by_start: list[int] | None = None  # indexes into places, by start (ties: the blocks' order)
        self.starts: list[int] = []  # the starts in that order

    def __bool__(self) -> bool:
        return self.names

    def get(self, line: int, default: Iterable[tuple[int, int, str]] = ()) -> Iterable[tuple[int, int, str]]:
        source = self.raw.source
        if not self.names or not 1 <= line <= source.line_count:
            return default
        from bisect import bisect_left

        if self.by_start is None:
            self._gather()
        assert self.by_start is not None
        # A place starts on the line its start's offset is on, an offset before the text on
        # the first line and one beyond it on the last (SourceText.position clamps).
        first = bisect_left(self.starts, source.line_start(line)) if line > 1 else 0
        last = bisect_left(self.starts, source.line_start(line + 1)) if line < source.line_count else len(self.starts)
        if first == last:
            return default
        # back into the blocks' order, which settles ties in _logical_at
        return [self.places[index] for index in sorted(self.by_start[first:last])]

    def _gather(self) -> None:
        from gklint.read.blocks import LineBlock
        from gklint.read.source import VerbatimText

        # written out inline: a report has hundreds of cells
        places = self.places
        add = places.append
        for block in self.raw.blocks:
            if isinstance(block, LineBlock):
                if block.logical:
                    span = block.span
                    add((span.start, span.end, block.logical))
                continue
            for row_span, row in zip(block.row_spans, block.rows):
                if row_span.logical:
                    add((row_span.start, row_span.end, row_span.logical))
                for cell in row:
                    logical = cell.logical
                    if logical and not cell.merged:
                        text = cell.text
                        if type(text) is VerbatimText:  # (its one piece is made only when asked for)
                            start = text.start
                            add((start, start + len(text.text), logical))
                        elif text.pieces:
                            span = text.span
                            add((span.start, span.end, logical))
        starts = [place[0] for place in places]
        self.by_start = sorted(range(len(places)), key=starts.__getitem__)  # (a stable sort)
        self.starts = [starts[index] for index in self.by_start]


def _logical_at(places: Iterable[tuple[int, int, str]], span: Span) -> str | None:
    """The logical place of the narrowest cell or line holding ``span`` (rules that flag a
    label or a cell need not name it themselves)."""
    best: tuple[int, str] | None = None
    for start, end, logical in places:
        if start <= span.start and span.end <= end and (best is None or end - start < best[0]):
            best = (end - start, logical)
    return best[1] if best else None
