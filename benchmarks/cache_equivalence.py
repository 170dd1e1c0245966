"""Prove that the result cache changes nothing a user sees: the same output with and without it.

    python benchmarks/cache_equivalence.py --corpus DIR [--formats json sarif text]

Over the reports in DIR (e.g. the 5,008-file corpus of ``benchmarks/equivalence.py generate``:
text, Markdown, HTML, Word and PDF), runs ``gklint check`` in each output format:

- ``--no-cache -j 1``  (the reference),
- cold, ``-j 1``       (a fresh ``--cache-dir``: every file linted, every result stored),
- warm, ``-j 1``       (the same cache: every result read back),
- cold, ``-j 2``       (another fresh cache, filled by two worker processes),
- warm, ``-j 2``       (read back by two workers),
- warm, ``-j 2`` over the cache the ``-j 1`` runs filled, and warm ``-j 1`` over the ``-j 2`` one,

and compares standard output, standard error and the exit status byte for byte with the
reference. Prints one line per run with its wall time, then ``identical`` or the first
difference; exits 1 on any difference. Not a test: it takes minutes (the test suite checks the
same on a small corpus, tests/test_result_cache.py).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def gklint(args: list[str], corpus: Path) -> tuple[bytes, bytes, int, float]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT / "src") + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    env["PYTHONIOENCODING"] = "utf-8"
    env.pop("NO_COLOR", None)
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "gklint", "check", "--exit-zero", "--no-progress", *args, "."],
                          cwd=corpus, capture_output=True, env=env)
    return done.stdout, done.stderr, done.returncode, time.perf_counter() - start


def first_difference(a: bytes, b: bytes) -> str:
    left, right = a.decode("utf-8", "replace").splitlines(), b.decode("utf-8", "replace").splitlines()
    for number, (x, y) in enumerate(zip(left, right), 1):
        if x != y:
            return f"line {number}:\n  - {x[:300]}\n  + {y[:300]}"
    return f"lengths differ: {len(left)} lines against {len(right)}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, required=True)
    parser.add_argument("--formats", nargs="*", default=["json", "sarif", "text"])
    options = parser.parse_args(argv)
    corpus = options.corpus.resolve()
    files = sum(1 for path in corpus.rglob("*") if path.is_file() and ".gklint_cache" not in path.parts)
    print(f"corpus {corpus}: {files} files")
    different = 0
    work = Path(tempfile.mkdtemp(prefix="gklint-cache-eq-"))
    try:
        for fmt in options.formats:
            shared = ["--format", fmt] + (["--no-color"] if fmt == "text" else [])
            serial, parallel = work / f"{fmt}-j1", work / f"{fmt}-j2"
            runs = [
                ("--no-cache -j 1", ["--no-cache", "-j", "1"]),
                ("cold -j 1", ["--cache-dir", str(serial), "-j", "1"]),
                ("warm -j 1", ["--cache-dir", str(serial), "-j", "1"]),
                ("cold -j 2", ["--cache-dir", str(parallel), "-j", "2"]),
                ("warm -j 2", ["--cache-dir", str(parallel), "-j", "2"]),
                ("warm -j 2 over the -j 1 cache", ["--cache-dir", str(serial), "-j", "2"]),
                ("warm -j 1 over the -j 2 cache", ["--cache-dir", str(parallel), "-j", "1"]),
            ]
            reference = None
            for name, args in runs:
                out, err, code, wall = gklint(shared + args, corpus)
                if reference is None:
                    reference = (out, err, code)
                    verdict = f"reference ({len(out):,} bytes out, {len(err):,} bytes err, exit {code})"
                elif (out, err, code) == reference:
                    verdict = "identical"
                else:
                    different += 1
                    what = "stdout" if out != reference[0] else "stderr" if err != reference[1] else "exit status"
                    source = (out, reference[0]) if what == "stdout" else (err, reference[1])
                    verdict = f"DIFFERENT {what}: " + (first_difference(source[1], source[0])
                                                       if what != "exit status" else f"{code} against {reference[2]}")
                print(f"{fmt:6} {name:32} {wall:7.1f} s  {verdict}", flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print("identical" if not different else f"{different} runs differ")
    return 1 if different else 0


if __name__ == "__main__":
    sys.exit(main())
