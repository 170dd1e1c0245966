"""``gklint server`` given bad input — a malformed request, a 5 MB document, a binary
document, a plugin rule that crashes — answers or reports, and keeps serving."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from lsprotocol import types

from conftest import REPORTS, run_gklint
from lsp_session import Session

CLEAN = (REPORTS / "clean-2021.txt").read_text(encoding="utf-8")
DEFECT = CLEAN.replace("2023年，青山县", "2023年,青山县", 1)


def seen(diagnostics) -> list[tuple]:
    return [(d.code, d.range.start.line, d.range.start.character, d.message) for d in diagnostics]


# ── a malformed request ──────────────────────────────────────────────────────────────────
def frame(body: bytes) -> bytes:
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


def message(**fields) -> bytes:
    return frame(json.dumps({"jsonrpc": "2.0", **fields}).encode("utf-8"))


def read_messages(stream, count: int) -> list[dict]:
    """The next ``count`` messages the server writes (responses and notifications)."""
    messages = []
    while len(messages) < count:
        headers = {}
        while True:
            line = stream.readline()
            assert line, f"the server closed its output after {messages}"
            if line in (b"\r\n", b"\n"):
                break
            name, _, value = line.decode("ascii").partition(":")
            headers[name.strip().lower()] = value.strip()
        messages.append(json.loads(stream.read(int(headers["content-length"]))))
    return messages


def responses(stream, ids: set[int]) -> dict[int, dict]:
    found: dict[int, dict] = {}
    while not ids <= set(found):
        for received in read_messages(stream, 1):
            if "id" in received and "method" not in received:
                found[received["id"]] = received
    return found


def test_malformed_requests_are_answered_and_the_server_goes_on(tmp_path):
    server = subprocess.Popen([sys.executable, "-m", "gklint", "server"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                              stderr=subprocess.DEVNULL, cwd=tmp_path,
                              env={**os.environ, "GKLINT_CACHE_DIR": str(tmp_path / "cache")})
    # A request left unanswered must fail the test, not hang it: the server is stopped then.
    watchdog = threading.Timer(120, server.kill)
    watchdog.start()
    try:
        send = server.stdin.write
        send(message(id=1, method="initialize", params={"processId": None, "rootUri": tmp_path.as_uri(), "capabilities": {}}))
        send(message(method="initialized", params={}))
        send(frame(b'{"jsonrpc": "2.0", "id": 2, "method": '))  # not JSON at all
        send(message(id=3, method="textDocument/hover", params={"textDocument": 5, "position": "here"}))
        send(message(id=4, method="gklint/noSuchMethod", params={}))
        uri = (tmp_path / "report.txt").as_uri()
        send(message(method="textDocument/didOpen", params={"textDocument": {
            "uri": uri, "languageId": "plaintext", "version": 1, "text": DEFECT}}))
        send(message(id=5, method="textDocument/hover", params={
            "textDocument": {"uri": uri}, "position": {"line": 0, "character": 0}}))
        server.stdin.flush()
        answered = responses(server.stdout, {1, 3, 4, 5})
        assert answered[1]["result"]["capabilities"]["positionEncoding"] == "utf-16"
        assert answered[3]["error"]["code"] == -32602  # invalid params
        assert answered[4]["error"]["code"] == -32601  # method not found
        assert answered[5]["result"] is None  # a well-formed request after them is served
        # And the document opened after the malformed ones is checked.
        published = []
        while not published:
            received = read_messages(server.stdout, 1)[0]
            if received.get("method") == "textDocument/publishDiagnostics":
                published.append(received["params"])
        assert [d["code"] for d in published[0]["diagnostics"]] == ["GK501"]
        send(message(id=6, method="shutdown"))
        server.stdin.flush()
        assert responses(server.stdout, {6})[6]["result"] is None
        send(message(method="exit"))
        server.stdin.close()
        assert server.wait(timeout=60) == 0
    finally:
        watchdog.cancel()
        if server.poll() is None:
            server.kill()
            server.wait()
        server.stdout.close()


# ── a 5 MB document, a binary document ───────────────────────────────────────────────────
@pytest.mark.slow
def test_a_five_megabyte_document_is_checked_while_the_server_keeps_answering(tmp_path):
    big = DEFECT * (5 * 1024 * 1024 // len(DEFECT.encode("utf-8")) + 1)
    assert len(big.encode("utf-8")) >= 5 * 1024 * 1024

    async def scenario():
        async with Session(tmp_path) as session:
            huge = session.open(tmp_path / "huge.txt", big)
            small = session.open(tmp_path / "small.txt", DEFECT)
            started = time.monotonic()
            # Asked while the large document is being checked: answered at once.
            await session.client.text_document_hover_async(
                types.HoverParams(types.TextDocumentIdentifier(small), types.Position(0, 0)))
            answered = time.monotonic() - started
            published = await session.diagnostics(huge, 1)
            assert answered < (time.monotonic() - started) / 2
            assert len(published.diagnostics) >= big.count("2023年,青山县")
            assert [d.code for d in (await session.diagnostics(small, 1)).diagnostics] == ["GK501"]

    asyncio.run(scenario())


def test_a_binary_document_gets_the_unreadable_diagnostic_and_the_server_goes_on(tmp_path):
    binary = bytes(range(256)).decode("latin-1") * 64
    path = tmp_path / "scan.txt"
    path.write_bytes(binary.encode("utf-8"))
    expected = json.loads(run_gklint("check", "scan.txt", "--format", "json", cwd=tmp_path).stdout)
    assert [finding["code"] for finding in expected] == ["GK000"]

    async def scenario():
        async with Session(tmp_path) as session:
            uri = session.open(path, binary)
            (diagnostic,) = (await session.diagnostics(uri, 1)).diagnostics
            assert (diagnostic.code, diagnostic.message) == ("GK000", expected[0]["message"])
            assert diagnostic.severity == types.DiagnosticSeverity.Error
            assert (diagnostic.range.start.line, diagnostic.range.start.character) == (0, 0)
            other = session.open(tmp_path / "report.txt", DEFECT)
            assert [d.code for d in (await session.diagnostics(other, 1)).diagnostics] == ["GK501"]

    asyncio.run(scenario())


# ── a plugin rule that crashes ───────────────────────────────────────────────────────────
CRASHING_PLUGIN = '''\
"""A plugin whose rule fails on every report."""

import gklint


class Crashing(gklint.Rule):
    """Fails.

    ## 检查什么（What it does）
    无。

    ## 为什么（Why is this bad?）
    无。

    ## 示例（Example）
    无。

    ## 已知问题（Known problems）
    每次都出错。

    ## 修复（Fix safety）
    无。

    ## 选项（Options）
    无。
    """

    code = "CR101"
    name = "crashing"
    severity = "warning"
    summary = "总是出错"
    summary_en = "always fails"
    needs_format = False
    messages = {"never": gklint.Message(zh="不会出现", en="never shown")}

    def check(self, document, context):
        raise RuntimeError("the crashing plugin crashed")


@gklint.hookimpl
def gklint_rules():
    return [Crashing]
'''


def install_plugin(folder: Path) -> dict[str, str]:
    """A plugin found through its entry point, as pip would install it; the environment
    that makes it importable."""
    folder.mkdir()
    (folder / "gklint_crashing_plugin.py").write_text(CRASHING_PLUGIN, encoding="utf-8")
    metadata = folder / "gklint_crashing_plugin-1.0.dist-info"
    metadata.mkdir()
    (metadata / "METADATA").write_text("Metadata-Version: 2.1\nName: gklint-crashing-plugin\nVersion: 1.0\n", encoding="utf-8")
    (metadata / "entry_points.txt").write_text("[gklint]\ncrashing = gklint_crashing_plugin\n", encoding="utf-8")
    return {"PYTHONPATH": os.pathsep.join([str(folder), *filter(None, [os.environ.get("PYTHONPATH")])])}


def test_a_plugin_rule_that_crashes_is_reported_and_the_others_still_give_diagnostics(tmp_path):
    environment = install_plugin(tmp_path / "site")
    rules = json.loads(run_gklint("rules", "--format", "json", env=environment).stdout)
    assert "CR101" in [rule["code"] for rule in rules]  # the plugin is installed for the server too
    workspace = tmp_path / "workspace"
    workspace.mkdir()

    async def scenario():
        async with Session(workspace, env=environment) as session:
            uri = session.open(workspace / "report.txt", DEFECT)
            assert [d.code for d in (await session.diagnostics(uri, 1)).diagnostics] == ["GK501"]
            await session.settle(0.3)
            reported = [log.message for log in session.logs if "CR101" in log.message]
            assert reported and "the crashing plugin crashed" in reported[0]
            session.change(uri, CLEAN, 2)  # and it keeps serving
            assert list((await session.diagnostics(uri, 2)).diagnostics) == []

    asyncio.run(scenario())


def test_the_server_exits_when_its_client_goes_away(tmp_path):
    server = subprocess.Popen([sys.executable, "-m", "gklint", "server"], stdin=subprocess.PIPE,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=tmp_path)
    server.stdin.write(message(id=1, method="initialize", params={"processId": None, "capabilities": {}}))
    server.stdin.close()
    try:
        assert server.wait(timeout=60) is not None
    finally:
        if server.poll() is None:
            server.kill()
            server.wait()
