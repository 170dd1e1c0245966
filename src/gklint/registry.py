"""The plugin manager: built-in plugins and everything installed under the ``gklint`` group.

Each entry point is loaded on its own, so a broken plugin is reported and skipped rather
than stopping every run.
"""

from __future__ import annotations

import importlib
import sys
from typing import Any

import pluggy

from gklint import hookspecs
from gklint.hookspecs import PROJECT
from gklint.records import Record, fresh

# Built-in plugins are ordinary modules implementing the hooks.
BUILTIN_PLUGINS = (
    "gklint.check.rules",
    "gklint.read.loaders",
    "gklint.report.reporters",
)
ENTRY_POINT_GROUP = "gklint"


class LazyLoader:
    """A built-in loader that imports its module on first real use.

    It answers ``name``, ``suffixes`` and ``fixable`` from what it was given (so choosing a
    loader by file name imports nothing) and hands everything else (``sniff``, ``load``,
    ``write``...) to the real loader instance. ``Registry.loader_for`` returns the real one.
    """

    __slots__ = ("module", "attribute", "name", "suffixes", "fixable", "_loader")

    def __init__(self, module: str, attribute: str, name: str, suffixes: tuple[str, ...], fixable: bool = True) -> None:
        self.module, self.attribute = module, attribute
        self.name, self.suffixes, self.fixable = name, suffixes, fixable
        self._loader = None

    def resolve(self):
        if self._loader is None:
            self._loader = getattr(importlib.import_module(self.module), self.attribute)()
        return self._loader

    def __getattr__(self, name: str):
        return getattr(self.resolve(), name)

    def __repr__(self) -> str:
        return f"<lazy loader {self.module}.{self.attribute}>"


class LazyReporter:
    """A built-in reporter class that imports its module only when it is used.

    ``name`` is known up front; calling it (``reporter_class(stream, options)``) or any
    other attribute imports the module and uses the real class.
    """

    __slots__ = ("module", "attribute", "name")

    def __init__(self, module: str, attribute: str, name: str) -> None:
        self.module, self.attribute, self.name = module, attribute, name

    def resolve(self) -> type:
        return getattr(importlib.import_module(self.module), self.attribute)

    def __call__(self, *args, **kwargs):
        return self.resolve()(*args, **kwargs)

    def __getattr__(self, name: str):
        return getattr(self.resolve(), name)

    def __repr__(self) -> str:
        return f"<lazy reporter {self.module}.{self.attribute}>"


def resolve(item):
    """The real loader or reporter class behind a lazy built-in one (others as they are)."""
    return item.resolve() if isinstance(item, (LazyLoader, LazyReporter)) else item


class RuleEntry(Record):
    rule_class: type
    plugin: str


class Registry(Record):
    """What the plugins contribute, each item with the plugin it came from."""

    manager: pluggy.PluginManager
    rules: dict[str, RuleEntry] = fresh(dict)
    loaders: list[tuple[Any, str]] = fresh(list)
    reporters: dict[str, tuple[type, str]] = fresh(dict)
    template_files: list[str] = fresh(list)
    errors: list[str] = fresh(list)

    def loader_for(self, path: str, data: bytes | None = None):
        lowered = path.lower()
        for loader, _ in reversed(self.loaders):
            if any(lowered.endswith(suffix) for suffix in loader.suffixes):
                return resolve(loader)
        if data is not None:
            for loader, _ in reversed(self.loaders):
                if loader.sniff(data):
                    return resolve(loader)
        return None

    def reporter_class(self, name: str) -> type:
        """The reporter class of ``--format name`` (a lazy built-in one imported now)."""
        return resolve(self.reporters[name][0])

    @property
    def suffixes(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(suffix for loader, _ in self.loaders for suffix in loader.suffixes))


def _plugin_name(manager: pluggy.PluginManager, impl) -> str:
    return impl.plugin_name


def build_registry(load_entry_points: bool = True, extra_plugins: tuple[Any, ...] = ()) -> Registry:
    manager = pluggy.PluginManager(PROJECT)
    manager.add_hookspecs(hookspecs)
    registry = Registry(manager)
    for module_name in BUILTIN_PLUGINS:
        manager.register(importlib.import_module(module_name), name=module_name)
    if load_entry_points:
        _load_entry_points(manager, registry)
    for plugin in extra_plugins:
        manager.register(plugin)
    _collect(manager, registry)
    return registry


def _may_have_entry_points(group: str) -> bool:
    """Whether any installed distribution may declare entry points in ``group``.

    ``importlib.metadata`` costs more to import and to scan than linting a small file takes,
    and most installations have no gklint plugin at all. This looks at the ``entry_points.txt``
    of every distribution on ``sys.path`` and answers False only when none mentions the
    group; anything unusual (a zip on the path, an unreadable folder) answers True.
    """
    import os

    header = f"[{group}]".encode()  # a section header of entry_points.txt
    for entry in sys.path:
        folder = entry or "."
        if not os.path.isdir(folder):
            if os.path.exists(folder):
                return True  # a zip file or some other importable thing: ask importlib.metadata
            continue
        try:
            names = os.listdir(folder)
        except OSError:
            return True
        for name in names:
            if not name.endswith((".dist-info", ".egg-info")):
                continue
            try:
                with open(os.path.join(folder, name, "entry_points.txt"), "rb") as handle:
                    if header in handle.read():
                        return True
            except FileNotFoundError:
                continue
            except OSError:
                return True
    return False


def _load_entry_points(manager: pluggy.PluginManager, registry: Registry) -> None:
    if not _may_have_entry_points(ENTRY_POINT_GROUP):
        return
    from importlib.metadata import entry_points

    for entry_point in entry_points(group=ENTRY_POINT_GROUP):
        if manager.get_plugin(entry_point.name) is not None or manager.is_blocked(entry_point.name):
            continue
        try:
            plugin = entry_point.load()
            manager.register(plugin, name=entry_point.name)
        except Exception as error:  # a broken plugin must not stop the run
            registry.errors.append(
                f"插件 {entry_point.name}（{entry_point.value}）加载失败，已跳过：{type(error).__name__}: {error}"
            )


def _collect(manager: pluggy.PluginManager, registry: Registry) -> None:
    hook = manager.hook
    for impl in reversed(hook.gklint_rules.get_hookimpls()):
        for rule_class in _call(impl, registry) or ():
            code = getattr(rule_class, "code", "")
            if not code:
                registry.errors.append(f"插件 {impl.plugin_name} 提供的规则 {rule_class!r} 没有 code，已跳过")
                continue
            if code in registry.rules:
                registry.errors.append(
                    f"规则 {code} 同时由 {registry.rules[code].plugin} 和 {impl.plugin_name} 提供，保留前者"
                )
                continue
            registry.rules[code] = RuleEntry(rule_class, impl.plugin_name)
    for impl in reversed(hook.gklint_loaders.get_hookimpls()):
        for loader in _call(impl, registry) or ():
            registry.loaders.append((loader, impl.plugin_name))
    for impl in reversed(hook.gklint_reporters.get_hookimpls()):
        for reporter in _call(impl, registry) or ():
            registry.reporters.setdefault(reporter.name, (reporter, impl.plugin_name))
    for impl in reversed(hook.gklint_templates.get_hookimpls()):
        registry.template_files.extend(str(path) for path in _call(impl, registry) or ())
    registry.rules = dict(sorted(registry.rules.items()))


def _call(impl, registry: Registry):
    try:
        return impl.function()
    except Exception as error:
        registry.errors.append(f"插件 {impl.plugin_name} 的钩子 {impl.function.__name__} 出错，已跳过：{type(error).__name__}: {error}")
        return None


_REGISTRY: Registry | None = None


def get_registry() -> Registry:
    global _REGISTRY
    if _REGISTRY is None:
        _REGISTRY = build_registry()
        for message in _REGISTRY.errors:
            print(f"gklint: 警告：{message}", file=sys.stderr)
    return _REGISTRY


def reset_registry() -> None:
    global _REGISTRY
    _REGISTRY = None
