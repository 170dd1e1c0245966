"""``gklint server`` end to end: a real LSP client (pygls's) starts the command over stdio, as
an editor does, and sees the same findings and the same fixes as ``gklint check``."""

from __future__ import annotations

import asyncio
import json
import sys
from pathlib import Path

import pytest
from lsprotocol import types

from conftest import REPORTS, ROOT, SHARED, run_gklint
from lsp_session import Session, capabilities

sys.path.insert(0, str(ROOT / "benchmarks"))
import corpus  # noqa: E402  (the benchmarks' Markdown and HTML renderings of a report)

HANDLED = (".txt", ".md", ".markdown", ".html", ".htm")
CLEAN = (REPORTS / "clean-2021.txt").read_text(encoding="utf-8")
# Defects with safe fixes, one of each kind: GK501, GK502, GK504 and GK201 (a row label).
DEFECTS = (("2023年，青山县", "2023年,青山县"), ("围绕中心工作推进", "围绕中心工作**推进"),
           ("政策解读3篇", "政策解读３篇"), ("新收政府信息公开申请数量", "新收政府信息公开申请数"))


def run(scenario) -> None:
    asyncio.run(scenario)


def with_defects(defects=DEFECTS, text: str = CLEAN) -> str:
    for old, new in defects:
        assert old in text
        text = text.replace(old, new, 1)
    return text


def rendered(text: str, suffix: str) -> str:
    """The report as a ``.txt``, ``.md`` or ``.html`` file."""
    lines = text.split("\n")
    if suffix == ".md":
        return corpus._markdown(lines)
    if suffix == ".html":
        return corpus._html(lines, lines[0])
    return text


def cli_json(path: Path, *options: str) -> list[dict]:
    completed = run_gklint("check", path.name, "--format", "json", *options, cwd=path.parent)
    assert completed.returncode in (0, 1), completed.stderr.decode()
    return json.loads(completed.stdout)


def cli_fixed(folder: Path, name: str, text: str, *options: str) -> str:
    """The text ``gklint check --fix`` writes for ``text``."""
    path = folder / "cli" / name
    path.parent.mkdir(exist_ok=True)
    path.write_bytes(text.encode("utf-8"))
    run_gklint("check", name, "--fix", *options, cwd=path.parent)
    return path.read_bytes().decode("utf-8")


def utf16_column(line_text: str, code_points: int) -> int:
    return len(line_text[:code_points].encode("utf-16-le")) // 2


def expected_from_json(findings: list[dict], text: str) -> list[tuple]:
    """(code, range, message) of the CLI's findings, the range in UTF-16 as LSP counts it."""
    lines = text.split("\n")
    assert "\r" not in text.replace("\r\n", ""), "a lone CR would count lines differently"
    expected = []
    for finding in findings:
        start_line, end_line = finding["line"] - 1, finding["end_line"] - 1
        start = (start_line, utf16_column(lines[start_line], finding["column"] - 1))
        end = (end_line, utf16_column(lines[end_line], finding["end_column"] - 1))
        expected.append((finding["code"], start, end, finding["message"]))
    return expected


def seen(diagnostics) -> list[tuple]:
    return [(d.code, (d.range.start.line, d.range.start.character), (d.range.end.line, d.range.end.character), d.message)
            for d in diagnostics]


def handled_inputs() -> list[Path]:
    files = [path for folder in ("corpus", "seeds") if (SHARED / folder).is_dir()
             for path in sorted((SHARED / folder).iterdir()) if path.suffix.lower() in HANDLED]
    if not files:
        pytest.skip("../shared/corpus and ../shared/seeds are absent")
    return files


# ── diagnostics ──────────────────────────────────────────────────────────────────────────
def test_diagnostics_of_the_corpus_and_the_seeds_equal_the_command_line(tmp_path):
    inputs = handled_inputs()
    copies = []
    for source in inputs:
        copy = tmp_path / f"{source.parent.name}-{source.name}"
        copy.write_bytes(source.read_bytes())
        copies.append(copy)
    expected = {copy: expected_from_json(cli_json(copy), copy.read_text(encoding="utf-8")) for copy in copies}

    async def scenario():
        async with Session(tmp_path) as session:
            for copy in copies:
                uri = session.open(copy, copy.read_text(encoding="utf-8"))
                published = await session.diagnostics(uri, 1)
                assert seen(published.diagnostics) == expected[copy], copy.name
                assert all(d.source == "gklint" for d in published.diagnostics)

    run(scenario())
    assert sum(len(findings) for findings in expected.values()) > 0  # the comparison compared something


def test_diagnostic_fields_severity_link_related_and_data(tmp_path):
    # GK303: a row total that breaks (related: none here); GK501 fixable; an identity that
    # fails because of one cell gives related places.
    text = with_defects([("2023年，青山县", "2023年,青山县")])
    path = tmp_path / "report.txt"
    path.write_text(text, encoding="utf-8")
    findings = cli_json(path)

    async def scenario():
        async with Session(tmp_path) as session:
            uri = session.open(path, text)
            published = await session.diagnostics(uri, 1)
            assert published.version == 1
            assert seen(published.diagnostics) == expected_from_json(findings, text)
            (diagnostic,) = published.diagnostics
            assert diagnostic.severity == types.DiagnosticSeverity.Warning
            assert diagnostic.code == "GK501"
            link = Path(diagnostic.code_description.href.removeprefix("file://"))
            assert link.name == "GK501.md"
            assert link.read_text(encoding="utf-8") == run_gklint("explain", "GK501").stdout.decode("utf-8")
            assert diagnostic.data["finding"][0] == "GK501" and diagnostic.data["version"] == 1

    run(scenario())


def test_related_places_become_related_information(tmp_path):
    # One wrong cell breaks a row total and the balance: one finding, the other place related.
    lines = CLEAN.split("\n")
    number = next(index for index, line in enumerate(lines) if line.startswith("一、本年新收政府信息公开申请数量"))
    cells = lines[number].split("\t")
    cells[3] = str(int(cells[3]) + 5)
    lines[number] = "\t".join(cells)
    text = "\n".join(lines)
    path = tmp_path / "report.txt"
    path.write_text(text, encoding="utf-8")
    findings = cli_json(path)
    with_related = [finding for finding in findings if finding.get("related")]
    assert with_related, findings

    async def scenario():
        async with Session(tmp_path) as session:
            uri = session.open(path, text)
            published = await session.diagnostics(uri, 1)
            related = {(d.code, d.message): d.related_information for d in published.diagnostics if d.related_information}
            for finding in with_related:
                infos = related[(finding["code"], finding["message"])]
                lines_of_text = text.split("\n")
                assert [(info.message, info.location.uri, info.location.range.start.line,
                         info.location.range.start.character) for info in infos] == [
                    (place["message"], uri, place["line"] - 1,
                     utf16_column(lines_of_text[place["line"] - 1], place["column"] - 1))
                    for place in finding["related"]]

    run(scenario())


def test_messages_in_the_language_of_the_folder_config_and_non_reports_get_none(tmp_path):
    (tmp_path / "gklint.toml").write_text('lang = "en"\n', encoding="utf-8")
    text = with_defects([("2023年，青山县", "2023年,青山县")])
    path = tmp_path / "report.md"
    path.write_text(rendered(text, ".md"), encoding="utf-8")
    english = cli_json(path)
    assert english and english[0]["message"].startswith("half-width")

    async def scenario():
        async with Session(tmp_path) as session:
            uri = session.open(path, path.read_text(encoding="utf-8"))
            published = await session.diagnostics(uri, 1)
            assert [d.message for d in published.diagnostics] == [finding["message"] for finding in english]
            readme = session.open(tmp_path / "README.md", "# 说明\n\n这是仓库的说明文件,不是年度报告。\n")
            assert list((await session.diagnostics(readme, 1)).diagnostics) == []
            other = session.open(tmp_path / "notes.rst", text)  # not a format the server checks
            await session.settle(0.3)
            assert all(params.uri != other for _, params in session.published)

    run(scenario())


def test_cleared_on_close_and_rechecked_on_save(tmp_path):
    text = with_defects([("2023年，青山县", "2023年,青山县")])
    path = tmp_path / "report.txt"

    async def scenario():
        async with Session(tmp_path) as session:
            uri = session.open(path, text)
            assert len((await session.diagnostics(uri, 1)).diagnostics) == 1
            count = len(session.published)
            session.client.text_document_did_save(types.DidSaveTextDocumentParams(types.TextDocumentIdentifier(uri)))
            assert len((await session.diagnostics(uri, 1, after=count)).diagnostics) == 1
            count = len(session.published)
            session.close(uri)
            cleared = await session.diagnostics(uri, after=count)
            assert list(cleared.diagnostics) == []

    run(scenario())


def test_a_burst_of_twenty_changes_publishes_the_last_version_only(tmp_path):
    path = tmp_path / "report.txt"
    paragraph = "2023年，青山县自然资源局认真贯彻落实"
    # Version v has v-1 half-width commas in the first paragraph: each version's diagnostics
    # say which text they were computed from.
    texts = {version: CLEAN.replace(paragraph, "2023年" + "," * (version - 1) + paragraph[5:], 1)
             for version in range(2, 22)}
    path.write_text(texts[21], encoding="utf-8")
    expected = expected_from_json(cli_json(path), texts[21])

    async def scenario():
        async with Session(tmp_path) as session:
            uri = session.open(path, CLEAN)
            assert list((await session.diagnostics(uri, 1)).diagnostics) == []
            count = len(session.published)
            for version in range(2, 22):
                session.change(uri, texts[version], version)
            last = await session.diagnostics(uri, 21, after=count)
            await session.settle(0.5)
            versions = [params.version for _, params in session.published[count:] if params.uri == uri]
            assert versions == [21]
            assert seen(last.diagnostics) == expected and expected

    run(scenario())


@pytest.mark.parametrize("encoding", [None, "utf-8", "utf-32"])
def test_positions_in_the_negotiated_encoding_with_an_astral_character_before_the_finding(tmp_path, encoding):
    # 𠀀 (U+20000, CJK Extension B) is 1 code point, 2 UTF-16 units, 4 UTF-8 bytes.
    text = CLEAN.replace("2023年，青山县自然资源局认真", "𠀀2023年,青山县自然资源局认真", 1)
    path = tmp_path / "report.txt"
    line_number = text.split("\n").index(next(line for line in text.split("\n") if line.startswith("𠀀")))
    # The comma stands after 𠀀, four digits and 年.
    units = {None: 2 + 4 + 1, "utf-8": 4 + 4 + 3, "utf-32": 1 + 4 + 1}[encoding]

    async def scenario():
        offered = capabilities(encodings=[encoding]) if encoding else capabilities()
        async with Session(tmp_path, capabilities=offered) as session:
            assert session.encoding == (encoding or "utf-16")
            uri = session.open(path, text)
            (diagnostic,) = (await session.diagnostics(uri, 1)).diagnostics
            assert diagnostic.code == "GK501"
            assert (diagnostic.range.start.line, diagnostic.range.start.character) == (line_number, units)
            assert diagnostic.range.end.character - diagnostic.range.start.character == 1
            hover = await session.client.text_document_hover_async(
                types.HoverParams(types.TextDocumentIdentifier(uri), diagnostic.range.start))
            assert hover is not None and "GK501" in hover.contents.value

    run(scenario())


# ── pull diagnostics ─────────────────────────────────────────────────────────────────────
def test_a_client_that_pulls_gets_diagnostics_on_request_and_none_pushed(tmp_path):
    text = with_defects()
    path = tmp_path / "report.txt"
    path.write_text(text, encoding="utf-8")
    expected = expected_from_json(cli_json(path), text)

    async def scenario():
        async with Session(tmp_path, capabilities=capabilities(pull=True)) as session:
            assert session.initialize_result.capabilities.diagnostic_provider.identifier == "gklint"
            uri = session.open(path, text)
            report = await session.client.text_document_diagnostic_async(
                types.DocumentDiagnosticParams(types.TextDocumentIdentifier(uri)))
            assert report.kind == "full"
            assert seen(report.items) == expected
            await session.settle(0.3)
            assert session.published == []

    run(scenario())


def test_a_pull_for_a_version_superseded_while_checked_is_cancelled_for_a_retrigger(tmp_path):
    from pygls.exceptions import JsonRpcException

    first, second = CLEAN, with_defects([("2023年，青山县", "2023年,青山县")])

    async def scenario():
        async with Session(tmp_path, capabilities=capabilities(pull=True)) as session:
            uri = session.open(tmp_path / "report.txt", first)
            pulled = asyncio.ensure_future(session.client.text_document_diagnostic_async(
                types.DocumentDiagnosticParams(types.TextDocumentIdentifier(uri))))
            await asyncio.sleep(0)  # the request is sent ...
            session.change(uri, second, 2)  # ... and the change right behind it
            with pytest.raises(JsonRpcException) as cancelled:
                await pulled
            assert cancelled.value.code == -32802  # ServerCancelled
            assert cancelled.value.data == {"retriggerRequest": True}
            report = await session.client.text_document_diagnostic_async(
                types.DocumentDiagnosticParams(types.TextDocumentIdentifier(uri)))
            assert [d.code for d in report.items] == ["GK501"]

    run(scenario())


# ── code actions ─────────────────────────────────────────────────────────────────────────
async def code_actions(session: Session, uri: str, diagnostics, only=None) -> list[types.CodeAction]:
    whole = types.Range(types.Position(0, 0), types.Position(10_000, 0))
    return await session.client.text_document_code_action_async(types.CodeActionParams(
        types.TextDocumentIdentifier(uri), whole, types.CodeActionContext(diagnostics=list(diagnostics), only=only)))


@pytest.mark.parametrize("suffix", [".txt", ".md", ".html"])
def test_a_quick_fix_applied_by_the_client_gives_the_text_of_fix(tmp_path, suffix):
    name = f"report{suffix}"
    single = rendered(with_defects([("2023年，青山县", "2023年,青山县")]), suffix)
    several = rendered(with_defects(), suffix)
    fixed_single = cli_fixed(tmp_path, name, single)
    assert fixed_single != single

    async def scenario():
        async with Session(tmp_path) as session:
            uri = session.open(tmp_path / name, single)
            (diagnostic,) = (await session.diagnostics(uri, 1)).diagnostics
            actions = await code_actions(session, uri, [diagnostic], only=[types.CodeActionKind.QuickFix])
            (action,) = actions
            assert action.kind == types.CodeActionKind.QuickFix and list(action.diagnostics) == [diagnostic]
            assert session.apply(uri, action.edit) == fixed_single
            session.close(uri)

            # With several fixable findings, each quick fix is --fix of that rule alone.
            uri = session.open(tmp_path / f"several{suffix}", several)
            diagnostics = (await session.diagnostics(uri, 1)).diagnostics
            codes = [d.code for d in diagnostics if d.data]
            assert sorted(codes) == ["GK201", "GK501", "GK502", "GK504"]
            for diagnostic in diagnostics:
                (action,) = await code_actions(session, uri, [diagnostic], only=[types.CodeActionKind.QuickFix])
                expected = cli_fixed(tmp_path, f"several{suffix}", several, "--select", diagnostic.code)
                assert session.apply(uri, action.edit) == expected, diagnostic.code

    run(scenario())


@pytest.mark.parametrize("suffix", [".txt", ".md", ".html"])
def test_fix_all_applied_by_the_client_gives_the_text_of_fix(tmp_path, suffix):
    name = f"report{suffix}"
    text = rendered(with_defects(), suffix)
    fixed = cli_fixed(tmp_path, name, text)
    assert fixed != text

    async def scenario():
        async with Session(tmp_path) as session:
            uri = session.open(tmp_path / name, text)
            diagnostics = (await session.diagnostics(uri, 1)).diagnostics
            for only in (["source.fixAll"], ["source"], None):
                actions = [action for action in await code_actions(session, uri, diagnostics, only=only)
                           if action.kind == "source.fixAll.gklint"]
                (action,) = actions
                assert session.apply(uri, action.edit) == fixed
            # The fixed text has nothing left to fix: no action.
            session.change(uri, fixed, 2)
            remaining = (await session.diagnostics(uri, 2)).diagnostics
            assert not any(d.data for d in remaining)
            assert list(await code_actions(session, uri, remaining, only=["source.fixAll.gklint"])) == []

    run(scenario())


def test_a_quick_fix_of_an_older_version_is_not_offered(tmp_path):
    text = with_defects([("2023年，青山县", "2023年,青山县")])

    async def scenario():
        async with Session(tmp_path, capabilities=capabilities(document_changes=False)) as session:
            uri = session.open(tmp_path / "report.txt", text)
            (diagnostic,) = (await session.diagnostics(uri, 1)).diagnostics
            (action,) = await code_actions(session, uri, [diagnostic], only=[types.CodeActionKind.QuickFix])
            assert action.edit.changes and not action.edit.document_changes  # the client takes plain changes
            session.change(uri, "前言\n" + text, 2)
            assert list(await code_actions(session, uri, [diagnostic], only=[types.CodeActionKind.QuickFix])) == []

    run(scenario())


# ── hover ────────────────────────────────────────────────────────────────────────────────
def test_hover_on_a_diagnostic_shows_the_rule_explanation(tmp_path):
    text = with_defects([("2023年，青山县", "2023年,青山县")])

    async def scenario():
        async with Session(tmp_path) as session:
            uri = session.open(tmp_path / "report.txt", text)
            (diagnostic,) = (await session.diagnostics(uri, 1)).diagnostics
            hover = await session.client.text_document_hover_async(
                types.HoverParams(types.TextDocumentIdentifier(uri), diagnostic.range.start))
            assert hover.contents.kind == types.MarkupKind.Markdown
            explanation = run_gklint("explain", "GK501").stdout.decode("utf-8")
            for section in ("## 检查什么（What it does）", "## 为什么（Why is this bad?）", "## 修复（Fix safety）"):
                assert section in explanation and section in hover.contents.value
            assert hover.contents.value.startswith("### GK501 halfwidth-punctuation")
            assert hover.range == diagnostic.range
            nothing = await session.client.text_document_hover_async(
                types.HoverParams(types.TextDocumentIdentifier(uri), types.Position(0, 0)))
            assert nothing is None

    run(scenario())


# ── configuration ────────────────────────────────────────────────────────────────────────
def test_configuration_per_folder_reloaded_on_change_and_a_bad_one_shown_once(tmp_path):
    text = with_defects()
    config = tmp_path / "gklint.toml"

    async def scenario():
        async with Session(tmp_path, capabilities=capabilities(watched_files=True)) as session:
            await session.settle(0.2)
            globs = [watcher["globPattern"] for registration in session.registrations
                     for watcher in registration.register_options["watchers"]]
            assert globs == ["**/gklint.toml", "**/.gklint.toml", "**/pyproject.toml"]
            uri = session.open(tmp_path / "report.txt", text)
            codes = sorted(d.code for d in (await session.diagnostics(uri, 1)).diagnostics)
            assert {"GK501", "GK502"} <= set(codes)

            def config_changed(content: str) -> int:
                config.write_text(content, encoding="utf-8")
                count = len(session.published)
                session.client.workspace_did_change_watched_files(types.DidChangeWatchedFilesParams(
                    [types.FileEvent(config.as_uri(), types.FileChangeType.Changed)]))
                return count

            count = config_changed('ignore = ["GK501"]\n')
            reloaded = await session.diagnostics(uri, 1, after=count)
            assert sorted(d.code for d in reloaded.diagnostics) == [code for code in codes if code != "GK501"]

            count = config_changed('ignore = ["GK5O1"]\n')  # a typo: the letter O
            broken = await session.diagnostics(uri, 1, after=count)
            assert list(broken.diagnostics) == []
            session.change(uri, text + "\n", 2)  # checking again does not show the message again
            await session.diagnostics(uri, 2)
            (message,) = session.messages
            assert message.type == types.MessageType.Error
            assert "GK5O1" in message.message and "gklint.toml" in message.message

            # Without a watched-files notification: the file's change is seen at the next check.
            config.write_text('select = ["GK502"]\n', encoding="utf-8")
            session.change(uri, text, 3)
            assert [d.code for d in (await session.diagnostics(uri, 3)).diagnostics] == ["GK502"]

    run(scenario())


def test_each_workspace_folder_has_its_own_configuration(tmp_path):
    text = with_defects()
    english, chinese = tmp_path / "english", tmp_path / "chinese"
    english.mkdir()
    chinese.mkdir()
    (english / "gklint.toml").write_text('lang = "en"\nselect = ["GK501"]\n', encoding="utf-8")
    (chinese / "pyproject.toml").write_text('[tool.gklint]\nselect = ["GK504"]\n', encoding="utf-8")

    async def scenario():
        async with Session(tmp_path) as session:
            session.client.workspace_did_change_workspace_folders(types.DidChangeWorkspaceFoldersParams(
                types.WorkspaceFoldersChangeEvent(
                    added=[types.WorkspaceFolder(english.as_uri(), "english"), types.WorkspaceFolder(chinese.as_uri(), "chinese")],
                    removed=[])))
            first = session.open(english / "report.txt", text)
            second = session.open(chinese / "report.txt", text)
            (one,) = (await session.diagnostics(first, 1)).diagnostics
            (other,) = (await session.diagnostics(second, 1)).diagnostics
            assert (one.code, other.code) == ("GK501", "GK504")
            assert one.message.startswith("half-width") and other.message.startswith("全角字符")

    run(scenario())


def test_gklint_server_names_the_extra_when_pygls_is_missing(tmp_path):
    program = ("import sys; sys.modules['pygls'] = None; from gklint.cli.main import main; "
               "sys.exit(main(['server']))")
    import subprocess

    completed = subprocess.run([sys.executable, "-c", program], capture_output=True, cwd=tmp_path, timeout=120)
    assert completed.returncode == 2
    assert completed.stderr.decode("utf-8") == (
        "gklint: 错误：gklint server 需要 lsp 扩展（缺少 pygls）：pip install 'gklint[lsp]'\n")


def test_lang_on_the_command_line_is_over_the_config(tmp_path):
    (tmp_path / "gklint.toml").write_text('lang = "zh"\n', encoding="utf-8")
    text = with_defects([("2023年，青山县", "2023年,青山县")])
    path = tmp_path / "report.txt"
    path.write_text(text, encoding="utf-8")
    english = cli_json(path, "--lang", "en")

    async def scenario():
        async with Session(tmp_path, "--lang", "en") as session:
            uri = session.open(path, text)
            (diagnostic,) = (await session.diagnostics(uri, 1)).diagnostics
            assert diagnostic.message == english[0]["message"]
            titles = [action.title for action in await code_actions(session, uri, [diagnostic])]
            assert titles == ["Fix GK501", "gklint: fix all auto-fixable problems"]

    run(scenario())
