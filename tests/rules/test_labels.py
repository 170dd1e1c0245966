"""GK2 — labels: what the case files (``cases/GK20*.toml``) cannot say."""

from __future__ import annotations


def test_gk205_and_gk204_do_not_need_a_template():
    from gklint.check.rules.labels import LegacyFormat, TemplateVersion

    assert LegacyFormat.needs_format is False and TemplateVersion.needs_format is False
