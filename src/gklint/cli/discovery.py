"""Which files a run lints: the files named, and the files with a supported ending under the
folders named, in sorted order, as ruff finds them.

A folder search leaves out what ``.gitignore`` files ignore (those in the searched folders,
and those above the folder named, up to the git repository's top) and what the exclude
patterns match: by default hidden entries, ``.venv``, ``venv``, ``node_modules``, ``build``,
``dist`` and ``site-packages``. Patterns are gitignore-style (``pathspec``), matched against
paths relative to the folder named; a pattern that is a plain name matches that name at any
depth. Files named on the command line are linted whatever the patterns say, unless
``force_exclude``. Files are yielded as they are found: a run starts on the first ones while
the search goes on.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence

from gklint.records import Record

DEFAULT_EXCLUDE = (".*", ".venv", "venv", "node_modules", "build", "dist", "site-packages")
_GLOB_CHARACTERS = frozenset("*?[]!/\\")


class Excludes(Record):
    """What a folder search leaves out.

    ``patterns``: gitignore-style patterns; ``force``: apply them to files named on the
    command line too; ``gitignore``: honour ``.gitignore`` files; ``paths``: files never to
    lint (real paths), such as the ``-o`` output.
    """

    patterns: tuple[str, ...]
    force: bool
    gitignore: bool
    paths: frozenset[str]

    def __init__(self, patterns: Sequence[str] = DEFAULT_EXCLUDE, force: bool = False, gitignore: bool = True,
                 paths: Sequence[str] = ()) -> None:
        self.patterns = tuple(patterns)
        self.force = force
        self.gitignore = gitignore
        self.paths = frozenset(paths)


class _Patterns:
    """Exclude patterns: plain names compared as strings, the others through ``pathspec``
    (imported only when there are such patterns)."""

    def __init__(self, patterns: Sequence[str]) -> None:
        self.names = frozenset(pattern for pattern in patterns if not _GLOB_CHARACTERS & set(pattern))
        self.hidden = ".*" in patterns
        rest = [pattern for pattern in patterns if pattern not in self.names and pattern != ".*"]
        self.spec = _spec(rest) if rest else None

    def match(self, relative: str, name: str, is_folder: bool) -> bool:
        if name in self.names or (self.hidden and name.startswith(".")):
            return True
        return self.spec is not None and self.spec.match_file(relative + "/" if is_folder else relative)

    def match_path(self, path: str) -> bool:
        """Whether any part of ``path`` (relative to the current folder when inside it) matches."""
        relative = os.path.relpath(path)
        if relative.startswith(".."):
            relative = os.path.abspath(path)
        parts = [part for part in relative.replace(os.sep, "/").split("/") if part not in ("", ".", "..")]
        for depth, name in enumerate(parts):
            if self.match("/".join(parts[: depth + 1]), name, depth < len(parts) - 1):
                return True
        return False


def _spec(lines: Sequence[str]):
    import pathspec  # not at start-up: most runs have no .gitignore and no glob pattern

    return pathspec.GitIgnoreSpec.from_lines(lines)


class _GitIgnores:
    """The ``.gitignore`` files that apply under one folder named on the command line."""

    def __init__(self, root: str) -> None:
        self.specs: list[tuple[str, object]] = []  # (folder, spec), outermost first
        absolute = os.path.abspath(root)
        above: list[str] = []
        folder = os.path.dirname(absolute)
        # Only inside a git repository do the .gitignore files above the root count.
        if not os.path.exists(os.path.join(absolute, ".git")):
            while True:
                above.append(folder)
                if os.path.exists(os.path.join(folder, ".git")):
                    break
                parent = os.path.dirname(folder)
                if parent == folder:
                    above = []
                    break
                folder = parent
        for folder in reversed(above):
            self.add(folder)

    def add(self, folder: str) -> None:
        path = os.path.join(folder, ".gitignore")
        try:
            with open(path, encoding="utf-8", errors="replace") as handle:
                lines = handle.read().splitlines()
        except OSError:
            return
        self.specs.append((os.path.abspath(folder), _spec(lines)))

    def ignored(self, path: str, is_folder: bool) -> bool:
        absolute = os.path.abspath(path)
        for folder, spec in reversed(self.specs):
            if not absolute.startswith(folder + os.sep):
                continue
            relative = os.path.relpath(absolute, folder).replace(os.sep, "/")
            if spec.match_file(relative + "/" if is_folder else relative):
                return True
        return False


def discover(paths: Sequence[str], suffixes: tuple[str, ...], excludes: Excludes | None = None) -> Iterator[str]:
    """Files named, and files with a supported ending under folders named, in sorted order."""
    excludes = excludes or Excludes()
    patterns = _Patterns(excludes.patterns)
    for path in paths:
        if path == "-":
            yield path
            continue
        if not os.path.isdir(path):
            if excludes.force and patterns.match_path(path):
                continue
            yield path
            continue
        yield from _search(path, suffixes, patterns, excludes)


def _search(root: str, suffixes: tuple[str, ...], patterns: _Patterns, excludes: Excludes) -> Iterator[str]:
    gitignores = _GitIgnores(root) if excludes.gitignore else None
    # A file is one of ``excludes.paths`` (real paths: the -o report is among them on every
    # run that writes one) only if it has the same inode and real path. A file that is no
    # symbolic link ends its real path with its own name: only a link, or a file named as an
    # excluded path ends, is looked up (one ``stat``), where a ``stat`` per file was.
    never = {_inode(path) for path in excludes.paths} - {None}
    never_names = {os.path.basename(path) for path in excludes.paths}
    for folder, subfolders, files, links in _walk(root):
        relative_folder = os.path.relpath(folder, root)
        prefix = "" if relative_folder == "." else relative_folder.replace(os.sep, "/") + "/"
        if gitignores is not None and ".gitignore" in files:
            gitignores.add(folder)
        kept = []
        for name in sorted(subfolders):
            if patterns.match(prefix + name, name, True):
                continue
            if gitignores is not None and gitignores.specs and gitignores.ignored(os.path.join(folder, name), True):
                continue
            kept.append(name)
        subfolders[:] = kept
        for name in sorted(files):
            if not name.lower().endswith(suffixes) or name.startswith("~$"):
                continue
            if patterns.match(prefix + name, name, False):
                continue
            path = os.path.join(folder, name)
            if gitignores is not None and gitignores.specs and gitignores.ignored(path, False):
                continue
            if (never and (name in never_names or name in links) and _inode(path) in never
                    and os.path.realpath(path) in excludes.paths):
                continue
            yield path


def _walk(top: str) -> Iterator[tuple[str, list[str], list[str], set[str]]]:
    """``os.walk(top)`` (top-down, links to folders not followed, unreadable folders left
    out), each folder with the names of its files that are symbolic links too: its entries
    know that without a ``stat`` per file, and ``os.walk`` does not pass them on."""
    subfolders: list[str] = []
    files: list[str] = []
    links: set[str] = set()
    try:
        with os.scandir(top) as entries:
            for entry in entries:
                try:
                    is_folder = entry.is_dir()
                except OSError:
                    is_folder = False
                if is_folder:
                    subfolders.append(entry.name)
                    continue
                files.append(entry.name)
                try:
                    is_link = entry.is_symlink()
                except OSError:
                    is_link = True  # (unknown: the file is looked at as a link would be)
                if is_link:
                    links.add(entry.name)
    except OSError:
        return
    yield top, subfolders, files, links
    # (The caller may have left some subfolders out, as with os.walk.)
    for name in subfolders:
        path = os.path.join(top, name)
        if not os.path.islink(path):
            yield from _walk(path)


def _inode(path: str) -> tuple[int, int] | None:
    """(device, inode) of the file at ``path`` (through links); None when there is none."""
    try:
        status = os.stat(path)
    except (OSError, ValueError):
        return None
    return (status.st_dev, status.st_ino)
