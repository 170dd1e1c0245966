"""Instructions per report, counted by valgrind's callgrind: the measure a noisy machine does not move.

    valgrind --tool=callgrind --callgrind-out-file=/dev/null \\
        .venv/bin/python benchmarks/instructions.py FOLDER COUNT PASSES [--src SRC]

It builds the engine as ``gklint check`` does (``RunPlan(Config()).linter``, the cycle collector
set as for a run over many files) and lints the first COUNT files of FOLDER (in sorted order,
subfolders included), PASSES times over, in this process. Run it with PASSES 1 and with
PASSES 2 and take the difference of callgrind's "Collected" counts over COUNT: the instructions
of one report, with everything done once per run (imports, the registry, compiled patterns,
word lists loaded on first use) left out, since the first pass does it in both runs.

To compare two versions, pass each one's ``src`` folder with ``--src`` (the default is this
checkout's) and use the same FOLDER (e.g. one written by ``benchmarks/run.py --keep`` or
``benchmarks/corpus.py``). Set ``PYTHONHASHSEED=0``, keep compiled bytecode
(``PYTHONDONTWRITEBYTECODE`` unset) and run each version once before counting: the first run
writes the bytecode and the parsed templates' cache, which later runs read; after it, runs of
the same code give the same count to the instruction. Point ``GKLINT_CACHE_DIR`` at a folder of
your own: the parsed templates' cache in ``~/.cache/gklint`` is shared by every checkout on the
machine and keeps 64 entries, so another checkout's runs can push yours out, and a run that
parses ``rules.toml`` again counts some 70 to 100 M instructions more (a false difference of 0.3 M
per report over 400 reports, seen in round 7).

Not a test: it prints nothing; callgrind prints the count.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", help="the reports to lint")
    parser.add_argument("count", type=int, help="how many of them (the first, in sorted order)")
    parser.add_argument("passes", type=int, help="how many times over them")
    parser.add_argument("--src", default=str(Path(__file__).resolve().parent.parent / "src"),
                        help="the gklint source folder to measure (default: this checkout's)")
    options = parser.parse_args(argv)
    sys.path.insert(0, options.src)

    from gklint.cli.runner import RunPlan, _settle_collector
    from gklint.config import Config

    files = sorted(os.path.join(folder, name) for folder, _, names in os.walk(options.folder) for name in names)
    files = files[:options.count]
    linter = RunPlan(Config()).linter
    _settle_collector()
    for _ in range(options.passes):
        for path in files:
            linter.lint_path(path, path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
