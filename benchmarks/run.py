"""gklint's benchmark: throughput on a province's worth of reports, start-up time, memory.

    .venv/bin/python benchmarks/run.py                # 5,000 reports
    .venv/bin/python benchmarks/run.py --files 1000   # quicker
    .venv/bin/python benchmarks/run.py --keep         # keep the generated reports

It generates N realistic reports with a fixed seed (``benchmarks/corpus.py``: mixed text,
Markdown and HTML, years 2019–2024 in both formats, agencies, numbers that satisfy the
identities or not, label typos, blanks, missing sections, varied tab layouts), writes them to a
temporary folder and measures, on this machine, with the real command line in a child process:

- reports per second, in one process (``-j 1``) and in worker processes (``-j 2``), for the mixed
  corpus and for plain-text reports only;
- the wall time of ``gklint check`` on one small text report against ``python -c pass``;
- the peak memory (``ru_maxrss`` of the child) for 1,000, N and 2N files (the mixed and the
  text corpus together), and for N files with SARIF output: files are streamed, so it should
  not grow with N;
- in-process time per report for each input format (no start-up, no output).

Not a test: timings depend on the machine. Byte-code is cached (in a temporary
``PYTHONPYCACHEPREFIX``) and warmed first, as it is for an installed package.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT / "src"))

import corpus  # noqa: E402


def child_env(cache: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(cache)
    env["PYTHONPATH"] = str(ROOT / "src") + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    env["PYTHONIOENCODING"] = "utf-8"
    env.pop("NO_COLOR", None)
    return env


def gklint_command() -> list[str]:
    script = Path(sys.executable).with_name("gklint")
    if script.exists():
        return [str(script)]
    return [sys.executable, "-m", "gklint"]


def run_child(command: list[str], env: dict[str, str]) -> tuple[float, int, int]:
    """(wall seconds, peak RSS in KiB, exit code) of a child process, output discarded."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    return wall, usage.ru_maxrss, process.returncode


def timed(command: list[str], env: dict[str, str], repeat: int) -> tuple[float, int]:
    """(median wall seconds, max peak RSS) over ``repeat`` runs."""
    walls, peaks = [], []
    for _ in range(repeat):
        wall, peak, _ = run_child(command, env)
        walls.append(wall)
        peaks.append(peak)
    return statistics.median(walls), max(peaks)


def in_process(paths_by_format: dict[str, list[Path]]) -> dict[str, float]:
    """Milliseconds per report with one Linter, for each format (no start-up, no output)."""
    from gklint.config import Config
    from gklint.check.engine import Linter

    linter = Linter(Config())
    results = {}
    for fmt, paths in paths_by_format.items():
        data = [(path.name, path.read_bytes()) for path in paths]
        for name, content in data[:5]:  # warm caches and lazy imports
            linter.lint_bytes(content, name)
        start = time.perf_counter()
        for name, content in data:
            linter.lint_bytes(content, name)
        results[fmt] = (time.perf_counter() - start) / max(1, len(data)) * 1000
    return results


def table(rows: list[tuple[str, str]]) -> str:
    width = max(len(name) for name, _ in rows)
    lines = [f"{'measure'.ljust(width)}  value", f"{'-' * width}  {'-' * 28}"]
    lines += [f"{name.ljust(width)}  {value}" for name, value in rows]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--files", type=int, default=5000, help="reports to generate (default 5000)")
    parser.add_argument("--jobs", type=int, default=2, help="worker processes for the parallel run (default 2)")
    parser.add_argument("--seed", type=int, default=20240601)
    parser.add_argument("--keep", action="store_true", help="keep the generated reports and print where")
    parser.add_argument("--repeat", type=int, default=1, help="runs of each throughput measure (median)")
    options = parser.parse_args(argv)
    count = options.files
    small_count = min(1000, count)

    work = Path(tempfile.mkdtemp(prefix="gklint-bench-"))
    cache = work / "pycache"
    env = child_env(cache)
    command = gklint_command()
    try:
        print(f"generating {count} mixed reports and {count} text reports (seed {options.seed}) in {work} ...",
              file=sys.stderr)
        start = time.perf_counter()
        mixed = corpus.write(work / "mixed", count, options.seed)
        text = corpus.write(work / "text", count, options.seed + 1, fmt="txt")
        small = work / "mixed" if small_count == count else work / "small"
        if small_count != count:
            for path in mixed[:small_count]:
                target = small / path.parent.name / path.name
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(path, target)
        one = work / "one.txt"
        shutil.copyfile(text[0], one)
        formats = {"txt": 0, "md": 0, "html": 0}
        for path in mixed:
            formats[path.suffix[1:]] += 1
        print(f"  {time.perf_counter() - start:.1f} s; mixed corpus: "
              + ", ".join(f"{n} {fmt}" for fmt, n in formats.items()), file=sys.stderr)

        # Warm the byte-code cache, then time.
        run_child([*command, "check", "--exit-zero", str(one)], env)
        rows: list[tuple[str, str]] = []
        results: dict[str, float] = {}
        for label, folder in (("mixed", work / "mixed"), ("text", work / "text")):
            # One and N processes alternate, so that a slow spell of a shared machine weighs
            # on both; the speed-up is the median of the runs' ratios.
            walls: dict[int, list[float]] = {1: [], options.jobs: []}
            for round_number in range(options.repeat):
                for jobs in walls:
                    print(f"timing {label} -j {jobs} ({round_number + 1}/{options.repeat}) ...", file=sys.stderr)
                    wall, peak, _ = run_child(
                        [*command, "check", "--exit-zero", "-j", str(jobs), "-o", os.devnull, str(folder)], env)
                    walls[jobs].append(wall)
                    if jobs == 1:
                        results[f"peak-{label}"] = max(results.get(f"peak-{label}", 0), peak)
            for jobs, times in walls.items():
                wall = statistics.median(times)
                rows.append((f"{label} reports, -j {jobs}", f"{count / wall:8.0f} reports/s  ({wall:.2f} s)"))
            speedup = statistics.median(serial / parallel for serial, parallel in zip(walls[1], walls[options.jobs]))
            rows.append((f"{label}: -j {options.jobs} speed-up", f"{speedup:8.2f} ×  (median of {options.repeat} pairs)"))

        print("timing start-up ...", file=sys.stderr)
        baseline, _ = timed([sys.executable, "-c", "pass"], env, 15)
        single, single_peak = timed([*command, "check", "--exit-zero", str(one)], env, 15)
        rows.append(("python -c pass (median of 15)", f"{baseline * 1000:8.0f} ms"))
        rows.append(("gklint check one.txt (median of 15)", f"{single * 1000:8.0f} ms  (+{(single - baseline) * 1000:.0f} ms)"))

        print("measuring memory ...", file=sys.stderr)
        _, small_peak, _ = run_child([*command, "check", "--exit-zero", "-j", "1", "-o", os.devnull, str(small)], env)
        _, both_peak, _ = run_child([*command, "check", "--exit-zero", "-j", "1", "-o", os.devnull,
                                     str(work / "mixed"), str(work / "text")], env)
        _, sarif_peak, _ = run_child([*command, "check", "--exit-zero", "-j", "1", "--format", "sarif",
                                      "-o", os.devnull, str(work / "mixed")], env)
        rows.append(("peak RSS, one file", f"{single_peak / 1024:8.1f} MiB"))
        rows.append((f"peak RSS, {small_count} mixed files, -j 1", f"{small_peak / 1024:8.1f} MiB"))
        rows.append((f"peak RSS, {count} mixed files, -j 1", f"{results['peak-mixed'] / 1024:8.1f} MiB"))
        rows.append((f"peak RSS, {count} text files, -j 1", f"{results['peak-text'] / 1024:8.1f} MiB"))
        rows.append((f"peak RSS, {2 * count} files (mixed + text), -j 1", f"{both_peak / 1024:8.1f} MiB"))
        rows.append((f"peak RSS, {count} mixed files, -j 1, SARIF", f"{sarif_peak / 1024:8.1f} MiB"))

        print("timing in-process ...", file=sys.stderr)
        sample = {fmt: [p for p in mixed if p.suffix == f".{fmt}"][:300] for fmt in ("txt", "md", "html")}
        for fmt, ms in in_process(sample).items():
            rows.append((f"in-process, per {fmt} report", f"{ms:8.2f} ms  ({1000 / ms:.0f} reports/s)"))

        print()
        print(f"gklint benchmark: {count} reports, seed {options.seed}; Python {platform.python_version()}, "
              f"{os.cpu_count()} CPUs, {platform.machine()}; command: {' '.join(Path(c).name for c in command)}")
        print(table(rows))
        if options.keep:
            print(f"\nreports kept in {work}")
    finally:
        if not options.keep:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
