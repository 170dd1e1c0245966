"""The built-in rules, one module per family, contributed through the ``gklint_rules`` hook
like any third-party plugin's.

- ``file``: GK0, the file itself
- ``structure``: GK1, sections, tables and rows
- ``labels``: GK2, row labels, column headers, section titles, format version
- ``numbers``: GK3, values, blanks and arithmetic identities
- ``content``: GK4, the narrative and its agreement with the tables
- ``typography``: GK5, punctuation, markup, doubled characters
"""

from __future__ import annotations

import copy
import importlib

from gklint.hookspecs import hookimpl

# One white-space character as ``regex``'s ``\s`` has it (U+3000 and U+00A0 included), for the
# rules' patterns, which are compiled with ``re``: ``re``'s ``\s`` also takes U+001C–U+001F.
# (A class of its own, cheap to compile; join it to other characters with an alternation.)
SPACE = r"[^\S\x1c-\x1f]"


def joined_texts(document) -> str:
    """Every text of the report (``Document.texts()``) in one string, one per line, made once
    per document: a rule that finds nothing of what it looks for here has nothing to find in
    any text (GK407 and the GK5 rules ask it first)."""
    return document.cached("joined_texts", lambda: "\n".join(text.text for text, _ in document.texts()))


def from_settings(context, key: str, derive):
    """``derive(context.settings)``, worked out once per rule context: a context's settings stay
    the same from one report to the next, and turning them into word lists and compiled
    patterns for every report showed in profiles. (A deep copy of the settings is kept with
    the result, so that settings changed since are noticed and derived again.)"""
    cache = vars(context).setdefault("_from_settings", {})
    entry = cache.get(key)
    if entry is None or entry[0] != context.settings:
        entry = cache[key] = (copy.deepcopy(context.settings), derive(context.settings))
    return entry[1]


FAMILY_MODULES = (
    "gklint.check.rules.file",
    "gklint.check.rules.structure",
    "gklint.check.rules.labels",
    "gklint.check.rules.numbers",
    "gklint.check.rules.content",
    "gklint.check.rules.typography",
)


@hookimpl
def gklint_rules():
    rules = []
    for module_name in FAMILY_MODULES:
        rules.extend(importlib.import_module(module_name).RULES)
    return rules
