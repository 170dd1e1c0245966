"""Stage 3, check: the rule base class, the engine that runs the selected rules over a report
tree, cross-file facts, and the built-in rules (one module per family, in ``rules``)."""
