"""GK503's measure: how many inserted doublings it finds, and how many clean sentences it flags.

    .venv/bin/python benchmarks/doubling.py            # prints tried / flagged / false alarms
    .venv/bin/python benchmarks/doubling.py --list     # and the misses and false alarms

Tried: every canonical text of ``rules.toml`` (section titles, row labels, column headers) and
every paragraph of the test reports' narrative (``tests/fixtures/reports``, ``tests/fixtures/
rules``), read as words with the rule's own word list (jieba's dictionary, the likeliest
reading); into every word, at every character of it, one character is written twice
(政府信息 → 政政府信息, 政府府信息, 政府信信息, 政府信息息), one doubling per trial. A trial is
flagged when GK503 reports a doubling over the inserted one. Numerals are left out (the rule
never judges them: 二〇二二年 doubles a 二 by right).

False alarms: every sentence of the narrative of the clean fixtures, the seeds
(``../shared/seeds``) and the real reports of ``../shared/corpus`` (HTML, PDF, Word), and every
canonical text, as they are, that GK503 flags; a sentence whose doubling was read and found to
be a real typo (``GENUINE``) is counted apart.
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT / "src"))

from gklint.check.rules.typography import _NUMBER_CHARACTERS, repeated_characters  # noqa: E402
from gklint.parse.patterns import is_han  # noqa: E402
from gklint.check.rules.words import word_list  # noqa: E402

SHARED = ROOT.parent / "shared"
# Sentences of the real reports that GK503 flags by right (read and confirmed): not false alarms.
GENUINE = {
    ("shared/corpus/pingtan-2021.html", "二是规范审核审核发布机制。"),  # 审核 written twice
}
TEST_REPORTS = (ROOT / "tests" / "fixtures" / "reports", ROOT / "tests" / "fixtures" / "rules")
_SENTENCE_END = re.compile(r"(?<=[。！？；])")


@dataclass
class Measure:
    tried: int = 0
    flagged: int = 0
    missed: list[str] = field(default_factory=list)
    clean_sentences: int = 0
    false_alarms: list[tuple[str, str]] = field(default_factory=list)  # (where, sentence)
    genuine: list[tuple[str, str]] = field(default_factory=list)  # flagged by right (GENUINE)

    @property
    def flagged_share(self) -> float:
        return self.flagged / self.tried if self.tried else 0.0


def canonical_texts() -> list[str]:
    """The section titles, row labels and column headers of every format in rules.toml."""
    from gklint.formats.template import load_templates

    texts: list[str] = []
    for template in load_templates().formats.values():
        texts.extend(section.title for section in template.sections)
        for table in template.tables:
            texts.append(table.title)
            texts.extend(table.header_texts)
            for block in table.blocks:
                texts.extend(row.label for row in block.rows)
    return [text for text in dict.fromkeys(texts) if text]


def narrative(path: Path) -> list[str]:
    """The title, headings and paragraphs of a report, as GK503 reads them."""
    from gklint.check.engine import Linter

    linter = Linter()
    raw, _ = linter.load(str(path), path.read_bytes())
    document = linter.build(raw)
    return [text.text for text, _ in document.index.narrative_texts]


def test_report_narrative() -> list[str]:
    texts: list[str] = []
    for folder in TEST_REPORTS:
        for path in sorted(folder.glob("*.txt")):
            texts.extend(narrative(path))
    return list(dict.fromkeys(texts))


def real_reports() -> list[Path]:
    """The seeds and the corpus, where ``../shared`` is present."""
    paths = sorted((SHARED / "seeds").glob("*")) if (SHARED / "seeds").is_dir() else []
    if (SHARED / "corpus").is_dir():
        paths += [path for path in sorted((SHARED / "corpus").glob("*"))]
    return paths


def measure(texts: list[str] | None = None, clean: dict[str, list[str]] | None = None) -> Measure:
    """Insert doublings into ``texts`` (default: the canonical texts and the test reports'
    narrative) and count what GK503 finds; count the sentences of ``clean`` (where → texts;
    default: the test reports, the seeds and the corpus) it flags."""
    words = word_list()
    if texts is None:
        texts = list(dict.fromkeys(canonical_texts() + test_report_narrative()))
    if clean is None:
        clean = {"rules.toml": canonical_texts(), "tests/fixtures": test_report_narrative()}
        for path in real_reports():
            clean[str(path.relative_to(SHARED.parent))] = narrative(path)
    result = Measure()
    seen: set[str] = set()
    for text in texts:
        for start, end in _words(text, words):
            for place in range(start, end):
                if text[place] in _NUMBER_CHARACTERS:
                    continue
                doubled = text[:place] + text[place] + text[place:]
                if doubled in seen:
                    continue
                seen.add(doubled)
                result.tried += 1
                found = repeated_characters(doubled, (), word_list)
                if any(found_start <= place and found_end >= place + 2 for found_start, found_end in found):
                    result.flagged += 1
                else:
                    result.missed.append(doubled[max(0, place - 8):place + 10])
    for where, where_texts in clean.items():
        for text in where_texts:
            for sentence in _SENTENCE_END.split(text):
                if not sentence.strip():
                    continue
                result.clean_sentences += 1
                if repeated_characters(sentence, (), word_list):
                    flagged = (where, sentence.strip())
                    (result.genuine if flagged in GENUINE else result.false_alarms).append(flagged)
    return result


def _words(text: str, words) -> list[tuple[int, int]]:
    """(start, end) of the words of the Han runs of ``text``, in the list's likeliest reading."""
    found: list[tuple[int, int]] = []
    run_start = None
    for index in range(len(text) + 1):
        han = index < len(text) and is_han(text[index])
        if han and run_start is None:
            run_start = index
        elif not han and run_start is not None:
            found.extend((run_start + start, run_start + end) for start, end in words.segment(text[run_start:index]))
            run_start = None
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--list", action="store_true", help="list the misses and the false alarms")
    options = parser.parse_args(argv)
    result = measure()
    print(f"GK503 doubling measure: tried {result.tried}, flagged {result.flagged} "
          f"({result.flagged_share:.1%}), missed {result.tried - result.flagged}; "
          f"clean sentences {result.clean_sentences}, false alarms {len(result.false_alarms)} "
          f"(and {len(result.genuine)} real typo{'s' if len(result.genuine) != 1 else ''} found in them)")
    if options.list:
        for where, sentence in result.genuine:
            print(f"real typo    {where}: {sentence}")
        for where, sentence in result.false_alarms:
            print(f"false alarm  {where}: {sentence}")
        for missed in result.missed:
            print(f"missed       {missed}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
