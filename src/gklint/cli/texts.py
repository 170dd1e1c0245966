"""Every sentence the command line prints, in Chinese and in English.

A run speaks one language (``--lang``, else the config's ``lang``, else Chinese): the
command line sets it once with ``set_language`` before parsing the arguments, and ``say``
gives each sentence in it. argparse's own words (usage, its error messages) are translated
here too (``ARGPARSE_ZH``).
"""

from __future__ import annotations

_language = "zh"


def set_language(lang: str) -> None:
    global _language
    _language = "en" if lang == "en" else "zh"


def language() -> str:
    return _language


def say(key: str, **values) -> str:
    """The sentence ``key`` in the run's language, with ``values`` filled in."""
    chinese, english = TEXTS[key]
    return (english if _language == "en" else chinese).format(**values)


def pick(chinese: str, english: str) -> str:
    """One of two renderings already made (a message that carries both)."""
    return english if _language == "en" else chinese


TEXTS: dict[str, tuple[str, str]] = {
    # ── prefixes of what goes to stderr ─────────────────────────────────────────────────
    "error": ("gklint: 错误：{message}", "gklint: error: {message}"),
    "warning": ("gklint: 警告：{message}", "gklint: warning: {message}"),
    "note": ("gklint: {path}: {note}", "gklint: {path}: {note}"),
    "baseline_left_out": ("gklint: 按基线 {path} 略去了 {count} 条已排除的问题",
                          "gklint: left out {count} {finding_word} dismissed in the baseline {path}"),
    "baseline_stale": ("gklint: 警告：基线条目已不对应任何问题：{where}{code} {fingerprint}：{message}",
                       "gklint: warning: baseline entry matches no finding: {where}{code} {fingerprint}: {message}"),
    "system_error": ("系统错误（{reason}）{where}", "system error ({reason}){where}"),
    "system_error_where": ("：{filename}", ": {filename}"),
    # ── commands and arguments ───────────────────────────────────────────────────────────
    "unknown_command": (
        "未知的命令「{word}」，是否想用 gklint {suggestion}？（若是要检查的文件，该文件不存在）",
        "unknown command '{word}'; did you mean 'gklint {suggestion}'? (as a file to lint, it does not exist)",
    ),
    "unknown_command_no_match": (
        "未知的命令「{word}」，也不是已有的文件或文件夹（命令：{commands}）",
        "unknown command '{word}', and no such file or folder (commands: {commands})",
    ),
    "argument_error": ("{prog}: 错误：{message}", "{prog}: error: {message}"),
    "help_hint": ("用 {prog} --help 查看用法", "see {prog} --help"),
    "jobs_positive": ("应为正整数，而不是 {value!r}", "expected a positive whole number, not {value!r}"),
    "no_paths": ("请指定要检查的文件或文件夹（或用 - 表示标准输入）", "name the files or folders to lint (or - for stdin)"),
    "fix_and_diff": ("--fix 和 --diff 不能同时使用", "--fix and --diff cannot be used together"),
    "unknown_format": ("未知的输出格式 {name!r}（可用：{known}）", "unknown output format {name!r} (available: {known})"),
    "statistics_format": (
        "--statistics 只适用于 --format text 或 json（{name} 格式没有统计）",
        "--statistics works with --format text or json only (the {name} format has no statistics)",
    ),
    "binary_needs_output": (
        "--format {name} 生成的是二进制文件，请用 -o 文件 指定写到哪里（不写到标准输出）",
        "--format {name} writes a binary file: name it with -o FILE (it is never written to stdout)",
    ),
    "stdin_once": ("标准输入（-）只能指定一次", "stdin (-) can be named only once"),
    "track_changes_without_fix": ("--track-changes 只能与 --fix 同用", "--track-changes works with --fix only"),
    "annotate_and_diff": ("--annotate 不能与 --diff 同用", "--annotate cannot be combined with --diff"),
    "annotate_stdin": ("--annotate 不能读取标准输入：请指定 Word 文件", "--annotate cannot read stdin: name the Word files"),
    "annotate_dir_unusable": ("无法使用批注副本文件夹 {folder}：{reason}", "cannot use the folder {folder} for annotated copies: {reason}"),
    "annotated": ("批注副本已写入 {copy}（{count} 条批注）", "annotated copy written to {copy} ({count} {comment_word})"),
    "annotated_tracked": ("批注副本已写入 {copy}（{count} 条批注，{revisions} 处修订）",
                          "annotated copy written to {copy} ({count} {comment_word}, {revisions} tracked {fix_word})"),
    "annotate_over_input": ("批注副本 {copy} 就是被检查的文件", "the annotated copy {copy} is the file linted"),
    "not_annotated": ("未写批注副本：{reason}", "no annotated copy written: {reason}"),
    "fix_stdin_alone": (
        "--fix 读取标准输入时（修复结果写到标准输出），不能同时指定其他文件",
        "--fix on stdin (the fixed text goes to stdout) cannot be combined with other files",
    ),
    "stdin_filename_with_paths": (
        "--stdin-filename 给标准输入命名，但命令行没有 -（标准输入）而有文件 {paths}：要检查标准输入，请写 -",
        "--stdin-filename names stdin, but the command line names files ({paths}) and not - (stdin): write - to lint stdin",
    ),
    "config_missing": ("配置文件不存在：{path}", "config file not found: {path}"),
    "output_is_input": (
        "输出文件 {output} 就是要检查的文件 {path}：拒绝覆盖它（请另选 -o 的路径）",
        "the output file {output} is the file being linted, {path}: refusing to overwrite it (choose another -o path)",
    ),
    "output_unwritable": ("无法写入输出文件 {output}：{reason}", "cannot write the output file {output}: {reason}"),
    "server_needs_lsp": (
        "gklint server 需要 lsp 扩展（缺少 {modules}）：pip install 'gklint[lsp]'",
        "gklint server needs the lsp extra (missing: {modules}): pip install 'gklint[lsp]'",
    ),
    "unknown_rule": ("未知的规则代码 {code!r}（用 gklint rules 查看全部规则）", "unknown rule code {code!r} (gklint rules lists them all)"),
    "cannot_read": ("无法读取 {path}：{reason}", "cannot read {path}: {reason}"),
    # ── the run ──────────────────────────────────────────────────────────────────────────
    "fixed_summary": ("已修复 {fixed} 处（{files} 个文件）", "{fixed} {fixes} fixed in {files} {file_word}"),
    "diff_some": ("{count} 个文件有可自动修复的问题", "{count} {file_word} with fixable problems"),
    "diff_none": ("没有可自动修复的问题", "nothing to fix automatically"),
    "diff_unreadable": ("无法读取，未生成修复：{message}", "cannot be read, no fixes: {message}"),
    "skipped": ("不是政府信息公开工作年度报告，已跳过", "not a government information disclosure annual report, skipped"),
    "no_reports": (
        "没有找到政府信息公开工作年度报告（{count} 个文件不是报告，已跳过；用 --no-skip 仍可检查）",
        "no government information disclosure annual report found: {count} {file_word} skipped as not reports (--no-skip lints them anyway)",
    ),
    "no_files": (
        "没有找到要检查的文件（文件夹中查找：{suffixes}，已排除的不算）",
        "no files to lint (folders are searched for {suffixes}, excluded ones left out)",
    ),
    # ── the result cache (gklint.cli.cache) ─────────────────────────────────────────────
    "cache_unusable": (
        "无法写入结果缓存文件夹 {folder}（{reason}），本次运行不使用缓存",
        "cannot write the result cache folder {folder} ({reason}); this run goes without the cache",
    ),
    "cache_cleaned": ("已删除结果缓存 {folder}", "removed the result cache {folder}"),
    "cache_absent": ("没有结果缓存 {folder}", "no result cache at {folder}"),
    "not_a_cache": (
        "{folder} 不是 gklint 的结果缓存文件夹（没有 CACHEDIR.TAG），未删除",
        "{folder} is not a gklint result cache (it has no CACHEDIR.TAG); left alone",
    ),
    # ── rules, explain ───────────────────────────────────────────────────────────────────
    "fixable_yes": ("可修复", "fixable"),
    "defaults_heading": ("默认设置（rules.toml）：", "Default settings (rules.toml):"),
}


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    """English noun for ``count`` things: 1 file, 2 files."""
    return singular if count == 1 else (plural_form or singular + "s")


# ── help ──────────────────────────────────────────────────────────────────────────────────
HELP: dict[str, tuple[str, str]] = {
    "description": (
        "政府信息公开工作年度报告检查工具",
        "a linter for government information disclosure annual reports (政府信息公开工作年度报告)",
    ),
    "epilog": (
        """简写：gklint 路径 ... 等同于 gklint check 路径 ...

退出码：
  0  没有达到 --fail-on 级别（默认 warning）的问题
  1  有问题
  2  用法或配置错误、文件无法读取（GK000）、输出文件就是输入文件、找不到任何文件

配置文件：从当前文件夹向上查找 gklint.toml、.gklint.toml 或含 [tool.gklint] 的 pyproject.toml
（或用 --config 指定）；命令行选项优先。

环境变量：
  NO_COLOR           设置后不输出颜色
  GKLINT_CACHE_DIR   rules.toml 与配置文件解析结果的缓存文件夹
  GKLINT_NO_CACHE    设置后不使用该缓存
  XDG_CACHE_HOME、LOCALAPPDATA  缓存文件夹的默认位置
  GKLINT_SOFFICE     读取 .doc/.wps 所用的 LibreOffice 程序（默认 PATH 中的 soffice）
  GKLINT_SOFFICE_TIMEOUT  LibreOffice 转换的时限（秒，默认 60）""",
        """Shorthand: gklint PATH ... is gklint check PATH ...

Exit codes:
  0  no finding at or above the --fail-on level (default: warning)
  1  findings
  2  bad usage or configuration, a file that cannot be read (GK000), an output file that is
     an input, no files found

Configuration: gklint.toml, .gklint.toml or pyproject.toml with [tool.gklint], searched
upward from the current folder (or --config FILE); command-line options override it.

Environment variables:
  NO_COLOR           set: no colour
  GKLINT_CACHE_DIR   where parsed rules.toml and config files are cached
  GKLINT_NO_CACHE    set: no such cache
  XDG_CACHE_HOME, LOCALAPPDATA  the cache folder's default place
  GKLINT_SOFFICE     the LibreOffice program that reads .doc/.wps (default: soffice on PATH)
  GKLINT_SOFFICE_TIMEOUT  LibreOffice's conversion time limit (seconds, default 60)""",
    ),
    "version": ("显示版本号并退出", "show the version and exit"),
    "lang": ("输出语言：zh（默认，或配置文件的 lang）或 en", "output language: zh (default, or the config's lang) or en"),
    "commands": ("命令", "commands"),
    "check": ("检查报告文件（默认命令）", "lint files (the default command)"),
    "rules": ("列出全部规则", "list the rules"),
    "explain": ("规则的完整说明", "show a rule's documentation"),
    "dump": ("显示解析后的报告结构", "show the parsed tree"),
    "server": ("语言服务器（LSP，经标准输入输出），供编辑器使用", "language server (LSP over stdio) for editors"),
    "server_description": (
        "在编辑器中边写边检查：LSP 语言服务器，经标准输入输出通信；诊断、快速修复、悬停显示规则说明。"
        "需要 lsp 扩展：pip install 'gklint[lsp]'",
        "Lint reports in an editor as they are written: an LSP server over stdio with diagnostics, "
        "quick fixes and the rules' documentation on hover. Needs the lsp extra: pip install 'gklint[lsp]'",
    ),
    "server_lang": ("诊断信息的语言（默认按各工作区文件夹的配置）", "language of the diagnostics (default: each workspace folder's config)"),
    "web": ("在网页上提供检查服务（需 gklint[web]）", "serve checking in a web page (needs gklint[web])"),
    "web_host": ("监听地址（默认 127.0.0.1，仅本机）", "address to listen on (default: 127.0.0.1, this machine only)"),
    "web_port": ("端口（默认 8080）", "port (default: 8080)"),
    "paths": ("文件或文件夹；- 表示标准输入", "files or folders; - for stdin"),
    "fix": ("就地应用安全的修复，再报告其余问题", "apply safe fixes in place, then report what remains"),
    "diff": ("以统一差异格式显示安全的修复，不修改文件", "print safe fixes as a unified diff; change no file"),
    "track_changes": ("与 --fix 同用：Word 文档中的修复写成修订（可逐条接受或拒绝）",
                      "with --fix: write each fix into Word documents as a tracked revision (accept or reject each)"),
    "annotate": ("为每个 Word 文档另写一份 名称.gklint.docx，每个问题一条批注（不改原文件）",
                 "write NAME.gklint.docx beside each Word document, one comment per finding (the input is not changed)"),
    "annotate_dir": ("把批注副本写到这个文件夹（隐含 --annotate）", "put the annotated copies in this folder (implies --annotate)"),
    "format": ("输出格式：text、json、sarif、github、html、xlsx（默认 text；xlsx 须配合 -o）",
               "text, json, sarif, github, html, xlsx (default: text; xlsx needs -o)"),
    "output": ("把报告写到文件（检查结束后一次写入；不能是被检查的文件）",
               "write the report to FILE (at the end of the run, in one go; never a file being linted)"),
    "select": ("只启用这些规则：逗号分隔的代码或前缀，如 GK1,GK201", "enable only these rules: comma-separated codes or prefixes, e.g. GK1,GK201"),
    "extend_select": ("在已选规则之外再启用这些规则", "enable these rules on top of the selected ones"),
    "ignore": ("不启用这些规则：逗号分隔的代码或前缀", "disable these rules: comma-separated codes or prefixes"),
    "extend_ignore": ("在已忽略的规则之外再忽略这些规则", "disable these rules on top of the ignored ones"),
    "baseline": ("略去审查决定文件（审查报告页面导出的 JSON）中已排除的问题",
                 "leave out the findings dismissed in a decisions file (the JSON the review page exports)"),
    "exclude": ("不在文件夹中查找这些文件（gitignore 风格的模式，逗号分隔；替换默认排除项）",
                "leave these out of folder searches (gitignore-style patterns, comma-separated; replace the default excludes)"),
    "extend_exclude": ("在默认排除项之外再排除这些模式", "exclude these patterns on top of the default excludes"),
    "force_exclude": ("排除规则也适用于命令行直接指定的文件", "apply the excludes to files named on the command line too"),
    "no_skip": ("也检查看起来不是年度报告的文件（默认跳过）", "lint files that do not look like annual reports too (skipped by default)"),
    "template": ("规范格式：auto、2019、2021、legacy（2019年以前的旧式报告）或本地格式的 id",
                 "auto, 2019, 2021, legacy (a pre-2019 report) or a local variant's id"),
    "config": ("指定配置文件", "explicit config file"),
    "exit_zero": ("即使有问题也以 0 退出", "exit 0 even when there are findings"),
    "fail_on": ("导致失败的最低严重级别（默认 warning）", "lowest severity that fails the run (default: warning)"),
    "stdin_filename": ("读取标准输入（路径 -）并以此名称报告", "read stdin (path -) and report it under this name"),
    "jobs": ("工作进程数（默认：文件多时为 CPU 数）", "worker processes (default: the CPUs for many files)"),
    "no_cache": ("不读也不写结果缓存", "neither read nor write the result cache"),
    "cache_dir": ("结果缓存文件夹（默认：配置文件旁或当前文件夹下的 .gklint_cache）",
                  "the result cache folder (default: .gklint_cache beside the config file, or in the current folder)"),
    "clean": ("删除结果缓存文件夹", "remove the result cache folder"),
    "statistics": ("按规则统计问题数（text、json 格式）", "count findings per rule (text and json formats)"),
    "no_color": ("不输出颜色", "plain text output"),
    "no_progress": ("不显示进度（默认只在标准错误是终端且未设置 CI 时显示）",
                    "show no progress (shown only when stderr is a terminal and CI is not set)"),
    "extract": ("把报告中的表格导出为数据（每个数值单元格一行）", "the tables as data, one row per value cell"),
    "extract_description": (
        "把报告中的表格导出为规范化的数据：每个数值单元格一行，含文件、机关、年度、格式、表格、分块、"
        "行、行标签、列、列标签、数值（空白单元格为空，不是 0）、原文、单位和位置。",
        "the tables of the reports as normalised data: one row per value cell, with file, agency, year, "
        "format, table, block, row, row label, column, column label, value (empty for a blank cell, not 0), "
        "raw text, unit and location.",
    ),
    "extract_paths": ("报告文件或文件夹", "report files or folders"),
    "extract_format": ("数据格式（默认 csv：带 BOM 的 UTF-8）", "data format (default: csv, UTF-8 with a BOM)"),
    "extract_output": ("把数据写到文件（xlsx 必须指定）", "write the data to FILE (required for xlsx)"),
    "rules_format": ("输出格式（默认 text）", "output format (default: text)"),
    "code": ("规则代码，如 GK305", "a rule code, e.g. GK305"),
    "file": ("报告文件；- 表示标准输入", "a report file; - for stdin"),
    "dump_format": ("输出格式（默认 json）", "output format (default: json)"),
    # metavars
    "PATH": ("路径", "PATH"),
    "FILE": ("文件", "FILE"),
    "DIR": ("文件夹", "DIR"),
    "CODES": ("代码", "CODES"),
    "PATTERNS": ("模式", "PATTERNS"),
    "FORMAT": ("格式", "FORMAT"),
    "TEMPLATE": ("格式编号", "TEMPLATE"),
    "LEVEL": ("级别", "LEVEL"),
    "NAME": ("名称", "NAME"),
    "N": ("个数", "N"),
    "LANG": ("语言", "LANG"),
    "CODE": ("代码", "CODE"),
    "HOST": ("地址", "HOST"),
    "PORT": ("端口", "PORT"),
    "COMMAND": ("命令", "COMMAND"),
}


def help_text(key: str) -> str:
    chinese, english = HELP[key]
    return english if _language == "en" else chinese


# argparse's own sentences (Python 3.9 to 3.13 word them so), for a Chinese run.
ARGPARSE_ZH: dict[str, str] = {
    "usage: ": "用法：",
    "options": "选项",
    "positional arguments": "位置参数",
    "show this help message and exit": "显示本帮助并退出",
    "show program's version number and exit": "显示版本号并退出",
    "unrecognized arguments: %s": "无法识别的参数：%s",
    "the following arguments are required: %s": "缺少必需的参数：%s",
    "invalid choice: %(value)r (choose from %(choices)s)": "无效的取值 %(value)r（可选：%(choices)s）",
    "invalid %(type)s value: %(value)r": "无效的取值 %(value)r",
    "argument %(argument_name)s: %(message)s": "参数 %(argument_name)s：%(message)s",
    "expected one argument": "需要一个值",
    "expected at least one argument": "至少需要一个值",
    "expected at most one argument": "至多需要一个值",
    "expected %s argument": "需要 %s 个值",
    "expected %s arguments": "需要 %s 个值",
    "ambiguous option: %(option)s could match %(matches)s": "选项 %(option)s 有歧义，可能是：%(matches)s",
    "not allowed with argument %s": "不能与参数 %s 同用",
    "one of the arguments %s is required": "需要参数 %s 之一",
    "ignored explicit argument %r": "多余的值 %r",
    "unexpected option string: %s": "意外的选项：%s",
    "unknown parser %(parser_name)r (choices: %(choices)s)": "未知的命令 %(parser_name)r（可选：%(choices)s）",
    "%(prog)s: error: %(message)s\n": "%(prog)s: 错误：%(message)s\n",
}


def argparse_gettext(message: str) -> str:
    """argparse's ``_``: its sentence in the run's language."""
    return ARGPARSE_ZH.get(message, message) if _language == "zh" else message


def argparse_ngettext(singular: str, plural_form: str, count: int) -> str:
    """argparse's ``ngettext``."""
    return argparse_gettext(singular if count == 1 else plural_form)
