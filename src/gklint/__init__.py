"""gklint — 政府信息公开工作年度报告检查工具.

The public API for plugin authors; internals may move, these names stay.

* writing rules: ``Rule``, ``RuleContext``, ``Finding``, ``Fix``, ``Edit``, ``Message`` (a
  message as data: its Chinese and English text with named arguments), ``Option`` (an option
  a rule declares: name, type, description, default), and the tree a rule reads —
  ``Document``, ``Section``, ``Heading``, ``Paragraph``, ``Table``, ``Row``, ``Cell``,
  ``Label``, ``HeaderCell``, ``FlatTable`` (a table found in flattened text whose values could
  not be read) — with the source positions of its texts:
  ``SourcedText`` (a text and where each of its characters came from), ``Span`` (offsets in
  the source text), ``Location`` (line and column), ``SourceText`` (the whole source);
* writing loaders and reporters: ``Loader``, ``LoadError``, ``RawDocument``, ``Reporter``;
* ``hookimpl`` marks a plugin's hook implementations;
* ``annotate_docx`` gives a Word document back with one comment per finding (and, on request,
  its safe fixes as tracked revisions), for programs that serve reports to their writers;
* ``gklint.testing`` runs rule cases (a module of its own: it is for tests only).
"""

__version__ = "0.1.0"

# Where each public name lives. They are imported on first use (module ``__getattr__``), so
# that ``import gklint`` — and with it every start of the command — stays cheap (``hookimpl``
# too: it imports pluggy, which a re-run answered from the result cache never needs).
_EXPORTS = {
    "hookimpl": "gklint.hookspecs",
    "Rule": "gklint.check.rule",
    "RuleContext": "gklint.check.rule",
    "Finding": "gklint.check.finding",
    "Fix": "gklint.check.finding",
    "Edit": "gklint.check.finding",
    "Message": "gklint.check.messages",
    "Option": "gklint.check.options",
    "Document": "gklint.parse.tree",
    "Section": "gklint.parse.tree",
    "Heading": "gklint.parse.tree",
    "Paragraph": "gklint.parse.tree",
    "Table": "gklint.parse.tree",
    "Row": "gklint.parse.tree",
    "Cell": "gklint.parse.tree",
    "Label": "gklint.parse.tree",
    "HeaderCell": "gklint.parse.tree",
    "FlatTable": "gklint.parse.tree",
    "SourcedText": "gklint.read.source",
    "SourceText": "gklint.read.source",
    "Span": "gklint.read.source",
    "Location": "gklint.read.source",
    "RawDocument": "gklint.read.blocks",
    "Loader": "gklint.read.loader",
    "lazy_loader": "gklint.read.loader",
    "LoadError": "gklint.read.loader",
    "Reporter": "gklint.report.reporter",
    "lazy_reporter": "gklint.report.reporter",
    "annotate_docx": "gklint.report.annotate",
}

__all__ = ["__version__", *_EXPORTS]


def __getattr__(name: str):
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'gklint' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(module), name)
    globals()[name] = value  # the next lookup finds it without this function
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_EXPORTS})
