"""Where a report's time goes: reading, tree building, each rule, locating the findings.

    .venv/bin/python benchmarks/stages.py                    # 300 text reports
    .venv/bin/python benchmarks/stages.py --format md --reports 500
    .venv/bin/python benchmarks/stages.py --format html --rules 10

It generates reports of one input format (``benchmarks/corpus.py``, the generator of
``benchmarks/run.py``; ``docx`` renders text reports with python-docx, about half a second
each), lints each once to warm up, then ``--repeat`` times more, in this process, with the
engine's own stages timed one by one: the loader (``Linter.load``), the tree builder
(``Linter.build``), each rule's ``check`` (and ``collect``, for a cross-file rule), and
``Linter.finish`` (locating and rendering the findings). It prints microseconds per report for
each stage, the busiest rules first, and their total.

The cycle collector is set as ``gklint check`` sets it for a run over many files
(``gklint.cli.runner._settle_collector``), so the stages are timed as a run spends them; what
the command line adds on top (finding and reading the files, the cross-file rules at the end,
the report) is ``benchmarks/run.py``'s to measure.

Not a test: timings depend on the machine, and a shared one is noisy: compare two versions by
running each in turn, more than once.
"""

from __future__ import annotations

import argparse
import gc
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "src"))

import corpus  # noqa: E402


def reports(fmt: str, count: int, seed: int) -> list[tuple[str, bytes]]:
    """``count`` generated reports of ``fmt`` as (file name, bytes)."""
    if fmt != "docx":
        return [(name, data) for name, data in corpus.generate(count, seed, fmt=fmt)]
    import run  # (its Word rendering, shared with the throughput benchmark)

    with tempfile.TemporaryDirectory(prefix="gklint-stages-") as folder:
        paths = run.write_docx(Path(folder), count, 1, seed)
        return [(path.name, path.read_bytes()) for path in paths]


def time_stages(linter, documents: list[tuple[str, bytes]], repeat: int) -> Counter:
    """Seconds spent in each stage over ``repeat`` passes through ``documents``."""
    spent: Counter = Counter()
    clock = time.perf_counter
    for _ in range(repeat):
        for name, data in documents:
            started = clock()
            raw, _ = linter.load(name, data)
            loaded = clock()
            document = linter.build(raw)
            built = clock()
            spent["read"] += loaded - started
            spent["build"] += built - loaded
            template = linter.templates.formats.get(document.template_id) if document.template_id else None
            findings = []
            for rule, context, collects in linter.plan(template):
                started = clock()
                findings.extend(rule.check(document, context))
                if collects:
                    rule.collect(document, context)
                spent[rule.code] += clock() - started
            started = clock()
            linter.finish(findings, document.source, document.raw)
            spent["finish"] += clock() - started
    return spent


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--format", default="txt", choices=["txt", "md", "html", "docx"], help="input format (default txt)")
    parser.add_argument("--reports", type=int, help="generated reports (default 300; docx: 40)")
    parser.add_argument("--repeat", type=int, default=3, help="timed passes over them (default 3)")
    parser.add_argument("--rules", type=int, default=20, help="rules listed one by one, the busiest first (default 20)")
    parser.add_argument("--seed", type=int, default=20240601)
    options = parser.parse_args(argv)
    count = options.reports or (40 if options.format == "docx" else 300)

    from gklint.check.engine import Linter
    from gklint.cli.runner import _settle_collector
    from gklint.config import Config

    documents = reports(options.format, count, options.seed)
    linter = Linter(Config())
    thresholds = gc.get_threshold()
    _settle_collector()
    try:
        time_stages(linter, documents, 1)  # warm-up: the plans, the contexts, the word lists
        spent = time_stages(linter, documents, options.repeat)
    finally:
        gc.unfreeze()
        gc.set_threshold(*thresholds)

    passes = options.repeat * len(documents)
    stages = {"read": spent.pop("read"), "build": spent.pop("build"), "finish": spent.pop("finish")}
    rules = spent.most_common()
    total = sum(stages.values()) + sum(seconds for _, seconds in rules)
    print(f"{len(documents)} generated {options.format} reports, {options.repeat} timed passes: "
          f"{total / passes * 1000:.3f} ms per report")
    print(f"  {'read':<10}{stages['read'] / passes * 1e6:9.1f} µs")
    print(f"  {'build':<10}{stages['build'] / passes * 1e6:9.1f} µs")
    print(f"  {'checks':<10}{sum(seconds for _, seconds in rules) / passes * 1e6:9.1f} µs  ({len(rules)} rules)")
    for code, seconds in rules[:options.rules]:
        print(f"    {code:<8}{seconds / passes * 1e6:9.1f} µs")
    rest = rules[options.rules:]
    if rest:
        print(f"    {'others':<8}{sum(seconds for _, seconds in rest) / passes * 1e6:9.1f} µs  ({len(rest)} rules)")
    print(f"  {'finish':<10}{stages['finish'] / passes * 1e6:9.1f} µs")
    return 0


if __name__ == "__main__":
    sys.exit(main())
