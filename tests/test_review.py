"""``--format html`` (the review page) and ``--baseline`` (reviewers' decisions), without a
browser: the page's golden file, escaping of untrusted report text, the place of every
finding, the outline workers attach, parallel runs, and the baseline file's round trip and
validation. ``tests/test_review_browser.py`` opens the page in Chromium.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from conftest import REPORTS, clean_report, make_linter, replace_line, run_gklint
from gklint.check.outline import ReportOutline, TableView, TextView
from gklint.report.reporters.sarif import FINGERPRINT_KEY
from gklint.report.review import review_html
from test_reporters import GOLDEN, REPORT_NAME, SELECT, check_golden, normalise_version

SCRIPT_PAYLOAD = "<script>window.__xss=1</script>"
ATTRIBUTE_PAYLOAD = '"><img src=x onerror="window.__xss=2">'


# ── fixtures other test modules use ──────────────────────────────────────────────────────
def write_xss_reports(folder: Path) -> list[Path]:
    """Reports whose text, table labels and file names carry markup: a text report and a
    portal page (whose entities decode to the same markup). Each gives findings, so that
    their places are highlighted too."""
    folder.mkdir(parents=True, exist_ok=True)
    text = clean_report("2021")
    text = replace_line(text, "（二）依申请公开。", f"（二）依申请公开{SCRIPT_PAYLOAD}。")
    text = replace_line(text, "一、本年新收政府信息公开申请数量", f"一、本年新收政府信息公开申请数量{ATTRIBUTE_PAYLOAD}")
    text = text.replace("\t37\n", "\t38\n", 1)  # the total no longer adds up: a GK3 finding in the table
    # In the title: the agency's name, shown in the table of reports and the charts' labels.
    text = text.replace("青山县自然资源局2023年", f"青山县{SCRIPT_PAYLOAD}自然资源局2023年", 1)
    plain = folder / f'xss-{ATTRIBUTE_PAYLOAD.replace("/", "")}.txt'
    plain.write_text(text, encoding="utf-8")
    import html

    lines = []
    for line in clean_report("2021").splitlines():
        if "\t" in line:
            lines.append("<table><tr>" + "".join(f"<td>{html.escape(cell)}</td>" for cell in line.split("\t")) + "</tr></table>")
        elif line.strip():
            lines.append(f"<p>{html.escape(line)}</p>")
    page = "\n".join(lines).replace("（二）依申请公开。", "（二）依申请公开" + html.escape(SCRIPT_PAYLOAD + ATTRIBUTE_PAYLOAD) + "。", 1)
    portal = folder / "xss-portal.html"
    portal.write_text(f"<!DOCTYPE html><html><head><meta charset='utf-8'></head><body>{page}</body></html>", encoding="utf-8")
    return [plain, portal]


def rules_of(linter) -> dict[str, type]:
    return {code: entry.rule_class for code, entry in linter.registry.rules.items()}


def marked_texts(outline: ReportOutline) -> list[tuple[int, str]]:
    """(finding index, marked text) of every mark in a text or cell of ``outline``."""
    found = []
    for node in outline.nodes():
        views = []
        if isinstance(node, TextView):
            views = [node]
        elif isinstance(node, TableView):
            views = [cell for row in node.rows for cell in row.cells]
        for view in views:
            found.extend((mark.finding, view.text[mark.start:mark.end]) for mark in view.marks)
    return found


def strip_assets(page: str) -> str:
    """The page without the bodies of its style sheet and script (they have their own tests:
    the browser's), so that the golden file shows what the page says."""
    page = re.sub(r"<style>\n.*?</style>", "<style>…</style>", page, flags=re.S)
    return re.sub(r"<script>\n.*?</script>", "<script>…</script>", page, flags=re.S)


# ── the page ─────────────────────────────────────────────────────────────────────────────
@pytest.fixture
def workdir(tmp_path: Path) -> Path:
    target = tmp_path / REPORT_NAME
    target.parent.mkdir(parents=True)
    shutil.copyfile(GOLDEN / "report-2021.txt", target)
    return tmp_path


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_golden(workdir: Path, lang: str) -> None:
    result = run_gklint("--lang", lang, "check", ".", "--select", SELECT, "--format", "html", cwd=workdir)
    assert result.returncode == 1, result.stderr.decode()
    page = result.stdout.decode("utf-8")
    check_golden(f"report.{lang}.html", normalise_version(strip_assets(page)).replace("gklint 0", "gklint <version>"))


def test_the_page_is_self_contained(workdir: Path) -> None:
    """No URL the browser would fetch: no src, no external href, no @import or url() in the
    styles; a Content-Security-Policy that allows no request."""
    page = run_gklint("check", ".", "--format", "html", "--exit-zero", cwd=workdir).stdout.decode()
    assert "default-src 'none'" in page
    assert not re.search(r"\ssrc\s*=", page)
    hrefs = set(re.findall(r'href="([^"]*)"', page))
    assert hrefs and all(href.startswith("#") for href in hrefs), hrefs - {h for h in hrefs if h.startswith("#")}
    assert "@import" not in page and "url(" not in page
    assert "http://" not in page.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert "https://" not in page


def test_report_text_is_escaped(tmp_path: Path) -> None:
    write_xss_reports(tmp_path / "in")
    result = run_gklint("check", "in", "--format", "html", "--exit-zero", cwd=tmp_path)
    page = result.stdout.decode()
    assert result.returncode == 0, result.stderr.decode()
    assert "window.__xss" in page.replace("&#34;", '"')  # the text is there, as text
    assert "<script>window" not in page and "<img" not in page
    assert page.count("&lt;script&gt;window.__xss=1&lt;/script&gt;") >= 2  # both reports' paragraphs
    assert "&lt;img src=x onerror=" in page


def test_chart_labels_are_escaped() -> None:
    from gklint.report.review.charts import Bar, bar_chart

    chart = str(bar_chart([Bar(f"青山县{SCRIPT_PAYLOAD}", [2, 1], "#r1"), Bar(ATTRIBUTE_PAYLOAD, [0, 3])],
                          [("错误", "s-e"), ("警告", "s-w")], f"标题{SCRIPT_PAYLOAD}"))
    assert "<script" not in chart and "<img" not in chart
    assert chart.count("&lt;script&gt;") == 4  # the title and its aria-label, a bar's label and its tooltip
    assert "&#34;&gt;&lt;img" in chart


def test_every_located_finding_is_marked_at_its_flagged_text() -> None:
    """A text report's findings: each placed once, on exactly the characters its span covers
    (or the one beside a finding of no width)."""
    text = clean_report("2021")
    text = replace_line(text, "一、本年新收政府信息公开申请数量", "一、本年新收政府信息公开申请数")
    text = replace_line(text, "（二）依申请公开。", "（二）依申请公开,")
    text = text.replace("\t37\n", "\t38\n", 1)
    result = make_linter().lint_bytes(text.encode(), "a.txt", outline=True)
    outline = result.outline
    assert len(result.findings) >= 3
    assert outline.placed() == set(range(len(result.findings))) - set(outline.unplaced)
    marks = marked_texts(outline)
    assert sorted(index for index, _ in marks) == sorted(set(index for index, _ in marks))  # once each
    for index, marked in marks:
        span = result.findings[index].span
        flagged = result.source.text[span.start:span.end]
        assert marked == flagged or (not flagged and len(marked) == 1), (result.findings[index].code, marked, flagged)
    assert outline.figures["received"] == 38 or outline.figures["received"] == 37


def test_key_figures_come_from_the_tables() -> None:
    result = make_linter().lint_bytes(clean_report("2021").encode(), "a.txt", outline=True)
    figures = result.outline.figures
    assert figures["received"] == 37
    assert [key for key, _, _ in figures["outcomes"]] == ["granted", "partial", "denied", "unable", "not_handled", "other_handling"]
    assert sum(count for _, _, count in figures["outcomes"]) == 37  # （七）总计
    assert figures["review"] is not None and figures["litigation"] is not None


def test_outline_only_when_asked() -> None:
    linter = make_linter()
    assert linter.lint_bytes(clean_report("2021").encode(), "a.txt").outline is None
    assert isinstance(linter.lint_bytes(clean_report("2021").encode(), "a.txt", outline=True).outline, ReportOutline)


def test_render_review_of_one_result_is_the_public_api() -> None:
    """What the web service calls: one result, to a string, in English."""
    linter = make_linter()
    result = linter.lint_bytes(replace_line(clean_report("2021"), "（二）依申请公开。", "（二）依申请公开,").encode(),
                               "upload.txt", outline=True)
    page = review_html([result], lang="en", rules=rules_of(linter))
    assert page.startswith("<!DOCTYPE html>") and page.rstrip().endswith("</html>")
    assert '<html lang="en">' in page and "Findings (1)" in page
    assert page.count('class="m ') == 1 and 'id="r1f0"' in page and 'data-f="r1f0"' in page


def test_parallel_and_serial_runs_write_the_same_page(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for number in range(40):
        text = clean_report("2021" if number % 2 else "2019").replace("青山县", f"第{number}县")
        if number % 3 == 0:
            text = text.replace("\t37\n", "\t36\n", 1)
        (folder / f"{number:02d}.txt").write_text(text, encoding="utf-8")
    serial = run_gklint("check", "in", "--format", "html", "-j", "1", "--exit-zero", cwd=tmp_path)
    parallel = run_gklint("check", "in", "--format", "html", "-j", "2", "--exit-zero", cwd=tmp_path)
    assert serial.stdout == parallel.stdout
    assert serial.stdout.decode().count('<section class="report"') == 40


def test_json_output_is_unchanged_by_the_outline(tmp_path: Path) -> None:
    """The outline is made only for reporters that ask: other formats' results carry none and
    their output does not change (the golden files of test_reporters say the same)."""
    linter = make_linter()
    data = clean_report("2021").encode()
    assert [f.to_dict() for f in linter.lint_bytes(data, "a.txt").findings] == \
        [f.to_dict() for f in linter.lint_bytes(data, "a.txt", outline=True).findings]


# ── --baseline ───────────────────────────────────────────────────────────────────────────
def _sarif_fingerprints(folder: Path, *args: str) -> list[tuple[str, str, str]]:
    """(fingerprint, code, path) of every finding of a SARIF run."""
    result = run_gklint("check", ".", "--format", "sarif", "--exit-zero", *args, cwd=folder)
    results = json.loads(result.stdout)["runs"][0]["results"]
    from urllib.parse import unquote

    return [(item["partialFingerprints"][FINGERPRINT_KEY], item["ruleId"],
             unquote(item["locations"][0]["physicalLocation"]["artifactLocation"]["uri"])) for item in results]


@pytest.fixture
def two_reports(tmp_path: Path) -> Path:
    text = clean_report("2021")
    (tmp_path / "a.txt").write_text(replace_line(text, "（二）依申请公开。", "（二）依申请公开,"), encoding="utf-8")
    (tmp_path / "b.txt").write_text(text.replace("\t37\n", "\t38\n", 1).replace("上年结转", "上年接转"), encoding="utf-8")
    return tmp_path


def _decisions(entries: dict) -> str:
    return json.dumps({"gklint_decisions": 1, "decisions": entries}, ensure_ascii=False)


def test_html_and_sarif_carry_the_same_fingerprints(two_reports: Path) -> None:
    page = run_gklint("check", ".", "--format", "html", "--exit-zero", cwd=two_reports).stdout.decode()
    assert re.findall(r'data-fp="([^"]+)"', page) == [fingerprint for fingerprint, _, _ in _sarif_fingerprints(two_reports)]


def test_baseline_leaves_dismissed_findings_out_and_flags_stale_entries(two_reports: Path) -> None:
    findings = _sarif_fingerprints(two_reports)
    assert len(findings) >= 3
    dismissed, confirmed = findings[0], findings[1]
    entries = {
        dismissed[0]: {"decision": "dismissed", "note": "误报", "code": dismissed[1], "path": dismissed[2], "message": "m"},
        confirmed[0]: {"decision": "confirmed", "code": confirmed[1], "path": confirmed[2]},
        "0" * 32 + ":1": {"decision": "dismissed", "code": "GK301", "path": "a.txt", "message": "已改正"},
        "1" * 32 + ":1": {"decision": "dismissed", "code": "GK301", "path": "not-linted.txt", "message": "别处"},
    }
    (two_reports / "decisions.json").write_text(_decisions(entries), encoding="utf-8")
    before = json.loads(run_gklint("check", ".", "--format", "json", "--exit-zero", cwd=two_reports).stdout)
    result = run_gklint("check", ".", "--format", "json", "--exit-zero", "--baseline", "decisions.json", cwd=two_reports)
    after = json.loads(result.stdout)
    assert len(after) == len(before) - 1
    assert [f for f in before if f not in after][0]["code"] == dismissed[1]
    assert result.stderr.decode().splitlines() == [
        "gklint: 按基线 decisions.json 略去了 1 条已排除的问题",
        f"gklint: 警告：基线条目已不对应任何问题：a.txt: GK301 {'0' * 32}:1：已改正",
    ]
    english = run_gklint("--lang", "en", "check", ".", "--exit-zero", "--baseline", "decisions.json", cwd=two_reports)
    assert english.stderr.decode().splitlines()[-2:] == [
        "gklint: left out 1 finding dismissed in the baseline decisions.json",
        f"gklint: warning: baseline entry matches no finding: a.txt: GK301 {'0' * 32}:1: 已改正",
    ]
    # The fingerprints of the findings that remain are those of the whole file.
    assert _sarif_fingerprints(two_reports, "--baseline", "decisions.json") == findings[1:]


def test_baseline_decides_the_exit_status_by_what_remains(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(replace_line(clean_report("2021"), "（二）依申请公开。", "（二）依申请公开,"), encoding="utf-8")
    findings = _sarif_fingerprints(tmp_path)
    assert len(findings) == 1
    (tmp_path / "d.json").write_text(_decisions({findings[0][0]: {"decision": "dismissed"}}), encoding="utf-8")
    assert run_gklint("check", "a.txt", cwd=tmp_path).returncode == 1
    result = run_gklint("check", "a.txt", "--baseline", "d.json", cwd=tmp_path)
    assert result.returncode == 0, result.stdout.decode()


@pytest.mark.parametrize("content, message", [
    ('{"gklint_decisions": 1, "decisions": {}', "基线文件 d.json 不是有效的 JSON：第 1 行第 40 列：Expecting ',' delimiter"),
    ("[]", '基线文件 d.json：不是 gklint 审查决定文件（应为含 "gklint_decisions": 1 和 "decisions" 的 JSON 对象，由审查报告页面导出）'),
    ('{"gklint_decisions": 1, "decisions": {}, "extra": 1}', "基线文件 d.json：未知的键 'extra'"),
    ('{"gklint_decisions": 1, "decisions": []}', '基线文件 d.json："decisions" 应为对象（指纹 → 决定）'),
    ('{"gklint_decisions": 1, "decisions": {"abc:1": {"decision": "dismissed"}}}',
     "基线文件 d.json：决定 'abc:1'：指纹应为 32 位十六进制数字、冒号和序号（如 SARIF 的 gklintFindingHash/v1）"),
    ('{"gklint_decisions": 1, "decisions": {"%s:1": {"decison": "dismissed"}}}' % ("a" * 32),
     f"基线文件 d.json：决定 '{'a' * 32}:1'：未知的键 'decison'（可用的键：decision, note, code, path, message）"),
    ('{"gklint_decisions": 1, "decisions": {"%s:1": {"decision": "ignore"}}}' % ("a" * 32),
     f"基线文件 d.json：决定 '{'a' * 32}:1'：\"decision\" 应为 \"confirmed\" 或 \"dismissed\"，而不是 'ignore'"),
    ('{"gklint_decisions": 1, "decisions": {"%s:1": {"decision": "dismissed", "note": 3}}}' % ("a" * 32),
     f"基线文件 d.json：决定 '{'a' * 32}:1'：\"note\" 应为字符串"),
])
def test_a_bad_baseline_is_a_clear_error(tmp_path: Path, content: str, message: str) -> None:
    (tmp_path / "a.txt").write_text(clean_report("2021"), encoding="utf-8")
    (tmp_path / "d.json").write_text(content, encoding="utf-8")
    result = run_gklint("check", "a.txt", "--baseline", "d.json", "--format", "json", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.decode().strip() == f"gklint: 错误：{message}"
    assert result.stdout == b""


def test_a_missing_baseline_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(clean_report("2021"), encoding="utf-8")
    result = run_gklint("--lang", "en", "check", "a.txt", "--baseline", "missing.json", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.decode().startswith("gklint: error: cannot read the baseline file missing.json: ")
