"""The worker processes of ``gklint web``: a fixed number, each with a time limit per job.

The command line's ``-j`` runs on ``concurrent.futures.ProcessPoolExecutor`` with the
runner's worker set-up (a ``Linter`` built once per process, ``runner._init_worker``'s
pattern). A web server needs one thing that pool cannot give: stopping one job that runs too
long without breaking the others (the executor cannot kill a single worker, and a killed one
breaks the whole pool). So each worker here is a process of its own with a pipe, built the
same way (``Checker`` holds the linters), and a job that overruns ``timeout`` gets its
worker killed with every process it started (LibreOffice included) and replaced by a fresh
one. What those processes wrote is in the request's folder (``work.py`` points the worker's
temporary folder there), which the server deletes.

Requests are admitted while fewer than ``workers + queue`` are in the house; the others get
503 at once (``admit``), before their upload is read: neither memory nor the temporary
folder grows with the load.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import signal
import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from gklint.config import Config
from gklint.web.errors import WebError
from gklint.web.limits import WebLimits
from gklint.web.work import Answer, Job

# A new worker builds its linter (imports, formats) before its first job: not counted in the
# job's time, but bounded.
START_TIMEOUT = 120.0


def _worker_main(connection, config: Config) -> None:
    """A worker process: build the checker, say so, then answer jobs until the pipe closes."""
    os.setsid()  # its own process group: killed with what it started (LibreOffice)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the server stops its workers itself
    from gklint.web.work import Checker

    checker = Checker(config)
    checker.linter(config.lang)
    connection.send(("ready", None))
    while True:
        try:
            job = connection.recv()
        except (EOFError, OSError):
            return  # the server has gone
        try:
            reply: tuple[str, Any] = ("ok", checker.run(job))
        except WebError as error:
            reply = ("error", error)
        except Exception as error:  # reported as a failed check; the worker goes on
            reply = ("failed", type(error).__name__)
        connection.send(reply)


class _Worker:
    """One worker process and its end of the pipe."""

    def __init__(self, context, config: Config) -> None:
        self.context = context
        self.config = config
        self.ready = False
        self._start()

    def _start(self) -> None:
        self.connection, child = self.context.Pipe()
        self.process = self.context.Process(target=_worker_main, args=(child, self.config), daemon=True,
                                            name="gklint-web-worker")
        self.process.start()
        child.close()
        self.ready = False

    def call(self, job: Job, timeout: float) -> Answer:
        """Run ``job``; WebError 504 when it takes longer than ``timeout`` seconds."""
        if not self.ready:
            if not self.connection.poll(START_TIMEOUT):
                self.replace()
                raise WebError(500, "worker_failed")
            try:
                self.connection.recv()
            except (EOFError, OSError):
                self.replace()
                raise WebError(500, "worker_failed") from None
            self.ready = True
        self.connection.send(job)
        if not self.connection.poll(timeout):
            self.replace()
            raise WebError(504, "timeout", seconds=f"{timeout:g}")
        try:
            status, value = self.connection.recv()
        except (EOFError, OSError):
            self.replace()
            raise WebError(500, "worker_failed") from None
        if status == "ok":
            return value
        if status == "error":
            raise value
        raise WebError(500, "worker_failed")

    def replace(self) -> None:
        """Kill this worker (and its process group) and start a fresh one in its place."""
        self.stop()
        self._start()

    def stop(self) -> None:
        """Kill the worker and everything it started: its process group, and the processes
        that left it (LibreOffice runs in a session of its own)."""
        for pid in _descendants(self.process.pid):
            _kill_group(pid)
        _kill_group(self.process.pid)
        self.process.kill()
        self.process.join()
        self.connection.close()


def _kill_group(pid: int) -> None:
    for kill in (lambda: os.killpg(pid, signal.SIGKILL), lambda: os.kill(pid, signal.SIGKILL)):
        try:
            kill()
        except OSError:  # gone already, or not a group leader
            pass


def _descendants(pid: int) -> list[int]:
    """The processes below ``pid`` (from ``/proc``; none where there is no ``/proc``)."""
    children: dict[int, list[int]] = {}
    try:
        entries = os.listdir("/proc")
    except OSError:
        return []
    for entry in entries:
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as handle:
                parent = int(handle.read().rsplit(b")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(parent, []).append(int(entry))
    found, pending = [], list(children.get(pid, []))
    while pending:
        current = pending.pop()
        found.append(current)
        pending.extend(children.get(current, []))
    return found


class WorkerPool:
    """``limits.workers`` worker processes and the count of requests admitted."""

    def __init__(self, config: Config, limits: WebLimits) -> None:
        self.config = config
        self.limits = limits
        self.capacity = limits.workers + limits.queue
        self.admitted = 0
        self.workers: list[_Worker] = []
        self._idle: asyncio.Queue[_Worker] | None = None
        self._threads: ThreadPoolExecutor | None = None
        self._lock = threading.Lock()

    def start(self) -> None:
        # spawn, not fork: the server has threads (fork would copy their locks mid-use)
        context = multiprocessing.get_context("spawn")
        self._idle = asyncio.Queue()
        self._threads = ThreadPoolExecutor(max_workers=self.limits.workers, thread_name_prefix="gklint-web")
        for _ in range(self.limits.workers):
            worker = _Worker(context, self.config)
            self.workers.append(worker)
            self._idle.put_nowait(worker)

    def admit(self) -> bool:
        """Take a place for a request (False: the workers and the queue are full)."""
        with self._lock:
            if self.admitted >= self.capacity:
                return False
            self.admitted += 1
            return True

    def leave(self) -> None:
        with self._lock:
            self.admitted -= 1

    async def run(self, job: Job) -> Answer:
        """Run ``job`` on the next free worker (an admitted request waits for one)."""
        assert self._idle is not None
        idle = self._idle
        worker = await idle.get()
        future = asyncio.get_running_loop().run_in_executor(self._threads, worker.call, job, self.limits.timeout)
        # The worker is free when its job is done, not when the request goes away (a client
        # that hangs up cancels the request; its job still runs to its end or its time limit).
        future.add_done_callback(lambda _: idle.put_nowait(worker))
        return await asyncio.shield(future)

    def close(self) -> None:
        for worker in self.workers:
            worker.stop()
        self.workers.clear()
        if self._threads is not None:
            self._threads.shutdown(wait=False)
