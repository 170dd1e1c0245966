"""Configuration per workspace folder, found and reloaded as the command line would find it.

The command line reads the ``gklint.toml``, ``.gklint.toml`` or ``pyproject.toml``
(``[tool.gklint]``) found upward from the folder it runs in. The server does the same from
each workspace folder (a document outside every folder: from its own folder), and looks
again before every check: a config file added, edited or removed is seen at the next
keystroke, whether or not the client reports watched files. A ``Linter`` is built once per
configuration state and kept until the file changes.
"""

from __future__ import annotations

import os

from gklint.check.engine import Linter
from gklint.config import find_config_path, load_config
from gklint.errors import BilingualError
from gklint.records import Record
from gklint.registry import get_registry


class FolderState(Record):
    """What one folder's configuration gives: a linter, or the error that prevents one."""

    stamp: tuple | None  # (config path, mtime, size) that this state was built from
    linter: Linter | None = None
    error: str | None = None  # the configuration's error, in the run's language


class Folders:
    """The workspace folders and the linter of each; ``lang``: the language of the command
    line's ``--lang`` (over every config's ``lang``), None to follow each config."""

    def __init__(self, lang: str | None = None) -> None:
        self.lang = lang
        self.roots: list[str] = []
        self._states: dict[str, FolderState] = {}

    def set_roots(self, roots: list[str]) -> None:
        # Longest first: a document belongs to the innermost folder that holds it.
        self.roots = sorted({os.path.normpath(root) for root in roots}, key=len, reverse=True)

    def root_of(self, path: str) -> str:
        """The workspace folder holding ``path``; the file's own folder outside every one."""
        path = os.path.normpath(os.path.abspath(path))
        for root in self.roots:
            if path == root or path.startswith(root.rstrip(os.sep) + os.sep):
                return root
        return os.path.dirname(path)

    def forget(self) -> None:
        """Drop every linter: the next check looks for the config files anew."""
        self._states.clear()

    def state_for(self, path: str) -> tuple[FolderState, bool]:
        """The state of the folder holding ``path`` and whether it differs from the one
        given before (a new configuration, an error or an error resolved)."""
        root = self.root_of(path)
        stamp = _stamp(find_config_path(root))
        state = self._states.get(root)
        if state is not None and state.stamp == stamp:
            return state, False
        state = self._build(stamp)
        self._states[root] = state
        return state, True

    def _build(self, stamp: tuple | None) -> FolderState:
        from pathlib import Path

        lang = self.lang or "zh"
        config_path = stamp[0] if stamp else None
        try:
            registry = get_registry(lang)
            known = {code: entry.rule_class for code, entry in registry.rules.items()}
            config = load_config(Path(config_path) if config_path else None, known)
            lang = self.lang or config.lang
            config.lang = lang
            config.skip_non_reports = True  # as the command line: a README gets no findings
            return FolderState(stamp, linter=Linter(config, registry))
        except BilingualError as error:  # ConfigError, TemplateError
            return FolderState(stamp, error=error.text(lang))
        except Exception as error:  # a broken plugin or template must not stop the server
            return FolderState(stamp, error=f"{config_path or ''}: {type(error).__name__}: {error}")


def _stamp(path: str | None) -> tuple | None:
    if path is None:
        return None
    try:
        info = os.stat(path)
    except OSError:
        return (path, None, None)
    return (path, info.st_mtime_ns, info.st_size)
