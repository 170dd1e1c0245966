"""One defect, one finding (issue 13), through the real command: the README's wrong cell, a
blank 总计 column and seed 004's short rows are each one finding, the other places of the
defect its related locations in text (另见), JSON (``related``) and SARIF (``relatedLocations``)."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from conftest import REPORTS, ROOT, run_gklint, shared_path
from test_reporters import validate_sarif

EXAMPLE = ROOT / "examples" / "qingshan-transport-2023.txt"
RESULT_ROWS = ("三、本年度办理结果", "（七）总计")


def blank_total_column(text: str) -> str:
    """``text`` with the 总计 cell of every result row left blank (a real pattern)."""
    lines = text.split("\n")
    start = next(number for number, line in enumerate(lines) if line.startswith(RESULT_ROWS[0]))
    end = next(number for number, line in enumerate(lines) if RESULT_ROWS[1] in line)
    for number in range(start, end + 1):
        cells = lines[number].split("\t")
        cells[-1] = ""
        lines[number] = "\t".join(cells)
    return "\n".join(lines)


def json_findings(*arguments: str, cwd: Path | None = None) -> list[dict]:
    result = run_gklint("check", "--format", "json", *arguments, cwd=cwd)
    assert result.returncode in (0, 1), result.stderr.decode()
    return json.loads(result.stdout.decode("utf-8"))


def arithmetic(findings: list[dict]) -> list[dict]:
    return [finding for finding in findings if finding["code"] in ("GK303", "GK304", "GK305", "GK306")]


def test_the_readme_example_reports_one_finding_for_its_one_wrong_cell() -> None:
    findings = arithmetic(json_findings(str(EXAMPLE)))
    assert len(findings) == 1
    finding = findings[0]
    assert (finding["code"], finding["line"], finding["column"]) == ("GK304", 64, 9)
    assert finding["message"].startswith("（七）总计·自然人为 32，与 4 处勾稽关系不符：应为 31，（七）总计·总计（38 应为 37）")
    assert [(related["line"], related["column"]) for related in finding["related"]] == [(64, 22), (65, 15), (65, 27)]
    assert finding["related"][0]["message"].startswith("（七）总计·总计为 38，但（一）至（六）之和为 37")


def test_the_readme_shows_the_real_output() -> None:
    shown = run_gklint("check", "--no-color", "examples/qingshan-transport-2023.txt", cwd=ROOT)
    lines = [line for line in shown.stdout.decode("utf-8").splitlines()
             if not line.startswith("  ") or line.startswith("  另见 ")]
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "\n".join(lines) in readme


def test_text_and_sarif_show_the_related_places(tmp_path: Path) -> None:
    text = run_gklint("check", "--no-color", str(EXAMPLE)).stdout.decode("utf-8")
    assert text.count("  另见 ") == 3 and "qingshan-transport-2023.txt:65:15: 「自然人」列" in text
    english = run_gklint("--lang", "en", "check", "--no-color", str(EXAMPLE)).stdout.decode("utf-8")
    assert english.count("  see also ") == 3 and "另见" not in english
    sarif = validate_sarif(run_gklint("check", "--format", "sarif", str(EXAMPLE)).stdout)
    results = [result for result in sarif["runs"][0]["results"] if result["ruleId"] == "GK304"]
    assert len(results) == 1
    related = results[0]["relatedLocations"]
    assert [location["id"] for location in related] == [0, 1, 2]
    assert related[1]["physicalLocation"]["region"]["startLine"] == 65
    assert related[1]["message"]["text"].startswith("「自然人」列第一项加第二项之和为 32")


def test_a_blank_total_column_is_one_arithmetic_finding(tmp_path: Path) -> None:
    corrected = EXAMPLE.read_text(encoding="utf-8").replace("\t32\t4\t0\t1\t1\t0\t38", "\t31\t4\t0\t1\t1\t0\t37")
    (tmp_path / "corrected.txt").write_text(corrected, encoding="utf-8")
    (tmp_path / "blank.txt").write_text(blank_total_column(corrected), encoding="utf-8")
    assert arithmetic(json_findings("corrected.txt", cwd=tmp_path)) == []
    findings = arithmetic(json_findings("blank.txt", cwd=tmp_path))
    assert len(findings) == 1
    finding = findings[0]
    assert finding["code"] == "GK303"
    assert finding["message"].startswith("「总计」列 11 个空白单元格与 12 处勾稽关系不符：按各项之和应填 （一）予以公开 18、（二）部分公开 4")
    assert len(finding["related"]) == 11


def test_seed_004_gets_one_gk109() -> None:
    findings = json_findings(str(shared_path("seeds", "004_a5e5c9fc8846fffe.txt")))
    gk109 = [finding for finding in findings if finding["code"] == "GK109"]
    assert len(gk109) == 1
    assert gk109[0]["line"] == 43 and len(gk109[0]["related"]) == 15


def test_findings_of_one_place_keep_their_shape() -> None:
    """Only a finding with related places carries the ``related`` key."""
    findings = json_findings(str(REPORTS / "clean-2021.txt"), "--select", "GK5")
    assert all("related" not in finding for finding in findings)
    counts = Counter("related" in finding for finding in json_findings(str(EXAMPLE)))
    assert counts == {False: 3, True: 1}
