"""Which files a run lints: the files named, and the files with a supported ending under the
folders named, in sorted order."""

from __future__ import annotations

import os
from typing import Iterator, Sequence


def discover(paths: Sequence[str], suffixes: tuple[str, ...]) -> Iterator[str]:
    """Files named, and files with a supported ending under folders named, in sorted order."""
    for path in paths:
        if path == "-" or not os.path.isdir(path):
            yield path
            continue
        for folder, subfolders, files in os.walk(path):
            subfolders[:] = sorted(name for name in subfolders if not name.startswith("."))
            for name in sorted(files):
                if name.lower().endswith(suffixes) and not name.startswith((".", "~$")):
                    yield os.path.join(folder, name)
