"""Converting legacy Word files (``.doc``, ``.wps``) to ``.docx`` with LibreOffice, headless.

LibreOffice is an optional dependency: found as ``soffice`` (or ``libreoffice``) on ``PATH``
or where the macOS and Windows installers put it, or named by ``GKLINT_SOFFICE``. Each conversion runs in a temporary folder of its own, with a
temporary LibreOffice profile (``-env:UserInstallation``), so that it neither touches the
user's LibreOffice settings nor waits for a LibreOffice the user has open, and parallel
workers do not share one profile. The profile turns off what LibreOffice might fetch over
the network (update checks, online help), and where Linux allows an unprivileged network
namespace (``unshare -rn``), LibreOffice runs in one of its own, with no network at all; the
input is a copy, read only. A conversion that takes longer than the timeout
(``GKLINT_SOFFICE_TIMEOUT`` seconds, 60 by default) is killed with every process it started,
and reported as a failure.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile

from gklint.read.errors import LoadError

DEFAULT_TIMEOUT = 60.0
_PROGRAMS = ("soffice", "libreoffice")
# Where the installers put it when it is not on PATH (macOS never, Windows by default).
_INSTALLED = (
    "/Applications/LibreOffice.app/Contents/MacOS/soffice",
    r"C:\Program Files\LibreOffice\program\soffice.exe",
    r"C:\Program Files (x86)\LibreOffice\program\soffice.exe",
)

# Written into the temporary profile before LibreOffice starts: no update check, no online
# help, no loading of images or fonts from the network, no recovery or first-start dialogs.
_PROFILE_SETTINGS = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Jobs/Jobs/org.openoffice.Office.Jobs:Job['UpdateCheck']/Arguments"><prop oor:name="AutoCheckEnabled" oor:op="fuse"><value>false</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Help"><prop oor:name="BuiltInHelpNotInstalledPopUp" oor:op="fuse"><value>false</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Security/Scripting"><prop oor:name="DisableActiveContent" oor:op="fuse"><value>true</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Security/Scripting"><prop oor:name="BlockUntrustedRefererLinks" oor:op="fuse"><value>true</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Misc"><prop oor:name="FirstRun" oor:op="fuse"><value>false</value></prop></item>
<item oor:path="/org.openoffice.Office.Recovery/RecoveryInfo"><prop oor:name="Enabled" oor:op="fuse"><value>false</value></prop></item>
</oor:items>
"""


def find_soffice() -> str | None:
    """The LibreOffice program to run, or None when LibreOffice is not installed."""
    named = os.environ.get("GKLINT_SOFFICE")
    if named:
        return shutil.which(named) or (named if os.path.isfile(named) else None)
    for program in _PROGRAMS:
        found = shutil.which(program)
        if found:
            return found
    return next((path for path in _INSTALLED if os.path.isfile(path)), None)


def timeout_seconds() -> float:
    """The conversion timeout: ``GKLINT_SOFFICE_TIMEOUT`` seconds, else 60."""
    try:
        value = float(os.environ.get("GKLINT_SOFFICE_TIMEOUT", DEFAULT_TIMEOUT))
    except ValueError:
        return DEFAULT_TIMEOUT
    return value if value > 0 else DEFAULT_TIMEOUT


def network_isolation() -> list[str]:
    """The command prefix that runs a program without network (``unshare -rn``: new user and
    network namespaces, only a loopback interface that is down), or ``[]`` where the system
    does not allow it (not Linux, no ``unshare``, user namespaces disabled)."""
    unshare = shutil.which("unshare") if sys.platform.startswith("linux") else None
    if unshare is None:
        return []
    for prefix in ([unshare, "-rn"], [unshare, "-n"]):
        try:
            probe = subprocess.run([*prefix, "true"], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL, timeout=10)
        except (OSError, subprocess.SubprocessError):
            continue
        if probe.returncode == 0:
            return prefix
    return []


def convert_to_docx(data: bytes, suffix: str, soffice: str, name: str, isolation: list[str] = ()) -> bytes:
    """The ``.docx`` LibreOffice makes of ``data`` (a ``.doc`` or ``.wps`` file's bytes).

    ``name`` is the file's name, for messages; ``isolation`` the prefix that cuts LibreOffice
    off the network (``network_isolation()``). Raises ``LoadError`` when LibreOffice cannot
    open the file, fails, or runs past the timeout.
    """
    timeout = timeout_seconds()
    with tempfile.TemporaryDirectory(prefix="gklint-soffice-") as folder:
        source = os.path.join(folder, "input" + suffix)
        output = os.path.join(folder, "output")
        profile = os.path.join(folder, "profile")
        os.makedirs(os.path.join(profile, "user"))
        with open(os.path.join(profile, "user", "registrymodifications.xcu"), "w", encoding="utf-8") as handle:
            handle.write(_PROFILE_SETTINGS)
        with open(source, "wb") as handle:
            handle.write(data)
        os.chmod(source, 0o444)
        command = [
            *isolation, soffice, f"-env:UserInstallation={_file_url(profile)}", "--headless", "--invisible", "--nologo",
            "--norestore", "--nodefault", "--nolockcheck", "--convert-to", "docx:MS Word 2007 XML",
            "--outdir", output, source,
        ]
        environment = {**os.environ, "HOME": folder, "TMPDIR": folder}
        for proxy in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"):
            environment.pop(proxy, None)
        exit_code = _run(command, environment, timeout, name, soffice)
        converted = os.path.join(output, "input.docx")
        if not os.path.isfile(converted) and exit_code != 0:
            # (LibreOffice exits with 0 when it cannot open a file: this is LibreOffice failing)
            raise LoadError(
                f"LibreOffice（{soffice}）运行失败（退出码 {exit_code}），无法转换 {name}",
                f"LibreOffice ({soffice}) failed (exit code {exit_code}) and did not convert {name}",
            )
        if not os.path.isfile(converted):
            raise LoadError(
                f"LibreOffice 无法打开旧版 Word/WPS 文档 {name}（文件可能已损坏）：请在 Word 或 WPS 中打开，“另存为” .docx 格式后再检查",
                f"LibreOffice cannot open the legacy Word/WPS document {name} (it may be damaged): open it in Word or WPS, "
                "save it as .docx (Save As) and lint that",
            )
        with open(converted, "rb") as handle:
            return handle.read()


def _run(command: list[str], environment: dict[str, str], timeout: float, name: str, program: str) -> int:
    """Run LibreOffice to its end or to the timeout; its exit code."""
    # A session of its own: on timeout the whole group (oosplash and soffice.bin) is killed.
    try:
        process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL, env=environment, start_new_session=True)
    except OSError as error:
        from gklint.system_errors import describe

        raise LoadError(f"无法启动 LibreOffice（{program}）：{describe(error, 'zh')}",
                        f"cannot start LibreOffice ({program}): {describe(error, 'en')}") from None
    try:
        return process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        _kill_group(process)
        raise LoadError(
            f"LibreOffice 转换 {name} 超过 {timeout:g} 秒未完成，已终止（可用环境变量 GKLINT_SOFFICE_TIMEOUT 调整时限）",
            f"LibreOffice did not convert {name} within {timeout:g} seconds and was stopped "
            "(the environment variable GKLINT_SOFFICE_TIMEOUT sets the limit)",
        ) from None
    finally:
        _kill_group(process)  # whatever LibreOffice left behind


def _kill_group(process: subprocess.Popen) -> None:
    try:
        if hasattr(os, "killpg"):
            os.killpg(process.pid, signal.SIGKILL)
        else:  # Windows: no process groups; the process itself
            process.kill()
    except (ProcessLookupError, PermissionError, OSError):
        pass
    try:
        process.wait(timeout=5)
    except subprocess.TimeoutExpired:
        pass


def _file_url(path: str) -> str:
    from pathlib import Path

    return Path(path).resolve().as_uri()
