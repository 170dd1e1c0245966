"""Stage 1, read: bytes → a ``RawDocument`` (decoded text, blocks of lines and table rows, and
an exact source span for every piece). Loaders for each input format live in ``loaders``."""
