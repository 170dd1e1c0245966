"""Regression on the two real seed reports: seed 000 mixes ``##`` and ``####`` section
headings (GK104), seed 004 is consistent; neither gets a false alarm from the other GK1 rules."""

from __future__ import annotations

import pytest
from conftest import lint_file, make_linter, shared_path

from gklint.fix.apply import fix_bytes

SEED_000 = ("seeds", "000_8c7e58cf2aa459dd.txt")
SEED_004 = ("seeds", "004_a5e5c9fc8846fffe.txt")
NO_FALSE_ALARM = ("GK101", "GK102", "GK103", "GK106", "GK107", "GK108")


def _found(result, code):
    return [(finding.line, finding.message) for finding in result.findings if finding.code == code]


def test_seed_000_heading_style():
    result = lint_file(shared_path(*SEED_000))
    gk104 = _found(result, "GK104")
    # 一 二 三 use ##, 四 五 六 use ####: a tie, the first heading's style wins.
    assert [line for line, _ in gk104] == [67, 74, 78]
    assert all("4级标题（####）" in message and "2级标题（##）" in message for _, message in gk104)
    assert all(finding.fixable for finding in result.findings if finding.code == "GK104")


def test_seed_000_heading_fix_rewrites_only_the_markup():
    path = shared_path(*SEED_000)
    data = path.read_bytes()
    outcome = fix_bytes(make_linter(select=["GK104"]), data, str(path))
    assert outcome.applied == 3
    assert outcome.data.decode("utf-8") == data.decode("utf-8").replace("#### ", "## ")


def test_seed_004_has_consistent_headings():
    result = lint_file(shared_path(*SEED_004))
    assert _found(result, "GK104") == []


@pytest.mark.parametrize("seed", [SEED_000, SEED_004])
def test_seeds_have_no_structure_false_alarms(seed):
    result = lint_file(shared_path(*seed))
    assert [(finding.code, finding.line) for finding in result.findings if finding.code in NO_FALSE_ALARM] == []


@pytest.mark.parametrize("seed", [SEED_000, SEED_004])
def test_seeds_have_good_titles_and_matching_formats(seed):
    result = lint_file(shared_path(*seed))
    assert [finding.code for finding in result.findings if finding.code in ("GK105", "GK203", "GK204", "GK205")] == []
