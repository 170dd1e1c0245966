"""A real LSP client (pygls's) driving ``gklint server`` over stdio, for the server's tests
and its latency benchmark: it starts the command as an editor does, records every
notification the server sends, and waits for the ones a test expects."""

from __future__ import annotations

import asyncio
import os
import sys
import time
from pathlib import Path
from typing import Any

from lsprotocol import types
from pygls.lsp.client import BaseLanguageClient
from pygls.workspace import PositionCodec, TextDocument

TIMEOUT = 60.0  # seconds; generous: CI machines are shared


def capabilities(*, pull: bool = False, encodings: list[str] | None = None, watched_files: bool = False,
                 document_changes: bool = True) -> types.ClientCapabilities:
    """What the test client says it can do (a push client speaking UTF-16 by default)."""
    return types.ClientCapabilities(
        general=types.GeneralClientCapabilities(position_encodings=encodings) if encodings else None,
        text_document=types.TextDocumentClientCapabilities(
            synchronization=types.TextDocumentSyncClientCapabilities(did_save=True),
            publish_diagnostics=types.PublishDiagnosticsClientCapabilities(related_information=True, version_support=True),
            diagnostic=types.DiagnosticClientCapabilities(related_document_support=False) if pull else None,
            code_action=types.CodeActionClientCapabilities(),
            hover=types.HoverClientCapabilities(content_format=[types.MarkupKind.Markdown]),
        ),
        workspace=types.WorkspaceClientCapabilities(
            workspace_edit=types.WorkspaceEditClientCapabilities(document_changes=document_changes),
            did_change_watched_files=types.DidChangeWatchedFilesClientCapabilities(dynamic_registration=True)
            if watched_files else None,
        ),
    )


class Session:
    """One server process and its client. Use ``async with Session(...) as session``."""

    def __init__(self, root: Path, *arguments: str, capabilities: types.ClientCapabilities | None = None,
                 cache: Path | None = None, env: dict[str, str] | None = None) -> None:
        self.root = root
        self.env = env or {}
        self.arguments = arguments
        self.capabilities = capabilities if capabilities is not None else globals()["capabilities"]()
        self.cache = cache or root / ".gklint-test-cache"
        self.client = BaseLanguageClient("gklint-tests", "1")
        self.published: list[tuple[float, types.PublishDiagnosticsParams]] = []
        self.messages: list[types.ShowMessageParams] = []
        self.logs: list[types.LogMessageParams] = []
        self.registrations: list[types.Registration] = []
        self.documents: dict[str, TextDocument] = {}
        self.initialize_result: types.InitializeResult | None = None

        @self.client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        def published(params: types.PublishDiagnosticsParams) -> None:
            self.published.append((time.perf_counter(), params))

        @self.client.feature(types.WINDOW_SHOW_MESSAGE)
        def shown(params: types.ShowMessageParams) -> None:
            self.messages.append(params)

        @self.client.feature(types.WINDOW_LOG_MESSAGE)
        def logged(params: types.LogMessageParams) -> None:
            self.logs.append(params)

        @self.client.feature(types.CLIENT_REGISTER_CAPABILITY)
        def registered(params: types.RegistrationParams) -> None:
            self.registrations.extend(params.registrations)

    async def __aenter__(self) -> "Session":
        environment = {**os.environ, "GKLINT_CACHE_DIR": str(self.cache), **self.env}
        await self.client.start_io(sys.executable, "-m", "gklint", "server", *self.arguments, env=environment,
                                   cwd=str(self.root))
        self.initialize_result = await asyncio.wait_for(self.client.initialize_async(types.InitializeParams(
            process_id=os.getpid(),
            capabilities=self.capabilities,
            root_uri=self.root.as_uri(),
            workspace_folders=[types.WorkspaceFolder(uri=self.root.as_uri(), name=self.root.name)],
        )), TIMEOUT)
        self.client.initialized(types.InitializedParams())
        return self

    async def __aexit__(self, *exc_info: Any) -> None:
        try:
            await asyncio.wait_for(self.client.shutdown_async(None), TIMEOUT)
            self.client.exit(None)
        finally:
            await asyncio.wait_for(self.client.stop(), TIMEOUT)

    @property
    def encoding(self) -> str:
        assert self.initialize_result is not None
        return str(self.initialize_result.capabilities.position_encoding or types.PositionEncodingKind.Utf16)

    # ── documents ────────────────────────────────────────────────────────────────────────
    def open(self, path: Path, text: str, version: int = 1, language: str = "plaintext") -> str:
        uri = path.resolve().as_uri() if not str(path).startswith("untitled:") else str(path)
        self.documents[uri] = TextDocument(uri, text, version=version, position_codec=PositionCodec(self.encoding))
        self.client.text_document_did_open(types.DidOpenTextDocumentParams(
            types.TextDocumentItem(uri=uri, language_id=language, version=version, text=text)))
        return uri

    def change(self, uri: str, text: str, version: int) -> None:
        """The whole new text, as the server's full document sync asks."""
        self.documents[uri] = TextDocument(uri, text, version=version, position_codec=PositionCodec(self.encoding))
        self.client.text_document_did_change(types.DidChangeTextDocumentParams(
            types.VersionedTextDocumentIdentifier(uri=uri, version=version),
            [types.TextDocumentContentChangeWholeDocument(text=text)]))

    def close(self, uri: str) -> None:
        self.client.text_document_did_close(types.DidCloseTextDocumentParams(types.TextDocumentIdentifier(uri)))

    def apply(self, uri: str, edit: types.WorkspaceEdit) -> str:
        """The text of ``uri`` (as the client last sent it) with a workspace edit applied as an
        editor applies it: every edit of a document is relative to its text before any of them."""
        sent = self.documents[uri]
        document = TextDocument(uri, sent.source, version=sent.version, position_codec=PositionCodec(self.encoding))
        edits: list[types.TextEdit] = []
        for change in edit.document_changes or []:
            assert change.text_document.uri == uri and change.text_document.version == document.version
            edits += change.edits
        edits += (edit.changes or {}).get(uri, [])
        # Last first: an edit never moves the place of one before it.
        for text_edit in sorted(edits, key=lambda item: (item.range.start.line, item.range.start.character), reverse=True):
            document.apply_change(types.TextDocumentContentChangePartial(range=text_edit.range, text=text_edit.new_text))
        return document.source

    # ── waiting ──────────────────────────────────────────────────────────────────────────
    async def diagnostics(self, uri: str, version: int | None = None, after: int = 0) -> types.PublishDiagnosticsParams:
        """The first diagnostics published for ``uri`` (at ``version``) among those published
        after the first ``after`` notifications."""
        deadline = time.monotonic() + TIMEOUT
        while time.monotonic() < deadline:
            for _, params in self.published[after:]:
                if params.uri == uri and (version is None or params.version == version):
                    return params
            await asyncio.sleep(0.005)
        raise AssertionError(f"no diagnostics published for {uri} version {version} within {TIMEOUT} s")

    async def settle(self, seconds: float = 0.5) -> None:
        await asyncio.sleep(seconds)
