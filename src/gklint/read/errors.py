"""The error a loader raises when a file cannot be read, decoded or parsed (a leaf module)."""

from __future__ import annotations


class LoadError(Exception):
    """The file cannot be read, decoded or parsed; the message says why, in Chinese."""

    def __init__(self, message: str, message_en: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.message_en = message_en or message
