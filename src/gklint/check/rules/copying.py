"""GK410 — a narrative section of a report copied from the same agency's report of the year
before (judged across files, as GK406 is)."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import TYPE_CHECKING, Iterator

from gklint.check.finding import Finding
from gklint.check.messages import Message
from gklint.check.options import Option
from gklint.check.rule import Rule, RuleContext
from gklint.grammar import NUMERALS, PAREN_ITEM, SPACE, digit_item, without_space
from gklint.parse.tree import Document, Paragraph
from gklint.read.source import Location, Span
from gklint.records import Frozen

if TYPE_CHECKING:
    from gklint.check.collection import CollectedFacts



@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern, re.Pattern, re.Pattern, re.Pattern]:
    """The patterns that cut and normalise sentences, compiled on first use: only reports of
    consecutive years are compared, and ``gklint check one.txt`` has a start-up budget."""
    sentence_end = re.compile(r"[。！？；!?;\n]+")
    # A run-in heading at the start of a paragraph: its numbering and a short title up to the
    # first full stop or colon, without a comma (（一）主动公开。……): the format's fixed wording.
    run_in_heading = re.compile(
        rf"^(?:{SPACE})*(?:{PAREN_ITEM}|[{NUMERALS}]+[、.．]|{digit_item()})[^，,。：:；;]{{0,20}}[。：:]"
    )
    # Numbers: digits (2023, 1,234, 3.5), numbers in Han numerals with a zero (二〇二三年) or
    # before a measure word (十二件): they change from one year to the next.
    number = re.compile(
        rf"\d+(?:[,.]\d+)*|[{NUMERALS}〇零两百千万]*[〇零][{NUMERALS}〇零两百千万]*"
        rf"|[{NUMERALS}两百千万]+(?=[件条个次篇项份家人万亿元])"
    )
    # What is compared: Han characters, letters and the number mark; not punctuation or spaces.
    not_compared = re.compile(r"[^\w#]|_")
    return sentence_end, run_in_heading, number, not_compared


# Runs of text between CJK unified ideographs (U+4E00-U+9FFF). An ideograph there is its own
# NFKC form, a starter (combining class 0) and in no canonical composition, first or second,
# so normalization never looks across it: NFKC of a paragraph is NFKC of each run between
# ideographs, the ideographs left as they are. A report's narrative is mostly ideographs,
# and unicodedata.normalize reads every character of what it is given (tests/test_fast_paths.py
# pins this against normalizing the whole paragraph).
_NOT_IDEOGRAPHS = re.compile("[^\u4e00-\u9fff]+")


def _nfkc_run(match: re.Match) -> str:
    return unicodedata.normalize("NFKC", match.group())


def nfkc(text: str) -> str:
    """``unicodedata.normalize("NFKC", text)``, normalizing only what lies between CJK
    ideographs."""
    return _NOT_IDEOGRAPHS.sub(_nfkc_run, text)


def sentences(text: str) -> list[str]:
    """The sentences of a section's narrative as they are compared: run-in headings dropped,
    numbers and years made ``#``, full-width forms made half-width, punctuation and spaces left
    out."""
    sentence_end, run_in_heading, number, not_compared = _patterns()
    found = []
    for paragraph in text.split("\n"):
        paragraph = run_in_heading.sub("", nfkc(paragraph), count=1)
        for sentence in sentence_end.split(paragraph):
            compared = not_compared.sub("", number.sub("#", sentence))
            if len(compared.replace("#", "")) >= 4:
                found.append(compared)
    return found


def copied_share(later: list[str], earlier: list[str], similarity: float) -> float:
    """The share of the later text (in characters) copied from the earlier: a sentence the
    earlier text has counts whole; one that differs by little from one of the earlier's
    (difflib's ratio, 2 × matching characters / both lengths, at least ``similarity``) counts
    by that ratio; any other sentence not at all."""
    from difflib import SequenceMatcher

    total = sum(len(sentence) for sentence in later)
    if not total:
        return 0.0
    exact = set(earlier)
    copied = 0.0
    for sentence in later:
        if sentence in exact:
            copied += len(sentence)
            continue
        matcher = SequenceMatcher(None, "", sentence, autojunk=False)  # (b is the one it indexes)
        best = 0.0
        for other in earlier:
            matcher.set_seq1(other)
            if matcher.real_quick_ratio() >= similarity and matcher.quick_ratio() >= similarity:
                best = max(best, matcher.ratio())
        if best >= similarity:
            copied += len(sentence) * best
    return copied / total


class CopiedFromLastYear(Rule):
    """A narrative section of the later report is mostly the earlier year's text.

    ## 检查什么（What it does）
    同一次运行中检查了同一机关（标题中的机关名称）相邻两年的报告时，逐一比较后一年每个
    章节的文字叙述与前一年同一章节：按句比较，年份和数字不计（“2022年”与“2023年”、
    “37件”与“41件”视为相同），标点、空格和全角半角不计，措辞只差个别字的句子（相似度不低于
    `sentence_similarity`）按相似度计入。照搬的文字占本章节文字的比例达到 `share` 时报告，
    说明比例，位置在后一年该章节的标题。表格不比较；小标题和“（一）主动公开。”这类段首的
    固定小标题不计；文字少于 `min_chars` 个字的章节（“无。”“本年度无其他需要报告的事项。”）
    不比较。第五部分“存在的主要问题及改进情况”原样照搬上年是最常见的情形。

    衡量方法：以句为单位，是因为评议时看的是“这一段是不是去年的原话”，一句照搬就是一句；
    按字数计比例，长句比短句分量重，与读者读到的照搬篇幅相当；先把年份和数字换成同一记号，
    因为“只改了年份和数字”正是照搬的典型做法；逐句取与上年最相近的句子按 difflib 的相似度
    （2×相同字数÷两句总字数）判断，改动一两个词的句子按相似度计入照搬（约 0.9 句），重写的
    句子则不计。

    ## 为什么（Why is this bad?）
    年度报告应当反映本年度的工作。评议中，问题和改进措施（第五部分）照搬上年、只改年份的
    报告会被扣分：这说明上年的问题没有解决，或报告没有认真总结。

    ## 示例（Example）
    ```text
    （2022年报告）五、存在的主要问题及改进情况
    2022年，我局政府信息公开工作取得了一定成效，但仍存在一些不足：一是基层站所公开内容更新不够及时……
    （2023年报告）五、存在的主要问题及改进情况
    2023年，我局政府信息公开工作取得了一定成效，但仍存在一些不足：一是基层站所公开内容更新不够及时……
    ```
    改为（Use instead）：
    ```text
    （2023年报告）五、存在的主要问题及改进情况
    2023年，针对上年指出的更新不及时问题，我局已建立定期更新机制；本年仍存在的不足是……
    ```

    ## 已知问题（Known problems）
    只有两份报告都在同一次运行中检查、标题中的机关名称完全相同、每年恰有一份时才比较；
    机关更名、合并时不比较。按规定必须每年重复的固定表述若写成长段落，也会计入。

    ## 修复（Fix safety）
    不可自动修复：本年度的内容只能由撰写者重新总结。

    ## 选项（Options）
    `share`：照搬句子占章节文字的比例达到多少时报告（0～1）；`sentence_similarity`：一句与
    上年某句的相似度达到多少算照搬（0～1）；`min_chars`：少于这么多字的章节不比较。
    """

    code = "GK410"
    name = "copied-from-last-year"
    severity = "warning"
    summary = "章节文字大部分照搬上一年报告"
    summary_en = "a narrative section of the later report is mostly the same agency's text of the year before"
    messages = {
        "copied": Message(
            zh="「{section}」约 {percent}% 的文字照搬 {earlier} 中{previous}年报告的同一章节（年份、数字不计）",
            en="about {percent}% of the text of “{section}” is copied from the same section of the {previous} report "
               "in {earlier} (years and numbers aside)",
        ),
    }
    options = (
        Option("share", "float", "照搬句子占章节文字的比例达到多少时报告", "share of a section's text copied that is reported"),
        Option("sentence_similarity", "float", "一句与上年某句的相似度达到多少算照搬",
               "similarity to a sentence of last year's at which a sentence counts as copied"),
        Option("min_chars", "int", "少于这么多字的章节不比较", "sections with fewer characters are not compared"),
    )

    def check(self, document: Document, context: RuleContext):
        return ()  # judged across files, in check_collection

    def collect(self, document: Document, context: RuleContext):
        # Only the sections' text is kept (cheap: every report of a run is collected); it is
        # split and compared only for the reports that have a report of the year before.
        if not document.agency or document.year is None or context.template is None:
            return None
        sections = []
        for section in document.sections:
            text = "\n".join(node.text.text for node in section.body if isinstance(node, Paragraph))
            if section.key is None or not text.strip():
                continue
            heading = section.heading
            span = heading.span  # (a property that makes its Span anew: asked once)
            location = document.source.location(span)
            place = (span.start, span.end, span.logical,
                     location.line, location.column, location.end_line, location.end_column)
            sections.append((section.key, heading.title.text, text, place))
        if not sections:
            return None
        return CopyFacts(without_space(document.agency), document.year, tuple(sections))

    def group_key(self, fact) -> str | None:
        return fact.agency if isinstance(fact, CopyFacts) else None

    def check_collection(self, facts: CollectedFacts, context: RuleContext) -> Iterator[Finding]:
        for _, reports in facts.grouped():
            yield from self._check_agency(reports, context)

    def _check_agency(self, reports: list[tuple[str, CopyFacts]], context: RuleContext) -> Iterator[Finding]:
        by_year: dict[int, list[tuple[str, CopyFacts]]] = {}
        for path, fact in reports:
            by_year.setdefault(fact.year, []).append((path, fact))
        settings = context.settings
        # The sentences of a section's text, cut once per agency: the report of a middle year
        # is compared twice, as the later report and as the earlier one (the end of a run is
        # serial work, after the worker processes are done).
        cut: dict[str, list[str]] = {}

        def sentences_of(text: str) -> list[str]:
            found = cut.get(text)
            if found is None:
                found = cut[text] = sentences(text)
            return found

        for year, later in sorted(by_year.items()):
            earlier = by_year.get(year - 1)
            if earlier is None or len(earlier) != 1 or len(later) != 1:
                continue
            earlier_path, earlier_fact = earlier[0]
            later_path, later_fact = later[0]
            earlier_sections = {key: text for key, _, text, _ in earlier_fact.sections}
            for key, title, text, place in later_fact.sections:
                if key not in earlier_sections:
                    continue
                later_sentences = sentences_of(text)
                if sum(len(sentence) for sentence in later_sentences) < settings["min_chars"]:
                    continue
                share = copied_share(later_sentences, sentences_of(earlier_sections[key]),
                                     settings["sentence_similarity"])
                if share < settings["share"]:
                    continue
                start, end, logical, *location = place
                finding = self.finding(context, Span(start, end, logical), "copied", section=title, percent=round(share * 100),
                                       previous=year - 1, earlier=earlier_path,
                                       data={"section": key, "share": round(share, 3)})
                finding.path = later_path
                finding.location = Location(*location)
                yield finding


class CopyFacts(Frozen):
    """What GK410 keeps of a report until every file has been read: the agency, the year, and
    per section with narrative its key in rules.toml, its title, its paragraphs' text and where
    its heading stands (start, end, logical place, line, column, end line, end column)."""

    agency: str
    year: int
    sections: tuple[tuple[str, str, str, tuple], ...]


RULES = [CopiedFromLastYear]
