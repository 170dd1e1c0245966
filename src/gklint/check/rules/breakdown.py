"""GK408 — a total stated in the narrative and the parts the same sentence lists."""

from __future__ import annotations

import re
from decimal import Decimal
from functools import lru_cache
from itertools import accumulate, product
from math import prod
from typing import Any, Iterator

from gklint.check.messages import Message
from gklint.check.options import Option
from gklint.check.rule import Rule, RuleContext
from gklint.check.rules.statements import NUMBER, ascii_digits, closing_bracket, count_value
from gklint.parse.patterns import compile_setting
from gklint.parse.tree import Document, Paragraph
from gklint.read.source import SourcedText
from gklint.records import Frozen

# (GK405 may leave a narrative's parts with as many readings each; past this many ways of
# putting them together the breakdown is judged on the stated numbers alone.)
_MAX_COMBINATIONS = 256


class _Prepared(Frozen):
    has_connector: Any
    has_marker: Any
    total: Any
    item: Any
    separator: Any
    share: Any
    screen: tuple[str, ...]
    connectors: tuple[str, ...]
    exhaustive_connectors: tuple[str, ...]
    example_words: tuple[str, ...]
    example_endings: tuple[str, ...]
    rest_words: tuple[str, ...]
    stop_words: tuple[str, ...]
    not_markers: tuple[str, ...]


@lru_cache(maxsize=32)
def _prepare(markers: tuple[str, ...], connectors: tuple[str, ...], exhaustive: tuple[str, ...], units: tuple[str, ...],
             examples: tuple[str, ...], endings: tuple[str, ...], rest: tuple[str, ...], stops: tuple[str, ...],
             not_markers: tuple[str, ...], share: str) -> _Prepared | None:
    if not markers or not connectors or not units:
        return None
    unit = "|".join(re.escape(word) for word in sorted(units, key=len, reverse=True))
    marker = "|".join(re.escape(word) for word in sorted(markers, key=len, reverse=True))
    connector = "|".join(re.escape(word) for word in sorted(connectors, key=len, reverse=True))
    # 共公布政府信息2599条，其中 / 共收到70件申请，其中： / 共计120件（包括
    total = re.compile(
        rf"(?:{marker})(?P<before>[^，。；,;:：、\d（()）]{{0,20}}?)(?P<n>{NUMBER})\s*(?P<unit>{unit})"
        rf"(?P<after>[^，。；,;:：、\d（()）]{{0,12}}?)\s*[，,]?\s*(?P<open>[（(])?\s*(?P<connector>{connector})\s*[：:，,]?"
    )
    # one part: a short label (政策、规范性文件类信息) and its count (or the count alone, after 分别为)
    item = re.compile(rf"(?P<label>[^，。；,;:：\d（()）]{{0,24}}?)(?P<n>{NUMBER})\s*(?P<unit>{unit})")
    separator = re.compile(r"\s*(?:[、，,]|以及|和|及|与)\s*")
    # (two searches of a compiled alternation pass most paragraphs over: benchmarks/run.py)
    return _Prepared(re.compile(connector).search, re.compile(marker).search, total, item, separator, compile_setting(share) if share else None, tuple(markers),
                     tuple(connectors), tuple(exhaustive), tuple(examples), tuple(endings), tuple(rest), tuple(stops),
                     tuple(not_markers))


def _list(settings: dict[str, Any], name: str) -> tuple[str, ...]:
    value = settings.get(name, [])
    return tuple(item for item in value if isinstance(item, str)) if isinstance(value, list) else ()


class _Part(Frozen):
    label: str
    value: Decimal
    number: tuple[int, int]


class BreakdownSum(Rule):
    """A total stated in a sentence is not the sum of the parts the sentence then lists.

    ## 检查什么（What it does）
    句中先用“共”“共计”“合计”“总计”“累计”给出总数，紧接着用“其中”“包括”“分别为”列出各项
    （“共公布政府信息2602条，其中政策文件120条、规划计划30条、……、其他1200条”），各项之和
    与总数不符时报告，位置在总数。只在语法表明是“总数—各项”关系时检查：

    - 各项之和大于总数时报告（除非前几项之和恰好等于总数：列举已经结束，后面是另一件事）；
    - 各项之和小于总数时，只在列举是完整的时报告：用“分别为”列出，或最后一项是“其他”“其余”；
      “其中”只列了几项的，可能只是举例，不报告；
    - 举例的列举不检查：各项前有“如”“例如”“比如”“主要有”，或列举以“等”结束；
    - 单位不同（件与条）的项不算在内，括号中的子项不算在内。

    同一句中的总数或某一项已被 GK405 报告与表格不符，且按表格的数字各项之和与总数相符时，
    只报告 GK405（同一个错误只报告一次）。

    ## 为什么（Why is this bad?）
    分项之和不等于总数，说明某个数字写错或漏写了一项，读者无法知道哪一个是对的。

    ## 示例（Example）
    ```text
    全年共主动公开政府信息412条，其中政策文件15条、规划计划9条、其他378条。
    ```
    改为（Use instead）：
    ```text
    全年共主动公开政府信息412条，其中政策文件15条、规划计划9条、其他388条。
    ```

    ## 已知问题（Known problems）
    各项互有重叠时（同一条信息既在网站又在微信发布）各项之和可以大于总数，也会被报告。
    只读整数件数，不读金额和小数。

    ## 修复（Fix safety）
    不可自动修复：无法确定错的是总数还是哪一项。

    ## 选项（Options）
    `markers`（表示总数的词）、`connectors`（引出各项的词）、`exhaustive_connectors`（表明列举
    完整的词）、`units`（计数单位）、`example_words`（各项前表示举例的词）、`example_endings`
    （列举末尾表示举例的词）、`rest_words`（表示“其余”的最后一项）、`stop_words`（出现在标签中
    即表示列举已结束的词）、`not_markers`（含有“共”却不表示总数的词：公共、共享……）、`share`
    （项后的比例，跳过不计），见 rules.toml 的 `[rules.GK408]`。
    """

    code = "GK408"
    name = "breakdown-sum"
    severity = "warning"
    summary = "句中所列各项之和与所述总数不符"
    summary_en = "a total stated in a sentence is not the sum of the parts the sentence lists"
    messages = {
        "breakdown": Message(
            zh="总数「{total}」（{number}）与其后所列 {count} 项之和 {sum} 不符（{addends: + }）",
            en="the total “{total}” ({number}) is not the sum of the {count} parts listed after it: "
               "{addends: + } = {sum}",
        ),
    }
    options = (
        Option("markers", "list[str]", "表示总数的词", "words that state a total", default=[]),
        Option("connectors", "list[str]", "引出各项的词", "words that introduce the parts", default=[]),
        Option("exhaustive_connectors", "list[str]", "表明列举完整的词（各项之和小于总数时也报告）",
               "connectors that make the list complete (a sum below the total is reported too)", default=[]),
        Option("units", "list[str]", "计数单位", "units of counting", default=[]),
        Option("example_words", "list[str]", "表示举例的词", "words that make the list examples", default=[]),
        Option("example_endings", "list[str]", "列举末尾表示举例的词", "words after the last part that make the list examples",
               default=[]),
        Option("rest_words", "list[str]", "表示其余各项的最后一项的开头", "how a last part that is the rest begins",
               default=[]),
        Option("stop_words", "list[str]", "出现在标签中即表示列举已结束的词",
               "words in a label that end the list (another clause begins)", default=[]),
        Option("not_markers", "list[str]", "含有表示总数的字、却不表示总数的词（公共、共享……）",
               "words holding a marker that state no total (公共, 共享, …)", default=[]),
        Option("share", "str", "项后的比例（跳过）", "a share after a part (skipped)", default=""),
    )

    def prepare(self, template, settings: dict[str, Any]):
        """The total, part and separator patterns, and the word lists."""
        share = settings.get("share")
        return _prepare(_list(settings, "markers"), _list(settings, "connectors"),
                        _list(settings, "exhaustive_connectors"), _list(settings, "units"),
                        _list(settings, "example_words"), _list(settings, "example_endings"),
                        _list(settings, "rest_words"),
                        _list(settings, "stop_words"), _list(settings, "not_markers"),
                        share if isinstance(share, str) else "")

    def check(self, document: Document, context: RuleContext):
        prepared: _Prepared | None = context.prepared
        if prepared is None:
            return
        # What GK405 found wrong in the same numbers, when it runs (it runs first: its module
        # registers before this one) — a wrong total or part is then its finding alone.
        mismatched = document.index.stated_counts
        if context.selected is not None and "GK405" not in context.selected:
            mismatched = None
        for text in self._paragraphs(document):
            value = text.text
            # cheap checks first: most paragraphs state no total with its parts
            if prepared.has_connector(value) is None or prepared.has_marker(value) is None:
                continue
            digits = ascii_digits(value)
            yield from self._check_text(context, prepared, text, digits, mismatched or {})

    @staticmethod
    def _paragraphs(document: Document) -> Iterator[SourcedText]:
        for node in document.preamble:
            if isinstance(node, Paragraph):
                yield node.text
        for section in document.sections:
            for node in section.body:
                if isinstance(node, Paragraph):
                    yield node.text

    def _check_text(self, context, prepared: _Prepared, text: SourcedText, digits: str, mismatched: dict):
        for total in prepared.total.finditer(digits):
            stated = count_value(total.group("n"))
            if stated is None or self._inside_word(prepared, digits, total.start()):
                continue
            end = None
            if total.group("open"):
                end = closing_bracket(digits, total.start("open"))
            parts = self._parts(prepared, digits, total.end(), end, total.group("unit"))
            if parts is None or len(parts) < 2:
                continue
            connector = total.group("connector")
            values = [part.value for part in parts]
            addends = sum(values, Decimal(0))
            if addends == stated:
                continue
            complete = connector in prepared.exhaustive_connectors or parts[-1].label.strip().startswith(
                prepared.rest_words)
            # the first parts giving the total: the list ended there, another clause followed
            if stated in accumulate(values) or (addends < stated and not complete):
                continue
            if self._explained_by_gk405(text, total, stated, parts, mismatched):
                continue
            number = total.span("n")
            span = text.source_span(number[0], total.end("unit"))
            said = digits[total.start():total.end("unit")]
            yield self.finding(
                context, span, "breakdown", total=said, number=_plain(stated), count=len(parts), sum=_plain(addends),
                addends=[_plain(value) for value in values],
                data={"total": _plain(stated), "parts": [_plain(value) for value in values], "sum": _plain(addends)},
            )

    @staticmethod
    def _inside_word(prepared: _Prepared, digits: str, start: int) -> bool:
        """Whether the marker at ``start`` is part of a word that states no total (公共, 共享)."""
        marker = digits[start]
        for word in prepared.not_markers:
            place = word.find(marker)
            if place >= 0 and start - place >= 0 and digits.startswith(word, start - place):
                return True
        return False

    def _parts(self, prepared: _Prepared, digits: str, position: int, end: int | None, unit: str) -> list[_Part] | None:
        """The parts listed from ``position`` (to ``end``, a closing bracket); None when they
        are examples."""
        limit = end - 1 if end is not None else len(digits)
        parts: list[_Part] = []
        while position < limit:
            item = prepared.item.match(digits, position, limit)
            if item is None or item.group("unit") != unit:
                break
            label = item.group("label")
            if parts and any(word in label for word in prepared.stop_words):
                break
            if any(label.strip().startswith(word) for word in prepared.example_words):
                return None
            value = count_value(item.group("n"))
            if value is None:
                break
            parts.append(_Part(label, value, item.span("n")))
            position = item.end()
            if position < limit and digits[position] in "（(":  # sub-parts of this part
                closed = closing_bracket(digits, position)
                if closed is None:
                    break
                position = closed
            if prepared.share is not None:
                share = prepared.share.match(digits, position, limit)
                if share is not None:
                    position = share.end()
            separator = prepared.separator.match(digits, position, limit)
            if separator is None:
                break
            position = separator.end()
        if parts and any(digits.startswith(word, position) for word in prepared.example_endings):
            return None
        return parts

    @staticmethod
    def _explained_by_gk405(text: SourcedText, total, stated: Decimal, parts: list[_Part], mismatched: dict) -> bool:
        """Whether the numbers of the breakdown that GK405 found to contradict the table, read
        as the table gives them, make the parts add up to the total: then the defect is that
        number, GK405's finding."""
        def choices(number: tuple[int, int], value: Decimal) -> tuple[Decimal, ...] | None:
            span = text.source_span(*number)
            return mismatched.get((span.start, span.end))

        totals = choices(total.span("n"), stated)
        options = [choices(part.number, part.value) for part in parts]
        if totals is None and all(option is None for option in options):
            return False
        totals = totals or (stated,)
        options = [option or (part.value,) for option, part in zip(options, parts)]
        if len(totals) * prod(len(option) for option in options) > _MAX_COMBINATIONS:
            return False
        return any(sum(values, Decimal(0)) in totals for values in product(*options))


def _plain(value: Decimal) -> str:
    return str(int(value)) if value == value.to_integral_value() else str(value.normalize())


RULES = [BreakdownSum]
