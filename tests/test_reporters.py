"""The output formats — text, json, sarif, github — each run through the real command.

Each format has a golden file in ``tests/golden/`` made from ``tests/golden/report-2021.txt``
(the clean 2021 report with a column-header typo, a row-label typo, a row that lost a cell
and no part six), linted with ``--select GK201,GK202,GK109,GK101`` so that rules being added
elsewhere do not change it. The version string is normalised; so is the SARIF's list of
driver rules (only the rules results refer to are kept, since new rules join the list).
Regenerate with ``GKLINT_UPDATE_GOLDEN=1 pytest tests/test_reporters.py``.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from functools import lru_cache
from pathlib import Path

import pytest

from conftest import REPORTS, run_gklint
from gklint import __version__
from gklint.report.reporters.github import escape_data, escape_property
from gklint.report.reporters.sarif import FINGERPRINT_KEY, to_json
from conftest import shared_path

GOLDEN = Path(__file__).resolve().parent / "golden"
SELECT = "GK201,GK202,GK109,GK101"
REPORT_NAME = "报告/青山县-2023.txt"  # a Chinese folder and name: paths stay readable, URIs are encoded
FORMATS = {"text": "report.text", "json": "report.json", "sarif": "report.sarif", "github": "report.github"}


@pytest.fixture
def workdir(tmp_path: Path) -> Path:
    target = tmp_path / REPORT_NAME
    target.parent.mkdir(parents=True)
    shutil.copyfile(GOLDEN / "report-2021.txt", target)
    return tmp_path


# ── helpers other test modules import ────────────────────────────────────────────────────
@lru_cache(maxsize=1)
def _sarif_validator():
    import jsonschema

    schema = json.loads(shared_path("schemas", "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    validator_class = jsonschema.validators.validator_for(schema)
    validator_class.check_schema(schema)
    return validator_class(schema, format_checker=validator_class.FORMAT_CHECKER)


def validate_sarif(text: str | bytes) -> dict:
    """The parsed log, after checking it against the official SARIF 2.1.0 schema, read from
    ``../shared/schemas`` at test time (not copied into the project; skipped where absent)."""
    data = json.loads(text)
    errors = sorted(_sarif_validator().iter_errors(data), key=lambda error: list(error.absolute_path))
    assert not errors, "\n".join(f"{list(error.absolute_path)}: {error.message}" for error in errors[:20])
    return data


def text_to_docx(text: str) -> bytes:
    """A Word document of a text report: lines become paragraphs, tab-separated runs of lines
    tables (one cell per field)."""
    import io

    import docx

    document = docx.Document()
    rows: list[list[str]] = []

    def flush() -> None:
        if rows:
            table = document.add_table(rows=len(rows), cols=max(len(row) for row in rows))
            for i, row in enumerate(rows):
                for j, cell in enumerate(row):
                    if cell:
                        table.cell(i, j).text = cell
            rows.clear()

    for line in text.splitlines():
        if "\t" in line:
            rows.append(line.split("\t"))
            continue
        flush()
        if line.strip():
            document.add_paragraph(line)
    flush()
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def run(workdir: Path, *args: str):
    return run_gklint("check", REPORT_NAME, "--select", SELECT, "--no-color", *args, cwd=workdir)


def normalise_sarif(text: str, workdir: Path) -> str:
    data = json.loads(text)
    run_ = data["runs"][0]
    rules = run_["tool"]["driver"]["rules"]
    used = sorted({result["ruleIndex"] for result in run_["results"]})
    for result in run_["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        result["ruleIndex"] = "<index>"
    run_["tool"]["driver"]["rules"] = [rules[index] for index in used]
    base = run_["originalUriBaseIds"]["%SRCROOT%"]
    assert base["uri"] == workdir.resolve().as_uri() + "/"
    base["uri"] = "file:///<cwd>/"
    return normalise_version(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def normalise_version(text: str) -> str:
    return text.replace(f'"{__version__}"', '"<version>"')


def check_golden(name: str, actual: str) -> None:
    path = GOLDEN / name
    if os.environ.get("GKLINT_UPDATE_GOLDEN"):
        path.write_text(actual, encoding="utf-8", newline="\n")
    assert path.exists(), f"{path} is missing: run with GKLINT_UPDATE_GOLDEN=1"
    assert actual == path.read_text(encoding="utf-8")


# ── golden files ─────────────────────────────────────────────────────────────────────────
@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_golden(workdir: Path, fmt: str) -> None:
    result = run(workdir, "--format", fmt)
    assert result.returncode == 1, result.stderr.decode()
    output = result.stdout.decode("utf-8")
    if fmt == "sarif":
        validate_sarif(output)
        output = normalise_sarif(output, workdir)
    check_golden(FORMATS[fmt], output)


def test_every_format_can_be_written_to_a_file(workdir: Path) -> None:
    for fmt, name in FORMATS.items():
        result = run(workdir, "--format", fmt, "-o", f"out.{fmt}")
        assert result.returncode == 1 and result.stdout == b""
        written = (workdir / f"out.{fmt}").read_text(encoding="utf-8")
        if fmt == "sarif":
            validate_sarif(written)
            written = normalise_sarif(written, workdir)
        assert written == (GOLDEN / name).read_text(encoding="utf-8")


def test_unknown_format_is_a_usage_error(workdir: Path) -> None:
    result = run(workdir, "--format", "xml")
    assert result.returncode == 2
    assert "xml" in result.stderr.decode()


# ── json ─────────────────────────────────────────────────────────────────────────────────
def test_json_is_readable_utf8_with_the_fields_of_the_contract(workdir: Path) -> None:
    result = run(workdir, "--format", "json")
    text = result.stdout.decode("utf-8")
    assert "\\u" not in text and "行标签" in text
    findings = json.loads(text)
    assert [finding["code"] for finding in findings] == ["GK202", "GK201", "GK109", "GK101"]
    for finding in findings:
        assert {"code", "name", "severity", "message", "path", "line", "column", "end_line", "end_column", "fix"} <= set(finding)
        assert finding["path"] == REPORT_NAME
    source = (workdir / REPORT_NAME).read_text(encoding="utf-8")
    edit = findings[1]["fix"]["edits"][0]
    assert source[edit["start"]:edit["end"]] == "其他法律法规禁止公开"
    assert edit["new_text"] == "其他法律行政法规禁止公开"
    assert findings[2]["fix"] is None


def test_json_of_a_clean_report_is_an_empty_list() -> None:
    result = run_gklint("check", str(REPORTS / "clean-2021.txt"), "--select", SELECT, "--format", "json")
    assert result.returncode == 0
    assert json.loads(result.stdout) == []


def test_json_statistics(workdir: Path) -> None:
    rows = json.loads(run(workdir, "--format", "json", "--statistics").stdout)
    assert {row["code"]: (row["count"], row["fixable"]) for row in rows} == {
        "GK101": (1, 0), "GK109": (1, 0), "GK201": (1, 1), "GK202": (1, 1)}


# ── sarif ────────────────────────────────────────────────────────────────────────────────
def sarif(workdir: Path, *args: str, path: str = REPORT_NAME) -> dict:
    result = run_gklint("check", path, "--select", SELECT, "--format", "sarif", *args, cwd=workdir)
    assert result.returncode in (0, 1, 2), result.stderr.decode()
    return validate_sarif(result.stdout)


def test_sarif_driver_lists_every_rule_with_metadata(workdir: Path) -> None:
    rules_json = json.loads(run_gklint("rules", "--format", "json").stdout)
    log = sarif(workdir)
    driver = log["runs"][0]["tool"]["driver"]
    assert (driver["name"], driver["version"], driver["informationUri"]) == ("gklint", __version__, "https://github.com/gklint/gklint")
    assert [rule["id"] for rule in driver["rules"]] == [row["code"] for row in rules_json]
    for rule, row in zip(driver["rules"], rules_json):
        assert rule["name"] == row["name"] != rule["id"]
        assert rule["shortDescription"]["text"] == row["summary"]
        assert rule["fullDescription"]["text"]
        assert "## " in rule["help"]["markdown"] and rule["help"]["text"]
        assert rule["defaultConfiguration"]["level"] == {"error": "error", "warning": "warning", "info": "note"}[row["severity"]]


def test_sarif_results_levels_locations_and_fixes(workdir: Path) -> None:
    log = sarif(workdir)
    run_ = log["runs"][0]
    assert run_["columnKind"] == "unicodeCodePoints"
    assert run_["originalUriBaseIds"]["%SRCROOT%"]["uri"].startswith("file://")
    results = run_["results"]
    assert [result["level"] for result in results] == ["warning", "warning", "error", "error"]  # explicit, even the default
    header = results[0]
    location = header["locations"][0]["physicalLocation"]
    assert location["artifactLocation"] == {"uri": "%E6%8A%A5%E5%91%8A/%E9%9D%92%E5%B1%B1%E5%8E%BF-2023.txt", "uriBaseId": "%SRCROOT%"}
    assert location["region"] == {"startLine": 22, "startColumn": 6, "endLine": 22, "endColumn": 11}
    replacement = header["fixes"][0]["artifactChanges"][0]["replacements"][0]
    assert replacement["deletedRegion"] == location["region"]
    assert replacement["insertedContent"]["text"] == "本年制发件数"
    assert "fixes" not in results[2] and "fixes" not in results[3]


def test_sarif_message_text_is_not_escaped(workdir: Path) -> None:
    result = run(workdir, "--format", "sarif")
    assert "行标签「其他法律法规禁止公开」" in result.stdout.decode("utf-8")


def test_sarif_fingerprints_survive_an_unrelated_edit_earlier_in_the_file(workdir: Path) -> None:
    before = sarif(workdir)["runs"][0]["results"]
    path = workdir / REPORT_NAME
    text = path.read_text(encoding="utf-8")
    anchor = "（一）主动公开。"
    path.write_text(text.replace(anchor, "（〇）新增的一段说明文字。\n\n另一段补充说明。\n\n" + anchor), encoding="utf-8")
    after = sarif(workdir)["runs"][0]["results"]
    assert [r["ruleId"] for r in before] == [r["ruleId"] for r in after]
    for old, new in zip(before, after):
        assert old["locations"][0]["physicalLocation"]["region"]["startLine"] + 4 == \
            new["locations"][0]["physicalLocation"]["region"]["startLine"]
        assert old["partialFingerprints"] == new["partialFingerprints"]
    assert len({result["partialFingerprints"][FINGERPRINT_KEY] for result in before}) == len(before)


def test_sarif_fingerprints_tell_identical_lines_apart(tmp_path: Path) -> None:
    text = (REPORTS / "clean-2021.txt").read_text(encoding="utf-8")
    # two rows with the same typo on identical lines
    text = text.replace("行政许可\t126", "行政许可\t126").replace("行政处罚\t58\t\t", "行政处罚\t58\t\t")
    for old in ("5.属于三类内部事务信息", "6.属于四类过程性信息"):
        text = text.replace(old, old.replace("属于", "属"))
    (tmp_path / "r.txt").write_text(text, encoding="utf-8")
    results = sarif(tmp_path, path="r.txt")["runs"][0]["results"]
    prints = [result["partialFingerprints"][FINGERPRINT_KEY] for result in results]
    assert len(prints) == 2 and len(set(prints)) == 2


def test_sarif_of_an_absolute_path_outside_the_folder_and_of_an_unreadable_file(tmp_path_factory, workdir: Path) -> None:
    outside = tmp_path_factory.mktemp("elsewhere") / "outside.txt"
    outside.write_bytes(b"")
    log = sarif(workdir, path=str(outside))
    result = log["runs"][0]["results"][0]
    assert result["ruleId"] == "GK000" and result["level"] == "error"
    assert result["locations"][0]["physicalLocation"]["artifactLocation"] == {"uri": outside.resolve().as_uri()}


def test_sarif_in_english(workdir: Path) -> None:
    log = sarif(workdir, "--lang", "en")
    run_ = log["runs"][0]
    assert run_["language"] == "en-US"
    assert run_["results"][1]["message"]["text"].startswith("row label")
    rule = next(rule for rule in run_["tool"]["driver"]["rules"] if rule["id"] == "GK201")
    assert rule["shortDescription"]["text"] == "a row label is a near miss of a canonical label"


def test_sarif_of_a_docx_report_validates_and_has_no_fixes_into_the_binary(tmp_path: Path) -> None:
    (tmp_path / "r.docx").write_bytes(text_to_docx((GOLDEN / "report-2021.txt").read_text(encoding="utf-8")))
    log = sarif(tmp_path, path="r.docx")
    results = log["runs"][0]["results"]
    assert {result["ruleId"] for result in results} >= {"GK201", "GK202"}
    for result in results:
        assert "fixes" not in result
        assert result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "r.docx"
        for logical in result["locations"][0].get("logicalLocations", []):
            assert logical["fullyQualifiedName"]


def test_sarif_serialiser_keeps_default_values_that_were_set() -> None:
    import sarif_om as om

    log = om.SarifLog(version="2.1.0", runs=[om.Run(
        tool=om.Tool(driver=om.ToolComponent(name="x")),
        results=[om.Result(message=om.Message(text="缺少第六部分"), level="warning", rule_index=0)],
    )])
    data = json.loads(to_json(log))
    assert data["runs"][0]["results"][0] == {"ruleIndex": 0, "level": "warning", "message": {"text": "缺少第六部分"}}
    assert "缺少" in to_json(log)


# ── github ───────────────────────────────────────────────────────────────────────────────
def test_github_escapes_data_and_properties() -> None:
    assert escape_data("100%\r\n下一行: a, b") == "100%25%0D%0A下一行: a, b"
    assert escape_property("报告,2023:终稿%.txt") == "报告%2C2023%3A终稿%25.txt"


def test_github_annotation_lines(workdir: Path) -> None:
    lines = run(workdir, "--format", "github").stdout.decode("utf-8").splitlines()
    assert len(lines) == 4
    assert re.fullmatch(r"::warning file=报告/青山县-2023\.txt,line=46,col=5,endLine=46,endColumn=15,"
                        r"title=GK201 row-label::行标签「其他法律法规禁止公开」.*", lines[1])
    assert lines[2].startswith("::error ")


def test_github_info_findings_are_notices(workdir: Path, tmp_path: Path) -> None:
    config = workdir / "gklint.toml"
    config.write_text('[severity]\nGK201 = "info"\n', encoding="utf-8")
    result = run_gklint("check", REPORT_NAME, "--select", "GK201", "--format", "github", "--config", str(config), cwd=workdir)
    # An info finding does not fail the run (--fail-on is warning by default).
    assert result.returncode == 0, result.stderr.decode()
    lines = result.stdout.decode("utf-8").splitlines()
    assert lines[0].startswith("::notice file=报告/青山县-2023.txt,line=46,col=5,"), lines
    assert not any(line.startswith(("::warning", "::error")) for line in lines), lines


def test_display_width_counts_wide_characters_twice():
    import unicodedata

    from gklint.report.reporters.text import display_width

    for text in ("", "abc", "予以公开", "（一）予以公开１２", "a→…\t‘’", "𠀀x"):
        expected = sum(2 if unicodedata.east_asian_width(character) in ("W", "F") else 1 for character in text)
        assert display_width(text) == expected, text
    assert display_width("予以公开") == 8 and display_width("（一）") == 6


def test_sarif_results_stream_through_a_temporary_file(tmp_path: Path, monkeypatch, capsysbinary) -> None:
    """A log over many files is written result by result; spliced back, it is the very log
    one serialisation of the whole would give, in memory or spilled to a file."""
    import sys

    from conftest import ROOT
    from gklint.cli.main import main
    from gklint.report.reporters import sarif

    sys.path.insert(0, str(ROOT / "benchmarks"))
    import corpus

    corpus.write(tmp_path, 30, seed=424242, per_folder=15)
    monkeypatch.chdir(tmp_path)
    outputs = []
    for in_memory in (sarif.RESULTS_IN_MEMORY, 1):  # 1: a file after the first character
        monkeypatch.setattr(sarif, "RESULTS_IN_MEMORY", in_memory)
        assert main(["check", "--format", "sarif", "-j", "1", "."]) == 1
        outputs.append(capsysbinary.readouterr().out.decode("utf-8"))
    assert outputs[0] == outputs[1]
    log = validate_sarif(outputs[0])
    assert len(log["runs"][0]["results"]) >= 20
    assert outputs[0] == json.dumps(log, ensure_ascii=False, indent=2) + "\n"


def test_no_room_for_the_sarif_results_is_a_clear_error(tmp_path: Path, monkeypatch, capsys) -> None:
    import errno
    import io

    from gklint.cli.main import main
    from gklint.report.reporters import sarif

    class FullDisk(io.StringIO):
        def __init__(self, *args, **kwargs) -> None:
            super().__init__()

        def write(self, text: str) -> int:
            raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(sarif.tempfile, "SpooledTemporaryFile", FullDisk)
    report = tmp_path / "r.txt"
    shutil.copyfile(GOLDEN / "report-2021.txt", report)
    assert main(["check", "--format", "sarif", str(report)]) == 2
    captured = capsys.readouterr()
    assert captured.err == "gklint: 错误：系统错误（磁盘空间不足）\n"
    assert "Traceback" not in captured.out + captured.err


@pytest.mark.parametrize("color", [False, True])
@pytest.mark.parametrize("fmt", ["text", "json", "github"])
def test_a_result_prepared_as_a_worker_sends_it_reports_as_the_whole_one(fmt: str, color: bool) -> None:
    """``Reporter.prepare``, what a ``-j N`` worker does to a result before sending it (the
    text reporter's excerpts cut, the source and the findings' arguments left out), changes
    nothing the reporter writes."""
    import io
    import pickle

    from gklint.cli.plan import RunPlan
    from gklint.config import Config
    from gklint.report.reporter import ReportOptions

    linter = RunPlan(Config()).linter
    reporter_class = linter.registry.reporter_class(fmt)
    result = linter.lint_path(str(GOLDEN / "report-2021.txt"), "r.txt")
    assert result.findings and result.source is not None
    written = []
    for prepared in (False, True):
        sent = pickle.loads(pickle.dumps(result))
        if prepared:
            reporter_class.prepare(sent)
            assert sent.source is None
            sent = pickle.loads(pickle.dumps(sent))
        stream = io.StringIO()
        reporter = reporter_class(stream, ReportOptions(color=color))
        reporter.file(sent)
        reporter.finish()
        written.append(stream.getvalue())
    assert written[0] == written[1] and written[0].count("\n") >= len(result.findings)
    assert fmt != "text" or "^" in written[0]  # (excerpts shown)
