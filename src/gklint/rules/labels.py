"""GK2 — labels: row labels and column headers against the canonical text."""

from __future__ import annotations

from gklint.matching import numbering_length
from gklint.rule import Rule, replace_text_fix
from gklint.tree import Document


def _canonical_without_numbering(label: str) -> str:
    return label[numbering_length(label):]


class RowLabel(Rule):
    """A row label is a near miss of a canonical label.

    ## 检查什么（What it does）
    表格中的行标签（含表二子表标题）与格式规定的规范文本相比，有错字、漏字、多字或重复字
    时报告，例如“其他法律法规禁止公开”（应为“其他法律行政法规禁止公开”）、
    “无正当理由由大量反复申请”（应为“无正当理由大量反复申请”）。比较时忽略空白（含单元格内
    换行）、全角半角差异、引号样式和编号样式（“(一)”“（一）”“1.”“1、”）。

    ## 为什么（Why is this bad?）
    行标签是统计口径：改动一个字就可能改变含义，汇总程序和评估人员也无法把数据对应到
    规范的行。

    ## 示例（Example）
    ```text
    	2.其他法律法规禁止公开	0	0	0	0	0	0	0
    ```
    改为（Use instead）：
    ```text
    	2.其他法律行政法规禁止公开	0	0	0	0	0	0	0
    ```

    ## 已知问题（Known problems）
    与两个规范标签同样接近的文字无法判断归属，不报告（由 GK108 报告为未知行）。
    模板中列出的合法变体不算错字。

    ## 修复（Fix safety）
    可安全修复：只替换标签文字本身，保留该行原有的编号（如“2.”“(三)”）和单元格内其他内容。

    ## 选项（Options）
    无。近似程度：每 5 个字允许 1 处差异，至少 1 处，且必须唯一地最接近一个规范标签。
    """

    code = "GK201"
    name = "row-label"
    severity = "warning"
    fixable = True
    summary = "行标签与规范文本近似但不一致"
    summary_en = "a row label is a near miss of a canonical label"

    def check(self, document: Document, context):
        for table in document.tables:
            for row in table.rows:
                for label in row.labels:
                    match = label.match
                    if match is None or match.exact:
                        continue
                    canonical = _canonical_without_numbering(match.canonical)
                    label_text = label.label_text
                    found = label_text.text
                    start = label.cell.text.text.find(found, label.numbering_length) if found else -1
                    fix = None
                    if start >= 0:
                        fix = replace_text_fix(label.cell.text, start, start + len(found), canonical,
                                               f"将「{found}」改为「{canonical}」")
                    yield self.finding(
                        context,
                        label_text.span if found else label.cell.span,
                        f"行标签「{found}」与规范文本不符，应为「{canonical}」",
                        f"row label “{found}” should read “{canonical}”",
                        fix=fix,
                        found=found,
                        canonical=canonical,
                    )


class ColumnHeader(Rule):
    """A column header is a near miss of a canonical header.

    ## 检查什么（What it does）
    表头单元格与规范列名近似但不一致时报告，例如“对外公开总数”（应为“对外公开总数量”）。
    合法变体（如“采购总金额（单位：万元，保留4位小数）”）不报告。

    ## 为什么（Why is this bad?）
    列名定义了每一列数字的含义；列名走样，读者无法确定数字的口径。

    ## 示例（Example）
    ```text
    信息内容	本年新制作数量	本年新公开数量	对外公开总数
    ```
    改为（Use instead）：
    ```text
    信息内容	本年新制作数量	本年新公开数量	对外公开总数量
    ```

    ## 已知问题（Known problems）
    与两个列名同样接近的文字不报告。

    ## 修复（Fix safety）
    可安全修复：只替换该表头单元格的文字。

    ## 选项（Options）
    无。
    """

    code = "GK202"
    name = "column-header"
    severity = "warning"
    fixable = True
    summary = "列标题与规范文本近似但不一致"
    summary_en = "a column header is a near miss of the canonical header"

    def check(self, document: Document, context):
        for table in document.tables:
            for row in table.rows:
                for header in row.headers:
                    match = header.match
                    if match is None or match.exact:
                        continue
                    text = header.cell.text
                    found = text.text.strip()
                    start = text.text.find(found)
                    fix = replace_text_fix(text, start, start + len(found), match.canonical,
                                           f"将「{found}」改为「{match.canonical}」")
                    yield self.finding(
                        context,
                        text.span,
                        f"列标题「{found}」与规范文本不符，应为「{match.canonical}」",
                        f"column header “{found}” should read “{match.canonical}”",
                        fix=fix,
                        found=found,
                        canonical=match.canonical,
                    )


RULES = [RowLabel, ColumnHeader]
