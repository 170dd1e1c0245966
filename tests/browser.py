"""A real browser for the tests: the system's Chromium driven by Playwright for Python.

``.ci/run`` installs Chromium (``.ci/system-packages``); where it is absent the tests that need
it skip, saying so. Playwright never downloads a browser here: it launches
``/usr/bin/chromium`` (or ``chromium`` on the PATH) with the flags a root user in a container
needs, and a fresh profile each time.
"""

from __future__ import annotations

import shutil
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import pytest

CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def chromium_path() -> str:
    """The system Chromium; skips the test where there is none."""
    for candidate in ("/usr/bin/chromium", shutil.which("chromium"), shutil.which("chromium-browser")):
        if candidate and Path(candidate).exists():
            return candidate
    pytest.skip("Chromium is not installed (/usr/bin/chromium; .ci/system-packages installs it in CI)")


@contextmanager
def browser_context(profile: Path, **context_options) -> Iterator:
    """A Playwright browser context of the system Chromium with a fresh profile in ``profile``."""
    from playwright.sync_api import sync_playwright

    executable = chromium_path()
    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(profile), executable_path=executable, args=CHROMIUM_FLAGS, headless=True, **context_options)
        try:
            yield context
        finally:
            context.close()
