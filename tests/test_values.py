"""Numbers as people write them: ``parse_value`` reads, the number rules judge."""

from __future__ import annotations

from decimal import Decimal

import pytest

from gklint.parse.values import AmountFormat, amount_format, convert_amount, looks_like_value, parse_value

# raw text → (kind, number, unit, count usable in arithmetic)
CASES = [
    ("0", "number", "0", None, "0"),
    ("37", "number", "37", None, "37"),
    (" 37\u3000", "number", "37", None, "37"),
    ("1,234", "number", "1234", None, "1234"),
    ("1，234", "number", "1234", None, "1234"),          # full-width comma
    ("12,345,678", "number", "12345678", None, "12345678"),
    ("１２", "number", "12", None, "12"),                 # full-width digits
    ("-3", "number", "-3", None, "-3"),
    ("－3", "number", "-3", None, "-3"),                  # full-width minus
    ("+2", "number", "2", None, "2"),
    ("36.5000", "number", "36.5000", None, "36.5000"),
    ("12件", "number", "12", "件", "12"),                 # a counting unit keeps the value
    ("12 件", "number", "12", "件", "12"),
    ("251000元", "number", "251000", "元", None),         # money: not a count
    ("1.2万", "number", "1.2", "万", None),               # 万 changes the value
    ("5%", "number", "5", "%", None),
    ("1 2", "number", "12", None, None),                  # a space inside digits: unclear
    ("1 234", "number", "1234", None, None),
    ("", "blank", None, None, "0"),
    ("   ", "blank", None, None, "0"),
    ("\u3000", "blank", None, None, "0"),
    ("\u200b", "blank", None, None, "0"),
    ("—", "symbol", None, None, None),
    ("——", "symbol", None, None, None),
    ("-", "symbol", None, None, None),
    ("/", "symbol", None, None, None),
    ("／", "symbol", None, None, None),
    ("无", "symbol", None, None, None),
    ("1,23", "text", None, None, None),                   # not a thousands grouping
    ("约10", "text", None, None, None),
    ("暂无数据", "text", None, None, None),
]


@pytest.mark.parametrize("raw, kind, number, unit, count", CASES)
def test_parse_value(raw, kind, number, unit, count):
    value = parse_value(raw)
    assert value.raw == raw
    assert value.kind == kind
    assert value.number == (Decimal(number) if number is not None else None)
    assert value.unit == unit
    assert value.count == (Decimal(count) if count is not None else None)


def test_flags_keep_how_the_number_was_written():
    assert parse_value("1,234").grouped and not parse_value("1234").grouped
    assert parse_value("１２").fullwidth and not parse_value("12").fullwidth
    assert parse_value("1 2").spaced and not parse_value("12 件").spaced
    assert parse_value("36.5000").decimals == 4
    assert parse_value("36.5").decimals == 1
    assert parse_value("36").decimals == 0
    assert parse_value("12.0").is_integer and not parse_value("2.5").is_integer


def test_values_are_recognised_as_values_not_labels():
    for text in ("12", "1,234", "—", "/", "12件", "1 2", "１２"):
        assert looks_like_value(text), text
    for text in ("规章", "（一）予以公开", "暂无数据", ""):
        assert not looks_like_value(text), text


@pytest.mark.parametrize(
    "header, stated",
    [
        ("采购总金额", AmountFormat(None, None)),
        ("采购总金额（单位：万元）", AmountFormat("万元", None)),
        ("采购总金额（单位：万元，保留4位小数）", AmountFormat("万元", 4)),
        ("采购总金额(单位:万元,保留4位小数)", AmountFormat("万元", 4)),
        ("采购总金额（单位：万元，\n保留四位小数）", AmountFormat("万元", 4)),
        ("本年收费金额（单位：万元）", AmountFormat("万元", None)),
        ("采购总金额（元）", AmountFormat("元", None)),
        ("金额（保留2位小数）", AmountFormat(None, 2)),
    ],
)
def test_amount_format_reads_the_header(header, stated):
    assert amount_format(header) == stated


def test_convert_amount():
    assert convert_amount(Decimal("251000"), "元", "万元") == Decimal("25.1")
    assert convert_amount(Decimal("1.5"), "亿元", "万元") == Decimal("15000")
