"""Stage 2, parse: a ``RawDocument`` → the report tree (sections, headings, paragraphs, tables,
rows and cells matched to the canonical format), each node with its source span."""
