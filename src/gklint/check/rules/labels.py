"""GK2 — labels: row labels and column headers against the canonical text."""

from __future__ import annotations

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

    def check(self, document: Document, context):
        for table in document.tables:
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

    def check(self, document: Document, context):
        for section in document.sections:
            match = section.title_match
            if match is None or match.exact:
                continue
            title = section.heading.title
            found = title.text
            fix = replace_text_fix(title, 0, len(found), match.canonical, f"将「{found}」改为「{match.canonical}」")
            yield self.finding(
                context,
                title.span,
                f"章节标题「{found}」与规范文本不符，应为「{match.canonical}」",
                f"section heading “{found}” should read “{match.canonical}”",
                fix=fix,
                found=found,
                canonical=match.canonical,
            )


def _format_name(context, format_id: str) -> tuple[str, str]:
    template = context.templates.formats.get(format_id)
    if template is None:
        return format_id, format_id
    return f"{template.name}（{template.issued_by}）", f"the {format_id} format ({template.issued_by})"


def _marker_cell(document: Document, markers: list[str]):
    """The first cell, in reading order, that holds one of ``markers``."""
    wanted = {normalize(marker) for marker in markers}
    for table in document.tables:
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

    def check(self, document: Document, context):
        required, actual, year = document.required_format, document.format_id, document.year
        if required is None or actual is None or year is None or required == "legacy" or actual == required:
            return
        required_zh, required_en = _format_name(context, required)
        if actual == "legacy":
            markers = document.format_evidence.get("legacy", [])
            actual_zh, actual_en = "2019年以前的旧式统计表", "the pre-2019 statistics table"
        else:
            markers = document.format_evidence.get(actual, [])
            actual_zh, actual_en = _format_name(context, actual)
        if not markers:
            return
        table, cell = _marker_cell(document, markers)
        span = cell.text.span if cell is not None else (document.tables[0].span if document.tables else Span(0, 0))
        shown = "」「".join(markers[:3])
        yield self.finding(
            context,
            span,
            f"{year}年度报告应采用{required_zh}，但表格采用的是{actual_zh}（表中有「{shown}」）",
            f"a report for {year} must follow {required_en}, but its tables follow {actual_en} (they show “{markers[0]}”)",
            required=required,
            actual=actual,
        )


class LegacyFormat(Rule):
    """The report predates the 2019 format; the format rules are not applied to it.

    ## 检查什么（What it does）
    2018 年度及以前的报告没有统一格式，其统计表是“指标名称 / 计量单位 / 本年度 / 历年累计”
    的形式。标题年份早于 2019 年，或统计表带有这些旧式标签（且没有新格式的标志）时，
    本规则在第 1 行给出一条提示，说明结构、表格和数字类的格式规则不适用于该报告、未予检查。

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
    无。旧式标签和年份界限见 `rules.toml` 的 `[legacy]`。
    """

    code = "GK205"
    name = "legacy-format"
    severity = "info"
    summary = "报告早于2019年格式，不适用格式规则"
    summary_en = "the report predates the 2019 format; the format rules are not applied to it"
    needs_format = False

    def check(self, document: Document, context):
        if not document.is_legacy:
            return
        reasons_zh, reasons_en = [], []
        if document.year is not None and document.year < context.templates.legacy.before_year:
            reasons_zh.append(f"报告年度为{document.year}年")
            reasons_en.append(f"it reports on {document.year}")
        markers = document.format_evidence.get("legacy", [])
        if markers:
            reasons_zh.append("统计表含「" + "」「".join(markers) + "」")
            reasons_en.append("its table has " + ", ".join(f"“{marker}”" for marker in markers))
        why_zh = "（" + "，".join(reasons_zh) + "）" if reasons_zh else ""
        why_en = " (" + "; ".join(reasons_en) + ")" if reasons_en else ""
        yield self.finding(
            context,
            Span(0, 0),
            f"本报告采用2019年以前的旧式格式{why_zh}，2019年和2021年格式的检查规则未予适用",
            f"the report predates the 2019 format{why_en}; the format rules are not applied to it",
            year=document.year,
        )


RULES = [RowLabel, ColumnHeader, SectionHeading, TemplateVersion, LegacyFormat]
