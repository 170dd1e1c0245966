"""The plugin manager: built-in plugins and everything installed under the ``gklint`` group.

Plugins are registered in one order — the built-in ones, then the installed ones (entry points
sorted by distribution and name), then any given in code — and every hook is called through
pluggy's hook caller, one plugin at a time, so that a plugin whose hook fails is reported and
skipped without losing the other plugins' answers. Whatever two plugins both provide (a rule
code, a loader's suffix, a ``--format`` name), the later registration wins, and each such
replacement is noted once on stderr (see ``gklint.hookspecs``).
"""

from __future__ import annotations

import importlib
import sys
from typing import Any, Iterator

import pluggy

from gklint import __version__, hookspecs
from gklint.hookspecs import PROJECT
from gklint.records import Record, fresh

# Built-in plugins are ordinary modules implementing the hooks.
BUILTIN_PLUGINS = (
    "gklint.check.rules",
    "gklint.read.loaders",
    "gklint.report.reporters.builtin",
)
BUILTIN_DISTRIBUTION = "gklint"
ENTRY_POINT_GROUP = "gklint"

# Every message the registry prints, in one place: warnings (something was skipped) and
# notices (one plugin replaced what another provides).
MESSAGES = {
    "entry-point-failed": "插件 {plugin}（{target}）加载失败，已跳过：{error}",
    "hook-failed": "插件 {plugin} 的钩子 {hook} 出错，已跳过：{error}",
    "rule-without-code": "插件 {plugin} 提供的规则 {rule} 没有 code，已跳过",
    "loader-without-suffixes": "插件 {plugin} 提供的加载器 {loader} 没有 suffixes，已跳过",
    "reporter-without-name": "插件 {plugin} 提供的报告格式 {reporter} 没有 name，已跳过",
    "rule-replaced": "插件 {plugin} 的规则 {key} 替换了 {shadowed} 的同名规则",
    "loader-replaced": "插件 {plugin} 的加载器 {name} 替换了 {shadowed} 的加载器 {old}（{suffixes}）",
    "reporter-replaced": "插件 {plugin} 的报告格式 {key} 替换了 {shadowed} 的同名报告格式",
    "template-replaced": "插件 {plugin} 的模板文件 {file} 改写了 {shadowed} 的格式 {key}",
}
# The same in English, for a run in English (``--lang en``).
MESSAGES_EN = {
    "entry-point-failed": "plugin {plugin} ({target}) failed to load and was skipped: {error}",
    "hook-failed": "the hook {hook} of plugin {plugin} raised an error and was skipped: {error}",
    "rule-without-code": "the rule {rule} of plugin {plugin} has no code and was skipped",
    "loader-without-suffixes": "the loader {loader} of plugin {plugin} has no suffixes and was skipped",
    "reporter-without-name": "the reporter {reporter} of plugin {plugin} has no name and was skipped",
    "rule-replaced": "the rule {key} of plugin {plugin} replaces the rule of the same code from {shadowed}",
    "loader-replaced": "the loader {name} of plugin {plugin} replaces the loader {old} ({suffixes}) from {shadowed}",
    "reporter-replaced": "the reporter {key} of plugin {plugin} replaces the reporter of the same name from {shadowed}",
    "template-replaced": "the template file {file} of plugin {plugin} rewrites the format {key} from {shadowed}",
}
WARNING_PREFIX = "gklint: 警告："
NOTICE_PREFIX = "gklint: 提示："
PREFIXES_EN = ("gklint: warning: ", "gklint: note: ")


_LAZY_KINDS: tuple[type, ...] = ()  # (LazyLoader, LazyReporter), imported on the first ``resolve``


def resolve(item):
    """The real loader or reporter class behind a lazily registered one (others as they are)."""
    global _LAZY_KINDS
    if not _LAZY_KINDS:
        # Imported here, not at start-up, and once: ``loader_for`` resolves once per file,
        # and two import statements cost more than the rest of it.
        from gklint.read.loader import LazyLoader
        from gklint.report.reporter import LazyReporter

        _LAZY_KINDS = (LazyLoader, LazyReporter)
    return item.resolve() if isinstance(item, _LAZY_KINDS) else item


class Provider(Record):
    """Who provides a plugin: the distribution that installed it (``gklint`` for the built-in
    ones), or, for a plugin registered in code, its name."""

    name: str
    version: str = ""

    def __str__(self) -> str:
        return f"{self.name} {self.version}" if self.version else self.name


class RuleEntry(Record):
    """A registered rule class, the plugin it came from and who provides that plugin."""

    rule_class: type
    plugin: str
    provider: Provider | None = None

    def __init__(self, rule_class: type, plugin: str, provider: Provider | None = None) -> None:
        self.rule_class = rule_class
        self.plugin = plugin
        self.provider = provider or Provider(plugin)


class Registry(Record):
    """What the plugins contribute, each item with the plugin it came from.

    ``loaders`` are in registration order (a later one wins a suffix); ``rules`` and
    ``reporters`` hold the winner of each code and name; ``template_files`` are in the order
    they are merged (a later one wins item by item). ``errors`` (warnings: something was
    skipped) and ``notices`` (one plugin replaced another's item) are printed once by
    ``get_registry``, in Chinese; ``errors_en`` and ``notices_en`` hold the same in English.
    ``providers``: plugin name → ``Provider``.
    """

    manager: pluggy.PluginManager
    rules: dict[str, RuleEntry] = fresh(dict)
    loaders: list[tuple[Any, str]] = fresh(list)
    reporters: dict[str, tuple[type, str]] = fresh(dict)
    template_files: list[str] = fresh(list)
    errors: list[str] = fresh(list)
    notices: list[str] = fresh(list)
    errors_en: list[str] = fresh(list)
    notices_en: list[str] = fresh(list)
    providers: dict[str, Provider] = fresh(dict)

    def loader_for(self, path: str, data: bytes | None = None):
        """The loader for ``path``: the latest registered that claims its suffix, else (given
        the bytes) the latest that sniffs them; ``None`` when none will."""
        lowered = path.lower()
        for loader, _ in reversed(self.loaders):
            if lowered.endswith(tuple(loader.suffixes)):  # (one C call, not a generator per loader)
                return resolve(loader)
        if data is not None:
            for loader, _ in reversed(self.loaders):
                if loader.sniff(data):
                    return resolve(loader)
        return None

    def reporter_class(self, name: str) -> type:
        """The reporter class of ``--format name`` (a lazily registered one imported now)."""
        return resolve(self.reporters[name][0])

    def provider(self, plugin: str) -> Provider:
        """Who provides the plugin registered as ``plugin``."""
        return self.providers.get(plugin) or Provider(plugin)

    @property
    def suffixes(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(suffix for loader, _ in self.loaders for suffix in loader.suffixes))

    def warn(self, message_id: str, **arguments: Any) -> None:
        self.errors.append(MESSAGES[message_id].format(**arguments))
        self.errors_en.append(MESSAGES_EN[message_id].format(**arguments))

    def notice(self, message_id: str, **arguments: Any) -> None:
        self.notices.append(MESSAGES[message_id].format(**arguments))
        self.notices_en.append(MESSAGES_EN[message_id].format(**arguments))

    def stderr_lines(self, lang: str) -> list[str]:
        """The warnings, then the notices, as ``get_registry`` prints them in ``lang``."""
        if lang == "en":
            warning, notice = PREFIXES_EN
            return [warning + message for message in self.errors_en] + [notice + message for message in self.notices_en]
        return [WARNING_PREFIX + message for message in self.errors] + [NOTICE_PREFIX + message for message in self.notices]


def build_registry(load_entry_points: bool = True, extra_plugins: tuple[Any, ...] = ()) -> Registry:
    """Register the built-in plugins, then the installed ones, then ``extra_plugins``, and
    collect what each contributes (a later registration wins)."""
    manager = pluggy.PluginManager(PROJECT)
    manager.add_hookspecs(hookspecs)
    registry = Registry(manager)
    for module_name in BUILTIN_PLUGINS:
        manager.register(importlib.import_module(module_name), name=module_name)
        registry.providers[module_name] = Provider(BUILTIN_DISTRIBUTION, __version__)
    if load_entry_points:
        _load_entry_points(manager, registry)
    for plugin in extra_plugins:
        name = manager.register(plugin)
        if name is not None:
            registry.providers[name] = Provider(name)
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

    found = [(_distribution(entry_point), entry_point) for entry_point in entry_points(group=ENTRY_POINT_GROUP)]
    # A stable order, whatever order the path lists distributions in: precedence follows it.
    for provider, entry_point in sorted(found, key=lambda item: (item[0].name.lower(), item[1].name)):
        if manager.get_plugin(entry_point.name) is not None or manager.is_blocked(entry_point.name):
            continue
        try:
            plugin = entry_point.load()
            manager.register(plugin, name=entry_point.name)
        except Exception as error:  # a broken plugin must not stop the run
            registry.warn("entry-point-failed", plugin=provider, target=entry_point.value,
                          error=f"{type(error).__name__}: {error}")
            continue
        registry.providers[entry_point.name] = provider


def _distribution(entry_point) -> Provider:
    """The distribution that declares ``entry_point`` (its name when that is unknown)."""
    dist = getattr(entry_point, "dist", None)
    name = dist.metadata["Name"] if dist is not None else None
    return Provider(name, dist.version) if name else Provider(entry_point.name)


def _answers(manager: pluggy.PluginManager, registry: Registry, hook_name: str) -> Iterator[tuple[str, Any]]:
    """``(plugin name, item)`` for every item every plugin answers ``hook_name`` with, in
    registration order.

    Each plugin is called through a pluggy hook caller of its own (``subset_hook_caller``
    without the other plugins' implementations; wrappers stay, and wrap every call), so a
    plugin whose hook raises is reported and skipped while the others still answer.
    """
    implementations = [  # in registration order, as pluggy orders them
        implementation for implementation in getattr(manager.hook, hook_name).get_hookimpls()
        if not (implementation.wrapper or implementation.hookwrapper)
    ]
    plugins = [implementation.plugin for implementation in implementations]
    for implementation in implementations:
        others = [plugin for plugin in plugins if plugin is not implementation.plugin]
        caller = manager.subset_hook_caller(hook_name, remove_plugins=others)
        try:
            answers = [list(answer or ()) for answer in caller()]
        except Exception as error:
            registry.warn("hook-failed", plugin=registry.provider(implementation.plugin_name), hook=hook_name,
                          error=f"{type(error).__name__}: {error}")
            continue
        for answer in answers:
            for item in answer:
                yield implementation.plugin_name, item


def _collect(manager: pluggy.PluginManager, registry: Registry) -> None:
    _collect_rules(manager, registry)
    _collect_loaders(manager, registry)
    _collect_reporters(manager, registry)
    _collect_templates(manager, registry)


def _collect_rules(manager: pluggy.PluginManager, registry: Registry) -> None:
    for plugin, rule_class in _answers(manager, registry, "gklint_rules"):
        provider = registry.provider(plugin)
        code = getattr(rule_class, "code", "")
        if not code:
            registry.warn("rule-without-code", plugin=provider, rule=repr(rule_class))
            continue
        shadowed = registry.rules.get(code)
        if shadowed is not None:
            registry.notice("rule-replaced", plugin=provider, key=code, shadowed=shadowed.provider.name)
        registry.rules[code] = RuleEntry(rule_class, plugin, provider)
    registry.rules = dict(sorted(registry.rules.items()))


def _collect_loaders(manager: pluggy.PluginManager, registry: Registry) -> None:
    for plugin, loader in _answers(manager, registry, "gklint_loaders"):
        suffixes = getattr(loader, "suffixes", None)
        if not isinstance(suffixes, (tuple, list)):
            registry.warn("loader-without-suffixes", plugin=registry.provider(plugin), loader=repr(loader))
            continue
        claimed = set(suffixes)
        for earlier, earlier_plugin in registry.loaders:
            taken = [suffix for suffix in earlier.suffixes if suffix in claimed]
            if taken:
                registry.notice("loader-replaced", plugin=registry.provider(plugin), name=loader.name,
                                shadowed=registry.provider(earlier_plugin).name, old=earlier.name,
                                suffixes="、".join(taken))
        registry.loaders.append((loader, plugin))


def _collect_reporters(manager: pluggy.PluginManager, registry: Registry) -> None:
    for plugin, reporter in _answers(manager, registry, "gklint_reporters"):
        if not getattr(reporter, "name", ""):
            registry.warn("reporter-without-name", plugin=registry.provider(plugin), reporter=repr(reporter))
            continue
        shadowed = registry.reporters.get(reporter.name)
        if shadowed is not None:
            registry.notice("reporter-replaced", plugin=registry.provider(plugin), key=reporter.name,
                            shadowed=registry.provider(shadowed[1]).name)
        registry.reporters[reporter.name] = (reporter, plugin)


def _collect_templates(manager: pluggy.PluginManager, registry: Registry) -> None:
    files = [(plugin, str(path)) for plugin, path in _answers(manager, registry, "gklint_templates")]
    if not files:
        return
    # Which formats each file restates, to note a plugin's file that rewrites one defined
    # before it (by rules.toml or by an earlier plugin's file); a plugin with no template
    # files costs nothing here.
    from gklint.formats.template import default_rules_path
    from gklint.formats.toml_cache import read_toml

    owners = {format_id: BUILTIN_DISTRIBUTION for format_id in _format_ids(read_toml, str(default_rules_path()))}
    for plugin, path in files:
        provider = registry.provider(plugin)
        for format_id in _format_ids(read_toml, path):
            if format_id in owners:
                registry.notice("template-replaced", plugin=provider, file=path, shadowed=owners[format_id], key=format_id)
            owners[format_id] = provider.name
        registry.template_files.append(path)


def _format_ids(read_toml, path: str) -> list[str]:
    """The formats a template file defines or restates (none when it cannot be read: the
    template loader reports that with its own words)."""
    try:
        formats = read_toml(path).get("formats", {})
    except Exception:
        return []
    return list(formats) if isinstance(formats, dict) else []


_REGISTRY: Registry | None = None


def get_registry(lang: str = "zh", announce: bool = True) -> Registry:
    """The registry of this process, built on first use; its warnings and notices are
    printed then, once, in ``lang`` (the run's language: the command line knows it before
    anything asks for the registry) — unless ``announce`` is False (a run that printed them
    from its memo, ``gklint.cli.plan``)."""
    global _REGISTRY
    if _REGISTRY is None:
        _REGISTRY = build_registry()
        if announce:
            for line in _REGISTRY.stderr_lines(lang):
                print(line, file=sys.stderr)
    return _REGISTRY


def built_registry() -> Registry | None:
    """The registry of this process if it has been built (a long-lived process, a test)."""
    return _REGISTRY


def reset_registry() -> None:
    global _REGISTRY
    _REGISTRY = None
