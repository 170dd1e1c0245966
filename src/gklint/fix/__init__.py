"""Stage 4, fix: choose non-overlapping safe fixes, apply them through the file's loader in up to
a few passes, verify the written bytes, write atomically, or show them as a diff."""
