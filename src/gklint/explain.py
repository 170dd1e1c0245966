"""A rule's full explanation, as ``gklint explain CODE`` prints it and the editor server shows
it on hover: name, severity, whether it fixes, its plugin, its summary, its documented
sections (检查什么, 为什么, 示例, …) and its options with their defaults."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from gklint.registry import Registry


def rule_explanation(registry: Registry, code: str) -> str | None:
    """The explanation of the rule ``code`` (Markdown, lines ending in ``\\n``); None when
    no rule of ``registry`` has that code."""
    from gklint.formats.template import load_templates

    entry = registry.rules.get(code)
    if entry is None:
        return None
    rule = entry.rule_class
    lines = [
        f"{code} {rule.name}",
        f"严重级别 severity: {rule.severity}    可修复 fixable: {'是 yes' if rule.fixable else '否 no'}    插件 plugin: {entry.provider}",
        f"{rule.summary}（{rule.summary_en}）",
        "",
    ]
    # The docstring's first paragraph is the English summary, given just above.
    documentation = rule.documentation()
    body = documentation.split("\n\n", 1)[1] if "\n\n" in documentation else ""
    if body:
        lines.append(body)
    settings = load_templates([*registry.template_files]).settings(code)
    lines += options_lines(rule, settings)
    return "".join(line + "\n" for line in lines)


def options_lines(rule, settings: dict) -> list[str]:
    """The list of the rule's options: name, type, default (``rules.toml``'s value where it
    gives one), description; then any setting no option declares."""

    def shown(value) -> str:
        return json.dumps(value, ensure_ascii=False)

    lines: list[str] = []
    if rule.options:
        lines += ["", "选项 options:"]
        for option in rule.options:
            if option.name in settings:
                default = f"{shown(settings[option.name])}（rules.toml）"
            elif option.has_default:
                default = shown(option.default)
            else:
                default = "（无默认值 no default）"
            lines.append(f"  {option.name} ({option.type}) = {default}")
            description = option.description + (f" — {option.description_en}" if option.description_en else "")
            lines.append(f"      {description}")
    declared = {option.name for option in rule.options}
    undeclared = {key: value for key, value in settings.items() if key not in declared}
    if undeclared:
        lines += ["", "未声明的设置 undeclared settings（rules.toml）："]
        lines += [f"  {key} = {shown(value)}" for key, value in undeclared.items()]
    return lines
