"""GK5 — typography: punctuation, stray markup, doubled characters, full-width forms."""

from __future__ import annotations

import re
from typing import Callable

from gklint.check.finding import Edit, Fix
from gklint.check.messages import Message
from gklint.check.options import Option
from gklint.parse.patterns import HAN_CHARACTER, is_han
from gklint.check.rule import Rule, RuleContext, replace_text_fix
from gklint.check.rules.words import WordList, word_list
from gklint.grammar import NUMERALS, SPACE
from gklint.read.source import SourcedText
from gklint.parse.tree import Document

# Full-width punctuation counts as Chinese context too: “”（）《》、。，等.
_CJK_PUNCT = set("，。、；：！？“”‘’（）《》〈〉【】「」『』…—～·")
_HALFWIDTH_MARKS = re.compile(r"[,;:!?]")
# Any character GK501 may report (masking only blanks characters out, never adds these).
_HALFWIDTH_ANY = re.compile(r"[,;:!?()]")
# The same characters, each looked for on its own in a report's joined texts: ``in`` skips
# ahead to one character in C (memchr), where a class search tests every character of the
# report (1.4 against 8.8 us on a text report of the benchmark corpus, which has none).
_HALFWIDTH_CHARACTERS = ",;:!?()"
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
_NUMBERING = re.compile(rf"^(?:{SPACE}|[#>*+\-])*(\(){SPACE}*[{NUMERALS}\d]{{1,3}}{SPACE}*(\))")


def _is_chinese(char: str) -> bool:
    return bool(char) and (is_han(char) or char in _CJK_PUNCT)


def _texts(document: Document, cells: bool = True) -> list[tuple[SourcedText, str]]:
    """Every text of the report with its kind: ``title``, ``paragraph``, ``heading``, ``cell``
    (``Document.index``)."""
    return document.index.texts if cells else document.index.narrative_texts


def _masked(text: str, source_markup: str | None, markup: bool = True) -> str:
    """``text`` with URLs, e-mail addresses, HTML markup and Markdown inline code blanked out
    (same length). ``source_markup`` is what its loader declared the text carries
    (``RawDocument.markup``): only live Markdown has code spans and link targets."""
    def blank(match) -> str:
        return "\0" * (match.end() - match.start())

    # (Each pattern needs a character the text may not have: most texts are left as they are.)
    masked = _URL.sub(blank, text) if ("@" in text or "www." in text or "://" in text) else text
    if source_markup == "markdown" and ("`" in masked or "](" in masked):
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
        if any(map(is_han, inside)) or _is_chinese(before) or _is_chinese(after):
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
        source_markup = document.raw.markup
        joined = document.index.screen_text
        if not any(mark in joined for mark in _HALFWIDTH_CHARACTERS):
            return
        for text, _ in _texts(document):
            value = text.text
            if _HALFWIDTH_ANY.search(value) is None or not value.strip():
                continue
            found = halfwidth_punctuation(_masked(value, source_markup))
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
        source_markup = document.raw.markup
        joined = document.index.screen_text
        # Text decoded from HTML holds no tags or entities: a < or & there is one the page escaped.
        if "*" not in joined and (source_markup == "html" or ("<" not in joined and "&" not in joined)):
            return
        for text, _ in _texts(document):
            value = text.text
            if "*" in value:
                for start in unpaired_emphasis(value):
                    yield self._found(context, text, start, start + 2, "emphasis")
            if source_markup == "html" or ("<" not in value and "&" not in value):
                continue
            masked = _masked(value, source_markup, markup=False)
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
# Characters that double in numbers and dates (二〇二二年, 三三两两): never judged.
_NUMBER_CHARACTERS = set(NUMERALS + "〇零两百千万亿")
_NUMBER_RUN = re.compile(f"[{NUMERALS}〇零两百千万亿]+")
# jieba's parts of speech (tag prefixes) of a single character that stands on its own before a
# word that starts with it: particles (进行了|了解).
_PARTICLE_TAGS = ("u",)
# ... and of a single character that reduplicates on its own: measure words, numeral-like and
# time words (个个, 年年, 天天); the word list's measure words (件件, 项项) do too.
_REDUPLICATING_TAGS = ("q", "m", "t")
# A word of two copies of a character (人人, 常常) explains a doubling when it is at least this
# common (2 ** 8 in jieba's counts): rarer ones (本本, 加加, 收收) are what a doubling makes of
# an ordinary word.
_COMMON_REDUPLICATION = 8
_HEAD = "长"  # 厅长, 处长: the head of the office its first character names
_WINDOW = 8  # characters of context read as words on either side of a doubling


_LONGEST_UNIT = 4  # characters of the longest unit a doubling is looked for in
# A unit of one to four Han characters written twice in a row (the shortest at each place).
# (A screen for the first character's coming again, with the doubling confirmed in Python,
# let through a third of the texts of the benchmark corpus and took twice as long in all.)
_DOUBLING = re.compile(rf"((?:{HAN_CHARACTER}){{1,{_LONGEST_UNIT}}}?)\1")
# Whether a doubling starts at a place: ``_DOUBLING`` with the longest unit tried first. At
# every place both try every unit before going on, so they find a doubling at the same places;
# this one is a fifth faster (``re`` runs a greedy repeat of one class in a tight loop).
_ANY_DOUBLING = re.compile(rf"({HAN_CHARACTER}{{1,{_LONGEST_UNIT}}})\1")
# ``unit`` zero bytes, for each length of unit (``has_doubling``).
_ZERO_BYTES = tuple((unit, b"\0" * unit) for unit in range(1, _LONGEST_UNIT + 1))


def has_doubling(text: str) -> bool:
    """Whether ``text`` holds a doubling (``_ANY_DOUBLING.search`` finds one), with the
    pattern tried only where a doubling may start.

    ``re`` tries the pattern at every Han character, some 600 instructions each (a unit of up
    to four characters counted, then compared with what follows it four times over): 0.55 M
    instructions on the narrative of a generated text report, where GK405's whole check takes
    0.64 M (callgrind). A unit of ``unit`` characters written twice is ``unit`` characters in a
    row each equal to the one ``unit`` places after it, and so each with the same low byte as
    that one. With the low bytes of the text's UTF-16 code units (one byte a character) as one
    integer, that integer XOR itself shifted by ``unit`` bytes is 0 at those places, and
    ``bytes.find`` finds ``unit`` zero bytes in a row in C; the pattern is tried only there
    (mostly at digits, 2020, 1000, at dashes and blanks, none Han, and at the few characters
    whose low byte is that of the one beside them). One byte a character, not the two of a
    code unit: half the bytes to turn into an integer and back, GK503's check 312 -> 239
    thousand instructions a generated text report (callgrind; ``int.to_bytes`` alone was a
    third of it). A text with characters beyond the Basic Multilingual Plane (two code units
    each) is searched whole as before."""
    encoded = text.encode("utf-16-le", "surrogatepass")  # (a lone surrogate is one code unit)
    if len(encoded) != 2 * len(text):
        return _ANY_DOUBLING.search(text) is not None
    low_bytes = encoded[::2]
    characters = int.from_bytes(low_bytes, "little")
    for unit, zeros in _ZERO_BYTES:
        equal = (characters ^ (characters >> (8 * unit))).to_bytes(len(low_bytes), "little")
        position = equal.find(zeros)
        while position != -1:
            if _ANY_DOUBLING.match(text, position) is not None:
                return True
            position = equal.find(zeros, position + 1)
    return False


def _has_tag(words, char: str, tags: tuple[str, ...]) -> bool:
    tag = words.part_of_speech(char)
    return bool(tag) and tag.startswith(tags)


def _allowed(text: str, start: int, end: int, allow: tuple[str, ...]) -> bool:
    """Whether a word of ``allow`` in ``text`` covers ``text[start:end]``."""
    for word in allow:
        lo = max(0, end - len(word))
        position = text.find(word, lo, start + len(word))
        while position != -1 and position <= start:
            if position + len(word) >= end:
                return True
            position = text.find(word, position + 1, start + len(word))
    return False


def _reads_as_words(text: str, start: int, unit: int, words) -> bool:
    """Whether the doubling ``text[start:start + 2 * unit]`` (a unit written twice) is explained
    by the likeliest reading of the text around it as words.

    Explained: a common word that spans both copies and stands as a word among its neighbours
    (人人, 常常, 局局长; not 主动|公公|开, where a lone character beside it makes a commoner word
    with the copy it touches); a one-character unit whose copies end one word and start the next
    (工作|作风), or whose first copy is a particle (进行了|了解), the end of a place name the list
    lacks (南屏市|市场) or of an office before its head's title (自然资源厅|厅长), before a word
    that starts with it, or that reduplicates as a measure or time word (年年, 件件); a longer
    unit whose first copy ends inside a longer word or whose second starts one
    (人民政府|政府信息). Not explained: anything else (政府|府|信息, 公开|开|工作, 属于|于,
    审核|审核).
    """
    middle = start + unit
    end = middle + unit
    low, high = max(0, start - _WINDOW), min(len(text), end + _WINDOW)
    for index in range(start - 1, low - 1, -1):
        if not is_han(text[index]):
            low = index + 1
            break
    for index in range(end, high):
        if not is_han(text[index]):
            high = index
            break
    reading = [(low + word_start, low + word_end) for word_start, word_end in words.segment(text[low:high])]
    place = next(number for number, word in enumerate(reading) if word[0] <= start < word[1])
    spanning = next((number for number, word in enumerate(reading) if word[0] < middle < word[1]), None)
    if spanning is not None and not (reading[spanning] == (start, end) and _rare(text[start:end], words)):
        # One word holds both copies: a word of its own unless a lone character beside it
        # makes with the copy it touches a word at least as common (主动|公公|开: 公开;
        # 不|足足: 不足; but 某某|县, not 某县).
        word_start, word_end = reading[spanning]
        own = words.frequency_class(text[word_start:word_end]) or 0
        before = reading[spanning - 1] if spanning > 0 else None
        after = reading[spanning + 1] if spanning + 1 < len(reading) else None
        stolen = []
        if before is not None and before[1] - before[0] == 1:
            stolen.append(words.frequency_class(text[before[0]] + text[word_start]))
        if after is not None and after[1] - after[0] == 1:
            stolen.append(words.frequency_class(text[word_end - 1] + text[after[0]]))
        return not any(other is not None and other >= own for other in stolen)
    if unit > 1:
        # Both copies are whole words (or runs of whole words): the unit was written twice.
        bounds = {word_start for word_start, _ in reading} | {word_end for _, word_end in reading}
        return not (start in bounds and end in bounds)
    char = text[start]
    if spanning is not None:  # a rare word of the two copies (本本, 加加): read them apart
        first_length = second_length = 1
    else:
        first, second = reading[place], reading[place + 1]
        first_length, second_length = first[1] - first[0], second[1] - second[0]
    if first_length > 1 and second_length > 1:
        return True
    if first_length == 1 and second_length == 1:
        # A measure or time word reduplicates on its own (年年, 天天), and a noun counted as a
        # measure word (一件, 一项) at the head of a phrase (件件有着落; not 我|局|局); never after
        # a number (2020年年) nor beside a lone character that makes a word with it (本|年|年|新:
        # 本年).
        if start > 0 and (text[start - 1].isdigit() or text[start - 1] in _NUMBER_CHARACTERS):
            return False
        before = next((word for word in reading if word[1] == start), None)
        after = next((word for word in reading if word[0] == end), None)
        lone_before = before is not None and before[1] - before[0] == 1
        if not (_has_tag(words, char, _REDUPLICATING_TAGS) or (char in words.measures and not lone_before)):
            return False
        return not ((lone_before and text[before[0]] + char in words)
                    or (after is not None and after[1] - after[0] == 1 and char + text[after[0]] in words))
    if first_length == 1:
        # A particle before a word that starts with it (进行了|了解); the end of a place name the
        # list lacks before a word that starts with it (南屏市|市场监督管理局, 青山县|县委); the
        # end of an office's name before the title of its head (自然资源厅|厅长, 法规处|处长).
        named = start > 0 and is_han(text[start - 1])
        return _has_tag(words, char, _PARTICLE_TAGS) or (named and (
            char in words.place_suffixes or text[second[0]:second[1]] == char + _HEAD))
    return False


def _rare(word: str, words) -> bool:
    """Whether a word of the list is too rare to explain a doubling that it consists of (本本,
    加加: below 2 ** 8 in jieba's counts)."""
    frequency_class = words.frequency_class(word)
    return frequency_class is None or frequency_class < _COMMON_REDUPLICATION


def repeated_characters(text: str, allow: tuple[str, ...], words) -> list[tuple[int, int]]:
    """(start, end) of the accidental doublings in ``text``: a character or a word of up to four
    characters written twice that the text does not read as words (``_reads_as_words``), and
    any written three times or more (的的的, 审核审核审核). ``words``: a callable that returns the
    word list (``gklint.check.rules.words.WordList``), called only when a doubling is judged.

    Never reported: numerals (二〇二二), the reduplication of a word listed (认认真真: 认真),
    a unit led by a numeral (一步一步), words of ``allow``.
    """
    found: list[tuple[int, int]] = []
    index = 0
    # (search from where the last doubling ended, not finditer: a run of one character is
    # passed over at once.)
    while (candidate := _DOUBLING.search(text, index)) is not None:
        start = candidate.start()
        unit = len(candidate.group(1))
        char = text[start]
        if char in _NUMBER_CHARACTERS:
            index = _NUMBER_RUN.match(text, start).end()
            continue
        written = text[start:start + unit]
        end = re.compile(f"(?:{re.escape(written)})*").match(text, start + 2 * unit).end()  # (re caches it)
        index = end
        if _allowed(text, start, end, allow):
            continue
        if end - start > 2 * unit:  # written three times or more (的的的, 审核审核审核)
            found.append((start, end))
            continue
        word_list = words()
        if unit == 1 and _reduplicated_word(text, start, word_list):
            continue
        if not _reads_as_words(text, start, unit, word_list):
            found.append((start, end))
    return found


def _reduplicated_word(text: str, start: int, words) -> bool:
    """Whether the AA at ``start`` is half of an AABB reduplication of a listed word AB
    (认认真真, 扎扎实实: 认真, 扎实)."""
    after, before = start + 2, start - 2
    if after + 1 < len(text) and text[after] == text[after + 1] and text[start] + text[after] in words:
        return True
    return before >= 0 and text[before] == text[before + 1] and text[before] + text[start] in words


class RepeatedCharacter(Rule):
    """An accidentally doubled Chinese character or word in narrative text.

    ## 检查什么（What it does）
    检查标题和正文（不含表格，表格标签由 GK201 检查）中误输入的重复字和重复词：同一个字或
    同一个词（至多四字）连写两遍，而这段文字无法读成正常的词语时报告，如“政府府信息”
    “信信息公开”“开开展”“公开开工作”“的的”“审核审核”；同一个字连写三遍（“的的的”）
    也报告。是否“读得通”由中文词表（jieba 自带的词典，约 35 万词及词频、词性）判断：按词频
    取这段文字最可能的分词，两个重复字分属前后两个词（“工作作风”＝工作＋作风，
    “人民政府政府信息公开”＝人民政府＋政府信息）、同在一个词中（人人、常常、看看、局局长）、
    一个是虚词（“进行了了解”）、或是量词和时间词的重叠（年年、个个、件件），前一个是词表未收
    的地名的末字（“南屏市市场监督管理局”：市、县、区等是词表中大量地名的末字）、机构名称的末字
    后接其负责人的职务（“自然资源厅厅长”），以及已收词语的
    AABB 重叠（认认真真、扎扎实实）都不报告。数字（“二〇二二年”）和以数字开头的重复
    （“一步一步”）不检查。只有出现连写的字时才读取词表。

    ## 为什么（Why is this bad?）
    重复字是最常见的录入错误，发布后直接影响公文的严肃性。

    ## 示例（Example）
    ```text
    我局高度重视政府府信息公开工作。
    ```
    改为（Use instead）：
    ```text
    我局高度重视政府信息公开工作。
    ```

    ## 已知问题（Known problems）
    词表没有收录的专名（人名“王丽丽”）中的叠字可能被报告，可在 `allow` 中列出；介词、连词
    与以它开头的词相连（“对对方”“和和谐”）也会报告。与相邻文字恰好组成词的误输入（“本报报告”：
    本报＋报告）、地名末字前的误输入（“开拓市市场”）不报告。

    ## 修复（Fix safety）
    不可自动修复：无法确定该删哪一个字，也可能是别的字打错。

    ## 选项（Options）
    `allow`：词表之外另行允许的词语（专名、地方用语），覆盖重复处时不报告。
    """

    code = "GK503"
    name = "repeated-character"
    severity = "warning"
    summary = "正文中误输入的重复字"
    summary_en = "an accidentally doubled Chinese character or word in narrative text"
    needs_format = False
    messages = {
        "repeated": Message(zh="疑似误输入的重复字「{repeated}」：「{around}」",
                            en="possibly mistyped repetition “{repeated}”: “{around}”"),
    }
    options = (
        Option("allow", "list[str]", "词表之外另行允许的词语（不报告）",
               "words never reported besides those of the word list (names, local terms)", default=[]),
    )

    def check(self, document: Document, context: RuleContext):
        allow, words = context.prepared
        narrative = _texts(document, cells=False)
        # Hardly a text has a doubling: one search of them all passes most reports over (a
        # doubling is of Han characters, so none runs across the line that joins two texts).
        if not has_doubling("\n".join([text.text for text, _ in narrative])):
            return
        source_markup = document.raw.markup
        for text, _ in narrative:
            if not has_doubling(text.text):  # masking only takes characters away
                continue
            value = _masked(text.text, source_markup)
            for start, end in repeated_characters(value, allow, words):
                yield self.finding(context, text.source_span(start, end), "repeated", repeated=text.text[start:end],
                                   around=text.text[max(0, start - 6):min(len(text.text), end + 6)].strip())

    def prepare(self, template, settings) -> tuple[tuple[str, ...], Callable[[], WordList]]:
        """The words allowed besides the word list, and the word list, read when first asked
        for (only a text with a doubled character asks)."""
        allow = tuple(sorted({word for word in settings.get("allow", []) if isinstance(word, str) and len(word) >= 2},
                             key=len, reverse=True))
        return allow, word_list


# ── GK504 ────────────────────────────────────────────────────────────────────────────────
_FULLWIDTH_ALNUM = re.compile(r"[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]+")
# Whether a report has any, in its UTF-8 bytes: a full-width digit or letter is EF BC 90-99,
# EF BC A1-BA or EF BD 81-9A there. A search for a pattern that starts with one byte skips
# ahead to that byte in a tight loop, and EF leads only the characters from U+F000 on (the
# full-width punctuation, some 70 in a generated text report); a search of the characters
# for a class tests each against the class (GK504's check 120 -> 91 thousand instructions
# a generated text report, its 2,100 characters of ``screen_text``: callgrind). In UTF-8
# EF is never inside a character, so a match is a character, and ``surrogatepass`` writes a
# lone surrogate as ED and two more bytes (tests/test_fast_paths.py checks every code point).
_FULLWIDTH_ALNUM_UTF8 = re.compile(rb"\xef(?:\xbc[\x90-\x99\xa1-\xba]|\xbd[\x81-\x9a])")


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
        screen_text = document.index.screen_text
        if _FULLWIDTH_ALNUM_UTF8.search(screen_text.encode("utf-8", "surrogatepass")) is None:
            return
        for text, _ in _texts(document):
            for match in _FULLWIDTH_ALNUM.finditer(text.text):
                found = match.group(0)
                half = "".join(chr(ord(char) - 0xFEE0) for char in found)
                fix = replace_text_fix(text, match.start(), match.end(), half, f"将「{found}」改为「{half}」")
                yield self.finding(context, text.source_span(match.start(), match.end()), "fullwidth", fix=fix,
                                   found=found, half=half)


RULES = [HalfwidthPunctuation, StrayMarkup, RepeatedCharacter, FullwidthAlnum]
