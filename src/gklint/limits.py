"""Limits every stage shares (a leaf module: the command line reads them without the engine)."""

# Larger files are not read: each is reported as unreadable (GK000).
MAX_FILE_BYTES = 64 * 1024 * 1024
