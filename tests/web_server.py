"""A real ``gklint web`` for the tests: started as a user starts it (a subprocess of the
command, on a free port of 127.0.0.1, in a folder of the test's choosing, with its own
temporary folder), and an HTTP client that uploads files as a browser's form does."""

from __future__ import annotations

import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator



class Server:
    """A running server: its address, process, temporary folder and what it logged."""

    def __init__(self, process: subprocess.Popen, port: int, temporary: Path, log: Path) -> None:
        self.process = process
        self.port = port
        self.temporary = temporary
        self.log_path = log

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def leftovers(self) -> list[str]:
        """What is left in the server's temporary folder (requests' folders must all be gone)."""
        return sorted(str(path.relative_to(self.temporary)) for path in self.temporary.rglob("*"))

    def get(self, path: str, headers: dict | None = None) -> tuple[int, dict, bytes]:
        return request(self.port, "GET", path, headers=headers)

    def post_file(self, path: str, name: str, data: bytes, headers: dict | None = None,
                  timeout: float = 120) -> tuple[int, dict, bytes]:
        body, content_type = multipart(name, data)
        return request(self.port, "POST", path, body, {"Content-Type": content_type, **(headers or {})}, timeout)

    def check(self, name: str, data: bytes, path: str = "/api/check", **options) -> tuple[int, dict, object]:
        """POST ``data`` to the JSON API as the file ``name``; the answer parsed."""
        status, headers, body = self.post_file(path, name, data, **options)
        return status, headers, json.loads(body)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def multipart(name: str, data: bytes) -> tuple[bytes, str]:
    """A ``multipart/form-data`` body with ``data`` as the field ``file`` named ``name``."""
    boundary = uuid.uuid4().hex
    head = (f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
            "Content-Type: application/octet-stream\r\n\r\n").encode()
    return head + data + f"\r\n--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"


def request(port: int, method: str, path: str, body: bytes | None = None, headers: dict | None = None,
            timeout: float = 120) -> tuple[int, dict, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, {name.lower(): value for name, value in response.getheaders()}, response.read()
    finally:
        connection.close()


@contextmanager
def web_server(folder: Path, *arguments: str, env: dict | None = None, ready_timeout: float = 90) -> Iterator[Server]:
    """``gklint web --port N ARGUMENTS`` started in ``folder``; stopped (Ctrl+C) at the end."""
    temporary = folder / ".server-tmp"
    temporary.mkdir(parents=True, exist_ok=True)
    log = folder / ".server-log"
    port = free_port()
    environment = {**os.environ, "TMPDIR": str(temporary), **(env or {})}
    with open(log, "wb") as log_file:
        process = subprocess.Popen([sys.executable, "-m", "gklint", "web", "--port", str(port), *arguments],
                                   cwd=folder, env=environment, stdout=log_file, stderr=subprocess.STDOUT)
    server = Server(process, port, temporary, log)
    try:
        deadline = time.monotonic() + ready_timeout
        while True:
            if process.poll() is not None:
                raise AssertionError(f"gklint web stopped: {server.log()}")
            try:
                if server.get("/")[0] == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise AssertionError(f"gklint web did not answer within {ready_timeout} s: {server.log()}")
            time.sleep(0.2)
        yield server
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGINT)
            try:
                process.wait(20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
