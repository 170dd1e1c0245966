"""GK5 — typography: punctuation, stray markup, doubled characters, full-width forms."""

from __future__ import annotations

RULES: list = []
