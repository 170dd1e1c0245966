"""The canonical formats as data: the model of ``rules.toml`` and of the template files that
plugins and users add (a province's variant, a new revision)."""
