"""``gklint web`` in a real browser: the system Chromium (Playwright, ``tests/browser.py``;
skipped only where Chromium is absent) against a real server (``tests/web_server.py``).

A writer's round trip: the upload page, a DOCX and a portal HTML page uploaded through the
form, the review with its flagged cells, the annotated copy and the fixed file downloaded and
checked (the fixed file is byte for byte what ``gklint check --fix`` writes, the annotated
copy has one Word comment per finding); a zip of a folder; reports whose text is markup shown
as text. Every request the page makes is routed and recorded: none leaves the server.
"""

from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from browser import browser_context, chromium_path
from conftest import run_gklint
from test_review import ATTRIBUTE_PAYLOAD, SCRIPT_PAYLOAD, write_xss_reports
from test_format_equivalence import parse_model, render_docx, render_html
from test_word_review import faulty_report
from web_server import web_server

pytestmark = pytest.mark.slow
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    chromium_path()  # skip before starting anything where there is no browser
    base = tmp_path_factory.mktemp("web-browser")
    office = base / "office"
    office.mkdir()
    with web_server(office) as server:
        server.base = base
        yield server


class Watched:
    """A page whose every request is routed: to the server it goes through, anything else is
    refused; all are recorded, with console errors (a CSP refusal is one) and page errors."""

    def __init__(self, context, origin: str) -> None:
        self.origin = origin
        self.requests: list[str] = []
        self.errors: list[str] = []
        context.route("**/*", self._route)
        self.page = context.pages[0] if context.pages else context.new_page()
        self.page.on("console", lambda message: self.errors.append(message.text) if message.type == "error" else None)
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.on("request", lambda request: self.requests.append(request.url))

    def _route(self, route) -> None:
        if route.request.url.startswith(self.origin + "/"):
            route.continue_()
        else:
            route.abort()

    def outside(self) -> list[str]:
        return [url for url in self.requests if not url.startswith((self.origin + "/", "data:"))]


def upload(page, server, path: Path) -> None:
    page.goto(f"{server.url}/")
    page.set_input_files("#file", str(path))
    with page.expect_navigation():
        page.click("#submit")


def download(page, selector: str, target: Path) -> Path:
    with page.expect_download() as waiting:
        page.click(selector)
    saved = target / waiting.value.suggested_filename
    waiting.value.save_as(str(saved))
    return saved


def fixed_by_the_command(source: Path, folder: Path) -> bytes:
    """What ``gklint check --fix`` writes over a copy of ``source``."""
    folder.mkdir()
    copy = folder / source.name
    shutil.copy(source, copy)
    run_gklint("check", "--fix", copy.name, cwd=folder)
    return copy.read_bytes()


def comment_count(docx: Path) -> int:
    with zipfile.ZipFile(docx) as package:
        return len(etree.fromstring(package.read("word/comments.xml")).findall(f"{W}comment"))


def test_a_word_report_and_a_portal_page(site, tmp_path: Path) -> None:
    docx = tmp_path / "青山县自然资源局2023年报.docx"
    docx.write_bytes(render_docx(parse_model(faulty_report())))
    # A portal page in GB18030, as many county portals still publish them: the fixed file
    # must come back in it.
    portal = tmp_path / "青山县2023年报-门户.html"
    portal.write_bytes(render_html(parse_model(faulty_report()), charset="gb18030").encode("gb18030"))
    with browser_context(tmp_path / "profile", viewport={"width": 1400, "height": 1000}, accept_downloads=True,
                         locale="zh-CN") as context:
        watched = Watched(context, site.url)
        page = watched.page
        page.goto(site.url)
        assert page.locator("h1").inner_text() == "政府信息公开工作年度报告检查"

        for source in (docx, portal):
            upload(page, site, source)
            expected = json.loads(run_gklint("check", "--format", "json", source.name, cwd=tmp_path).stdout)
            # The review page: the findings listed, flagged cells in the report's tables, the
            # page's own script running (it takes the "loading" class off) under the CSP.
            assert page.locator("li.f").count() == len(expected) > 0, source
            assert page.locator("table.rt td mark[data-f]").count() > 0, source
            assert not page.evaluate("document.body.classList.contains('loading')")
            messages = page.locator("li.f .msg").all_inner_texts()
            assert sorted(messages) == sorted(finding["message"] for finding in expected)
            # The fixed file, in the file's own format and encoding: what --fix writes.
            fixed = download(page, "#dl-fixed", tmp_path)
            assert fixed.name == f"{source.stem}.fixed{source.suffix}"
            assert fixed.read_bytes() == fixed_by_the_command(source, tmp_path / f"fix-{source.suffix[1:]}")
            assert fixed.read_bytes() != source.read_bytes()
            # JSON and SARIF as the command prints them.
            assert json.loads(download(page, "#dl-json", tmp_path).read_bytes()) == expected
            assert json.loads(download(page, "#dl-sarif", tmp_path).read_bytes())["version"] == "2.1.0"
            if source.suffix == ".docx":
                annotated = download(page, "#dl-annotated", tmp_path)
                assert annotated.name == "青山县自然资源局2023年报.gklint.docx"
                assert comment_count(annotated) == len(expected)
            else:
                assert page.locator("#dl-annotated").count() == 0
        assert watched.errors == []
        assert watched.outside() == []
    assert site.leftovers() == []


def test_a_zip_of_a_folder_and_markup_shown_as_text(site, tmp_path: Path) -> None:
    folder = tmp_path / "县区报告"
    written = write_xss_reports(folder / "xss")
    (folder / "docx").mkdir()
    (folder / "docx" / "a.docx").write_bytes(render_docx(parse_model(faulty_report())))
    archive = tmp_path / "县区报告.zip"
    with zipfile.ZipFile(archive, "w") as package:
        for path in sorted(folder.rglob("*.*")):
            package.write(path, path.relative_to(tmp_path).as_posix())
    with browser_context(tmp_path / "profile", viewport={"width": 1400, "height": 1000}, accept_downloads=True,
                         locale="en-US") as context:
        watched = Watched(context, site.url)
        page = watched.page
        upload(page, site, archive)  # the browser asks for English (locale en-US)
        assert page.locator("html").get_attribute("lang") == "en"
        assert page.locator("#rows tbody tr").count() == len(written) + 1
        assert page.locator("#downloads").inner_text().startswith("Downloads")
        expected = json.loads(run_gklint("check", "--format", "json", "--lang", "en", "县区报告", cwd=tmp_path).stdout)
        assert page.locator("li.f").count() == len(expected)
        downloaded = json.loads(download(page, "#dl-json", tmp_path).read_bytes())
        assert [(item["code"], item["message"]) for item in downloaded] == \
            [(item["code"], item["message"]) for item in expected]
        # The workbook: what ``gklint check --format xlsx -o`` writes for the folder (its
        # first sheet lists the reports).
        import openpyxl

        workbook = openpyxl.load_workbook(download(page, "#dl-workbook", tmp_path), read_only=True)
        reports = [row for row in workbook.worksheets[0].iter_rows(min_row=2, values_only=True) if any(row)]
        assert len(reports) == len(written) + 1
        # Report text is text: nothing of it runs or becomes an element.
        for path in written:
            report = page.evaluate("""(name) => Array.from(document.querySelectorAll('section.report'))
                .find(section => section.dataset.path.endsWith(name) && !section.dataset.for).id""", path.name)
            page.click(f"#rows a[href='#{report}']")
            text = page.locator(f"#{report}").inner_text()
            assert SCRIPT_PAYLOAD in text and ATTRIBUTE_PAYLOAD in text
            page.click(f"#{report} nav.back a")
        assert page.evaluate("typeof window.__xss") == "undefined"
        assert page.locator("img").count() == 0
        assert watched.errors == []
        assert watched.outside() == []
    assert site.leftovers() == []


def test_an_error_is_shown_on_the_upload_page(site, tmp_path: Path) -> None:
    empty = tmp_path / "空.txt"
    empty.write_bytes(b"")
    with browser_context(tmp_path / "profile", locale="zh-CN") as context:
        watched = Watched(context, site.url)
        page = watched.page
        upload(page, site, empty)
        assert page.locator("#error").inner_text() == "文件是空的：空.txt"
        assert page.locator("#file").count() == 1
        assert watched.outside() == []
