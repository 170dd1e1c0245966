"""The command line's help in Chinese and in English (``HELP``, read by
``gklint.cli.texts.help_text``), and argparse's own sentences for a Chinese run
(``ARGPARSE_ZH``). Read only when an argparse parser is built: a plain ``gklint check``
command line is read without one (``gklint.cli.plain_check``)."""

from __future__ import annotations


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
