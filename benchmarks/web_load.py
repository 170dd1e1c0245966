"""Load on ``gklint web``: correct answers under concurrency, latency, memory, and 503s beyond the queue.

    python benchmarks/web_load.py [--requests 200] [--clients 20] [--files 40] [--overload 100]

Starts its own server (``python -m gklint web`` on a free port of 127.0.0.1, in a temporary
folder whose ``gklint.toml`` sets the ``[web]`` limits, with its own temporary folder) and
stops it at the end, whatever happens; every request has a time limit and the whole run a
deadline (``--deadline``), so it always ends by itself.

1. ``--requests`` requests to ``POST /api/check`` from ``--clients`` concurrent clients over
   ``--files`` reports of the generated corpus (``benchmarks/corpus.py``: plain text,
   Markdown, HTML): every answer must be byte for byte what ``gklint check --format json
   NAME`` prints for that file in a folder of its own. Prints the latency's median and 95th
   percentile and the peak resident memory of the server with its worker processes.
2. The house filled (``workers + queue`` requests of a zip of ``--zip-files`` reports in flight), then
   ``--overload`` more requests: each must get 503 with ``Retry-After``; the zips' answers must
   still be right. Done twice: the server process's memory comes back to where it was, and
   the second round leaves the whole (workers included: their linters keep what they learnt
   of the formats) where the first one left it.

Figures on a shared machine are noisy: compare them between runs, not with other machines.
"""

from __future__ import annotations

import argparse
import http.client
import io
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import corpus  # noqa: E402  (benchmarks/corpus.py, beside this file)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def post(port: int, name: str, data: bytes, timeout: float) -> tuple[int, dict, bytes, float]:
    """POST ``data`` as the form's file ``name``: status, headers, body, seconds."""
    boundary = uuid.uuid4().hex
    body = (f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
            "Content-Type: application/octet-stream\r\n\r\n").encode() + data + f"\r\n--{boundary}--\r\n".encode()
    started = time.perf_counter()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request("POST", "/api/check", body=body,
                           headers={"Content-Type": f"multipart/form-data; boundary={boundary}"})
        response = connection.getresponse()
        answer = response.read()
        headers = {key.lower(): value for key, value in response.getheaders()}
        return response.status, headers, answer, time.perf_counter() - started
    finally:
        connection.close()


def tree_rss(pid: int) -> int:
    """Resident kilobytes of ``pid`` and all its descendants (the worker processes)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
            children.setdefault(int(fields[1]), []).append(int(entry))
        except (OSError, IndexError, ValueError):
            continue
    total, pending = 0, [pid]
    while pending:
        current = pending.pop()
        try:
            with open(f"/proc/{current}/status") as handle:
                total += next(int(line.split()[1]) for line in handle if line.startswith("VmRSS:"))
        except (OSError, StopIteration):
            pass
        pending.extend(children.get(current, []))
    return total


def own_rss(pid: int) -> int:
    """Resident kilobytes of ``pid`` alone (the server process, without its workers)."""
    with open(f"/proc/{pid}/status") as handle:
        return next(int(line.split()[1]) for line in handle if line.startswith("VmRSS:"))


class MemoryWatch:
    """Samples the server's tree every 100 ms; keeps the peak."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, tree_rss(self.pid))
            self._stop.wait(0.1)

    def __enter__(self) -> "MemoryWatch":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()


def expected_output(folder: Path, name: str, data: bytes, paths: list[str] | None = None) -> bytes:
    """``gklint check --format json`` in a folder holding only the file(s)."""
    own = folder / uuid.uuid4().hex
    own.mkdir()
    if name.endswith(".zip"):
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            package.extractall(own)
    else:
        (own / name).write_bytes(data)
    result = subprocess.run([sys.executable, "-m", "gklint", "check", "--format", "json", *(paths or [name])],
                            cwd=own, capture_output=True, timeout=300)
    shutil.rmtree(own)
    return result.stdout


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--files", type=int, default=40)
    parser.add_argument("--overload", type=int, default=100)
    parser.add_argument("--zip-files", type=int, default=100,
                        help="reports in each zip that fills the house (enough that none is done before the overload is)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--queue", type=int, default=None,
                        help="requests waiting for a worker (default: clients - workers, so that every client is admitted)")
    parser.add_argument("--deadline", type=float, default=900, help="seconds the whole run may take")
    arguments = parser.parse_args()
    if arguments.queue is None:
        arguments.queue = max(1, arguments.clients - arguments.workers)
    started = time.monotonic()

    def left() -> float:
        remaining = arguments.deadline - (time.monotonic() - started)
        if remaining <= 0:
            raise SystemExit("web_load: deadline passed")
        return remaining

    base = Path(tempfile.mkdtemp(prefix="gklint-web-load-"))
    server = None
    try:
        reports = list(corpus.generate(arguments.files, seed=20240601))
        expected_folder = base / "expected"
        expected_folder.mkdir()
        expected = {name: expected_output(expected_folder, name, data) for name, data in reports}
        archive = io.BytesIO()
        with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as package:
            for index in range(arguments.zip_files):
                name, data = reports[index % len(reports)]
                package.writestr(f"reports/{index // len(reports)}/{name}", data)
        zip_data = archive.getvalue()
        zip_expected = expected_output(expected_folder, "all.zip", zip_data, ["."])

        site = base / "site"
        (site / "tmp").mkdir(parents=True)
        (site / "gklint.toml").write_text(
            f"[web]\nworkers = {arguments.workers}\nqueue = {arguments.queue}\ntimeout = 120\n"
            "max-upload-mb = 20\nmax-files = 1000\nmax-unpacked-mb = 200\n", encoding="utf-8")
        port = free_port()
        log = open(base / "server.log", "wb")
        server = subprocess.Popen([sys.executable, "-m", "gklint", "web", "--port", str(port)], cwd=site,
                                  env={**os.environ, "TMPDIR": str(site / "tmp")}, stdout=log, stderr=subprocess.STDOUT)
        while True:  # up when it answers; its workers are ready after their first job
            try:
                http.client.HTTPConnection("127.0.0.1", port, timeout=2).request("GET", "/")
                break
            except OSError:
                if server.poll() is not None or left() < 0:
                    raise SystemExit("web_load: the server did not start")
                time.sleep(0.2)
        for name, data in reports[: arguments.workers * 2]:  # warm the workers (their linters)
            post(port, name, data, left())
        idle = tree_rss(server.pid)

        # ── 1. correct answers under load ───────────────────────────────────────────────
        latencies: list[float] = []
        wrong: list[str] = []
        counter = iter(range(arguments.requests))
        lock = threading.Lock()

        def client() -> None:
            while True:
                with lock:
                    index = next(counter, None)
                if index is None:
                    return
                name, data = reports[index % len(reports)]
                status, _, body, seconds = post(port, name, data, min(120, left()))
                with lock:
                    latencies.append(seconds)
                    if status != 200 or body != expected[name]:
                        wrong.append(f"{name}: {status}")

        with MemoryWatch(server.pid) as load_memory:
            load_started = time.perf_counter()
            clients = [threading.Thread(target=client) for _ in range(arguments.clients)]
            for thread in clients:
                thread.start()
            for thread in clients:
                thread.join()
            load_seconds = time.perf_counter() - load_started
        time.sleep(1)
        settled = tree_rss(server.pid)
        settled_server = own_rss(server.pid)

        # ── 2. beyond the queue (twice: memory after the second must be where the first left it) ──
        capacity = arguments.workers + arguments.queue

        def overload_round() -> dict:
            zip_answers: list[tuple[int, bool]] = []
            turned_away: list[tuple[int, str | None]] = []

            def zip_client() -> None:
                status, _, body, _ = post(port, "all.zip", zip_data, min(600, left()))
                with lock:
                    zip_answers.append((status, body == zip_expected))

            overload = iter(range(arguments.overload))

            def rejected_client() -> None:
                while True:
                    with lock:
                        index = next(overload, None)
                    if index is None:
                        return
                    name, data = reports[index % len(reports)]
                    status, headers, _, _ = post(port, name, data, 30)
                    with lock:
                        turned_away.append((status, headers.get("retry-after")))

            with MemoryWatch(server.pid) as watch:
                fillers = [threading.Thread(target=zip_client) for _ in range(capacity)]
                for thread in fillers:
                    thread.start()
                time.sleep(0.5)  # all admitted (their uploads are small): two working, the others queued
                overload_started = time.perf_counter()
                rejected = [threading.Thread(target=rejected_client) for _ in range(arguments.clients)]
                for thread in rejected:
                    thread.start()
                for thread in rejected:
                    thread.join()
                seconds = time.perf_counter() - overload_started
                for thread in fillers:
                    thread.join()
            time.sleep(1)
            codes: dict[tuple[int, str | None], int] = {}
            for status, retry in turned_away:
                codes[(status, retry)] = codes.get((status, retry), 0) + 1
            return {"codes": codes, "seconds": seconds, "zips": zip_answers, "peak": watch.peak,
                    "after": tree_rss(server.pid), "server_after": own_rss(server.pid)}

        rounds = [overload_round(), overload_round()]
        leftovers = sorted(os.listdir(site / "tmp"))

        print(f"web_load: {arguments.requests} requests from {arguments.clients} clients over {len(reports)} "
              f"generated reports, {arguments.workers} workers, queue {arguments.queue}")
        print(f"  correct answers: {arguments.requests - len(wrong)}/{arguments.requests}"
              + (f" (wrong: {wrong[:5]})" if wrong else ""))
        print(f"  latency: median {statistics.median(latencies) * 1000:.0f} ms, "
              f"p95 {percentile(latencies, 0.95) * 1000:.0f} ms, max {max(latencies) * 1000:.0f} ms; "
              f"{arguments.requests / load_seconds:.1f} requests/s")
        print(f"  memory (server + workers, RSS): idle {idle / 1024:.0f} MB, peak under load "
              f"{load_memory.peak / 1024:.0f} MB, after {settled / 1024:.0f} MB "
              f"(server process alone {settled_server / 1024:.0f} MB)")
        for number, result in enumerate(rounds, 1):
            print(f"  beyond the queue, round {number} ({capacity} zips of {arguments.zip_files} reports in flight): "
                  f"{arguments.overload} more requests in {result['seconds']:.2f} s -> "
                  + ", ".join(f"{count} x {status} (Retry-After {retry})" for (status, retry), count in sorted(result["codes"].items())))
            print(f"    the zips' answers: {sum(1 for status, right in result['zips'] if status == 200 and right)}/{capacity} "
                  f"correct; memory peak {result['peak'] / 1024:.0f} MB, after {result['after'] / 1024:.0f} MB "
                  f"(server process alone {result['server_after'] / 1024:.0f} MB)")
        print(f"  left in the server's temporary folder: {leftovers or 'nothing'}")
        ok = (not wrong and not leftovers
              and all(status == 503 and retry for result in rounds for (status, retry) in result["codes"])
              and all(status == 200 and right for result in rounds for status, right in result["zips"]))
        return 0 if ok else 1
    finally:
        if server is not None and server.poll() is None:
            server.send_signal(signal.SIGINT)
            try:
                server.wait(20)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
        shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
