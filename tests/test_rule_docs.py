"""Every rule of the catalogue is registered and documented in every section style.md asks for."""

from __future__ import annotations

import re

import pytest
from conftest import registry, run_gklint

from gklint.check.rule import DOC_SECTIONS

# The catalogue of ../shared/spec/rules.md; codes are stable.
CATALOGUE = (
    ["GK000"]
    + [f"GK10{n}" for n in range(1, 10)]
    + [f"GK20{n}" for n in range(1, 6)]
    + [f"GK30{n}" for n in range(1, 9)]
    + [f"GK40{n}" for n in range(1, 8)]
    + ["GK409", "GK410"]
    + [f"GK50{n}" for n in range(1, 5)]
)
FIXABLE = {"GK104", "GK201", "GK202", "GK203", "GK501", "GK502", "GK504"}


def test_every_catalogue_code_is_a_built_in_rule():
    rules = registry().rules
    assert [code for code in CATALOGUE if code not in rules] == []
    assert all(rules[code].plugin == "gklint.check.rules" and rules[code].provider.name == "gklint" for code in CATALOGUE)
    assert {code for code in CATALOGUE if rules[code].rule_class.fixable} == FIXABLE


@pytest.mark.parametrize("code", CATALOGUE)
def test_rule_is_documented(code):
    rule = registry().rules[code].rule_class
    assert re.fullmatch(r"[a-z]+(-[a-z]+)*", rule.name), rule.name
    assert rule.severity in ("error", "warning", "info")
    assert rule.summary and rule.summary_en
    first_line = rule.documentation().splitlines()[0]
    assert re.search(r"[A-Za-z]", first_line), "the docstring opens with an English summary line"
    sections = rule.doc_sections()
    missing = [heading for heading in DOC_SECTIONS if not sections.get(heading)]
    assert missing == [], f"{code} lacks documentation sections {missing}"
    assert "```" in sections["示例"], f"{code}: the example shows a report fragment"


def test_explain_prints_every_section_for_every_rule():
    for code in ("GK000", "GK104", "GK305", "GK406", "GK503"):
        output = run_gklint("explain", code).stdout.decode()
        assert all(f"## {heading}" in output for heading in DOC_SECTIONS), code
