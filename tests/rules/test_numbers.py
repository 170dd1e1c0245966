"""GK3 — numbers: what the case files (``cases/GK3*.toml``) cannot say: the data a finding
carries, and the rules' documentation."""

from __future__ import annotations

from conftest import clean_report, lint_text, replace_line

from gklint.check.rule import DOC_SECTIONS
from gklint.check.rules.numbers import RULES

GK3 = ("GK301", "GK302", "GK303", "GK304", "GK305", "GK306", "GK307", "GK308")
REVIEW = "2\t1\t0\t0\t3\t1\t0\t0\t1\t2\t0\t0\t0\t0\t0"


def test_finding_data_names_both_sides():
    text = replace_line(clean_report("2021"), REVIEW, "2\t1\t0\t0\t4\t1\t0\t0\t1\t2\t0\t0\t0\t0\t0")
    (finding,) = [finding for finding in lint_text(text).findings if finding.code in GK3]
    assert finding.data["identity"] == "review_total"
    assert (finding.data["left"], finding.data["right"]) == ("4", "3")


def test_rules_are_documented():
    assert [rule.code for rule in RULES] == list(GK3)
    for rule in RULES:
        sections = rule.doc_sections()
        assert all(section in sections and sections[section] for section in DOC_SECTIONS), rule.code
        assert rule.summary and rule.summary_en and rule.name
