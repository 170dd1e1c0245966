"""GK3 — numbers: values, blanks and the arithmetic identities of rules.toml.

The value rules (GK301, GK302, GK307, GK308) read each value cell against its column's kind
(count, signed, amount). The arithmetic rules (GK303–GK306) are one evaluator over the
identities of the template, each rule taking the identities whose ``code`` is its own: no
label, row or identity is written here.
"""

from __future__ import annotations

from decimal import Decimal
from itertools import compress, repeat
from operator import itemgetter, ne
from typing import Callable, Iterator

from gklint.check.finding import Related
from gklint.check.messages import Message, fragment
from gklint.grammar import NUMERALS
from gklint.parse.matching import numbering_length
from gklint.parse.headers import stated_format
from gklint.parse.values import MONEY_UNITS, AmountFormat, CellValue, convert_amount
from gklint.records import Frozen
from gklint.check.rule import Rule
from gklint.check.rules.table_rows import (BlockRows, TableRows, TemplateBlocks, column_sums, counts_getter,
                                           reading_counts, sums_at, trusted)
from gklint.check.rules.unusual_values import unusual_values
from gklint.read.source import Span
from gklint.formats.template import BlockSpec, ColumnSpec, IdentitySpec, Template
from gklint.parse.tree import Cell, Document, DocumentIndex, Row, Table

# How many addends a message lists before it says "…", and how many blank cells GK302 names.
MAX_ADDENDS = 6
BLANK_EXAMPLES = 3


# ── Naming rows, columns and cells from the template ─────────────────────────────────────

def _numbering(label: str) -> str:
    return label[:numbering_length(label)].strip()


def _short(label: str) -> str:
    """A label without its numbering and its trailing explanation: ``部分公开``."""
    text = label[numbering_length(label):].strip()
    if text.endswith("）") and "（" in text and not text.startswith("（"):
        text = text[: text.index("（")]
    if len(text) > 18:
        for separator in ("、", "，"):
            head = text.split(separator, 1)[0]
            if len(head) >= 4:
                return head
        return text[:14] + "…"
    return text


class Names:
    """How messages name the rows, columns and cells of one block, from the template."""

    def __init__(self, block: BlockSpec) -> None:
        self.block = block
        labels = [column.label for column in block.columns]
        self._ambiguous = {label for label in labels if labels.count(label) > 1}
        # Names depend on the template only: each is worked out once (see ``BlockNames``).
        self._rows: dict[str, str] = {}
        self._addend_rows: dict[str, str] = {}
        self._columns: dict[tuple[str, bool | None], str] = {}
        self._cells: dict[tuple[str | None, str], str] = {}
        self._paths: dict[str, list[str]] = {}
        self._one_group: dict[tuple[str, ...], bool] = {}
        # (Fragments of messages, shared by the findings that show them: nothing changes one.)
        self._rows_descriptions: dict[tuple[str, ...], dict] = {}
        self._columns_descriptions: dict[tuple[str, ...], dict] = {}

    def _parent(self, key: str):
        row = self.block.row(key)
        return self.block.row(row.parent) if row is not None and row.parent else None

    @staticmethod
    def _remembered(store: dict, key, compute, *arguments) -> str:
        try:
            return store[key]
        except KeyError:
            name = store[key] = compute(*arguments)
            return name

    def row(self, key: str) -> str:
        """A row as a reader finds it: ``（二）部分公开``, ``（三）1.属于国家秘密``."""
        return self._remembered(self._rows, key, self._row, key)

    def _row(self, key: str) -> str:
        spec = self.block.row(key)
        if spec is None or not spec.label:
            return ""
        name = _numbering(spec.label) + _short(spec.label)
        parent = self._parent(key)
        if parent is not None and parent.parent is not None and _numbering(parent.label):
            name = _numbering(parent.label) + name
        return name

    def addend_row(self, key: str) -> str:
        """A row in a list of addends: ``予以公开``, ``其他处理·其他``, ``（七）总计``."""
        return self._remembered(self._addend_rows, key, self._addend_row, key)

    def _addend_row(self, key: str) -> str:
        spec = self.block.row(key)
        if spec is None:
            return key
        short = _short(spec.label)
        if len(short) > 2:
            return short
        parent = self._parent(key)
        if parent is not None and parent.parent is not None:
            return f"{_short(parent.label)}·{short}"
        return _numbering(spec.label) + short

    def column(self, key: str, group: bool | None = None) -> str:
        """A column: its label, with its group when the label alone is ambiguous."""
        return self._remembered(self._columns, (key, group), self._column, key, group)

    def _column(self, key: str, group: bool | None) -> str:
        spec = self.block.column(key)
        if spec is None:
            return key
        if group is None:
            group = spec.label in self._ambiguous
        return f"{spec.group}·{spec.label}" if group and spec.group else spec.label

    def one_group(self, keys: tuple[str, ...]) -> bool:
        """Whether the columns ``keys`` all stand under one group (or none)."""
        return self._remembered(self._one_group, keys, self._in_one_group, keys)

    def _in_one_group(self, keys: tuple[str, ...]) -> bool:
        return len({self.block.column(key).group for key in keys}) == 1

    def cell(self, row_key: str | None, column_key: str) -> str:
        return self._remembered(self._cells, (row_key, column_key), self._cell, row_key, column_key)

    def _cell(self, row_key: str | None, column_key: str) -> str:
        row = self.row(row_key) if row_key else ""
        column = self.column(column_key)
        return f"{row}·{column}" if row else column

    def row_reference(self, key: str, in_range: bool) -> str:
        """A row in a description: ``第一项`` for ``一、…``, ``（一）`` in a range, ``（七）总计``."""
        spec = self.block.row(key)
        label = spec.label if spec else key
        numbering = _numbering(label)
        if numbering and numbering[0] in NUMERALS:
            return f"第{numbering.rstrip('、.．，,')}项"
        if numbering:
            return numbering if in_range else numbering + _short(label)
        return _short(label)

    def rows_description(self, keys: tuple[str, ...]) -> dict:
        """What a sum of rows adds up, as a fragment of ``ARITHMETIC_MESSAGES``: ``（一）至（六）``,
        ``第一项加第二项``, ``（三）不予公开各项``."""
        return self._remembered(self._rows_descriptions, keys, self._rows_description, keys)

    def _rows_description(self, keys: tuple[str, ...]) -> dict:
        paths = [self._remembered(self._paths, key, self._path, key) for key in keys]
        depth = 0
        while all(len(path) > depth + 1 for path in paths) and len({path[depth] for path in paths}) == 1:
            depth += 1
        tops = list(dict.fromkeys(path[depth] for path in paths))
        if len(tops) == 1:
            spec = self.block.row(tops[0])
            name = f"{_numbering(spec.label)}{_short(spec.label)}" if spec else tops[0]
            return fragment("items-of", name=name)
        if len(tops) == 2:
            return fragment("plus", rows=[self.row_reference(key, in_range=False) for key in tops])
        first, last = (self.row_reference(key, in_range=True) for key in (tops[0], tops[-1]))
        return fragment("range", first=first, last=last)

    def columns_description(self, keys: tuple[str, ...]) -> dict:
        """What a sum of columns adds up, as a fragment of ``ARITHMETIC_MESSAGES``:
        ``结果维持、结果纠正…``, ``自然人与法人或其他组织``."""
        return self._remembered(self._columns_descriptions, keys, self._columns_description, keys)

    def _columns_description(self, keys: tuple[str, ...]) -> dict:
        specs = [self.block.column(key) for key in keys]
        if len(keys) <= 4:
            return fragment("list", items=[spec.label if spec else key for spec, key in zip(specs, keys)])
        parts: list[str] = []
        for spec, key in zip(specs, keys):
            part = (spec.group or spec.label) if spec else key
            if not parts or parts[-1] != part:
                parts.append(part)
        return fragment("both" if len(parts) == 2 else "list", items=parts)

    def _path(self, key: str) -> list[str]:
        path = [key]
        spec = self.block.row(key)
        while spec is not None and spec.parent:
            path.insert(0, spec.parent)
            spec = self.block.row(spec.parent)
        return path


class BlockNames:
    """The ``Names`` of each block of a template, made on first use: what the GK3 rules prepare
    (``Rule.prepare``, kept as ``context.prepared``), so that a name is worked out once per
    rule and template, not once per report; and, for the identities, what they look up in
    the template (``lookups``), for the same reason."""

    def __init__(self) -> None:
        self._by_block: dict[tuple[str, str], Names] = {}
        self._lookups: TemplateBlocks | None = None

    def lookups(self, template: Template) -> TemplateBlocks:
        """What the identities look up in ``template``, made on first use."""
        lookups = self._lookups
        if lookups is None or lookups.template is not template:
            lookups = self._lookups = TemplateBlocks(template)
        return lookups

    def of(self, table_key: str, block: BlockSpec) -> Names:
        """The names of ``block`` of the table ``table_key``."""
        key = (table_key, block.key)
        names = self._by_block.get(key)
        if names is None:
            names = self._by_block[key] = Names(block)
        return names


class ValueRule(Rule):
    """Base of the GK3 rules: they name rows, columns and cells from the template."""

    def prepare(self, template, settings) -> BlockNames:
        return BlockNames()


def _table_name(template: Template, table: Table) -> dict:
    """How GK302's message names a table (a fragment of its messages)."""
    spec = template.table(table.key) if table.key else None
    return fragment("table", title=spec.title) if spec and spec.title else fragment("untitled")


def _span(cell: Cell, row: Row) -> Span:
    """Where a cell is; a blank cell that a loader could not place points at its row."""
    # (The span of the text in hand, ``Cell.span``: a cell of a text table would work out
    # its place again for its own, ``VerbatimCell.span``.)
    text = cell.text
    return text.span if text.pieces else row.span


def _row_key(block: BlockSpec, row: Row) -> str | None:
    """The row's key when the template gives it a label (the rows of table 四 have none)."""
    spec = block.row(row.key) if row.key else None
    return row.key if spec is not None and spec.label else None


def _number_text(value: Decimal) -> str:
    return format(value, "f")


# ── GK301, GK302, GK307, GK308 ───────────────────────────────────────────────────────────

class NonNumericValue(ValueRule):
    """A value cell holds text, a unit or a symbol instead of a number.

    ## 检查什么（What it does）
    表格中应填写数量的单元格（表二、表三、表四的数值列）填写了文字、带单位的数字
    （“12件”）、符号（“—”“/”“-”“无”），或数字中间夹有空格（“1 2”）时报告。金额列
    （采购总金额、本年收费金额）可以带货币单位（“251000元”），单位与表头是否相符由 GK308
    判断；金额列中的文字、符号和非货币单位仍由本规则报告。

    ## 为什么（Why is this bad?）
    统计表是汇总和比对的依据：“—”“/”到底是 0 还是未统计，“1 2”是 12 还是两个数，读者和
    汇总程序都无法确定。格式要求数量栏只填阿拉伯数字，没有的填 0。

    ## 示例（Example）
    ```text
    （一）予以公开		15	—	0	0	1	0	16
    ```
    改为（Use instead）：
    ```text
    （一）予以公开		15	0	0	0	1	0	16
    ```

    ## 已知问题（Known problems）
    形状无法读出的行（GK109 报告的行）不检查，因为无法确定其单元格属于哪一列。
    千分位分隔符（“1,234”）和全角数字（“１２”）能够读出，不在此报告（全角数字见 GK504）。

    ## 修复（Fix safety）
    不可自动修复：符号可能表示 0，也可能表示未统计，只能由撰写者确认。

    ## 选项（Options）
    无。
    """

    code = "GK301"
    name = "non-numeric-value"
    severity = "error"
    summary = "数量单元格填写了文字、单位或符号"
    summary_en = "a cell that must hold a count holds text, a unit or a symbol"
    messages = {
        "symbol": Message(zh="{name}应填写数字，却填写了符号「{raw}」（没有的请填 0）",
                          en="{name} must hold a number, not the symbol “{raw}” (write 0 for none)"),
        "text": Message(zh="{name}应填写数字，却填写了「{raw}」", en="{name} must hold a number, not “{raw}”"),
        "spaced": Message(zh="{name}「{raw}」的数字中间有空格，无法确定其数值",
                          en="{name} “{raw}” has a space inside the number; its value is unclear"),
        "unit": Message(zh="{name}「{raw}」带有单位「{unit}」，数值单元格只填数字",
                        en="{name} “{raw}” carries the unit “{unit}”; a value cell holds only the number"),
    }

    def check(self, document: Document, context):
        # (The plain counts, most cells, are passed over in ``unusual_values``.)
        for table, block, row, column, cell in unusual_values(document, context.template):
            value = cell.value
            kind = value.kind
            if kind == "number":
                # (The common case, a plain number, is passed over before any name is made.)
                if not value.spaced and (value.unit is None or (column.kind == "amount" and value.unit in MONEY_UNITS)):
                    continue
            elif kind != "symbol" and kind != "text":
                continue
            if value.kind == "symbol" or value.kind == "text":
                message_id = value.kind
            elif value.kind == "number" and value.spaced:
                message_id = "spaced"
            elif value.kind == "number" and value.unit is not None and not (
                column.kind == "amount" and value.unit in MONEY_UNITS
            ):
                message_id = "unit"
            else:
                continue
            yield self.finding(context, cell.span, message_id, name=context.prepared.of(table.key, block).cell(_row_key(block, row), column.key),
                               raw=value.raw.strip(), unit=value.unit, data={"column": column.key, "row": row.key})


class BlankValue(ValueRule):
    """A table has empty value cells; reported once per table.

    ## 检查什么（What it does）
    统计表中有空白的数值单元格时，每张表报告一次：空白单元格的个数和前几个的位置，定位在
    第一个空白单元格。计算勾稽关系（GK303–GK306）时空白按 0 处理；等式不成立且有空白参与
    计算时，那些规则的提示会说明。

    ## 为什么（Why is this bad?）
    空白可能是 0，也可能是漏填：读者无法区分。格式要求没有的填 0，填满的表格才能核对。

    ## 示例（Example）
    ```text
    行政处罚		
    ```
    改为（Use instead）：
    ```text
    行政处罚	0
    ```

    ## 已知问题（Known problems）
    形状无法读出的行（GK109 报告的行）中的空位可能是合并单元格的痕迹，不计入。窄子表末尾
    的空单元格是合并单元格的痕迹，也不计入。

    ## 修复（Fix safety）
    不可自动修复：空白是否为 0 只能由撰写者确认。

    ## 选项（Options）
    无。提示中列出的空白单元格个数：3。
    """

    code = "GK302"
    name = "blank-value"
    severity = "info"
    summary = "表格中有空白的数值单元格"
    summary_en = "a table has empty value cells"
    messages = {
        "blanks": Message(
            zh="{table}有 {count} 个空白的数值单元格（「{cells:」、「}」），计算时按 0 处理；没有的请填 0",
            en="{table} has {count} blank value cells (「{cells:」、「}」); arithmetic reads them as 0; write 0 for none",
        ),
        "blanks-more": Message(
            zh="{table}有 {count} 个空白的数值单元格（「{cells:」、「}」等），计算时按 0 处理；没有的请填 0",
            en="{table} has {count} blank value cells (「{cells:」、「}」, …); arithmetic reads them as 0; write 0 for none",
        ),
        # fragments: the table
        "table": Message(zh="「{title}」", en="the table 「{title}」"),
        "untitled": Message(zh="表格", en="the table"),
    }

    def check(self, document: Document, context):
        template = context.template
        # The blank cells of each table (a table's cells come one after another).
        blanks: list[list[tuple[Table, str, Span]]] = []
        for table, block, row, column, cell in unusual_values(document, template):
            if cell.value.is_blank:
                row_key = _row_key(block, row)
                if not blanks or blanks[-1][0][0] is not table:
                    blanks.append([])
                blanks[-1].append((table, context.prepared.of(table.key, block).cell(row_key, column.key), _span(cell, row)))
        for cells in blanks:
            yield self.finding(
                context, cells[0][2], "blanks-more" if len(cells) > BLANK_EXAMPLES else "blanks",
                table=_table_name(template, cells[0][0]), count=len(cells),
                cells=[name for _, name, _ in cells[:BLANK_EXAMPLES]],
            )


class InvalidNumber(ValueRule):
    """A count is negative or not a whole number.

    ## 检查什么（What it does）
    数量列（件数、项目数、申请数、案件数）中的数字为负数或带小数时报告。允许为负的列
    （2019 年格式的“本年增/减”，在模板中标为 ``kind = "signed"``）只检查是否为整数；
    金额列不检查（见 GK308）。

    ## 为什么（Why is this bad?）
    件数不可能为负，也不可能是 2.5 件：这样的数字通常是录入错误（多敲的负号、小数点），
    会让合计关系和年度比较都失真。

    ## 示例（Example）
    ```text
    行政处罚	-58
    ```
    改为（Use instead）：
    ```text
    行政处罚	58
    ```

    ## 已知问题（Known problems）
    数字中间有空格或带有改变数值的单位的单元格由 GK301 报告，这里不重复。

    ## 修复（Fix safety）
    不可自动修复：正确的数字只有撰写者知道。

    ## 选项（Options）
    无。列的类型（count、signed、amount）在 rules.toml 中定义。
    """

    code = "GK307"
    name = "invalid-number"
    severity = "error"
    summary = "数量为负数或不是整数"
    summary_en = "a count is negative or not a whole number"
    messages = {
        "negative": Message(zh="{name}为「{raw}」：数量不能为负数", en="{name} is “{raw}”: a count cannot be negative"),
        "fraction": Message(zh="{name}为「{raw}」：数量应为整数", en="{name} is “{raw}”: a count must be a whole number"),
    }

    def check(self, document: Document, context):
        for table, block, row, column, cell in unusual_values(document, context.template):
            if column.kind == "amount":
                continue
            value = cell.value
            number = value.count
            if number is None or value.kind != "number":
                continue
            if not (column.kind == "count" and number < 0) and value.is_integer:
                continue
            yield self.finding(context, cell.span, "negative" if column.kind == "count" and number < 0 else "fraction",
                               name=context.prepared.of(table.key, block).cell(_row_key(block, row), column.key), raw=value.raw.strip(),
                               data={"column": column.key, "row": row.key})


class AmountFormatRule(ValueRule):
    """A money amount ignores the unit or precision its header states.

    ## 检查什么（What it does）
    金额列的表头规定了单位或精度时（2021 年格式“本年收费金额（单位：万元）”，部分省份的
    “采购总金额（单位：万元，保留4位小数）”），检查金额是否遵守：以其他货币单位填写
    （表头为万元却填“251000元”），或小数位数与规定不符（规定保留4位小数却填“36.5”）时
    报告，并给出按表头换算后的写法。单位和精度从报告中实际的表头文字读出；找不到表头时
    用模板中该列的规范表头。0 不论写成几位小数都不报告。

    ## 为什么（Why is this bad?）
    单位差一万倍：把 251000 元当作 251000 万元，收费或采购金额就被夸大了一万倍；精度
    不一致的数字也无法与其他单位的报告汇总比较。

    ## 示例（Example）
    ```text
    信息内容	本年收费金额（单位：万元）
    行政事业性收费	251000元
    ```
    改为（Use instead）：
    ```text
    信息内容	本年收费金额（单位：万元）
    行政事业性收费	25.1
    ```

    ## 已知问题（Known problems）
    没有写单位的数字无法判断是按元还是按万元填写的（“251000”可能就是笔误），不报告。
    表头没有规定单位和精度时不检查；金额单元格中的文字和符号由 GK301 报告。

    ## 修复（Fix safety）
    不可自动修复：换算结果只是建议，需撰写者核对原始数据。

    ## 选项（Options）
    无。列的单位（unit）和精度（decimals）可在 rules.toml 中为列设置，表头变体中的
    “单位：万元”“保留4位小数”会被自动读出。
    """

    code = "GK308"
    name = "amount-format"
    severity = "warning"
    summary = "金额不符合表头规定的单位或精度"
    summary_en = "a money amount ignores the unit or precision its header states"
    messages = {
        "unit": Message(
            zh="{name}「{raw}」以{unit}填写，而表头「{header}」规定单位为{stated}（应为 {suggestion}）",
            en="{name} “{raw}” is written in {unit} where the header “{header}” states {stated} (that is {suggestion})",
        ),
        "decimals": Message(
            zh="{name}「{raw}」有 {decimals} 位小数，而表头「{header}」规定保留{stated}位小数（应为 {suggestion}）",
            en="{name} “{raw}” has {decimals} decimals where the header “{header}” states {stated} (write {suggestion})",
        ),
    }

    def check(self, document: Document, context):
        template = context.template
        # The stated format of each column of the table at hand (a table's cells come one after
        # another), by block and column key.
        headers: dict[tuple[str, str], tuple[str, AmountFormat]] = {}
        headers_of = None
        block_names, amount_places = context.prepared
        for table, block, row, column, place, value in self._amount_cells(document, template, amount_places):
            if value.kind != "number" or value.spaced or (value.unit is not None and value.unit not in MONEY_UNITS):
                continue
            if value.unit is None and value.number == 0:
                continue  # (no unit to convert, no decimals to judge: its header is not read)
            if headers_of is not table:
                headers, headers_of = {}, table
            key = (block.key, column.key)
            if key not in headers:
                headers[key] = stated_format(table, block, column)
            header, stated = headers[key]
            if not stated.states_anything:
                continue
            row_key = _row_key(block, row)
            names = block_names.of(table.key, block)
            name = names.row(row_key) if row_key else names.column(column.key)
            number = value.number
            args = {"name": name, "raw": value.raw.strip(), "header": header}
            if stated.unit is not None and value.unit is not None and value.unit != stated.unit:
                converted = convert_amount(number, value.unit, stated.unit)
                message_id = "unit"
                args.update(unit=value.unit, stated=stated.unit, suggestion=self._format(converted, stated.decimals))
            elif stated.decimals is not None and number != 0 and value.decimals != stated.decimals:
                message_id = "decimals"
                args.update(decimals=value.decimals, stated=stated.decimals,
                            suggestion=self._format(number, stated.decimals))
            else:
                continue
            yield self.finding(context, row.values[place].span, message_id, data={"unit": stated.unit, "decimals": stated.decimals},
                               **args)

    def prepare(self, template, settings) -> tuple[BlockNames, dict[str, dict[str, tuple[int, ...]]]]:
        """The names of rows and columns (``ValueRule``), and the places of the amount columns
        of each block that has one, by table and block key: the only cells this rule reads."""
        amount_places: dict[str, dict[str, tuple[int, ...]]] = {}
        for table in template.tables if template else ():
            for block in table.blocks:
                places = tuple(place for place, column in enumerate(block.columns) if column.kind == "amount")
                if places:
                    amount_places.setdefault(table.key, {})[block.key] = places
        return BlockNames(), amount_places

    @staticmethod
    def _amount_cells(document: Document, template: Template, amount_places: dict[str, dict[str, tuple[int, ...]]]):
        """The value cells of the amount columns (what ``document.index.value_cells`` gives of
        them, in its order), each as its place in ``row.values`` and what it reads as, read at
        their places in the rows of the blocks that have such columns only: the other value
        cells, most of a report's, are not walked (``benchmarks/run.py``, text reports). (Read
        of ``Row.value_readings``: a ``CutRow``'s cells are made for a finding only.)"""
        for table in document.index.tables:
            blocks = amount_places.get(table.key)
            if blocks is None:
                continue
            spec = template.table(table.key)
            for row in table.rows:
                places = blocks.get(row.block) if row.kind == "data" else None
                if places is None:
                    continue
                values = row.value_readings
                if values is None:
                    continue
                block = spec.block(row.block)
                for place in places:
                    if place < len(values) and values[place] is not None:
                        yield table, block, row, block.columns[place], place, values[place]

    @staticmethod
    def _format(number: Decimal, decimals: int | None) -> str:
        if decimals is None:
            text = _number_text(number)
            return text.rstrip("0").rstrip(".") if "." in text else text
        return _number_text(number.quantize(Decimal(1).scaleb(-decimals)))


# ── GK303–GK306: the identities of rules.toml ────────────────────────────────────────────

# One cell of an identity: ``(key, reading, row, value)``, the key of its row (an identity over
# a column) or of its column (over a row), what the cell reads as (``Row.value_readings``), its
# row and its count (0 where blank). The cell itself is made for the finding's place only
# (``Failure.cell``).
Term = tuple[str, CellValue, Row, Decimal]
_VALUE = itemgetter(3)


class Failure(Frozen):
    """An identity that does not hold in one column (or one row) of one table: the terms of
    its two sides (``Term``); ``number``: the table's place in ``document.index.tables``.

    (A term is a tuple zipped in C from the side's keys, cells, rows and counts, and named
    only where a message lists it (``_addends``): a failure of the results total has a score
    of terms, most of them 0, and a record and a name made for each cost some 6,000
    instructions apiece (``benchmarks/instructions.py``, text reports with a wrong cell).)"""

    identity: IdentitySpec
    table: Table
    block: BlockSpec
    left: tuple[Term, ...]
    right: tuple[Term, ...]
    column: ColumnSpec | None = None
    row: Row | None = None
    number: int = 0

    @property
    def left_sum(self) -> Decimal:
        return sum(map(_VALUE, self.left), Decimal(0))

    @property
    def right_sum(self) -> Decimal:
        return sum(map(_VALUE, self.right), Decimal(0))

    @property
    def blanks(self) -> int:
        return sum([reading.is_blank for _, reading, _, _ in self.left + self.right])

    @property
    def anchor(self) -> Span:
        """The most specific place: the total that is wrong, where one side is a single cell;
        else the last cell of the right-hand side (四、结转下年度继续办理 of the balance)."""
        if len(self.left) == 1:
            term = self.left[0]
        elif len(self.right) == 1:
            term = self.right[0]
        else:
            term = self.right[-1]
        return _span(self.cell(term), term[2])

    def cell(self, term: Term) -> Cell:
        """The cell of ``term``, one of the failure's: in its row, at the place of the column
        (by row: of the term's key)."""
        column_key = self.column.key if self.column is not None else term[0]
        return term[2].values[self.block.column_index(column_key)]


def evaluate(identity: IdentitySpec, document: Document, template: Template,
             names: BlockNames | None = None, tables: TableRows | None = None) -> list[Failure]:
    """Every place where ``identity`` fails in ``document``.

    Blank cells count as 0. A column (or row) is skipped when one of its cells can't be
    trusted: a row missing from the table or present twice, a row whose shape couldn't be
    read, a cell holding text, a symbol or a number with a space or a value-changing unit.
    ``tables``: the report's rows as several identities share them (made here when not given).
    """
    names = BlockNames() if names is None else names
    tables = TableRows(document.index, template, names.lookups(template)) if tables is None else tables
    return _failures(identity, tables.suspects([identity]).get(identity.key, ()), tables.lookups)


def _failures(identity: IdentitySpec, suspects: list[BlockRows], lookups: TemplateBlocks) -> list[Failure]:
    """Where ``identity`` fails in the rows of its blocks ``suspects`` (``TableRows.suspects``:
    in the others, it holds), in their order."""
    failures: list[Failure] = []
    evaluate_in = _evaluate_columns if identity.for_each == "column" else _evaluate_rows
    for rows in suspects:
        failures.extend(evaluate_in(identity, rows, lookups))
    return failures


_ZERO = Decimal(0)  # (one object for the many sums)

def _evaluate_columns(identity: IdentitySpec, rows: BlockRows, lookups: TemplateBlocks) -> Iterator[Failure]:
    """``identity`` over the rows of one column at a time, where it is not said to hold in
    every column at once (``TableRows.suspects``); ``lookups``, read by ``_evaluate_rows``,
    is not needed here."""
    left_rows = rows.single(identity.left)
    right_rows = rows.single(identity.right) if left_rows is not None else None
    if right_rows is None:
        return
    wholes = rows.wholes
    left_wholes = [wholes[row.index] for row in left_rows]
    right_wholes = [wholes[row.index] for row in right_rows]
    table, block, number = rows.table, rows.block, rows.number
    try:
        # (The columns whose sums differ, picked in C: the others hold, as summed one by one.)
        unequal = compress(enumerate(block.columns), map(ne, column_sums(left_wholes), column_sums(right_wholes)))
    except TypeError:  # a count that can't be trusted or is no int: the columns are summed one by one
        unequal = enumerate(block.columns)
    left_values = right_values = None  # (what the rows' cells read as, for the first column that needs them)
    for place, column in unequal:
        count_of = itemgetter(place)
        try:  # (in ints where every count of the column is one)
            if sum(map(count_of, left_wholes)) == sum(map(count_of, right_wholes)):
                continue
        except TypeError:
            pass
        if left_values is None:
            left_values = [row.value_readings for row in left_rows]
            right_values = [row.value_readings for row in right_rows]
        # The Decimal counts of this column (``row_counts``), not of every cell of the score
        # of rows: a failure is in one column or two of a block's seven. (Read of what the
        # cells read as, ``Row.value_readings``: the cells are read for a failure only.)
        left = reading_counts(list(map(count_of, left_values)))
        right = reading_counts(list(map(count_of, right_values)))
        if not (trusted(left) and trusted(right)):  # a cell missing or not to be trusted: the column is skipped
            continue
        if sum(left, _ZERO) == sum(right, _ZERO):
            continue
        # (What the cells read as, not the cells: a ``CutRow``'s cells are made for a reader of
        # them, and a failure of the results total would make those of a score of rows for
        # the one cell its finding stands at, ``Failure.cell``.)
        yield Failure(identity, table, block, tuple(zip(identity.left, map(count_of, left_values), left_rows, left)),
                      tuple(zip(identity.right, map(count_of, right_values), right_rows, right)), column=column,
                      number=number)


def _evaluate_rows(identity: IdentitySpec, rows: BlockRows, lookups: TemplateBlocks) -> Iterator[Failure]:
    """``identity`` over the columns of one row at a time (see ``_evaluate_columns``)."""
    table, block, number, wholes = rows.table, rows.block, rows.number, rows.wholes
    only = identity.rows
    left_keys, right_keys = identity.left, identity.right
    left_places, right_places = lookups.sides(identity, rows.places)
    if only:
        checked = [row for row in rows.read if row.key in only]
        checked_wholes = [wholes[row.index] for row in checked]
    else:  # (every row whose shape was read: the rows of ``wholes``, in its order)
        checked, checked_wholes = rows.read, list(wholes.values())
    try:
        # Every row at once, in ints: in most reports every identity holds in every row.
        left_sums, right_sums = sums_at(left_places, checked_wholes), sums_at(right_places, checked_wholes)
    except TypeError:  # a count that can't be trusted or is no int: the rows are summed one by one
        unequal = zip(checked, checked_wholes)
    else:
        if left_sums == right_sums:
            return
        # (The rows whose sums differ, picked in C: the others hold, as summed one by one.)
        unequal = compress(zip(checked, checked_wholes), map(ne, left_sums, right_sums))
    left_of, right_of = counts_getter(left_places), counts_getter(right_places)
    for row, row_wholes in unequal:
        try:  # (in ints where every count of the row is one)
            if sum(left_of(row_wholes)) == sum(right_of(row_wholes)):
                continue
        except TypeError:
            pass
        counts = rows.counts_of(row)
        left = left_of(counts)
        right = right_of(counts)
        if not (trusted(left) and trusted(right)):  # a cell missing or not to be trusted: the row is skipped
            continue
        if sum(left, _ZERO) == sum(right, _ZERO):
            continue
        readings = row.value_readings  # (what the cells at the places of the columns read as)
        yield Failure(identity, table, block, tuple(zip(left_keys, left_of(readings), repeat(row), left)),
                      tuple(zip(right_keys, right_of(readings), repeat(row), right)), row=row, number=number)


def _addends(terms: tuple[Term, ...], name_of: Callable[[str], str]) -> dict:
    """The addends of a sum as a fragment of ``ARITHMETIC_MESSAGES``: the first non-zero ones
    by name (``name_of`` a term's key) and value, the rest counted."""
    # (One pass over the terms, each value compared once: a failure of the results total
    # has a score of terms.)
    nonzero: list[Term] = []
    zeros = blanks = 0
    for term in terms:
        blank = term[1].is_blank
        if blank:
            blanks += 1
        if term[3] != _ZERO:
            nonzero.append(term)
        elif not blank:
            zeros += 1
    if not nonzero:
        return fragment("all-blank" if not zeros else "all-0-or-blank" if blanks else "all-0")
    listed: list = [f"{name_of(key)} {_number_text(value)}" for key, _, _, value in nonzero[:MAX_ADDENDS]]
    if len(nonzero) > MAX_ADDENDS:
        others = nonzero[MAX_ADDENDS:]
        listed.append(fragment("others", count=len(others),
                               subtotal=_number_text(sum(map(_VALUE, others), Decimal(0)))))
    rest = []
    if zeros:
        rest.append(fragment("zeros", count=zeros))
    if blanks:
        rest.append(fragment("blanks", count=blanks))
    return fragment("addends-and-rest", terms=listed, rest=rest) if rest else fragment("addends", terms=listed)


# GK303–GK306 say the same things: an identity fails, a side adds up to so much.
ARITHMETIC_MESSAGES = {
    "fails": Message(zh="{left}，但{right}", en="{left}, but {right}"),
    "fails-with-blanks": Message(zh="{left}，但{right}；其中 {blanks} 个空白单元格按 0 计",
                                 en="{left}, but {right}; {blanks} blank cells were read as 0"),
    # fragments: one side of the identity
    "cell-is": Message(zh="{cell}为 {total}", en="{cell} is {total}"),
    "sum": Message(zh="{described}之和为 {total}（{addends}）", en="the sum of {described} is {total} ({addends})"),
    "column-sum": Message(zh="「{column}」列{described}之和为 {total}（{addends}）",
                          en="in column “{column}”, the sum of {described} is {total} ({addends})"),
    "row-sum": Message(zh="「{row}」行{described}之和为 {total}（{addends}）",
                       en="in row “{row}”, the sum of {described} is {total} ({addends})"),
    # fragments: what is summed (``Names.rows_description``, ``Names.columns_description``)
    "items-of": Message(zh="{name}各项", en="the items of {name}"),
    "plus": Message(zh="{rows:加}", en="{rows: + }"),
    "range": Message(zh="{first}至{last}", en="{first}…{last}"),
    "list": Message(zh="{items:、}", en="{items:, }"),
    "both": Message(zh="{items:与}", en="{items: and }"),
    # fragments: the addends (``_addends``)
    "addends": Message(zh="{terms: + }", en="{terms: + }"),
    "addends-and-rest": Message(zh="{terms: + }，另有 {rest:、}", en="{terms: + }; {rest:; }"),
    "others": Message(zh="其余 {count} 项共 {subtotal}", en="{count} more totalling {subtotal}"),
    "zeros": Message(zh="{count} 项为 0", en="{count} more are 0"),
    "blanks": Message(zh="{count} 项空白", en="{count} blank"),
    "all-0": Message(zh="各项均为 0", en="all 0"),
    "all-blank": Message(zh="各项均为空白", en="all blank"),
    "all-0-or-blank": Message(zh="各项均为 0 或空白", en="all 0 or blank"),
    # one cell, or one blank column, that several failures have in common (``attribution``)
    "one-cell": Message(zh="{cell}{value}，与 {count} 处勾稽关系不符：应为 {expected}（{identities:、}）",
                        en="{cell} {value} and breaks {count} identities: it should be {expected} ({identities:, })"),
    "cell-and-totals": Message(
        zh="{cell}{value}，与 {count} 处勾稽关系不符：应为 {expected}，{totals:、}也随之更正（{identities:、}）",
        en="{cell} {value} and breaks {count} identities: it should be {expected}, and {totals:, } with it "
           "({identities:, })",
    ),
    "blank-column": Message(
        zh="「{column}」列 {count} 个空白单元格与 {failures} 处勾稽关系不符：按各项之和应填 {cells:、}",
        en="{count} blank cells of column “{column}” break {failures} identities: the sums give {cells:, }",
    ),
    "blank-column-more": Message(
        zh="「{column}」列 {count} 个空白单元格与 {failures} 处勾稽关系不符：按各项之和应填 {cells:、}等",
        en="{count} blank cells of column “{column}” break {failures} identities: the sums give {cells:, }, …",
    ),
    # fragments: the cell's value, the totals that repeat it, the blank cells filled, the identities
    "value": Message(zh="为 {value}", en="is {value}"),
    "blank-value": Message(zh="空白", en="is blank"),
    "total": Message(zh="{cell}（{value} 应为 {expected}）", en="{cell} ({value} → {expected})"),
    "filled": Message(zh="{row} {value}", en="{row} {value}"),
    "in-column": Message(zh="{code}「{column}」列", en="{code} in column “{column}”"),
    "in-row": Message(zh="{code}「{row}」行", en="{code} in row “{row}”"),
    "in-table": Message(zh="{code}", en="{code}"),
}


class IdentityAnalysis:
    """Every failure of the identities the run checks in one report, and the corrections that
    explain several of them (``attribution.explain``): one defect breaks identities of several
    of GK303–GK306, so their failures are attributed together, each explanation reported once,
    by its ``owner``. Worked out by the first of these rules to run on a report and kept in
    ``document.index.identity_analysis`` for the others."""

    __slots__ = ("template", "failures", "explanations", "explained")

    def __init__(self, document: Document, template: Template, identities: list, names: BlockNames) -> None:
        from gklint.check.rules.attribution import explain

        self.template = template
        lookups = names.lookups(template)
        tables = TableRows(document.index, template, lookups)
        suspects = tables.suspects(identities)
        if not suspects:  # (the common case: every identity holds, no rows by key are made)
            self.failures: list[Failure] = []
            self.explanations: list = []
            self.explained: set[int] = set()
            return
        self.failures = []
        for identity in identities:
            found = suspects.get(identity.key)
            if found is not None:
                self.failures.extend(_failures(identity, found, lookups))
        self.explanations = explain(self.failures, identities, tables) if len(self.failures) >= 2 else []
        # places in ``failures`` that an explanation covers
        self.explained = {place for explanation in self.explanations for place in explanation.places}

    @classmethod
    def of(cls, document: Document, context) -> "IdentityAnalysis":
        """The analysis of ``document`` under the rule context's template and selection."""
        template = context.template
        analysis = document.index.identity_analysis
        if analysis is None or analysis.template is not template:
            names = context.prepared
            identities = names.lookups(template).identities(context.selected)
            analysis = document.index.identity_analysis = cls(document, template, identities, names)
        return analysis


class ArithmeticRule(ValueRule):
    """Base of GK303–GK306: reports the failures of the identities whose ``code`` is the rule's.

    ## 检查什么（What it does）
    见各规则。

    ## 为什么（Why is this bad?）
    见各规则。

    ## 示例（Example）
    见各规则。

    ## 已知问题（Known problems）
    见各规则。

    ## 修复（Fix safety）
    不可自动修复。

    ## 选项（Options）
    无。
    """

    severity = "error"
    messages = ARITHMETIC_MESSAGES
    checks_identities = True

    def check(self, document: Document, context):
        analysis = IdentityAnalysis.of(document, context)
        for explanation in analysis.explanations:
            if explanation.owner == self.code:
                yield self._explanation_finding(context, explanation)
        for place, failure in enumerate(analysis.failures):
            if failure.identity.code == self.code and place not in analysis.explained:
                message_id, args, data = self._failure_message(context, failure)
                yield self.finding(context, failure.anchor, message_id, data=data, **args)

    def _failure_message(self, context, failure: Failure) -> tuple[str, dict, dict]:
        """What a failure says: its message id, arguments and data."""
        identity = failure.identity
        names = context.prepared.of(failure.table.key, failure.block)
        blanks = failure.blanks
        left_sum, right_sum = failure.left_sum, failure.right_sum  # (each summed once)
        args = {
            "left": self._side(names, failure, identity.left, failure.left, left_sum, first=True),
            "right": self._side(names, failure, identity.right, failure.right, right_sum, first=False),
            "blanks": blanks,
        }
        data = {
            "identity": identity.key,
            "column": failure.column.key if failure.column else None,
            "row": failure.row.key if failure.row else None,
            "left": _number_text(left_sum),
            "right": _number_text(right_sum),
            "blanks": blanks,
        }
        return "fails-with-blanks" if blanks else "fails", args, data

    def _explanation_finding(self, context, explanation):
        """One finding for the cell (or blank column) that explains several failures, at that
        cell, each failure a related place (but where it is the finding's own place)."""
        place, value, expected = explanation.cells[0]
        names = context.prepared.of(place.table.key, place.block)
        span = _span(place.cell, place.row)
        related = []
        for failure in explanation.failures:
            anchor = failure.anchor  # (worked out once: it makes the cell of its row)
            if anchor != span:
                message_id, args, _ = self._failure_message(context, failure)
                related.append(Related(anchor, message_id, args))
        identities = [self._identity_place(names, failure) for failure in explanation.failures]
        data = {
            "identities": [failure.identity.key for failure in explanation.failures],
            "cells": [{"row": cell_place.row.key, "column": cell_place.cell.column,
                       "value": _number_text(old), "expected": _number_text(new)}
                      for cell_place, old, new in explanation.cells],
        }
        if explanation.blank_column:
            cells = [fragment("filled", row=names.row(_row_key(cell_place.block, cell_place.row)) or
                              names.cell(None, cell_place.cell.column), value=_number_text(new))
                     for cell_place, _, new in explanation.cells]
            return self.finding(
                context, span, "blank-column-more" if len(cells) > MAX_ADDENDS else "blank-column",
                column=names.column(explanation.column), count=len(cells), failures=len(explanation.failures),
                cells=cells[:MAX_ADDENDS], data=data, related=related,
            )
        cell = names.cell(_row_key(place.block, place.row), place.cell.column)
        shown = fragment("blank-value") if place.cell.value.is_blank else fragment("value", value=_number_text(value))
        args = {"cell": cell, "value": shown, "expected": _number_text(expected),
                "count": len(explanation.failures), "identities": identities}
        if len(explanation.cells) == 1:
            return self.finding(context, span, "one-cell", data=data, related=related, **args)
        totals = [fragment("total", cell=names.cell(_row_key(total.block, total.row), total.cell.column),
                           value=_number_text(old), expected=_number_text(new))
                  for total, old, new in explanation.cells[1:]]
        return self.finding(context, span, "cell-and-totals", totals=totals, data=data, related=related, **args)

    @staticmethod
    def _identity_place(names: Names, failure: Failure) -> dict:
        """Which identity failed where, as a fragment: ``GK304「自然人」列``."""
        code = failure.identity.code
        if failure.column is not None:
            return fragment("in-column", code=code, column=names.column(failure.column.key))
        row_key = _row_key(failure.block, failure.row)
        return fragment("in-row", code=code, row=names.row(row_key)) if row_key else fragment("in-table", code=code)

    @staticmethod
    def _side(names: Names, failure: Failure, keys, terms, total, first: bool) -> dict:
        """One side of the failed identity, as a fragment of ``ARITHMETIC_MESSAGES``: the cell
        and its value, or the sum and its addends (the first side also names the column or row)."""
        total_text = _number_text(total)
        if failure.column is not None:  # a sum of rows in one column
            if len(keys) == 1:
                return fragment("cell-is", cell=names.cell(keys[0], failure.column.key), total=total_text)
            described = names.rows_description(keys)
            addends = _addends(terms, names.addend_row)
            if first:
                return fragment("column-sum", column=names.column(failure.column.key), described=described,
                                total=total_text, addends=addends)
            return fragment("sum", described=described, total=total_text, addends=addends)
        row_key = _row_key(failure.block, failure.row)
        if len(keys) == 1:
            return fragment("cell-is", cell=names.cell(row_key, keys[0]), total=total_text)
        described = names.columns_description(keys)
        # (A column with its group where the identity's columns stand under several.)
        identity = failure.identity
        group = False if names.one_group(identity.left + identity.right) else None
        addends = _addends(terms, lambda key: names.column(key, group=group))
        if first and row_key:
            return fragment("row-sum", row=names.row(row_key), described=described, total=total_text,
                            addends=addends)
        return fragment("sum", described=described, total=total_text, addends=addends)


class RowTotal(ArithmeticRule):
    """In the applications table, 总计 differs from the sum of the six applicant columns.

    ## 检查什么（What it does）
    表三（收到和处理政府信息公开申请情况）的每个数据行中，“总计”应等于自然人与五类法人或
    其他组织（商业企业、科研机构、社会公益组织、法律服务机构、其他）之和。等式取自
    rules.toml 中 ``code = "GK303"`` 的恒等式。提示写明总计、计算出的和以及参与求和的非零
    单元格；空白单元格按 0 计，有空白参与时会说明。定位在该行的总计单元格。

    一个单元格（或一列中的几个空白单元格）同时使几处勾稽关系（GK303–GK306）不成立、且改正
    它（及随之重复其错误的总计）就能使这几处全部成立时，只报告一次：定位在该单元格（或该列
    第一个空白单元格），写明应填的数值，其余不成立之处列为“另见”。由以该单元格为总计的规则
    报告，否则由编号最小的规则报告。错误可能在几个单元格中的任一个时，各处仍分别报告。

    ## 为什么（Why is this bad?）
    行合计不符说明某个申请人类别的数字填错、漏填或错列，整张表的可信度随之下降，评估时
    会被直接扣分。

    ## 示例（Example）
    ```text
    （一）予以公开		15	2	0	0	1	0	19
    ```
    改为（Use instead）：
    ```text
    （一）予以公开		15	2	0	0	1	0	18
    ```

    ## 已知问题（Known problems）
    有单元格填写了文字、符号或形状无法读出的行不计算（由 GK301、GK109 报告），以免猜测。

    ## 修复（Fix safety）
    不可自动修复：无法确定错的是总计还是某一分项。

    ## 选项（Options）
    无。恒等式在 rules.toml 的 ``[[formats.X.identities]]`` 中定义。
    """

    code = "GK303"
    name = "row-total"
    summary = "表三某行的总计不等于六类申请人之和"
    summary_en = "in the applications table, 总计 differs from the sum of the six applicant columns"


class ResultsTotal(ArithmeticRule):
    """（七）总计 differs from the sum of all handling results （一）…（六） in some column.

    ## 检查什么（What it does）
    表三每一列中，“（七）总计”应等于全部办理结果之和：（一）予以公开、（二）部分公开、
    （三）不予公开的 8 项、（四）无法提供的 3 项、（五）不予处理的 5 项，以及（六）其他处理
    （2019 年格式为一行，2021 年格式为其 3 个子项）。参与求和的行取自 rules.toml 中
    ``code = "GK304"`` 的恒等式，两种格式的差别由数据表达。定位在该列的（七）总计单元格。

    一个单元格（或一列中的几个空白单元格）同时使几处勾稽关系（GK303–GK306）不成立、且改正
    它（及随之重复其错误的总计）就能使这几处全部成立时，只报告一次：定位在该单元格（或该列
    第一个空白单元格），写明应填的数值，其余不成立之处列为“另见”。由以该单元格为总计的规则
    报告，否则由编号最小的规则报告。错误可能在几个单元格中的任一个时，各处仍分别报告。

    ## 为什么（Why is this bad?）
    总计与分项不符，说明有办理结果漏统计、重复统计（如“部分公开”又计入“不予公开”），
    或者总计是手工填写而未随分项更新。

    ## 示例（Example）
    ```text
    	（七）总计		12	…
    ```
    而（一）至（六）自然人一列之和为 13。改为与分项之和一致的数字，或更正分项。

    ## 已知问题（Known problems）
    某一办理结果行缺失、重复、形状无法读出，或该列有单元格填写了文字、符号时，该列不计算。

    ## 修复（Fix safety）
    不可自动修复：无法确定错的是总计还是分项。

    ## 选项（Options）
    无。恒等式在 rules.toml 的 ``[[formats.X.identities]]`` 中定义。
    """

    code = "GK304"
    name = "results-total"
    summary = "（七）总计不等于各项办理结果之和"
    summary_en = "（七）总计 differs from the sum of all handling results （一）…（六） in some column"


class Balance(ArithmeticRule):
    """一 + 二 differs from （七）总计 + 四 in some column.

    ## 检查什么（What it does）
    表三每一列中，表格自己写明的勾稽关系应成立：“第一项加第二项之和，等于第三项加第四项
    之和”，即本年新收 + 上年结转 = （七）总计 + 结转下年度继续办理。等式取自 rules.toml 中
    ``code = "GK305"`` 的恒等式。定位在该列的“四、结转下年度继续办理”单元格。

    一个单元格（或一列中的几个空白单元格）同时使几处勾稽关系（GK303–GK306）不成立、且改正
    它（及随之重复其错误的总计）就能使这几处全部成立时，只报告一次：定位在该单元格（或该列
    第一个空白单元格），写明应填的数值，其余不成立之处列为“另见”。由以该单元格为总计的规则
    报告，否则由编号最小的规则报告。错误可能在几个单元格中的任一个时，各处仍分别报告。

    ## 为什么（Why is this bad?）
    收到的申请要么办结，要么结转下年：两边不等，说明有申请凭空出现或消失，是评估中最常
    被指出的数据错误。

    ## 示例（Example）
    ```text
    一、本年新收政府信息公开申请数量		30	…
    二、上年结转政府信息公开申请数量		2	…
    	（七）总计		31	…
    四、结转下年度继续办理		0	…
    ```
    改为（Use instead）：结转下年度继续办理的自然人一列为 1（30 + 2 = 31 + 1）。

    ## 已知问题（Known problems）
    涉及的四行中有一行缺失、形状无法读出，或该列有单元格填写了文字、符号时，该列不计算。

    ## 修复（Fix safety）
    不可自动修复。

    ## 选项（Options）
    无。恒等式在 rules.toml 的 ``[[formats.X.identities]]`` 中定义。
    """

    code = "GK305"
    name = "balance"
    summary = "第一项加第二项之和不等于第三项加第四项之和"
    summary_en = "一 + 二 differs from （七）总计 + 四 in some column"


class ReviewLitigationTotal(ArithmeticRule):
    """A 总计 in the review/litigation table differs from the sum of its group.

    ## 检查什么（What it does）
    表四（行政复议、行政诉讼）三组数字（行政复议、未经复议直接起诉、复议后起诉）中，每组
    的“总计”应等于结果维持 + 结果纠正 + 其他结果 + 尚未审结。等式取自 rules.toml 中
    ``code = "GK306"`` 的恒等式。定位在该组的总计单元格。

    一个单元格（或一列中的几个空白单元格）同时使几处勾稽关系（GK303–GK306）不成立、且改正
    它（及随之重复其错误的总计）就能使这几处全部成立时，只报告一次：定位在该单元格（或该列
    第一个空白单元格），写明应填的数值，其余不成立之处列为“另见”。由以该单元格为总计的规则
    报告，否则由编号最小的规则报告。错误可能在几个单元格中的任一个时，各处仍分别报告。

    ## 为什么（Why is this bad?）
    总计与分项不符，说明有案件漏统计或错列（例如把“尚未审结”填进了“总计”）。

    ## 示例（Example）
    ```text
    2	1	0	0	4	…
    ```
    改为（Use instead）：
    ```text
    2	1	0	0	3	…
    ```

    ## 已知问题（Known problems）
    数值个数不是 15 的行（GK109）无法确定各数字所在的列，不计算。

    ## 修复（Fix safety）
    不可自动修复。

    ## 选项（Options）
    无。恒等式在 rules.toml 的 ``[[formats.X.identities]]`` 中定义。
    """

    code = "GK306"
    name = "review-litigation-total"
    summary = "行政复议、行政诉讼表中某组的总计不等于各项之和"
    summary_en = "a 总计 in the review/litigation table differs from the sum of its group"


RULES = [NonNumericValue, BlankValue, RowTotal, ResultsTotal, Balance, ReviewLitigationTotal, InvalidNumber,
         AmountFormatRule]
