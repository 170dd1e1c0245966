"""GK3 on real documents from ../shared (skipped where it is absent): the two seed reports,
whose values are all 0, and the blank official 2021 form."""

from __future__ import annotations

from conftest import lint_file, lint_text, shared_path

ARITHMETIC = ("GK303", "GK304", "GK305", "GK306")
SEED_000 = "000_8c7e58cf2aa459dd.txt"
SEED_004 = "004_a5e5c9fc8846fffe.txt"


def _gk3(result):
    return [(finding.code, finding.line, finding.message) for finding in result.findings if finding.code.startswith("GK3")]


def test_seed_000_has_no_number_findings():
    # its 表四 row holds 16 values (GK109): GK306 can't read it and stays silent
    assert _gk3(lint_file(shared_path("seeds", SEED_000))) == []


def test_seed_004_reports_only_its_blanks():
    findings = _gk3(lint_file(shared_path("seeds", SEED_004)))
    assert [(code, line) for code, line, _ in findings] == [("GK302", 41)]
    message = findings[0][2]
    assert "5 个空白的数值单元格" in message and "「（一）予以公开·自然人」" in message


def test_seed_004_rows_that_lost_values_skip_their_identities():
    # Rows 43–50 and 52–59 lost cells (GK109). Even with a number in one of them that
    # would break every identity it takes part in, nothing is guessed: the identities
    # that need those rows are skipped, the others (all zeros) hold.
    path = shared_path("seeds", SEED_004)
    lines = path.read_text(encoding="utf-8").split("\n")
    row = next(index for index, line in enumerate(lines) if "2.其他法律行政法规禁止公开" in line)
    assert row + 1 == 44
    lines[row] = lines[row].rsplit("\t", 1)[0] + "\t9"
    result = lint_text("\n".join(lines))
    codes = [finding.code for finding in result.findings]
    assert "GK109" in codes
    assert not [code for code in codes if code in ARITHMETIC]


def test_seed_004_readable_rows_are_still_checked():
    # 表四 reads cleanly: a wrong total there is found.
    path = shared_path("seeds", SEED_004)
    text = path.read_text(encoding="utf-8")
    review = "0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0"
    assert text.count(review) == 1
    result = lint_text(text.replace(review, "1" + review[1:]))
    assert [(finding.code, finding.line) for finding in result.findings if finding.code in ARITHMETIC] == [("GK306", 69)]


def test_official_blank_form_gives_blanks_but_no_arithmetic():
    result = lint_file(shared_path("corpus", "template-2021-official.docx"))
    findings = _gk3(result)
    assert [code for code, _, _ in findings] == ["GK302", "GK302", "GK302"]
    counts = [message.split("有 ", 1)[1].split(" 个", 1)[0] for _, _, message in findings]
    # 表二: 2×3 + 1 + 2 + 1 cells; 表三: 25 rows × 7; 表四: 15
    assert counts == ["10", "175", "15"]
    assert not [code for code, _, _ in findings if code in ARITHMETIC]


def test_published_reports_add_up():
    # Real published reports (HTML, PDF) whose identities hold: every identity is read and
    # none is reported.
    for name in ("pingtan-2019.html", "pingtan-2021.html", "pingtan-2023.html", "huaian-city-2024.pdf"):
        result = lint_file(shared_path("corpus", name))
        assert [finding.code for finding in result.findings if finding.code in ARITHMETIC] == [], name
