"""GK410 copied-from-last-year: pairs of an agency's consecutive reports (``tests/fixtures/
copying``: the 2022 report, and the 2023 report copied, lightly edited and rewritten) in every
format that carries narrative; the rule is judged across files, so it runs through the command
line."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from conftest import FIXTURES, ROOT, run_gklint
from test_format_equivalence import parse_model, render_docx, render_html

sys.path.insert(0, str(ROOT / "benchmarks"))
import corpus  # noqa: E402

PAIRS = FIXTURES / "copying"
OVERVIEW, PROBLEMS, OTHER = "总体情况", "存在的主要问题及改进情况", "其他需要报告的事项"
EXPECTED = {
    "copied": [(OVERVIEW, 100), (PROBLEMS, 100), (OTHER, 100)],
    "edited": [(OVERVIEW, 99), (PROBLEMS, 97), (OTHER, 100)],  # a few words changed: still copied
    "rewritten": [],
}


def render(text: str, fmt: str) -> bytes:
    if fmt == "txt":
        return text.encode("utf-8")
    if fmt == "md":
        return corpus._markdown(text.split("\n")).encode("utf-8")
    if fmt == "html":
        return render_html(parse_model(text)).encode("utf-8")
    return render_docx(parse_model(text))


def write_pair(folder: Path, variant: str, fmt: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name in ("qingshan-2022", f"qingshan-2023-{variant}"):
        text = (PAIRS / f"{name}.txt").read_text(encoding="utf-8")
        (folder / f"{name}.{fmt}").write_bytes(render(text, fmt))
    return folder


def gk410(folder: Path, *options: str) -> list[dict]:
    result = run_gklint("check", "--select", "GK410", "--format", "json", *options, str(folder), cwd=folder)
    assert result.returncode in (0, 1), result.stderr.decode("utf-8", "replace")
    return json.loads(result.stdout)


@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["txt", "md", "html", "docx"])
@pytest.mark.parametrize("variant", ["copied", "edited", "rewritten"])
def test_a_section_copied_from_last_year_is_named_with_its_share(tmp_path, variant, fmt):
    folder = write_pair(tmp_path, variant, fmt)
    findings = gk410(folder)
    later = f"qingshan-2023-{variant}.{fmt}"
    assert [Path(finding["path"]).name for finding in findings] == [later] * len(EXPECTED[variant])
    assert [finding["message"] for finding in findings] == [
        f"「{title}」约 {percent}% 的文字照搬 qingshan-2022.{fmt} 中2022年报告的同一章节（年份、数字不计）"
        for title, percent in EXPECTED[variant]
    ]
    if fmt == "txt" and findings:  # located at the section heading of the later report
        lines = (folder / later).read_text(encoding="utf-8").split("\n")
        assert [lines[finding["line"] - 1] for finding in findings] == [
            "一、总体情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项"]


def test_the_message_in_english_and_only_consecutive_years_of_one_agency(tmp_path):
    folder = write_pair(tmp_path / "pair", "copied", "txt")
    english = gk410(folder, "--lang", "en")
    assert english[1]["message"] == ("about 100% of the text of “存在的主要问题及改进情况” is copied from the same section "
                                     "of the 2022 report in qingshan-2022.txt (years and numbers aside)")
    # Two years apart, or another agency: nothing is compared.
    later = (folder / "qingshan-2023-copied.txt").read_text(encoding="utf-8")
    (folder / "qingshan-2023-copied.txt").write_text(later.replace("2023", "2024"), encoding="utf-8")
    assert gk410(folder) == []
    (folder / "qingshan-2023-copied.txt").write_text(later.replace("青山县自然资源局", "白河市自然资源局"), encoding="utf-8")
    assert gk410(folder) == []


def test_sentences_are_compared_without_years_numbers_punctuation_and_run_in_headings():
    from gklint.check.rules.copying import copied_share, sentences

    assert sentences("（一）主动公开。2023年，全年公开政府信息412条；新收申请十二件。\n无。") == [
        "#年全年公开政府信息#条", "新收申请#件"]
    assert sentences("二〇二三年，我局 认真落实《条例》") == ["#年我局认真落实条例"]
    earlier = sentences("2022年，我局认真落实《条例》，公开信息398条。下一步将加强培训。")
    assert copied_share(sentences("2023年，我局认真落实《条例》，公开信息412条。下一步将加强培训。"), earlier, 0.8) == 1.0
    assert copied_share(sentences("本年度重点公开征地信息。下一步将加强培训。"), earlier, 0.8) == pytest.approx(8 / 19)  # 下一步将加强培训: 8 of 19
