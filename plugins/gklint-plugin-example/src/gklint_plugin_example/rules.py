"""EX101 draft-mark: a published report that still carries draft marks or editor's notes."""

from __future__ import annotations

import regex

import gklint
from gklint.parse.tree import Heading, Paragraph, Table

# Marks that belong to the drafting process, never to a published report.
DRAFT_MARKS = regex.compile(r"征求意见稿|送审稿|讨论稿|修改稿|（草稿）|\(草稿\)|草稿|内部资料|注意保存|请勿外传")
# Editors' notes in square brackets: 【待核实】 【待补充】 【修改：…】 【此处…】
EDITOR_NOTE = regex.compile(r"【(?:待|修改|此处|核实|补充|删除|注)[^】\n]{0,30}】")


class DraftMark(gklint.Rule):
    """The report still carries a draft mark or an editor's note.

    ## 检查什么（What it does）
    报告正文、标题或表格中仍有起草过程中的标记：征求意见稿、送审稿、讨论稿、修改稿、草稿、
    内部资料、注意保存、请勿外传，或方括号中的编辑批注（【待核实】【待补充】【修改：…】）。

    ## 为什么（Why is this bad?）
    这些标记说明公开的是未定稿的版本：数字可能未经核实，读者会质疑报告的权威性。
    每年都有报告因直接从起草稿复制发布而带着这些标记上网。

    ## 示例（Example）
    ```text
    青山县交通运输局2023年政府信息公开工作年度报告（征求意见稿）
    全年新收政府信息公开申请37件【待核实】。
    ```
    改为（Use instead）：
    ```text
    青山县交通运输局2023年政府信息公开工作年度报告
    全年新收政府信息公开申请37件。
    ```

    ## 已知问题（Known problems）
    正文中讨论“草稿”一词本身（如“起草了管理办法草稿”）也会被报告；可用 --ignore EX101 或
    在配置中忽略。

    ## 修复（Fix safety）
    不可自动修复：标记可能意味着内容尚未定稿，需要撰写者确认。

    ## 选项（Options）
    无。
    """

    code = "EX101"
    name = "draft-mark"
    severity = "warning"
    summary = "报告仍带有草稿标记或编辑批注"
    summary_en = "the report still carries a draft mark or an editor's note"
    needs_format = False
    messages = {
        "draft-mark": gklint.Message(zh="发布的报告中仍有起草标记「{mark}」，请删除并确认内容已定稿",
                                     en="the published report still carries the draft mark “{mark}”"),
    }

    def check(self, document, context):
        texts = []
        if document.title is not None:
            texts.append(document.title.text)
        for node in document.nodes():
            if isinstance(node, (Paragraph, Heading)):
                texts.append(node.text)
            elif isinstance(node, Table):
                texts.extend(cell.text for row in node.rows for cell in row.cells)
        for text in texts:
            for pattern in (DRAFT_MARKS, EDITOR_NOTE):
                for match in pattern.finditer(text.text):
                    yield self.finding(context, text.source_span(match.start(), match.end()), "draft-mark",
                                       mark=match.group(0))
