"""The documentation of a rule, for a diagnostic's ``codeDescription`` and for hover.

It is what ``gklint explain CODE`` prints (``gklint.explain``), of the rules installed, built-in
and plugins' alike. A diagnostic's code links to it as a Markdown file written once per
server into gklint's cache folder (``rules/GK501.md``), which every editor can open; hover
shows the same text.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from gklint.explain import rule_explanation
from gklint.formats.toml_cache import cache_dir
from gklint.registry import Registry


class RuleHelp:
    """Explanations of the rules of ``registry``, made on first use and kept."""

    def __init__(self, registry: Registry, folder: str | None = None) -> None:
        self.registry = registry
        self.folder = Path(folder or os.path.join(cache_dir() or _temporary_folder(), "rules"))
        self._texts: dict[str, str | None] = {}
        self._links: dict[str, str | None] = {}

    def text(self, code: str) -> str | None:
        """The explanation of ``code``; None for a code no installed rule has."""
        if code not in self._texts:
            self._texts[code] = rule_explanation(self.registry, code)
        return self._texts[code]

    def link(self, code: str) -> str | None:
        """A ``file:`` URI of the explanation written as Markdown; None when it cannot be
        written (a read-only home) or the code is unknown."""
        if code not in self._links:
            self._links[code] = self._write(code)
        return self._links[code]

    def hover(self, codes: list[str]) -> str:
        """Hover text for the diagnostics of ``codes`` under the cursor (Markdown)."""
        parts = []
        for code in dict.fromkeys(codes):
            text = self.text(code)
            if text is not None:
                heading, _, rest = text.partition("\n")
                # The two lines under the heading (severity, summary) are paragraphs of their own.
                facts, summary, body = (rest.split("\n", 2) + ["", ""])[:3]
                parts.append(f"### {heading}\n\n{facts}\n\n{summary}\n\n{body.lstrip()}".rstrip() + "\n")
        return "\n---\n\n".join(parts)

    def _write(self, code: str) -> str | None:
        text = self.text(code)
        if text is None:
            return None
        path = self.folder / f"{code}.md"
        data = text.encode("utf-8")
        try:
            if not path.is_file() or path.read_bytes() != data:
                self.folder.mkdir(parents=True, exist_ok=True)
                temporary = path.with_name(f".{code}.{os.getpid()}.tmp")
                temporary.write_bytes(data)
                os.replace(temporary, path)  # another server may read it meanwhile
        except OSError:
            return None
        return path.resolve().as_uri()


def _temporary_folder() -> str:
    return os.path.join(tempfile.gettempdir(), f"gklint-{os.getuid() if hasattr(os, 'getuid') else 'user'}")
