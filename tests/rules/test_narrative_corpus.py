"""GK409, GK410 and GK503 on the real reports (``../shared/seeds``, ``../shared/corpus``): only
the defects read and confirmed in them are reported, each at its sentence."""

from __future__ import annotations

import json

import pytest

from conftest import SHARED, run_gklint, shared_path

CODES = ("GK409", "GK410", "GK503")
# (file, code, the text the finding covers, a piece of its sentence), confirmed by reading:
CONFIRMED = [
    # 一: “二是规范审核审核发布机制” — 审核 written twice.
    ("pingtan-2021.html", "GK503", "审核审核", "二是规范审核审核发布机制"),
    # 五: “一是……；三是……；三是……” — the first 三是 should be 二是.
    ("pingtan-2023.html", "GK409", "三是", "部分栏目存在信息噪音；三是开拓创新不够有力"),
]


@pytest.mark.slow
def test_the_real_reports_give_only_the_confirmed_findings():
    folders = [shared_path("seeds"), shared_path("corpus")]
    result = run_gklint("check", "--select", ",".join(CODES), "--format", "json", *map(str, folders), cwd=SHARED)
    findings = json.loads(result.stdout)
    found = []
    for finding in findings:
        path = SHARED / finding["path"]  # (relative to the folder the command ran in, or absolute)
        text = path.read_bytes().decode("utf-8", "replace") if path.suffix == ".html" else ""
        line = text.split("\n")[finding["line"] - 1] if text else ""
        covered = line[finding["column"] - 1:finding["end_column"] - 1]
        found.append((finding["path"].rsplit("/", 1)[-1], finding["code"], covered, line))
    assert [(name, code, covered) for name, code, covered, _ in found] == [
        (name, code, covered) for name, code, covered, _ in CONFIRMED]
    for (_, _, _, line), (_, _, _, sentence) in zip(found, CONFIRMED):
        assert sentence in line.replace("&nbsp;", "")
