"""GK3 — numbers: values, blanks and the arithmetic identities of rules.toml."""

from __future__ import annotations

RULES: list = []
