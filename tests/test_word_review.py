"""Word review: ``--annotate`` (one comment per finding) and ``--fix --track-changes``.

What the writer of a report sees is checked from the outside: the annotated copy is read back
as OOXML (the comments part, and the text between each ``w:commentRangeStart`` and its
``w:commentRangeEnd``), LibreOffice renders it to PDF with the comments as annotations, read
back with pdfplumber; tracked revisions are accepted and rejected by resolving ``w:ins`` and
``w:del`` here, independently of gklint's code, and compared with what plain ``--fix`` writes
and with the original.

The inputs: the official 2021 template (``../shared/corpus/template-2021-official.docx``) and
a DOCX built here from the fictional clean report with faults in labels, numbers, headings
and typography (the rendering of ``test_format_equivalence``: merged cells, a label split
over two differently formatted runs).
"""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from conftest import make_linter, replace_line, run_gklint, shared_path, soffice
from test_format_equivalence import BAD_LABEL, CLEAN_LABEL, SPLIT_LABEL_HEAD, bad_report, parse_model, render_docx

from gklint.read.loaders.docx import DocxLoader

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
CHANGED_MEMBERS = {"word/document.xml", "word/comments.xml", "word/_rels/document.xml.rels", "[Content_Types].xml"}


def faulty_report() -> str:
    """The clean report with faults in labels (GK201, GK202), numbers (GK303, GK302, GK109),
    headings (GK101, GK203) and typography (GK501, GK504)."""
    text = bad_report()
    text = replace_line(text, "二、主动公开政府信息情况", "二、主动公开政府信息的情况")
    text = replace_line(text, "严格执行申请登记、审核", "严格执行申请登记,审核")
    text = replace_line(text, "主动公开政府信息412条", "主动公开政府信息４１２条")
    return text


@pytest.fixture(scope="module")
def faulty_docx() -> bytes:
    return render_docx(parse_model(faulty_report()))


def template_docx() -> bytes:
    return shared_path("corpus", "template-2021-official.docx").read_bytes()


# --------------------------------------------------------------------------------------------
# Reading a package back


def member(data: bytes, name: str) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return package.read(name)


def comments(data: bytes) -> dict[str, tuple[str, str]]:
    """id → (author, text: paragraphs joined by newlines) of the comments part."""
    root = etree.fromstring(member(data, "word/comments.xml"))
    found = {}
    for comment in root.iter(f"{W}comment"):
        paragraphs = ["".join(t.text or "" for t in p.iter(f"{W}t")) for p in comment.iter(f"{W}p")]
        found[comment.get(f"{W}id")] = (comment.get(f"{W}author"), "\n".join(paragraphs))
    return found


def anchors(data: bytes) -> dict[str, tuple[str, etree._Element]]:
    """id → (the text between the comment's range start and end, the range start element)."""
    root = etree.fromstring(member(data, "word/document.xml"))
    open_ranges: list[str] = []
    texts: dict[str, str] = {}
    starts: dict[str, etree._Element] = {}
    for element in root.iter():
        if element.tag == f"{W}commentRangeStart":
            open_ranges.append(element.get(f"{W}id"))
            texts[element.get(f"{W}id")] = ""
            starts[element.get(f"{W}id")] = element
        elif element.tag == f"{W}commentRangeEnd":
            open_ranges.remove(element.get(f"{W}id"))
        elif element.tag == f"{W}t":
            for comment_id in open_ranges:
                texts[comment_id] += element.text or ""
    references = {element.get(f"{W}id") for element in root.iter(f"{W}commentReference")}
    assert references == set(texts), "every comment has one range and one reference"
    # where Word accepts them: among the runs of a paragraph (or of a link), never in a table's
    # structure or inside a tracked revision
    for mark in root.iter(f"{W}commentRangeStart", f"{W}commentRangeEnd"):
        assert mark.getparent().tag in (f"{W}p", f"{W}hyperlink"), etree.tostring(mark.getparent())[:200]
    for reference in root.iter(f"{W}commentReference"):
        assert reference.getparent().tag == f"{W}r" and reference.getparent().getparent().tag in (f"{W}p", f"{W}hyperlink")
    return {comment_id: (texts[comment_id], starts[comment_id]) for comment_id in texts}


def cell_at(data: bytes, logical: str) -> etree._Element:
    """The ``w:tc`` named ``表格N 第R行 第C列`` (tables, rows and grid columns counted here)."""
    table_number, row_number, column_number = map(int, re.fullmatch(r"表格(\d+) 第(\d+)行 第(\d+)列", logical).groups())
    root = etree.fromstring(member(data, "word/document.xml"))
    table = list(root.iter(f"{W}tbl"))[table_number - 1]
    row = table.findall(f"{W}tr")[row_number - 1]
    column = 1
    for cell in row.findall(f"{W}tc"):
        span = cell.find(f"{W}tcPr/{W}gridSpan")
        width = int(span.get(f"{W}val")) if span is not None else 1
        if column <= column_number < column + width:
            return cell
        column += width
    raise AssertionError(f"no cell {logical}")


def inside(element: etree._Element, cell: etree._Element) -> bool:
    """Whether ``element`` is inside ``cell`` (each from its own parse of the same part)."""
    path = cell.getroottree().getpath(cell)
    return any(ancestor.getroottree().getpath(ancestor) == path for ancestor in element.iterancestors(f"{W}tc"))


def synthetic_text(data: bytes) -> str:
    return DocxLoader().load("r.docx", data).source.text


def offset(text: str, line: int, column: int) -> int:
    lines = text.split("\n")
    return sum(len(part) + 1 for part in lines[: line - 1]) + column - 1


def annotate(tmp_path: Path, data: bytes, *extra: str, name: str = "青山县自然资源局2023年报.docx"):
    path = tmp_path / name
    path.write_bytes(data)
    result = run_gklint("check", "--format", "json", "--annotate", *extra, name, cwd=tmp_path)
    return path, json.loads(result.stdout), result


# --------------------------------------------------------------------------------------------
# --annotate


@pytest.mark.parametrize("source", ["template", "faulty"])
def test_one_comment_per_finding_anchored_on_the_flagged_text(tmp_path: Path, source: str, faulty_docx: bytes) -> None:
    data = template_docx() if source == "template" else faulty_docx
    path, findings, result = annotate(tmp_path, data)
    assert path.read_bytes() == data, "the input is byte-identical"
    copy = (tmp_path / "青山县自然资源局2023年报.gklint.docx").read_bytes()
    plain = json.loads(run_gklint("check", "--format", "json", path.name, cwd=tmp_path).stdout)
    assert findings == plain, "--annotate changes nothing in the report"
    made = comments(copy)
    placed = anchors(copy)
    assert len(made) == len(findings) > 0 and set(made) == set(placed)
    text = synthetic_text(data)
    unmatched = dict(made)
    for finding in findings:
        start = offset(text, finding["line"], finding["column"])
        end = offset(text, finding["end_line"], finding["end_column"])
        heading = f"{finding['code']} {finding['message']}"
        candidates = [key for key, (author, body) in unmatched.items() if body.split("\n")[0] == heading]
        assert candidates, f"no comment for {heading}"
        flagged = text[start:end].replace("\t", "")
        if start < end and flagged:
            chosen = [key for key in candidates if placed[key][0] == flagged]
            assert chosen, f"{finding['code']} should be anchored on {flagged!r}, not {[placed[key][0] for key in candidates]}"
        elif re.fullmatch(r"表格\d+ 第\d+行 第\d+列", finding.get("logical_location", "")):
            cell = cell_at(copy, finding["logical_location"])
            chosen = [key for key in candidates if inside(placed[key][1], cell)]
            assert chosen, f"{finding['code']} should sit inside {finding['logical_location']}"
        else:  # something missing: on the heading, table or paragraph where it belongs, with text
            chosen = [key for key in candidates if placed[key][0].strip()]
            assert chosen, f"{finding['code']} is anchored on no text"
        author, body = unmatched.pop(chosen[0])
        assert author == "gklint"
        if finding["fix"]:
            assert re.search(r"\n建议改为：「.+」$", body), body
    assert not unmatched
    with zipfile.ZipFile(io.BytesIO(data)) as before, zipfile.ZipFile(io.BytesIO(copy)) as after:
        for name in before.namelist():
            if name not in CHANGED_MEMBERS:
                assert after.read(name) == before.read(name), f"{name} was copied unchanged"
    assert f"批注副本已写入 青山县自然资源局2023年报.gklint.docx（{len(findings)} 条批注）" in result.stderr.decode()


def test_a_cell_finding_is_a_comment_inside_its_cell(tmp_path: Path, faulty_docx: bytes) -> None:
    _, findings, _ = annotate(tmp_path, faulty_docx)
    copy = (tmp_path / "青山县自然资源局2023年报.gklint.docx").read_bytes()
    (label,) = [finding for finding in findings if finding["code"] == "GK201"]
    made, placed = comments(copy), anchors(copy)
    (key,) = [key for key, (_, body) in made.items() if body.startswith("GK201 ")]
    anchored, start = placed[key]
    assert anchored == BAD_LABEL[2:]  # (the number "2." is not part of the label the rule names)
    assert inside(start, cell_at(copy, label["logical_location"]))
    assert made[key][1] == f"GK201 {label['message']}\n建议改为：「{CLEAN_LABEL[2:]}」"


def test_the_split_runs_keep_their_formatting(tmp_path: Path, faulty_docx: bytes) -> None:
    annotate(tmp_path, faulty_docx)
    copy = (tmp_path / "青山县自然资源局2023年报.gklint.docx").read_bytes()

    def label_runs(data: bytes) -> list[tuple[str, bytes]]:
        root = etree.fromstring(member(data, "word/document.xml"))
        for paragraph in root.iter(f"{W}p"):
            runs = [run for run in paragraph.findall(f"{W}r") if run.find(f"{W}t") is not None]
            if "".join(run.findtext(f"{W}t") for run in runs).startswith(SPLIT_LABEL_HEAD):
                return [(run.findtext(f"{W}t"), etree.tostring(run.find(f"{W}rPr"))) for run in runs]
        raise AssertionError("no label")

    before, after = label_runs(faulty_docx), label_runs(copy)
    # "2.其他法律" (bold) | "法规禁止公开" (red) become "2." | "其他法律" | "法规禁止公开", each formatted as before
    assert [text for text, _ in after] == ["2.", "其他法律", BAD_LABEL[len(SPLIT_LABEL_HEAD):]]
    assert [style for _, style in after] == [before[0][1], before[0][1], before[1][1]]


def test_comments_are_in_the_runs_language(tmp_path: Path, faulty_docx: bytes) -> None:
    _, findings, result = annotate(tmp_path, faulty_docx, "--lang", "en")
    copy = (tmp_path / "青山县自然资源局2023年报.gklint.docx").read_bytes()
    bodies = sorted(body for _, body in comments(copy).values())
    assert any(body.startswith("GK201 row label") and "\nSuggested text: “" in body for body in bodies), bodies
    assert sorted(body.split("\n")[0] for body in bodies) == sorted(f"{f['code']} {f['message']}" for f in findings)
    assert "annotated copy written to 青山县自然资源局2023年报.gklint.docx (9 comments)" in result.stderr.decode()


def test_one_defect_lists_its_other_places_in_its_comment() -> None:
    """The README's wrong cell (GK304, four identities) in a Word document: one comment, on
    the cell, naming the other places of the defect as Word shows them (表格2 第27行 第10列)."""
    from gklint.report.annotate import annotate_docx

    from conftest import ROOT

    data = render_docx(parse_model((ROOT / "examples" / "qingshan-transport-2023.txt").read_text(encoding="utf-8")))
    linter = make_linter()
    findings = linter.lint_bytes(data, "q.docx").findings
    (defect,) = [finding for finding in findings if finding.code == "GK304"]
    for lang, see_also in (("zh", "另见 表格2 第27行 第10列：（七）总计·总计为 38"), ("en", "See also 表格2 第27行 第10列: ")):
        copy = annotate_docx(data, findings, path="q.docx", lang=lang, linter=linter)
        (body,) = [body for _, body in comments(copy).values() if body.startswith("GK304 ")]
        lines = body.split("\n")
        assert len(lines) == 1 + len(defect.related) == 4
        assert lines[1].startswith(see_also), lines[1]


def test_the_public_function_gives_the_same_copy_from_bytes(faulty_docx: bytes) -> None:
    from gklint.report.annotate import annotate_docx

    linter = make_linter()
    result = linter.lint_bytes(faulty_docx, "report.docx")
    copy = annotate_docx(faulty_docx, result.findings, lang="en", path="report.docx")
    assert len(comments(copy)) == len(result.findings)
    assert all(body.split(" ", 1)[0] in {f.code for f in result.findings} for _, body in comments(copy).values())
    assert any("Suggested text" in body for _, body in comments(copy).values())  # rendered again in English
    assert synthetic_text(copy) == result.source.text


def test_annotate_dir_and_an_existing_copy_is_replaced(tmp_path: Path, faulty_docx: bytes) -> None:
    (tmp_path / "r.docx").write_bytes(faulty_docx)
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "r.gklint.docx").write_bytes(b"an old copy")
    result = run_gklint("check", "--annotate-dir", "out", "r.docx", cwd=tmp_path)
    assert result.returncode == 1
    assert "批注副本已写入 out/r.gklint.docx（9 条批注）" in result.stderr.decode()
    assert len(comments((tmp_path / "out" / "r.gklint.docx").read_bytes())) == 9
    assert not (tmp_path / "r.gklint.docx").exists()
    # a second run over the folder does not lint (or annotate) the copies
    again = run_gklint("check", "--annotate", "--format", "json", ".", cwd=tmp_path)
    assert {finding["path"] for finding in json.loads(again.stdout)} == {"r.docx"}


def test_annotate_dir_keeps_the_folders_of_files_of_one_name(tmp_path: Path, faulty_docx: bytes) -> None:
    for folder in ("2022", "2023"):
        (tmp_path / "reports" / folder).mkdir(parents=True)
        (tmp_path / "reports" / folder / "年报.docx").write_bytes(faulty_docx)
    result = run_gklint("check", "-j", "2", "--annotate-dir", "out", "reports", cwd=tmp_path)  # (in worker processes)
    for folder in ("2022", "2023"):
        copy = tmp_path / "out" / "reports" / folder / "年报.gklint.docx"
        assert len(comments(copy.read_bytes())) == 9
        assert f"批注副本已写入 out/reports/{folder}/年报.gklint.docx（9 条批注）" in result.stderr.decode()


def test_a_report_without_findings_gets_an_identical_looking_copy(tmp_path: Path) -> None:
    from conftest import clean_report

    data = render_docx(parse_model(clean_report("2021")))
    path, findings, result = annotate(tmp_path, data, name="r.docx")
    assert findings == [] and result.returncode == 0
    copy = (tmp_path / "r.gklint.docx").read_bytes()
    assert synthetic_text(copy) == synthetic_text(data)
    with zipfile.ZipFile(io.BytesIO(copy)) as package:
        assert "word/comments.xml" not in package.namelist()
    assert "批注副本已写入 r.gklint.docx（0 条批注）" in result.stderr.decode()


def test_sarif_and_json_of_an_annotated_run_keep_logical_locations(tmp_path: Path, faulty_docx: bytes) -> None:
    _, findings, _ = annotate(tmp_path, faulty_docx)
    assert {"第6段", "表格2 第9行 第3列"} <= {finding.get("logical_location") for finding in findings}
    sarif = json.loads(run_gklint("check", "--format", "sarif", "--annotate", "青山县自然资源局2023年报.docx",
                                  cwd=tmp_path).stdout)
    logical = [location["logicalLocations"][0]["name"] for result in sarif["runs"][0]["results"]
               for location in result["locations"] if location.get("logicalLocations")]
    assert "表格2 第9行 第3列" in logical


def test_text_files_get_no_copy(tmp_path: Path) -> None:
    from conftest import clean_report

    (tmp_path / "r.txt").write_text(clean_report("2021"), encoding="utf-8")
    result = run_gklint("check", "--annotate", "r.txt", cwd=tmp_path)
    assert result.returncode == 0 and sorted(p.name for p in tmp_path.iterdir() if p.name != ".gklint_cache") == ["r.txt"]
    assert "批注" not in result.stderr.decode()


@pytest.mark.parametrize("arguments, message", [
    (("--track-changes", "r.docx"), "--track-changes 只能与 --fix 同用"),
    (("--annotate", "--diff", "r.docx"), "--annotate 不能与 --diff 同用"),
])
def test_word_options_misused(tmp_path: Path, arguments, message) -> None:
    result = run_gklint("check", *arguments, cwd=tmp_path)
    assert result.returncode == 2 and message in result.stderr.decode()


@pytest.mark.slow
@pytest.mark.parametrize("source", ["template", "faulty"])
def test_libreoffice_renders_every_comment_into_the_pdf(tmp_path: Path, source: str, faulty_docx: bytes) -> None:
    program = soffice()
    data = template_docx() if source == "template" else faulty_docx
    _, findings, _ = annotate(tmp_path, data, name="r.docx")
    export = 'pdf:writer_pdf_Export:{"ExportNotes":{"type":"boolean","value":"true"}}'
    done = subprocess.run([program, f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
                           "--convert-to", export, "--outdir", str(tmp_path / "pdf"), str(tmp_path / "r.gklint.docx")],
                          capture_output=True, timeout=180)
    assert done.returncode == 0, done.stderr
    import pdfplumber
    from pdfminer.pdftypes import resolve1

    notes = []
    with pdfplumber.open(tmp_path / "pdf" / "r.gklint.pdf") as pdf:
        for page in pdf.pages:
            for annotation in resolve1(page.page_obj.annots) or []:
                annotation = resolve1(annotation)
                if annotation.get("Contents"):
                    notes.append((_pdf_text(annotation.get("T")), _pdf_text(annotation["Contents"])))
    assert len(notes) == len(findings)
    assert all(author.startswith("gklint") for author, _ in notes)
    assert sorted(body.split("\n")[0].split("\r")[0] for _, body in notes) == sorted(
        f"{finding['code']} {finding['message']}" for finding in findings)


def _pdf_text(value) -> str:
    if isinstance(value, bytes):
        return value[2:].decode("utf-16-be") if value.startswith(b"\xfe\xff") else value.decode("latin-1")
    return str(value)


# --------------------------------------------------------------------------------------------
# --fix --track-changes


def resolve(data: bytes, accept: bool) -> bytes:
    """Accept (or reject) every tracked insertion and deletion, as Word's "Accept All"."""
    root = etree.fromstring(member(data, "word/document.xml"))
    keep, drop = ("ins", "del") if accept else ("del", "ins")
    for element in list(root.iter(f"{W}{drop}")):
        if element.getparent() is not None and element.getparent().tag != f"{W}rPr":
            element.getparent().remove(element)
    for element in list(root.iter(f"{W}{keep}")):
        parent = element.getparent()
        if parent.tag == f"{W}rPr":
            continue
        index = parent.index(element)
        for child in reversed(list(element)):
            parent.insert(index, child)
        parent.remove(element)
    for deleted in root.iter(f"{W}delText"):
        deleted.tag = f"{W}t"
    from gklint.read.loaders.docx_runs import replace_members

    return replace_members(data, {"word/document.xml": etree.tostring(root, xml_declaration=True, encoding="UTF-8")})


def revisions(data: bytes) -> list[etree._Element]:
    root = etree.fromstring(member(data, "word/document.xml"))
    return [element for element in root.iter(f"{W}ins", f"{W}del") if element.getparent().tag != f"{W}rPr"]


def test_tracked_fixes_accept_to_the_fixed_text_and_reject_to_the_original(tmp_path: Path, faulty_docx: bytes) -> None:
    (tmp_path / "tracked.docx").write_bytes(faulty_docx)
    (tmp_path / "plain.docx").write_bytes(faulty_docx)
    tracked = run_gklint("check", "--fix", "--track-changes", "--format", "json", "tracked.docx", cwd=tmp_path)
    plain = run_gklint("check", "--fix", "--format", "json", "plain.docx", cwd=tmp_path)
    assert [(f["code"], f["message"]) for f in json.loads(tracked.stdout)] == \
        [(f["code"], f["message"]) for f in json.loads(plain.stdout)], "the same findings remain"
    result = (tmp_path / "tracked.docx").read_bytes()
    fixed = (tmp_path / "plain.docx").read_bytes()
    assert synthetic_text(fixed) != synthetic_text(faulty_docx)
    assert synthetic_text(resolve(result, accept=True)) == synthetic_text(fixed)
    assert synthetic_text(resolve(result, accept=False)) == synthetic_text(faulty_docx)
    marks = revisions(result)
    assert {mark.tag for mark in marks} == {f"{W}ins", f"{W}del"}
    assert all(mark.get(f"{W}author") == "gklint" and re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", mark.get(f"{W}date"))
               for mark in marks)
    ids = [mark.get(f"{W}id") for mark in marks]
    assert len(set(ids)) == len(ids)
    # fixed with formatting kept: the label's inserted text has the red run's properties
    root = etree.fromstring(member(result, "word/document.xml"))
    inserted = {"".join(t.text for t in mark.iter(f"{W}t")): mark.find(f"{W}r/{W}rPr") for mark in root.iter(f"{W}ins")}
    deleted = {"".join(t.text for t in mark.iter(f"{W}delText")): mark.find(f"{W}r/{W}rPr") for mark in root.iter(f"{W}del")}
    # each fix as a person would type it: only what changes, inside runs formatted as before
    assert sorted(inserted) == ["412", "件", "行政", "，"] and sorted(deleted) == [",", "的", "４１２"]
    assert etree.tostring(inserted["行政"]) == etree.tostring(label_properties(faulty_docx)[0])  # after 「其他法律」 (bold)
    assert inserted["件"] is None and etree.tostring(deleted["的"]) == etree.tostring(heading_properties(faulty_docx))
    # every other member unchanged
    with zipfile.ZipFile(io.BytesIO(faulty_docx)) as before, zipfile.ZipFile(io.BytesIO(result)) as after:
        assert [name for name in before.namelist() if before.read(name) != after.read(name)] == ["word/document.xml"]


def label_properties(data: bytes) -> list[etree._Element]:
    """The ``w:rPr`` of the split label's two runs."""
    root = etree.fromstring(member(data, "word/document.xml"))
    head = next(t for t in root.iter(f"{W}t") if t.text == SPLIT_LABEL_HEAD)
    return [head.getparent().find(f"{W}rPr"), head.getparent().getnext().find(f"{W}rPr")]


def heading_properties(data: bytes) -> etree._Element:
    root = etree.fromstring(member(data, "word/document.xml"))
    return next(t for t in root.iter(f"{W}t") if t.text == "二、主动公开政府信息的情况").getparent().find(f"{W}rPr")


def test_tracked_fixes_and_comments_combine(tmp_path: Path, faulty_docx: bytes) -> None:
    (tmp_path / "r.docx").write_bytes(faulty_docx)
    (tmp_path / "plain.docx").write_bytes(faulty_docx)
    before = json.loads(run_gklint("check", "--format", "json", "r.docx", cwd=tmp_path).stdout)
    result = run_gklint("check", "--fix", "--track-changes", "--annotate", "r.docx", cwd=tmp_path)
    run_gklint("check", "--fix", "plain.docx", cwd=tmp_path)
    copy = (tmp_path / "r.gklint.docx").read_bytes()
    assert len(comments(copy)) == len(before)
    fixable = sum(1 for finding in before if finding["fix"])
    assert f"批注副本已写入 r.gklint.docx（{len(before)} 条批注，{fixable} 处修订）" in result.stderr.decode()
    assert synthetic_text(resolve(copy, accept=True)) == synthetic_text((tmp_path / "plain.docx").read_bytes())
    assert synthetic_text(resolve(copy, accept=False)) == synthetic_text(faulty_docx)
    # accepting the revisions keeps every comment's reference (none sits inside a deletion)
    accepted = resolve(copy, accept=True)
    assert len(anchors(accepted)) == len(before)


def uno_python() -> str:
    """A Python with LibreOffice's ``uno`` module (the system's, with Debian's python3-uno)."""
    for candidate in ("/usr/bin/python3", shutil.which("python3")):
        if candidate and subprocess.run([candidate, "-c", "import uno"], capture_output=True).returncode == 0:
            return candidate
    pytest.skip("no Python with LibreOffice's uno module (python3-uno); .ci/system-packages installs it")


@pytest.mark.slow
def test_libreoffice_accept_all_gives_the_fixed_text_and_reject_all_the_original(tmp_path: Path, faulty_docx: bytes) -> None:
    program, python = soffice(), uno_python()
    (tmp_path / "tracked.docx").write_bytes(faulty_docx)
    (tmp_path / "plain.docx").write_bytes(faulty_docx)
    run_gklint("check", "--fix", "--track-changes", "tracked.docx", cwd=tmp_path)
    run_gklint("check", "--fix", "plain.docx", cwd=tmp_path)
    script = Path(__file__).parent / "libreoffice_revisions.py"
    done = subprocess.run([python, str(script), program, (tmp_path / "profile").as_uri(), str(tmp_path / "tracked.docx"),
                           str(tmp_path / "accepted.docx"), str(tmp_path / "rejected.docx")], capture_output=True, timeout=240)
    assert done.returncode == 0, done.stderr
    fixed = synthetic_text((tmp_path / "plain.docx").read_bytes())
    assert synthetic_text((tmp_path / "accepted.docx").read_bytes()) == fixed != synthetic_text(faulty_docx)
    assert synthetic_text((tmp_path / "rejected.docx").read_bytes()) == synthetic_text(faulty_docx)


def test_without_track_changes_fix_is_as_before(tmp_path: Path, faulty_docx: bytes) -> None:
    (tmp_path / "r.docx").write_bytes(faulty_docx)
    run_gklint("check", "--fix", "r.docx", cwd=tmp_path)
    assert revisions((tmp_path / "r.docx").read_bytes()) == []


# --------------------------------------------------------------------------------------------
# Bad input


def _with_review_marks(data: bytes) -> bytes:
    """``data`` with a reviewer's comment on the title and a tracked insertion and deletion."""
    import docx
    from docx.oxml import parse_xml

    document = docx.Document(io.BytesIO(data))
    title = document.paragraphs[0]
    document.add_comment(title.runs, text="请核对机关名称", author="审核人", initials="SH")
    paragraph = document.paragraphs[2]
    namespace = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    paragraph._p.append(parse_xml(f'<w:ins {namespace} w:id="901" w:author="张三" w:date="2024-01-02T03:04:05Z">'
                                  f'<w:r><w:t>（补充）</w:t></w:r></w:ins>'))
    paragraph._p.append(parse_xml(f'<w:del {namespace} w:id="902" w:author="张三" w:date="2024-01-02T03:04:05Z">'
                                  f'<w:r><w:delText>删去的话</w:delText></w:r></w:del>'))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_existing_comments_and_revisions_survive(tmp_path: Path, faulty_docx: bytes) -> None:
    data = _with_review_marks(faulty_docx)
    path, findings, _ = annotate(tmp_path, data, "--fix", "--track-changes", name="r.docx")
    copy = (tmp_path / "r.gklint.docx").read_bytes()
    made = comments(copy)
    assert made["0"] == ("审核人", "请核对机关名称")
    assert anchors(copy)["0"][0] == anchors(data)["0"][0]
    assert len(made) == 1 + len(json.loads(run_gklint("check", "--format", "json", "-", "--stdin-filename", "r.docx",
                                                      stdin=data, cwd=tmp_path).stdout))
    for result in (copy, path.read_bytes()):  # the copy, and the input fixed with tracked changes
        theirs = [etree.tostring(mark) for mark in revisions(result) if mark.get(f"{W}author") == "张三"]
        assert theirs == [etree.tostring(mark) for mark in revisions(data)]


def test_a_password_protected_docx_is_a_clear_gk000(tmp_path: Path, faulty_docx: bytes) -> None:
    from msoffcrypto.format.ooxml import OOXMLFile

    encrypted = io.BytesIO()
    OOXMLFile(io.BytesIO(faulty_docx)).encrypt("secret", encrypted)
    path, findings, result = annotate(tmp_path, encrypted.getvalue(), "--fix", "--track-changes", name="r.docx")
    assert [finding["code"] for finding in findings] == ["GK000"] and result.returncode == 2
    assert "设置了打开密码" in findings[0]["message"]
    assert path.read_bytes() == encrypted.getvalue() and sorted(p.name for p in tmp_path.iterdir() if p.name != ".gklint_cache") == ["r.docx"]


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        for name, content in members.items():
            package.writestr(name, content)
    return buffer.getvalue()


def test_zip_bombs_are_refused_and_nothing_is_written(tmp_path: Path, faulty_docx: bytes) -> None:
    with zipfile.ZipFile(io.BytesIO(faulty_docx)) as package:
        members = {name: package.read(name) for name in package.namelist()}
    # the document itself: the loader refuses it (GK000)
    bomb = _zip({**members, "word/document.xml": members["word/document.xml"] + b" " * (60 * 1024 * 1024)})
    path, findings, result = annotate(tmp_path, bomb, name="bomb.docx")
    assert [finding["code"] for finding in findings] == ["GK000"] and "拒绝读取" in findings[0]["message"]
    # a member the loader never reads (an image): linted, but no copy is made of it
    hidden = _zip({**members, "word/media/image1.png": bytes(40 * 1024 * 1024)})
    (tmp_path / "hidden.docx").write_bytes(hidden)
    result = run_gklint("check", "--annotate", "hidden.docx", cwd=tmp_path)
    assert "未写批注副本：word/media/image1.png 的压缩比为" in result.stderr.decode()
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != ".gklint_cache") == ["bomb.docx", "hidden.docx"]
    assert path.read_bytes() == bomb and (tmp_path / "hidden.docx").read_bytes() == hidden
