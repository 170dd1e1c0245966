"""The error a loader raises when a file cannot be read, decoded or parsed (a leaf module)."""

from __future__ import annotations

from gklint.errors import BilingualError


class LoadError(BilingualError):
    """The file cannot be read, decoded or parsed; the message says why (``message`` in
    Chinese, ``message_en`` in English)."""
