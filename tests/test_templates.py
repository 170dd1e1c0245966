"""rules.toml: what it holds, how it is validated, and how a user's file changes the checks."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from conftest import ROOT, clean_report, lint_text, replace_line, run_gklint

from gklint.formats.template import TemplateError, load_templates


def test_both_formats_as_templates_md_gives_them():
    templates = load_templates()
    f2019, f2021 = templates.get("2019"), templates.get("2021")
    assert (f2019.first_year, f2019.last_year, f2021.first_year, f2021.last_year) == (2019, 2020, 2021, None)
    for template in (f2019, f2021):
        assert [section.heading for section in template.sections] == [
            "一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
            "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项"]
        review = template.table("review_litigation").block("main")
        assert len(review.columns) == 15 and [row.unlabelled for row in review.rows] == [True]
    assert len(f2019.table("applications").block("main").data_rows) == 23
    assert len(f2021.table("applications").block("main").data_rows) == 25
    assert [block.title for block in f2019.table("proactive").blocks][-1] == "第二十条第（九）项"
    assert [block.key for block in f2021.table("proactive").blocks] == ["art20_1", "art20_5", "art20_6", "art20_8"]
    # （六）其他处理: a data row in 2019, a label over three sub-items in 2021
    assert f2019.table("applications").block("main").row("other_handling").data
    assert not f2021.table("applications").block("main").row("other_handling").data
    assert "other_misc" in f2021.identities_for("GK304")[0].right
    assert "other_handling" in f2019.identities_for("GK304")[0].right


def test_identities_are_data():
    template = load_templates().get("2021")
    balance = template.identities_for("GK305")[0]
    assert (balance.for_each, balance.left, balance.right) == ("column", ("new", "carried"), ("results_total", "carry_forward"))
    assert len(template.identities_for("GK306")) == 3


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "local.toml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("toml, message", [
    ('[formats.x]\nname = "x"\nyears = "2030-"\n[[formats.x.sections]]\nkey = "a"\nnumber = "一"\n', "formats.x.sections[0]: 缺少必需的键 'title'"),
    ('[formats.x]\nname = "x"\nyears = "soon"\n', "formats.x.years"),
    ('[formats.x]\nextends = "1999"\nname = "x"\nyears = "2030-"\n', "未知的格式 '1999'"),
    ('[formats.2021]\n[[formats.2021.identities]]\nkey = "k"\ncode = "GK305"\ntable = "applications"\nblock = "main"\n'
     'for_each = "column"\nleft = ["new"]\nright = ["no_such_row"]\n', "formats.2021.identities[6].right: 数据行 'no_such_row'"),
    ('[formats.2021]\n[[formats.2021.tables]]\nkey = "t"\nsection = "nowhere"\ntitle = "t"\n[[formats.2021.tables.blocks]]\n'
     'key = "b"\ncolumns = [{ key = "c", label = "c", kind = "weird" }]\nrows = [{ key = "r", label = "r" }]\n', "kind: 'weird'"),
    ('colour = "red"\n', "未知的顶层键 'colour'"),
    ('[formats.x\n', "TOML 语法错误"),
])
def test_malformed_template_files_name_the_wrong_key(tmp_path, toml, message):
    path = _write(tmp_path, toml)
    with pytest.raises(TemplateError) as error:
        load_templates([path])
    assert message in str(error.value)
    assert str(path) in str(error.value)


def _local_variant() -> str:
    """A province's variant: it prints 采购金额 for 采购总金额 and adds a row 政府分散采购 to
    第二十条第（九）项. A table restated in a later file replaces the built-in one whole, so
    the variant restates the 2019 table 二 from rules.toml with those two changes."""
    rules = (ROOT / "rules.toml").read_text(encoding="utf-8")
    table = rules[rules.index('[[formats.2019.tables]]\nkey = "proactive"'):rules.index("# ── Section 三")]
    amount = table[table.index('{ key = "amount"'):]
    table = table.replace(amount[:amount.index("},") + 1], '{ key = "amount", label = "采购金额", kind = "amount" }')
    return table.replace('{ key = "procurement", label = "政府集中采购" },',
                         '{ key = "procurement", label = "政府集中采购" },\n  { key = "decentralised", label = "政府分散采购" },')




def test_a_local_variant_changes_what_is_checked(tmp_path):
    local = _write(tmp_path, _local_variant())
    report = replace_line(clean_report("2019"), "政府集中采购\t5\t36.5000\t", "政府集中采购\t5\t36.5000\t\n政府分散采购\t2\t3.1000\t")
    report = replace_line(report, "信息内容\t采购项目数量\t采购总金额\t", "信息内容\t采购项目数量\t采购金额\t")
    # Against the national format the extra row and the header are wrong...
    national = lint_text(report, select=["GK1", "GK2"])
    assert {finding.code for finding in national.findings} >= {"GK202"}
    # ...against the province's variant they are what is expected; no code changed.
    local_result = lint_text(report, select=["GK1", "GK2"], extra_templates=[str(local)])
    assert [(f.code, f.message) for f in local_result.findings if f.code in ("GK202", "GK108", "GK201")] == []
    (tmp_path / "gklint.toml").write_text('templates = ["local.toml"]\nselect = ["GK1", "GK2"]\n', encoding="utf-8")
    (tmp_path / "report.txt").write_text(report, encoding="utf-8")
    via_config = run_gklint("check", "--no-color", "report.txt", cwd=tmp_path)
    assert via_config.returncode == 0, via_config.stdout.decode()
    assert "共 0 个问题".encode() in via_config.stdout


def test_rules_toml_is_shipped_inside_the_wheel(tmp_path):
    """Build a wheel, install it outside the checkout, and find rules.toml from there."""
    build = subprocess.run([sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(tmp_path), str(ROOT)],
                           capture_output=True, text=True)
    if build.returncode != 0 and "No module named" in build.stderr:
        pytest.skip(f"cannot build a wheel here: {build.stderr.strip().splitlines()[-1]}")
    assert build.returncode == 0, build.stderr[-2000:]
    wheel = next(tmp_path.glob("gklint-*.whl"))
    with zipfile.ZipFile(wheel) as archive:
        assert "gklint/rules.toml" in archive.namelist()
    target = tmp_path / "installed"
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(target), str(wheel)],
                   check=True, capture_output=True)
    probe = ("import sys; sys.path.insert(0, sys.argv[1]); import gklint.formats.template as t; "
             "p = t.default_rules_path(); print(p); print(len(t.load_templates().formats))")
    result = subprocess.run([sys.executable, "-c", probe, str(target)], capture_output=True, text=True, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    path, count = result.stdout.split()
    assert Path(path) == target / "gklint" / "rules.toml" and int(count) >= 2
