"""The built-in rules' cases (``tests/rules/cases/*.toml``), run by ``gklint.testing`` as a
plugin author's tests run theirs."""

from __future__ import annotations

from pathlib import Path

import pytest

from gklint.testing import case_files, run_case

CASES = Path(__file__).resolve().parent / "cases"


@pytest.mark.parametrize("case", case_files(CASES))
def test_rule_case(case):
    run_case(case)
