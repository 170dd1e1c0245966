"""Unpacking an uploaded zip of reports into the request's private folder, safely.

Refused before anything is written: an entry with an absolute path, a drive or ``..`` in it
(it would land outside the folder), more files than ``max_files``, sizes that announce more
than ``max_unpacked`` bytes, an encrypted entry. The announced sizes can lie (a zip bomb), so
the bytes actually unpacked are counted too, and unpacking stops at the limit.
"""

from __future__ import annotations

import os
import zipfile
from typing import Iterable

from gklint.web.errors import WebError
from gklint.web.limits import WebLimits
from gklint.web.texts import size_text

_UTF8_FLAG = 0x800
_CHUNK = 1024 * 1024


def unpack_zip(archive: str, folder: str, suffixes: Iterable[str], limits: WebLimits) -> list[str]:
    """Unpack the reports of ``archive`` (those whose name ends in one of ``suffixes``) into
    ``folder``; their paths relative to it, in the archive's order."""
    wanted = tuple(suffix.lower() for suffix in suffixes)
    try:
        with zipfile.ZipFile(archive) as package:
            entries = [(entry, _name(entry)) for entry in package.infolist() if not entry.is_dir()]
            for entry, name in entries:
                if not _safe(name):
                    raise WebError(400, "zip_unsafe_path", entry=name)
            if len(entries) > limits.max_files:
                raise WebError(413, "zip_too_many", limit=limits.max_files)
            if sum(entry.file_size for entry, _ in entries) > limits.max_unpacked:
                raise WebError(413, "zip_too_large", limit=size_text(limits.max_unpacked))
            written: list[str] = []
            budget = limits.max_unpacked
            for entry, name in entries:
                if not name.lower().endswith(wanted) or _hidden(name):
                    continue
                if entry.flag_bits & 0x1:
                    raise WebError(400, "zip_encrypted", entry=name)
                target = os.path.join(folder, *name.split("/"))
                os.makedirs(os.path.dirname(target), exist_ok=True)
                with package.open(entry) as source, open(target, "xb") as sink:
                    while chunk := source.read(min(_CHUNK, budget + 1)):
                        budget -= len(chunk)
                        if budget < 0:
                            raise WebError(413, "zip_too_large", limit=size_text(limits.max_unpacked))
                        sink.write(chunk)
                written.append(name)
            return written
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError) as error:
        raise WebError(400, "zip_broken", reason=str(error) or type(error).__name__) from None
    except FileExistsError as error:  # two entries of one name (a.txt and A/../a.txt are refused above)
        raise WebError(400, "zip_unsafe_path", entry=os.path.relpath(error.filename or "", folder)) from None


def _name(entry: zipfile.ZipInfo) -> str:
    """The entry's name; zips made on Chinese Windows write GBK names without the UTF-8 flag,
    which zipfile reads as code page 437."""
    name = entry.filename
    if not entry.flag_bits & _UTF8_FLAG:
        try:
            name = name.encode("cp437").decode("gbk")
        except (UnicodeEncodeError, UnicodeDecodeError):
            pass
    return name.replace("\\", "/")


def _safe(name: str) -> bool:
    """A relative path: no leading slash, no drive (``C:``), no ``..`` and no empty part."""
    if not name or name.startswith("/") or (len(name) > 1 and name[1] == ":") or "\0" in name:
        return False
    return all(part not in ("", "..") for part in name.split("/"))


def _hidden(name: str) -> bool:
    """macOS's resource forks (``__MACOSX/``, ``._x.docx``) and other hidden files are not reports."""
    return any(part.startswith((".", "__MACOSX")) for part in name.split("/"))
