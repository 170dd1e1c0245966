"""The plugin module named by the entry point: it implements two of gklint's hooks,
``gklint_rules`` (a rule) and ``gklint_templates`` (a local variant of the format)."""

from __future__ import annotations

import os

import gklint


@gklint.hookimpl
def gklint_rules():
    # Import the rule module inside the hook, so that loading the plugin stays cheap.
    from gklint_plugin_example.rules import DraftMark

    return [DraftMark]


@gklint.hookimpl
def gklint_templates():
    # A path, not the data: gklint reads and merges the file only when it loads templates.
    return [os.path.join(os.path.dirname(os.path.abspath(__file__)), "templates", "qingshan.toml")]
