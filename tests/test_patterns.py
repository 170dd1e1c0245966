"""gklint's own patterns use the stdlib ``re`` with a spelled-out Han class; settings may use ``regex``."""

from __future__ import annotations

import re

import pytest
import regex

from gklint.parse.patterns import HAN, HAN_CHARACTER, compile_setting, is_han, without_group_names


def test_han_class_is_regex_script_han_plus_reserved_cjk_planes():
    ours = re.compile(HAN_CHARACTER)
    theirs = regex.compile(r"\p{Han}")
    missing, extra = [], []
    for code_point in range(0x110000):
        character = chr(code_point)
        in_ours = ours.match(character) is not None
        in_theirs = theirs.match(character) is not None
        if in_theirs and not in_ours:
            missing.append(hex(code_point))
        elif in_ours and not in_theirs and not 0x20000 <= code_point <= 0x3FFFD:
            extra.append(hex(code_point))
    assert missing == []
    assert extra == []


def test_is_han_answers_as_the_han_class_at_every_code_point():
    ours = re.compile(HAN_CHARACTER)
    differ = [hex(code_point) for code_point in range(0x110000)
              if is_han(chr(code_point)) != (ours.match(chr(code_point)) is not None)]
    assert differ == []


def test_han_class_on_the_characters_reports_use():
    for character in "政府信息公开〇々⺮﨑𠀀":
        assert re.fullmatch(HAN_CHARACTER, character), character
    for character in "，。、（）１aA 　ー가あア":
        assert not re.fullmatch(HAN_CHARACTER, character), character
    assert re.fullmatch(f"[{HAN}（）]+", "青山区交通运输局（本级）")


def test_compile_setting_uses_re_when_it_can():
    assert isinstance(compile_setting(r"新收(?P<n>\d+)件"), re.Pattern)


def test_compile_setting_falls_back_to_regex_for_unicode_properties():
    pattern = compile_setting(r"\p{Han}{2}(?P<n>\d+)件")
    assert not isinstance(pattern, re.Pattern)
    assert pattern.search("新收12件").group("n") == "12"


def test_compile_setting_names_the_error_when_neither_accepts_it():
    with pytest.raises(re.error, match="missing"):
        compile_setting(r"新收(\d+件")


def test_without_group_names_lets_patterns_naming_the_same_group_combine():
    joined = "|".join(f"(?:{without_group_names(part)})" for part in (r"新收(?P<n>\d+)件", r"结转(?P<n>\d+)件"))
    assert re.compile(joined).search("上年结转3件").group(0) == "结转3件"
    assert without_group_names(r"\(?P<n>x") == r"\(?P<n>x"  # an escaped parenthesis is not a group
