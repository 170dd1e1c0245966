"""The language server's latency: from a change notification to the diagnostics published
for it, on a 300-line report, over 200 edits (median and 95th percentile; target: a median
under 50 ms).

    .venv/bin/python benchmarks/lsp_latency.py              # 200 edits
    .venv/bin/python benchmarks/lsp_latency.py --edits 50   # quicker

``gklint server`` runs as an editor runs it, a child process spoken to over stdio by a real
LSP client (pygls's, through ``tests/server/lsp_session.py``). The report is the clean 2021
fixture with its first section grown to 300 lines of narrative. Each edit is one keystroke's
worth — a character typed into a paragraph, alternately a half-width comma (a GK501 finding)
and a full-width one (none) — sent once the diagnostics of the edit before have come, and
timed until the diagnostics of its version come back. The time includes the server's
debounce pause (``DEBOUNCE_SECONDS``), the check and both ways over the pipes.

Not a test: timings depend on the machine (and on what else runs on it).
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "tests" / "server"))

from lsp_session import Session  # noqa: E402

LINES = 300
TARGET_MEDIAN_MS = 50.0


def report(lines: int = LINES) -> str:
    """The clean 2021 report, its first section lengthened to ``lines`` lines in all."""
    text = (ROOT / "src" / "gklint" / "testing_reports" / "clean-2021.txt").read_text(encoding="utf-8")
    anchor = "（五）监督保障。"
    before, after = text.split(anchor, 1)
    missing = lines - text.count("\n") - 1
    filler = "".join(
        f"第{number}项工作：按照年度计划推进政务公开标准化规范化建设，对照清单逐项落实，做到应公开尽公开。\n"
        for number in range(1, missing + 1))
    grown = before + filler + anchor + after
    assert grown.count("\n") + 1 >= lines, grown.count("\n")
    return grown


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


async def measure(edits: int) -> list[float]:
    text = report()
    paragraph = "第1项工作：按照年度计划"
    assert paragraph in text
    with tempfile.TemporaryDirectory(prefix="gklint-lsp-latency-") as folder:
        root = Path(folder)
        async with Session(root) as session:
            uri = session.open(root / "report.txt", text)
            first = await session.diagnostics(uri, 1)
            assert list(first.diagnostics) == [], [d.message for d in first.diagnostics]
            latencies = []
            for number in range(edits):
                version = number + 2
                typed = "," if number % 2 == 0 else "，"
                changed = text.replace(paragraph, paragraph[:4] + typed * (1 + number % 3) + paragraph[4:], 1)
                count = len(session.published)
                sent = time.perf_counter()
                session.change(uri, changed, version)
                published = await session.diagnostics(uri, version, after=count)
                arrived = next(at for at, params in session.published[count:] if params is published)
                latencies.append((arrived - sent) * 1000)
                assert bool(published.diagnostics) == (typed == ","), (version, published.diagnostics)
    return latencies


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--edits", type=int, default=200)
    options = parser.parse_args()
    latencies = asyncio.run(measure(options.edits))
    median, p95 = statistics.median(latencies), percentile(latencies, 0.95)
    print(f"gklint server: change → published diagnostics, {LINES}-line report, {len(latencies)} edits")
    print(f"  median {median:.1f} ms   p95 {p95:.1f} ms   min {min(latencies):.1f} ms   max {max(latencies):.1f} ms")
    print(f"  target: median < {TARGET_MEDIAN_MS:.0f} ms — {'met' if median < TARGET_MEDIAN_MS else 'NOT met'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
