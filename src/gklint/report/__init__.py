"""Stage 5, report: the reporter base class and the built-in reporters (text, JSON, SARIF,
GitHub annotations)."""
