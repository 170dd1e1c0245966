"""Prove that a refactor keeps gklint's behaviour: record the command line's output, compare it.

A refactor that moves modules around must not change a byte of what users see. This tool makes
that checkable on a large, varied corpus instead of on the test suite's handful of fixtures:

    python benchmarks/equivalence.py generate --files 5000 --out /tmp/eqcorpus
    python benchmarks/equivalence.py run --corpus /tmp/eqcorpus --out /tmp/eq-before --src /path/to/old/src
    python benchmarks/equivalence.py run --corpus /tmp/eqcorpus --out /tmp/eq-after
    python benchmarks/equivalence.py compare /tmp/eq-before /tmp/eq-after

``generate --files N --out DIR``
    Writes N reports with a fixed seed, so the same N gives the same bytes on every machine.
    Plain text, Markdown and HTML come from ``benchmarks/corpus.py`` (its own 50/25/25 mix);
    Word documents and PDFs are the same kind of generated text report rendered by the model
    renderers of ``tests/test_format_equivalence.py`` (python-docx, reportlab). The mix is
    about 40% .txt, 20% .md, 20% .html, 12% .docx and 8% .pdf. The shared seeds and the real
    published reports (``shared/seeds``, ``shared/corpus``) are copied into ``DIR/shared`` so
    that they are checked too. ``DIR/corpus.json`` lists every file with its SHA-256.

``run --corpus DIR --out OUTDIR [--gklint CMD] [--src PATH] [--extra ARGS]``
    Runs the real command line, ``python -m gklint`` with ``PYTHONPATH=<src>`` (by default the
    ``src`` next to this script), once per variant: JSON in Chinese and in English, SARIF,
    plain text and ``--diff``. Every run is ``-j 1 --exit-zero`` over ``.`` from inside DIR,
    so paths in the output are relative and files come in gklint's own sorted order; each
    variant's standard output, standard error and exit status go to their own files in
    OUTDIR. ``OUTDIR/run.json`` records what ran and how long it took (not compared).
    Record both sides from the same corpus folder: the SARIF log names the current folder as
    ``%SRCROOT%`` (an absolute ``file://`` URI), the one absolute path in the output. The
    ``--diff`` variant exits 1 despite ``--exit-zero`` (PDFs cannot be fixed); that status
    is recorded and compared like the rest.

``compare OUT_A OUT_B``
    Compares the two recordings byte for byte, variant by variant, and prints ``identical``
    or the first differing lines. Exits 1 on any difference.

Not a test: it takes minutes. Run it with an interpreter that has gklint's dependencies (and,
for ``generate``, python-docx, reportlab and pytest, i.e. the ``test`` extra).
"""

from __future__ import annotations

import argparse
import difflib
import hashlib
import importlib.util
import io
import json
import os
import random
import shlex
import shutil
import subprocess
import sys
import time
import types
import zipfile
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SHARED = ROOT.parent / "shared"  # the project's shared data, beside the repository
DEFAULT_SEED = 20240601

# The share of each format in the corpus. Text, Markdown and HTML come out of corpus.py in its
# own 50/25/25 mix, so giving it 80% of the files yields 40/20/20.
DOCX_SHARE = 0.12
PDF_SHARE = 0.08
# Zip entries get this timestamp so that a .docx has the same bytes whenever it is made.
ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)

# The variants recorded by ``run``: (name, gklint arguments before the path).
COMMON = ["-j", "1", "--exit-zero"]
VARIANTS = [
    ("json-zh", ["check", "--format", "json", *COMMON]),
    ("json-en", ["check", "--format", "json", "--lang", "en", *COMMON]),
    ("sarif", ["check", "--format", "sarif", *COMMON]),
    ("text", ["check", "--format", "text", "--no-color", *COMMON]),
    ("diff", ["check", "--diff", *COMMON]),
]
# The recorded files of one variant, all compared.
RECORDED = (".out", ".err", ".exit")


# ── generate ─────────────────────────────────────────────────────────────────────────────
def _load_renderers():
    """``tests/test_format_equivalence.py`` as a module, for its model and renderers.

    Its ``from conftest import ...`` would import gklint itself, the very code under test
    (and, during a refactor, maybe not importable). The renderers do not need it, so a
    stand-in ``conftest`` answers those imports with placeholders that fail only if called:
    the corpus then depends on the renderers alone, never on the tree being checked.
    """
    tests = ROOT / "tests"
    sys.path.insert(0, str(tests))

    class _StandIn(types.ModuleType):
        def __getattr__(self, name: str):
            if name.startswith("__"):
                raise AttributeError(name)

            def unavailable(*args, **kwargs):
                raise RuntimeError(f"conftest.{name} is not available while generating the corpus")

            return unavailable

    saved = sys.modules.get("conftest")
    sys.modules["conftest"] = _StandIn("conftest")
    try:
        spec = importlib.util.spec_from_file_location("_gklint_format_equivalence",
                                                      tests / "test_format_equivalence.py")
        module = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = module  # dataclasses look their module up there
        spec.loader.exec_module(module)
    finally:
        if saved is None:
            sys.modules.pop("conftest", None)
        else:
            sys.modules["conftest"] = saved
    return module


def _fixed_zip(data: bytes) -> bytes:
    """The .docx with every entry dated ``ZIP_EPOCH``: python-docx stamps the current time."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=ZIP_EPOCH)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = info.external_attr
            target.writestr(entry, source.read(info.filename))
    return out.getvalue()


def _decode(data: bytes) -> str:
    """A generated text report as text: corpus.py writes UTF-8 or, for some .txt, GB18030
    (Chinese text in GB18030 is never valid UTF-8, so trying UTF-8 first tells them apart)."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = data.decode("gb18030")
    return text.replace("\r\n", "\n")  # the model reads lines split on \n


def _stem(name: str) -> str:
    """``agency-year`` of corpus.py's ``NNNNN-agency-year.ext``."""
    return name.split("-", 1)[1].rsplit(".", 1)[0]


_RENDERERS = None  # tests/test_format_equivalence.py, loaded once per process


def _init_worker() -> None:
    global _RENDERERS
    if _RENDERERS is None:
        # reportlab writes the creation date and a random document ID into each PDF otherwise.
        from reportlab import rl_config

        rl_config.invariant = 1
        _RENDERERS = _load_renderers()


def _render_job(job: tuple[str, str, bytes]) -> tuple[bytes | None, float]:
    """(the report rendered as .docx or .pdf, or None if the model cannot read it; seconds)."""
    fmt, _, data = job
    start = time.perf_counter()
    try:
        blocks = _RENDERERS.parse_model(_decode(data))
        rendered = _fixed_zip(_RENDERERS.render_docx(blocks)) if fmt == "docx" else _RENDERERS.render_pdf(blocks)
    except Exception:  # a table layout the model does not handle
        rendered = None
    return rendered, time.perf_counter() - start


def generate(count: int, out: Path, seed: int = DEFAULT_SEED, shared: Path = SHARED,
             workers: int | None = None) -> tuple[dict, dict]:
    """Write the corpus; return its manifest (also in corpus.json) and the CPU seconds spent
    rendering each binary format."""
    sys.path.insert(0, str(HERE))
    import corpus  # benchmarks/corpus.py

    pdfs = round(count * PDF_SHARE)
    docxs = round(count * DOCX_SHARE)
    web = count - pdfs - docxs

    # (format, agency-year stem, bytes) in generation order.
    reports: list[tuple[str, str, bytes]] = []
    for name, data in corpus.generate(web, seed):
        reports.append((name.rsplit(".", 1)[1], _stem(name), data))

    # Word and PDF: text reports from a second stream, rendered in worker processes (python-docx
    # takes about half a second per report). The few whose layout the model cannot read
    # (parse_model infers merged cells and can give up on an odd table) are replaced, in
    # order, by the next reports of the stream, so the result does not depend on timing.
    binary_formats = ["docx"] * docxs + ["pdf"] * pdfs
    random.Random(seed + 2).shuffle(binary_formats)
    stream = corpus.generate(10 * (docxs + pdfs) + 100, seed + 1, fmt="txt")
    jobs = [(fmt, *next(stream)) for fmt in binary_formats]
    workers = max(1, min(workers or os.cpu_count() or 1, len(jobs) // 20 or 1))
    skipped = 0
    timings = {"docx": 0.0, "pdf": 0.0}
    with ProcessPoolExecutor(max_workers=workers, initializer=_init_worker) as pool:
        rendered = list(pool.map(_render_job, jobs, chunksize=4))
    _init_worker()
    for (fmt, name, _), (data, seconds) in zip(jobs, rendered):
        timings[fmt] += seconds
        while data is None:
            skipped += 1
            name, text = next(stream)
            data, seconds = _render_job((fmt, name, text))
            timings[fmt] += seconds
        reports.append((fmt, _stem(name), data))

    # Interleave the formats (a fixed shuffle) and number the files in that order, in folders
    # of 500 the way corpus.write files them: agencies' consecutive years end up in different
    # formats and folders, which the cross-file rules must handle.
    random.Random(seed + 3).shuffle(reports)
    out.mkdir(parents=True, exist_ok=True)
    files: dict[str, str] = {}
    counts: dict[str, int] = {}
    for number, (fmt, stem, data) in enumerate(reports):
        relative = f"reports/batch-{number // 500:03d}/{number:05d}-{stem}.{fmt}"
        path = out / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        files[relative] = hashlib.sha256(data).hexdigest()
        counts[fmt] = counts.get(fmt, 0) + 1

    copied = 0
    for part in ("seeds", "corpus"):
        folder = shared / part
        if not folder.is_dir():
            print(f"note: {folder} not found; not copied", file=sys.stderr)
            continue
        for source in sorted(folder.iterdir()):
            if source.is_file():
                relative = f"shared/{part}/{source.name}"
                (out / relative).parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(source, out / relative)
                files[relative] = hashlib.sha256(source.read_bytes()).hexdigest()
                copied += 1

    digest = hashlib.sha256("".join(f"{path}\0{sha}\n" for path, sha in sorted(files.items())).encode()).hexdigest()
    manifest = {"seed": seed, "generated": count, "formats": dict(sorted(counts.items())), "shared": copied,
                "skipped_renderings": skipped, "digest": digest, "files": dict(sorted(files.items()))}
    # .json is not a format gklint reads, so the manifest does not become part of the corpus.
    (out / "corpus.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return manifest, timings


def command_generate(options) -> int:
    out = Path(options.out)
    if out.exists() and any(out.iterdir()):
        # Never mix two corpora, and never delete a folder that may not be ours.
        print(f"error: {out} is not empty; remove it or choose another folder", file=sys.stderr)
        return 2
    start = time.perf_counter()
    manifest, timings = generate(options.files, out, options.seed, workers=options.workers)
    seconds = time.perf_counter() - start
    print(f"{manifest['generated']} reports in {out} ({seconds:.1f} s): "
          + ", ".join(f"{n} {fmt}" for fmt, n in manifest["formats"].items())
          + f"; {manifest['shared']} shared files; {manifest['skipped_renderings']} renderings skipped; "
          + f"rendering took docx {timings['docx']:.1f} s, pdf {timings['pdf']:.1f} s of CPU")
    print(f"corpus digest {manifest['digest']}")
    return 0


# ── run ──────────────────────────────────────────────────────────────────────────────────
def child_env(src: Path) -> dict[str, str]:
    env = dict(os.environ)
    # PYTHONPATH comes before site-packages, so the tree under test wins over an installed
    # (or editable-installed) gklint.
    env["PYTHONPATH"] = str(src) + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    env["PYTHONIOENCODING"] = "utf-8"
    env["LC_ALL"] = env["LANG"] = "C.UTF-8"
    # Colour and width settings of the caller's terminal must not leak into the recording.
    for name in ("NO_COLOR", "FORCE_COLOR", "CLICOLOR", "CLICOLOR_FORCE", "COLUMNS", "TERM"):
        env.pop(name, None)
    return env


def run_variant(command: list[str], args: list[str], corpus: Path, out: Path, name: str, env: dict,
                extra: list[str] = ()) -> dict:
    # Extra arguments (``run --extra``) go after the variant's own: a later -j wins; {variant}
    # names the variant (a cache folder of its own: --cache-dir /tmp/c-{variant}).
    args = [*args, *(argument.replace("{variant}", name) for argument in extra)]
    start = time.perf_counter()
    with open(out / f"{name}.out", "wb") as stdout, open(out / f"{name}.err", "wb") as stderr:
        # "." from inside the corpus: relative, stable paths, and gklint's own sorted walk
        # (one argument, so no command line is ever too long).
        process = subprocess.run([*command, *args, "."], cwd=corpus, env=env, stdout=stdout, stderr=stderr,
                                 stdin=subprocess.DEVNULL)
    seconds = time.perf_counter() - start
    (out / f"{name}.exit").write_text(f"{process.returncode}\n", encoding="ascii")
    return {"args": [*args, "."], "exit": process.returncode, "seconds": round(seconds, 1),
            "stdout_bytes": (out / f"{name}.out").stat().st_size, "stderr_bytes": (out / f"{name}.err").stat().st_size}


def findings_count(out: Path, name: str) -> int | None:
    try:
        data = json.loads((out / f"{name}.out").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if isinstance(data, list):
        return len(data)
    for key in ("findings", "results"):
        if isinstance(data, dict) and isinstance(data.get(key), list):
            return len(data[key])
    return None


def command_run(options) -> int:
    corpus = Path(options.corpus).resolve()
    out = Path(options.out).resolve()
    src = Path(options.src).resolve()
    command = shlex.split(options.gklint) if options.gklint else [sys.executable, "-m", "gklint"]
    if not (corpus / "corpus.json").is_file():
        print(f"error: {corpus} has no corpus.json; make it with 'generate'", file=sys.stderr)
        return 2
    out.mkdir(parents=True, exist_ok=True)
    env = child_env(src)

    # Which gklint will run: a wrong PYTHONPATH would silently record another tree. Checked
    # when the command is "<python> -m gklint" (a custom --gklint command is taken as given).
    imported = None
    if command[-2:] == ["-m", "gklint"]:
        probe = subprocess.run([*command[:-2], "-c", "import gklint; print(gklint.__file__)"], env=env, cwd=corpus,
                               capture_output=True, text=True)
        imported = probe.stdout.strip()
        if not imported.startswith(str(src) + os.sep):
            print(f"error: gklint is imported from {imported or probe.stderr.strip()}, not from {src}", file=sys.stderr)
            return 2

    manifest = json.loads((corpus / "corpus.json").read_text(encoding="utf-8"))
    selected = [(name, args) for name, args in VARIANTS if not options.variants or name in options.variants]
    start = time.perf_counter()
    # Variants are independent processes, each with -j 1; running a few side by side only
    # changes how long the whole takes, not any output.
    with ThreadPoolExecutor(max_workers=max(1, options.parallel)) as pool:
        extra = shlex.split(options.extra or "")
        futures = {name: pool.submit(run_variant, command, args, corpus, out, name, env, extra) for name, args in selected}
        results = {name: future.result() for name, future in futures.items()}
    total = time.perf_counter() - start
    meta = {"command": command, "src": str(src), "gklint_module": imported, "corpus": str(corpus),
            "corpus_digest": manifest.get("digest"), "seconds": round(total, 1), "variants": results,
            "findings": {name: findings_count(out, name) for name in ("json-zh", "json-en") if name in results}}
    # Not compared: it holds timings and absolute paths.
    (out / "run.json").write_text(json.dumps(meta, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    for name, result in results.items():
        print(f"{name:8} exit {result['exit']}  {result['seconds']:7.1f} s  {result['stdout_bytes']:>11,} bytes out  "
              f"{result['stderr_bytes']:>9,} bytes err")
    print(f"total {total:.1f} s; findings: {meta['findings']}")
    failed = [name for name, result in results.items() if result["exit"] != 0]
    if failed:
        print(f"note: non-zero exit for {', '.join(failed)} (recorded; see the .err files)", file=sys.stderr)
    return 0


# ── compare ──────────────────────────────────────────────────────────────────────────────
def first_differences(a: bytes, b: bytes, limit: int = 20, window: int = 2000) -> list[str]:
    """Up to ``limit`` changed lines, as a unified diff, from the first difference on.

    difflib on whole outputs of tens of megabytes takes too long, so the diff looks at
    ``window`` lines from just before the first differing line. Its "autojunk" heuristic is
    off: it would treat JSON's many identical lines (``},``) as junk and misalign the diff.
    """
    lines_a = a.decode("utf-8", "replace").splitlines(keepends=True)
    lines_b = b.decode("utf-8", "replace").splitlines(keepends=True)
    shorter = min(len(lines_a), len(lines_b))  # if one output is the other plus more lines
    first = next((i for i, (x, y) in enumerate(zip(lines_a, lines_b)) if x != y), shorter)
    begin = max(0, first - 3)
    part_a, part_b = lines_a[begin:begin + window], lines_b[begin:begin + window]
    matcher = difflib.SequenceMatcher(None, part_a, part_b, autojunk=False)
    shown, changed = ["--- A\n", "+++ B\n"], 0

    def finished(more: bool) -> list[str]:
        lines = [line if line.endswith("\n") else line + "\n" for line in shown]  # a last line without \n
        return lines + (["... (more differences)\n"] if more else [])

    for group in matcher.get_grouped_opcodes(2):
        first_a, last_a, first_b, last_b = group[0][1], group[-1][2], group[0][3], group[-1][4]
        shown.append(f"@@ -{begin + first_a + 1},{last_a - first_a} +{begin + first_b + 1},{last_b - first_b} @@\n")
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                shown += [" " + line for line in part_a[i1:i2]]
                continue
            for sign, lines in (("-", part_a[i1:i2]), ("+", part_b[j1:j2])):
                for line in lines:
                    shown.append(sign + line)
                    changed += 1
                    if changed >= limit:
                        return finished(more=True)
    return finished(more=False)


def command_compare(options) -> int:
    a, b = Path(options.a), Path(options.b)
    names = sorted({path.stem for folder in (a, b) for path in folder.glob("*") if path.suffix in RECORDED},
                   key=lambda name: ([n for n, _ in VARIANTS] + [name]).index(name))
    if not names:
        print("error: no recorded variants found", file=sys.stderr)
        return 2
    meta = [json.loads((folder / "run.json").read_text(encoding="utf-8")) if (folder / "run.json").is_file() else {}
            for folder in (a, b)]
    if meta[0].get("corpus_digest") != meta[1].get("corpus_digest"):
        print("warning: the two recordings were made on different corpora")
    different = False
    for name in names:
        verdicts = []
        for suffix in RECORDED:
            file_a, file_b = a / f"{name}{suffix}", b / f"{name}{suffix}"
            if not file_a.exists() or not file_b.exists():
                verdicts.append(f"{suffix}: missing in {'A' if not file_a.exists() else 'B'}")
                different = True
                continue
            data_a, data_b = file_a.read_bytes(), file_b.read_bytes()
            if data_a == data_b:
                continue
            different = True
            verdicts.append(f"{suffix}: differs\n" + "".join(first_differences(data_a, data_b)))
        if verdicts:
            print(f"{name}: DIFFERENT")
            for verdict in verdicts:
                print("  " + verdict.rstrip("\n").replace("\n", "\n  "))
        else:
            print(f"{name}: identical")
    return 1 if different else 0


# ── command line ─────────────────────────────────────────────────────────────────────────
def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)

    gen = commands.add_parser("generate", help="write a deterministic corpus of N reports in all formats")
    gen.add_argument("--files", type=int, default=5000, help="reports to generate (default 5000)")
    gen.add_argument("--out", required=True, help="an empty or new folder")
    gen.add_argument("--seed", type=int, default=DEFAULT_SEED)
    gen.add_argument("--workers", type=int, help="processes rendering .docx and .pdf (default: CPUs); "
                                                 "the corpus is the same for any number")

    run = commands.add_parser("run", help="record gklint's output on a corpus")
    run.add_argument("--corpus", required=True, help="a folder made by 'generate'")
    run.add_argument("--out", required=True, help="where the recording goes")
    run.add_argument("--gklint", help="the command to run (default: this interpreter with -m gklint)")
    run.add_argument("--src", default=str(ROOT / "src"), help="the source tree to test, put on PYTHONPATH "
                                                              "(default: the src next to this script)")
    run.add_argument("--parallel", type=int, default=min(len(VARIANTS), os.cpu_count() or 1),
                     help="variants run side by side (each is -j 1; default: CPUs)")
    run.add_argument("--extra", help="more gklint arguments for every variant, as one shell-quoted string, "
                     "e.g. '-j 2 --cache-dir /tmp/c-{variant}' ({variant}: the variant's name; -j here wins)")
    run.add_argument("--variants", nargs="*", choices=[name for name, _ in VARIANTS], help="only these variants")

    cmp = commands.add_parser("compare", help="compare two recordings; exit 1 on any difference")
    cmp.add_argument("a", metavar="OUT_A")
    cmp.add_argument("b", metavar="OUT_B")

    options = parser.parse_args(argv)
    return {"generate": command_generate, "run": command_run, "compare": command_compare}[options.command](options)


if __name__ == "__main__":
    sys.exit(main())
