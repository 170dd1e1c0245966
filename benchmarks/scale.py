"""gklint at scale: a national year of reports (100,000) with ``-j 2``, cold and warm.

    .venv/bin/python benchmarks/scale.py                  # 100,000 reports (about an hour here)
    .venv/bin/python benchmarks/scale.py --files 5000     # a quick check of the figures
    .venv/bin/python benchmarks/scale.py --keep --dir /big/disk/reports

It writes N generated reports (``benchmarks/corpus.py``: the mix of text, Markdown and portal
HTML of ``benchmarks/run.py``, filed 500 to a folder), then runs the real command on them,
``gklint check -j 2 -o /dev/null``, twice: **cold** (no cache folder yet: every file is
linted) and **warm** (the second run: every file is answered from the result cache). For each
it prints the files, the wall seconds, reports per second and the peak memory of the largest
process (the parent or a worker: ``ru_maxrss``).

From the cold run it extrapolates the time on a server with ``--cores`` cores (32 by default).
The assumption, stated with the figure: the lint stage (the workers' CPU time) divides by
the number of cores, as it does here (``benchmarks/run.py``'s ``-j 2`` speed-up); the
parent's own CPU time — start-up, finding the files, collecting the results, the cross-file
rules (GK406), writing the report — does not, and is added whole. Both are measured here
(the run's own and its workers' CPU time, ``getrusage``). Disk and memory bandwidth are
assumed not to limit a 32-core server where they do not limit two cores.

Not a test: timings depend on the machine, and this one is shared: run it when it is quiet.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import corpus  # noqa: E402
from run import child_env  # noqa: E402  (the same child environment as benchmarks/run.py)

# Runs the command in this child and reports its own CPU time and its workers' (a worker's
# time is counted once it has ended, which all have when ``main`` returns).
CHILD = """
import json, resource, sys
from gklint.cli.main import main
code = main(sys.argv[2:])
own, workers = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
with open(sys.argv[1], "w") as out:
    json.dump({"code": code, "own": own.ru_utime + own.ru_stime, "workers": workers.ru_utime + workers.ru_stime}, out)
"""

# What one machine must manage: a national year within a working day, re-runs within minutes.
DAY_SECONDS = 8 * 3600


def run(arguments: list[str], env: dict[str, str], work: Path) -> dict[str, float]:
    """Wall seconds, peak RSS (MiB, largest process), and the run's own and its workers' CPU
    seconds of ``gklint`` with ``arguments``."""
    report = work / "usage.json"
    start = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-c", CHILD, str(report), *arguments],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    stderr = process.stderr.read()
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    process.stderr.close()
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        raise SystemExit(f"gklint failed: {stderr.decode('utf-8', 'replace')[-2000:]}")
    figures = json.loads(report.read_text(encoding="utf-8"))
    return {"wall": wall, "peak": usage.ru_maxrss / 1024, "own": figures["own"], "workers": figures["workers"]}


def extrapolate(cold: dict[str, float], files: int, target_files: int, cores: int) -> float:
    """Seconds for ``target_files`` on ``cores`` cores: the workers' CPU time divided by the
    cores, plus the parent's, both scaled linearly from ``files`` to ``target_files``."""
    scale = target_files / files
    return (cold["workers"] / cores + cold["own"]) * scale


def minutes(seconds: float) -> str:
    return f"{seconds:.0f} s" if seconds < 120 else f"{seconds / 60:.1f} min" if seconds < 7200 else f"{seconds / 3600:.1f} h"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--files", type=int, default=100_000, help="reports to generate (default 100,000)")
    parser.add_argument("--jobs", type=int, default=2, help="worker processes (default 2)")
    parser.add_argument("--cores", type=int, default=32, help="cores of the server extrapolated to (default 32)")
    parser.add_argument("--seed", type=int, default=20240601)
    parser.add_argument("--dir", type=Path, help="where to write the reports (default: a temporary folder)")
    parser.add_argument("--keep", action="store_true", help="keep the reports and the cache")
    options = parser.parse_args(argv)

    work = options.dir or Path(tempfile.mkdtemp(prefix="gklint-scale-"))
    work.mkdir(parents=True, exist_ok=True)
    reports, cache = work / "reports", work / "cache"
    env = child_env(work / "pycache")
    try:
        if not reports.is_dir() or sum(1 for _ in reports.rglob("*.*")) != options.files:
            shutil.rmtree(reports, ignore_errors=True)
            print(f"writing {options.files} reports in {reports} ...", file=sys.stderr)
            started = time.perf_counter()
            corpus.write(reports, options.files, options.seed)
            print(f"  {time.perf_counter() - started:.0f} s", file=sys.stderr)
        shutil.rmtree(cache, ignore_errors=True)
        arguments = ["check", "--exit-zero", "--no-progress", "-j", str(options.jobs), "--cache-dir", str(cache),
                     "-o", os.devnull, str(reports)]
        run(["check", "--exit-zero", "--no-cache", str(ROOT / "tests" / "fixtures" / "reports" / "clean-2021.txt")],
            env, work)  # (byte-code compiled before anything is timed)
        print("cold run (no cache folder) ...", file=sys.stderr)
        cold = run(arguments, env, work)
        print("warm run (every file unchanged) ...", file=sys.stderr)
        warm = run(arguments, env, work)

        count = options.files
        print()
        print(f"gklint at scale: {count} generated reports (text, Markdown, portal HTML), -j {options.jobs}, "
              f"{os.cpu_count()} CPUs here")
        print(f"{'run':<6} {'files':>8} {'wall':>10} {'reports/s':>10} {'peak RSS':>10} {'own CPU':>9} {'workers CPU':>12}")
        for name, figures in (("cold", cold), ("warm", warm)):
            print(f"{name:<6} {count:>8} {figures['wall']:>9.1f}s {count / figures['wall']:>10.0f} "
                  f"{figures['peak']:>7.0f} MiB {figures['own']:>8.1f}s {figures['workers']:>11.1f}s")
        national = 100_000
        server = extrapolate(cold, count, national, options.cores)
        here = cold["wall"] * national / count
        warm_server = extrapolate(warm, count, national, options.cores)
        print()
        print(f"{national} reports here (-j {options.jobs}): cold ≈ {minutes(here)}, warm ≈ "
              f"{minutes(warm['wall'] * national / count)} (wall time, as measured); on an idle machine, from "
              f"the CPU time: cold ≈ {minutes(extrapolate(cold, count, national, options.jobs))}, warm ≈ "
              f"{minutes(extrapolate(warm, count, national, options.jobs))}")
        print(f"{national} reports on a {options.cores}-core server: cold ≈ {minutes(server)}, warm ≈ {minutes(warm_server)}")
        print(f"  assumption: the lint stage (workers' CPU {cold['workers']:.1f} s for {count} files) divides by "
              f"{options.cores} cores; the parent's own work ({cold['own']:.1f} s: start-up, finding files, "
              f"collecting results, cross-file rules, the report) stays serial; both linear in the number of files")
        serial_share = cold["own"] / (cold["own"] + cold["workers"] / options.cores)
        print(f"  the serial part is {serial_share:.0%} of the extrapolated time")
        if server <= DAY_SECONDS:
            print(f"one machine suffices: a national year in {minutes(server)} on {options.cores} cores "
                  f"(and {minutes(here)} on this 2-core machine), re-runs in {minutes(warm_server)}; "
                  "no distributed engine is needed")
        else:
            print(f"one machine does not suffice within a working day ({minutes(server)} on {options.cores} cores): "
                  "shard the folders over machines (Dask or Ray, one gklint check per shard) and merge the reports")
        if options.keep:
            print(f"\nreports and cache kept in {work}")
    finally:
        if not options.keep and options.dir is None:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
