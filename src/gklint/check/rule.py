"""The rule base class: a rule is small, pure and documented.

A rule receives the parsed report and its context (the template, its settings, the language)
and returns findings. It never reads files, prints or exits. Its docstring is its
documentation: an English summary line, then the sections ``gklint explain`` prints and a
test checks are all present.

What a rule says is data beside it: ``messages`` maps a message id to its Chinese and English
text (``gklint.check.messages``), and a finding carries the id and the arguments; the engine
renders the text once, in the run's language. What a rule can be told is data too:
``options`` declares each setting it reads (``gklint.check.options``).
"""

from __future__ import annotations

import inspect
from typing import TYPE_CHECKING, Any, ClassVar, Iterable, Mapping

from gklint.check.finding import Edit, Finding, Fix, Related
from gklint.check.messages import Message, render
from gklint.check.options import Option, OptionError, validate_options
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
    against, the rule's settings, the language, ``prepared``, what the rule derived from
    the template and its settings when the context was made (``Rule.prepare``), and
    ``selected``, the codes of the rules that run (None: every rule), for rules that report
    together one defect that several rules see (GK303–GK306).

    The engine makes one context per rule and template for the linter's lifetime; what a rule
    reads of each document is in ``Document.index``.
    """

    templates: TemplateSet
    template: Template | None
    settings: dict[str, Any] = fresh(dict)
    lang: str = "zh"
    prepared: Any = None
    selected: frozenset[str] | None = None

    @classmethod
    def for_rule(cls, rule: Rule, templates: TemplateSet, template: Template | None,
                 settings: dict[str, Any] | None = None, lang: str = "zh",
                 selected: frozenset[str] | None = None) -> RuleContext:
        """The context ``rule`` runs in, with what it prepares from ``template`` and
        ``settings`` worked out once, here."""
        settings = {} if settings is None else settings
        return cls(templates, template, settings, lang, rule.prepare(template, settings), selected)


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
    # What the rule says, by message id (see ``gklint.check.messages``).
    messages: ClassVar[Mapping[str, Message]] = {}
    # Every setting the rule reads from ``context.settings`` (see ``gklint.check.options``).
    options: ClassVar[tuple[Option, ...]] = ()
    # A rule that checks the format's identities whose ``code`` is its own (GK303–GK306). An
    # identity whose code names no such rule is a configuration error (it would never run).
    checks_identities: ClassVar[bool] = False

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

    def group_key(self, fact: Any) -> str | None:
        """The key ``facts.grouped()`` brings ``fact`` together with others by (GK406: the
        agency); None, the default, leaves it out of every group. Asked where the fact is made
        (in a worker process with ``-j``), once per fact: the end of the run reads the groups
        by the kept keys without unpickling any fact to ask again."""
        return None

    def check_collection(self, facts: CollectedFacts, context: RuleContext) -> Iterable[Finding]:
        return ()

    def finding(
        self,
        context: RuleContext,
        span: Span,
        message_id: str,
        /,
        *,
        fix: Fix | None = None,
        data: dict[str, Any] | None = None,
        related: list[Related] | None = None,
        **args: Any,
    ) -> Finding:
        """A finding at ``span`` saying the message ``message_id`` with ``args`` (plain JSON
        values; see ``gklint.check.messages``). Its text is rendered by the engine, in the
        run's language, when the file is finished. ``data``: facts for programs beyond what
        the message says; ``related``: the other places of the same defect."""
        if message_id not in self.messages:
            raise KeyError(f"{self.code} declares no message {message_id!r}")
        return Finding(
            code=self.code,
            name=self.name,
            severity=self.severity,
            message="",
            span=span,
            fix=fix,
            logical=span.logical,
            data=data,
            message_id=message_id,
            args=args,
            related=related,
        )

    @classmethod
    def render_message(cls, message_id: str, args: Mapping[str, Any] | None, lang: str) -> str:
        """The text of the message ``message_id`` in ``lang`` with ``args``; raises
        ``gklint.check.messages.MessageError`` for an id the rule does not declare."""
        return render(cls.messages, message_id, args, lang, owner=cls.code)

    @classmethod
    def default_settings(cls) -> dict[str, Any]:
        """The settings the rule's options declare defaults for (``rules.toml`` and the
        configuration are laid over them)."""
        return {option.name: option.default_value() for option in cls.options if option.has_default}

    @classmethod
    def validate_options(cls, values: Mapping[str, Any]) -> list[OptionError]:
        """The problems of a user's settings for this rule: unknown names (with the closest
        declared one) and values of the wrong type; empty when all is well."""
        return validate_options(cls.code, cls.options, values)

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
