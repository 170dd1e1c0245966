"""``gklint web`` from the outside: a real server (``tests/web_server.py``), real uploads.

Every format answers what ``gklint check --format json`` prints for the same file in a folder
of its own; every error case answers a clear status and message, the server keeps serving,
and the server's temporary folder is empty after each request. A test plugin (installed the
way pip installs one: a ``dist-info`` with an entry point, on ``PYTHONPATH``) adds a rule that
sleeps on reports containing ``SLEEP-FOREVER``: the time limit is tested on it.
"""

from __future__ import annotations

import io
import json
import subprocess
import threading
import zipfile
from pathlib import Path

import pytest

from conftest import ROOT, clean_report, replace_line, run_gklint, soffice
from test_format_equivalence import parse_model, render_docx, render_html, render_pdf
from test_word_review import faulty_report
from web_server import free_port, request, web_server

pytestmark = pytest.mark.slow  # servers start worker processes: seconds each

SLEEP_MARK = "SLEEP-FOREVER"
SLEEPY_PLUGIN = f'''
import time
import gklint


class Sleepy(gklint.Rule):
    """Sleeps on a report that asks for it (gklint web's time-limit tests)."""

    code = "ZZ901"
    name = "sleepy"
    severity = "info"
    summary = "睡眠"
    summary_en = "sleeps"
    needs_format = False
    messages = {{}}

    def check(self, document, context):
        if any("{SLEEP_MARK}" in node.text.text for node in document.nodes() if isinstance(node, gklint.Paragraph)):
            time.sleep(600)
        return []


@gklint.hookimpl
def gklint_rules():
    return [Sleepy]
'''
LIMITS = """
[web]
max-upload-mb = 1
max-files = 5
max-unpacked-mb = 2
timeout = 8
workers = 2
queue = 1
"""


def install_sleepy_plugin(folder: Path) -> dict:
    """The plugin as pip would leave it (module + dist-info with its entry point); the
    environment that puts it on the path."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "gklint_sleepy.py").write_text(SLEEPY_PLUGIN, encoding="utf-8")
    info = folder / "gklint_sleepy-1.0.dist-info"
    info.mkdir(exist_ok=True)
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: gklint-sleepy\nVersion: 1.0\n", encoding="utf-8")
    (info / "entry_points.txt").write_text("[gklint]\nsleepy = gklint_sleepy\n", encoding="utf-8")
    return {"PYTHONPATH": str(folder)}


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """A server with small limits, the sleepy plugin, and a config of its folder that
    leaves GK504 out (found as ``gklint check`` finds it)."""
    base = tmp_path_factory.mktemp("web")
    environment = install_sleepy_plugin(base / "plugins")
    site = base / "office"
    site.mkdir()
    (site / "gklint.toml").write_text('ignore = ["GK504"]\n' + LIMITS, encoding="utf-8")
    with web_server(site, env=environment) as server:
        server.environment = environment
        server.site = site
        yield server


def cli_json(server, files: dict[str, bytes], folder: Path, *extra: str) -> list:
    """What ``gklint check --format json`` prints for ``files`` in a folder of their own,
    under the server's configuration (copied beside them) and plugins (parsed)."""
    return json.loads(cli_output(server, files, folder, *extra))


def cli_output(server, files: dict[str, bytes], folder: Path, *extra: str) -> bytes:
    """``gklint check --format json``'s output, as bytes."""
    folder.mkdir(parents=True)
    (folder / "gklint.toml").write_text((server.site / "gklint.toml").read_text(encoding="utf-8"), encoding="utf-8")
    for name, data in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)
    paths = list(files) if len(files) == 1 else ["."]
    result = run_gklint("check", "--format", "json", *extra, *paths, cwd=folder, env=server.environment)
    return result.stdout


def assert_still_serving(server) -> None:
    status, _, findings = server.check("again.txt", clean_report("2021").encode())
    assert status == 200 and findings == []
    assert server.leftovers() == []
    assert not (server.site / ".gklint_cache").exists()  # no result cache of uploads either


def docx_report() -> bytes:
    return render_docx(parse_model(faulty_report()))


def formats() -> dict[str, bytes]:
    model = parse_model(faulty_report())
    return {
        "青山县2023年报.txt": faulty_report().encode("gb18030"),
        "青山县2023年报.md": faulty_report().encode(),
        "青山县2023年报.html": render_html(model).encode(),
        "青山县2023年报.docx": render_docx(model),
        "青山县2023年报.pdf": render_pdf(model),
        "qingshan-2020-word.html": (ROOT / "tests/fixtures/html/qingshan-2020-word.html").read_bytes(),
    }


# ── answers ───────────────────────────────────────────────────────────────────────────────
@pytest.mark.parametrize("name", list(formats()))
def test_each_format_answers_what_check_prints(served, tmp_path: Path, name: str) -> None:
    data = formats()[name]
    status, headers, body = served.post_file("/api/check", name, data)
    assert status == 200, body
    assert headers["content-type"] == "application/json"
    assert body == cli_output(served, {name: data}, tmp_path / "cli")  # byte for byte
    findings = json.loads(body)
    assert findings and all(finding["path"] == name for finding in findings)
    assert "GK504" not in {finding["code"] for finding in findings}  # the server folder's config
    assert served.leftovers() == []


def test_english_from_the_browser_or_the_query(served, tmp_path: Path) -> None:
    data = faulty_report().encode()
    expected = cli_json(served, {"r.txt": data}, tmp_path / "cli", "--lang", "en")
    assert served.check("r.txt", data, headers={"Accept-Language": "en-GB,en;q=0.9,zh;q=0.5"})[2] == expected
    assert served.check("r.txt", data, headers={"Accept-Language": "zh-CN"}, path="/api/check?lang=en")[2] == expected
    chinese = served.check("r.txt", data, headers={"Accept-Language": "zh-CN,zh;q=0.9,en;q=0.8"})[2]
    assert chinese == cli_json(served, {"r.txt": data}, tmp_path / "cli-zh")


def test_a_zip_of_a_folder(served, tmp_path: Path) -> None:
    files = {"县/a.txt": faulty_report().encode(), "县/b.docx": docx_report(), "县/说明.jpg": b"\xff\xd8 not a report"}
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in files.items():
            package.writestr(name, data)
    status, _, findings = served.check("reports.zip", archive.getvalue())
    assert status == 200, findings
    assert findings == cli_json(served, files, tmp_path / "cli")
    assert {finding["path"] for finding in findings} == {"县/a.txt", "县/b.docx"}
    assert served.leftovers() == []


def test_a_clean_report_has_no_findings(served, tmp_path: Path) -> None:
    data = clean_report("2019").encode()
    status, _, body = served.post_file("/api/check", "clean.txt", data)
    assert (status, json.loads(body)) == (200, [])
    assert body == cli_output(served, {"clean.txt": data}, tmp_path / "cli")


# ── errors: a clear status and message, and the server goes on ───────────────────────────
def zip_of(entries: dict[str, bytes], compression=zipfile.ZIP_DEFLATED) -> bytes:
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w", compression) as package:
        for name, data in entries.items():
            info = zipfile.ZipInfo(name)
            info.compress_type = compression
            package.writestr(info, data)
    return archive.getvalue()


ERRORS = {
    "too large": ("big.txt", b"x" * (1024 * 1024 + 1), 413, "文件超过上限 1 MB"),
    "zip bomb": ("bomb.zip", zip_of({"a.txt": b"0" * (50 * 1024 * 1024)}), 413, "压缩包解压后超过上限 2 MB"),
    "too many files": ("many.zip", zip_of({f"r{index}.txt": b"x" for index in range(6)}), 413, "压缩包中的文件超过上限 5 个"),
    "dot-dot entry": ("evil.zip", zip_of({"ok.txt": b"x", "../../escape.txt": b"x"}), 400,
                      "压缩包中的路径不安全，已拒绝：../../escape.txt"),
    "absolute entry": ("evil.zip", zip_of({"/etc/cron.d/x.txt": b"x"}), 400, "压缩包中的路径不安全，已拒绝：/etc/cron.d/x.txt"),
    "empty file": ("empty.docx", b"", 400, "文件是空的：empty.docx"),
    "binary, unknown kind": ("tool.exe", b"MZ\x90\x00" + bytes(range(256)) * 4, 415,
                             "不支持此类文件：tool.exe（可检查："),
    "not a zip": ("broken.zip", b"PK\x03\x04 broken", 400, "不是有效的 zip 压缩包"),
    "zip without reports": ("photos.zip", zip_of({"a.jpg": b"\xff\xd8"}), 400, "压缩包中没有可检查的报告"),
}


@pytest.mark.parametrize("case", list(ERRORS))
def test_errors_answer_a_status_and_a_message(served, case: str) -> None:
    name, data, wanted_status, wanted_message = ERRORS[case]
    status, headers, body = served.check(name, data)
    assert status == wanted_status, body
    assert body["error"].startswith(wanted_message), body
    assert headers["x-content-type-options"] == "nosniff"
    assert not (served.temporary.parent / "escape.txt").exists()
    assert_still_serving(served)


def test_a_binary_file_named_as_a_report_is_unreadable(served, tmp_path: Path) -> None:
    data = bytes(range(256)) * 40
    status, _, body = served.check("binary.txt", data)
    assert status == 422
    expected = cli_json(served, {"binary.txt": data}, tmp_path / "cli")
    assert body == {"error": expected[0]["message"], "results": expected}
    assert expected[0]["code"] == "GK000"
    assert_still_serving(served)


def test_a_check_that_takes_too_long_is_stopped_and_the_worker_replaced(served) -> None:
    slow = replace_line(clean_report("2021"), "（二）依申请公开。", f"（二）依申请公开。{SLEEP_MARK}")
    status, _, body = served.check("slow.txt", slow.encode())
    assert status == 504
    assert body["error"].startswith("检查超过了时间上限（8 秒），已停止")
    # Both workers serve again (the stopped one was replaced): two checks at once succeed.
    answers = []
    threads = [threading.Thread(target=lambda: answers.append(served.check("x.txt", faulty_report().encode())[0]))
               for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert answers == [200, 200]
    assert_still_serving(served)


def test_beyond_the_queue_a_503_with_retry_after(served) -> None:
    slow = replace_line(clean_report("2021"), "（二）依申请公开。", f"（二）依申请公开。{SLEEP_MARK}").encode()
    # Two workers and a queue of one hold three slow checks: of four sent at once, whichever
    # comes last is turned away at once, whatever order a loaded machine delivers them in.
    answers: list[tuple] = []
    threads = [threading.Thread(target=lambda: answers.append(served.check("slow.txt", slow))) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(status for status, _, _ in answers) == [503, 504, 504, 504]
    _, headers, body = next(answer for answer in answers if answer[0] == 503)
    assert headers["retry-after"] == "5"
    assert body["error"] == "服务器正忙，请稍后（约 5 秒）再试"
    assert_still_serving(served)


# ── what every response carries, and what the log keeps ──────────────────────────────────
def test_every_response_has_the_security_headers(served) -> None:
    for method, path in (("GET", "/"), ("GET", "/nowhere"), ("GET", "/api/check")):
        status, headers, _ = request(served.port, method, path)
        assert headers["x-content-type-options"] == "nosniff", path
        policy = headers["content-security-policy"]
        assert policy.startswith("default-src 'none'; style-src 'sha256-"), policy
        assert "script-src 'sha256-" in policy and "unsafe-inline" not in policy
    assert request(served.port, "GET", "/nowhere")[0] == 404


def test_the_log_has_method_path_status_size_and_time_only(served) -> None:
    served.check("机密名称-青山县.txt", faulty_report().encode(), headers={"Accept-Language": "en"})
    log = served.log()
    assert "机密名称" not in log and "青山县" not in log
    lines = [line for line in log.splitlines() if line.startswith(("GET ", "POST "))]
    assert lines
    import re

    for line in lines:
        assert re.fullmatch(r"(GET|POST) /[\w/.-]* \d{3} \d+ \d+ms", line), line


def test_the_upload_page_in_both_languages(served) -> None:
    status, headers, body = served.get("/")
    page = body.decode()
    assert status == 200 and headers["content-type"].startswith("text/html")
    assert "政府信息公开工作年度报告检查" in page and 'lang="zh-CN"' in page
    english = served.get("/", headers={"Accept-Language": "en-US,en;q=0.9"})[2].decode()
    assert "Checking annual disclosure reports" in english and 'lang="en"' in english
    assert "<script" not in page


# ── the command ──────────────────────────────────────────────────────────────────────────
def test_a_typo_in_the_web_limits_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "gklint.toml").write_text("[web]\nmax-upload = 5\n", encoding="utf-8")
    result = run_gklint("web", "--port", str(free_port()), cwd=tmp_path)
    assert result.returncode == 2
    assert "未知的配置项 'max-upload'，是否想写 'max-upload-mb'？" in result.stderr.decode()


def test_an_address_beyond_this_machine_is_warned_about(tmp_path: Path) -> None:
    (tmp_path / "gklint.toml").write_text("[web]\nworkers = 1\n", encoding="utf-8")
    with web_server(tmp_path, "--host", "0.0.0.0") as server:
        warnings = [line for line in server.log().splitlines() if "没有身份验证" in line]
    assert len(warnings) == 1
    assert warnings[0].startswith("警告：gklint web 没有身份验证，正在监听 0.0.0.0:")


def test_lang_en_makes_english_the_default(tmp_path: Path) -> None:
    (tmp_path / "gklint.toml").write_text("[web]\nworkers = 1\n", encoding="utf-8")
    with web_server(tmp_path, "--lang", "en") as server:
        assert "Checking annual disclosure reports" in server.get("/")[2].decode()
        assert "政府信息公开工作年度报告检查" in server.get("/", headers={"Accept-Language": "zh-CN"})[2].decode()
        status, _, body = server.check("empty.txt", b"")
        assert (status, body) == (400, {"error": "the file is empty: empty.txt"})
        assert "no authentication" not in server.log()


def test_the_missing_extra_is_named(tmp_path: Path) -> None:
    # A module of the extra hidden: a path entry whose finder reports it absent.
    hider = tmp_path / "hide"
    hider.mkdir()
    (hider / "sitecustomize.py").write_text(
        "import sys\n"
        "class Hide:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name.split('.')[0] == 'uvicorn':\n"
        "            raise ModuleNotFoundError(name)\n"
        "sys.meta_path.insert(0, Hide())\n", encoding="utf-8")
    result = run_gklint("web", cwd=tmp_path, env={"PYTHONPATH": str(hider)})
    assert result.returncode == 2
    assert "gklint web 需要可选依赖：pip install 'gklint[web]'（缺少 uvicorn）" in result.stderr.decode()


def test_a_legacy_word_file_where_libreoffice_is_installed(served, tmp_path: Path) -> None:
    office = soffice()
    (tmp_path / "made").mkdir()
    source = tmp_path / "made" / "青山县2023年报.docx"
    source.write_bytes(docx_report())
    subprocess.run([office, "--headless", f"-env:UserInstallation=file://{tmp_path / 'profile'}", "--convert-to", "doc",
                    "--outdir", str(tmp_path / "made"), str(source)], check=True, capture_output=True, timeout=180)
    data = (tmp_path / "made" / "青山县2023年报.doc").read_bytes()
    status, _, body = served.post_file("/api/check", "青山县2023年报.doc", data)
    assert status == 200, body
    assert body == cli_output(served, {"青山县2023年报.doc": data}, tmp_path / "cli")
    assert json.loads(body)
    assert served.leftovers() == []


def test_a_hanging_libreoffice_is_killed_with_its_worker(tmp_path: Path) -> None:
    """A .doc whose conversion never ends: 504 at the time limit, the stand-in LibreOffice
    (which started a session of its own, as the real one is started) is gone with its
    worker, nothing is left in the temporary folder, and the server goes on."""
    stand_in = tmp_path / "soffice"
    pid_file = tmp_path / "soffice.pid"
    stand_in.write_text(f"#!/bin/sh\necho $$ > {pid_file}\nexec sleep 600\n", encoding="utf-8")
    stand_in.chmod(0o755)
    site = tmp_path / "office"
    site.mkdir()
    (site / "gklint.toml").write_text("[web]\ntimeout = 4\nworkers = 1\n", encoding="utf-8")
    with web_server(site, env={"GKLINT_SOFFICE": str(stand_in)}) as server:
        server.site = site
        status, _, body = server.check("旧版.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(2048))
        assert status == 504, body
        assert body["error"].startswith("检查超过了时间上限（4 秒），已停止")
        pid = int(pid_file.read_text())
        import time

        deadline = time.monotonic() + 10
        while Path(f"/proc/{pid}").exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not Path(f"/proc/{pid}").exists(), "the stand-in LibreOffice outlived its worker"
        assert_still_serving(server)
