"""The result cache (``gklint.cli.cache``): a re-run gives what a fresh run gives, byte for
byte, and reuses a file's result only while nothing it depends on has changed."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest

from conftest import ROOT, run_gklint

sys.path.insert(0, str(ROOT / "benchmarks"))
import corpus  # noqa: E402

COUNT = 90


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    root = tmp_path_factory.mktemp("reports")
    corpus.write(root, COUNT, seed=181818, per_folder=30)
    (root / "batch-000" / "00005-binary.txt").write_bytes(bytes(range(256)) * 8)  # GK000
    return root


def entries(cache) -> list:
    return sorted(path for path in cache.rglob("*") if path.is_file() and path.parent.parent.parent == cache)


def check(folder, cache, *extra, fmt="json", cwd=None):
    return run_gklint("check", "--no-color", "--exit-zero", "--format", fmt, "--cache-dir", str(cache), *extra,
                      str(folder), cwd=cwd or folder)


@pytest.mark.parametrize("fmt", ["json", "text", "sarif"])
def test_output_is_byte_identical_without_cache_cold_warm_and_in_parallel(folder, tmp_path, fmt):
    fresh = check(folder, tmp_path / "unused", "--no-cache", "-j", "1", fmt=fmt)
    assert fresh.returncode == 2 and fresh.stdout, fresh.stderr.decode("utf-8", "replace")  # (GK000)
    assert not (tmp_path / "unused").exists()  # --no-cache writes nothing
    cache = tmp_path / "cache"
    runs = {
        "cold -j 1": check(folder, cache, "-j", "1", fmt=fmt),
        "warm -j 1": check(folder, cache, "-j", "1", fmt=fmt),
        "warm -j 2": check(folder, cache, "-j", "2", fmt=fmt),
    }
    shutil.rmtree(cache)
    runs["cold -j 2"] = check(folder, cache, "-j", "2", fmt=fmt)
    runs["warm after -j 2, -j 1"] = check(folder, cache, "-j", "1", fmt=fmt)
    for name, run in runs.items():
        assert (run.returncode, run.stdout, run.stderr) == (fresh.returncode, fresh.stdout, fresh.stderr), name
    assert len(entries(cache)) == COUNT + 1


def test_entries_made_by_one_format_serve_the_others_byte_for_byte(folder, tmp_path):
    """A text run keeps each finding's excerpt in its entry, and its hits show those without
    the source; a JSON run keeps none. Whichever format made an entry, a hit of any format
    prints what a fresh run prints (a text hit of a JSON-made entry reads the source again,
    SARIF always does)."""
    order = ["json", "text", "sarif", "github", "text", "json"]
    fresh = {fmt: check(folder, tmp_path / "unused", "--no-cache", fmt=fmt) for fmt in set(order)}
    for first in ("json", "text"):
        cache = tmp_path / f"cache-{first}"
        for step, fmt in enumerate([first, *order]):
            run = check(folder, cache, "-j", "2" if step % 2 else "1", fmt=fmt)
            assert (run.returncode, run.stdout, run.stderr) == (
                fresh[fmt].returncode, fresh[fmt].stdout, fresh[fmt].stderr), (first, step, fmt)


def test_cross_file_findings_are_the_same_from_the_cache(folder, tmp_path):
    """GK406 compares an agency's years at the end of the run: its facts come from the cache
    for unchanged files, and the findings are those of a fresh run."""
    fresh = check(folder, tmp_path / "unused", "--no-cache", "--select", "GK406")
    assert b'"GK406"' in fresh.stdout
    cache = tmp_path / "cache"
    check(folder, cache)  # every rule: the entries hold every rule's facts
    warm = check(folder, cache, "--select", "GK406")
    assert warm.stdout == fresh.stdout  # (another selection: another run key, relinted)
    again = check(folder, cache, "--select", "GK406")
    assert again.stdout == fresh.stdout


def test_the_cache_folder_is_made_in_the_project_and_kept_out_of_git(tmp_path):
    shutil.copyfile(ROOT / "tests" / "fixtures" / "reports" / "clean-2021.txt", tmp_path / "r.txt")
    (tmp_path / "sub").mkdir()
    (tmp_path / "gklint.toml").write_text('lang = "zh"\n', encoding="utf-8")
    result = run_gklint("check", "--no-color", "../r.txt", cwd=tmp_path / "sub")
    assert result.returncode == 0, result.stderr.decode("utf-8", "replace")
    cache = tmp_path / ".gklint_cache"  # beside the config file, not in the current folder
    assert (cache / ".gitignore").read_text(encoding="utf-8").splitlines()[-1] == "*"
    assert (cache / "CACHEDIR.TAG").read_bytes().startswith(b"Signature: 8a477f597d28d172789f06886806bc55")
    assert not (tmp_path / "sub" / ".gklint_cache").exists()
    assert len(entries(cache)) == 1


# ── what invalidates an entry ─────────────────────────────────────────────────────────────
def test_facts_beyond_the_held_ones_give_the_same_cross_file_findings(folder, tmp_path, monkeypatch):
    """A warm run holds the cached facts of its first ``CachedFacts.HOLD`` files in memory and
    the others' in a temporary file, unpickled only when the cross-file findings must be
    worked out again: the findings are a fresh run's whether they are kept or worked out."""
    from gklint.cli.cache import CachedFacts
    from gklint.cli.main import main

    monkeypatch.chdir(folder)
    output = tmp_path / "out.json"

    def run(*args: str) -> bytes:
        assert main(["check", "--exit-zero", "--format", "json", "-j", "1", "-o", str(output), *args, "."]) == 2  # (GK000)
        return output.read_bytes()

    fresh = run("--no-cache")
    assert b'"GK406"' in fresh
    cache = tmp_path / "cache"
    monkeypatch.setattr(CachedFacts, "HOLD", 4)
    released = []
    release = CachedFacts.release
    monkeypatch.setattr(CachedFacts, "release", lambda self: released.append(self._spilled_size) or release(self))
    assert run("--cache-dir", str(cache)) == fresh  # cold: the findings worked out, and kept
    released.clear()
    assert run("--cache-dir", str(cache)) == fresh and released == []  # warm: the findings kept for these facts
    for kept in cache.glob("*/collection-*"):
        kept.unlink()
    assert run("--cache-dir", str(cache)) == fresh  # warm: the facts read back from the file
    assert len(released) == 1 and released[0] > 0


@pytest.fixture()
def counted(monkeypatch):
    """Runs ``gklint check`` in-process and counts the files the engine actually linted."""
    from gklint.check.engine import Linter
    from gklint.cli.main import main

    linted: list[str] = []
    original = Linter.lint_bytes

    def lint_bytes(self, data, path, *more):
        linted.append(path)
        return original(self, data, path, *more)

    monkeypatch.setattr(Linter, "lint_bytes", lint_bytes)

    def run(*args: str) -> list[str]:
        linted.clear()
        assert main(["check", "--exit-zero", "-o", os.devnull, "-j", "1", *args]) == 0
        return sorted(linted)

    return run


@pytest.fixture()
def project(tmp_path, monkeypatch):
    report = (ROOT / "tests" / "fixtures" / "reports" / "clean-2021.txt").read_text(encoding="utf-8")
    (tmp_path / "a.txt").write_text(report, encoding="utf-8")
    (tmp_path / "b.txt").write_text(report.replace("2021", "2022"), encoding="utf-8")
    (tmp_path / "local.toml").write_text("# a local variant: none yet\n", encoding="utf-8")
    (tmp_path / "gklint.toml").write_text('templates = ["local.toml"]\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_a_second_run_lints_nothing_again(project, counted):
    assert counted(".") == ["a.txt", "b.txt"]
    assert counted(".") == []


def test_a_changed_file_is_linted_again(project, counted):
    counted(".")
    with open(project / "b.txt", "a", encoding="utf-8") as handle:
        handle.write("\n")
    assert counted(".") == ["b.txt"]
    assert counted(".") == []


def test_a_changed_config_lints_everything_again(project, counted):
    counted(".")
    (project / "gklint.toml").write_text('templates = ["local.toml"]\nignore = ["GK5"]\n', encoding="utf-8")
    assert counted(".") == ["a.txt", "b.txt"]
    assert counted("--select", "GK1", ".") == ["a.txt", "b.txt"]  # the command line is configuration too
    assert counted("--lang", "en", ".") == ["a.txt", "b.txt"]


def test_a_changed_template_file_lints_everything_again(project, counted):
    counted(".")
    (project / "local.toml").write_text("# a local variant: still none\n", encoding="utf-8")
    assert counted(".") == ["a.txt", "b.txt"]
    assert counted(".") == []


def test_an_upgraded_plugin_lints_everything_again(project, counted):
    from gklint.cli.texts import language
    from gklint.registry import Provider, get_registry

    registry = get_registry(language())
    registry.providers["gklint_plugin_fake"] = Provider("gklint-plugin-fake", "1.0")
    try:
        assert counted(".") == ["a.txt", "b.txt"]
        assert counted(".") == []
        registry.providers["gklint_plugin_fake"] = Provider("gklint-plugin-fake", "1.1")
        assert counted(".") == ["a.txt", "b.txt"]
        del registry.providers["gklint_plugin_fake"]  # uninstalled
        assert counted(".") == ["a.txt", "b.txt"]
    finally:
        registry.providers.pop("gklint_plugin_fake", None)


def test_the_review_page_always_lints_afresh(project, counted):
    """A cached result carries no outline of the report (the review page shows the report
    itself): the page's runs bypass the cache, and a page made after a cached run is the page
    of a run without any cache."""
    counted(".")
    assert counted(".") == []
    assert counted("--format", "html", ".") == ["a.txt", "b.txt"]
    from gklint.cli.main import main

    pages = []
    for extra in ((), ("--no-cache",)):
        assert main(["check", "--exit-zero", "--format", "html", "-o", "review.html", "-j", "1", *extra, "a.txt", "b.txt"]) == 0
        pages.append((project / "review.html").read_bytes())
    assert pages[0] == pages[1] and b"section class=\"report" in pages[0]


def test_annotate_writes_its_copy_on_a_warm_run_too(tmp_path, monkeypatch):
    """--annotate writes each Word file's copy from a fresh lint, never from the cache: a second
    run with a warm cache writes the copy again (after it was deleted)."""
    template = ROOT.parent / "shared" / "corpus" / "template-2021-official.docx"
    if not template.is_file():
        pytest.skip("../shared/corpus is absent")
    shutil.copyfile(template, tmp_path / "report.docx")
    monkeypatch.chdir(tmp_path)
    from gklint.cli.main import main

    assert main(["check", "--exit-zero", "-o", os.devnull, "report.docx"]) == 0  # the cache is warm now
    assert (tmp_path / ".gklint_cache").is_dir()
    for _ in range(2):
        assert main(["check", "--exit-zero", "--annotate", "-o", os.devnull, "report.docx"]) == 0
        assert (tmp_path / "report.gklint.docx").stat().st_size > 0
        (tmp_path / "report.gklint.docx").unlink()


def test_fix_never_uses_the_cache(project, counted):
    counted(".")
    assert counted("--fix", ".") == ["a.txt", "b.txt"]
    assert counted("--diff", ".") == ["a.txt", "b.txt"]


def test_no_cache_neither_reads_nor_writes(project, counted):
    assert counted("--no-cache", ".") == ["a.txt", "b.txt"]
    assert not (project / ".gklint_cache").exists()
    counted(".")
    assert counted("--no-cache", ".") == ["a.txt", "b.txt"]


# ── damaged, foreign and unwritable caches ────────────────────────────────────────────────
def test_a_truncated_or_corrupt_entry_is_ignored_and_replaced(folder, tmp_path):
    cache = tmp_path / "cache"
    fresh = check(folder, cache)
    stored = entries(cache)
    for number, path in enumerate(stored):
        data = path.read_bytes()
        if number % 3 == 0:
            path.write_bytes(data[: len(data) // 2])  # truncated
        elif number % 3 == 1:
            path.write_bytes(data[:-40] + bytes(40))  # its end overwritten
        else:
            path.write_bytes(b"")
    again = check(folder, cache)
    assert (again.returncode, again.stdout, again.stderr) == (fresh.returncode, fresh.stdout, fresh.stderr)
    assert [path.read_bytes() for path in entries(cache)] != [b""] * len(stored)
    assert all(path.stat().st_size > 100 for path in entries(cache))  # replaced by whole entries


def test_a_foreign_entry_is_never_unpickled_into_anything_but_records(project, counted):
    """An entry planted in the folder, with valid digests, that would run code when
    unpickled: ignored (a miss), replaced, and the code never runs."""
    import pickle

    from gklint.cli import cache as result_cache

    counted(".")
    (entry,) = [path for path in entries(project / ".gklint_cache") if b"a.txt" in path.read_bytes()]
    marker = project / "pwned"
    payload = pickle.dumps(("a.txt", _Planted(str(marker))))
    data = entry.read_bytes()
    content = data[len(result_cache.MAGIC):len(result_cache.MAGIC) + result_cache.DIGEST_SIZE]
    entry.write_bytes(result_cache.MAGIC + content + result_cache._checksum(payload) + payload)
    assert counted(".") == ["a.txt"]
    assert not marker.exists()
    assert counted(".") == []


def test_an_entry_of_the_format_before_is_a_miss_and_replaced(project, counted):
    """Entries of format 4 checked their payload with a BLAKE2b digest, not a CRC-32: one
    left in the folder, its digests valid, is linted again and rewritten."""
    from hashlib import blake2b

    from gklint.cli import cache as result_cache

    counted(".")
    (entry,) = [path for path in entries(project / ".gklint_cache") if b"a.txt" in path.read_bytes()]
    data = entry.read_bytes()
    assert data.startswith(b"gklint-cache 5\n")
    content = data[len(result_cache.MAGIC):len(result_cache.MAGIC) + result_cache.DIGEST_SIZE]
    payload = data[len(result_cache.MAGIC) + result_cache.DIGEST_SIZE + result_cache.CHECKSUM_SIZE:]
    entry.write_bytes(b"gklint-cache 4\n" + content + blake2b(payload, digest_size=16).digest() + payload)
    assert counted(".") == ["a.txt"]
    assert entry.read_bytes() == data
    assert counted(".") == []


class _Planted:
    def __init__(self, path: str) -> None:
        self.path = path

    def __reduce__(self):
        return (open, (self.path, "w"))


def test_two_concurrent_runs_share_one_cache(folder, tmp_path):
    fresh = check(folder, tmp_path / "unused", "--no-cache")
    cache = tmp_path / "cache"
    command = [sys.executable, "-m", "gklint", "check", "--no-color", "--exit-zero", "--format", "json",
               "--cache-dir", str(cache), str(folder)]
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    runs = [subprocess.Popen([*command, "-j", jobs], cwd=folder, env=env, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE) for jobs in ("1", "2")]
    outputs = [run.communicate(timeout=300) for run in runs]
    for stdout, stderr in outputs:
        assert (stdout, stderr) == (fresh.stdout, fresh.stderr)
    assert not [path for path in cache.rglob(".tmp-*")]  # no temporary file left
    warm = check(folder, cache)
    assert (warm.stdout, warm.stderr) == (fresh.stdout, fresh.stderr)


@pytest.fixture()
def read_only_folder(tmp_path):
    """A folder nobody can write in, root included (root ignores permissions: the folder is
    made immutable instead)."""
    folder = tmp_path / "readonly"
    folder.mkdir()
    if os.geteuid() == 0:
        made = subprocess.run(["chattr", "+i", str(folder)], capture_output=True) if shutil.which("chattr") else None
        undo = ["chattr", "-i", str(folder)]
    else:
        folder.chmod(0o555)
        made, undo = True, None
    try:
        (folder / "probe").write_bytes(b"")
    except OSError:
        pass
    else:
        pytest.skip("no way to make a read-only folder here (root without chattr on this file system)")
    try:
        yield folder
    finally:
        if undo:
            subprocess.run(undo, check=False)
        else:
            folder.chmod(0o755)
        assert made


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_read_only_cache_folder_runs_without_the_cache_and_says_so_once(folder, read_only_folder, tmp_path, lang):
    fresh = check(folder, tmp_path / "unused", "--no-cache", "--lang", lang, "-j", "2")
    result = check(folder, read_only_folder, "--lang", lang, "-j", "2")
    assert (result.returncode, result.stdout) == (fresh.returncode, fresh.stdout)
    stderr = result.stderr.decode("utf-8")
    extra = stderr.replace(fresh.stderr.decode("utf-8"), "", 1)
    if lang == "en":
        assert extra.startswith(f"gklint: warning: cannot write the result cache folder {read_only_folder} (")
        assert extra.endswith("); this run goes without the cache\n")
    else:
        assert extra.startswith(f"gklint: 警告：无法写入结果缓存文件夹 {read_only_folder}（")
        assert extra.endswith("），本次运行不使用缓存\n")
    assert extra.count("\n") == 1
    assert os.listdir(read_only_folder) == []


def test_clean_removes_the_cache_and_only_a_cache(project):
    run_gklint("check", ".", cwd=project)
    assert (project / ".gklint_cache").is_dir()
    result = run_gklint("clean", cwd=project)
    assert result.returncode == 0
    assert result.stderr.decode("utf-8") == f"gklint: 已删除结果缓存 {project / '.gklint_cache'}\n"
    assert not (project / ".gklint_cache").exists()
    assert run_gklint("clean", "--lang", "en", cwd=project).stderr.decode("utf-8") == (
        f"gklint: no result cache at {project / '.gklint_cache'}\n")
    (project / "notes").mkdir()
    (project / "notes" / "keep.txt").write_text("x", encoding="utf-8")
    refused = run_gklint("clean", "--cache-dir", "notes", cwd=project)
    assert refused.returncode == 2
    assert "不是 gklint 的结果缓存文件夹" in refused.stderr.decode("utf-8")
    assert (project / "notes" / "keep.txt").exists()


# ── the run's memo: a re-run answered from the cache loads no plugin ──────────────────────
# (``gklint.cli.plan``: the memo in the cache folder stands for the registry while the files
# it was learnt from are unchanged; these runs are real processes, as a user's are.)
LIST_MODULES = (
    "import json, sys\n"
    "from gklint.cli.main import main\n"
    "code = main(sys.argv[1:])\n"
    "sys.stdout.flush()\n"
    "print('\\n@@' + json.dumps(sorted(sys.modules)))\n"
)
NOT_ON_A_WARM_RUN = ("pluggy", "gklint.registry", "gklint.check.engine", "gklint.check.rules", "gklint.parse.builder")


OLD_TIME = 1_600_000_000  # (2020: a time no file here has by itself)


def _backdate(*paths) -> None:
    """Files and folders written long ago: a memo that depends on a file changed in the last
    seconds is not kept (its time might not show the next change). Always the same time: a
    change then shows only in what changed (a size, a folder's listing)."""
    for path in paths:
        os.utime(path, (OLD_TIME, OLD_TIME))


def _run_listing(cwd, *args, env=None):
    """(stdout without the module list, the modules imported, stderr) of a ``check`` run."""
    full_env = {**os.environ, "PYTHONIOENCODING": "utf-8", **(env or {})}
    full_env["PYTHONPATH"] = os.pathsep.join([str(ROOT / "src"), *(env or {}).get("PYTHONPATH", "").split(os.pathsep)]).rstrip(os.pathsep)
    process = subprocess.run([sys.executable, "-c", LIST_MODULES, "check", "--no-color", "--exit-zero", *args],
                             cwd=cwd, capture_output=True, env=full_env, timeout=300)
    out, _, listed = process.stdout.decode("utf-8").rpartition("\n@@")
    assert listed, process.stderr.decode("utf-8", "replace")
    return out, set(json.loads(listed)), process.stderr.decode("utf-8")


def _key_folders(cache) -> list[str]:
    return sorted(path.name for path in cache.iterdir() if path.is_dir())


@pytest.fixture()
def quiet_project(tmp_path):
    for name, data in corpus.generate(4, seed=5151, fmt="txt"):
        (tmp_path / name).write_bytes(data)
    (tmp_path / "local.toml").write_text("# a local variant: none yet\n", encoding="utf-8")
    (tmp_path / "gklint.toml").write_text('templates = ["local.toml"]\n', encoding="utf-8")
    return tmp_path


def _warm(project, *args, env=None):
    """A cold run, then (its files a minute old) a run that learns the memo, then one that
    uses it: the output and modules of the last."""
    _run_listing(project, *args, env=env)
    _backdate(project, *project.iterdir())
    _run_listing(project, *args, env=env)
    _backdate(project, *project.iterdir())
    return _run_listing(project, *args, env=env)


def test_a_warm_rerun_loads_no_plugin_rule_or_template_and_prints_the_same(quiet_project):
    fresh, _, fresh_err = _run_listing(quiet_project, "--no-cache", ".")
    warm, modules, warm_err = _warm(quiet_project, ".")
    assert (warm, warm_err) == (fresh, fresh_err) and "GK" in fresh
    loaded = [name for name in NOT_ON_A_WARM_RUN if any(module == name or module.startswith(name + ".") for module in modules)]
    assert loaded == []


def test_a_changed_template_file_invalidates_the_memo(quiet_project):
    _, modules, _ = _warm(quiet_project, ".")
    assert "gklint.check.engine" not in modules
    keys = _key_folders(quiet_project / ".gklint_cache")
    (quiet_project / "local.toml").write_text("# a local variant: still none\n", encoding="utf-8")
    _backdate(quiet_project / "local.toml")  # (an old time: only the size and content changed)
    _, modules, _ = _run_listing(quiet_project, ".")
    assert "gklint.check.engine" in modules  # linted again, under a new run key
    assert len(_key_folders(quiet_project / ".gklint_cache")) == len(keys) + 1


def test_a_changed_config_invalidates_the_memo(quiet_project):
    fresh, _, _ = _run_listing(quiet_project, "--no-cache", "--select", "GK1", ".")
    _warm(quiet_project, ".")
    (quiet_project / "gklint.toml").write_text('templates = ["local.toml"]\nselect = ["GK1"]\n', encoding="utf-8")
    _backdate(quiet_project / "gklint.toml")
    out, modules, _ = _run_listing(quiet_project, ".")
    assert out == fresh and "gklint.check.engine" in modules


def _fake_plugin(site, version: str, word: str) -> None:
    """An installed plugin (a distribution with a ``[gklint]`` entry point) whose rule
    GKX001 says ``word`` about every report."""
    for old in site.glob("gklint_fake_plugin-*.dist-info"):
        shutil.rmtree(old)
    info = site / f"gklint_fake_plugin-{version}.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: gklint-fake-plugin\nVersion: {version}\n", encoding="utf-8")
    (info / "entry_points.txt").write_text("[gklint]\nfake = gklint_fake_plugin\n", encoding="utf-8")
    (site / "gklint_fake_plugin.py").write_text(
        "import gklint\n\n"
        "class Said(gklint.Rule):\n"
        "    '''Says a word.'''\n"
        "    code = 'GKX001'\n    name = 'said'\n    severity = 'info'\n"
        "    summary = summary_en = 'says a word'\n"
        f"    messages = {{'said': gklint.Message(zh='{word}', en='{word}')}}\n\n"
        "    def check(self, document, context):\n"
        "        yield self.finding(context, document.title.span if document.title else document.source.span(0, 1), 'said')\n\n"
        "@gklint.hookimpl\n"
        "def gklint_rules():\n    return [Said]\n", encoding="utf-8")


def test_an_upgraded_plugin_invalidates_the_memo(quiet_project, tmp_path_factory):
    site = tmp_path_factory.mktemp("site")
    env = {"PYTHONPATH": str(site)}
    _fake_plugin(site, "1.0", "first")
    _backdate(site, *site.rglob("*"))
    out, modules, err = _warm(quiet_project, "--select", "GKX", ".", env=env)
    assert "first" in out and "pluggy" not in modules, err
    keys = _key_folders(quiet_project / ".gklint_cache")
    _fake_plugin(site, "1.1", "first")  # the same module, another version: another run key
    out, modules, _ = _run_listing(quiet_project, "--select", "GKX", ".", env=env)
    assert "first" in out and "pluggy" in modules
    assert len(_key_folders(quiet_project / ".gklint_cache")) == len(keys) + 1
    _backdate(site, *site.rglob("*"))
    _warm(quiet_project, "--select", "GKX", ".", env=env)
    _fake_plugin(site, "1.1", "second")  # the module changed in place (its folder backdated)
    _backdate(site, *site.rglob("*"))
    out, _, _ = _run_listing(quiet_project, "--select", "GKX", ".", env=env)
    assert "second" in out and "first" not in out
