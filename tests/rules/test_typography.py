"""GK5 — typography: what the case files (``cases/GK5*.toml``) cannot say: the helpers behind
the rules, and a fix through the command line on a GB18030 file with CRLF line ends."""

from __future__ import annotations

import sys

import pytest

from conftest import ROOT, SHARED, clean_report, codes, lint_text, replace_line, run_gklint

OPENING = "2023年，青山县自然资源局认真贯彻落实《条例》和上级关于政务公开工作的部署"


def with_sentence(sentence: str, fmt: str = "2021") -> str:
    """The clean report with ``sentence`` in place of the opening of section 一."""
    return replace_line(clean_report(fmt), OPENING, sentence)


def test_gk503_a_doubled_unit_is_of_han_characters():
    from gklint.check.rules.typography import repeated_characters
    from gklint.check.rules.words import word_list

    assert repeated_characters("审核审核", (), word_list) == [(0, 4)]
    assert repeated_characters("第1第1号，县、县、乡", (), word_list) == []


def test_rules_white_space_is_regex_white_space():
    """The shared patterns are compiled with ``re`` but match white space as ``regex`` did, and
    the spelled-out list is the same set."""
    import re

    import regex

    from gklint.grammar import SPACE, WHITE_SPACE

    ours, listed, theirs = re.compile(SPACE), re.compile(f"[{WHITE_SPACE}]"), regex.compile(r"\s")
    for pattern in (ours, listed):
        differ = [hex(code_point) for code_point in range(0x110000)
                  if (pattern.match(chr(code_point)) is None) != (theirs.match(chr(code_point)) is None)]
        assert differ == []


def test_fix_keeps_gb18030_and_crlf(tmp_path):
    text = with_sentence("2023年,我局认真工作").replace("\n", "\r\n")
    path = tmp_path / "gbk.txt"
    path.write_bytes(text.encode("gb18030"))
    run_gklint("check", "--fix", "--select", "GK501", str(path))
    assert path.read_bytes() == with_sentence("2023年，我局认真工作").replace("\n", "\r\n").encode("gb18030")


# ── GK503 and its word list ──────────────────────────────────────────────────────────────
def test_gk503_never_flags_the_title_of_a_peoples_government():
    """人民政府 + 政府信息公开: the correct title reads as words, in a title and in a sentence."""
    from gklint.check.rules.typography import repeated_characters
    from gklint.check.rules.words import word_list

    for text in ("某某县人民政府政府信息公开工作年度报告", "青山县人民政府政府信息公开工作年度报告（2023年）",
                 "现将某某市人民政府政府信息公开工作情况报告如下："):
        assert repeated_characters(text, (), word_list) == [], text
    title = clean_report("2021").splitlines()[0]
    report = clean_report("2021").replace(title, "某某县人民政府政府信息公开工作年度报告", 1)
    assert [finding for finding in lint_text(report).findings if finding.code == "GK503"] == []


def test_gk503_reads_the_word_list_only_when_it_runs_on_a_doubling(monkeypatch):
    from gklint.check.rules import words

    reads = []
    read = words.WordList.read.__func__

    def counted(cls, path):
        reads.append(path)
        return read(cls, path)

    monkeypatch.setattr(words.WordList, "read", classmethod(counted))
    monkeypatch.setenv("GKLINT_NO_CACHE", "1")  # (the index kept on disk would not be read again)
    words.word_list.cache_clear()
    try:
        doubled = with_sentence("2023年，我局高度重视政府府信息公开工作")
        assert codes(lint_text(clean_report("2021"), select=["GK503"])) == []
        assert codes(lint_text(doubled, select=["GK1", "GK501"])) == []
        assert reads == []  # no doubling, or GK503 not run: the list is never read
        assert codes(lint_text(doubled, select=["GK503"])) == ["GK503"]
        assert codes(lint_text(doubled, select=["GK503"])) == ["GK503"]
        assert len(reads) == 1  # read once, on the first doubling
    finally:
        words.word_list.cache_clear()


def test_gk503_the_index_read_from_the_word_list_is_kept_on_disk(tmp_path, monkeypatch):
    from gklint.check.rules import words

    monkeypatch.setenv("GKLINT_CACHE_DIR", str(tmp_path))
    monkeypatch.delenv("GKLINT_NO_CACHE", raising=False)
    words.word_list.cache_clear()
    try:
        read = words.word_list()
        assert [path.name for path in tmp_path.iterdir()] == [next(tmp_path.iterdir()).name]
        monkeypatch.setattr(words.WordList, "read", classmethod(lambda cls, path: pytest.fail("read again")))
        words.word_list.cache_clear()
        kept = words.word_list()
        assert kept.state() == read.state() and len(kept) == len(read)
        assert [kept.frequency_class(word) for word in ("政府", "局局长", "政府府")] == [
            read.frequency_class(word) for word in ("政府", "局局长", "政府府")]
    finally:
        words.word_list.cache_clear()


def test_gk503_the_word_list_is_compact_and_found_without_importing_jieba():
    import subprocess
    import sys

    script = ("import sys; from gklint.check.rules.words import word_list; w = word_list(); "
              "print(len(w), '政府' in w, '政府府' in w, w.part_of_speech('的'), 'jieba' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    count, government, doubled, particle, imported = result.stdout.split()
    assert int(count) > 300_000 and (government, doubled, particle, imported) == ("True", "False", "uj", "False")


@pytest.mark.slow
def test_gk503_measure_finds_inserted_doublings_and_no_clean_sentence():
    """benchmarks/doubling.py: a doubled character inserted into every word of the canonical
    labels and the test reports' narrative is found at least 95% of the time; no sentence of
    the clean fixtures, the seeds or ../shared/corpus is flagged but the one real typo."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import doubling

    result = doubling.measure()
    assert result.tried > 2000
    assert result.flagged / result.tried >= 0.95, result.missed
    assert result.false_alarms == []
    # The seeds and the real reports add some 60 clean sentences where ../shared is present;
    # without it (a checkout on its own) the fixtures' sentences are still read, and none flagged.
    assert result.clean_sentences > (200 if (SHARED / "corpus").is_dir() else 120)
    assert set(result.genuine) <= doubling.GENUINE
