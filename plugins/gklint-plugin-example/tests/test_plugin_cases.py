"""EX101 and the plugin's format variant, tested with ``gklint.testing`` the way gklint tests
its own rules: the cases are in ``tests/cases/*.toml``."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from gklint.testing import case_files, run_case

PLUGIN_SRC = Path(__file__).resolve().parents[1] / "src"
if str(PLUGIN_SRC) not in sys.path:  # tests run from a checkout without installing the plugin
    sys.path.insert(0, str(PLUGIN_SRC))

import gklint_plugin_example.plugin as plugin  # noqa: E402


@pytest.mark.parametrize("case", case_files(Path(__file__).parent / "cases", plugins=[plugin]))
def test_case(case):
    run_case(case)
