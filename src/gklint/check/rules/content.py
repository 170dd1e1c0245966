"""GK4 — content: what the narrative says, and whether it agrees with the tables."""

from __future__ import annotations

import json
import re
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Iterable, Iterator

from gklint.check.finding import Finding
from gklint.check.messages import Message, fragment
from gklint.check.options import Option
from gklint.parse.patterns import compile_setting, required_strings, start_characters, without_group_names
from gklint.records import Frozen, Record
from gklint.check.rule import Rule, RuleContext
from gklint.check.rules.table_rows import TemplateBlocks
from gklint.check.rules.statements import (PERIOD_END, ascii_digits, count_value, depth, expand, period_start,
                                           sentence)
from gklint.grammar import SPACE, without_space
from gklint.read.source import Location, SourcedText, Span
from gklint.parse.tree import Document, FlatTable, Heading, Paragraph, Row, Section, Table

if TYPE_CHECKING:
    from gklint.check.collection import CollectedFacts

# What a bare answer may be wrapped in: white space, end punctuation, Markdown emphasis.
_BARE_MARKS = "*。.．；;！!"
_BARE_STRIP = re.compile(f"(?:{SPACE}|[{re.escape(_BARE_MARKS)}])+")


def _section_title(section: Section) -> str:
    return section.heading.title.text.strip()


def _section_with_role(document: Document, context, role: str) -> Section | None:
    """The report's section that plays ``role`` in the format it is checked against."""
    spec = context.template.section_with_role(role) if context.template else None
    return document.section(spec.key) if spec else None


# The nodes of a section's narrative: its paragraphs and sub-headings.
_NARRATIVE = (Paragraph, Heading)


def _narrative(section: Section) -> list[SourcedText]:
    """The texts of a section's paragraphs and sub-headings."""
    return [node.text for node in section.body if isinstance(node, _NARRATIVE)]


def _setting_list(settings: dict[str, Any], name: str) -> list[str]:
    value = settings.get(name, [])
    return [item for item in value if isinstance(item, str)] if isinstance(value, list) else []


class BlankProblems(Rule):
    """Section 五 is empty, says only 无, claims there were no problems, or names no measures.

    ## 检查什么（What it does）
    检查第五部分“存在的主要问题及改进情况”：没有任何内容；只写了“无”“暂无”等；声称
    “没有问题”“不存在问题”“未发现问题”；或者写了问题（问题、不足、差距……）却没有任何
    改进措施（改进、下一步、今后、将……）。每个报告至多报告一次，位置在第五部分标题。

    ## 为什么（Why is this bad?）
    格式要求第五部分既写存在的问题，也写改进情况。写“无”或“没有问题”的报告在第三方评估中
    通常被认定为敷衍，直接扣分；只列问题不写措施同样不符合要求。

    ## 示例（Example）
    ```text
    五、存在的主要问题及改进情况
    2020年我局政务公开目前没有问题。
    ```
    改为（Use instead）：
    ```text
    五、存在的主要问题及改进情况
    一是政策解读形式较为单一；二是基层公开内容更新不够及时。下一步，我局将丰富解读形式，
    建立公开内容定期更新机制。
    ```

    ## 已知问题（Known problems）
    判断基于词表，不理解语义：在否定或引用语境中出现的“没有问题”也会被报告；只写措施、
    未写问题的段落不报告。

    ## 修复（Fix safety）
    不可自动修复：问题和措施只能由撰写者写出。

    ## 选项（Options）
    `no_problem_phrases`（声称没有问题的说法）、`bare_answers`（只写“无”一类的回答）、
    `problem_words`（表示问题的词）、`measure_words`（表示改进措施的词），见 rules.toml
    的 `[rules.GK401]`。
    """

    code = "GK401"
    name = "blank-problems"
    severity = "warning"
    summary = "第五部分为空、只写“无”、声称没有问题，或未写改进措施"
    summary_en = "section 五 is empty, says only 无, claims there were no problems, or names no improvement measures"
    messages = {
        "empty": Message(zh="第{number}部分「{title}」没有内容：应写明存在的主要问题和改进措施",
                         en="section {number} is empty: state the main problems and the improvement measures"),
        "bare": Message(zh="第{number}部分「{title}」只写了「{answer}」：应写明存在的主要问题和改进措施",
                        en="section {number} says only “{answer}”: state the main problems and the improvement measures"),
        "no-problems": Message(
            zh="第{number}部分「{title}」声称「{phrase}」：格式要求写明存在的主要问题及改进情况",
            en="section {number} claims “{phrase}” (no problems): the format requires the main problems and their improvement",
        ),
        "no-measures": Message(zh="第{number}部分「{title}」写了问题（「{problem}」）但没有写改进措施",
                               en="section {number} names problems (“{problem}”) but no improvement measures"),
    }
    options = (
        Option("no_problem_phrases", "list[str]", "声称没有问题的说法", "phrases that claim there were no problems",
               default=[]),
        Option("bare_answers", "list[str]", "只写“无”一类的回答", "bare answers such as 无", default=[]),
        Option("problem_words", "list[str]", "表示问题的词", "words that name a problem", default=[]),
        Option("measure_words", "list[str]", "表示改进措施的词", "words that name an improvement measure", default=[]),
    )

    def prepare(self, template, settings: dict[str, Any]) -> tuple[frozenset[str], int, tuple[str, ...],
                                                                  tuple[str, ...], tuple[str, ...]]:
        """The bare answers as they are compared (stripped) and the length of the longest, the
        no-problem phrases, the problem words and the measure words: read from the settings
        once, not per report."""
        bare = frozenset(_BARE_STRIP.sub("", answer) for answer in _setting_list(settings, "bare_answers"))
        return (bare, max(map(len, bare), default=0), tuple(_setting_list(settings, "no_problem_phrases")),
                tuple(_setting_list(settings, "problem_words")), tuple(_setting_list(settings, "measure_words")))

    def check(self, document: Document, context: RuleContext):
        section = _section_with_role(document, context, "problems")
        if section is None:
            return
        bare, longest_bare, no_problem_phrases, problem_words, measure_words = context.prepared
        texts = [text.text for text in _narrative(section)]
        body = "\n".join(texts)
        plain = without_space(body)
        # The body stripped of what a bare answer may be wrapped in is ``plain`` without the
        # marks: counted first, as most sections are far longer than any bare answer, and
        # stripped only when it may be empty or bare (``_BARE_STRIP`` tries its alternation at
        # every character: half of GK401's cost a generated text report, where counting each
        # mark scans the text in C; callgrind, benchmarks/instructions.py).
        if len(plain) - sum(plain.count(mark) for mark in _BARE_MARKS) <= longest_bare:
            compact = _BARE_STRIP.sub("", body)
            if not compact:
                if section.tables:
                    return
                yield self._found(context, section, "empty")
                return
            if compact in bare:
                answer = body.strip()
                yield self._found(context, section, "bare", answer=answer)
                return
        for phrase in no_problem_phrases:
            if phrase and phrase in plain:
                yield self._found(context, section, "no-problems", phrase=phrase)
                return
        # (The first problem word, and whether any measure word stands: what the finding needs.)
        problem = next((word for word in problem_words if word in plain), None)
        if problem is not None and not any(word in plain for word in measure_words):
            yield self._found(context, section, "no-measures", problem=problem)

    def _found(self, context: RuleContext, section: Section, message_id: str, **args):
        """The finding at the section's heading."""
        return self.finding(context, section.heading.span, message_id, **args, number=section.number,
                            title=_section_title(section))


# ── GK402 ────────────────────────────────────────────────────────────────────────────────
_PERIOD = re.compile(
    r"统计(?:期限|时限|期间|区间|时段|周期|范围)[^。；;\n]{0,12}?"
    rf"(?P<y1>(?:19|20)\d{{2}}){SPACE}*年{SPACE}*0?1{SPACE}*月{SPACE}*0?1{SPACE}*日[^。；;\n\d]{{0,4}}?"
    rf"(?:至|到|—|－|-|~|～){SPACE}*(?P<y2>(?:19|20)\d{{2}}){SPACE}*年{SPACE}*12{SPACE}*月{SPACE}*31{SPACE}*日"
)
# A section's opening: the year that starts its first paragraph, then a comma, 我/本/全, or
# the agency's name ("2020年，我局…", "2020年度全市…"). Dates (2020年3月), 以来 and the like
# are not an opening year.
_OPENING = re.compile(rf"^(?:{SPACE}|[\-*+#>])*(?P<year>(?:19|20)\d{{2}}){SPACE}*年度?(?P<after>[，,、]|(?=[我本全]))")
# The year an opening starts with, up to its 年; the agency's name must follow (after an
# optional 度): a match only up to 年 is unique, so no pattern has to be compiled per agency.
_OPENING_YEAR = re.compile(rf"^(?:{SPACE}|[\-*+#>])*(?P<year>(?:19|20)\d{{2}}){SPACE}*年")


def _agency_opening(digits: str, agency: str):
    """The match of ``^…(?P<year>…)\\s*年度?(?=agency)`` on ``digits``, or None."""
    match = _OPENING_YEAR.match(digits)
    if match is None:
        return None
    end = match.end()
    if digits.startswith("度", end) and digits.startswith(agency, end + 1):
        return match
    return match if digits.startswith(agency, end) else None


class YearMismatch(Rule):
    """The statistical period or a section's opening year differs from the title's year.

    ## 检查什么（What it does）
    以标题中的年份为准，检查两处年份：统计期限（“本报告所列数据的统计期限自2020年1月1日起
    至2020年12月31日止”）的起止年份，以及各部分第一段开头所述的年份（“2020年，我局……”）。
    顺带提及的其他年份（上年、2019年度部门决算、“十四五”、2035年远景目标、2020年3月印发……）
    不检查。

    ## 为什么（Why is this bad?）
    年报常以上一年的报告为底稿改写，年份漏改是最常见的错误之一：统计期限写成上一年，读者
    无法确定数据属于哪一年。

    ## 示例（Example）
    ```text
    白河市生态环境局2020年政府信息公开工作年度报告
    本报告所列数据的统计期限自2019年1月1日起至2019年12月31日止。
    ```
    改为（Use instead）：
    ```text
    本报告所列数据的统计期限自2020年1月1日起至2020年12月31日止。
    ```

    ## 已知问题（Known problems）
    标题没有年份时不检查。段首年份只在后接逗号、“我”“本”“全”或机关名称时才视为所述年份。

    ## 修复（Fix safety）
    不可自动修复：无法确定错的是标题还是正文。

    ## 选项（Options）
    无。
    """

    code = "GK402"
    name = "year-mismatch"
    severity = "warning"
    summary = "统计期限或某部分开头所述年份与标题年份不一致"
    summary_en = "the statistical period, or the year a section's opening sentence reports on, differs from the title's year"
    needs_format = False
    messages = {
        "period": Message(zh="统计期限中的年份「{found}」与标题年份「{expected}」不一致",
                          en="the statistical period names {found}, the title {expected}"),
        "opening": Message(zh="第{number}部分开头所述年份「{found}年」与标题年份「{expected}年」不一致",
                           en="section {number} opens on the year {found}, the title names {expected}"),
    }

    def check(self, document: Document, context: RuleContext):
        year = document.year
        if year is None:
            return
        for text, kind in document.narrative_texts():
            # (the title's node comes again as a paragraph or heading; _PERIOD starts with 统计)
            if kind == "title" or "统计" not in text.text:
                continue
            digits = ascii_digits(text.text)
            for match in _PERIOD.finditer(digits):
                for group in ("y1", "y2"):
                    found = int(match.group(group))
                    if found != year:
                        yield self.finding(context, text.source_span(match.start(group), match.end(group)), "period",
                                           found=found, expected=year)
        agency = document.agency or ""
        for section in document.sections:
            first = next((node for node in section.body if isinstance(node, Paragraph) and node.text.text.strip()), None)
            if first is None:
                continue
            digits = ascii_digits(first.text.text)
            match = _OPENING.match(digits)
            if match is None and agency:
                match = _agency_opening(digits, agency)
            if match is None:
                continue
            found = int(match.group("year"))
            if found != year:
                yield self.finding(context, first.text.source_span(match.start("year"), match.end("year")), "opening",
                                   number=section.number, found=found, expected=year)


class EmptySection(Rule):
    """A required section other than 五 has no content at all.

    ## 检查什么（What it does）
    第一、二、三、四、六部分的标题下既没有文字也没有表格时报告（第五部分由 GK401 检查）。
    表格、小标题和任何一段文字（哪怕只有“无”）都算内容。

    ## 为什么（Why is this bad?）
    只有标题没有内容的部分，通常是撰写时漏填或排版时内容丢失，读者会误以为该部分无事可报。

    ## 示例（Example）
    ```text
    六、其他需要报告的事项
    （文件结束）
    ```
    改为（Use instead）：
    ```text
    六、其他需要报告的事项
    本年度我局未收取信息处理费。
    ```

    ## 已知问题（Known problems）
    只检查“有没有”，不判断内容是否充分；模板占位文字由 GK407 报告。

    ## 修复（Fix safety）
    不可自动修复。

    ## 选项（Options）
    `skip`：不检查的章节键（默认 `["problems"]`，即第五部分）。
    """

    code = "GK403"
    name = "empty-section"
    severity = "warning"
    summary = "第五部分以外的必需部分没有任何内容"
    summary_en = "a required section other than 五 has no content at all"
    messages = {
        "empty": Message(zh="第{number}部分「{title}」没有任何内容", en="section {number} “{title}” has no content"),
    }
    options = (
        Option("skip", "list[str]", "不检查的章节键", "keys of the sections not checked", default=[]),
    )

    def prepare(self, template, settings: dict[str, Any]) -> frozenset[str]:
        """The keys of the format's sections that are checked (neither they nor their roles
        skipped): worked out once per format, not per report."""
        skip = set(_setting_list(settings, "skip"))
        required = {spec.key: spec.role for spec in template.sections} if template else {}
        return frozenset(key for key, role in required.items() if key is not None and key not in skip and role not in skip)

    def check(self, document: Document, context: RuleContext):
        checked = context.prepared
        for section in document.sections:
            if section.key not in checked:
                continue
            if _has_content(section):
                continue
            yield self.finding(context, section.heading.span, "empty", number=section.number,
                               title=_section_title(section), data={"section": section.key})


def _has_content(section: Section) -> bool:
    """Whether ``section`` holds a table (read or flattened) or a text that is not blank: one
    walk of its body, which stops at the first (``Section.tables`` and ``flat_tables`` each
    made a list of it)."""
    for node in section.body:
        if isinstance(node, (Table, FlatTable)):
            return True
        if isinstance(node, _NARRATIVE) and node.text.text.strip():
            return True
    return False


class MissingFeeReport(Rule):
    """2021 format: section 六 says nothing about 信息处理费.

    ## 检查什么（What it does）
    按 2021 年格式（国办公开办函〔2021〕30号）编写的报告，第六部分“其他需要报告的事项”应报告
    信息处理费的收取情况（《政府信息公开信息处理费管理办法》，国办函〔2020〕109号）。第六部分
    没有提到信息处理费时报告，位置在第六部分标题。

    ## 为什么（Why is this bad?）
    2021 年格式的模板在第六部分明确注明“收取信息处理费情况在此处报告”；即使未收取，也应写明
    “本年度未收取信息处理费”。

    ## 示例（Example）
    ```text
    六、其他需要报告的事项
    无。
    ```
    改为（Use instead）：
    ```text
    六、其他需要报告的事项
    本年度我局未收取信息处理费。
    ```

    ## 已知问题（Known problems）
    只按关键词判断；在其他部分报告收费情况的报告也会被报告。

    ## 修复（Fix safety）
    不可自动修复。

    ## 选项（Options）
    `fee_words`：算作报告了收费情况的词；`formats`：适用的格式（默认 `["2021"]`）。
    """

    code = "GK404"
    name = "missing-fee-report"
    severity = "warning"
    summary = "2021 年格式：第六部分未报告信息处理费收取情况"
    summary_en = "2021 format: section 六 says nothing about 信息处理费"
    messages = {
        "no-fee-report": Message(
            zh="第{number}部分「{title}」未报告信息处理费收取情况（如“本年度未收取信息处理费”）",
            en="section 六 does not report the collection of 信息处理费 (e.g. “本年度未收取信息处理费”)",
        ),
    }
    options = (
        Option("formats", "list[str]", "适用的格式", "the formats the rule applies to", default=[]),
        Option("fee_words", "list[str]", "算作报告了收费情况的词", "words that count as reporting the fees", default=[]),
    )

    def check(self, document: Document, context: RuleContext):
        formats = _setting_list(context.settings, "formats")
        template_id = context.template.id if context.template else document.template_id
        if template_id not in formats:
            return
        section = _section_with_role(document, context, "other")
        if section is None:
            return
        words = _setting_list(context.settings, "fee_words")
        plain = without_space("\n".join(text.text for text in _narrative(section)))
        if any(word in plain for word in words):
            return
        yield self.finding(context, section.heading.span, "no-fee-report", number=section.number,
                           title=_section_title(section))


# ── GK405 ────────────────────────────────────────────────────────────────────────────────
# A reading: the table cells (table, row, column) whose sum a stated number may mean.
Reading = tuple[tuple[str, str, str], ...]


class _Phrase(Frozen):
    """A count the narrative states about the tables (``[[rules.GK405.phrases]]``)."""

    pattern: Any
    readings: tuple[Reading, ...]
    needs: tuple[str, ...]
    sections: tuple[str, ...]
    whole: bool
    share_of: tuple[Reading, ...]
    # a part of ``pattern`` that every match holds, searched first (``screen`` in rules.toml),
    # or None
    screen: Any


class _Part(Frozen):
    """A count of a part of the count before it (``[[rules.GK405.parts]]``): read as that
    count's readings with each column replaced by the part's (``columns``: column → columns)."""

    pattern: Any
    columns: tuple[tuple[str, tuple[str, ...]], ...]


class _Claim(Frozen):
    """A claim about the whole (``[[rules.GK405.claims]]``): cells that must be 0 — ``zero``
    (words of the claim that make a reading apply, the reading), or ``columns`` of the counts
    or topics the claim is about."""

    pattern: Any
    zero: tuple[tuple[tuple[str, ...], Reading], ...]
    columns: tuple[tuple[str, tuple[str, ...]], ...]
    needs: tuple[str, ...]
    sections: tuple[str, ...]
    unless: tuple[str, ...]
    after_whole: bool


class _Topic(Frozen):
    """What a claim is about when no count before it says (``[[rules.GK405.topics]]``)."""

    pattern: Any
    reading: Reading


class _Prepared(Frozen):
    phrases: tuple[_Phrase, ...]
    parts: tuple[_Part, ...]
    claims: tuple[_Claim, ...]
    topics: tuple[_Topic, ...]
    share: Any
    previous: tuple[str, ...]
    # the pre-check: one search for every place a key of the items (phrases, then parts, then
    # claims, numbered in that order) stands (``findall`` of the pattern, bound once: it is
    # made for every paragraph), the numbers of the items each key found brings in, and the
    # items without keys. When no key holds a digit, the same search finds the full-width
    # digits too (``finds_digits``), on the text as it is: the keys stand where they stand
    # once its digits are made ASCII, and one scan of a paragraph says whether that must be
    # done, where ``ascii_digits`` scanned it a second time (some 45 thousand instructions a
    # generated text report: callgrind, benchmarks/instructions.py)
    find_keys: Any
    finds_digits: bool
    by_key: dict[str, frozenset[int]]
    keyless: frozenset[int]
    prefilter: Any


def _parse_reading(reading: str) -> Reading | None:
    terms = []
    for term in reading.split("+"):
        parts = [part.strip() for part in term.split(":")]
        if len(parts) == 3 and all(parts):
            terms.append((parts[0], parts[1], parts[2]))
    return tuple(terms) or None


def _readings(values: Any) -> tuple[Reading, ...]:
    parsed = (_parse_reading(str(value)) for value in values or ())
    return tuple(reading for reading in parsed if reading)


def _words(values: Any) -> tuple[str, ...]:
    return tuple(str(value) for value in values or ())


def _column_map(value: Any) -> tuple[tuple[str, tuple[str, ...]], ...]:
    if not isinstance(value, dict):
        return ()
    return tuple((str(key), _words(columns if isinstance(columns, list) else [columns]))
                 for key, columns in value.items())


def _tables_of(settings: dict[str, Any], name: str) -> list[dict]:
    return [item for item in settings.get(name, []) or [] if isinstance(item, dict) and isinstance(item.get("pattern"), str)]


@lru_cache(maxsize=32)
def _prepare_gk405(raw: str) -> _Prepared:
    """GK405's settings compiled (``raw``: the settings as canonical JSON, the cache's key)."""
    settings = json.loads(raw)
    phrases = tuple(_Phrase(
        compile_setting(expand(item["pattern"])), _readings(item.get("readings")), _words(item.get("needs")),
        _words(item.get("sections")), bool(item.get("whole", False)), _readings(item.get("share_of")),
        compile_setting(expand(item["screen"])) if isinstance(item.get("screen"), str) else None,
    ) for item in _tables_of(settings, "phrases"))
    parts = tuple(_Part(compile_setting(expand(item["pattern"])), _column_map(item.get("columns")))
                  for item in _tables_of(settings, "parts"))
    claims = []
    for item in _tables_of(settings, "claims"):
        zero = []
        for entry in item.get("zero", []) or []:
            reading = _parse_reading(str(entry.get("reading", ""))) if isinstance(entry, dict) else None
            if reading:
                zero.append((_words(entry.get("when")), reading))
        claims.append(_Claim(compile_setting(expand(item["pattern"])), tuple(zero), _column_map(item.get("columns")),
                             _words(item.get("needs")), _words(item.get("sections")), _words(item.get("unless")),
                             bool(item.get("after_whole", False))))
    topics = []
    for item in _tables_of(settings, "topics"):
        reading = _parse_reading(str(item.get("reading", "")))
        if reading:
            topics.append(_Topic(compile_setting(item["pattern"]), reading))
    share = settings.get("share")
    items = [item for name in ("phrases", "parts", "claims") for item in _tables_of(settings, name)]
    # Items with `keys` are tried only where one of their keys stands (one search for any key,
    # then a substring test for each); the others where one combined search finds something.
    by_key: dict[str, set[int]] = {}
    for number, item in enumerate(items):
        for key in _words(item.get("keys")):
            by_key.setdefault(key, set()).add(number)
    keyless = frozenset(number for number, item in enumerate(items) if not _words(item.get("keys")))
    # (The search takes the longest key at each place and goes on after it, so a key found
    # brings in the items of the keys it may hide: those it holds, and those that may start
    # inside it and go on past it.)
    keys_by_first: dict[str, list[str]] = {}
    for key in by_key:
        keys_by_first.setdefault(key[:1], []).append(key)
    found_by = {key: frozenset().union(*(by_key[other] for other in _hidden_keys(key, by_key, keys_by_first)))
                for key in by_key}
    screen = _alternation(by_key)
    finds_digits = bool(screen) and not any(character.isdigit() for key in by_key for character in key)
    if finds_digits:
        # (each digit an alternative of its own: ``re`` skips ahead to the characters that an
        # alternation of literals starts with, not when one alternative is a class)
        screen += "|" + "|".join("０１２３４５６７８９")
    return _Prepared(
        phrases, parts, tuple(claims), tuple(topics),
        compile_setting(share) if isinstance(share, str) and share else None,
        _words(settings.get("previous_words")), re.compile(screen).findall if screen else None,
        finds_digits, found_by, keyless,
        _phrase_prefilter(tuple(expand(items[number]["pattern"]) for number in sorted(keyless))),
    )


def _alternation(words) -> str:
    """A pattern that matches, at each place, the longest of ``words`` that stands there (as
    ``|`` of them longest first does), written as a tree: one alternative per first character,
    the rest of its words after it the same way (``不予(?:以公开|以处理|公开|处理)|行政(?:…)``).
    At each place where a word may start ``re`` tries the alternatives one by one; the tree has
    a few dozen fewer of them (a key pre-check of a generated text report: 103 -> 95 thousand
    instructions, callgrind). The first characters still start every alternative, so ``re``
    skips ahead to them as before."""
    by_first: dict[str, list[str]] = {}
    for word in sorted(words, key=len, reverse=True):
        by_first.setdefault(word[:1], []).append(word[1:])
    alternatives = []
    for first, rests in by_first.items():
        longer = [rest for rest in rests if rest]
        if not longer:
            alternatives.append(re.escape(first))
        elif len(longer) == 1 and len(rests) == 1:
            alternatives.append(re.escape(first + longer[0]))
        else:  # (a word that is the first character alone: the rest optional, tried first)
            alternatives.append(f"{re.escape(first)}(?:{_alternation(longer)}){'?' if len(longer) < len(rests) else ''}")
    return "|".join(alternatives)


def _hidden_keys(key: str, keys, keys_by_first: dict[str, list[str]]) -> list[str]:
    """The ``keys`` a search that takes ``key`` may pass over: those it holds, and those that
    start inside it (an end of ``key`` begins them; ``keys_by_first``: the keys by their first
    character, so that only the keys starting with a character of ``key`` are compared: the
    test of every pair of GK405's 40 keys took 14.6 M instructions at start-up, callgrind)."""
    hidden = [other for other in keys if other in key]
    for start in range(1, len(key)):
        end = key[start:]
        hidden += [other for other in keys_by_first.get(key[start], ()) if other.startswith(end)]
    return hidden


# What may stand in a pattern that is searched as one branch of an alternation: groups,
# lookarounds, atomic groups and comments. Inline flags, backreferences and recursion could
# mean something else there, so patterns holding them get no pre-check.
_UNSAFE_TO_COMBINE = re.compile(r"\\(?:[1-9gkG]|$)|\(\?(?!:|=|!|<=|<!|P<|>|#)")


@lru_cache(maxsize=32)
def _phrase_prefilter(patterns: tuple[str, ...]):
    """One pattern that matches a text wherever one of ``patterns`` would (so that the many
    paragraphs without any phrase are passed over with a single search); None when the
    patterns cannot be combined safely. (Several name their number ``n``: the names go, as
    ``re`` takes a name once per pattern.)"""
    if not patterns or any(_UNSAFE_TO_COMBINE.search(pattern) for pattern in patterns):
        return None
    try:
        return compile_setting("|".join(f"(?:{without_group_names(pattern)})" for pattern in patterns))
    except re.error:
        return None


class _Count(Record):
    """A count found in a paragraph: where it stands, the number it states, what it may mean."""

    start: int
    end: int
    said: str
    number: tuple[int, int]
    stated: Decimal
    depth: int
    phrase: _Phrase | None
    part: _Part | None
    readings: tuple[Reading, ...] = ()


class TextTableMismatch(Rule):
    """A count stated in the narrative contradicts the table.

    ## 检查什么（What it does）
    从正文中读出关于表格的数字，与表格比较，位置在该句：

    - 表三的件数：“本年新收政府信息公开申请N件”“上年结转N件”“结转下年度继续办理N件”“办结N件”，
      办理结果各类：“予以公开”“部分公开”“予以公开及部分公开”（两行之和）、“不予公开”（八个
      子项之和）、“无法提供”（三个子项之和）、“不予处理”（五个子项之和）、“其他处理”、“总计”；
    - 按申请人类型：紧跟在某个件数之后的“自然人…件”“法人或其他组织…件”“商业企业…件”等，
      比较该件数所在行的对应列（“新收申请37件，其中自然人30件、法人或其他组织7件”）；
    - 第二部分：“制发规范性文件N件”“废止规范性文件N件”“现行有效规范性文件共N件”、规章；
    - 表四：“行政复议N件”“行政诉讼N件”，以及其后的“结果维持/结果纠正/其他结果/尚未审结N件”；
    - 比例：件数之后的“占X%”，按表格重新计算，按报告自己的小数位数，四舍五入或截尾都算对；
      比例的基数是句中此前的总数（如“办结81件，其中予以公开及部分公开42件，占51.85%”），
      没有时是设置中列出的几种理解（办结总计、新收、新收加上年结转）之一；
    - 关于整体的说法：“所有申请均已办结”“已全部办结”而表三“结转下年度继续办理”大于 0；
      “未发生行政复议、行政诉讼”而表四有案件；“均获维持”“均维持原行政行为”而结果纠正、其他
      结果或尚未审结大于 0；“无被纠正”而结果纠正大于 0。

    数字可以用阿拉伯数字或汉字书写（两件、十二件、一百零五件）。含义不确定的说法按任何一种说得通
    的理解接受：“收到……申请N件”“共受理……申请N件”可以指新收数，也可以指新收与上年结转之和；
    “行政诉讼N件”可以指两类诉讼之和，也可以只指直接起诉；比例的基数见上。

    ## 为什么（Why is this bad?）
    正文和表格是同一批数据的两种写法，互相矛盾时读者无法知道哪一个是对的；这通常说明改写
    表格后忘了改正文，或者反过来。

    ## 示例（Example）
    ```text
    全年新收政府信息公开申请40件，上年结转2件。
    一、本年新收政府信息公开申请数量	30	4	0	1	2	0	37
    ```
    改为（Use instead）：
    ```text
    全年新收政府信息公开申请37件，上年结转2件。
    ```

    ## 已知问题（Known problems）
    只认识配置中列出的说法。表格中对应的单元格缺失、为空或不是数字时不报告。“较上年”“同比”
    之后的数字视为上一年的数字，不比较。句中提到结转下年度、顺延时，不检查“全部办结”；“已全部办结”
    只在紧跟总数（新收、收到、办结……）时检查（“上年结转2件，已全部办结”说的是那2件）。
    汇总多个单位的报告中，某个单位自己的件数若用了同样的说法，也会与全表比较。

    ## 修复（Fix safety）
    不可自动修复：无法确定错的是正文还是表格。

    ## 选项（Options）
    `phrases`：件数的说法，每项有 `pattern`（正则表达式，数字写作 `{n}`，或在命名组 `n` 中）、
    `readings`（可接受的理解，每个理解是若干“表:行:列”用 + 相加）、`needs`（句中必须出现的词之一）、
    `sections`（在这些章节中不要求 `needs`）、`whole`（是其后比例和分项的总数）、`share_of`
    （其后比例可能的基数）；`parts`：分项的说法（`pattern`、`columns`：总数的列 → 分项的列）；
    `claims`：关于整体的说法（`pattern`、`zero`：必须为 0 的单元格及使其适用的词 `when`、
    `columns`：所述件数的列 → 必须为 0 的列、`after_whole`：只在紧跟总数时检查、`needs`、`sections`、
    `unless`：句中出现则不检查的词）；
    `topics`：说法未带件数时它所说的是什么（`pattern`、`reading`）；`share`：比例的说法（数字在
    命名组 `p` 中）；`previous_words`：紧挨在说法之前、表示上一年的词。`phrases`、`parts`、`claims`
    的每项还可有 `keys`：匹配必然含有的词之一（段落中一个都没有时不试该项，是廉价的预检；没有
    `keys` 的项由一次合并的正则搜索预检）；`phrases` 的项还可有 `screen`：模式中每个匹配必然含有的
    一段（原样摘出的连续部分），先搜索它，找不到时不试该项（以一个词开头时搜索快得多）。
    """

    code = "GK405"
    name = "text-table-mismatch"
    severity = "warning"
    summary = "正文中的件数与表格数据不一致"
    summary_en = "a count stated in the narrative contradicts the table"
    messages = {
        "mismatch": Message(zh="正文称「{said}」（{number}），但表格中{readings:；}",
                            en="the narrative says “{said}” ({number}), but in the table {readings:; }"),
        "share": Message(zh="正文称「{said}」（{percent}%），但按表格计算为 {expected}%（{part}，{base}）",
                         en="the narrative says “{said}” ({percent}%), but the table gives {expected}% ({part}; {base})"),
        "claim": Message(zh="正文称「{said}」，但表格中{readings:；}",
                         en="the narrative says “{said}”, but in the table {readings:; }"),
        # fragments: what one reading of the phrase gives, and the cells it adds up
        "reading": Message(zh="{cells}为 {total}", en="{cells} is {total}"),
        "sum": Message(zh="{cells:、}之和", en="{cells: + }"),
        "cell": Message(zh="「{row}」的「{column}」", en="{key}"),
        "column-cell": Message(zh="「{column}」", en="{key}"),
    }
    options = (
        Option("phrases", "list[table]",
               "件数的说法：pattern（正则，数字写作 {n}）、readings（“表:行:列”用 + 相加）、needs、sections、whole、share_of、keys、"
               "screen",
               "counts: pattern (the number as {n}), readings (table:row:column joined by +), needs, sections, whole, "
               "share_of, keys, screen", default=[]),
        Option("parts", "list[table]", "分项的说法：pattern、columns（总数的列 → 分项的列）、keys",
               "parts of the count before: pattern, columns (the count's column → the part's columns), keys", default=[]),
        Option("claims", "list[table]", "关于整体的说法：pattern、zero、columns、after_whole、needs、sections、unless、keys",
               "claims about the whole: pattern, zero, columns, after_whole, needs, sections, unless, keys", default=[]),
        Option("topics", "list[table]", "说法未带件数时它所说的是什么：pattern、reading",
               "what a claim is about when no count says it: pattern, reading", default=[]),
        Option("share", "str", "比例的说法（数字在命名组 p 中）", "a share (the percentage in group p)", default=""),
        Option("previous_words", "list[str]", "紧挨在说法之前、表示上一年的词",
               "words right before a phrase that make it speak of last year", default=[]),
    )

    def check(self, document: Document, context: RuleContext):
        prepared, blocks = context.prepared
        # The counts found to contradict the table, by the place of their number: GK408 reads
        # them, so that a wrong total or part is reported once (here), not as a breakdown too.
        mismatched: dict[tuple[int, int], tuple[Decimal, ...]] = {}
        document.index.stated_counts = mismatched
        if not prepared.phrases and not prepared.claims:
            return
        cells = _TableCells(document, context, blocks)
        items_to_try = self._items_to_try
        # (The paragraphs walked here, not yielded by a generator with their section's key:
        # some eight a report, and most lead to nothing. With the rows of ``_TableCells.row``
        # in one comprehension, GK405's check 499 -> 486 thousand instructions a generated
        # text report, in-process, callgrind.)
        for section_key, body in self._bodies(document):
            for node in body:
                if isinstance(node, Paragraph):
                    text = node.text
                    tried, digits = items_to_try(prepared, text.text)
                    if tried:
                        yield from self._check_text(cells, context, prepared, section_key, text, digits, tried,
                                                    mismatched)

    @staticmethod
    def _items_to_try(prepared: _Prepared, text: str) -> tuple[frozenset[int], str]:
        """The numbers of the items that may match in ``text`` (the pre-check keeps GK405's
        cost on a report small: benchmarks/run.py, text reports), and ``text`` with its
        full-width digits made ASCII, which the items are read in."""
        by_key = prepared.by_key
        if prepared.finds_digits:
            keys = prepared.find_keys(text)
            if not keys and not prepared.keyless:
                return _NO_ITEMS, text  # (most paragraphs: no key, no full-width digit)
            found = set(keys)
            digits = text
            if not found <= by_key.keys():  # (a full-width digit)
                digits = ascii_digits(text)
                found.intersection_update(by_key)
        else:
            digits = ascii_digits(text)
            found = set(prepared.find_keys(digits)) if prepared.find_keys is not None else set()
        tried: frozenset[int] = frozenset()
        if prepared.keyless and (prepared.prefilter is None or prepared.prefilter.search(digits) is not None):
            tried = prepared.keyless
        if found:
            tried = tried.union(*map(by_key.__getitem__, found))
        return tried, digits

    def prepare(self, template, settings: dict[str, Any]) -> tuple[_Prepared, TemplateBlocks | None]:
        """The phrases, parts, claims and topics compiled, and the pre-check of them all; the
        blocks of the format and their columns' places (``_block_places``)."""
        return _prepare_gk405(json.dumps({key: settings.get(key) for key in
                                          ("phrases", "parts", "claims", "topics", "share", "previous_words")},
                                         sort_keys=True, ensure_ascii=False, default=str)), _block_places(template)

    @staticmethod
    def _bodies(document: Document) -> list[tuple[str | None, list]]:
        """The preamble (no section's key) and each section's body, with its section's key."""
        return [(None, document.preamble), *((section.key, section.body) for section in document.sections)]

    def _check_text(self, cells: _TableCells, context, prepared: _Prepared, section_key, text: SourcedText, digits: str,
                    tried: frozenset[int], mismatched: dict) -> Iterator[Finding]:
        counts = self._counts(prepared, section_key, digits, tried)
        if not counts and max(tried) < len(prepared.phrases) + len(prepared.parts):
            # No count stands in the text and no claim is tried: nothing below has anything to
            # read (most texts that a key lets through: benchmarks/run.py, text reports).
            return
        later: list[Finding] = []
        for count in counts:
            if count.part is not None:
                count.readings = self._part_readings(count, counts, digits)
            judged = self._judge(cells, count.readings, count.stated, count.said)
            if judged is not None:
                args, data, totals = judged
                mismatched[self._place(text, count.number)] = totals
                finding = self.finding(context, text.source_span(*sentence(digits, count.start, count.end)),
                                       "mismatch", data=data, **args)
                if count.part is None:
                    yield finding
                else:
                    later.append(finding)
        for count in sorted(counts, key=lambda count: count.start):
            if prepared.share is not None:
                share = prepared.share.match(digits, count.end)
                if share is not None:
                    finding = self._check_share(cells, context, text, digits, count, counts, share)
                    if finding is not None:
                        later.append(finding)
        later.extend(self._check_claims(cells, context, prepared, section_key, text, digits, tried, counts))
        later.sort(key=lambda finding: finding.span.start)
        yield from later

    @staticmethod
    def _place(text: SourcedText, number: tuple[int, int]) -> tuple[int, int]:
        span = text.source_span(*number)
        return span.start, span.end

    @staticmethod
    def _counts(prepared: _Prepared, section_key, digits: str, tried: frozenset[int]) -> list[_Count]:
        """The counts of the phrases (in the order of the settings) and of the parts found in
        ``digits``, none overlapping another."""
        # (One walk of the items in order, phrases before parts, with the tests written out in
        # it: a paragraph finds one match or two, and the two closures this made for each
        # paragraph a key let through cost more than what they tested; GK405 585 -> 563
        # thousand instructions a generated text report, in-process, callgrind.)
        counts: list[_Count] = []
        taken: list[tuple[int, int]] = []
        phrases, parts, previous = prepared.phrases, prepared.parts, prepared.previous
        first_claim = len(phrases) + len(parts)
        for number in sorted(tried):
            if number < len(phrases):
                phrase, part = phrases[number], None
                if phrase.screen is not None and phrase.screen.search(digits) is None:
                    continue  # (no match: the part of the pattern every match holds is not there)
                pattern = phrase.pattern
            elif number < first_claim:
                phrase, part = None, parts[number - len(phrases)]
                pattern = part.pattern
            else:
                break
            for match in _matches(pattern, digits):
                match_start, match_end = match.span()
                if _overlaps_taken(taken, match_start, match_end):
                    continue
                before = digits[max(0, match_start - 4):match_start]
                if _holds_any(before, previous):
                    continue
                if phrase is not None and phrase.needs and section_key not in phrase.sections:
                    if not _holds_any(_period(digits, match_start, match_end), phrase.needs):
                        continue
                taken.append((match_start, match_end))
                try:
                    stated = count_value(match.group("n"))
                except (IndexError, ArithmeticError):
                    continue
                if stated is not None:
                    counts.append(_Count(match_start, match_end, match.group(0), match.span("n"), stated,
                                         depth(digits, match_start), phrase, part,
                                         phrase.readings if phrase is not None else ()))
        return counts

    @staticmethod
    def _before(count: _Count, counts: list[_Count], digits: str, whole: bool) -> list[_Count]:
        """The counts of phrases before ``count`` in its sentence (up to ；), else in its
        period (up to 。), nearest first, not inside brackets that ``count`` is outside of
        (``whole``: only phrases that are totals)."""
        found = TextTableMismatch._before_from(sentence(digits, count.start, count.end)[0], count, counts, whole)
        return found or TextTableMismatch._before_from(period_start(digits, count.start), count, counts, whole)

    @staticmethod
    def _before_from(start: int, count: _Count, counts: list[_Count], whole: bool) -> list[_Count]:
        found = [other for other in counts
                 if other.phrase is not None and start <= other.start < count.start and other.depth <= count.depth
                 and (not whole or other.phrase.whole)]
        return sorted(found, key=lambda other: -other.start)

    def _part_readings(self, count: _Count, counts: list[_Count], digits: str) -> tuple[Reading, ...]:
        """What a part may mean: its column in the row of any count before it (``_before``, the
        nearest first) that has the part's columns — "新收37件，办结37件，其中自然人30件" may
        speak of either."""
        columns = dict(count.part.columns)
        readings = (reading for whole in self._before(count, counts, digits, whole=False)
                    for reading in _mapped(whole.readings, columns))
        return tuple(dict.fromkeys(readings))

    def _judge(self, cells: _TableCells, readings, stated: Decimal, said: str):
        readable: list[tuple[Decimal, Reading]] = []
        for reading in readings:
            total = cells.total(reading)
            if total is None:
                continue
            if total == stated:
                return None
            readable.append((total, reading))
        if not readable or self._table_cell_explains(cells, readings, stated):
            return None
        return (
            {"said": said.strip(), "number": _plain_number(stated),
             "readings": [cells.named(reading, total) for total, reading in readable]},
            {"stated": _json_number(stated), "table": [_json_number(total) for total, _ in readable]},
            tuple(total for total, _ in readable),
        )

    @staticmethod
    def _table_cell_explains(cells: _TableCells, readings, stated: Decimal) -> bool:
        """Whether a table cell that the identity rules (GK303–GK306) report as wrong, at the
        value they say it should have, gives the number the text states: the defect is that
        cell, reported once, there."""
        analysis = cells.document.index.identity_analysis
        if analysis is None or not analysis.explanations:
            return False
        corrected = {(place.table.key, place.row.key, place.cell.column): value
                     for explanation in analysis.explanations for place, _, value in explanation.cells}
        for reading in readings:
            if not any(term in corrected for term in reading):
                continue
            total = Decimal(0)
            for term in reading:
                value = corrected.get(term)
                if value is None:
                    value = cells.total((term,))
                    if value is None:
                        break
                total += value
            else:
                if total == stated:
                    return True
        return False

    def _check_share(self, cells: _TableCells, context, text: SourcedText, digits: str, count: _Count, counts: list[_Count],
                     share) -> Finding | None:
        """A share (占X%) after ``count``, recomputed from the table with as many decimals as
        the text gives; accepted when it fits any reading of the count and of its base, or the
        numbers the text states (then a wrong count is reported once, as a count)."""
        percent = Decimal(share.group("p"))
        wholes = self._before(count, counts, digits, whole=count.part is None)
        bases = tuple(reading for whole in wholes for reading in whole.readings)
        if count.phrase is not None:
            bases += count.phrase.share_of
        parts = [(total, reading) for reading in count.readings
                 if (total := cells.total(reading)) is not None]
        totals = [(total, reading) for reading in bases
                  if (total := cells.total(reading)) is not None and total > 0]
        if not parts or not totals:
            return None
        numerators = {value for value, _ in parts} | {count.stated}
        denominators = {value for value, _ in totals} | {whole.stated for whole in wholes if whole.stated}
        places = -percent.as_tuple().exponent if percent.as_tuple().exponent < 0 else 0
        if any(_share_fits(percent, places, part, base) for part in numerators for base in denominators):
            return None
        (part, part_reading), (base, base_reading) = parts[0], totals[0]
        expected = (part * 100 / base).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
        said = digits[count.start:share.end()].strip()
        return self.finding(
            context, text.source_span(*sentence(digits, count.start, share.end())), "share",
            said=said, percent=share.group("p"), expected=str(expected),
            part=cells.named(part_reading, part),
            base=cells.named(base_reading, base),
            data={"stated": share.group("p"), "table": str(expected)},
        )

    def _check_claims(self, cells: _TableCells, context, prepared: _Prepared, section_key, text: SourcedText, digits: str,
                      tried: frozenset[int], counts: list[_Count]) -> Iterator[Finding]:
        first = len(prepared.phrases) + len(prepared.parts)
        claims = [prepared.claims[number - first] for number in sorted(tried) if number >= first]
        found = sorted(((match, claim) for claim in claims for match in _matches(claim.pattern, digits)),
                       key=lambda item: item[0].start())
        previous_end = 0
        for match, claim in found:
            if match.start() < previous_end:
                continue  # (two claims of one phrase: the first found speaks)
            start = max(period_start(digits, match.start()), previous_end)
            previous_end = match.end()
            period = _period(digits, match.start(), match.end())
            if claim.needs and section_key not in claim.sections and not any(word in period for word in claim.needs):
                continue
            if any(word in period for word in claim.unless):
                continue
            if claim.after_whole:
                before = [count for count in counts if start <= count.start < match.start()]
                last = max(before, key=lambda count: count.start, default=None)
                if last is None or last.phrase is None or not last.phrase.whole:
                    continue
            zero: list[Reading] = [reading for when, reading in claim.zero
                                   if not when or any(word in match.group(0) for word in when)]
            if claim.columns:
                subjects = [count.readings[0] for count in counts
                            if count.phrase is not None and count.phrase.whole and count.readings
                            and start <= count.start < match.start()]
                if not subjects:
                    subjects = [topic.reading for topic in prepared.topics
                                if topic.pattern.search(digits, start, match.start())]
                for reading in _mapped(subjects, dict(claim.columns)):
                    zero.extend((term,) for term in reading)
            contrary = [(total, reading) for reading in zero
                        if (total := cells.total(reading)) is not None and total != 0]
            if not contrary:
                continue
            yield self.finding(
                context, text.source_span(*sentence(digits, match.start(), match.end())), "claim",
                said=match.group(0).strip(),
                readings=[cells.named(reading, total) for total, reading in contrary],
                data={"table": [_json_number(total) for total, _ in contrary]},
            )


class _TableCells:
    """The cells GK405 reads in one report: the first table of each key (what
    ``document.table`` gives) and its data rows by key (what ``Table.row`` gives: the first of
    a key), made the first time a reading reads the table — a reading walked the table's rows
    for each of its cells (that of 不予公开 adds up eight rows of table 三)."""

    __slots__ = ("document", "context", "blocks", "_rows")

    def __init__(self, document: Document, context: RuleContext, blocks: TemplateBlocks | None) -> None:
        self.document = document
        self.context = context
        self.blocks = blocks
        self._rows: dict[str, dict[str | None, Row] | None] = {}

    def row(self, table_key: str, row_key: str) -> Row | None:
        try:
            rows = self._rows[table_key]
        except KeyError:
            table = self.document.index.first_tables.get(table_key)
            # (The first data row of each key: the rows' pairs from the last to the first, a
            # later one of a key replaced by an earlier.)
            rows = None if table is None else dict(reversed([(row.key, row) for row in table.data_rows()]))
            self._rows[table_key] = rows
        return None if rows is None else rows.get(row_key)

    def total(self, reading: Reading) -> Decimal | None:
        """The sum of the cells of one reading; None when a cell is missing or holds no number.
        (Read of what the cells read as, ``_cell_reading``; how a message names the cells is
        made for a finding only, ``named``: most counts agree with the table.)"""
        total = Decimal(0)
        for table_key, row_key, column_key in reading:
            row = self.row(table_key, row_key)
            if row is None or row.shape != "ok":
                return None
            value = _cell_reading(self.blocks, table_key, row, column_key)
            if value is None or value.kind != "number" or value.number is None:
                return None
            total += value.number
        return total

    def named(self, reading: Reading, total: Decimal):
        """What one reading gives (its ``total``), with its cells named, for a message: the
        cell's name, or the sum of theirs (a fragment)."""
        names = [_cell_name(self.context, table_key, self.row(table_key, row_key), row_key, column_key)
                 for table_key, row_key, column_key in reading]
        cells = names[0] if len(names) == 1 else fragment("sum", cells=names)
        return fragment("reading", cells=cells, total=_plain_number(total))


_NO_ITEMS: frozenset[int] = frozenset()


def _matches(pattern, text: str):
    """``pattern.finditer(text)``, after one search: most items a key lets a text through to
    find nothing there, and a search that finds nothing costs a third of what ``finditer``
    does (1.9 against 5.4 thousand instructions on a paragraph: ``finditer`` sets its scanner
    up whatever the text; callgrind)."""
    return () if pattern.search(text) is None else pattern.finditer(text)


def _overlaps_taken(taken: list[tuple[int, int]], match_start: int, match_end: int) -> bool:
    """Whether ``match_start``–``match_end`` overlaps one of the places ``taken``."""
    # (loops, not ``any`` over generators: one match or two a paragraph, where making the
    # generators cost more than the tests)
    for start, end in taken:
        if start < match_end and match_start < end:
            return True
    return False


def _holds_any(text: str, words: tuple[str, ...]) -> bool:
    """Whether one of ``words`` stands in ``text`` (a loop: see ``_overlaps_taken``)."""
    for word in words:
        if word in text:
            return True
    return False


def _period(text: str, start: int, end: int) -> str:
    """The period (up to 。！？) that holds ``text[start:end]``."""
    found = PERIOD_END.search(text, end)
    return text[period_start(text, start):found.end() if found else len(text)]


def _mapped(readings, columns: dict[str, tuple[str, ...]]) -> tuple[Reading, ...]:
    """``readings`` with each cell's column replaced by the columns ``columns`` maps it to;
    a reading with a column the map lacks is left out."""
    mapped = []
    for reading in readings:
        terms = []
        for table_key, row_key, column_key in reading:
            if column_key not in columns:
                break
            terms.extend((table_key, row_key, column) for column in columns[column_key])
        else:
            if terms:
                mapped.append(tuple(terms))
    return tuple(mapped)


def _share_fits(percent: Decimal, places: int, part: Decimal, base: Decimal) -> bool:
    """Whether ``percent`` (given with ``places`` decimals) is ``part`` of ``base`` rounded to
    that many decimals, half up or cut off (both are how reports round)."""
    if base <= 0:
        return False
    exact = part * 100 / base
    step = Decimal(1).scaleb(-places)
    return percent in (exact.quantize(step, rounding=ROUND_HALF_UP), exact.quantize(step, rounding=ROUND_FLOOR))


def _json_number(value: Decimal) -> int | str:
    return int(value) if value == value.to_integral_value() else str(value)


def _block_places(template) -> TemplateBlocks | None:
    """Each block of ``template``'s tables and its columns' places (``TemplateBlocks``, none
    without a template): looked up once per format (a rule's ``prepare``), not for each cell
    GK405 and GK406 read. A read row holds one value per column of its block, in their order."""
    return TemplateBlocks(template) if template is not None else None


def _places_of(blocks: TemplateBlocks | None, table_key: str | None, row) -> dict[str, int] | None:
    """The places of the columns of ``row``'s block (by column key), or None where the format
    has no such block."""
    block = blocks.block(table_key, row.block) if blocks is not None and table_key is not None else None
    return None if block is None else blocks.places(table_key, block)


def _column_readings(blocks: TemplateBlocks | None, table_key: str | None, row) -> Iterable[tuple[str | None, Any]]:
    """The column of each value of ``row`` (a row whose shape was read) and what it reads as
    (None for a place without a cell): its readings (``Row.value_readings``) with the columns
    of its block. A ``CutRow``'s cells are made only for a reader of them (``Row.values``
    made them all)."""
    places = _places_of(blocks, table_key, row)
    if places is None:  # (no columns to place them by: the cells themselves)
        return [(None, None) if cell is None else (cell.column, cell.value) for cell in row.values]
    return zip(places, row.value_readings)  # (the keys in their columns' order)


def _cell_reading(blocks: TemplateBlocks | None, table_key: str, row, column_key: str):
    """What the cell of ``row`` (a row whose shape was read) in the column ``column_key`` reads
    as (``Row.value(column_key).value``), or None: its reading (``Row.value_readings``) at the
    column's place in its block. A ``CutRow``'s cells are made only for a reader of them
    (``Row.value`` made them all, for a count that agrees with the table)."""
    readings = row.value_readings
    if readings is None:
        return None
    places = _places_of(blocks, table_key, row)
    if places is None:  # (no columns to place it by: the cell itself)
        cell = row.value(column_key)
        return None if cell is None else cell.value
    place = places.get(column_key)
    return None if place is None else readings[place]


def _cell_name(context: RuleContext, table_key: str, row, row_key: str, column_key: str) -> dict:
    """How GK405's message names a cell: by its row's label and its column's (in Chinese), by
    its ``table/row/column`` key (in English)."""
    spec = context.template.table(table_key) if context.template else None
    block = spec.block(row.block) if spec and row.block else None
    row_spec = block.row(row_key) if block else None
    column = block.column(column_key) if block else None
    column_name = ""
    if column is not None:
        column_name = f"{column.group}{column.label}" if column.group else column.label
    key = f"{table_key}/{row_key}/{column_key}"
    if row_spec and row_spec.label:
        return fragment("cell", row=row_spec.label, column=column_name or column_key, key=key)
    return fragment("column-cell", column=column_name or column_key, key=key)


def _plain_number(value: Decimal) -> str:
    return str(int(value)) if value == value.to_integral_value() else str(value.normalize())


# ── GK406 ────────────────────────────────────────────────────────────────────────────────
class CarryOver(Rule):
    """The later year's 上年结转 differs from the earlier year's 结转下年度继续办理.

    ## 检查什么（What it does）
    同一次运行中检查了同一机关（标题中的机关名称）相邻两年的报告时，后一年表三
    “二、上年结转政府信息公开申请数量”应等于前一年表三“四、结转下年度继续办理”，逐列
    （自然人、五类法人或其他组织、总计）比较。位置在后一年报告的“上年结转”行。

    ## 为什么（Why is this bad?）
    上年结转的申请就是上一年没有办完、结转到本年的申请，两个数字必须相同；不同说明某一年的
    统计有误，或有申请在年度之间“丢失”。

    ## 示例（Example）
    ```text
    （2020年报告）四、结转下年度继续办理	1	0	0	0	1	0	2
    （2021年报告）二、上年结转政府信息公开申请数量	3	0	0	0	0	0	3
    ```
    改为（Use instead）：
    ```text
    （2021年报告）二、上年结转政府信息公开申请数量	1	0	0	0	1	0	2
    ```

    ## 已知问题（Known problems）
    只有两份报告都在同一次运行中检查、标题中的机关名称完全相同时才比较；机关更名、合并时
    不比较。同一机关同一年有多份报告时不比较。空单元格按 0 计，非数字单元格不比较。

    ## 修复（Fix safety）
    不可自动修复：无法确定错的是哪一年。

    ## 选项（Options）
    `table`、`carried`、`carry_forward`：表三及两行在 rules.toml 中的键。
    """

    code = "GK406"
    name = "carry-over"
    severity = "warning"
    summary = "后一年的上年结转数与前一年的结转下年度继续办理数不一致"
    summary_en = "二、上年结转 of a report differs from 四、结转下年度继续办理 of the same agency's report for the year before"
    messages = {
        "differs": Message(
            zh="{year}年报告的“上年结转”与 {earlier} 中{previous}年报告的“结转下年度继续办理”不一致"
               "（上一年结转→本年上年结转：{changes:、}）",
            en="上年结转 of the {year} report differs from 结转下年度继续办理 of the {previous} report in {earlier} "
               "({changes:, })",
        ),
        "differs-more": Message(
            zh="{year}年报告的“上年结转”与 {earlier} 中{previous}年报告的“结转下年度继续办理”不一致"
               "（上一年结转→本年上年结转：{changes:、}等 {count} 列）",
            en="上年结转 of the {year} report differs from 结转下年度继续办理 of the {previous} report in {earlier} "
               "({changes:, })",
        ),
        # fragment: one column's numbers
        "change": Message(zh="{column} {was}→{now}", en="{key} {was}→{now}"),
    }
    options = (
        Option("table", "str", "表三（申请情况表）在 rules.toml 中的键", "key of the applications table in rules.toml"),
        Option("carried", "str", "“上年结转”行的键", "key of the row 二、上年结转"),
        Option("carry_forward", "str", "“结转下年度继续办理”行的键", "key of the row 四、结转下年度继续办理"),
    )

    def check(self, document: Document, context: RuleContext):
        return ()  # judged across files, in check_collection

    def prepare(self, template, settings: dict[str, Any]) -> tuple[tuple[str, ...], TemplateBlocks | None]:
        """The column keys of the applications table, in the order its rows are kept; the
        blocks of the format and their columns' places (``_block_places``)."""
        spec = template.table(settings["table"]) if template is not None and settings.get("table") else None
        return (_column_keys(spec) if spec is not None else ()), _block_places(template)

    def collect(self, document: Document, context: RuleContext):
        if not document.agency or document.year is None or context.template is None:
            return None
        table = document.index.first_tables.get(context.settings["table"])  # (document.table)
        if table is None:
            return None
        keys, blocks = context.prepared
        carried = table.row(context.settings["carried"])
        place = None
        if carried is not None:
            span = carried.span  # (a property that makes its Span anew: asked once)
            location = document.source.location(span)
            place = (span.start, span.end, span.logical,
                     location.line, location.column, location.end_line, location.end_column)
        return CarryFacts(
            without_space(document.agency), document.year, context.template.id, table.key,
            _row_numbers(blocks, table.key, carried, keys),
            _row_numbers(blocks, table.key, table.row(context.settings["carry_forward"]), keys), place,
        )

    def group_key(self, fact) -> str | None:
        return fact.agency if isinstance(fact, CarryFacts) else None

    def check_collection(self, facts: CollectedFacts, context: RuleContext) -> Iterator[Finding]:
        # One agency's reports at a time: a run over a province's reports never holds them all.
        for _, reports in facts.grouped():
            yield from self._check_agency(reports, context)

    def _check_agency(self, reports: list[tuple[str, CarryFacts]], context: RuleContext) -> Iterator[Finding]:
        by_year: dict[int, list[tuple[str, CarryFacts]]] = {}
        for path, fact in reports:
            by_year.setdefault(fact.year, []).append((path, fact))
        for year, later in sorted(by_year.items()):
            earlier = by_year.get(year - 1)
            if earlier is None or len(earlier) != 1 or len(later) != 1:
                continue
            earlier_path, earlier_fact = earlier[0]
            later_path, later_fact = later[0]
            if later_fact.place is None:
                continue
            before, after = earlier_fact.numbers("carry_forward", context), later_fact.numbers("carried", context)
            if not before or not after:
                continue
            names = {**earlier_fact.column_names(context), **later_fact.column_names(context)}
            differing = [
                (key, before[key], value) for key, value in after.items()
                if key in before and isinstance(value, int) and isinstance(before[key], int) and value != before[key]
            ]
            if not differing:
                continue
            changes = [fragment("change", column=names.get(key, key), key=key, was=was, now=now)
                       for key, was, now in differing[:4]]
            start, end, logical, *location = later_fact.place
            finding = self.finding(
                context, Span(start, end, logical), "differs-more" if len(differing) > 4 else "differs",
                year=year, previous=year - 1, earlier=earlier_path, changes=changes, count=len(differing),
                data={"columns": [key for key, _, _ in differing]},
            )
            finding.path = later_path
            finding.location = Location(*location)
            yield finding


class CarryFacts(Frozen):
    """What GK406 keeps of a report until every file has been read.

    It is kept for every report of a run (in the parent process, with ``-j``), so it holds
    numbers and short strings only: the two rows as whole numbers in the order of the
    table's columns (``None``: not a whole number, or no such cell), and where the 上年结转
    row stands (start, end, logical place, line, column, end line, end column). Column keys
    and names are looked up in the template when the collection is judged.
    """

    agency: str
    year: int
    template: str
    table: str | None
    carried: tuple[int | None, ...] | None
    carry_forward: tuple[int | None, ...] | None
    place: tuple | None

    def _spec(self, context: RuleContext):
        template = context.templates.formats.get(self.template)
        return template.table(self.table) if template is not None and self.table else None

    def numbers(self, row: str, context: RuleContext) -> dict[str, int | None] | None:
        """Column key → whole number of the ``carried`` or ``carry_forward`` row (blank = 0)."""
        values = getattr(self, row)
        spec = self._spec(context)
        if values is None or spec is None:
            return None
        return dict(zip(_column_keys(spec), values))

    def column_names(self, context: RuleContext) -> dict[str, str]:
        spec = self._spec(context)
        return _column_names(spec) if spec is not None else {}


def _column_keys(spec) -> tuple[str, ...]:
    return tuple(_column_names(spec))


def _column_names(spec) -> dict[str, str]:
    names: dict[str, str] = {}
    for block in spec.blocks:
        for column in block.columns:
            names.setdefault(column.key, column.label)
    return names


def _row_numbers(blocks: TemplateBlocks | None, table_key: str | None, row, keys: tuple[str, ...]) -> tuple[int | None, ...] | None:
    """The row's whole numbers in the order of ``keys`` (blank = 0; None for a cell that holds
    no whole number or that the row lacks); None for a row that could not be read."""
    if row is None or row.shape != "ok" or row.value_readings is None:
        return None
    numbers: dict[str, int | None] = {}
    for column, value in _column_readings(blocks, table_key, row):
        if value is None or column is None:
            continue
        if value.is_blank:
            numbers[column] = 0
        elif value.kind == "number" and value.is_integer:
            numbers[column] = int(value.number)
        else:
            numbers[column] = None
    return tuple(numbers.get(key) for key in keys)


# ── GK407 ────────────────────────────────────────────────────────────────────────────────
class PlaceholderText(Rule):
    """Template placeholders left in the report.

    ## 检查什么（What it does）
    报告中残留格式模板的占位文字时报告：“（文字描述）”“（文字描述，收取信息处理费情况在此处
    报告。）”“XX局”“××年”“此处填写……”等。检查标题、正文和表格单元格。

    ## 为什么（Why is this bad?）
    占位文字说明报告是照模板填写但漏填了某处，发布后读者看到的是空话，也暴露出审核缺位。

    ## 示例（Example）
    ```text
    五、存在的主要问题及改进情况
    （文字描述）
    ```
    改为（Use instead）：
    ```text
    五、存在的主要问题及改进情况
    一是……；二是……。下一步，我局将……
    ```

    ## 已知问题（Known problems）
    隐去姓名用的“张××”等不算占位文字；“××”只在后接年、局、县、市等时才报告。

    ## 修复（Fix safety）
    不可自动修复：应填写的内容只能由撰写者补写。

    ## 选项（Options）
    `placeholders`：按字面查找的占位文字；`patterns`：按正则表达式查找的占位文字。
    """

    code = "GK407"
    name = "placeholder-text"
    severity = "warning"
    summary = "报告中残留模板占位文字"
    summary_en = "template placeholders are left in the report"
    needs_format = False
    messages = {
        "placeholder": Message(zh="残留模板占位文字「{placeholder}」：应替换为实际内容",
                               en="template placeholder “{placeholder}” left in the report: replace it with the actual content"),
    }
    options = (
        Option("placeholders", "list[str]", "按字面查找的占位文字", "placeholders found as written", default=[]),
        Option("patterns", "list[str]", "按正则表达式查找的占位文字", "placeholders found as regular expressions",
               default=[]),
    )

    def check(self, document: Document, context: RuleContext):
        literals, sources, prefilter, screen = context.prepared
        if screen is not None and not screen(document.index.screen_text):
            return  # no text has anything the pre-check would let through
        search = prefilter.search if prefilter is not None else None
        patterns = None  # compiled for the first text the pre-check lets through
        passed: set[str] = set()  # texts without a placeholder (cells repeat: "0", "")
        for text, _ in document.index.texts:
            value = text.text
            if search is not None:
                if value in passed:
                    continue
                if search(value) is None:
                    passed.add(value)
                    continue
            if patterns is None:
                patterns = _compiled_patterns(sources)
            found: list[tuple[int, int]] = []
            for pattern in patterns:
                found.extend(match.span() for match in pattern.finditer(value) if match.end() > match.start())
            for literal in literals:
                start = value.find(literal)
                while start >= 0:
                    found.append((start, start + len(literal)))
                    start = value.find(literal, start + 1)
            taken: list[tuple[int, int]] = []
            for start, end in sorted(found, key=lambda item: (item[0], -item[1])):
                if any(start < other_end and other_start < end for other_start, other_end in taken):
                    continue
                taken.append((start, end))
                placeholder = value[start:end]
                yield self.finding(context, text.source_span(start, end), "placeholder", placeholder=placeholder)

    def prepare(self, template, settings: dict[str, Any]):
        """The literals (longest first), the patterns, the pre-check and the screen."""
        literals = tuple(sorted(set(_setting_list(settings, "placeholders")), key=len, reverse=True))
        sources = tuple(_setting_list(settings, "patterns"))
        return literals, sources, _placeholder_prefilter(literals, sources), _placeholder_screen(literals, sources)


@lru_cache(maxsize=32)
def _compiled_patterns(patterns: tuple[str, ...]) -> tuple[Any, ...]:
    return tuple(compile_setting(pattern) for pattern in patterns)


@lru_cache(maxsize=32)
def _placeholder_prefilter(literals: tuple[str, ...], patterns: tuple[str, ...]):
    """One pattern that finds something wherever a literal or a pattern would (so that the
    many texts without any placeholder are passed over with a single search); None when the
    patterns cannot be combined."""
    try:
        return compile_setting("|".join([*(re.escape(literal) for literal in literals),
                                         *(f"(?:{pattern})" for pattern in patterns)]))
    except re.error:
        return None


@lru_cache(maxsize=32)
def _placeholder_screen(literals: tuple[str, ...], patterns: tuple[str, ...]):
    """A test of a string that holds every text of a report whole (``screen_text``): false
    only when no text has a match of the pre-check, so that a report without placeholders is
    passed over at once; None when that can't be made sure of.

    The pre-check is an alternation that ``re`` tries at every position of a text (nothing it
    starts with is fixed), which is slow; the screen tries it only where one of the characters
    a match can start with stands. Across what stands between two texts (a line feed, a
    table's separators) the screen may find something no text has (then every text is
    checked as before), but it can't miss a match
    inside a text: that holds for patterns whose match doesn't depend on what stands around it
    (no anchors, \\b, lookarounds, backreferences, atomic groups or possessive repeats) and
    that can't match the empty string, which ``start_characters`` makes sure of.

    The screen is one search: a start character, then, looking back over it, the pre-check
    matching from there (``[starts](?<=(?=pre-check)[starts])``). ``re`` skips ahead in C to
    the characters a pattern starts with when it starts with a class, and tries the pre-check
    at those alone — where a Python loop over the start characters took twice as long (9.5
    against 16.7 us a text report of the benchmark corpus: the brackets of the tables' labels,
    （一）, are start characters)."""
    prefilter = _placeholder_prefilter(literals, patterns)
    if not isinstance(prefilter, re.Pattern) or prefilter.flags & ~re.UNICODE:
        return None  # (compiled by ``regex``, or with flags such as letters in either case)
    first = start_characters(prefilter.pattern)
    if first is None:
        return None
    starts = "[" + "".join(
        re.escape(chr(low)) if low == high else f"{re.escape(chr(low))}-{re.escape(chr(high))}"
        for low, high in sorted(set(first))
    ) + "]"
    try:
        search = re.compile(f"{starts}(?<=(?={prefilter.pattern}){starts})").search
    except re.error:  # (a pattern ``re`` takes alone but not inside a lookbehind)
        return None
    # Before it, the strings every match holds one of (``required_strings``: 文字描述, 填写, X,
    # Ｘ, × with the default settings), each looked for with ``in``: a report that holds none
    # of them (most do) is passed over without the search, which stops at every bracket of
    # the tables' labels (GK407's check 231 -> 42 thousand instructions a generated text
    # report, in-process, callgrind).
    required = required_strings(prefilter.pattern)
    if required is None:
        return lambda joined: search(joined) is not None
    strings = tuple(sorted(required))
    return lambda joined: any(string in joined for string in strings) and search(joined) is not None


RULES = [BlankProblems, YearMismatch, EmptySection, MissingFeeReport, TextTableMismatch, CarryOver, PlaceholderText]
