"""The clean fixture reports, one per format, give no finding at all from the whole rule set:
the rules' negative case on realistic input, and the baseline every rule test mutates."""

from __future__ import annotations

import pytest
from conftest import clean_report, lint_text


@pytest.mark.parametrize("fmt", ["2019", "2021"])
@pytest.mark.parametrize("encoding", ["utf-8", "gb18030", "utf-16"])
def test_clean_report_yields_no_finding(fmt, encoding):
    result = lint_text(clean_report(fmt), encoding=encoding)
    assert [(f.code, f.line, f.message) for f in result.findings] == []
    assert result.source.encoding.replace("_", "-").startswith(encoding.split("-")[0])


@pytest.mark.parametrize("fmt", ["2019", "2021"])
def test_clean_report_is_checked_against_its_own_format(fmt):
    from conftest import make_linter

    linter = make_linter()
    raw, _ = linter.load("report.txt", clean_report(fmt).encode("utf-8"))
    document = linter.build(raw)
    assert (document.format_id, document.required_format, document.template_id) == (fmt, fmt, fmt)
