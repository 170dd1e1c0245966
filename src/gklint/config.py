"""Configuration: ``gklint.toml``, ``.gklint.toml`` or ``[tool.gklint]`` in ``pyproject.toml``,
found by searching upward from the current folder, then overridden by the command line.

Keys (all optional)::

    select = ["GK1", "GK201"]        # codes or prefixes; default: every rule
    extend-select = ["GK5"]          # added to select (or to the default, every rule)
    ignore = ["GK5"]
    extend-ignore = ["GK302"]        # added to ignore
    exclude = [".*", "build"]        # folder-search excludes (gitignore-style); replaces the defaults
    extend-exclude = ["drafts/"]     # added to the default excludes
    template = "auto"                # or a format id: "2019", "2021", a local variant's id
    templates = ["henan-2021.toml"]  # extra template files, relative to the config file
    lang = "zh"                      # or "en"
    fail-on = "warning"
    [severity]                       # per-rule severity
    GK302 = "warning"
    [rules.GK503]                    # rule options, over rules.toml's [rules.GK503]
    allow = ["人人", "常常"]
    [web]                            # gklint web's limits (checked by gklint.web.limits)
    max-upload-mb = 20

Every code and prefix is checked against the rules registered (``known`` codes): a typo is an
error that names the key and suggests the closest code, never a rule silently left off.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

from gklint.errors import BilingualError
from gklint.records import Record, fresh
from gklint.filesystem import is_file

TYPE_CHECKING = False  # (not typing's: importing typing costs some 2 ms of start-up, see benchmarks/run.py)
if TYPE_CHECKING:
    from pathlib import Path
    from typing import Any, Collection

CONFIG_NAMES = ("gklint.toml", ".gklint.toml", "pyproject.toml")
KNOWN_KEYS = {
    "select", "extend-select", "ignore", "extend-ignore", "exclude", "extend-exclude", "template", "templates", "lang",
    "fail-on", "fail_on", "severity", "rules", "web",
}


class ConfigError(BilingualError):
    """A configuration file or option is wrong; the message says where (``message_en``: the
    same in English)."""


class Config(Record):
    """A run's configuration.

    ``select`` None: every rule; ``extend_select`` adds to it (ruff's ``extend-select``).
    ``exclude`` None: the default folder-search excludes; ``extend_exclude`` adds to them.
    ``skip_non_reports``: files that do not look like annual reports get no findings (the
    command line turns it on; the library API lints whatever it is given).
    """

    select: list[str] | None = None
    ignore: list[str] = fresh(list)
    template: str = "auto"
    extra_templates: list[str] = fresh(list)
    lang: str = "zh"
    fail_on: str = "warning"
    severity: dict[str, str] = fresh(dict)
    rule_options: dict[str, dict[str, Any]] = fresh(dict)
    path: str | None = None
    extend_select: list[str] = fresh(list)
    exclude: list[str] | None = None
    extend_exclude: list[str] = fresh(list)
    skip_non_reports: bool = False
    web: dict[str, Any] = fresh(dict)  # [web]: gklint web's limits, read by gklint.web.limits

    def is_selected(self, code: str) -> bool:
        selection = [*(self.select if self.select is not None else [""]), *self.extend_select]
        if not any(code.startswith(prefix) for prefix in selection):
            return False
        # The most specific prefix wins: --select GK201 with ignore GK2 keeps GK201.
        ignored = max((len(prefix) for prefix in self.ignore if code.startswith(prefix)), default=-1)
        selected = max((len(prefix) for prefix in selection if code.startswith(prefix)), default=-1)
        return ignored < 0 or selected > ignored


def find_config(start: Path) -> Path | None:
    """The nearest config file at or above ``start`` (a pyproject.toml only with [tool.gklint])."""
    for folder in [start, *start.parents]:
        for name in CONFIG_NAMES:
            candidate = folder / name
            if not candidate.is_file():
                continue
            if name == "pyproject.toml" and not _has_gklint_table(candidate):
                continue
            return candidate
    return None


def find_config_path(start: str) -> str | None:
    """``find_config(Path(start))`` as a string, without importing pathlib (start-up time).

    ``start`` is absolute and normalised, as ``os.getcwd()`` gives it.
    """
    folder = start
    while True:
        for name in CONFIG_NAMES:
            candidate = os.path.join(folder, name)
            if not is_file(candidate):
                continue
            if name == "pyproject.toml" and not _has_gklint_table(candidate):
                continue
            return candidate
        parent = os.path.dirname(folder)
        if parent == folder:
            return None
        folder = parent


def _has_gklint_table(pyproject: Path | str) -> bool:
    """Whether a pyproject.toml has ``[tool.gklint]`` (an unreadable or broken one has not)."""
    from gklint.formats.toml_cache import is_toml_error, read_toml

    try:
        with open(pyproject, "rb") as handle:
            data = handle.read()
        if b"gklint" not in data and b"\\u" not in data and b"\\U" not in data:
            return False  # most projects' pyproject.toml: no need to parse it
        return "gklint" in read_toml(str(pyproject)).get("tool", {})
    except OSError:
        return False
    except ValueError as error:  # tomllib.TOMLDecodeError
        if not is_toml_error(error):
            raise
        return False


def load_config(path: Path | None, known: Collection[str] | None = None) -> Config:
    """The configuration in ``path`` (defaults when None); with ``known`` (the registered
    rules' codes, or a mapping of code to rule class), every rule code in it must name a
    registered rule, and with a mapping the options under ``[rules.CODE]`` must be the
    rule's own, of their declared types."""
    if path is None:
        return Config()
    from gklint.formats.toml_cache import is_toml_error, read_toml  # parsed files are cached: see gklint.formats.toml_cache

    try:
        document = read_toml(str(path))
    except OSError as error:
        from gklint.system_errors import describe

        raise ConfigError(f"{path}: 无法读取配置文件：{describe(error, 'zh')}",
                          f"{path}: cannot read the config file: {describe(error, 'en')}") from None
    except ValueError as error:  # tomllib.TOMLDecodeError
        if not is_toml_error(error):
            raise
        raise ConfigError(f"{path}: 配置文件 TOML 语法错误：{error}", f"{path}: TOML syntax error: {error}") from None
    if path.name == "pyproject.toml":
        document = document.get("tool", {}).get("gklint", {})
        where = f"{path}: [tool.gklint]"
    else:
        where = str(path)
    return parse_config(document, where, path.parent, known)


def parse_config(document: dict[str, Any], where: str, base: Path, known: Collection[str] | None = None) -> Config:
    unknown = set(document) - KNOWN_KEYS
    if unknown:
        key = sorted(unknown)[0]
        allowed = sorted(KNOWN_KEYS - {"fail_on"})
        close = _closest(key, allowed)
        raise ConfigError(
            f"{where}: 未知的配置项 {key!r}" + (f"，是否想写 {close!r}？" if close else f"（允许：{'、'.join(allowed)}）"),
            f"{where}: unknown key {key!r}" + (f"; did you mean {close!r}?" if close else f" (allowed: {', '.join(allowed)})"),
        )
    config = Config(path=where)
    if "select" in document:
        config.select = _codes(document["select"], f"{where}: select", known)
    if "extend-select" in document:
        config.extend_select = _codes(document["extend-select"], f"{where}: extend-select", known)
    if "ignore" in document:
        config.ignore = _codes(document["ignore"], f"{where}: ignore", known)
    if "extend-ignore" in document:
        config.ignore = config.ignore + _codes(document["extend-ignore"], f"{where}: extend-ignore", known)
    if "exclude" in document:
        config.exclude = _patterns(document["exclude"], f"{where}: exclude")
    if "extend-exclude" in document:
        config.extend_exclude = _patterns(document["extend-exclude"], f"{where}: extend-exclude")
    if "template" in document:
        if not isinstance(document["template"], str):
            raise ConfigError(f"{where}: template 应为字符串，如 \"auto\"、\"2019\"、\"2021\"",
                              f"{where}: template must be a string such as \"auto\", \"2019\", \"2021\"")
        config.template = document["template"]
    if "templates" in document:
        files = document["templates"]
        if not isinstance(files, list) or not all(isinstance(item, str) for item in files):
            raise ConfigError(f"{where}: templates 应为文件路径的数组", f"{where}: templates must be an array of file paths")
        for item in files:
            resolved = (base / item).resolve()
            if not resolved.is_file():
                raise ConfigError(f"{where}: templates 中的文件不存在：{item}（解析为 {resolved}）",
                                  f"{where}: a file in templates does not exist: {item} (resolved to {resolved})")
            config.extra_templates.append(str(resolved))
    if "lang" in document:
        config.lang = _choice(document["lang"], ("zh", "en"), f"{where}: lang")
    from gklint.check.finding import SEVERITIES

    for key in ("fail-on", "fail_on"):
        if key in document:
            config.fail_on = _choice(document[key], SEVERITIES, f"{where}: {key}")
    severity = document.get("severity", {})
    if not isinstance(severity, dict):
        raise ConfigError(f"{where}: severity 应为表，如 [severity] GK302 = \"warning\"",
                          f"{where}: severity must be a table, such as [severity] GK302 = \"warning\"")
    for code, level in severity.items():
        config.severity[_code(code, f"{where}: [severity] {code}", known)] = _choice(level, SEVERITIES, f"{where}: severity.{code}")
    rules = document.get("rules", {})
    if not isinstance(rules, dict) or not all(isinstance(options, dict) for options in rules.values()):
        raise ConfigError(f"{where}: rules 应为按规则代码分组的表，如 [rules.GK503]",
                          f"{where}: rules must be tables by rule code, such as [rules.GK503]")
    web = document.get("web", {})
    if not isinstance(web, dict):
        raise ConfigError(f"{where}: web 应为表，如 [web] max-upload-mb = 20",
                          f"{where}: web must be a table, such as [web] max-upload-mb = 20")
    config.web = dict(web)
    config.rule_options = {_code(code, f"{where}: [rules.{code}]", known): dict(options) for code, options in rules.items()}
    if isinstance(known, Mapping):
        for code, options in config.rule_options.items():
            _check_options(code, options, known[code], f"{where}: [rules.{code}]")
    return config


def _check_options(code: str, options: dict[str, Any], rule_class: Any, where: str) -> None:
    """Option names and types against what the rule declares (rules that declare none are
    taken as they are)."""
    validate = getattr(rule_class, "validate_options", None)
    if validate is None:
        return
    problems = validate(options)
    if not problems:
        return
    problem = problems[0]
    if problem.kind == "unknown":
        hint = f"; did you mean {problem.suggestion!r}?" if problem.suggestion else ""
        english = f"rule {code} has no option {problem.name!r}{hint}"
    else:
        english = f"option {problem.name!r} of rule {code} must be {problem.expected}, not {problem.found}"
    raise ConfigError(f"{where} {problem.name}: {problem.message}", f"{where} {problem.name}: {english}")


def parse_codes(text: str, where: str, known: Collection[str] | None = None) -> list[str]:
    return _codes([part for part in text.split(",") if part.strip()], where, known)


def _codes(value: Any, where: str, known: Collection[str] | None) -> list[str]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ConfigError(f"{where}: 应为规则代码或前缀的数组，如 [\"GK1\", \"GK201\"]",
                          f"{where}: must be an array of rule codes or prefixes, such as [\"GK1\", \"GK201\"]")
    return [_code(item, where, known, prefix=True) for item in value]


def _code(value: str, where: str, known: Collection[str] | None, prefix: bool = False) -> str:
    code = value.strip().upper()
    if not code or not code[0].isalpha() or not code.isalnum():
        raise ConfigError(f"{where}: {value!r} 不是规则代码{'或前缀' if prefix else ''}（形如 GK201{' 或 GK2' if prefix else ''}）",
                          f"{where}: {value!r} is not a rule code{' or prefix' if prefix else ''} (such as GK201{' or GK2' if prefix else ''})")
    if known is None:
        return code
    if (prefix and any(rule.startswith(code) for rule in known)) or code in known:
        return code
    # A typo of a whole code (GK5O1) gets the closest code; a prefix (GK9) is not a near miss
    # of the longer codes that share its letters.
    close = _closest(code, [rule for rule in known if len(rule) == len(code)])
    if close:
        raise ConfigError(f"{where}: 未知的规则代码 {value!r}，是否想写 {close}？",
                          f"{where}: unknown rule code {value!r}; did you mean {close}?")
    if prefix:
        raise ConfigError(f"{where}: 没有以 {code} 开头的规则（用 gklint rules 查看全部规则）",
                          f"{where}: no rule starts with {code} (gklint rules lists them all)")
    raise ConfigError(f"{where}: 未知的规则代码 {value!r}（用 gklint rules 查看全部规则）",
                      f"{where}: unknown rule code {value!r} (gklint rules lists them all)")


def _closest(word: str, candidates: Collection[str]) -> str | None:
    import difflib

    found = difflib.get_close_matches(word, sorted(candidates), n=1, cutoff=0.75)
    return found[0] if found else None


def _patterns(value: Any, where: str) -> list[str]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ConfigError(f"{where}: 应为路径模式的数组，如 [\"drafts/\", \"*.bak.txt\"]",
                          f"{where}: must be an array of path patterns, such as [\"drafts/\", \"*.bak.txt\"]")
    return list(value)


def _choice(value: Any, allowed: tuple[str, ...], where: str) -> str:
    if value not in allowed:
        raise ConfigError(f"{where}: {value!r} 不合法（可选：{'、'.join(allowed)}）",
                          f"{where}: {value!r} is not valid (choose from {', '.join(allowed)})")
    return value
