"""The rule base class: a rule is small, pure and documented.

A rule receives the parsed report and its context (the template, its settings, the language)
and returns findings. It never reads files, prints or exits. Its docstring is its
documentation: an English summary line, then the sections ``gklint explain`` prints and a
test checks are all present.
"""

from __future__ import annotations

import inspect
from typing import TYPE_CHECKING, Any, ClassVar, Iterable

from gklint.check.finding import Edit, Finding, Fix
from gklint.read.source import SourcedText, Span
from gklint.records import Record, fresh
from gklint.formats.template import Template, TemplateSet
from gklint.parse.tree import Document

if TYPE_CHECKING:
    from gklint.check.collection import CollectedFacts

DOC_SECTIONS = ("检查什么", "为什么", "示例", "已知问题", "修复", "选项")
DOC_SECTIONS_EN = {
    "检查什么": "What it does",
    "为什么": "Why is this bad?",
    "示例": "Example",
    "已知问题": "Known problems",
    "修复": "Fix safety",
    "选项": "Options",
}


class RuleContext(Record):
    """What a rule may know besides the document: the templates, the one the report is checked
    against, the rule's settings, the language, and ``prepared``, what the rule derived from
    the template and its settings when the context was made (``Rule.prepare``).

    The engine makes one context per rule and template for the linter's lifetime; what a rule
    reads of each document is in ``Document.index``.
    """

    templates: TemplateSet
    template: Template | None
    settings: dict[str, Any] = fresh(dict)
    lang: str = "zh"
    prepared: Any = None

    @classmethod
    def for_rule(cls, rule: Rule, templates: TemplateSet, template: Template | None,
                 settings: dict[str, Any] | None = None, lang: str = "zh") -> RuleContext:
        """The context ``rule`` runs in, with what it prepares from ``template`` and
        ``settings`` worked out once, here."""
        settings = {} if settings is None else settings
        return cls(templates, template, settings, lang, rule.prepare(template, settings))

    def say(self, zh: str, en: str) -> str:
        return en if self.lang == "en" else zh


class Rule:
    """Base class of every rule; subclasses set the class attributes and ``check``."""

    code: ClassVar[str] = ""
    name: ClassVar[str] = ""
    severity: ClassVar[str] = "warning"
    fixable: ClassVar[bool] = False
    summary: ClassVar[str] = ""
    summary_en: ClassVar[str] = ""
    # Rules that judge a report against a canonical format stay off legacy (pre-2019) reports.
    needs_format: ClassVar[bool] = True

    @property
    def family(self) -> str:
        return self.code[:3]

    def check(self, document: Document, context: RuleContext) -> Iterable[Finding]:
        raise NotImplementedError

    def prepare(self, template: Template | None, settings: dict[str, Any]) -> Any:
        """What the rule derives from the template and its settings (word lists, compiled
        patterns, names of the template's rows), once per context rather than once per
        report: ``context.prepared``. None by default."""
        return None

    # Rules that compare reports with each other (GK406) collect small, picklable facts per
    # document and judge them once every file has been read. ``facts`` holds (path, fact)
    # per file in input order, may be iterated more than once, and groups facts by a key
    # (``facts.grouped``) without holding the others: past a few hundred files it is on disk.
    def collect(self, document: Document, context: RuleContext) -> Any:
        return None

    def check_collection(self, facts: CollectedFacts, context: RuleContext) -> Iterable[Finding]:
        return ()

    def finding(
        self,
        context: RuleContext,
        span: Span,
        zh: str,
        en: str,
        fix: Fix | None = None,
        **data: Any,
    ) -> Finding:
        return Finding(
            code=self.code,
            name=self.name,
            severity=self.severity,
            message=context.say(zh, en),
            span=span,
            fix=fix,
            logical=span.logical,
            data=data,
        )

    @classmethod
    def documentation(cls) -> str:
        return inspect.cleandoc(cls.__doc__ or "")

    @classmethod
    def doc_sections(cls) -> dict[str, str]:
        """The documentation's ``## `` sections by their Chinese heading."""
        sections: dict[str, list[str]] = {}
        current = None
        for line in cls.documentation().splitlines():
            if line.startswith("## "):
                heading = line[3:].strip()
                current = heading.split("（")[0].split("(")[0].strip()
                sections[current] = []
            elif current is not None:
                sections[current].append(line)
        return {key: "\n".join(lines).strip() for key, lines in sections.items()}


def replace_text_fix(text: SourcedText, start: int, end: int, new_text: str, description: str) -> Fix | None:
    """A fix replacing ``text.text[start:end]``; ``None`` when the source can't take it exactly."""
    edits = text.replacement_edits(start, end, new_text)
    if edits is None:
        return None
    return Fix(tuple(Edit(*edit) for edit in edits), description)
