"""What the file system says of a path, without ``pathlib`` (whose import costs start-up time:
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
