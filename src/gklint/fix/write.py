"""Writing a fixed file: only the bytes of the fixed spans change, and the write is atomic.

The new bytes replace the file by rename of a temporary file in the same folder, after
checking that the file did not change meanwhile; on any error the original stays as it was.
"""

from __future__ import annotations

import os
import stat
import tempfile

from gklint.errors import BilingualError
from gklint.system_errors import describe


class FixError(BilingualError):
    """The fixed file could not be written; the original is intact. The message says why
    (``message_en``: the same in English)."""


def write_atomic(path: str, data: bytes, expected: bytes) -> None:
    """Replace ``path`` by ``data`` if it still holds ``expected``; never half-write it.

    The new bytes go to a temporary file in the target's folder (a symbolic link is followed,
    so the link stays a link), are flushed to disk, get the original's permissions and then
    replace the target by an atomic rename. On any error the temporary file is removed and
    the original is left as it was.
    """
    path = os.path.realpath(path)
    try:
        with open(path, "rb") as handle:
            current = handle.read()
    except OSError as error:
        raise FixError(f"无法重新读取文件：{describe(error, 'zh')}", f"cannot read the file again: {describe(error, 'en')}") from None
    if current != expected:
        raise FixError("文件在检查期间被修改", "the file changed while it was checked")
    # No write bit at all is read-only too, also for root (for whom os.access always says yes).
    if not os.access(path, os.W_OK) or not os.stat(path).st_mode & 0o222:
        raise FixError("文件只读", "the file is read-only")
    folder = os.path.dirname(os.path.abspath(path))
    try:
        mode = stat.S_IMODE(os.stat(path).st_mode)
        descriptor, temporary = tempfile.mkstemp(prefix=".gklint-", suffix=".tmp", dir=folder)
    except OSError as error:
        raise FixError(f"无法在 {folder} 中创建临时文件：{describe(error, 'zh')}",
                       f"cannot create a temporary file in {folder}: {describe(error, 'en')}") from None
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except OSError as error:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        raise FixError(f"写入失败：{describe(error, 'zh')}", f"writing failed: {describe(error, 'en')}") from None
