"""``gklint web``'s limits: the ``[web]`` table of the configuration, checked key by key.

::

    [web]
    max-upload-mb = 20        # one upload (a report, or a zip of reports)
    max-files = 500           # reports in one zip
    max-unpacked-mb = 200     # a zip's contents once unpacked
    timeout = 120             # seconds of work per request; longer: 504 and a fresh worker
    workers = 2               # worker processes (default: the machine's cores, at most 8)
    queue = 8                 # requests waiting for a worker; beyond: 503 with Retry-After

A key that is not one of these, or a value of the wrong kind, is an error naming it.
"""

from __future__ import annotations

import difflib
import os
from typing import Any

from gklint.config import ConfigError
from gklint.records import Frozen

MB = 1024 * 1024


class WebLimits(Frozen):
    """What one request may bring and take, and how many are served at once."""

    max_upload: int = 20 * MB  # bytes
    max_files: int = 500
    max_unpacked: int = 200 * MB  # bytes
    timeout: float = 120.0  # seconds
    workers: int = 2
    queue: int = 8


# key → (field, kind, scale): sizes are written in MB (a fraction is allowed: 0.5 = 512 KB)
_KEYS: dict[str, tuple[str, type, int]] = {
    "max-upload-mb": ("max_upload", float, MB),
    "max-files": ("max_files", int, 1),
    "max-unpacked-mb": ("max_unpacked", float, MB),
    "timeout": ("timeout", float, 1),
    "workers": ("workers", int, 1),
    "queue": ("queue", int, 1),
}


def web_limits(table: dict[str, Any], where: str = "[web]") -> WebLimits:
    """The limits of a config's ``[web]`` table (``Config.web``); defaults for keys not given."""
    values: dict[str, Any] = {"workers": max(1, min(os.cpu_count() or 1, 8))}
    for key, value in table.items():
        if key not in _KEYS:
            close = difflib.get_close_matches(key, list(_KEYS), n=1)
            hint_zh = f"，是否想写 {close[0]!r}？" if close else f"（允许：{'、'.join(_KEYS)}）"
            hint_en = f"; did you mean {close[0]!r}?" if close else f" (allowed: {', '.join(_KEYS)})"
            raise ConfigError(f"{where}: 未知的配置项 {key!r}{hint_zh}", f"{where}: unknown key {key!r}{hint_en}")
        field, kind, scale = _KEYS[key]
        number_ok = isinstance(value, (int, float)) and not isinstance(value, bool)
        if not number_ok or value <= 0 or (kind is int and not isinstance(value, int)):
            wanted_zh, wanted_en = ("正整数", "a positive whole number") if kind is int else ("正数", "a positive number")
            raise ConfigError(f"{where}: {key} 应为{wanted_zh}，而不是 {value!r}",
                              f"{where}: {key} must be {wanted_en}, not {value!r}")
        values[field] = int(value * scale) if scale != 1 else kind(value)
    return WebLimits(**values)
