"""How big the review page (``--format html``) of many reports is, and how fast a browser opens it.

    python benchmarks/review_page.py --files 1000 [--out /tmp/review-bench]

Generates ``--files`` reports with ``benchmarks/corpus.py`` (plain text, Markdown, HTML), writes
their review page with the real command (``python -m gklint check … --format html -j 1``, so
that the peak memory is the one process's), and opens it in the system Chromium through
Playwright (``/usr/bin/chromium``; never downloaded). Prints the page's size, the run's time
and peak resident memory, and the browser's times to parse the page (DOMContentLoaded), to
finish loading it (load, the page's script done) and to show a report after a click. Run it
for two sizes to see that the command's memory does not grow with the number of reports
beyond the summary rows the page needs. Times on a shared machine are noisy: compare ratios.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def render(folder: Path, page: Path) -> tuple[float, int]:
    """(seconds, peak resident kilobytes) of writing the review page of ``folder``."""
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "gklint", "check", str(folder), "--format", "html", "-o", str(page),
                    "--exit-zero", "-j", "1"], check=True, env=env)
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return seconds, max(peak, before)


def open_in_browser(page: Path, profile: Path) -> dict[str, float]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(profile), executable_path="/usr/bin/chromium", args=FLAGS, headless=True,
            viewport={"width": 1400, "height": 1000})
        tab = context.new_page()
        started = time.perf_counter()
        tab.goto(page.as_uri(), wait_until="load")
        loaded = time.perf_counter() - started
        timing = tab.evaluate("""(() => { const t = performance.getEntriesByType('navigation')[0];
            return {dom: t.domContentLoadedEventEnd, load: t.loadEventEnd}; })()""")
        started = time.perf_counter()
        tab.click("#rows tbody tr:last-child a")
        tab.wait_for_selector("section.report:not([hidden]) table.rt")
        shown = time.perf_counter() - started
        context.close()
    return {"goto_load_s": loaded, "dom_content_loaded_s": timing["dom"] / 1000, "load_event_s": timing["load"] / 1000,
            "show_last_report_s": shown}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--out", type=Path, default=Path("/tmp/gklint-review-bench"))
    options = parser.parse_args(argv)
    sys.path.insert(0, str(HERE))
    import corpus

    folder = options.out / f"reports-{options.files}"
    if not folder.exists():
        corpus.write(folder, options.files)
    page = options.out / f"review-{options.files}.html"
    seconds, peak = render(folder, page)
    opened = open_in_browser(page, options.out / "profile")
    print(f"{options.files} reports: page {page.stat().st_size / 1e6:.1f} MB, written in {seconds:.1f} s, "
          f"peak memory {peak / 1024:.0f} MB (-j 1)")
    print("browser: " + ", ".join(f"{name} {value:.2f}" for name, value in opened.items()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
