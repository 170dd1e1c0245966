"""The hooks gklint calls: the whole contract between the core and its plugins.

Built-in rules, loaders and reporters are registered through these very hooks, so every run
exercises the plugin API. A plugin is a module or object with functions decorated by
``gklint.hookimpl`` and named like the specifications below, installed under the entry-point
group ``gklint``::

    [project.entry-points.gklint]
    my_rules = "my_package.plugin"
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

    Each class subclasses ``gklint.Rule`` and sets ``code`` (unique, ``GK`` + three digits
    for built-in rules; plugins should use their own prefix, e.g. ``XJ101``), ``name``
    (kebab-case), ``severity`` (``error``, ``warning`` or ``info``), ``fixable``, ``summary``
    and a docstring with the sections ``gklint explain`` prints. Import rule modules inside
    this function, not at the plugin's import time, to keep start-up fast.

    Every plugin's answer is collected; a code defined twice is an error reported at start.
    """


# ── input ────────────────────────────────────────────────────────────────────────────────
@hookspec
def gklint_loaders() -> "list[Loader]":
    """Return loader instances that read input files into a ``RawDocument``.

    A loader declares ``suffixes`` (``.html``) and may ``sniff`` bytes of files with other
    names. It must not import heavy libraries at import time: do that inside ``load``. When
    two loaders claim a suffix, the one registered later (third-party plugins come after the
    built-in ones) wins, so a plugin can replace a built-in loader.
    """


@hookspec
def gklint_templates() -> "list[str]":
    """Return paths of extra TOML template files to merge over ``rules.toml``.

    Use this to ship a province's local variant of the format, or a new revision, as a
    plugin. The files use the schema of ``rules.toml``; a later file overrides an earlier
    one item by item (by ``key``). Files named in the user's config are merged after these.
    """


# ── output ───────────────────────────────────────────────────────────────────────────────
@hookspec
def gklint_reporters() -> "list[type[Reporter]]":
    """Return reporter classes, each with a unique ``name`` used by ``--format NAME``.

    A reporter is constructed with the output stream and the report options and receives
    results file by file (``file``), then ``finish``; see ``gklint.report.reporter.Reporter``.
    """
