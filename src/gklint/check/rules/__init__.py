"""The built-in rules, one module per family, contributed through the ``gklint_rules`` hook
like any third-party plugin's.

- ``file``: GK0, the file itself
- ``structure``: GK1, sections, tables and rows
- ``labels``: GK2, row labels, column headers, section titles, format version
- ``numbers``: GK3, values, blanks and arithmetic identities
- ``content``: GK4, the narrative and its agreement with the tables
- ``breakdown``: GK408, a total in the narrative and the parts it lists
- ``enumeration``: GK409, the numbered points of the narrative
- ``copying``: GK410, a section copied from the same agency's report of the year before
- ``typography``: GK5, punctuation, markup, doubled characters
"""

from __future__ import annotations

import importlib

from gklint.hookspecs import hookimpl

FAMILY_MODULES = (
    "gklint.check.rules.file",
    "gklint.check.rules.structure",
    "gklint.check.rules.labels",
    "gklint.check.rules.numbers",
    "gklint.check.rules.content",
    "gklint.check.rules.breakdown",
    "gklint.check.rules.enumeration",
    "gklint.check.rules.copying",
    "gklint.check.rules.typography",
)


@hookimpl
def gklint_rules():
    rules = []
    for module_name in FAMILY_MODULES:
        rules.extend(importlib.import_module(module_name).RULES)
    return rules
