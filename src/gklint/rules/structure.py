"""GK1 — structure: sections, tables and the shape of their rows."""

from __future__ import annotations

from gklint.rule import Rule
from gklint.source import Span
from gklint.tree import Document, Row, Table


def row_name(row: Row) -> str:
    """How a message names a row: its label as written, or its position."""
    if row.label is not None:
        return f"「{row.label.text.strip()}」"
    return ""


def table_title(table: Table, context) -> str:
    spec = context.template.table(table.key) if context.template and table.key else None
    return f"「{spec.title}」" if spec and spec.title else "表格"


class MissingSection(Rule):
    """One of the six required sections is absent.

    ## 检查什么（What it does）
    检查报告是否包含格式规定的六个部分：一、总体情况；二、主动公开政府信息情况；
    三、收到和处理政府信息公开申请情况；四、政府信息公开行政复议、行政诉讼情况；
    五、存在的主要问题及改进情况；六、其他需要报告的事项。章节标题按模板中的规范文本及其
    合法变体（如“四、因政府信息公开工作被申请行政复议、提起行政诉讼情况”）识别，容忍个别错字。

    ## 为什么（Why is this bad?）
    格式由国务院办公厅政府信息与政务公开办公室规定，六个部分缺一不可；缺少章节的报告在
    考核和第三方评估中直接扣分。

    ## 示例（Example）
    ```text
    一、总体情况
    二、主动公开政府信息情况
    四、政府信息公开行政复议、行政诉讼情况
    ```
    改为（Use instead）：
    ```text
    一、总体情况
    二、主动公开政府信息情况
    三、收到和处理政府信息公开申请情况
    四、政府信息公开行政复议、行政诉讼情况
    ```

    ## 已知问题（Known problems）
    标题改写过多（与规范标题相差太远）的章节无法识别，会被报告为缺失。

    ## 修复（Fix safety）
    不可自动修复：缺失的内容只能由撰写者补写。

    ## 选项（Options）
    无。位置：缺失章节应在的位置（下一个存在的章节标题处），否则第 1 行。
    """

    code = "GK101"
    name = "missing-section"
    severity = "error"
    summary = "缺少六个必需部分之一"
    summary_en = "one of the six required sections is absent"

    def check(self, document: Document, context):
        present = {section.key for section in document.sections}
        expected = context.template.sections
        for position, spec in enumerate(expected):
            if spec.key in present:
                continue
            span = self._where(document, [later.key for later in expected[position + 1:]], [earlier.key for earlier in expected[:position]])
            yield self.finding(
                context,
                span,
                f"缺少第{spec.number}部分「{spec.heading}」",
                f"section {spec.number} “{spec.heading}” is missing",
                section=spec.key,
            )

    @staticmethod
    def _where(document: Document, later_keys: list[str], earlier_keys: list[str]) -> Span:
        for key in later_keys:
            section = document.section(key)
            if section is not None:
                return section.heading.span
        for key in reversed(earlier_keys):
            section = document.section(key)
            if section is not None:
                return Span(section.span.end, section.span.end)
        return Span(0, 0)


class CellCount(Rule):
    """A data row holds more or fewer value cells than its table has value columns.

    ## 检查什么（What it does）
    每个数据行的数值单元格个数应等于其所在表格（或子表）的数值列数：表三每行 7 个
    （自然人、五类法人或其他组织、总计），表四 15 个，表二各子表 1 到 3 个。
    复制粘贴造成的合并单元格空位会先被还原：标签与数值之间的固定空格、窄子表末尾的空单元格
    都不算数值。

    ## 为什么（Why is this bad?）
    多一个或少一个单元格，整行数值就错了列：“自然人”的数字跑到“商业企业”下面，
    合计关系随之失真，读者和统计汇总都会读错。

    ## 示例（Example）
    ```text
    （一）予以公开	3	0	0	0	0	3
    ```
    改为（Use instead）：
    ```text
    （一）予以公开	3	0	0	0	0	0	3
    ```

    ## 已知问题（Known problems）
    若整张表都以同样的方式错位，仅凭表格本身无法判断，本规则保持沉默。

    ## 修复（Fix safety）
    不可自动修复：无法确定丢失的是哪一列。

    ## 选项（Options）
    无。
    """

    code = "GK109"
    name = "cell-count"
    severity = "error"
    summary = "数据行的数值单元格个数与表格的数值列数不符"
    summary_en = "a data row holds more or fewer value cells than its table has value columns"

    def check(self, document: Document, context):
        for table in document.tables:
            if table.key is None:
                continue
            spec = context.template.table(table.key)
            for row in table.data_rows():
                if row.shape == "ok" or spec is None:
                    continue
                block = spec.block(row.block)
                if block is None:
                    continue
                expected = len(block.columns)
                found = len(row.value_cells)
                where = table_title(table, context)
                if row.shape == "long":
                    zh = f"数据行{row_name(row)}有 {found} 个数值单元格，而{where}只有 {expected} 个数值列"
                    en = f"row {row_name(row)} holds {found} value cells where the table has {expected} value columns"
                else:
                    zh = f"数据行{row_name(row)}只有 {found} 个数值单元格，而{where}有 {expected} 个数值列（可能有单元格在复制时丢失）"
                    en = f"row {row_name(row)} holds only {found} value cells where the table has {expected} value columns"
                yield self.finding(context, row.span, zh, en, found=found, expected=expected)


RULES = [MissingSection, CellCount]
