"""Every sentence ``gklint web`` shows or answers, in Chinese and in English."""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    # ── the upload page ─────────────────────────────────────────────────────────────────
    "title": ("政府信息公开工作年度报告检查", "Checking annual disclosure reports"),
    "intro": ("选择一份年度报告（txt、md、html、docx、pdf{legacy}），或一个装有多份报告的 zip 压缩包，然后点“检查”。"
              "文件只在检查期间保存在服务器的临时文件夹中，回答发出后即删除。",
              "Choose one annual report (txt, md, html, docx, pdf{legacy}) or a zip of many, then press “Check”. "
              "The file stays in a temporary folder on the server only while it is checked, and is deleted once "
              "the answer is sent."),
    "legacy": ("、doc、wps", ", doc, wps"),
    "file": ("报告文件", "Report file"),
    "check": ("检查", "Check"),
    "limits": ("上限：单个文件 {upload}，压缩包内最多 {files} 个文件、解压后共 {unpacked}，每次检查 {timeout} 秒。",
               "Limits: {upload} per upload; at most {files} files and {unpacked} unpacked in a zip; {timeout} s per check."),
    "api": ("其他系统可调用 JSON 接口：POST /api/check（表单字段 file），返回与 gklint check --format json 相同的结果。",
            "Other systems can call the JSON API: POST /api/check (form field file); it answers what "
            "gklint check --format json prints."),
    "other_language": ("English", "中文"),
    "back": ("检查另一份", "Check another"),
    # ── the result page's downloads ─────────────────────────────────────────────────────
    "downloads": ("下载", "Downloads"),
    "annotated": ("带批注的 Word 文档", "Word copy with comments"),
    "fixed": ("修复后的文件（{count} 处）", "Fixed file ({count} fixes)"),
    "nothing_fixed": ("没有可自动修复的问题", "nothing to fix automatically"),
    "not_annotated": ("未生成批注副本：{reason}", "no annotated copy: {reason}"),
    "json": ("JSON", "JSON"),
    "sarif": ("SARIF", "SARIF"),
    "workbook": ("Excel 工作簿", "Excel workbook"),
    # ── errors: each with its HTTP status (see gklint.web.errors) ───────────────────────
    "no_file": ("请求中没有文件（表单字段 file）", "the request has no file (form field file)"),
    "bad_form": ("无法读取上传的表单：{reason}", "the uploaded form cannot be read: {reason}"),
    "empty": ("文件是空的：{name}", "the file is empty: {name}"),
    "too_large": ("文件超过上限 {limit}", "the upload is larger than the limit of {limit}"),
    "unsupported": ("不支持此类文件：{name}（可检查：{suffixes}，或 .zip）",
                    "this kind of file is not supported: {name} (supported: {suffixes}, or .zip)"),
    "zip_broken": ("不是有效的 zip 压缩包：{reason}", "not a valid zip archive: {reason}"),
    "zip_unsafe_path": ("压缩包中的路径不安全，已拒绝：{entry}", "unsafe path in the zip, refused: {entry}"),
    "zip_too_many": ("压缩包中的文件超过上限 {limit} 个", "the zip holds more than {limit} files"),
    "zip_too_large": ("压缩包解压后超过上限 {limit}", "the zip unpacks to more than {limit}"),
    "zip_encrypted": ("压缩包中的文件已加密：{entry}", "a file in the zip is encrypted: {entry}"),
    "zip_no_reports": ("压缩包中没有可检查的报告（{suffixes}）", "the zip holds no report to check ({suffixes})"),
    "timeout": ("检查超过了时间上限（{seconds} 秒），已停止。请拆分文件后重试，或请管理员提高 [web] timeout。",
                "the check took longer than the limit ({seconds} s) and was stopped. Split the upload, or ask "
                "the administrator to raise [web] timeout."),
    "busy": ("服务器正忙，请稍后（约 {seconds} 秒）再试", "the server is busy; try again in about {seconds} s"),
    "worker_failed": ("检查进程意外退出，已重新启动；请重试", "the checking process ended unexpectedly and was restarted; try again"),
    "not_found": ("没有这个页面", "no such page"),
    "method": ("不支持此请求方法", "method not allowed"),
    # ── the command ─────────────────────────────────────────────────────────────────────
    "missing_extra": ("gklint web 需要可选依赖：pip install 'gklint[web]'（缺少 {module}）",
                      "gklint web needs its optional dependencies: pip install 'gklint[web]' ({module} is missing)"),
    "no_authentication": ("警告：gklint web 没有身份验证，正在监听 {host}:{port}，网络中任何人都可访问；请放在带身份验证的反向代理之后（见 README）",
                          "warning: gklint web has no authentication and listens on {host}:{port}, open to anyone on the "
                          "network; put it behind a reverse proxy with authentication (see the README)"),
    "serving": ("gklint web：在 http://{host}:{port}/ 提供服务（{workers} 个检查进程，排队上限 {queue}）；按 Ctrl+C 停止",
                "gklint web: serving http://{host}:{port}/ ({workers} checking processes, queue of {queue}); Ctrl+C stops it"),
}


def text(key: str, lang: str, **values: object) -> str:
    """The sentence ``key`` in ``lang`` (``zh`` or ``en``), with ``values`` filled in."""
    chinese, english = TEXTS[key]
    return (english if lang == "en" else chinese).format(**values)


def size_text(size: int) -> str:
    """A size for people: ``20 MB``, ``512 KB``."""
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):g} MB"
    return f"{max(1, round(size / 1024))} KB"
