"""Reading an upload (``multipart/form-data``, field ``file``) into the request's folder.

The body is streamed to disk as it arrives (python-multipart's push parser): memory holds
one chunk, whatever the size, and a body over the limit is refused as soon as it is seen to
be — from its ``Content-Length`` before anything is read, else when the count passes it.
"""

from __future__ import annotations

import os
import re
from typing import AsyncIterator, BinaryIO

from gklint.records import Record
from gklint.web.errors import WebError
from gklint.web.texts import size_text

FORM_ALLOWANCE = 64 * 1024  # the form's own bytes around the file (boundaries, headers, fields)
_UNSAFE = re.compile(r"[\x00-\x1f\x7f/\\:*?\"<>|]")


class Upload(Record):
    name: str  # the file's own name (no folders), made safe to write
    size: int


def safe_name(filename: str) -> str:
    """The last part of a client's file name, without characters no file system takes."""
    base = re.split(r"[/\\]", filename)[-1]
    base = _UNSAFE.sub("_", base).strip(" .")
    return base[:200] or "upload"


async def receive_upload(content_type: str, content_length: str | None, body: AsyncIterator[bytes],
                         folder: str, max_upload: int) -> Upload:
    """Save the form's ``file`` to ``folder``; WebError 413 past ``max_upload`` bytes, 400 for
    a body that is not such a form."""
    from python_multipart.multipart import MultipartParser, parse_options_header

    limit = size_text(max_upload)
    if content_length is not None and content_length.isdigit() and int(content_length) > max_upload + FORM_ALLOWANCE:
        raise WebError(413, "too_large", limit=limit)
    kind, parameters = parse_options_header(content_type)
    boundary = parameters.get(b"boundary")
    if kind != b"multipart/form-data" or not boundary:
        raise WebError(400, "bad_form", reason="Content-Type: multipart/form-data")
    state = _FormState(folder, max_upload)
    parser = MultipartParser(boundary, state.callbacks())
    received = 0
    try:
        async for chunk in body:
            received += len(chunk)
            if received > max_upload + FORM_ALLOWANCE:
                raise WebError(413, "too_large", limit=limit)
            parser.write(chunk)
            if state.too_large:
                raise WebError(413, "too_large", limit=limit)
        parser.finalize()
    except WebError:
        raise
    except Exception as error:  # python-multipart's parse errors
        raise WebError(400, "bad_form", reason=type(error).__name__) from None
    finally:
        state.close()
    if state.name is None:
        raise WebError(400, "no_file")
    return Upload(state.name, state.size)


class _FormState:
    """The push parser's callbacks: which part is being read, and the file's bytes to disk."""

    def __init__(self, folder: str, max_upload: int) -> None:
        self.folder = folder
        self.max_upload = max_upload
        self.headers: dict[bytes, bytes] = {}
        self.field = b""
        self.value = b""
        self.handle: BinaryIO | None = None
        self.name: str | None = None
        self.size = 0
        self.too_large = False
        self.writing = False

    def callbacks(self) -> dict:
        return {
            "on_part_begin": self.begin, "on_header_field": self.header_field, "on_header_value": self.header_value,
            "on_header_end": self.header_end, "on_headers_finished": self.headers_finished,
            "on_part_data": self.data, "on_part_end": self.end,
        }

    def begin(self) -> None:
        self.headers, self.field, self.value, self.writing = {}, b"", b"", False

    def header_field(self, data: bytes, start: int, end: int) -> None:
        self.field += data[start:end]

    def header_value(self, data: bytes, start: int, end: int) -> None:
        self.value += data[start:end]

    def header_end(self) -> None:
        self.headers[self.field.lower()] = self.value
        self.field, self.value = b"", b""

    def headers_finished(self) -> None:
        from python_multipart.multipart import parse_options_header

        _, parameters = parse_options_header(self.headers.get(b"content-disposition", b""))
        filename = parameters.get(b"filename")
        if parameters.get(b"name") != b"file" or filename is None or self.name is not None:
            return  # other fields, and any second file, are read past
        try:
            decoded = filename.decode("utf-8")
        except UnicodeDecodeError:
            decoded = filename.decode("gb18030", errors="replace")
        self.name = safe_name(decoded)
        self.handle = open(os.path.join(self.folder, self.name), "xb")
        self.writing = True

    def data(self, data: bytes, start: int, end: int) -> None:
        if not self.writing or self.handle is None:
            return
        self.size += end - start
        if self.size > self.max_upload:
            self.too_large = True
            self.writing = False
            return
        self.handle.write(data[start:end])

    def end(self) -> None:
        if self.writing and self.handle is not None:
            self.handle.close()
            self.writing = False

    def close(self) -> None:
        if self.handle is not None and not self.handle.closed:
            self.handle.close()
