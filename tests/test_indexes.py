"""Speed as structure: what is derived once per format and once per document lives in typed
indexes (``FormatIndex``, ``DocumentIndex``) and in what rules prepare per context, never in
module globals keyed by ``id()`` or in attributes written into frozen template objects."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import REPORTS, ROOT

from gklint.check.engine import Linter
from gklint.formats.template import load_templates
from gklint.parse.index import FormatIndex, TreeIndexes

SRC = ROOT / "src" / "gklint"


def test_no_identity_keyed_cache_and_no_private_regex_parser_in_the_package():
    offenders = []
    for path in sorted(SRC.rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        for number, line in enumerate(text.splitlines(), 1):
            if re.search(r"(?<![\w.])id\(|re\._parser|sre_parse|\.__dict__\b", line) and not line.lstrip().startswith("def "):
                offenders.append(f"{path.relative_to(SRC)}:{number}: {line.strip()}")
    assert offenders == []


def test_a_format_index_is_made_once_per_template_and_remembers_identifications():
    templates = load_templates()
    template = templates.formats["2021"]
    indexes = TreeIndexes(templates)
    index = indexes.format(template)
    assert isinstance(index, FormatIndex) and indexes.format(template) is index
    assert indexes.sections is indexes.sections
    assert set(index.matchers) == {spec.key for spec in template.tables}


def test_linting_leaves_the_template_objects_as_they_were():
    linter = Linter()
    before = {
        (table.key, block.key): set(vars(block))
        for template in linter.templates.formats.values() for table in template.tables for block in table.blocks
    }
    linter.lint_path(str(REPORTS / "clean-2021.txt"))
    for template in linter.templates.formats.values():
        for table in template.tables:
            for block in table.blocks:
                # Only the block's own cached properties may have appeared.
                added = set(vars(block)) - before[table.key, block.key]
                assert added <= {"data_rows", "_rows_by_key"}, added


def test_the_document_index_is_made_once_and_read_by_the_rules():
    linter = Linter()
    path = REPORTS / "clean-2021.txt"
    raw, _ = linter.load(str(path), path.read_bytes())
    document = linter.build(raw)
    index = document.index
    assert document.index is index
    assert index.texts == document.texts() and index.joined_texts == "\n".join(text.text for text, _ in index.texts)
    assert [kind for _, kind in index.narrative_texts] and all(kind != "cell" for _, kind in index.narrative_texts)
    template = linter.templates.formats[document.template_id]
    cells = index.value_cells(template)
    assert cells and index.value_cells(template) is cells
    assert index.first_tables[index.tables[0].key] is index.tables[0]


def test_a_rule_context_carries_what_the_rule_prepared():
    linter = Linter()
    rule = next(rule for rule in linter.rules if rule.code == "GK503")
    context = linter.context(rule, None)
    allow, words = context.prepared
    assert allow == () and callable(words) and linter.context(rule, None) is context


def test_the_grammar_module_is_where_white_space_and_numbering_are_defined():
    definitions = []
    for path in sorted(SRC.rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        if r"[^\S\x1c-\x1f]" in text or "一二三四五六七八九十" in text:
            definitions.append(str(path.relative_to(SRC)))
    assert definitions == ["grammar.py"]
    assert Path(SRC / "grammar.py").read_text(encoding="utf-8").count("import ") == 1  # (__future__ only: a leaf)
