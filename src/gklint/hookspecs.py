"""The hooks gklint calls: the whole contract between the core and its plugins.

Built-in rules, loaders and reporters are registered through these very hooks, so every run
exercises the plugin API. A plugin is a module or object with functions decorated by
``gklint.hookimpl`` and named like the specifications below, installed under the entry-point
group ``gklint``::

    [project.entry-points.gklint]
    my_rules = "my_package.plugin"

Calling. Every hook takes no arguments and returns a list. The core calls each plugin's
implementation through pluggy's hook caller, one plugin at a time: a plugin whose hook raises
is named in one warning on stderr and skipped, and the other plugins' answers stand.

Precedence, one rule for every kind of item. Plugins are registered in this order: the
built-in plugins (``gklint``), then the installed plugins (entry points, sorted by the name
of their distribution, then by entry-point name), then plugins handed over in code. When two
registrations provide the same thing, **the later registration wins**, and the core prints one
notice on stderr for each replacement (``gklint: 提示：插件 X 的规则 GK101 替换了 gklint 的同名规则``).
"The same thing" is: a rule code; a file name suffix of a loader; a reporter's ``--format``
name; a format (``[formats.ID]``) of a template file, which a later file rewrites item by
item. Within one plugin's answer the same rule holds: a later item wins over an earlier one.
``tryfirst``/``trylast`` on an implementation move it as pluggy orders implementations: a
``tryfirst`` plugin counts as registered last.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pluggy

if TYPE_CHECKING:  # pragma: no cover
    from gklint.read.loader import Loader
    from gklint.report.reporter import Reporter
    from gklint.check.rule import Rule

PROJECT = "gklint"
hookspec = pluggy.HookspecMarker(PROJECT)
hookimpl = pluggy.HookimplMarker(PROJECT)


# ── rules ────────────────────────────────────────────────────────────────────────────────
@hookspec
def gklint_rules() -> "list[type[Rule]]":
    """Return the rule classes this plugin provides.

    What for: the checks a run may select. Each class subclasses ``gklint.Rule`` and sets
    ``code`` (``GK`` + three digits for built-in rules; plugins should use their own prefix,
    e.g. ``XJ101``), ``name`` (kebab-case), ``severity`` (``error``, ``warning`` or
    ``info``), ``fixable``, ``summary`` and a docstring with the sections ``gklint explain``
    prints. Import rule modules inside this function, not at the plugin's import time, to keep
    start-up fast.

    Returns: a list of rule classes (not instances); ``None`` or an empty list for none.
    A class without a ``code`` is skipped with a warning.

    Precedence: rules are keyed by ``code``. A rule whose code an earlier registration
    already provides replaces that rule (``gklint rules`` then names the plugin's
    distribution), with one notice on stderr. This is how a plugin replaces a built-in rule.
    """


# ── input ────────────────────────────────────────────────────────────────────────────────
@hookspec
def gklint_loaders() -> "list[Loader]":
    """Return loader instances that read input files into a ``RawDocument``.

    What for: the input formats gklint can read. A loader subclasses ``gklint.Loader`` and
    declares what it is — ``suffixes`` (``.html``), ``fixable``, ``markup`` (what markup its
    text carries) and ``escape_replacement`` (how it writes the text of a fix) — and the core
    works from these declarations alone, never from the loader's ``name``. It may ``sniff``
    the bytes of files whose names no loader claims (and of stdin). It must not import heavy
    libraries at import time: do that inside ``load``, or register it with
    ``gklint.lazy_loader("package.module:ClassName", name=..., suffixes=...)``, which imports
    its module only when a file needs it (the built-in loaders are registered so).

    Returns: a list of loader instances (or lazy registrations); ``None`` or an empty list
    for none. A loader raises ``gklint.LoadError`` for a file it cannot read; the file then
    gets the GK000 finding, as for the built-in loaders.

    Precedence: a file goes to the latest registered loader that claims its suffix, else to
    the latest whose ``sniff`` accepts it. A loader that claims a suffix an earlier loader
    claims replaces it for that suffix (the earlier one keeps its other suffixes), with one
    notice on stderr per replaced loader.
    """


@hookspec
def gklint_templates() -> "list[str]":
    """Return paths of extra TOML template files to merge over ``rules.toml``.

    What for: a province's local variant of the format, or a new revision, shipped as a
    plugin. The files use the schema of ``rules.toml``.

    Returns: a list of paths (``str`` or ``pathlib.Path``); ``None`` or an empty list for none.

    Precedence: ``rules.toml`` first, then the plugins' files in registration order, then the
    files named in the user's config; a later file overrides an earlier one item by item (by
    ``key``). A plugin's file that restates a format defined before it (``[formats.2021]``)
    is noted once on stderr for each such format.
    """


# ── output ───────────────────────────────────────────────────────────────────────────────
@hookspec
def gklint_reporters() -> "list[type[Reporter]]":
    """Return reporter classes, each with a ``name`` used by ``--format NAME``.

    What for: the output formats. A reporter subclasses ``gklint.Reporter``; it is constructed
    with the output stream and the report options and receives results file by file
    (``file``), then ``finish``. Register one with ``gklint.lazy_reporter("package.module:
    ClassName", name=...)`` to import its module only when its format is chosen.

    Returns: a list of reporter classes (or lazy registrations); ``None`` or an empty list
    for none.

    Precedence: reporters are keyed by ``name``. A reporter whose name an earlier registration
    already provides replaces it (so a plugin can replace ``text``), with one notice on stderr.
    """
