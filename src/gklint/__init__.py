"""gklint — 政府信息公开工作年度报告检查工具.

The public API for plugin authors; internals may move, these names stay.
"""

__version__ = "0.1.0"

from gklint.hookspecs import hookimpl  # noqa: E402

__all__ = ["__version__", "hookimpl", "Rule", "RuleContext", "Finding", "Fix", "Edit", "Message", "Option", "Loader", "LoadError", "Reporter"]


def __getattr__(name):
    # Lazy re-exports keep `import gklint` (and so start-up) cheap.
    if name in ("Rule", "RuleContext"):
        from gklint.check import rule
        return getattr(rule, name)
    if name == "Message":
        from gklint.check.messages import Message
        return Message
    if name == "Option":
        from gklint.check.options import Option
        return Option
    if name in ("Finding", "Fix", "Edit"):
        from gklint.check import finding
        return getattr(finding, name)
    if name in ("Loader", "LoadError"):
        from gklint.read import loader
        return getattr(loader, name)
    if name == "Reporter":
        from gklint.report.reporter import Reporter
        return Reporter
    raise AttributeError(name)
