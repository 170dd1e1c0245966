"""The narrative against the tables (GK405) and its own totals (GK408), in every input format.

A report with one defect of each kind GK405 and GK408 look for — a count, a count per
applicant type, a share, a result category summed over its sub-rows, a section 二 count, a
claim about the whole, a breakdown that does not add up — and the same report corrected are
rendered as text, Markdown, a Word-exported web page, a Word document and a PDF (the model of
``test_format_equivalence``): every format gives the text's findings on the faulty report and
none on the corrected one. The real reports of ``../shared`` stay silent but for the one
finding that is right.
"""

from __future__ import annotations

import json

import pytest

from conftest import ROOT, clean_report, make_linter, replace_line, run_gklint, shared_path
from test_format_equivalence import is_heading, parse_model, render_docx, render_html, render_pdf, strip_tags

from gklint.check.rules.statements import chinese_number

CODES = ["GK405", "GK408"]

# (where, faulty, corrected): a sentence of the clean 2021 report replaced, or a paragraph put
# after a section heading.
DEFECTS = [
    ("全年通过政府门户网站主动公开政府信息412条，其中政策文件15条、规划计划9条、行政许可和行政处罚结果184条。",
     "全年通过政府门户网站共主动公开政府信息412条，其中政策文件15条、规划计划9条、行政许可和行政处罚结果184条、其他194条。",
     "全年通过政府门户网站共主动公开政府信息412条，其中政策文件15条、规划计划9条、行政许可和行政处罚结果184条、其他204条。"),
    ("全年新收政府信息公开申请37件，上年结转2件，均在法定期限内答复。",
     "全年新收政府信息公开申请三十八件，其中自然人申请30件、法人或其他组织申请8件，上年结转2件，所有申请均已按时办结。",
     "全年新收政府信息公开申请三十七件，其中自然人申请30件、法人或其他组织申请7件，上年结转2件，结转下年度继续办理2件。"),
    ("二、主动公开政府信息情况\n", "全年制发行政规范性文件4件。", "全年制发行政规范性文件3件。"),
    ("三、收到和处理政府信息公开申请情况\n",
     "本年度办结政府信息公开申请37件，其中予以公开18件，占50.0%；无法提供7件。",
     "本年度办结政府信息公开申请37件，其中予以公开18件，占48.6%；无法提供10件。"),
    ("四、政府信息公开行政复议、行政诉讼情况\n",
     "本年度因政府信息公开被申请行政复议3件，均获维持；被提起行政诉讼2件。",
     "本年度因政府信息公开被申请行政复议3件，其中结果维持2件、结果纠正1件；被提起行政诉讼2件，尚未审结1件。"),
]

EXPECTED = [
    ("GK408", "总数「共主动公开政府信息412条」（412）与其后所列 4 项之和 402 不符（15 + 9 + 184 + 194）"),
    ("GK405", "正文称「新收政府信息公开申请三十八件」（38），但表格中「一、本年新收政府信息公开申请数量」的「总计」为 37"),
    ("GK405", "正文称「法人或其他组织申请8件」（8），但表格中「一、本年新收政府信息公开申请数量」的「法人或其他组织商业企业」、"
              "「一、本年新收政府信息公开申请数量」的「法人或其他组织科研机构」、「一、本年新收政府信息公开申请数量」的"
              "「法人或其他组织社会公益组织」、「一、本年新收政府信息公开申请数量」的「法人或其他组织法律服务机构」、"
              "「一、本年新收政府信息公开申请数量」的「法人或其他组织其他」之和为 7"),
    ("GK405", "正文称「所有申请均已按时办结」，但表格中「四、结转下年度继续办理」的「总计」为 2"),
    ("GK405", "正文称「制发行政规范性文件4件」（4），但表格中「行政规范性文件」的「本年制发件数」为 3"),
    ("GK405", "正文称「予以公开18件，占50.0%」（50.0%），但按表格计算为 48.6%（「（一）予以公开」的「总计」为 18，"
              "「（七）总计」的「总计」为 37）"),
    ("GK405", "正文称「无法提供7件」（7），但表格中「1.本机关不掌握相关政府信息」的「总计」、「2.没有现成信息需要另行制作」"
              "的「总计」、「3.补正后申请内容仍不明确」的「总计」之和为 10"),
    ("GK405", "正文称「均获维持」，但表格中「行政复议结果纠正」为 1"),
]


def report(which: int) -> str:
    """The clean 2021 report with the faulty (1) or corrected (2) version of every defect."""
    text = clean_report("2021")
    for entry in DEFECTS:
        where, new = entry[0], entry[which]
        if where.endswith("\n"):
            text = replace_line(text, where, f"{where}\n{new}\n")
        else:
            text = replace_line(text, where, new)
    return text


def markdown(text: str) -> str:
    """The report as Markdown: the title and the section headings marked as headings."""
    lines = text.split("\n")
    lines[0] = f"# {lines[0]}"
    return "\n".join(f"## {line}" if is_heading(line) and "\t" not in line else line for line in lines)


def renderings(text: str) -> dict[str, bytes]:
    blocks = parse_model(text)
    return {
        "txt": text.encode("utf-8"),
        "md": markdown(text).encode("utf-8"),
        "html": render_html(blocks).encode("utf-8"),
        "docx": render_docx(blocks),
        "pdf": render_pdf(blocks),
    }


@pytest.fixture(scope="module")
def linter():
    return make_linter(select=CODES)


@pytest.fixture(scope="module")
def faulty(linter):
    files = renderings(report(1))
    return files, {fmt: linter.lint_bytes(data, f"青山县自然资源局2023年报.{fmt}") for fmt, data in files.items()}


def pairs(result) -> list[tuple[str, str]]:
    return [(finding.code, finding.message) for finding in result.findings]


def test_the_text_report_has_each_defect_once(faulty):
    assert pairs(faulty[1]["txt"]) == EXPECTED


@pytest.mark.parametrize("fmt", ["md", "html", "docx", "pdf"])
def test_every_format_gives_the_text_findings(faulty, fmt):
    result = faulty[1][fmt]
    assert not result.unreadable
    assert pairs(result) == EXPECTED


@pytest.mark.parametrize("fmt", ["txt", "md", "html", "docx", "pdf"])
def test_the_corrected_report_is_silent_in_every_format(linter, fmt):
    data = renderings(report(2))[fmt]
    result = linter.lint_bytes(data, f"corrected.{fmt}")
    assert not result.unreadable
    assert pairs(result) == []


def test_html_findings_point_at_the_sentence(faulty):
    files, results = faulty
    page = files["html"].decode("utf-8")
    flagged = [(finding.code, strip_tags(page[finding.span.start:finding.span.end])) for finding in results["html"].findings]
    assert flagged[0] == ("GK408", "412条")  # the total
    for (code, text), finding in zip(flagged[1:], results["html"].findings[1:]):
        said = finding.message.split("「", 1)[1].split("」", 1)[0]
        assert code == "GK405" and said in text and text.endswith("。") or text.endswith("；"), (finding.message, text)


def test_english_messages(linter):
    result = make_linter(select=CODES, lang="en").lint_bytes(report(1).encode("utf-8"), "report.txt")
    messages = [finding.message for finding in result.findings]
    assert messages[0] == "the total “共主动公开政府信息412条” (412) is not the sum of the 4 parts listed after it: 15 + 9 + 184 + 194 = 402"
    assert "the narrative says “均获维持”, but in the table review_litigation/counts/review_corrected is 1" in messages
    assert ("the narrative says “予以公开18件，占50.0%” (50.0%), but the table gives 48.6% "
            "(applications/granted/total is 18; applications/results_total/total is 37)") in messages


# ── One defect, one finding ──────────────────────────────────────────────────────────────


def test_a_table_cell_the_identity_rules_correct_is_not_a_text_mismatch_too(tmp_path):
    """The README's example has （七）总计·总计 38 where the parts give 37: a narrative that
    says 办结37件 agrees with the corrected table, so the one defect is GK304's finding."""
    text = (ROOT / "examples" / "qingshan-transport-2023.txt").read_text(encoding="utf-8")
    text = replace_line(text, "上年结转2件,均在法定期限内答复。", "上年结转2件,办结37件。")
    (tmp_path / "report.txt").write_text(text, encoding="utf-8")
    both = json.loads(run_gklint("check", "--format", "json", "--select", "GK3,GK405", "report.txt", cwd=tmp_path).stdout)
    assert [finding["code"] for finding in both] == ["GK304"]
    alone = json.loads(run_gklint("check", "--format", "json", "--select", "GK405", "report.txt", cwd=tmp_path).stdout)
    assert [(finding["code"], finding["message"]) for finding in alone] == [
        ("GK405", "正文称「办结37件」（37），但表格中「（七）总计」的「总计」为 38")]


# ── Real reports ─────────────────────────────────────────────────────────────────────────

# What the real reports give; each finding read and judged right (see README).
REAL = {
    ("corpus", "pingtan-2019.html"): [
        ("GK408", "总数「共公布政府信息2599条」（2599）与其后所列 11 项之和 2533 不符"
                  "（25 + 68 + 28 + 69 + 90 + 175 + 67 + 983 + 48 + 124 + 856）"),
    ],
    ("corpus", "pingtan-2021.html"): [],
    ("corpus", "pingtan-2023.html"): [],
    ("corpus", "huaian-city-2024.pdf"): [],
    ("seeds", "000_8c7e58cf2aa459dd.txt"): [],
    ("seeds", "004_a5e5c9fc8846fffe.txt"): [],
}


@pytest.mark.slow
@pytest.mark.parametrize("where", sorted(REAL), ids=lambda where: where[1])
def test_real_reports_are_silent_but_where_right(linter, where):
    path = shared_path(*where)
    assert pairs(linter.lint_path(str(path))) == REAL[where]


# ── Chinese numerals ─────────────────────────────────────────────────────────────────────


@pytest.mark.parametrize("text, value", [
    ("两", 2), ("二", 2), ("十", 10), ("十二", 12), ("二十", 20), ("三十七", 37), ("一百零五", 105),
    ("一百一十", 110), ("两百", 200), ("一千零一", 1001), ("三千二百零八", 3208), ("一万二千", 12000), ("〇", 0),
])
def test_chinese_numerals(text, value):
    assert chinese_number(text) == value


@pytest.mark.parametrize("text", ["", "一二", "万", "三四五"])
def test_not_chinese_numerals(text):
    assert chinese_number(text) is None
