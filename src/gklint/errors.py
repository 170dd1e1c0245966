"""The base of gklint's errors that reach the user: a message in Chinese and in English, of
which the run prints the one in its language (a leaf module: every stage raises them)."""

from __future__ import annotations


class BilingualError(Exception):
    """An error whose message says what is wrong in both languages: ``message`` (Chinese, also
    ``str(error)``) and ``message_en`` (the Chinese again when no English is given)."""

    def __init__(self, message: str, message_en: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.message_en = message_en or message

    def __reduce__(self):
        # Both messages cross to and from ``-j`` worker processes (an exception pickles its
        # ``args``, which hold the Chinese one alone).
        return type(self), (self.message, self.message_en)

    def text(self, lang: str) -> str:
        """The message in ``lang`` (``en`` or ``zh``)."""
        return self.message_en if lang == "en" else self.message
