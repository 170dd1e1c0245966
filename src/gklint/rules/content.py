"""GK4 — content: what the narrative says, and whether it agrees with the tables."""

from __future__ import annotations

RULES: list = []
