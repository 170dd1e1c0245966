"""GK5 — typography: what the case files (``cases/GK5*.toml``) cannot say: the helpers behind
the rules, and a fix through the command line on a GB18030 file with CRLF line ends."""

from __future__ import annotations

from conftest import clean_report, replace_line, run_gklint

OPENING = "2023年，青山县自然资源局认真贯彻落实《条例》和上级关于政务公开工作的部署"


def with_sentence(sentence: str, fmt: str = "2021") -> str:
    """The clean report with ``sentence`` in place of the opening of section 一."""
    return replace_line(clean_report(fmt), OPENING, sentence)


def test_gk503_an_abab_is_of_two_han_characters():
    from gklint.check.rules.typography import repeated_characters

    assert repeated_characters("审核审核", (), "") == [(0, 4)]
    assert repeated_characters("第1第1号，县、县、乡", (), "") == []


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
