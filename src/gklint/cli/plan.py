"""What a ``check`` run needs before it lints a file, and the engine, built only when needed.

A run needs its configuration, the file endings the loaders read (to find files), its
reporter, and, for the result cache, the run key. A re-run over unchanged files answers
every file from the result cache and needs no rule, template or loader: the ``Linter`` —
the registry of plugins, the formats, every rule — is built on the first file the cache
cannot answer (``RunPlan.linter``), and a run that never meets one never builds it.

The plugin-derived facts come from the registry when it is built (always, without a
result cache), or from the run's memo in the cache folder (``gklint.cli.cache.RunMemo``),
valid while every file they were learnt from is unchanged.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator, Mapping

TYPE_CHECKING = False  # (not typing's: importing typing costs some 2 ms of start-up, see benchmarks/run.py)
if TYPE_CHECKING:
    from typing import Any

    from gklint.check.engine import Linter
    from gklint.cli.cache import RunMemo
    from gklint.config import Config
    from gklint.registry import Registry


class RunPlan:
    """A run's configuration and what the plugins contribute to it; ``linter`` on first use.

    Made from a ``Linter`` (``of_linter``), from a registry (``of_registry``: the engine
    is built from it when needed), or from a valid memo (``of_memo``: the registry too is
    built only when needed, without printing its warnings again: the memo printed them).
    """

    def __init__(self, config: Config, registry: Registry | None = None, linter: Linter | None = None,
                 memo: RunMemo | None = None) -> None:
        self.config = config
        self._registry = registry
        self._linter = linter
        self.memo = memo
        self.run_key: str | None = memo.key if memo is not None else None

    @classmethod
    def of_linter(cls, linter: Linter) -> RunPlan:
        return cls(linter.config, linter.registry, linter)

    @classmethod
    def of_registry(cls, config: Config, registry: Registry) -> RunPlan:
        return cls(config, registry)

    @classmethod
    def of_memo(cls, config: Config, memo: RunMemo) -> RunPlan:
        """A plan from a memo (valid: ``RunMemo.valid``); prints the registry's messages."""
        for line in memo.stderr:
            print(line, file=sys.stderr)
        return cls(config, memo=memo)

    # ── what the plugins contribute ─────────────────────────────────────────────────────
    @property
    def registry(self) -> Registry:
        if self._registry is None:
            from gklint.registry import get_registry

            self._registry = get_registry(self.config.lang, announce=self.memo is None)
        return self._registry

    @property
    def linter(self) -> Linter:
        """The engine, built now if it was not yet."""
        if self._linter is None:
            from gklint.check.engine import Linter

            self._linter = Linter(self.config, self.registry)
        return self._linter

    @property
    def built(self) -> bool:
        """Whether the engine has been built."""
        return self._linter is not None

    @property
    def suffixes(self) -> tuple[str, ...]:
        if self._registry is None and self.memo is not None:
            return self.memo.suffixes
        return self.registry.suffixes

    def has_reporter(self, name: str) -> bool:
        if self._registry is None and self.memo is not None:
            return self.memo.reporter is not None
        return name in self.registry.reporters

    def reporter_class(self, name: str) -> type:
        """The reporter class of ``--format name`` (the memo's only for its own format)."""
        if self._registry is None and self.memo is not None and self.memo.reporter is not None:
            module, _, attribute = self.memo.reporter.partition(":")
            # ``importlib.import_module(module)`` without importlib, which the console script
            # has not imported: importing it was some 1.6 M instructions of the 92 M of
            # ``gklint check one.txt`` answered from the result cache (callgrind).
            __import__(module)
            found: Any = sys.modules[module]
            for part in attribute.split("."):
                found = getattr(found, part)
            return found
        return self.registry.reporter_class(name)

    def rules(self) -> Mapping[str, type]:
        """Code → rule class, for reporters' metadata (the registry built when read)."""
        return _RegistryMapping(self, lambda registry: {code: entry.rule_class for code, entry in registry.rules.items()})

    def rule_plugins(self) -> Mapping[str, str]:
        """Code → plugin name (the registry built when read)."""
        return _RegistryMapping(self, lambda registry: {code: entry.plugin for code, entry in registry.rules.items()})

    def loader_for(self, path: str):
        return self.registry.loader_for(path)


class _RegistryMapping(Mapping):
    """A mapping made from the registry when first read: text and JSON output never read it."""

    def __init__(self, plan: RunPlan, make: Callable[[Registry], dict]) -> None:
        self._plan = plan
        self._make = make
        self._made: dict | None = None

    def _mapping(self) -> dict:
        if self._made is None:
            self._made = self._make(self._plan.registry)
        return self._made

    def __getitem__(self, key: str):
        return self._mapping()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._mapping())

    def __len__(self) -> int:
        return len(self._mapping())
