"""The language server: LSP over stdio on pygls, wired to ``gklint.server.analysis``.

How a document's diagnostics are kept right while it is typed in:

- Every open, change and save records the document's version; a check is started after a
  short pause (``DEBOUNCE_SECONDS``, none on open and save) and a newer change cancels the
  one waiting. Checks run one at a time in a worker thread, so the server keeps answering
  while a large document is checked.
- A check whose version is no longer the document's when it starts is not run, and one whose
  version was superseded while it ran is not published: a stale result never reaches the
  editor (a pull request for it is answered "server cancelled, retrigger").
- Clients that pull diagnostics (``textDocument/diagnostic``) get them on request; the others
  get them pushed (``textDocument/publishDiagnostics``, with the version checked).

Anything printed while serving (a rule's crash note, a plugin's print) goes to stderr and to
the client's log (``window/logMessage``), never into the protocol stream on stdout.
"""

from __future__ import annotations

import asyncio
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from lsprotocol import types
from pygls.exceptions import JsonRpcException
from pygls.lsp.server import LanguageServer
from pygls.protocol import LanguageServerProtocol
from pygls.uris import to_fs_path

from gklint import __version__
from gklint.check.finding import Finding
from gklint.records import Record
from gklint.registry import get_registry
from gklint.server import analysis
from gklint.server.diagnostics import SOURCE, lsp_range, to_diagnostics
from gklint.server.folders import FolderState, Folders
from gklint.server.positions import UTF16, LineIndex
from gklint.server.rule_help import RuleHelp

# The report formats an author edits as text; Word and PDF files are not edited in a text editor.
SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm")
# The pause after a change before checking: long enough to take a burst of keystrokes (or a
# client's burst of edits) as one, short enough to stay under 50 ms from a change to its
# diagnostics for a 300-line report (benchmarks/lsp_latency.py).
DEBOUNCE_SECONDS = 0.02
FIX_ALL_KIND = "source.fixAll.gklint"
CONFIG_GLOBS = ("**/gklint.toml", "**/.gklint.toml", "**/pyproject.toml")
SERVER_CANCELLED = -32802  # LSP's ErrorCodes.ServerCancelled


class Checked(Record):
    """A document's findings for one version of its text."""

    version: int | None
    text: str
    findings: list[Finding]
    lang: str


class OpenDocument(Record):
    """What the server keeps of an open document."""

    path: str
    version: int | None
    waiting: Any = None  # the asyncio task that will check it
    checked: Checked | None = None


class GklintProtocol(LanguageServerProtocol):
    """pygls's protocol, but a request whose parameters do not fit their type is answered
    with an error: pygls reports it (``window/showMessage``) and drops it, and a client would
    wait for the answer forever."""

    def structure_message(self, data: dict[str, Any]):
        try:
            return super().structure_message(data)
        except JsonRpcException as error:
            if "jsonrpc" in data and "method" in data and isinstance(data.get("id"), (int, str)):
                self._send_response(data["id"], error=error.to_response_error())
            raise  # and reported, as pygls reports it


class GklintServer(LanguageServer):
    """gklint's language server; ``lang``: the language of ``--lang`` (over the configs')."""

    def __init__(self, lang: str | None = None) -> None:
        # Full document sync: a report is small, and each change brings its whole text, so
        # no edit can be applied to the wrong version of it.
        super().__init__("gklint", __version__, text_document_sync_kind=types.TextDocumentSyncKind.Full,
                         protocol_cls=GklintProtocol)
        self.lang = lang
        self.folders = Folders(lang)
        self.documents: dict[str, OpenDocument] = {}
        self.checker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="gklint-check")
        self.pulls = False  # the client pulls diagnostics
        self.rule_help = RuleHelp(get_registry(lang or "zh"))
        self.loop: asyncio.AbstractEventLoop | None = None

    # ── documents ────────────────────────────────────────────────────────────────────────
    def open(self, uri: str, version: int | None) -> None:
        path = handled_path(uri)
        if path is None:
            return
        self.documents[uri] = OpenDocument(path, version)
        if not self.pulls:
            self.schedule(uri, 0)

    def changed(self, uri: str, version: int | None, delay: float) -> None:
        document = self.documents.get(uri)
        if document is None:
            return
        document.version = version
        if not self.pulls:
            self.schedule(uri, delay)

    def close(self, uri: str) -> None:
        document = self.documents.pop(uri, None)
        if document is None:
            return
        if document.waiting is not None:
            document.waiting.cancel()
        if not self.pulls:
            self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=[]))

    def text(self, uri: str) -> str:
        return self.workspace.get_text_document(uri).source

    def current(self, uri: str, version: int | None) -> bool:
        """Whether ``version`` is still the open document's newest (read by the worker too)."""
        document = self.documents.get(uri)
        return document is not None and document.version == version

    # ── checking ─────────────────────────────────────────────────────────────────────────
    def schedule(self, uri: str, delay: float) -> None:
        """Check ``uri`` after ``delay`` seconds and publish, unless a newer change comes."""
        document = self.documents[uri]
        if document.waiting is not None:
            document.waiting.cancel()
        document.waiting = asyncio.ensure_future(self._publish(uri, document.version, delay))

    async def _publish(self, uri: str, version: int | None, delay: float) -> None:
        if delay:
            await asyncio.sleep(delay)
        diagnostics = await self.diagnose(uri, version)
        if diagnostics is not None:
            self.text_document_publish_diagnostics(
                types.PublishDiagnosticsParams(uri=uri, diagnostics=diagnostics, version=version))

    async def diagnose(self, uri: str, version: int | None) -> list[types.Diagnostic] | None:
        """The diagnostics of ``uri`` at ``version``; None when that version was superseded
        (or the document closed)."""
        document = self.documents.get(uri)
        if document is None:
            return None
        text = self.text(uri)
        loop = asyncio.get_running_loop()
        outcome = await loop.run_in_executor(self.checker, self._check, uri, document.path, text, version)
        if outcome is None:
            return None
        state, changed, result = outcome
        if changed:
            self.configuration_changed(state)
        if not self.current(uri, version):
            return None
        findings = result.findings if result is not None else []
        lang = state.linter.config.lang if state.linter is not None else (self.lang or "zh")
        document.checked = Checked(version, text, findings, lang)
        return to_diagnostics(findings, text, self.encoding, uri, version, self.rule_help)

    def _check(self, uri: str, path: str, text: str, version: int | None):
        """(In the worker.) The folder's configuration state, whether it changed, and the
        result of checking ``text``; None when a newer version came before it started."""
        if not self.current(uri, version):
            return None
        state, changed = self.folders.state_for(path)
        if state.linter is None:
            return state, changed, None
        try:
            return state, changed, analysis.check(state.linter, text, path)
        except Exception:  # the engine stands one rule's crash; this is a crash beyond it
            import traceback

            print(f"gklint: internal error while checking {path}:\n{traceback.format_exc()}", file=sys.stderr)
            return state, changed, None

    def configuration_changed(self, state: FolderState) -> None:
        """A configuration was (re)read: say once what is wrong with it."""
        if state.error is not None:
            self.window_show_message(types.ShowMessageParams(type=types.MessageType.Error, message=f"gklint: {state.error}"))

    def recheck_all(self) -> None:
        """Config files changed: check every open document again (or ask the client to pull)."""
        if not self.pulls:
            for uri in self.documents:
                self.schedule(uri, 0)
            return
        if _capability(self.client_capabilities, "workspace", "diagnostics", "refresh_support"):
            self.workspace_diagnostic_refresh(None)

    @property
    def encoding(self) -> str:
        return str(self.workspace.position_encoding or UTF16)

    # ── code actions and hover ───────────────────────────────────────────────────────────
    async def code_actions(self, params: types.CodeActionParams) -> list[types.CodeAction]:
        uri = params.text_document.uri
        document = self.documents.get(uri)
        if document is None:
            return []
        version, text = document.version, self.text(uri)
        actions = []
        if _wanted(types.CodeActionKind.QuickFix, params.context.only):
            for diagnostic in params.context.diagnostics:
                data = diagnostic.data if diagnostic.source == SOURCE else None
                if not isinstance(data, dict) or "finding" not in data or data.get("version") != version:
                    continue  # not gklint's, not fixable, or of another version of the text
                edits = await self._fix_edits(uri, document, text, version, data["finding"])
                if edits:
                    actions.append(types.CodeAction(
                        title=self._fix_title(document, diagnostic.code, data.get("title")),
                        kind=types.CodeActionKind.QuickFix,
                        diagnostics=[diagnostic],
                        edit=self._workspace_edit(uri, version, text, edits),
                        is_preferred=True,
                    ))
        checked = document.checked
        maybe_fixable = checked is None or checked.version != version or any(f.fixable for f in checked.findings)
        if _wanted(FIX_ALL_KIND, params.context.only) and maybe_fixable:
            edits = await self._fix_edits(uri, document, text, version, None)
            if edits:
                title = "gklint: fix all auto-fixable problems" if self._lang(document) == "en" else "gklint：修复所有可自动修复的问题"
                actions.append(types.CodeAction(title=title, kind=FIX_ALL_KIND,
                                                edit=self._workspace_edit(uri, version, text, edits)))
        return actions

    async def _fix_edits(self, uri: str, document: OpenDocument, text: str, version: int | None, key) -> list | None:
        def work():
            if not self.current(uri, version):
                return None
            state, _ = self.folders.state_for(document.path)
            if state.linter is None:
                return None
            edits, _error = analysis.fix_edits(state.linter, text, document.path, key)
            return edits

        edits = await asyncio.get_running_loop().run_in_executor(self.checker, work)
        return edits if self.current(uri, version) else None

    def _fix_title(self, document: OpenDocument, code, description: str | None) -> str:
        # A fix's description is Chinese only (rules write it so): English titles name the rule.
        if self._lang(document) == "en":
            return f"Fix {code}"
        return f"{description}（{code}）" if description else f"修复 {code}"

    def _lang(self, document: OpenDocument) -> str:
        """The language of the document's diagnostics (its folder's config, or ``--lang``)."""
        if self.lang:
            return self.lang
        return document.checked.lang if document.checked is not None else "zh"

    def _workspace_edit(self, uri: str, version: int | None, text: str, edits) -> types.WorkspaceEdit:
        lines = LineIndex(text, self.encoding)
        text_edits = [types.TextEdit(range=lsp_range(lines, start, end), new_text=new) for start, end, new in edits]
        if _capability(self.client_capabilities, "workspace", "workspace_edit", "document_changes"):
            # Tied to the version the edits were made for: a client applies them to no other.
            return types.WorkspaceEdit(document_changes=[types.TextDocumentEdit(
                text_document=types.OptionalVersionedTextDocumentIdentifier(uri=uri, version=version),
                edits=text_edits)])
        return types.WorkspaceEdit(changes={uri: text_edits})

    def hover(self, params: types.HoverParams) -> types.Hover | None:
        uri = params.text_document.uri
        document = self.documents.get(uri)
        checked = document.checked if document is not None else None
        if checked is None or checked.version != document.version:
            return None
        lines = LineIndex(checked.text, self.encoding)
        offset = lines.offset(params.position.line, params.position.character) - analysis.bom_shift(checked.text)
        under = [finding for finding in checked.findings if finding.span.start <= offset <= finding.span.end]
        if not under:
            return None
        text = self.rule_help.hover([finding.code for finding in under])
        shift = analysis.bom_shift(checked.text)
        start = min(finding.span.start for finding in under) + shift
        end = max(finding.span.end for finding in under) + shift
        return types.Hover(contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value=text),
                           range=lsp_range(lines, start, end))


def handled_path(uri: str) -> str | None:
    """The file path of ``uri`` when the server checks it (a report format edited as text)."""
    path = to_fs_path(uri) if uri.startswith("file:") else uri.partition(":")[2] or uri
    if path is None or not path.lower().endswith(SUFFIXES):
        return None
    return path


def _wanted(kind: str, only: list[str] | None) -> bool:
    """Whether the client asked for actions of ``kind`` (``only`` lists kinds or their parents)."""
    return only is None or any(kind == asked or kind.startswith(asked + ".") for asked in only)


def _capability(capabilities, *names: str) -> Any:
    value = capabilities
    for name in names:
        value = getattr(value, name, None)
        if value is None:
            return None
    return value


def create_server(lang: str | None = None) -> GklintServer:
    """A gklint language server with its features registered (not yet serving)."""
    server = GklintServer(lang)

    @server.feature(types.INITIALIZE)
    def initialize(ls: GklintServer, params: types.InitializeParams) -> None:
        ls.loop = asyncio.get_running_loop()
        ls.pulls = _capability(params.capabilities, "text_document", "diagnostic") is not None
        folders = [folder.uri for folder in params.workspace_folders or []]
        if not folders and params.root_uri:
            folders = [params.root_uri]
        ls.folders.set_roots([path for path in map(to_fs_path, folders) if path])

    @server.feature(types.INITIALIZED)
    def initialized(ls: GklintServer, params: types.InitializedParams) -> None:
        if _capability(ls.client_capabilities, "workspace", "did_change_watched_files", "dynamic_registration"):
            watchers = [types.FileSystemWatcher(glob_pattern=glob) for glob in CONFIG_GLOBS]
            ls.client_register_capability(types.RegistrationParams(registrations=[types.Registration(
                id="gklint-config-files", method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
                register_options=types.DidChangeWatchedFilesRegistrationOptions(watchers=watchers))]))

    @server.feature(types.WORKSPACE_DID_CHANGE_WORKSPACE_FOLDERS)
    def folders_changed(ls: GklintServer, params: types.DidChangeWorkspaceFoldersParams) -> None:
        ls.folders.set_roots([path for path in (to_fs_path(folder.uri) for folder in ls.workspace.folders.values()) if path])
        ls.recheck_all()

    @server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    def watched_files_changed(ls: GklintServer, params: types.DidChangeWatchedFilesParams) -> None:
        ls.recheck_all()

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: GklintServer, params: types.DidOpenTextDocumentParams) -> None:
        ls.open(params.text_document.uri, params.text_document.version)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: GklintServer, params: types.DidChangeTextDocumentParams) -> None:
        ls.changed(params.text_document.uri, params.text_document.version, DEBOUNCE_SECONDS)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    def did_save(ls: GklintServer, params: types.DidSaveTextDocumentParams) -> None:
        document = ls.documents.get(params.text_document.uri)
        if document is not None:
            ls.changed(params.text_document.uri, document.version, 0)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: GklintServer, params: types.DidCloseTextDocumentParams) -> None:
        ls.close(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DIAGNOSTIC,
                    types.DiagnosticOptions(identifier=SOURCE, inter_file_dependencies=False, workspace_diagnostics=False))
    async def diagnostic(ls: GklintServer, params: types.DocumentDiagnosticParams):
        uri = params.text_document.uri
        document = ls.documents.get(uri)
        if document is None:
            return types.RelatedFullDocumentDiagnosticReport(items=[])
        diagnostics = await ls.diagnose(uri, document.version)
        if diagnostics is None:
            raise JsonRpcException(message="the document changed while it was checked", code=SERVER_CANCELLED,
                                   data={"retriggerRequest": True})
        return types.RelatedFullDocumentDiagnosticReport(items=diagnostics)

    @server.feature(types.TEXT_DOCUMENT_CODE_ACTION,
                    types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix, FIX_ALL_KIND]))
    async def code_action(ls: GklintServer, params: types.CodeActionParams):
        return await ls.code_actions(params)

    @server.feature(types.TEXT_DOCUMENT_HOVER)
    def hover(ls: GklintServer, params: types.HoverParams):
        return ls.hover(params)

    return server


class ClientLog:
    """A text stream standing for stdout and stderr while serving: what is written goes to
    the real stderr and, once the client is connected, to its log (``window/logMessage``),
    one message per complete write (a printed line, a logged traceback)."""

    def __init__(self, server: GklintServer, stderr) -> None:
        self.server = server
        self.stderr = stderr
        self._pending = ""
        self._lock = threading.Lock()  # the worker thread prints too

    def write(self, text: str) -> int:
        self.stderr.write(text)
        self.stderr.flush()
        with self._lock:
            self._pending += text
            if not self._pending.endswith("\n"):
                return len(text)
            message, self._pending = self._pending.rstrip("\n"), ""
        loop = self.server.loop
        if loop is not None and message.strip() and not loop.is_closed():
            loop.call_soon_threadsafe(self._send, message)
        return len(text)

    def _send(self, message: str) -> None:
        try:
            self.server.window_log_message(types.LogMessageParams(type=types.MessageType.Warning, message=message))
        except Exception as error:  # the client is gone: stderr has it already
            self.stderr.write(f"gklint: cannot send a log message to the client: {error}\n")

    def flush(self) -> None:
        self.stderr.flush()

    def isatty(self) -> bool:
        return False


def serve(lang: str | None = None) -> None:
    """Serve LSP on stdin and stdout until the client exits."""
    stdin, stdout = sys.stdin.buffer, sys.stdout.buffer
    server = create_server(lang)
    log = ClientLog(server, sys.stderr)
    sys.stdout = sys.stderr = log  # type: ignore[assignment]
    try:
        server.start_io(stdin, stdout)
    finally:
        sys.stdout, sys.stderr = sys.__stdout__, sys.__stderr__
        server.checker.shutdown(wait=False, cancel_futures=True)
