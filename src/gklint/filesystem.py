"""What the file system says of a path, and a file's bytes, without ``pathlib`` (whose import costs start-up time:
the command looks for its config file on every run)."""

from __future__ import annotations

import errno
import os
import stat

# Errors that mean "no such file" to ``is_file``, as to pathlib's ``Path.is_file``.
_IGNORED_ERRNOS = (errno.ENOENT, errno.ENOTDIR, errno.EBADF, errno.ELOOP)


def is_file(path: str) -> bool:
    """``Path(path).is_file()`` without importing pathlib."""
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except OSError as error:
        if error.errno not in _IGNORED_ERRNOS and getattr(error, "winerror", None) not in (21, 123, 1921):
            raise
        return False
    except ValueError:
        return False


# Opening for reading: bytes as they are (Windows reads a descriptor as text unless told).
_READ_ONLY = os.O_RDONLY | getattr(os, "O_BINARY", 0)


def read_at_most(path: str, limit: int) -> tuple[bytes | None, int]:
    """The bytes of the file at ``path`` and its size, or None and its size when it holds more
    than ``limit`` bytes. Raises ``OSError`` when it cannot be read (a folder fails at the
    read, with the errno ``open`` gives).

    Read through the file's descriptor, with no file object: ``open`` asks the file's status
    once more (is it a folder?), and the object's ``read`` asks it again and where it stands
    before reading: eight system calls a file where five do, and 10,000 instructions more
    (callgrind). Its size is asked of the open file (no second look-up of the path). A file
    that grew meanwhile, or one whose size says nothing (a pipe), is read to its end, as a
    file object reads."""
    descriptor = os.open(path, _READ_ONLY)
    try:
        size = os.fstat(descriptor).st_size
        if size > limit:
            return None, size
        data = os.read(descriptor, size + 1)
        more = os.read(descriptor, max(size, 65536))
        if not more:
            return data, size
        chunks = [data, more]
        while more:
            more = os.read(descriptor, 65536)
            chunks.append(more)
        return b"".join(chunks), size
    finally:
        os.close(descriptor)
