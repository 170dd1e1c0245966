"""GK2 — labels: row labels and column headers against the canonical text."""

from __future__ import annotations

from gklint.check.messages import Message, fragment
from gklint.parse.matching import normalize, numbering_length
from gklint.check.rule import Rule, replace_text_fix
from gklint.read.source import Span
from gklint.parse.tree import Document


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
    messages = {
        "near-miss": Message(zh="行标签「{found}」与规范文本不符，应为「{canonical}」",
                             en="row label “{found}” should read “{canonical}”"),
    }

    def check(self, document: Document, context):
        for table in document.index.tables:
            for row in table.rows:
                for label in row.labels:
                    match = label.match
                    if match is None or match.exact:
                        continue
                    # A near miss that reaches into the numbering (三本年度办理结果) is
                    # replaced whole, numbering included.
                    canonical = match.canonical if match.whole else _canonical_without_numbering(match.canonical)
                    label_text = label.cell.text.strip() if match.whole else label.label_text
                    found = label_text.text
                    offset = 0 if match.whole else label.numbering_length
                    start = label.cell.text.text.find(found, offset) if found else -1
                    fix = None
                    if start >= 0:
                        fix = replace_text_fix(label.cell.text, start, start + len(found), canonical,
                                               f"将「{found}」改为「{canonical}」")
                    yield self.finding(context, label_text.span if found else label.cell.span, "near-miss",
                                       fix=fix, found=found, canonical=canonical)


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
    messages = {
        "near-miss": Message(zh="列标题「{found}」与规范文本不符，应为「{canonical}」",
                             en="column header “{found}” should read “{canonical}”"),
    }

    def check(self, document: Document, context):
        for table in document.index.tables:
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
                    yield self.finding(context, text.span, "near-miss", fix=fix, found=found,
                                       canonical=match.canonical)


class SectionHeading(Rule):
    """A section heading is a near miss of the canonical title.

    ## 检查什么（What it does）
    六个章节标题与规范标题（“总体情况”“主动公开政府信息情况”……）相比有错字、漏字、
    多字或重复字时报告，例如“主动公开政府信息清况”。比较时忽略空白、全角半角、引号和编号
    样式。模板列出的合法变体（如“四、因政府信息公开工作被申请行政复议、提起行政诉讼情况”
    “五、政府信息公开工作存在的主要问题及改进情况”“一、政府信息公开总体情况”）以及在规范
    标题前后加了年份等限定语的标题（“2020年度政府信息公开总体情况”）不报告。

    ## 为什么（Why is this bad?）
    章节标题是格式的一部分，读者和评估人员靠它定位内容；错字也会让报告显得不够严谨。

    ## 示例（Example）
    ```text
    二、主动公开政府信息清况
    ```
    改为（Use instead）：
    ```text
    二、主动公开政府信息情况
    ```

    ## 已知问题（Known problems）
    改写过多的标题不被识别为章节标题，由 GK101 报告为缺失章节。

    ## 修复（Fix safety）
    可安全修复：只替换标题文字，保留原有的编号（“二、”）和标记（`##`、`**`）。

    ## 选项（Options）
    无。近似程度与行标签相同：每 5 个字允许 1 处差异，至少 1 处。
    """

    code = "GK203"
    name = "section-heading"
    severity = "warning"
    fixable = True
    summary = "章节标题与规范标题近似但不一致"
    summary_en = "a section heading is a near miss of the canonical title"
    messages = {
        "near-miss": Message(zh="章节标题「{found}」与规范文本不符，应为「{canonical}」",
                             en="section heading “{found}” should read “{canonical}”"),
    }

    def check(self, document: Document, context):
        for section in document.sections:
            match = section.title_match
            if match is None or match.exact:
                continue
            title = section.heading.title
            found = title.text
            fix = replace_text_fix(title, 0, len(found), match.canonical, f"将「{found}」改为「{match.canonical}」")
            yield self.finding(context, title.span, "near-miss", fix=fix, found=found, canonical=match.canonical)


def _format_name(context, format_id: str) -> dict:
    """How GK204's message names a format (a fragment of its messages)."""
    template = context.templates.formats.get(format_id)
    if template is None:
        return fragment("format-id", id=format_id)
    return fragment("format", id=format_id, name=template.name, issued_by=template.issued_by)


def _marker_cell(document: Document, markers: list[str]):
    """The first cell, in reading order, that holds one of ``markers``."""
    wanted = {normalize(marker) for marker in markers}
    for table in document.index.tables:
        for row in table.rows:
            for cell in row.cells:
                if normalize(cell.text.text) in wanted:
                    return table, cell
    return None, None


class TemplateVersion(Rule):
    """The tables follow another format version than the report's year requires.

    ## 检查什么（What it does）
    2019、2020 年度的报告应使用 2019 年试行格式（国办公开办函〔2019〕60号），2021 年度起
    应使用 2021 年格式（国办公开办函〔2021〕30号）。本规则由标题中的年份确定应采用的格式，
    由表格中的标志性标签（2019 年格式的“本年新制作数量”“上一年项目数量”“本年增/减”
    “第二十条第（九）项”“政府集中采购”；2021 年格式的“本年制发件数”“现行有效件数”
    “本年处理决定数量”“本年收费金额（单位：万元）”）确定实际采用的格式，两者不符时
    在第一处显示标志的表格单元格报告。2019 年以后的报告仍使用旧式统计表（指标名称、历年累计）
    的，也在此报告。

    ## 为什么（Why is this bad?）
    2021 年格式调整了表二的统计口径（制发、废止、现行有效件数）和表三“（六）其他处理”
    的细分；沿用旧格式的报告缺少新口径的数据，与其他机关的报告无法汇总比较。

    ## 示例（Example）
    ```text
    青山县自然资源局2023年政府信息公开工作年度报告
    ……
    信息内容	本年新制作数量	本年新公开数量	对外公开总数量
    ```
    改为（Use instead）：
    ```text
    信息内容	本年制发件数	本年废止件数	现行有效件数
    ```

    ## 已知问题（Known problems）
    标题没有年份，或表格中两种格式的标志一样多时，无法判断，不报告。

    ## 修复（Fix safety）
    不可自动修复：改用新格式需要重新统计数据。

    ## 选项（Options）
    无。`--template` 只决定其他规则按哪种格式检查，不影响本规则的判断。
    """

    code = "GK204"
    name = "template-version"
    severity = "error"
    summary = "表格采用的格式版本与报告年度要求的不符"
    summary_en = "the tables follow another format version than the report's year requires"
    needs_format = False
    messages = {
        "wrong-format": Message(
            zh="{year}年度报告应采用{required}，但表格采用的是{actual}（表中有「{markers:」「}」）",
            en="a report for {year} must follow {required}, but its tables follow {actual} (they show “{markers[0]}”)",
        ),
        # fragments: how a format is named
        "format": Message(zh="{name}（{issued_by}）", en="the {id} format ({issued_by})"),
        "format-id": Message(zh="{id}", en="{id}"),
        "legacy-table": Message(zh="2019年以前的旧式统计表", en="the pre-2019 statistics table"),
    }

    def check(self, document: Document, context):
        required, actual, year = document.required_format, document.format_id, document.year
        if required is None or actual is None or year is None or required == "legacy" or actual == required:
            return
        if actual == "legacy":
            markers = document.format_evidence.get("legacy", [])
            actual_name = fragment("legacy-table")
        else:
            markers = document.format_evidence.get(actual, [])
            actual_name = _format_name(context, actual)
        if not markers:
            return
        table, cell = _marker_cell(document, markers)
        span = cell.text.span if cell is not None else (document.index.tables[0].span if document.index.tables else Span(0, 0))
        yield self.finding(context, span, "wrong-format", year=year, required=_format_name(context, required),
                           actual=actual_name, markers=list(markers[:3]),
                           data={"required": required, "actual": actual})


class LegacyFormat(Rule):
    """The report predates the 2019 format; the format rules are not applied to it.

    ## 检查什么（What it does）
    2018 年度及以前的报告没有统一格式，其统计表是“指标名称 / 计量单位 / 本年度 / 历年累计”
    的形式。标题年份早于 2019 年，标题没有年份而正文所述统计期限（“统计期限自2017年1月1日起……”）
    早于 2019 年，或统计表带有这些旧式标签（且没有新格式的标志；压平为一行文字的报告在正文中
    找这些标签）时，或以 `--template legacy` 指定时，本规则在第 1 行给出一条提示，说明结构、
    表格和数字类的格式规则不适用于该报告、未予检查。

    ## 为什么（Why is this bad?）
    这不是错误，而是说明：对旧报告套用 2019/2021 年格式只会产生大量无意义的告警。
    提示让读者知道这份报告没有按格式检查。

    ## 示例（Example）
    ```text
    青山县自然资源局2017年政府信息公开工作年度报告
    指标名称	计量单位	本年度	历年累计
    ```
    （Use instead：无需修改；2019 年度起的报告请使用当年适用的格式。）

    ## 已知问题（Known problems）
    2019 年度以后的报告若仍使用旧式统计表，同时由 GK204 报告为格式版本错误。

    ## 修复（Fix safety）
    不可修复，也无需修复。

    ## 选项（Options）
    无。旧式标签、统计期限的引导词（`period_words`）和年份界限见 `rules.toml` 的 `[legacy]`。
    """

    code = "GK205"
    name = "legacy-format"
    severity = "info"
    summary = "报告早于2019年格式，不适用格式规则"
    summary_en = "the report predates the 2019 format; the format rules are not applied to it"
    needs_format = False
    messages = {
        "legacy": Message(zh="本报告采用2019年以前的旧式格式，2019年和2021年格式的检查规则未予适用",
                          en="the report predates the 2019 format; the format rules are not applied to it"),
        "legacy-because": Message(
            zh="本报告采用2019年以前的旧式格式（{reasons:，}），2019年和2021年格式的检查规则未予适用",
            en="the report predates the 2019 format ({reasons:; }); the format rules are not applied to it",
        ),
        # fragments: the reasons
        "year": Message(zh="报告年度为{year}年", en="it reports on {year}"),
        "period": Message(zh="正文所述统计期限始于{year}年", en="the statistical period its body states begins in {year}"),
        "markers": Message(zh="统计表含「{markers:」「}」", en="its table has “{markers:”, “}”"),
    }

    def check(self, document: Document, context):
        if not document.is_legacy:
            return
        reasons = []
        if document.year is not None and document.year < context.templates.legacy.before_year:
            reasons.append(fragment("year", year=document.year))
        elif document.year is None and document.period_year is not None \
                and document.period_year < context.templates.legacy.before_year:
            reasons.append(fragment("period", year=document.period_year))
        markers = document.format_evidence.get("legacy", [])
        if markers:
            reasons.append(fragment("markers", markers=list(markers)))
        data = {"year": document.year}
        if reasons:
            yield self.finding(context, Span(0, 0), "legacy-because", reasons=reasons, data=data)
        else:
            yield self.finding(context, Span(0, 0), "legacy", data=data)


RULES = [RowLabel, ColumnHeader, SectionHeading, TemplateVersion, LegacyFormat]
