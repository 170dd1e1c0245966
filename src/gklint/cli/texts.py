"""Every sentence the command line prints, in Chinese and in English.

A run speaks one language (``--lang``, else the config's ``lang``, else Chinese): the
command line sets it once with ``set_language`` before parsing the arguments, and ``say``
gives each sentence in it. argparse's own words (usage, its error messages) are translated
too (``ARGPARSE_ZH`` in ``gklint.cli.help_texts``, with the help's sentences).
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
# The help's sentences (``HELP``) and argparse's own (``ARGPARSE_ZH``) are in
# ``gklint.cli.help_texts``, read only when a parser is built: a plain ``gklint check`` is
# read without one (``gklint.cli.plain_check``).
def help_text(key: str) -> str:
    from gklint.cli.help_texts import HELP

    chinese, english = HELP[key]
    return english if _language == "en" else chinese


def argparse_gettext(message: str) -> str:
    """argparse's ``_``: its sentence in the run's language."""
    from gklint.cli.help_texts import ARGPARSE_ZH

    return ARGPARSE_ZH.get(message, message) if _language == "zh" else message


def argparse_ngettext(singular: str, plural_form: str, count: int) -> str:
    """argparse's ``ngettext``."""
    return argparse_gettext(singular if count == 1 else plural_form)
