"""GK1 — structure: sections, tables and the shape of their rows."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, NamedTuple

from gklint.grammar import NUMERALS, SPACE
from gklint.check.finding import Edit, Fix, Related
from gklint.check.messages import Message, fragment
from gklint.parse.matching import fold, normalize
from gklint.check.rule import Rule
from gklint.read.source import Span
from gklint.parse.tree import Document, Heading, Paragraph, Row, RowKey, Section, Table

if TYPE_CHECKING:
    from gklint.formats.template import SectionSpec

# How many rows GK109's message names when one table has several rows out of shape.
ROW_EXAMPLES = 3


def row_name(row: Row) -> dict | str:
    """How a message names a row: its label as written (a ``row`` fragment), or nothing."""
    if row.label is not None:
        return fragment("row", label=row.label.text.strip())
    return ""


def table_title(table: Table, context) -> dict:
    """How a message names a table: its title (a ``table-title`` fragment) or ``untitled``."""
    spec = context.template.table(table.key) if context.template and table.key else None
    return fragment("table-title", title=spec.title) if spec and spec.title else fragment("untitled")


def table_name(spec) -> dict:
    """How GK107 and GK108 name a table of the template (``_TABLE_NAMES``)."""
    return fragment("table", title=spec.title) if spec and spec.title else fragment("untitled-table")


# Fragments naming a table, shared by the rules that say "「…」表".
_TABLE_NAMES = {
    "table": Message(zh="「{title}」表", en="table “{title}”"),
    "untitled-table": Message(zh="表格", en="the table"),
}


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
    messages = {
        "missing": Message(zh="缺少第{number}部分「{heading}」", en="section {number} “{heading}” is missing"),
    }

    def check(self, document: Document, context):
        present = {section.key for section in document.sections}
        expected = context.template.sections
        for position, spec in enumerate(expected):
            if spec.key in present:
                continue
            span = self._where(document, [later.key for later in expected[position + 1:]], [earlier.key for earlier in expected[:position]])
            yield self.finding(context, span, "missing", number=spec.number, heading=spec.heading,
                               data={"section": spec.key})

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
    同一张表有几行个数不对时（通常是一次复制粘贴的结果）只报告一次：定位在第一行，
    列出前 3 行，其余各行列为“另见”。

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
    messages = {
        "too-many": Message(zh="数据行{row}有 {found} 个数值单元格，而{table}只有 {expected} 个数值列",
                            en="row {row} holds {found} value cells where the table has {expected} value columns"),
        "too-few": Message(
            zh="数据行{row}只有 {found} 个数值单元格，而{table}有 {expected} 个数值列（可能有单元格在复制时丢失）",
            en="row {row} holds only {found} value cells where the table has {expected} value columns",
        ),
        "rows": Message(
            zh="{table}有 {count} 个数据行的数值单元格个数与数值列数不符：{rows:、}（可能有单元格在复制时丢失或错位）",
            en="{count} rows of {table} hold more or fewer value cells than it has value columns: {rows:, }",
        ),
        "rows-more": Message(
            zh="{table}有 {count} 个数据行的数值单元格个数与数值列数不符：{rows:、}等（可能有单元格在复制时丢失或错位）",
            en="{count} rows of {table} hold more or fewer value cells than it has value columns: {rows:, }, …",
        ),
        # fragments: the row's label and the table's title, a row's cells
        "row": Message(zh="「{label}」", en="「{label}」"),
        "row-at": Message(zh="第 {line} 行", en="line {line}"),
        "row-cells": Message(zh="{row}有 {found} 个（应为 {expected} 个）", en="{row} holds {found} (of {expected})"),
        "table-title": Message(zh="「{title}」", en="“{title}”"),
        "untitled": Message(zh="表格", en="the table"),
    }

    def check(self, document: Document, context):
        for table in document.index.tables:
            if table.key is None or _all_in_shape(table.rows):
                continue  # (most tables: every row read in its shape, nothing to report)
            spec = context.template.table(table.key)
            # (row, its message id and arguments) of each row of the table that is out of shape
            wrong: list[tuple[Row, str, dict]] = []
            for row in table.data_rows():
                if row.shape == "ok" or spec is None:
                    continue
                block = spec.block(row.block)
                if block is None:
                    continue
                wrong.append((row, "too-many" if row.shape == "long" else "too-few",
                              {"row": row_name(row), "table": table_title(table, context),
                               "found": len(row.value_cells), "expected": len(block.columns)}))
            if len(wrong) == 1:
                row, message_id, args = wrong[0]
                yield self.finding(context, row.span, message_id, **args)
            elif wrong:
                # One defect of the table (cells lost or split in copying), one finding: the
                # first row, the others as related places.
                rows = [fragment("row-cells", row=row_name(row) or fragment("row-at", line=_line(document, row.span)),
                                 found=args["found"], expected=args["expected"]) for row, _, args in wrong]
                first = wrong[0][0]
                yield self.finding(
                    context, first.span, "rows-more" if len(rows) > ROW_EXAMPLES else "rows",
                    table=table_title(table, context), count=len(rows), rows=rows[:ROW_EXAMPLES],
                    data={"rows": [row.key for row, _, _ in wrong]},
                    related=[Related(row.span, message_id, args) for row, message_id, args in wrong[1:]],
                )


def _all_in_shape(rows: list[Row]) -> bool:
    """Whether every one of ``rows`` has the shape ``ok``: GK109 then reports nothing in their
    table, whose data rows (a hundred in a report) are not walked one by one through
    ``Table.data_rows`` (``benchmarks/stages.py``, GK109)."""
    return not [row for row in rows if row.shape != "ok"]


def _line(document: Document, span: Span) -> int:
    return document.source.position(span.start)[0]


def _heading_text(section: Section) -> str:
    return section.heading.text.text.strip()


def _first_occurrences(document: Document) -> list[Section]:
    seen: set[str] = set()
    sections = []
    for section in document.sections:
        if section.key is None or section.key in seen:
            continue
        seen.add(section.key)
        sections.append(section)
    return sections


class SectionOrder(Rule):
    """The required sections are out of the canonical order.

    ## 检查什么（What it does）
    六个部分应按“一、总体情况”到“六、其他需要报告的事项”的顺序排列。本规则找出在文中
    顺序正确的最长一组章节，报告不在其中的每个章节标题，并指出它应放在哪个章节之前或之后。
    重复出现的章节只看第一次出现（重复由 GK103 报告）。

    ## 为什么（Why is this bad?）
    格式规定了章节顺序，读者、评估人员和汇总程序都按这个顺序查找内容；顺序颠倒的报告
    不符合格式要求，也容易让人误以为缺少某一部分。

    ## 示例（Example）
    ```text
    一、总体情况
    三、收到和处理政府信息公开申请情况
    二、主动公开政府信息情况
    ```
    改为（Use instead）：
    ```text
    一、总体情况
    二、主动公开政府信息情况
    三、收到和处理政府信息公开申请情况
    ```

    ## 已知问题（Known problems）
    两个相邻章节互换时，只报告后出现的那一个（它被视为放错了位置）。

    ## 修复（Fix safety）
    不可自动修复：移动整章内容需要撰写者确认。

    ## 选项（Options）
    无。
    """

    code = "GK102"
    name = "section-order"
    severity = "warning"
    summary = "必需的章节没有按规定顺序排列"
    summary_en = "required sections are out of the canonical order"
    messages = {
        "out-of-order": Message(zh="第{number}部分「{heading}」位置不对，{where}",
                                en="section {number} “{heading}” is out of order: {where}"),
        # fragments: where the section belongs
        "before": Message(zh="应在「{heading}」之前", en="it belongs before “{heading}”"),
        "after": Message(zh="应在「{heading}」之后", en="it belongs after “{heading}”"),
        "misplaced": Message(zh="顺序不对", en="it is out of order"),
    }

    def prepare(self, template, settings) -> dict[str, int]:
        """Each section's rank in the canonical order, by key: the template's, the same for
        every report."""
        return {spec.key: index for index, spec in enumerate(template.sections)} if template else {}

    def check(self, document: Document, context):
        order = context.prepared
        sections = [section for section in _first_occurrences(document) if section.key in order]
        ranks = [order[section.key] for section in sections]
        if ranks == sorted(ranks):
            # (Most reports: the sections in order, every one kept, no longest run to work out.
            # First occurrences have distinct keys, so sorted ranks increase strictly.)
            return
        keep = _longest_increasing(ranks)
        for position, section in enumerate(sections):
            if position in keep:
                continue
            rank = ranks[position]
            spec = context.template.sections[rank]
            before = next((sections[other] for other in sorted(keep) if other < position and ranks[other] > rank), None)
            if before is not None:
                where = fragment("before", heading=_heading_text(before))
            else:
                after = next((sections[other] for other in sorted(keep, reverse=True) if other > position and ranks[other] < rank), None)
                where = fragment("after", heading=_heading_text(after)) if after else fragment("misplaced")
            yield self.finding(context, section.heading.span, "out-of-order", number=spec.number,
                               heading=_heading_text(section), where=where, data={"section": section.key})


def _longest_increasing(values: list[int]) -> set[int]:
    """Positions of a longest strictly increasing subsequence, preferring earlier positions."""
    count = len(values)
    # best[i]: length of the longest increasing run starting at i, built from the right.
    best = [1] * count
    for i in range(count - 1, -1, -1):
        for j in range(i + 1, count):
            if values[j] > values[i] and best[j] + 1 > best[i]:
                best[i] = best[j] + 1
    chosen: set[int] = set()
    length = max(best, default=0)
    last = None
    for i in range(count):
        if best[i] == length and (last is None or values[i] > values[last]):
            chosen.add(i)
            last = i
            length -= 1
            if length == 0:
                break
    return chosen


class DuplicateSection(Rule):
    """A required section appears more than once.

    ## 检查什么（What it does）
    同一个必需章节（按规范标题及其合法变体识别）出现两次或以上时，报告第二次及以后出现的
    标题。报告开头列出六个部分标题的目录不算重复。

    ## 为什么（Why is this bad?）
    重复的章节往往是复制粘贴留下的旧内容或两个版本的合并残留，读者无法判断哪一份数据
    才是准确的。

    ## 示例（Example）
    ```text
    五、存在的主要问题及改进情况
    ……
    五、存在的主要问题及改进情况
    ```
    改为（Use instead）：
    ```text
    五、存在的主要问题及改进情况
    ……
    六、其他需要报告的事项
    ```

    ## 已知问题（Known problems）
    正文中与章节标题完全相同、并带有“一、”式编号或标题标记的小标题也会被视为章节标题。

    ## 修复（Fix safety）
    不可自动修复：应保留哪一份内容需要撰写者判断。

    ## 选项（Options）
    无。
    """

    code = "GK103"
    name = "duplicate-section"
    severity = "error"
    summary = "必需的章节重复出现"
    summary_en = "a required section appears more than once"
    messages = {
        "duplicate": Message(zh="第{number}部分「{heading}」重复出现（第一次在第 {first_line} 行）",
                             en="section {number} “{heading}” appears again (first at line {first_line})"),
    }

    def check(self, document: Document, context):
        first: dict[str, Section] = {}
        for section in document.sections:
            if section.key is None:
                continue
            if section.key not in first:
                first[section.key] = section
                continue
            spec = context.template.section(section.key)
            number = spec.number if spec else section.number
            line = _line(document, first[section.key].heading.span)
            yield self.finding(context, section.heading.span, "duplicate", number=number,
                               heading=_heading_text(section), first_line=line, data={"section": section.key})


_MARKDOWN_PREFIX = re.compile(r"^([ \t\u3000]*)(#{1,6}[ \t\u3000]*)?((?:\*\*|__)?)")
_DIGITS = "123456789"


class HeadingStyle(Rule):
    """The six section headings use inconsistent styles.

    ## 检查什么（What it does）
    比较六个章节标题的样式：Markdown 标题级别（`##` 与 `####`）、编号形式（“一、”与“1.”、
    “一.”）以及是否加粗（`**一、总体情况**` 与 `一、总体情况`）。每一项取多数章节的写法
    （票数相同时取最先出现的写法），报告与之不同的每个章节标题。

    ## 为什么（Why is this bad?）
    六个部分是同级标题。样式不一致会让读者误以为某些部分是下级小节，网页和文档的目录
    也会因此错乱。

    ## 示例（Example）
    ```text
    ## 一、总体情况
    ## 二、主动公开政府信息情况
    #### 三、收到和处理政府信息公开申请情况
    ```
    改为（Use instead）：
    ```text
    ## 一、总体情况
    ## 二、主动公开政府信息情况
    ## 三、收到和处理政府信息公开申请情况
    ```

    ## 已知问题（Known problems）
    Word、HTML 文件中的标题样式（而非文字中的 `#`、`**` 标记）只报告、不修复。

    ## 修复（Fix safety）
    可安全修复：只改写标题的标记和编号（`#`、`**`、“一、”/“1.”），标题文字本身不动；
    编号保留原有序号，只改变写法。

    ## 选项（Options）
    无。
    """

    code = "GK104"
    name = "heading-style"
    severity = "warning"
    fixable = True
    summary = "六个章节标题的样式不一致"
    summary_en = "the six section headings use inconsistent styles"
    messages = {
        "inconsistent": Message(
            zh="章节标题「{heading}」的样式与多数章节标题不一致：此处为{found:、}，多数为{majority:、}",
            en="section heading “{heading}” is styled differently ({found:, }) from the other section headings "
               "({majority:, })",
        ),
        # fragments: one part of a style (``_describe``)
        "no-markup": Message(zh="无标题标记", en="no heading markup"),
        "level": Message(zh="{level}级标题（{marks}）", en="level-{level} heading ({marks})"),
        "no-numbering": Message(zh="无编号", en="no numbering"),
        "numbered": Message(zh="“{example}”式编号", en="numbered “{example}”"),
        "bold": Message(zh="加粗", en="bold"),
        "not-bold": Message(zh="不加粗", en="not bold"),
    }

    def check(self, document: Document, context):
        sections = [section for section in document.sections if section.key is not None]
        if len(sections) < 2:
            return
        headings = [section.heading for section in sections]
        styles = [_style(heading) for heading in headings]
        if styles.count(styles[0]) == len(styles):
            return  # (most reports: every heading alike, no majority to work out)
        majority = tuple(_majority([style[part] for style in styles]) for part in range(3))
        textual = all(_textual(heading) for heading in headings)
        for section, heading, style in zip(sections, headings, styles):
            differing = [part for part in range(3) if style[part] != majority[part]]
            if not differing:
                continue
            spec = context.template.section(section.key)
            fix = _restyle(heading, majority, spec.number if spec else None) if textual else None
            yield self.finding(context, heading.span, "inconsistent", fix=fix, heading=heading.text.text.strip(),
                               found=[_describe(style, part) for part in differing],
                               majority=[_describe(majority, part) for part in differing],
                               data={"section": section.key})


def _style(heading: Heading) -> tuple[int | None, str, bool]:
    """What GK104 compares between section headings: markup level, numbering style, bold."""
    return (heading.markup_level, heading.numbering_style, heading.bold)


def _majority(values: list) -> object:
    counts: dict[object, int] = {}
    for value in values:
        counts[value] = counts.get(value, 0) + 1
    top = max(counts.values())
    return next(value for value in values if counts[value] == top)


def _textual(heading: Heading) -> bool:
    """Whether the heading's markup is written in its text (``##``, ``**``) and so can be rewritten."""
    text = heading.text.text.lstrip(" \t\u3000")
    if heading.markup_level is not None and not text.startswith("#"):
        return False
    if heading.bold and "**" not in text and "__" not in text:
        return False
    return True


def _numbering_example(style: str) -> str:
    if style == "none":
        return ""
    if style.startswith("1"):
        return style
    if style in ("（）", "()"):
        return "（一）" if style == "（）" else "(一)"
    return "一" + style


def _describe(style: tuple, part: int) -> dict:
    """One part of a heading's style (markup, numbering, bold) as a fragment of GK104's messages."""
    value = style[part]
    if part == 0:
        return fragment("no-markup") if value is None else fragment("level", level=value, marks="#" * value)
    if part == 1:
        return fragment("no-numbering") if value == "none" else fragment("numbered", example=_numbering_example(value))
    return fragment("bold" if value else "not-bold")


def _restyle(heading: Heading, target: tuple, canonical_number: str | None) -> Fix | None:
    """Rewrite the markup and numbering around the heading's title to ``target``."""
    text = heading.text.text
    title = heading.title.text
    title_start = text.find(title) if title else -1
    if title_start < 0:
        return None
    title_end = title_start + len(title)
    prefix, suffix = text[:title_start], text[title_end:]
    markup = _MARKDOWN_PREFIX.match(prefix)
    lead = markup.group(1)
    numbering = prefix[markup.end():]
    level, numbering_style, bold = target
    new_numbering = numbering
    if numbering_style != heading.numbering_style:
        new_numbering = _renumber(heading, numbering_style, canonical_number)
        if new_numbering is None:
            return None
    new_prefix = lead + ("#" * level + " " if level is not None else "") + ("**" if bold else "") + new_numbering
    body = suffix.rstrip(" \t\u3000\r\n")
    trailing = suffix[len(body):]
    body = body.replace("**", "").replace("__", "") if (heading.bold and not bold) or bold else body
    new_suffix = body + ("**" if bold else "") + trailing
    edits: list[Edit] = []
    if new_prefix != prefix:
        replaced = heading.text.replacement_edits(0, title_start, new_prefix)
        if replaced is None:
            return None
        edits.extend(Edit(*edit) for edit in replaced)
    if new_suffix != suffix:
        replaced = heading.text.replacement_edits(title_end, len(text), new_suffix)
        if replaced is None:
            return None
        edits.extend(Edit(*edit) for edit in replaced)
    if not edits:
        return None
    return Fix(tuple(edits), f"将「{text.strip()}」改为「{(new_prefix + title + new_suffix).strip()}」")


def _renumber(heading: Heading, style: str, canonical_number: str | None) -> str | None:
    numeral = heading.numbering.rstrip("、.．，,：:）)").lstrip("（(")
    if numeral and numeral in _DIGITS:
        position = int(numeral)
    elif numeral and numeral in NUMERALS:
        position = NUMERALS.index(numeral) + 1
    elif canonical_number and canonical_number in NUMERALS:
        position = NUMERALS.index(canonical_number) + 1
    else:
        return None
    if style == "none":
        return ""
    if style.startswith("1"):
        return f"{position}{style[1:]}"
    han = NUMERALS[position - 1]
    if style in ("（）", "()"):
        return f"（{han}）" if style == "（）" else f"({han})"
    return han + style


class Title(Rule):
    """The title does not name the agency, the year and 政府信息公开工作年度报告.

    ## 检查什么（What it does）
    报告标题应写明发布机关、报告年度和“政府信息公开工作年度报告”，例如
    “青山县自然资源局2023年政府信息公开工作年度报告”。机关名称单独占标题上一行的写法
    也认可。报告没有标题时，在第 1 行报告。

    ## 为什么（Why is this bad?）
    年度报告要在政府网站集中发布、归档和检索；标题不写明机关或年份，读者和检索系统
    无法判断这是哪个机关哪一年的报告。

    ## 示例（Example）
    ```text
    政府信息公开年度报告
    ```
    改为（Use instead）：
    ```text
    青山县自然资源局2023年政府信息公开工作年度报告
    ```

    ## 已知问题（Known problems）
    标题与正文之间若夹有其他短行，可能把别的行当作标题。

    ## 修复（Fix safety）
    不可自动修复：机关名称和年份只能由撰写者补写。

    ## 选项（Options）
    无。
    """

    code = "GK105"
    name = "title"
    severity = "warning"
    summary = "标题没有写明机关、年度和“政府信息公开工作年度报告”"
    summary_en = "the title does not name the agency, the year and 政府信息公开工作年度报告"
    messages = {
        "no-title": Message(zh="报告没有标题（应写明机关名称、年度和“{words}”）",
                            en="the report has no title (it should name the agency, the year and “{words}”)"),
        "incomplete": Message(zh="标题「{title}」没有写明{missing:、}", en="the title “{title}” does not name {missing:, }"),
        # fragments: what the title lacks
        "agency": Message(zh="机关名称", en="the agency"),
        "year": Message(zh="报告年度", en="the year"),
        "words": Message(zh="“{words}”", en="“{words}”"),
    }

    def check(self, document: Document, context):
        title = document.title
        required = context.templates.title.required  # the phrase every title names (rules.toml [title])
        if title is None:
            yield self.finding(context, Span(0, 0), "no-title", words=required)
            return
        missing = []
        if document.agency is None:
            missing.append(fragment("agency"))
        if document.year is None:
            missing.append(fragment("year"))
        if fold(required) not in fold(title.text.text):
            missing.append(fragment("words", words=required))
        if not missing:
            return
        yield self.finding(context, title.span, "incomplete", title=title.text.text.strip(), missing=missing)


_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)|<img\b", re.IGNORECASE)


class MissingTable(Rule):
    """A section that must hold a table has none that can be recognised, or cannot be read.

    ## 检查什么（What it does）
    第二、三、四部分（模板中带表格的章节）各须有一张统计表。本规则在这些章节中找不到
    可识别的表格时报告：表格以图片发布（Markdown 图片 `![](…)` 或 HTML `<img>`）、
    表格内容无法对应到规范表，或根本没有表格。表格出现在报告其他位置的，不报告。
    报告被压平为连续文字（归档工具、PDF 阅读器导出的纯文本，全文一行）时，表格的行标签和
    数字混在正文里：每行的数字个数与该行的列数相同时照常读出并核对；分隔丢失、数字粘连
    （如“（七）总计20 0 00 0 121”）以致无法无歧义地读出时，本规则在该章节报告一次：
    表格在，但数字没有核对。

    ## 为什么（Why is this bad?）
    统计表是年度报告的核心数据。以图片发布的表格无法检索、复制和核对，
    也不符合网页无障碍要求；缺表则数据缺失。

    ## 示例（Example）
    ```text
    三、收到和处理政府信息公开申请情况

    ![](table3.png)
    ```
    改为（Use instead）：
    ```text
    三、收到和处理政府信息公开申请情况

    （本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）	…
    一、本年新收政府信息公开申请数量	…
    ```

    ## 已知问题（Known problems）
    从 PDF 中提取时表格若被拆成普通文字行（每行一段），也会被报告为缺表。
    压平的表格中空白单元格不留痕迹，少了数字的行同样无法读出；行标签有错字的行找不到，
    其前一行也就读不出（此时报告本条而不是 GK201）。

    ## 修复（Fix safety）
    不可自动修复：请提供保留表格的原文件（Word、网页或 PDF）。

    ## 选项（Options）
    无。位置：该章节的标题。
    """

    code = "GK106"
    name = "missing-table"
    severity = "error"
    summary = "须有表格的章节中没有可识别的表格"
    summary_en = "a section that must hold a table has none that can be recognised"
    messages = {
        "image": Message(
            zh="第{number}部分「{heading}」的{table}以图片形式发布（第 {line} 行），无法识别其中的数据",
            en="the table of section {number} “{heading}” is published as an image (line {line}); its data cannot be read",
        ),
        "unrecognised": Message(
            zh="第{number}部分「{heading}」中的表格（第 {line} 行）无法识别为{table}",
            en="the table in section {number} “{heading}” (line {line}) cannot be recognised as the required table",
        ),
        "absent": Message(zh="第{number}部分「{heading}」中没有{table}", en="section {number} “{heading}” holds no table"),
        "flattened": Message(
            zh="第{number}部分「{heading}」的{table}被压平为连续文字（第 {line} 行），数值无法无歧义地读出"
               "（{row}后有 {found} 项，应为 {expected} 个数），表中数字未予核对",
            en="the table of section {number} “{heading}” is flattened into running text (line {line}) and its values "
               "cannot be read unambiguously ({row}: {found} items where {expected} numbers belong); its figures were not checked",
        ),
        # the row the values of a flattened table could not be read after
        "flat-row": Message(zh="「{label}」", en="row “{label}”"),
        "flat-header": Message(zh="表头", en="after the header"),
        # fragments: the table the section must hold
        "table": Message(zh="「{title}」表", en="table “{title}”"),
        "statistics-table": Message(zh="统计表", en="the statistics table"),
    }

    def prepare(self, template, settings) -> tuple[dict[str, SectionSpec], frozenset[str]]:
        """The sections of the template that must hold tables, by key (``Template.section``,
        asked once per template instead of per section of every report), and the keys of all
        their tables: the template's, the same for every report."""
        found = {spec.key: template.section(spec.key) for spec in template.sections} if template else {}
        tabled = {key: spec for key, spec in found.items() if spec.tables}
        return tabled, frozenset(key for spec in tabled.values() for key in spec.tables)

    def check(self, document: Document, context):
        tabled, required = context.prepared
        present = {table.key for table in document.index.tables if table.key}
        if required <= present:
            return  # (most reports: every table there, no section to look at)
        reported: set[str] = set()
        for section in document.sections:
            spec = tabled.get(section.key) if section.key else None
            if spec is None or section.key in reported:
                continue
            missing = [key for key in spec.tables if key not in present]
            if not missing:
                continue
            reported.add(section.key)
            table_spec = context.template.table(missing[0])
            name = fragment("table", title=table_spec.title) if table_spec and table_spec.title else fragment("statistics-table")
            image = next((node for node in section.body if isinstance(node, Paragraph) and _IMAGE.search(node.text.text)), None)
            unknown = [table for table in section.tables if table.key is None]
            flat = next((table for table in section.flat_tables if table.key == missing[0]), None)
            args = {"number": spec.number, "heading": _heading_text(section), "table": name}
            if flat is not None:
                message_id, args["line"] = "flattened", _line(document, flat.span)
                args["row"] = fragment("flat-row", label=flat.row) if flat.row else fragment("flat-header")
                args.update(found=flat.found, expected=flat.expected)
            elif image is not None:
                message_id, args["line"] = "image", _line(document, image.span)
            elif unknown:
                message_id, args["line"] = "unrecognised", _line(document, unknown[0].span)
            else:
                message_id = "absent"
            yield self.finding(context, section.heading.span, message_id, data={"section": section.key, "table": missing[0]},
                               **args)


class MissingRow(Rule):
    """A canonical row or sub-block is absent.

    ## 检查什么（What it does）
    已识别的统计表中，格式规定的每一行（按规范行标签及近似写法识别）都应出现。缺少整个
    子表（如 2019 年格式表二的“第二十条第（九）项”）时只报告一次，不逐行报告；一组下级
    项目（如“（三）不予公开”的 1—8 项）全部缺失时也只报告一次。同一张表被分页拆成几段时
    合并判断。

    ## 为什么（Why is this bad?）
    缺行意味着缺数据，合计关系无法核对；评估时按缺项扣分。写成“0”的行不能省略。

    ## 示例（Example）
    ```text
    	（五）不予处理	1.信访举报投诉类申请	0	0	0	0	0	0	0
    		3.要求提供公开出版物	0	0	0	0	0	0	0
    ```
    改为（Use instead）：
    ```text
    	（五）不予处理	1.信访举报投诉类申请	0	0	0	0	0	0	0
    		2.重复申请	0	0	0	0	0	0	0
    		3.要求提供公开出版物	0	0	0	0	0	0	0
    ```

    ## 已知问题（Known problems）
    行标签改写得太多、无法识别的行（GK108）所对应的规范行也会被报告为缺失。
    缺失的行若以普通文字出现在同一章节中，不报告。

    ## 修复（Fix safety）
    不可自动修复。

    ## 选项（Options）
    无。位置：该表的第一行。
    """

    code = "GK107"
    name = "missing-row"
    severity = "error"
    summary = "缺少规范规定的行或子表"
    summary_en = "a canonical row or sub-block is absent"
    messages = {
        "missing-block": Message(zh="{table}缺少子表「{block}」（{rows:、}）",
                                 en="{table} lacks the sub-block “{block}” ({rows:、})"),
        "missing-data-row": Message(zh="{table}缺少数据行", en="{table} lacks its data row"),
        "missing-rows": Message(zh="{table}缺少「{label}」及其下各项", en="{table} lacks “{label}” and the rows under it"),
        "missing-row": Message(zh="{table}缺少「{label}」行", en="{table} lacks the row “{label}”"),
        **_TABLE_NAMES,
    }

    def prepare(self, template, settings) -> dict[tuple[str, str], _BlockRows]:
        """The rows of each block of the template (``_block_rows``), by table and block key:
        they depend on the template only."""
        if template is None:
            return {}
        return {(table.key, block.key): _block_rows(block) for table in template.tables for block in table.blocks}

    def check(self, document: Document, context):
        tables: dict[str, list[Table]] = {}
        for table in document.index.tables:
            if table.key:
                tables.setdefault(table.key, []).append(table)
        for key, pieces in tables.items():
            spec = context.template.table(key)
            if spec is None or _shows_every_data_row(pieces, spec, context.prepared):
                continue
            present, blocks = _present_rows(pieces)
            nearby: str | None = None  # the section's paragraphs, folded when a row is missing
            first = pieces[0]
            span = first.rows[0].span if first.rows else first.span
            name = table_name(spec)
            for block in spec.blocks:
                if len(spec.blocks) > 1 and block.key not in blocks:
                    yield self.finding(context, span, "missing-block", table=name, block=block.title,
                                       rows=[row.label for row in block.data_rows], data={"block": block.key})
                    continue
                rows = context.prepared[key, block.key]
                if rows.data <= present:
                    continue  # every data row is shown: no row, and no label row's rows, can be missing
                for row in _missing_units(rows.units, None, present):
                    label = row.label
                    if len(normalize(label)) >= 4:
                        if nearby is None:
                            nearby = fold("".join(
                                node.text.text
                                for section in document.sections if section.key == spec.section
                                for node in section.body if isinstance(node, Paragraph)
                            ))
                        if normalize(label) in nearby:
                            continue
                    message_id = "missing-data-row" if row.unlabelled else "missing-rows" if not row.data else "missing-row"
                    yield self.finding(context, span, message_id, table=name, label=label,
                                       data={"block": block.key, "row": row.key})


def _shows_every_data_row(tables: list[Table], spec, block_rows: dict[tuple[str, str], _BlockRows]) -> bool:
    """Whether the data rows of ``tables`` show every data row of each block of ``spec``:
    then GK107 reports nothing there (every block is shown too). Their keys are part of what
    ``_present_rows`` finds, without the labels of each row: most tables show every row, and
    reading the labels of all of them showed in profiles (``benchmarks/stages.py``, GK107)."""
    # (A row without a block or a key gives a pair that is no ``RowKey`` of the template,
    # whose keys are all strings: it matches none. The pairs made by a comprehension, whose
    # reads of a row's slots Python specialises, rather than by ``attrgetter`` over the data
    # rows: GK107's check 179 -> 162 thousand instructions a generated text report, callgrind.)
    shown = {(row.block, row.key) for table in tables for row in table.rows if row.kind == "data"}
    for block in spec.blocks:
        data = block_rows[spec.key, block.key].data
        if not data or not data <= shown:  # (a block without data rows: the full walk judges it)
            return False
    return True


def _present_rows(tables: list[Table]) -> tuple[set[RowKey], set[str]]:
    """The ``RowKey`` s of the rows the tables show, and the blocks they show."""
    present: set[RowKey] = set()
    blocks: set[str] = set()  # the blocks of title rows; those of the rows are added at the end
    for table in tables:
        for row in table.rows:
            block = row.block
            if not block:
                continue
            kind = row.kind
            if kind == "title":
                blocks.add(block)
            elif kind == "data" or kind == "label" or kind == "unknown":
                for label in row.labels:
                    match = label.match
                    if match is not None and isinstance(match.key, RowKey):
                        present.add(match.key)
                if kind == "data" and row.key:
                    # (A plain pair: a ``RowKey`` is one, equal and hashed alike, and making
                    # one per row showed in profiles: benchmarks/run.py, text reports.)
                    present.add((block, row.key))
    # A row shows its block (a key's first item): one set of the blocks of the rows found,
    # not an addition per row and label.
    blocks.update({key[0] for key in present})
    return present, blocks


def _missing_units(units: _Units, parent: str | None, present: set[RowKey]):
    """The rows under ``parent`` that are missing; a label row whose rows are all missing
    stands for them."""
    for row, key, descendants in units.get(parent, ()):
        if row.data:
            if key not in present:
                yield row
            continue
        if descendants and present.isdisjoint(descendants):
            yield row
        else:
            yield from _missing_units(units, row.key, present)


# The rows of a block by their parent's key, in order, each with its ``RowKey`` and those of
# its data descendants (``_units``).
_Units = dict[str | None, list[tuple[Any, RowKey, tuple[RowKey, ...]]]]


class _BlockRows(NamedTuple):
    """What GK107 knows of a block of the template before it reads a report."""

    units: _Units
    # The ``RowKey`` s of all its data rows. ``_missing_units`` reports a data row that is not
    # present, or a label row none of whose data rows is: when a report shows every data row,
    # it reports nothing, and one subset test says so (most reports show every row) instead
    # of a walk down the block's rows.
    data: frozenset[RowKey]


def _block_rows(block) -> _BlockRows:
    return _BlockRows(_units(block), frozenset(RowKey(block.key, row.key) for row in block.rows if row.data))


def _units(block) -> _Units:
    """The rows of ``block`` by their parent's key (``_Units``)."""
    units: _Units = {}
    for row in block.rows:
        descendants = () if row.data else tuple(RowKey(block.key, child.key) for child in _data_descendants(block, row.key))
        units.setdefault(row.parent, []).append((row, RowKey(block.key, row.key), descendants))
    return units


def _data_descendants(block, key: str) -> list:
    found = []
    for row in block.rows:
        if row.parent == key:
            if row.data:
                found.append(row)
            else:
                found.extend(_data_descendants(block, row.key))
    return found


_NOTE = re.compile(rf"^(?:{SPACE}|\*)*(?:注|备注|说明|附注|数据来源|来源|填报|制表|单位[:：]|※)")


class UnknownRow(Rule):
    """A row label matches no canonical label, not even as a near miss.

    ## 检查什么（What it does）
    已识别的统计表中，行标签既不是规范行标签，也不是其近似写法（GK201 报告近似写法）
    时报告。表头行、表下的注释（“注：……”“说明：……”）和不带数值、也不带编号的文字行
    不报告。

    ## 为什么（Why is this bad?）
    格式之外的行无法对应到统计口径：可能是自行增加的统计项，也可能是改写过度的规范行；
    这样的行会让合计关系和其他检查无从判断。

    ## 示例（Example）
    ```text
    		6.因申请人撤回申请不予处理	0	0	0	0	0	0	0
    ```
    改为（Use instead）：删除自行增加的行，或改用规范行标签（例如计入“（六）其他处理”）。

    ## 已知问题（Known problems）
    全部数值留空、又没有编号的自定义行不报告。

    ## 修复（Fix safety）
    不可自动修复。

    ## 选项（Options）
    无。位置：该行的行标签。
    """

    code = "GK108"
    name = "unknown-row"
    severity = "warning"
    summary = "行标签与任何规范行标签都不相符"
    summary_en = "a row label matches no canonical label, not even as a near miss"
    messages = {
        "unknown": Message(zh="{table}中的行「{label}」不是格式规定的行，也不像任何规范行标签的笔误",
                           en="row “{label}” matches no canonical row label of the table, not even as a near miss"),
        **_TABLE_NAMES,
    }

    def check(self, document: Document, context):
        for table in document.index.tables:
            if table.key is None:
                continue
            spec = context.template.table(table.key)
            name = table_name(spec)
            for row in table.rows:
                if row.kind != "unknown" or not row.labels:
                    continue
                label = row.labels[-1]
                if label.match is not None:
                    continue
                text = label.text.strip()
                if not text or len(text) > 60 or "。" in text or _NOTE.match(text):
                    continue
                has_value = any(cell.value.kind in ("number", "symbol") for cell in row.cells)
                if not has_value and label.numbering_length == 0:
                    continue
                yield self.finding(context, label.cell.span, "unknown", table=name, label=text)


RULES = [MissingSection, SectionOrder, DuplicateSection, HeadingStyle, Title, MissingTable, MissingRow, UnknownRow, CellCount]
