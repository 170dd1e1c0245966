"""The public API for plugin authors: every name in ``gklint.__all__`` resolves without making
``import gklint`` expensive, and ``gklint.testing`` runs cases that can fail, and says why."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest
from conftest import REPORTS

import gklint
from gklint import testing
from gklint.testing import CaseError, apply_edits, base_report, load_cases, run_case


@pytest.mark.parametrize("name", gklint.__all__)
def test_every_exported_name_resolves(name):
    assert getattr(gklint, name) is not None


def test_the_tree_types_a_rule_needs_are_exported():
    from gklint.parse import tree
    from gklint.read import source

    for name in ("Document", "Section", "Heading", "Paragraph", "Table", "Row", "Cell"):
        assert getattr(gklint, name) is getattr(tree, name)
    for name in ("Span", "Location", "SourcedText", "SourceText"):
        assert getattr(gklint, name) is getattr(source, name)


def test_import_gklint_imports_no_stage():
    script = "import sys, gklint; print(sorted(m for m in sys.modules if m.startswith('gklint')))"
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "['gklint']"  # (hookimpl too is imported on first use: it brings pluggy)


def test_an_unknown_name_is_an_attribute_error():
    with pytest.raises(AttributeError):
        gklint.NoSuchThing  # noqa: B018


# ── gklint.testing ──────────────────────────────────────────────────────────────────────
@pytest.mark.parametrize("name", testing.BASE_REPORTS)
def test_the_shipped_base_reports_are_the_tests_clean_fixtures(name):
    assert base_report(name) == (REPORTS / f"{name}.txt").read_text(encoding="utf-8")


def _cases(tmp_path, toml: str):
    path = tmp_path / "GK999.toml"
    path.write_text(textwrap.dedent(toml), encoding="utf-8")
    return load_cases(path)


def test_a_wrong_expectation_fails_and_shows_both_sides(tmp_path):
    (case,) = _cases(tmp_path, """
        [[case]]
        name = "the line is wrong"
        base = "clean-2021"
        select = ["GK202"]
        edits = [{ replace = "现行有效件数", with = "现行有效数" }]
        findings = [{ code = "GK202", line = 1 }]
    """)
    with pytest.raises(AssertionError) as failure:
        run_case(case)
    message = str(failure.value)
    assert "GK999.toml::the line is wrong" in message
    assert "missing:    GK202 line 1" in message
    assert "unexpected: GK202 line 22 column 20 [warning]: 列标题「现行有效数」与规范文本不符" in message


def test_a_finding_not_expected_fails(tmp_path):
    (case,) = _cases(tmp_path, """
        [[case]]
        name = "nothing expected"
        base = "clean-2021"
        select = ["GK202"]
        edits = [{ replace = "现行有效件数", with = "现行有效数" }]
    """)
    with pytest.raises(AssertionError, match="unexpected: GK202 line 22"):
        run_case(case)


def test_a_wrong_fix_expectation_shows_a_diff(tmp_path):
    (case,) = _cases(tmp_path, """
        [[case]]
        name = "the fix is not a no-op"
        base = "clean-2021"
        select = ["GK202"]
        edits = [{ replace = "现行有效件数", with = "现行有效数" }]
        findings = [{ code = "GK202", at = "现行有效数", contains = "应为「现行有效件数」" }]
        fix = { expect = "unchanged", applied = 0 }
    """)
    with pytest.raises(AssertionError) as failure:
        run_case(case)
    message = str(failure.value)
    assert "fixes applied: expected 0, got 1" in message
    assert "--- expected after --fix" in message and "+++ after --fix" in message
    assert "\n-" in message and "现行有效数" in message  # the edited line, as the case expected it


def test_only_the_compared_codes_count(tmp_path):
    cases = _cases(tmp_path, """
        [defaults]
        base = "clean-2021"
        edits = [{ replace = "现行有效件数", with = "现行有效数" }]

        [[case]]
        name = "every rule runs, GK1 is compared"
        codes = ["GK1"]

        [[case]]
        name = "every rule runs, GK2 is compared"
        codes = ["GK2"]
        findings = [{ code = "GK202", at = "现行有效数", severity = "warning", covers = "现行有效数" }]
    """)
    for case in cases:
        run_case(case)


@pytest.mark.parametrize("options, complaint", [
    ('{ GK407 = { patterns = "^x" } }', "options.GK407: "),
    ('{ GK407 = { placeholder = [] } }', "options.GK407: "),
    ('{ GK999 = { x = 1 } }', "options.GK999: no rule GK999 is registered"),
])
def test_options_are_checked_against_what_the_rule_declares(tmp_path, options, complaint):
    (case,) = _cases(tmp_path, f"""
        [[case]]
        name = "a wrong option"
        base = "clean-2021"
        select = ["GK407"]
        options = {options}
    """)
    with pytest.raises(AssertionError, match=complaint):
        run_case(case)


def test_a_case_can_lint_its_own_text_as_markdown(tmp_path):
    (case,) = _cases(tmp_path, """
        [[case]]
        name = "a report without sections, as Markdown"
        text = "# 青山县自然资源局2023年政府信息公开工作年度报告\\n\\n本局全年依法公开政府信息。\\n"
        path = "report.md"
        select = ["GK101"]
        findings = [{ code = "GK101", line = 1 }, { code = "GK101", line = 1 }, { code = "GK101", line = 1 },
                    { code = "GK101", line = 1 }, { code = "GK101", line = 1 }, { code = "GK101", line = 1 }]
    """)
    run_case(case)


@pytest.mark.parametrize("edit, expected", [
    ({"replace": "b", "with": "B"}, "aBc\nxyz\n"),
    ({"replace": "x", "with": "X", "occurrence": 1}, "abc\nXyz\n"),
    ({"delete_line": "xy"}, "abc\n"),
    ({"insert_after": "ab", "text": "new"}, "abc\nnew\nxyz\n"),
    ({"insert_after": "yz", "text": "new\n"}, "abc\nxyz\nnew\n"),
    ({"cut": "c", "until": "y"}, "abyz\n"),
    ({"cut": "\nx"}, "abc"),
])
def test_edits(edit, expected):
    assert apply_edits("abc\nxyz\n", [edit]) == expected


@pytest.mark.parametrize("edit, complaint", [
    ({"replace": "q", "with": "Q"}, "expected exactly one 'q' in the report, found 0"),
    ({"replace": "\n", "with": ""}, "found 2 (give occurrence = n)"),
    ({"replace": "x", "with": "X", "occurrence": 2}, "no occurrence 2 of 'x'"),
    ({"cut": "y", "until": "a"}, "'a' does not follow 'y'"),
])
def test_an_edit_that_cannot_be_made_fails_the_case(edit, complaint):
    with pytest.raises(AssertionError, match=complaint.replace("(", r"\(").replace(")", r"\)")):
        apply_edits("abc\nxyz\n", [edit])


@pytest.mark.parametrize("toml, complaint", [
    ('[[case]]\nname = "x"\n', "give exactly one of base, base_file, text"),
    ('[[case]]\nname = "x"\nbase = "clean-2021"\nfindigns = []\n', "unknown key 'findigns'"),
    ('[[case]]\nname = "x"\nbase = "clean-2021"\nfindings = [{ code = "GK101" }]\n', "needs a code and one of line, at"),
    ('[[case]]\nname = "x"\nbase = "clean-2021"\nfix = { expect = "clean" }\n', "fix needs exactly one of"),
    ('[[case]]\nname = "x"\nbase = "clean-2021"\n[[case]]\nname = "x"\nbase = "clean-2021"\n', "the name is used twice"),
    ('[defaults]\nbase = "clean-2021"\n', "no [[case]]"),
    ('[[cases]]\nname = "x"\n', "unknown top-level key 'cases'"),
])
def test_a_malformed_case_file_names_the_problem(tmp_path, toml, complaint):
    path = tmp_path / "GK999.toml"
    path.write_text(toml, encoding="utf-8")
    with pytest.raises(CaseError) as error:
        load_cases(path)
    assert complaint in str(error.value) and str(path) in str(error.value)


def test_an_unknown_base_report_is_named():
    with pytest.raises(CaseError, match="unknown base report 'clean-2020'"):
        base_report("clean-2020")
