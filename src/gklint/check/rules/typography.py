"""GK5 — typography: punctuation, stray markup, doubled characters, full-width forms."""

from __future__ import annotations

import re
from functools import lru_cache

from gklint.check.finding import Edit, Fix
from gklint.check.messages import Message
from gklint.check.options import Option
from gklint.parse.patterns import HAN_CHARACTER
from gklint.check.rule import Rule, RuleContext, replace_text_fix
from gklint.check.rules import SPACE, from_settings, joined_texts
from gklint.read.source import SourcedText
from gklint.parse.tree import Document

# Full-width punctuation counts as Chinese context too: “”（）《》、。，等.
_CJK_PUNCT = set("，。、；：！？“”‘’（）《》〈〉【】「」『』…—～·")
_HALFWIDTH_MARKS = re.compile(r"[,;:!?]")
# Any character GK501 may report (masking only blanks characters out, never adds these).
_HALFWIDTH_ANY = re.compile(r"[,;:!?()]")
_BOLD_MARKER = re.compile(r"(?<!\*)\*\*(?!\*)")
_URL = re.compile(
    r"(?:(?:https?|ftp)://|www\.)[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]+"
    # (An address starts where its run of name characters starts: searching from inside
    # the run again and again was quadratic on a long run of digits or dots.)
    r"|(?<![A-Za-z0-9._%+\-])[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+"
)
_INLINE_CODE = re.compile(r"(`+)(?!`)(.+?)(?<!`)\1(?!`)")
# (Not white space, as regex's \s has it: re's also takes U+001C–U+001F.)
_MARKDOWN_LINK_TARGET = re.compile(r"(?<=\])\((?:[^()\s]|[\x1c-\x1f])*\)")
# A numbering prefix in half-width parentheses at the start of a label or line: (一) (1).
_NUMBERING = re.compile(rf"^(?:{SPACE}|[#>*+\-])*(\(){SPACE}*[一二三四五六七八九十\d]{{1,3}}{SPACE}*(\))")


@lru_cache(maxsize=None)
def _han():
    """One Han character, compiled at first use: its class takes ~2 ms to compile, and only
    the neighbours of half-width punctuation and of doubled characters are asked about."""
    return re.compile(HAN_CHARACTER)


def _is_han(char: str) -> bool:
    return _han().match(char) is not None


def _is_chinese(char: str) -> bool:
    return bool(char) and (_is_han(char) or char in _CJK_PUNCT)


def _texts(document: Document, cells: bool = True) -> list[tuple[SourcedText, str]]:
    """Every text of the report with its kind: ``title``, ``paragraph``, ``heading``, ``cell``
    (computed once per document)."""
    return document.texts() if cells else document.narrative_texts()


def _masked(text: str, loader: str, markup: bool = True) -> str:
    """``text`` with URLs, e-mail addresses, HTML markup and Markdown inline code blanked out
    (same length)."""
    def blank(match) -> str:
        return "\0" * (match.end() - match.start())

    # (Each pattern needs a character the text may not have: most texts are left as they are.)
    masked = _URL.sub(blank, text) if ("@" in text or "www." in text or "://" in text) else text
    if loader == "text" and ("`" in masked or "](" in masked):
        masked = _INLINE_CODE.sub(blank, _MARKDOWN_LINK_TARGET.sub(blank, masked))
    if markup and ("&" in masked or "<" in masked):
        # Markup is GK502's: its ; and : are not punctuation (&nbsp; <o:p>).
        masked = _ENTITY.sub(blank, _TAG.sub(blank, masked))
    return masked


def _combine(text: SourcedText, replacements: list[tuple[int, int, str]], description: str) -> Fix | None:
    """One fix made of several replacements in one text; ``None`` if any can't be exact."""
    edits: list[Edit] = []
    for start, end, new_text in replacements:
        fix = replace_text_fix(text, start, end, new_text, description)
        if fix is None:
            return None
        edits.extend(fix.edits)
    return Fix(tuple(sorted(edits, key=lambda edit: (edit.start, edit.end))), description) if edits else None


# ── GK501 ────────────────────────────────────────────────────────────────────────────────
_FULLWIDTH = {",": "，", ";": "；", ":": "：", "!": "！", "?": "？", "(": "（", ")": "）"}


def halfwidth_punctuation(text: str) -> list[tuple[int, int, str]]:
    """(start, end, replacement) of every half-width , ; : ! ? ( ) in Chinese context.

    ``text`` should already be masked (URLs, code). Not reported: a separator between two digits
    (1,000 and 10:05), punctuation between Latin letters (English), and the half-width
    parentheses of a numbering prefix at the start of the text (``(一)``), which is a numbering
    style, judged by GK104 for headings and ignored in labels.
    """
    found: list[tuple[int, int, str]] = []
    skip: set[int] = set()
    numbering = _NUMBERING.match(text)
    if numbering:
        skip.update((numbering.start(1), numbering.start(2)))
    # Parentheses: pair them first; a pair is reported when it encloses or touches Chinese.
    stack: list[int] = []
    pairs: list[tuple[int, int]] = []
    lonely: list[int] = []
    for index, char in enumerate(text):
        if char == "(":
            stack.append(index)
        elif char == ")":
            if stack:
                pairs.append((stack.pop(), index))
            else:
                lonely.append(index)
    lonely.extend(stack)
    for open_index, close_index in pairs:
        if open_index in skip:
            continue
        inside = text[open_index + 1:close_index]
        before = text[open_index - 1] if open_index > 0 else ""
        after = text[close_index + 1] if close_index + 1 < len(text) else ""
        if _han().search(inside) or _is_chinese(before) or _is_chinese(after):
            found.append((open_index, open_index + 1, "（"))
            found.append((close_index, close_index + 1, "）"))
    for index in lonely:
        if index in skip:
            continue
        before = text[index - 1] if index > 0 else ""
        after = text[index + 1] if index + 1 < len(text) else ""
        if _is_chinese(before) or _is_chinese(after):
            found.append((index, index + 1, _FULLWIDTH[text[index]]))
    for match in _HALFWIDTH_MARKS.finditer(text):
        index = match.start()
        char = text[index]
        before = text[index - 1] if index > 0 else ""
        after = text[index + 1] if index + 1 < len(text) else ""
        if before.isdigit() and after.isdigit() and char in ",:":
            continue
        if not (_is_chinese(before) or _is_chinese(after)):
            continue
        end = index + 1
        if _is_chinese(before):
            # A space a writer typed after the half-width mark goes with it: "年, 我" → "年，我".
            while end < len(text) and text[end] == " ":
                end += 1
        found.append((index, end, _FULLWIDTH[char]))
    return sorted(found)


class HalfwidthPunctuation(Rule):
    """Half-width , ; : ! ? ( ) between or beside Chinese characters.

    ## 检查什么（What it does）
    中文文字中间或旁边使用了半角标点“, ; : ! ? ( )”时报告，例如“2020年,我局”“县(区)”
    “现将具体情况报告如下:”。标题、正文和表格单元格（含行标签、表头）都检查。每段（每个
    单元格）报告一次，说明处数和第一处的位置与上下文。
    不报告：数字之间的分隔（1,000、10:05）、英文中的标点、网址和电子邮箱、Markdown 行内代码，
    以及段首或标签开头用半角括号的编号“(一)”（编号样式由 GK104 检查标题，标签比较时忽略）。

    ## 为什么（Why is this bad?）
    《标点符号用法》（GB/T 15834）规定中文使用全角标点。半角标点多来自英文输入法或从网页复制，
    在正式发布的公文中显得不规范，混排时还会导致排版错位。

    ## 示例（Example）
    ```text
    2020年,我局认真贯彻落实区委、区政府工作部署。现将具体情况报告如下:
    ```
    改为（Use instead）：
    ```text
    2020年，我局认真贯彻落实区委、区政府工作部署。现将具体情况报告如下：
    ```

    ## 已知问题（Known problems）
    中英文混排处（“PDF,文件”）按中文处理。半角句点“.”不检查（编号“1.”是规范写法）。

    ## 修复（Fix safety）
    可安全修复：把每个半角标点换成对应的全角标点（成对的括号一起换），中文后半角标点之后
    多余的空格一并删除，不改动其他字符。

    ## 选项（Options）
    无。
    """

    code = "GK501"
    name = "halfwidth-punctuation"
    severity = "warning"
    fixable = True
    summary = "中文中使用了半角标点"
    summary_en = "half-width , ; : ! ? ( ) between or beside Chinese characters"
    needs_format = False
    messages = {
        "halfwidth": Message(zh="中文中使用了半角标点「{mark}」，应为全角「{replacement}」：「{context}」",
                             en="half-width “{mark}” in Chinese text should be “{replacement}”: “{context}”"),
        "halfwidth-many": Message(
            zh="中文中使用了半角标点「{mark}」，应为全角「{replacement}」：「{context}」（此处共 {count} 处半角标点：{marks}）",
            en="half-width “{mark}” in Chinese text should be “{replacement}”: “{context}” ({count} half-width marks here: {marks})",
        ),
    }

    def check(self, document: Document, context: RuleContext):
        loader = document.raw.loader
        if _HALFWIDTH_ANY.search(joined_texts(document)) is None:
            return
        for text, _ in _texts(document):
            value = text.text
            if _HALFWIDTH_ANY.search(value) is None or not value.strip():
                continue
            found = halfwidth_punctuation(_masked(value, loader))
            if not found:
                continue
            start, end, replacement = found[0]
            count = len(found)
            fix = _combine(text, found, f"将 {count} 处半角标点改为全角")
            yield self.finding(
                context, text.source_span(start, start + 1), "halfwidth-many" if count > 1 else "halfwidth", fix=fix,
                mark=value[start], replacement=replacement,
                context=value[max(0, start - 6):min(len(value), start + 7)].strip(),
                count=count, marks="".join(dict.fromkeys(value[s] for s, _, _ in found)),
            )


# ── GK502 ────────────────────────────────────────────────────────────────────────────────
_TAG_NAMES = (
    "br|p|div|span|font|b|strong|i|em|u|s|strike|sup|sub|table|tbody|thead|tr|td|th|a|img|hr|"
    r"h[1-6]|ul|ol|li|center|section|article|blockquote|pre|code|o:p|w:[a-z]+"
)
_TAG = re.compile(rf"</?(?:{_TAG_NAMES})(?={SPACE}|[/>])[^<>\n]{{0,200}}?/?>", re.IGNORECASE)
_ENTITY = re.compile(
    r"&(?:nbsp|ensp|emsp|thinsp|amp|lt|gt|quot|apos|ldquo|rdquo|lsquo|rsquo|mdash|ndash|hellip|middot|bull|times|"
    r"copy|reg|#\d{1,7}|#[xX][0-9a-fA-F]{1,6})(?:;|(?![A-Za-z0-9]))"
)


def unpaired_emphasis(text: str) -> list[int]:
    """Offsets of ``**`` markers that pair with nothing.

    With an odd number of markers one of them is stray; the stray one is the marker whose
    removal leaves the shortest emphasised spans (emphasis is short: **一是**), so that in
    ``领导。**我局……**一是**…`` the first one is taken.
    """
    markers = [match.start() for match in _BOLD_MARKER.finditer(text)]
    if len(markers) % 2 == 0:
        return []
    best, best_length = 0, None
    for skipped in range(len(markers)):
        rest = markers[:skipped] + markers[skipped + 1:]
        length = sum(rest[i + 1] - rest[i] for i in range(0, len(rest), 2))
        if best_length is None or length < best_length:
            best, best_length = skipped, length
    return [markers[best]]


class StrayMarkup(Rule):
    """Markdown emphasis markers that do not pair, or HTML tags/entities left in the text.

    ## 检查什么（What it does）
    报告两类残留标记：不成对的 Markdown 加粗标记“**”（行中只有一个，或个数为奇数），以及
    纯文本或 Markdown 报告中残留的 HTML 标签和字符实体（`<br>`、`<p>`、`</span>`、`&nbsp;`、
    `&ldquo;`……）。HTML 格式的报告中标签是正常的排版，不检查。

    ## 为什么（Why is this bad?）
    这些标记是从网页、编辑器复制时带进来的，发布后会以“**”“&nbsp;”的原样显示给读者。

    ## 示例（Example）
    ```text
    - 1.加强组织领导。**我局高度重视信息公开工作&nbsp;，成立了工作领导小组。
    ```
    改为（Use instead）：
    ```text
    - 1.加强组织领导。我局高度重视信息公开工作，成立了工作领导小组。
    ```

    ## 已知问题（Known problems）
    个数为奇数时，删除哪一个“**”按“加粗的文字最短”推断，可能与原意不同；单个“*”和“__”
    不检查。

    ## 修复（Fix safety）
    可安全修复：只删除标记本身（“**”、标签、实体），不改动其他文字。

    ## 选项（Options）
    无。
    """

    code = "GK502"
    name = "stray-markup"
    severity = "warning"
    fixable = True
    summary = "残留不成对的 Markdown 标记或 HTML 标签、实体"
    summary_en = "Markdown emphasis markers that do not pair, or HTML tags/entities left in the text"
    needs_format = False
    messages = {
        "emphasis": Message(zh="不成对的 Markdown 加粗标记「{markup}」：「{around}」",
                            en="unpaired Markdown emphasis marker “{markup}”: “{around}”"),
        "tag": Message(zh="残留的 HTML 标签「{markup}」：「{around}」", en="HTML tag left in the text “{markup}”: “{around}”"),
        "entity": Message(zh="残留的 HTML 字符实体「{markup}」：「{around}」",
                          en="HTML entity left in the text “{markup}”: “{around}”"),
    }

    def check(self, document: Document, context: RuleContext):
        loader = document.raw.loader
        joined = joined_texts(document)
        if "*" not in joined and (loader == "html" or ("<" not in joined and "&" not in joined)):
            return
        for text, _ in _texts(document):
            value = text.text
            if "*" in value:
                for start in unpaired_emphasis(value):
                    yield self._found(context, text, start, start + 2, "emphasis")
            if loader == "html" or ("<" not in value and "&" not in value):
                continue
            masked = _masked(value, loader, markup=False)
            for match in _TAG.finditer(masked):
                yield self._found(context, text, match.start(), match.end(), "tag")
            for match in _ENTITY.finditer(masked):
                yield self._found(context, text, match.start(), match.end(), "entity")

    def _found(self, context: RuleContext, text: SourcedText, start: int, end: int, message_id: str):
        markup = text.text[start:end]
        around = text.text[max(0, start - 6):min(len(text.text), end + 6)].strip()
        fix = replace_text_fix(text, start, end, "", f"删除「{markup}」")
        return self.finding(context, text.source_span(start, end), message_id, fix=fix, markup=markup, around=around)


# ── GK503 ────────────────────────────────────────────────────────────────────────────────
_CLAUSE_END = set("，。、；：！？…）”’」』》,.;:!?)")


@lru_cache(maxsize=16)
def _allow_set(allow: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(sorted({word for word in allow if len(word) >= 2}, key=len, reverse=True))


def _allowed(text: str, start: int, end: int, allow: tuple[str, ...]) -> bool:
    """Whether an allow-listed word in ``text`` covers ``text[start:end]``."""
    for word in allow:
        lo = max(0, end - len(word))
        position = text.find(word, lo, start + len(word))
        while position != -1 and position <= start:
            if position + len(word) >= end:
                return True
            position = text.find(word, position + 1, start + len(word))
    return False


def repeated_characters(text: str, allow: tuple[str, ...], suspect: str) -> list[tuple[int, int]]:
    """(start, end) of accidental repetitions in ``text``.

    Reported: a character doubled at the end of a clause (工作作。), a doubled character of the
    ``suspect`` set (的的), a character tripled (的的的), a two-character word repeated (公开公开,
    not 一步一步). Never: allow-listed words, and AABB reduplications (认认真真).
    """
    found: list[tuple[int, int]] = []
    index = 0
    length = len(text)
    # Only where a Han character is doubled (AA) or starts ABAB can anything be found: go from
    # one such place to the next (every other place just moved on by one character).
    for candidate in _REPEAT_CANDIDATE.finditer(text):
        if candidate.start() < index:
            continue
        index = candidate.start()
        char = text[index]
        if text[index + 1] == char:
            run_end = index + 2
            while run_end < length and text[run_end] == char:
                run_end += 1
            aabb = (run_end + 1 < length and text[run_end] == text[run_end + 1] and _is_han(text[run_end])) or (
                index >= 2 and text[index - 1] == text[index - 2] and _is_han(text[index - 1]))
            if _allowed(text, index, run_end, allow) or (aabb and run_end - index == 2):
                index = run_end
                continue
            after = text[run_end] if run_end < length else ""
            if run_end - index >= 3 or char in suspect or after in _CLAUSE_END or not after or after.isspace():
                found.append((index, run_end))
            index = run_end
            continue
        # ABAB: a repeated two-character word.
        if (index + 3 < length and _is_han(text[index + 1]) and text[index + 2] == char
                and text[index + 3] == text[index + 1] and char != "一"
                and not _allowed(text, index, index + 4, allow)):
            found.append((index, index + 4))
            index += 4
            continue
        index += 1
    return found


# Where repeated_characters has something to look at: a Han character followed by itself, or
# starting an ABAB (B's being Han is left to repeated_characters: one Han class is compiled
# here, not two).
_REPEAT_CANDIDATE = re.compile(rf"({HAN_CHARACTER})(?=\1|(.)\1\2)")


class RepeatedCharacter(Rule):
    """An accidentally doubled Chinese character in narrative text.

    ## 检查什么（What it does）
    检查标题和正文（不含表格，表格标签由 GK201 检查）中误输入的重复字：句末或分句末的叠字
    （“工作作。”）、虚词叠字（“的的”“和和”）、三连字（“的的的”）和重复的双字词
    （“公开公开”）。规范的叠词（人人、常常、层层、认认真真、方方面面……）在允许列表中，
    AABB 式叠词（扎扎实实）一律不报告。

    ## 为什么（Why is this bad?）
    重复字是最常见的录入错误，发布后直接影响公文的严肃性。

    ## 示例（Example）
    ```text
    我局高度重视政府信息公开的的工作。
    ```
    改为（Use instead）：
    ```text
    我局高度重视政府信息公开的工作。
    ```

    ## 已知问题（Known problems）
    为避免误报，句中实词的叠字不报告：“工作作风”“部门门户网站”“学习习近平”“公开开展”
    都是两个词相连，没有词典无法与误输入区分。

    ## 修复（Fix safety）
    不可自动修复：无法确定该删哪一个字，也可能是别的字打错。

    ## 选项（Options）
    `allow`：允许的叠词；`suspect`：出现在句中也报告的叠字（虚词），见 rules.toml 的
    `[rules.GK503]`。
    """

    code = "GK503"
    name = "repeated-character"
    severity = "warning"
    summary = "正文中误输入的重复字"
    summary_en = "an accidentally doubled Chinese character in narrative text"
    needs_format = False
    messages = {
        "repeated": Message(zh="疑似误输入的重复字「{repeated}」：「{around}」",
                            en="possibly mistyped repetition “{repeated}”: “{around}”"),
    }
    options = (
        Option("allow", "list[str]", "允许的叠词（不报告）", "reduplications and set phrases never reported", default=[]),
        Option("suspect", "list[str]", "出现在句中也报告的叠字（虚词）",
               "characters reported when doubled anywhere (function words)", default=[]),
    )

    def check(self, document: Document, context: RuleContext):
        allow, suspect = from_settings(context, "GK503", self._words)
        loader = document.raw.loader
        for text, _ in _texts(document, cells=False):
            if _REPEAT_CANDIDATE.search(text.text) is None:  # masking only takes characters away
                continue
            value = _masked(text.text, loader)
            for start, end in repeated_characters(value, allow, suspect):
                yield self.finding(context, text.source_span(start, end), "repeated", repeated=text.text[start:end],
                                   around=text.text[max(0, start - 6):min(len(text.text), end + 6)].strip())

    @staticmethod
    def _words(settings) -> tuple[tuple[str, ...], str]:
        allow = _allow_set(tuple(word for word in settings.get("allow", []) if isinstance(word, str)))
        return allow, "".join(word for word in settings.get("suspect", []) if isinstance(word, str))


# ── GK504 ────────────────────────────────────────────────────────────────────────────────
_FULLWIDTH_ALNUM = re.compile(r"[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]+")
# One such character: whether a report has any. (``re`` skips ahead to where a class that
# starts a pattern matches, but not to where a repeated class does: for ``_FULLWIDTH_ALNUM``
# it would try every position of the report.)
_FULLWIDTH_ALNUM_ANY = re.compile(r"[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]")


class FullwidthAlnum(Rule):
    """Full-width digits or Latin letters.

    ## 检查什么（What it does）
    标题、正文和表格中使用了全角数字或全角拉丁字母（“２０２０”“ＰＤＦ”）时报告，连续的一串
    报告一次。

    ## 为什么（Why is this bad?）
    按国家标准《出版物上数字用法》（GB/T 15835），公文中的阿拉伯数字和字母用半角。全角数字
    无法被检索和统计程序识别（搜索“2020”找不到“２０２０”），表格中的全角数字也可能被当作文字。

    ## 示例（Example）
    ```text
    全年主动公开政府信息４１２条，发布ＰＤＦ格式文件３份。
    ```
    改为（Use instead）：
    ```text
    全年主动公开政府信息412条，发布PDF格式文件3份。
    ```

    ## 已知问题（Known problems）
    全角标点不在此列（中文本应用全角标点）。

    ## 修复（Fix safety）
    可安全修复：逐字替换为对应的半角字符，不改动其他文字。

    ## 选项（Options）
    无。
    """

    code = "GK504"
    name = "fullwidth-alnum"
    severity = "info"
    fixable = True
    summary = "使用了全角数字或全角字母"
    summary_en = "full-width digits or Latin letters"
    needs_format = False
    messages = {
        "fullwidth": Message(zh="全角字符「{found}」应为半角「{half}」", en="full-width “{found}” should be “{half}”"),
    }

    def check(self, document: Document, context: RuleContext):
        if _FULLWIDTH_ALNUM_ANY.search(joined_texts(document)) is None:
            return
        for text, _ in _texts(document):
            for match in _FULLWIDTH_ALNUM.finditer(text.text):
                found = match.group(0)
                half = "".join(chr(ord(char) - 0xFEE0) for char in found)
                fix = replace_text_fix(text, match.start(), match.end(), half, f"将「{found}」改为「{half}」")
                yield self.finding(context, text.source_span(match.start(), match.end()), "fullwidth", fix=fix,
                                   found=found, half=half)


RULES = [HalfwidthPunctuation, StrayMarkup, RepeatedCharacter, FullwidthAlnum]
