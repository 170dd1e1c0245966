"""The review outputs at a province's scale: time and peak memory of ``gklint extract`` and
``gklint check --format xlsx`` (and of any other review format) over generated reports.

    .venv/bin/python benchmarks/review.py                          # 1,000 and 5,000 reports
    .venv/bin/python benchmarks/review.py --counts 200 --formats extract-csv
    .venv/bin/python benchmarks/review.py --formats check-html     # another review format

Reports come from ``benchmarks/corpus.py`` (mixed text, Markdown and HTML, both formats, the
same seed: the first 1,000 of the 5,000 are the 1,000). Each target runs as a real command in
a child process, in one process (``-j 1``: the peak resident memory, ``ru_maxrss``, is then the
whole run's), writing its output with ``-o`` to a file whose size is reported beside it.
Results stream file by file, so memory should not grow with the number of reports beyond what
the output itself holds in memory before it is written (a workbook's table of distinct texts,
one summary row per report): the last lines compare the growth of the peak from the smallest to
the largest count with the growth of the output.

Targets (``--formats``): the names of ``TARGETS``, and ``check-FORMAT`` for any reporter
(``check-html`` measures the HTML review report the same way). Not a test: timings depend on
the machine; compare the figures of one run with each other.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import corpus  # noqa: E402
from run import child_env, gklint_command, run_child  # noqa: E402

# name: (the command's arguments before the folder, the output's suffix). ``check-FORMAT``
# for a format not listed here is ``check --format FORMAT`` (see ``target``).
TARGETS: dict[str, tuple[tuple[str, ...], str]] = {
    "extract-csv": (("extract", "--format", "csv"), ".csv"),
    "extract-jsonl": (("extract", "--format", "jsonl"), ".jsonl"),
    "extract-xlsx": (("extract", "--format", "xlsx"), ".xlsx"),
    "check-json": (("check", "--format", "json", "--exit-zero", "-j", "1"), ".json"),
    "check-xlsx": (("check", "--format", "xlsx", "--exit-zero", "-j", "1"), ".xlsx"),
}
DEFAULT_TARGETS = ("extract-csv", "extract-xlsx", "check-xlsx", "check-json")


def target(name: str) -> tuple[tuple[str, ...], str]:
    """The arguments and output suffix of the target ``name``."""
    if name in TARGETS:
        return TARGETS[name]
    if name.startswith("check-"):
        fmt = name.removeprefix("check-")
        return ("check", "--format", fmt, "--exit-zero", "-j", "1"), f".{fmt}"
    raise SystemExit(f"unknown target {name!r}: {', '.join(TARGETS)} or check-FORMAT")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--counts", default="1000,5000", help="numbers of reports, comma-separated (default 1000,5000)")
    parser.add_argument("--formats", default=",".join(DEFAULT_TARGETS),
                        help=f"targets, comma-separated (default {','.join(DEFAULT_TARGETS)}; also check-FORMAT)")
    parser.add_argument("--seed", type=int, default=20240601)
    parser.add_argument("--keep", action="store_true", help="keep the generated reports and outputs and print where")
    options = parser.parse_args(argv)
    counts = sorted(int(count) for count in options.counts.split(","))
    names = [name.strip() for name in options.formats.split(",") if name.strip()]
    targets = {name: target(name) for name in names}

    work = Path(tempfile.mkdtemp(prefix="gklint-review-bench-"))
    env = child_env(work / "pycache")
    command = gklint_command()
    results: dict[tuple[str, int], tuple[float, int, int, int]] = {}
    try:
        for count in counts:
            print(f"generating {count} reports (seed {options.seed}) ...", file=sys.stderr)
            folder = work / f"reports-{count}"
            corpus.write(folder, count, options.seed)
            run_child([*command, "check", "--exit-zero", "-o", os.devnull, str(next(folder.rglob("*.txt")))], env)
            for name, (arguments, suffix) in targets.items():
                output = work / f"{name}-{count}{suffix}"
                print(f"  {name} on {count} reports ...", file=sys.stderr)
                wall, peak, code = run_child([*command, *arguments, "-o", str(output), str(folder)], env)
                if code not in (0, 1):
                    raise SystemExit(f"{name} on {count} reports exited {code}")
                results[(name, count)] = (wall, peak, output.stat().st_size, code)

        print()
        print(f"gklint review outputs: {', '.join(map(str, counts))} generated reports, seed {options.seed}; "
              f"Python {platform.python_version()}, {os.cpu_count()} CPUs; one process each (-j 1)")
        header = f"{'target':<15} {'reports':>7} {'wall s':>8} {'reports/s':>9} {'peak RSS MiB':>12} {'output MiB':>10}"
        print(header)
        print("-" * len(header))
        for name in targets:
            for count in counts:
                wall, peak, size, _ = results[(name, count)]
                print(f"{name:<15} {count:>7} {wall:>8.1f} {count / wall:>9.0f} {peak / 1024:>12.1f} {size / 2**20:>10.1f}")
        if len(counts) > 1:
            low, high = counts[0], counts[-1]
            print()
            print(f"growth from {low} to {high} reports ({high / low:.0f}× the reports):")
            for name in targets:
                _, low_peak, low_size, _ = results[(name, low)]
                _, high_peak, high_size, _ = results[(name, high)]
                print(f"  {name:<15} peak RSS {low_peak / 1024:.1f} → {high_peak / 1024:.1f} MiB "
                      f"({(high_peak - low_peak) / 1024:+.1f} MiB); output {low_size / 2**20:.1f} → "
                      f"{high_size / 2**20:.1f} MiB ({(high_size - low_size) / 2**20:+.1f} MiB)")
        if options.keep:
            print(f"\nreports and outputs kept in {work}")
    finally:
        if not options.keep:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
