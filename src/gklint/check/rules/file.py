"""GK0 — the file itself."""

from __future__ import annotations

from gklint.check.messages import Message
from gklint.check.rule import Rule


class UnreadableFile(Rule):
    """The file cannot be read, decoded or parsed, or is empty.

    ## 检查什么（What it does）
    文件无法读取（权限、不存在）、无法解码（不是 UTF-8、GB18030/GBK 或 UTF-16）、无法解析
    （损坏的 Word/HTML/PDF 文件）或为空时报告。消息说明原因，例如尝试过哪些编码。

    ## 为什么（Why is this bad?）
    无法读取的报告无法检查：若不报告，它会悄悄地从批量检查中漏掉。其他文件照常检查。

    ## 示例（Example）
    ```text
    报告.txt: 0 字节
    ```
    改为（Use instead）：提交报告的完整正文，使用 UTF-8 或 GB18030 编码。

    ## 已知问题（Known problems）
    纯图片的 PDF（扫描件）没有文字层，也报告为无法解析。

    ## 修复（Fix safety）
    不可自动修复。

    ## 选项（Options）
    无。
    """

    code = "GK000"
    name = "unreadable-file"
    severity = "error"
    summary = "文件无法读取、解码或解析，或为空"
    summary_en = "the file cannot be read, decoded or parsed, or is empty"
    needs_format = False
    messages = {
        # The loader's (or the engine's) reason, which comes in both languages.
        "unreadable": Message(zh="{reason}", en="{reason_en}"),
    }

    def check(self, document, context):
        # Reported by the engine when a loader gives up; a parsed document has nothing more.
        return ()


RULES = [UnreadableFile]
