"""Configuration: ``gklint.toml``, ``.gklint.toml`` or ``[tool.gklint]`` in ``pyproject.toml``,
found by searching upward from the current folder, then overridden by the command line.

Keys (all optional)::

    select = ["GK1", "GK201"]        # codes or prefixes; default: every rule
    ignore = ["GK5"]
    template = "auto"                # or a format id: "2019", "2021", a local variant's id
    templates = ["henan-2021.toml"]  # extra template files, relative to the config file
    lang = "zh"                      # or "en"
    fail-on = "warning"
    [severity]                       # per-rule severity
    GK302 = "warning"
    [rules.GK503]                    # rule options, over rules.toml's [rules.GK503]
    allow = ["人人", "常常"]
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

from gklint.check.finding import SEVERITIES
from gklint.records import Record, fresh
from gklint.formats.template import is_file

if TYPE_CHECKING:
    from pathlib import Path

CONFIG_NAMES = ("gklint.toml", ".gklint.toml", "pyproject.toml")
KNOWN_KEYS = {"select", "ignore", "template", "templates", "lang", "fail-on", "fail_on", "severity", "rules", "extend-select"}


class ConfigError(Exception):
    """A configuration file or option is wrong; the message says where."""


class Config(Record):
    select: list[str] | None = None
    ignore: list[str] = fresh(list)
    template: str = "auto"
    extra_templates: list[str] = fresh(list)
    lang: str = "zh"
    fail_on: str = "warning"
    severity: dict[str, str] = fresh(dict)
    rule_options: dict[str, dict[str, Any]] = fresh(dict)
    path: str | None = None

    def is_selected(self, code: str) -> bool:
        if self.select is not None and not any(code.startswith(prefix) for prefix in self.select):
            return False
        # The most specific prefix wins: --select GK201 with ignore GK2 keeps GK201.
        ignored = max((len(prefix) for prefix in self.ignore if code.startswith(prefix)), default=-1)
        selected = max((len(prefix) for prefix in (self.select or [""]) if code.startswith(prefix)), default=-1)
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


def load_config(path: Path | None) -> Config:
    if path is None:
        return Config()
    from gklint.formats.toml_cache import is_toml_error, read_toml  # parsed files are cached: see gklint.formats.toml_cache

    try:
        document = read_toml(str(path))
    except OSError as error:
        raise ConfigError(f"{path}: 无法读取配置文件：{error.strerror}") from None
    except ValueError as error:  # tomllib.TOMLDecodeError
        if not is_toml_error(error):
            raise
        raise ConfigError(f"{path}: 配置文件 TOML 语法错误：{error}") from None
    if path.name == "pyproject.toml":
        document = document.get("tool", {}).get("gklint", {})
        where = f"{path}: [tool.gklint]"
    else:
        where = str(path)
    return parse_config(document, where, path.parent)


def parse_config(document: dict[str, Any], where: str, base: Path) -> Config:
    unknown = set(document) - KNOWN_KEYS
    if unknown:
        raise ConfigError(f"{where}: 未知的配置项 {sorted(unknown)[0]!r}（允许：{'、'.join(sorted(KNOWN_KEYS - {'fail_on'}))}）")
    config = Config(path=where)
    if "select" in document:
        config.select = _codes(document["select"], f"{where}: select")
    if "extend-select" in document:
        config.select = (config.select or []) + _codes(document["extend-select"], f"{where}: extend-select")
    if "ignore" in document:
        config.ignore = _codes(document["ignore"], f"{where}: ignore")
    if "template" in document:
        if not isinstance(document["template"], str):
            raise ConfigError(f"{where}: template 应为字符串，如 \"auto\"、\"2019\"、\"2021\"")
        config.template = document["template"]
    if "templates" in document:
        files = document["templates"]
        if not isinstance(files, list) or not all(isinstance(item, str) for item in files):
            raise ConfigError(f"{where}: templates 应为文件路径的数组")
        for item in files:
            resolved = (base / item).resolve()
            if not resolved.is_file():
                raise ConfigError(f"{where}: templates 中的文件不存在：{item}（解析为 {resolved}）")
            config.extra_templates.append(str(resolved))
    if "lang" in document:
        config.lang = _choice(document["lang"], ("zh", "en"), f"{where}: lang")
    for key in ("fail-on", "fail_on"):
        if key in document:
            config.fail_on = _choice(document[key], SEVERITIES, f"{where}: {key}")
    severity = document.get("severity", {})
    if not isinstance(severity, dict):
        raise ConfigError(f"{where}: severity 应为表，如 [severity] GK302 = \"warning\"")
    for code, level in severity.items():
        config.severity[_code(code, f"{where}: severity")] = _choice(level, SEVERITIES, f"{where}: severity.{code}")
    rules = document.get("rules", {})
    if not isinstance(rules, dict) or not all(isinstance(options, dict) for options in rules.values()):
        raise ConfigError(f"{where}: rules 应为按规则代码分组的表，如 [rules.GK503]")
    config.rule_options = {_code(code, f"{where}: rules"): dict(options) for code, options in rules.items()}
    return config


def parse_codes(text: str, where: str) -> list[str]:
    return _codes([part for part in text.split(",") if part.strip()], where)


def _codes(value: Any, where: str) -> list[str]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ConfigError(f"{where}: 应为规则代码或前缀的数组，如 [\"GK1\", \"GK201\"]")
    return [_code(item, where, prefix=True) for item in value]


def _code(value: str, where: str, prefix: bool = False) -> str:
    code = value.strip().upper()
    if not code or not code[0].isalpha() or not code.isalnum():
        raise ConfigError(f"{where}: {value!r} 不是规则代码{'或前缀' if prefix else ''}（形如 GK201 或 GK2）")
    return code


def _choice(value: Any, allowed: tuple[str, ...], where: str) -> str:
    if value not in allowed:
        raise ConfigError(f"{where}: {value!r} 不合法（可选：{'、'.join(allowed)}）")
    return value
