"""The plugin module named by the entry point: it implements gklint's ``gklint_rules`` hook."""

from __future__ import annotations

import gklint


@gklint.hookimpl
def gklint_rules():
    # Import the rule module inside the hook, so that loading the plugin stays cheap.
    from gklint_plugin_example.rules import DraftMark

    return [DraftMark]
