"""The one error type of ``gklint web``: a status and a sentence for the person who sent the file."""

from __future__ import annotations

from gklint.web.texts import text


class WebError(Exception):
    """A request that cannot be answered with findings: ``status`` (HTTP) and the message key
    of ``gklint.web.texts`` with its values, rendered in the request's language."""

    def __init__(self, status: int, key: str, **values: object) -> None:
        super().__init__(key)
        self.status = status
        self.key = key
        self.values = values

    def message(self, lang: str) -> str:
        return text(self.key, lang, **self.values)

    def __reduce__(self):  # (raised in a worker process, re-raised in the server)
        return (_rebuild, (self.status, self.key, self.values))


def _rebuild(status: int, key: str, values: dict) -> WebError:
    return WebError(status, key, **values)
