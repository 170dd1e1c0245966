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

import importlib

from gklint.hookspecs import hookimpl

# One white-space character as ``regex``'s ``\s`` has it (U+3000 and U+00A0 included), for the
# rules' patterns, which are compiled with ``re``: ``re``'s ``\s`` also takes U+001C–U+001F.
# (A class of its own, cheap to compile; join it to other characters with an alternation.)
SPACE = r"[^\S\x1c-\x1f]"

FAMILY_MODULES = (
    "gklint.rules.file",
    "gklint.rules.structure",
    "gklint.rules.labels",
    "gklint.rules.numbers",
    "gklint.rules.content",
    "gklint.rules.typography",
)


@hookimpl
def gklint_rules():
    rules = []
    for module_name in FAMILY_MODULES:
        rules.extend(importlib.import_module(module_name).RULES)
    return rules
