"""Reports flattened into running text (``gklint.parse.flattened``): what the case file
(``rules/cases/flattened.toml``) cannot say — the tree read from one line, other input formats
carrying the same line, ``gklint dump`` and ``--template legacy`` on the command line."""

from __future__ import annotations

import html
import io
import json

from conftest import FIXTURES, lint_text, make_linter, run_gklint

FLAT_2021 = FIXTURES / "flattened" / "bailu-2021.txt"
TOTAL_ROW = "（七）总计 31 4 0 1 1 0 37"


def flat_text() -> str:
    return FLAT_2021.read_text(encoding="utf-8")


def body_line() -> str:
    """The report's one line, without the saving tool's lines above it."""
    return flat_text().split("\n\n", 1)[1].strip()


def build(text: str, path: str = "report.txt"):
    linter = make_linter()
    raw, _ = linter.load(path, text.encode("utf-8"))
    return linter.build(raw)


def test_the_tree_of_a_report_on_one_line():
    document = build(flat_text())
    assert document.title.text.text == "白鹭市生态环境局2021年政府信息公开工作年度报告"
    assert (document.agency, document.year, document.template_id) == ("白鹭市生态环境局", 2021, "2021")
    # The saving tool's lines are not the report's: no node holds them.
    assert not any("Saved:" in text.text or "URL:" in text.text for text, _ in document.texts())
    assert [node.text.text[:6] for node in document.preamble] == ["本报告根据《"]
    assert [(section.number, section.heading.text.text) for section in document.sections] == [
        ("一", "一、总体情况"), ("二", "二、主动公开政府信息情况"), ("三", "三、收到和处理政府信息公开申请情况"),
        ("四", "四、政府信息公开行政复议、行政诉讼情况"), ("五", "五、存在的主要问题及改进情况"), ("六", "六、其他需要报告的事项"),
    ]
    # The tables are read from the words of the line: the narrative keeps none of them.
    assert [table.key for table in document.tables] == ["proactive", "applications", "review_litigation"]
    applications = document.table("applications")
    assert [cell.text.text for cell in applications.row("results_total").values] == TOTAL_ROW.split()[1:]
    assert all("（七）总计" not in text.text for text, kind in document.narrative_texts())
    assert document.section("overview").text.startswith("2021年，白鹭市生态环境局认真贯彻落实")


def test_the_issue_example_is_reported_once_and_nothing_is_guessed():
    # 20, 0, 0, 0, 0, 1, 21 with separators lost: five words for seven columns. The figures
    # contradict the rest of the table, but nothing is read, so no arithmetic rule speaks.
    result = lint_text(flat_text().replace(TOTAL_ROW, "（七）总计20 0 00 0 121"))
    assert [(finding.code, finding.message) for finding in result.findings] == [
        ("GK106", "第三部分「三、收到和处理政府信息公开申请情况」的「收到和处理政府信息公开申请情况」表被压平为连续文字（第 5 行），"
                  "数值无法无歧义地读出（「（七）总计」后有 5 项，应为 7 个数），表中数字未予核对"),
    ]


def test_the_same_line_in_a_web_page_and_a_word_document():
    page = ("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>年报</title></head><body>"
            "<div class=\"nav\"><a href=\"/\">首页</a></div>"
            f"<div class=\"content\"><p>{html.escape(body_line(), quote=False)}</p></div></body></html>")
    result = make_linter().lint_bytes(page.encode("utf-8"), "page.html")
    assert [(finding.code, finding.message) for finding in result.findings] == []

    import docx

    word = docx.Document()
    word.add_paragraph(body_line())
    data = io.BytesIO()
    word.save(data)
    result = make_linter().lint_bytes(data.getvalue(), "report.docx")
    assert [(finding.code, finding.message) for finding in result.findings] == []
    broken = docx.Document()
    broken.add_paragraph(body_line().replace(TOTAL_ROW, "（七）总计31 4 0 1 10 37"))
    data = io.BytesIO()
    broken.save(data)
    result = make_linter().lint_bytes(data.getvalue(), "report.docx")
    assert [finding.code for finding in result.findings] == ["GK106"]


def test_dump_shows_the_table_that_could_not_be_read(tmp_path):
    path = tmp_path / "report.txt"
    path.write_text(flat_text().replace(TOTAL_ROW, "（七）总计31 4 0 1 10 37"), encoding="utf-8")
    completed = run_gklint("dump", str(path))
    assert completed.returncode == 0, completed.stderr.decode()
    tree = json.loads(completed.stdout)
    section = next(section for section in tree["sections"] if section["key"] == "applications")
    (node,) = section["body"]
    assert (node["type"], node["key"], node["unreadable_row"], node["found"], node["expected"]) == (
        "flat_table", "applications", "（七）总计", 6, 7)
    assert node["text"].startswith("（本列数据的勾稽关系为") and node["text"].endswith("四、结转下年度继续办理 1 0 0 0 1 0 2")
    outline = run_gklint("dump", "--format", "text", str(path)).stdout.decode("utf-8")
    assert "flattened table applications, not read (（七）总计: 6 items for 7 values)" in outline


def test_template_legacy_on_the_command_line_and_in_the_config(tmp_path):
    report = tmp_path / "report.txt"
    report.write_text(flat_text(), encoding="utf-8")
    completed = run_gklint("check", "--format", "json", "--template", "legacy", str(report))
    assert completed.returncode == 0, completed.stderr.decode()
    assert [finding["code"] for finding in json.loads(completed.stdout)] == ["GK205"]
    (tmp_path / "gklint.toml").write_text('template = "legacy"\n', encoding="utf-8")
    completed = run_gklint("check", "--format", "json", "report.txt", cwd=tmp_path)
    assert [finding["code"] for finding in json.loads(completed.stdout)] == ["GK205"]
    completed = run_gklint("check", "--template", "legacyy", "report.txt", cwd=tmp_path)
    assert completed.returncode == 2
    assert "未知的报告格式 'legacyy'" in completed.stderr.decode()
