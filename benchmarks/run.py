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
- in-process time per report for each input format (no start-up, no output);
- the result cache: a warm re-run over the mixed and the text corpus (2N unchanged reports)
  against the floor, a process that only reads and decodes the same files.

Every throughput run but the warm re-run passes ``--no-cache``: it measures linting, not the
result cache. At the end, every target of issue 18 is printed with its measured figure and
whether it is met. On a shared machine the absolute figures are noisy: the ratios (speed-up,
start-up against ``python -c pass``, warm re-run against the floor) less so; run it twice.

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

SHARED = ROOT.parent / "shared"
PINGTAN = sorted((SHARED / "corpus").glob("pingtan-*.html")) if (SHARED / "corpus").is_dir() else []


def write_docx(folder: Path, distinct: int, copies: int, seed: int) -> list[Path]:
    """``distinct`` generated text reports rendered as .docx (python-docx takes about half a
    second each), each written ``copies`` times under other names."""
    import equivalence

    renderers = equivalence._load_renderers()
    folder.mkdir(parents=True, exist_ok=True)
    rendered = []
    for name, data in corpus.generate(distinct * 3, seed, fmt="txt"):
        try:
            rendered.append((name, equivalence._fixed_zip(renderers.render_docx(renderers.parse_model(equivalence._decode(data))))))
        except Exception:  # a table layout the model cannot read: the next report
            continue
        if len(rendered) == distinct:
            break
    paths = []
    for copy in range(copies):
        for name, data in rendered:
            path = folder / f"{copy:03d}-{name.rsplit('.', 1)[0]}.docx"
            path.write_bytes(data)
            paths.append(path)
    return paths


FLOOR = """
import os, sys
sys.path.insert(0, sys.argv[1])
from gklint.read.encoding import decode
for folder in sys.argv[2:]:
    for parent, _, names in os.walk(folder):
        for name in sorted(names):
            with open(os.path.join(parent, name), "rb") as handle:
                decode(handle.read())
"""


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


def interpreter() -> str:
    """The Python that runs gklint here (the children run this one's ``gklint``): its version,
    its executable, and whether ``libpython`` is a shared library. How the interpreter was built
    moves every figure: on the development machine pyenv's 3.11.7 (built without profile-guided
    optimisation, ``libpython`` shared) lints the same reports with the same gklint 7–11 %
    slower in one process than Debian's 3.11.2 (README, Performance)."""
    try:
        with open("/proc/self/maps", encoding="utf-8", errors="replace") as maps:
            shared = "libpython" in maps.read()
    except OSError:
        linked = ""
    else:
        linked = ", libpython shared" if shared else ", libpython in the executable"
    return f"Python {platform.python_version()} ({os.path.realpath(sys.executable)}{linked})"


def run_child(command: list[str], env: dict[str, str]) -> tuple[float, int, int]:
    """(wall seconds, peak RSS in KiB, exit code) of a child process, output discarded."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    return wall, usage.ru_maxrss, process.returncode


def timed(commands: list[list[str]], env: dict[str, str], repeat: int) -> list[tuple[float, int]]:
    """(median wall seconds, max peak RSS) of each command over ``repeat`` rounds. The
    commands alternate within a round, so that a slow spell of a shared machine weighs on
    all of them (a ratio of their times, as start-up against ``python -c pass``, holds)."""
    walls: list[list[float]] = [[] for _ in commands]
    peaks: list[list[int]] = [[] for _ in commands]
    for _ in range(repeat):
        for index, command in enumerate(commands):
            wall, peak, _ = run_child(command, env)
            walls[index].append(wall)
            peaks[index].append(peak)
    return [(statistics.median(times), max(rss)) for times, rss in zip(walls, peaks)]


def pingtan_ms() -> dict[str, float]:
    """In-process milliseconds for each real Pingtan page, after warm-up (median of 5)."""
    from gklint.config import Config
    from gklint.check.engine import Linter

    linter = Linter(Config())
    results = {}
    for path in PINGTAN:
        data = path.read_bytes()
        linter.lint_bytes(data, path.name)
        times = []
        for _ in range(5):
            start = time.perf_counter()
            linter.lint_bytes(data, path.name)
            times.append(time.perf_counter() - start)
        results[path.name] = statistics.median(times) * 1000
    return results


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
    parser.add_argument("--docx", type=int, default=40, help="distinct Word reports to render (default 40)")
    parser.add_argument("--docx-copies", type=int, default=10, help="copies of each Word report (default 10)")
    options = parser.parse_args(argv)
    count = options.files
    small_count = min(1000, count)

    work = Path(tempfile.mkdtemp(prefix="gklint-bench-"))
    started_in = os.getcwd()
    os.chdir(work)  # (one.txt's result cache, .gklint_cache, goes there, not where this was started)
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
        markdown = corpus.write(work / "md", count, options.seed + 3, fmt="md")
        html = corpus.write(work / "html", count, options.seed + 4, fmt="html")
        print(f"rendering {options.docx} Word reports ({options.docx_copies} copies each) ...", file=sys.stderr)
        # In a child process: a child's peak memory starts from its parent's at fork on Linux, and
        # python-docx would raise this process's (so every measured child's) to some 60 MiB.
        subprocess.run([sys.executable, "-c", f"import sys; sys.path[:0] = {[str(HERE), str(ROOT / 'src')]!r}; "
                        f"import run; run.write_docx(run.Path({str(work / 'docx')!r}), {options.docx}, "
                        f"{options.docx_copies}, {options.seed + 5})"], check=True, env=env)
        docx = sorted((work / "docx").glob("*.docx"))
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
                        [*command, "check", "--no-cache", "--exit-zero", "-j", str(jobs), "-o", os.devnull, str(folder)], env)
                    walls[jobs].append(wall)
                    if jobs == 1:
                        results[f"peak-{label}"] = max(results.get(f"peak-{label}", 0), peak)
            for jobs, times in walls.items():
                wall = statistics.median(times)
                rows.append((f"{label} reports, -j {jobs}", f"{count / wall:8.0f} reports/s  ({wall:.2f} s)"))
            speedup = statistics.median(serial / parallel for serial, parallel in zip(walls[1], walls[options.jobs]))
            rows.append((f"{label}: -j {options.jobs} speed-up", f"{speedup:8.2f} ×  (median of {options.repeat} pairs)"))
            results[f"rate-{label}"] = count / statistics.median(walls[1])
            results[f"speedup-{label}"] = speedup
        for label, paths in (("md", markdown), ("html", html), ("docx", docx)):
            folder = paths[0].parent.parent if label != "docx" else paths[0].parent
            print(f"timing {label} -j 1 ...", file=sys.stderr)
            times = [run_child([*command, "check", "--no-cache", "--exit-zero", "-j", "1", "-o", os.devnull, str(folder)],
                               env)[0] for _ in range(options.repeat)]
            wall = statistics.median(times)
            results[f"rate-{label}"] = len(paths) / wall
            rows.append((f"{label} reports, -j 1", f"{len(paths) / wall:8.0f} reports/s  ({wall:.2f} s, {len(paths)} files)"))

        print("timing the result cache ...", file=sys.stderr)
        cache_dir = work / "result-cache"
        both = [str(work / "mixed"), str(work / "text")]
        cold, _, _ = run_child([*command, "check", "--exit-zero", "-j", "1", "--cache-dir", str(cache_dir),
                                "-o", os.devnull, *both], env)
        warm = statistics.median(run_child([*command, "check", "--exit-zero", "-j", "1", "--cache-dir", str(cache_dir),
                                            "-o", os.devnull, *both], env)[0] for _ in range(max(3, options.repeat)))
        floor = statistics.median(run_child([sys.executable, "-c", FLOOR, str(ROOT / "src"), *both], env)[0]
                                  for _ in range(max(3, options.repeat)))
        rows.append((f"cache: cold run, {2 * count} reports, -j 1", f"{cold:8.2f} s"))
        rows.append((f"cache: warm re-run, {2 * count} reports, -j 1", f"{warm:8.2f} s  ({2 * count / warm:.0f} reports/s)"))
        rows.append((f"floor: read and decode {2 * count} reports", f"{floor:8.2f} s"))
        results["warm-ratio"] = warm / floor

        print("timing start-up ...", file=sys.stderr)
        (baseline, _), (single, single_peak), (uncached, _) = timed(
            [[sys.executable, "-c", "pass"], [*command, "check", "--exit-zero", str(one)],
             [*command, "check", "--no-cache", "--exit-zero", str(one)]], env, 15)
        rows.append(("python -c pass (median of 15)", f"{baseline * 1000:8.0f} ms"))
        rows.append(("gklint check one.txt (median of 15)", f"{single * 1000:8.0f} ms  (+{(single - baseline) * 1000:.0f} ms)"))
        rows.append(("gklint check --no-cache one.txt (median of 15)", f"{uncached * 1000:8.0f} ms"))
        results["startup-ratio"] = single / baseline
        results["startup-ratio-uncached"] = uncached / baseline

        print("measuring memory ...", file=sys.stderr)
        _, small_peak, _ = run_child([*command, "check", "--no-cache", "--exit-zero", "-j", "1", "-o", os.devnull, str(small)], env)
        _, both_peak, _ = run_child([*command, "check", "--no-cache", "--exit-zero", "-j", "1", "-o", os.devnull,
                                     str(work / "mixed"), str(work / "text")], env)
        _, sarif_peak, _ = run_child([*command, "check", "--no-cache", "--exit-zero", "-j", "1", "--format", "sarif",
                                      "-o", os.devnull, str(work / "mixed")], env)
        rows.append(("peak RSS, one file", f"{single_peak / 1024:8.1f} MiB"))
        rows.append((f"peak RSS, {small_count} mixed files, -j 1", f"{small_peak / 1024:8.1f} MiB"))
        rows.append((f"peak RSS, {count} mixed files, -j 1", f"{results['peak-mixed'] / 1024:8.1f} MiB"))
        rows.append((f"peak RSS, {count} text files, -j 1", f"{results['peak-text'] / 1024:8.1f} MiB"))
        rows.append((f"peak RSS, {2 * count} files (mixed + text), -j 1", f"{both_peak / 1024:8.1f} MiB"))
        rows.append((f"peak RSS, {count} mixed files, -j 1, SARIF", f"{sarif_peak / 1024:8.1f} MiB"))

        print("timing in-process ...", file=sys.stderr)
        sample = {fmt: [p for p in mixed if p.suffix == f".{fmt}"][:300] for fmt in ("txt", "md", "html")}
        sample["docx"] = docx[:options.docx]
        for fmt, ms in in_process(sample).items():
            rows.append((f"in-process, per {fmt} report", f"{ms:8.2f} ms  ({1000 / ms:.0f} reports/s)"))
        pingtan = pingtan_ms()
        for name, ms in pingtan.items():
            rows.append((f"in-process, {name} (median of 5)", f"{ms:8.1f} ms"))

        print()
        print(f"gklint benchmark: {count} reports, seed {options.seed}; {interpreter()}, "
              f"{os.cpu_count()} CPUs, {platform.machine()}; command: {' '.join(Path(c).name for c in command)}")
        print(table(rows))
        print()
        print("targets (issue 18)")
        memory = results["peak-mixed"] / max(1, small_peak)
        targets = [
            ("text ≥ 1,000 reports/s, -j 1", f"{results['rate-text']:.0f}/s", results["rate-text"] >= 1000),
            ("Markdown ≥ 1,000 reports/s, -j 1", f"{results['rate-md']:.0f}/s", results["rate-md"] >= 1000),
            ("portal HTML ≥ 300 reports/s, -j 1", f"{results['rate-html']:.0f}/s", results["rate-html"] >= 300),
            ("Pingtan pages ≤ 30 ms each, in-process",
             ", ".join(f"{ms:.0f} ms" for ms in pingtan.values()) or "../shared/corpus absent",
             bool(pingtan) and max(pingtan.values()) <= 30),
            ("DOCX ≥ 200 reports/s, -j 1", f"{results['rate-docx']:.0f}/s", results["rate-docx"] >= 200),
            ("gklint check one.txt ≤ 2.5 × python -c pass",
             f"{results['startup-ratio']:.2f} × (--no-cache: {results['startup-ratio-uncached']:.2f} ×)",
             results["startup-ratio"] <= 2.5),
            (f"-j {options.jobs} ≥ 1.8 × -j 1, mixed corpus", f"{results['speedup-mixed']:.2f} ×",
             results["speedup-mixed"] >= 1.8),
            ("memory flat in the number of files",
             f"{small_count} files {small_peak / 1024:.0f} MiB, {count}: {results['peak-mixed'] / 1024:.0f} MiB, "
             f"{2 * count}: {both_peak / 1024:.0f} MiB", memory <= 1.25 and both_peak <= 1.25 * results["peak-mixed"]),
            (f"warm re-run of {2 * count} reports ≤ 5 × read and decode", f"{results['warm-ratio']:.2f} ×",
             results["warm-ratio"] <= 5),
        ]
        width = max(len(name) for name, _, _ in targets)
        for name, figure, met in targets:
            print(f"{name.ljust(width)}  {'met    ' if met else 'NOT met'}  {figure}")
        if options.keep:
            print(f"\nreports kept in {work}")
    finally:
        os.chdir(started_in)
        if not options.keep:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
