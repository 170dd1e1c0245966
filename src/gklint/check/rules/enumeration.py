"""GK409 — the numbered points of the narrative (一是/二是, （一）（二）, 1. 2., 第一/第二): a
number repeated, skipped, or a run started again in its middle."""

from __future__ import annotations

import re
from typing import Iterator, NamedTuple

from gklint.check.messages import Message
from gklint.check.rule import Rule, RuleContext
from gklint.grammar import NUMERALS, SPACE, han_numeral, han_value
from gklint.parse.tree import Document, Heading, Paragraph, Table
from gklint.read.source import SourcedText

# What may stand before a point in running text ("clause"): the start, white space, punctuation
# that ends or splits a clause, a closing bracket or quote, Markdown's bold or list marks.
_AFTER_CLAUSE = set("，。；：！？、,;:!?）)”」』】*>-")
# What must stand before a bracketed or digit point ("sentence"): the start of the paragraph
# (after white space, list marks, bold) or the end of a sentence or clause (in a flattened
# table the numbers of row labels follow values and spaces instead).
_AFTER_SENTENCE = set("。；：！？;:!?\n")
_PARAGRAPH_START = re.compile(rf"(?:{SPACE}|[*>#+\-])*")
_WHITE = re.compile(SPACE)
_HAN_NUMBER = rf"[{NUMERALS}]{{1,3}}"
_DIGIT_MARKS = ".．、"  # what ends a digit point (1. 2、)

# The styles, one alternative each of one pattern (one search of a paragraph finds them all),
# the number in a group named after its style: 一是 (``shi``), （一） (``han_paren``), （1）
# (``digit_paren``), 1. (``digit``), 第一 (``di``). The match is the marker as written; each
# alternative starts with the marker, so that ``re`` finds candidates fast, and what stands
# before it is checked after (``_may_follow``). 一是 is not 一是一、二是二 (a set phrase); （一）
# is not 第（一）项 (a reference); 1. is not 2.5 or 2023.
_POINT = re.compile(
    rf"(?P<shi>{_HAN_NUMBER})是(?![{NUMERALS}])"
    rf"|[（(]{SPACE}*(?:(?P<han_paren>{_HAN_NUMBER})|(?P<digit_paren>\d{{1,2}})){SPACE}*[）)](?![项款条目])"
    r"|(?P<digit>\d{1,2})[.．、](?![\d.．])"
    rf"|第(?P<di>{_HAN_NUMBER})(?=[，,、：:])"
)
# Where a point may start, and the mark of a digit point: the first character of every
# alternative of ``_POINT`` but the digit's, followed by what that alternative needs right
# after it — a numeral by numerals and 是, 第 by a numeral, a bracket by a numeral or a digit —
# and the mark that ends a digit point, after a digit. ``re`` tries all of ``_POINT`` at every
# position of a text (its alternatives start with classes, which give it no first character
# to skip ahead to); this finds the few positions worth trying, skipping ahead in C to the one
# class it starts with. A digit point is found at its mark, not at its digits: the digits of
# counts and dates (2021年, 412条) are most of the digits of a narrative and each one was a
# try (41 a generated text report), where the marks after a digit are few and a bare 、 fails
# at once (17 a report; GK409's check 299 -> 269 thousand instructions a generated text
# report, callgrind). The digit ``(?<=\d[.．、])`` asks for is any ``\d``, as ``_POINT``'s.
_POINT_START = re.compile(
    rf"[{NUMERALS}（(第{_DIGIT_MARKS}](?:(?<=\d[{_DIGIT_MARKS}])|(?<=[{NUMERALS}])(?=[{NUMERALS}]{{0,2}}是)"
    rf"|(?<=第)(?=[{NUMERALS}])|(?<=[（(])(?={SPACE}*[{NUMERALS}\d]))"
)
# The two searches ``points`` makes, bound once: ``points`` runs for every paragraph, and
# bound methods made and freed at each call were 4 % of GK409's instructions (328 -> 315
# thousand a generated text report, callgrind).
_SEARCH_POINT_START, _MATCH_POINT = _POINT_START.search, _POINT.match
# The value of each Han number a point is mostly written with (一 to 二十), as ``han_value``
# gives it: looked up before ``han_value`` works one out, a loop in Python over its numerals
# for each of the seven points of a generated text report (GK409's check 297 -> 288 thousand
# instructions a report, callgrind).
_HAN_POINT_VALUES = {text: han_value(text) for text in map(han_numeral, range(1, 21))}
# What must stand before a point of each style: "clause" or "sentence" (above).
_CONTEXT = {"shi": "clause", "han_paren": "sentence", "digit_paren": "sentence", "digit": "sentence", "di": "clause"}
# A clause that runs on into the next point: the restart of a run after it is the run's
# next point mistyped, not a new list (一是……；二是……；一是……).
_RUNS_ON = set("；;，,、")


def written(style: str, number: int) -> str:
    """How the point numbered ``number`` is written in ``style`` (for the messages)."""
    if style in ("digit", "digit_paren"):
        return f"{number}." if style == "digit" else f"（{number}）"
    han = han_numeral(number)
    return {"shi": f"{han}是", "han_paren": f"（{han}）", "di": f"第{han}"}[style]


class Point(NamedTuple):
    """A numbered point of the narrative: its style, number, where its marker (（三）, 三是)
    stands in its paragraph's text, and the paragraph (its place in its run's scope)."""

    style: str
    number: int
    start: int
    end: int
    paragraph: int
    text: SourcedText


# A ``Point`` made from its fields' tuple in C: ``Point(...)`` runs the ``__new__`` in Python
# that ``NamedTuple`` writes, for each point (GK409's check 288 -> 275 thousand instructions a
# generated text report, callgrind).
_new_point = tuple.__new__


def points(text: SourcedText, paragraph: int) -> list[Point]:
    """The numbered points of one paragraph, in reading order."""
    found = []
    value = text.text
    search, match_at = _SEARCH_POINT_START, _MATCH_POINT
    position = 0
    # (What ``_POINT.finditer(value)`` finds that ``_may_follow`` lets stand, trying only
    # where a point may start.)
    while (candidate := search(value, position)) is not None:
        start = candidate.start()
        if value[start] in _DIGIT_MARKS:
            # A digit point's mark: the point starts at the digit before it, or at the one
            # before that (12.), where a search for its first digit would have found it.
            start -= 2 if start - 2 >= position and value[start - 2].isdecimal() else 1
        match = match_at(value, start)
        if match is None:
            position = candidate.end()
            continue
        position = match.end()
        style = match.lastgroup
        if start and not _may_follow(value, start, _CONTEXT[style], style):
            continue
        marker = match.group(style)
        number = int(marker) if style.startswith("digit") else _HAN_POINT_VALUES.get(marker) or han_value(marker)
        if number:
            found.append(_new_point(Point, (style, number, start, match.end(), paragraph, text)))
    return found


def _may_follow(value: str, start: int, context: str, style: str) -> bool:
    """Whether a point may start at ``start`` (not the paragraph's start) after what stands
    before it."""
    before = value[start - 1]
    if before == "第" or (style == "digit" and (before.isdigit() or before in ".．")):
        return False  # 第（一）项, 第一是; 2023.5, 1.2.
    if context == "clause":
        return before in _AFTER_CLAUSE or _WHITE.match(before) is not None
    return before in _AFTER_SENTENCE or _PARAGRAPH_START.match(value).end() == start


def scopes(document: Document) -> Iterator[list[Paragraph]]:
    """Runs of paragraphs that a list may span: the preamble and each section, cut at every
    heading and table (a new sub-heading starts new lists)."""
    for body in [document.preamble, *(section.body for section in document.sections)]:
        scope: list[Paragraph] = []
        for node in body:
            if isinstance(node, Paragraph):
                scope.append(node)
            elif isinstance(node, (Heading, Table)):
                if scope:
                    yield scope
                scope = []
        if scope:
            yield scope


class EnumerationSequence(Rule):
    """Numbered points in the narrative repeat or skip a number, or start again in a run.

    ## 检查什么（What it does）
    正文中的分项编号——“一是、二是、三是”“（一）（二）（三）”“（1）（2）”“1. 2. 3.”
    “第一，第二，”——同一种编号应依次递增。报告三种错误，位置在出错的编号上：
    - 重复：“一是……二是……三是……三是……”；
    - 跳号：“（一）……（三）……”（缺少“（二）”）；
    - 中途重新开始：同一段中用分号、逗号接续的分项又从“一是”编起，或重新编起的“一是”
      之后又接着原来的编号（“一是……二是……一是……三是……”）。
    每种编号分别计数；章节、小标题（单独成行的标题）和表格把编号分隔开，各自重新计数。
    标题和表格行标签的编号不在此列（由结构和标签规则检查）。

    ## 为什么（Why is this bad?）
    分项编号出错是审读中最容易被发现的错误之一，说明文稿拼接、删改后未通读核对；
    “一是……三是”会让读者以为漏掉了一项内容。

    ## 示例（Example）
    ```text
    存在的主要问题：一是公开内容更新不够及时；二是政策解读形式单一；二是依申请公开答复
    质量有待提高。
    ```
    改为（Use instead）：
    ```text
    存在的主要问题：一是公开内容更新不够及时；二是政策解读形式单一；三是依申请公开答复
    质量有待提高。
    ```

    ## 已知问题（Known problems）
    在新段落中以句号结束上文后重新从“一是”“（一）”编起，视为新的一组编号，不报告
    （如先列问题、再列改进措施）；一组编号的第一项不是“一”时不报告（前一项可能在标题
    或表格中）。行内的“（一）”“1.”只有出现在段首或句号、分号、冒号之后才算编号。

    ## 修复（Fix safety）
    不可自动修复：无法确定是编号写错还是漏写、多写了一项。

    ## 选项（Options）
    无。
    """

    code = "GK409"
    name = "enumeration-sequence"
    severity = "warning"
    summary = "正文的分项编号重复、跳号或中途重新开始"
    summary_en = "numbered points in the narrative repeat or skip a number, or start again inside a run"
    needs_format = False
    messages = {
        "repeated": Message(zh="分项编号「{marker}」重复：前一项已是「{previous}」",
                            en="the numbered point “{marker}” repeats a number: the point before is “{previous}”"),
        "skipped": Message(zh="分项编号从「{previous}」跳到「{marker}」，缺少{missing:、}",
                           en="the numbering jumps from “{previous}” to “{marker}”: {missing:, } missing"),
        "mistyped": Message(
            zh="分项编号「{marker}」应为「{expected}」：前一项是「{previous}」，后一项又是「{following}」",
            en="the numbered point “{marker}” should be “{expected}”: the point before is “{previous}” and the next "
               "is “{following}” again",
        ),
        "restarted": Message(
            zh="分项编号在「{previous}」之后又从「{marker}」编起，其后却接着「{following}」：应为「{expected}」",
            en="the numbering starts again at “{marker}” after “{previous}”, but the next point is “{following}”: "
               "“{expected}” was meant",
        ),
        "restarted-inline": Message(
            zh="分项编号在同一句中「{previous}」之后又从「{marker}」编起：应为「{expected}」",
            en="the numbering starts again at “{marker}” after “{previous}” in the same sentence: “{expected}” was meant",
        ),
    }

    def check(self, document: Document, context: RuleContext):
        for scope in scopes(document):
            found = [point for number, paragraph in enumerate(scope) for point in points(paragraph.text, number)]
            for style in dict.fromkeys(point.style for point in found):
                yield from self._check_run([point for point in found if point.style == style], scope, context)

    def _check_run(self, run: list[Point], scope: list[Paragraph], context: RuleContext):
        previous: Point | None = None
        last = 0  # the number the run has reached (a mistyped point counts as the one meant)
        for index, point in enumerate(run):
            following = run[index + 1] if index + 1 < len(run) else None
            if previous is None:
                previous, last = point, point.number
                continue
            expected = last + 1
            if point.number == expected:
                previous, last = point, point.number
                continue
            same_paragraph = point.paragraph == previous.paragraph
            if point.number == last:
                yield self._found(context, point, "repeated", previous)
                # 二是 二是 四是: the second 二是 meant 三是; 二是 二是 三是: one point too many.
                if following is not None and following.number == expected + 1:
                    last = expected
            elif point.number == 1:
                if following is not None and following.number == expected:
                    yield self._found(context, point, "restarted", previous, following=_marker(following),
                                      expected=written(point.style, expected))
                elif same_paragraph and _runs_on(point, previous):
                    yield self._found(context, point, "restarted-inline", previous, expected=written(point.style, expected))
                else:
                    last = 1  # a new list
            elif point.number > expected and _written_between(scope, previous, point, range(expected, point.number)):
                last = point.number  # the missing point is there, written in a way not taken for a point
            elif point.number > expected:
                if following is not None and following.number == point.number:
                    # 一是 三是 三是: the first 三是 meant 二是 (one finding, not a skip and a repeat).
                    yield self._found(context, point, "mistyped", previous, following=_marker(following),
                                      expected=written(point.style, expected))
                    last = expected
                else:
                    missing = [written(point.style, number) for number in range(expected, point.number)]
                    yield self._found(context, point, "skipped", previous, missing=missing[:5])
                    last = point.number
            elif same_paragraph:  # back to a number the run has had (一是 二是 三是 二是)
                yield self._found(context, point, "repeated", previous)
            else:
                last = point.number  # unsure: a list whose first point was not recognised
            previous = point

    def _found(self, context: RuleContext, point: Point, message_id: str, previous: Point, **args):
        return self.finding(context, point.text.source_span(point.start, point.end), message_id,
                            marker=_marker(point), previous=_marker(previous), **args)


def _marker(point: Point) -> str:
    return point.text.text[point.start:point.end]


def _written_between(scope: list[Paragraph], previous: Point, point: Point, numbers: range) -> bool:
    """Whether the text between two points has one of the points ``numbers`` written in
    their style, in any of its forms (（二）, (二), 二是, 2、): a point after a comma, say,
    which is not taken for one, is not missing."""
    if previous.paragraph == point.paragraph:
        between = point.text.text[previous.end:point.start]
    else:
        between = "\n".join([previous.text.text[previous.end:],
                             *(paragraph.text.text for paragraph in scope[previous.paragraph + 1:point.paragraph]),
                             point.text.text[:point.start]])
    between = between.replace("(", "（").replace(")", "）").replace(" ", "")
    for number in numbers:
        forms = {written(point.style, number)}
        if point.style == "digit":
            forms |= {f"{number}、", f"{number}．"}
        if any(form in between for form in forms):
            return True
    return False


def _runs_on(point: Point, previous: Point) -> bool:
    """Whether the clause before ``point`` runs on from ``previous``'s: it ends with a
    semicolon, comma or enumeration comma, not with a full stop or a colon."""
    before = point.text.text[previous.end:point.start].rstrip(" \u3000*")
    return bool(before) and before[-1] in _RUNS_ON


RULES = [EnumerationSequence]
