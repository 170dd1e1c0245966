"""The ASGI application of ``gklint web``: routes, the request's private folder, headers, log.

Routes: ``GET /`` (the upload page), ``POST /check`` (the review page with downloads),
``POST /api/check`` (what ``gklint check --format json`` prints; errors as
``{"error": "…"}``). Every response, errors and 404s included,
carries the Content-Security-Policy and ``X-Content-Type-Options: nosniff``; the log has one
line per request: method, path, status, size, time — never a file name, a query or a client.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
import time
from typing import Callable

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Route

from gklint.config import Config
from gklint.web.errors import WebError
from gklint.web.limits import WebLimits
from gklint.web.pages import content_security_policy, result_page, upload_page
from gklint.web.pool import WorkerPool
from gklint.web.texts import text
from gklint.web.upload import receive_upload
from gklint.web.work import Job

RETRY_AFTER = 5  # seconds a client turned away is asked to wait


def choose_language(request: Request, default: str) -> str:
    """``?lang=``, else the first of Chinese or English in the browser's Accept-Language,
    else the server's language (``--lang``, else the config's)."""
    asked = request.query_params.get("lang")
    if asked in ("zh", "en"):
        return asked
    preferences = []
    for position, item in enumerate(request.headers.get("accept-language", "").split(",")):
        tag, _, weight = item.strip().partition(";q=")
        try:
            quality = float(weight) if weight else 1.0
        except ValueError:
            quality = 0.0
        preferences.append((-quality, position, tag.strip().lower()))
    for _, _, tag in sorted(preferences):
        if tag.startswith("zh"):
            return "zh"
        if tag.startswith("en"):
            return "en"
    return default


class WebService:
    """The service's state: configuration, limits, the worker pool and the supported files."""

    def __init__(self, config: Config, limits: WebLimits, suffixes: tuple[str, ...], legacy: bool,
                 log: Callable[[str], None] | None = None) -> None:
        self.config = config
        self.limits = limits
        self.suffixes = suffixes
        self.legacy = legacy
        self.pool = WorkerPool(config, limits)
        self.log = log or (lambda line: print(line, file=sys.stderr, flush=True))
        self.policy = content_security_policy()

    # ── pages ───────────────────────────────────────────────────────────────────────────
    async def home(self, request: Request) -> Response:
        lang = choose_language(request, self.config.lang)
        return HTMLResponse(upload_page(lang, self.limits, self.suffixes, self.legacy))

    async def check_page(self, request: Request) -> Response:
        lang = choose_language(request, self.config.lang)
        try:
            answer = await self._check(request, "page", lang)
        except WebError as error:
            return self._error_page(error, lang)
        return HTMLResponse(result_page(answer.page, answer.downloads or [], answer.notes or [], lang))

    async def check_api(self, request: Request) -> Response:
        lang = choose_language(request, self.config.lang)
        try:
            answer = await self._check(request, "api", lang)
        except WebError as error:
            return self._error_json(error, lang)
        if answer.unreadable:
            # The findings as the command line gives them (its GK000), with the status of a
            # file that could not be checked.
            body = json.dumps({"error": answer.unreadable, "results": json.loads(answer.json)}, ensure_ascii=False)
            return Response(body, 422, media_type="application/json")
        return Response(answer.json, 200, media_type="application/json")

    def _error_page(self, error: WebError, lang: str) -> Response:
        page = upload_page(lang, self.limits, self.suffixes, self.legacy, error=error.message(lang))
        return HTMLResponse(page, error.status, headers=self._retry(error))

    def _error_json(self, error: WebError, lang: str) -> Response:
        body = json.dumps({"error": error.message(lang)}, ensure_ascii=False)
        return Response(body, error.status, media_type="application/json", headers=self._retry(error))

    @staticmethod
    def _retry(error: WebError) -> dict[str, str]:
        return {"Retry-After": str(RETRY_AFTER)} if error.status == 503 else {}

    # ── one check ───────────────────────────────────────────────────────────────────────
    async def _check(self, request: Request, kind: str, lang: str):
        """Admit the request (else 503), read its upload into a private folder, have a worker
        check it; the folder is deleted before the answer leaves."""
        if not self.pool.admit():
            raise WebError(503, "busy", seconds=RETRY_AFTER)
        folder = tempfile.mkdtemp(prefix="gklint-web-")  # mode 0700: this request's own
        try:
            os.mkdir(os.path.join(folder, "upload"))
            upload = await receive_upload(request.headers.get("content-type", ""), request.headers.get("content-length"),
                                          request.stream(), os.path.join(folder, "upload"), self.limits.max_upload)
            if upload.size == 0:
                raise WebError(400, "empty", name=upload.name)
            lower = upload.name.lower()
            if not lower.endswith(".zip") and not lower.endswith(self.suffixes):
                raise WebError(415, "unsupported", name=upload.name, suffixes=" ".join(self.suffixes))
            job = Job(kind, folder, upload.name, lang, self.limits.max_files, self.limits.max_unpacked)
            return await self.pool.run(job)
        finally:
            shutil.rmtree(folder, ignore_errors=True)
            self.pool.leave()

    # ── the application ─────────────────────────────────────────────────────────────────
    def application(self):
        """The ASGI application: the routes inside the headers-and-log middleware."""
        from contextlib import asynccontextmanager

        @asynccontextmanager
        async def lifespan(_app):
            self.pool.start()
            try:
                yield
            finally:
                self.pool.close()

        routes = [
            Route("/", self.home, methods=["GET"]),
            Route("/check", self.check_page, methods=["POST"]),
            Route("/api/check", self.check_api, methods=["POST"]),
        ]
        return _Guard(Starlette(routes=routes, lifespan=lifespan), self.policy, self.log)


class _Guard:
    """ASGI middleware: the security headers on every response, and the one-line log."""

    def __init__(self, app, policy: str, log: Callable[[str], None]) -> None:
        self.app = app
        self.headers = [(b"content-security-policy", policy.encode()), (b"x-content-type-options", b"nosniff"),
                        (b"referrer-policy", b"no-referrer"), (b"cache-control", b"no-store")]
        self.log = log

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status, size = 500, 0

        async def guarded_send(message) -> None:
            nonlocal status, size
            if message["type"] == "http.response.start":
                status = message["status"]
                names = {name.lower() for name, _ in self.headers}
                kept = [(name, value) for name, value in message.get("headers", []) if name.lower() not in names]
                message = {**message, "headers": kept + self.headers}
            elif message["type"] == "http.response.body":
                size += len(message.get("body", b""))
            await send(message)

        try:
            await self.app(scope, receive, guarded_send)
        finally:
            elapsed = (time.perf_counter() - started) * 1000
            self.log(f"{scope['method']} {scope['path']} {status} {size} {elapsed:.0f}ms")
