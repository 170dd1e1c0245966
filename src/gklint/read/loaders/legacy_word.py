"""Legacy Word and WPS documents (``.doc``, ``.wps``), read through LibreOffice when it is there.

Word 97-2003 and WPS Office save into an OLE2 compound file (it starts with the signature
``D0 CF 11 E0 A1 B1 1A E1``), a format of its own that gklint does not parse. When LibreOffice
is installed (``gklint.read.libreoffice``), such a file is converted to a temporary ``.docx``
and read by the DOCX loader: the same blocks and logical places (``表格2 第5行 第3列``), the
findings of the same report. It is read only (``--fix`` does not write it back); ``--annotate``
writes its annotated copy as ``.docx``. Without LibreOffice, the file gets a GK000 that says
what it is and how to convert it to ``.docx``.
"""

from __future__ import annotations

import hashlib
import os

from gklint.read.blocks import RawDocument
from gklint.read.loader import Loader, LoadError

OLE2_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_CONVERT = "soffice --headless --convert-to docx"


class LegacyWordLoader(Loader):
    """Reads ``.doc``/``.wps`` files (and OLE2 files under any name) through LibreOffice, or
    explains how to convert them when LibreOffice is not installed."""

    name = "legacy-word"
    suffixes = (".doc", ".wps")
    fixable = False
    text_is_file = False  # the text is rendered from the converted document

    def __init__(self) -> None:
        # The last conversion (digest of the input, the .docx made of it): --annotate reads
        # the file again right after checking it, and a conversion takes seconds.
        self.last_conversion: tuple[bytes, bytes] | None = None
        # How LibreOffice is cut off the network here (found out once, on the first conversion).
        self.isolation: list[str] | None = None

    def sniff(self, data: bytes) -> bool:
        return data.startswith(OLE2_SIGNATURE)

    def load(self, path: str, data: bytes) -> RawDocument:
        name = path.replace("\\", "/").rsplit("/", 1)[-1] or path
        if data.startswith(OLE2_SIGNATURE):
            from gklint.read.loaders.docx import DocxLoader

            raw = DocxLoader().load(path, self.converted(data, name))
            raw.loader = self.name
            return raw
        if data.startswith(b"PK\x03\x04"):
            raise LoadError(
                f"文件名是 {name}，内容却是 .docx（ZIP）文件：请把扩展名改为 .docx 再检查",
                f"{name} holds a .docx (ZIP) file: rename it to .docx and lint it again",
            )
        if b"<html" in data[:2048].lower():
            raise LoadError(
                f"文件名是 {name}，内容却是网页（HTML）：请把扩展名改为 .html 再检查",
                f"{name} holds a web page (HTML): rename it to .html and lint it again",
            )
        raise LoadError(
            f"{name} 不是 Word 97-2003 或 WPS 文档（没有 OLE2 文件头），无法识别：请另存为 .docx 再检查",
            f"{name} is not a Word 97-2003 or WPS document (no OLE2 header): save it as .docx and lint that",
        )

    def converted(self, data: bytes, name: str) -> bytes:
        """The ``.docx`` LibreOffice makes of ``data``; a GK000 ``LoadError`` without LibreOffice."""
        from gklint.read.libreoffice import convert_to_docx, find_soffice, network_isolation

        digest = hashlib.sha256(data).digest()
        if self.last_conversion is not None and self.last_conversion[0] == digest:
            return self.last_conversion[1]
        soffice = find_soffice()
        if soffice is None:
            raise LoadError(
                f"这是旧版 Word/WPS 文档（.doc/.wps，OLE2 复合文件格式），需要 LibreOffice 才能读取，但没有找到 soffice："
                f"请安装 LibreOffice（见 README“旧版 .doc/.wps”一节），或在 Word 或 WPS 中“另存为” .docx 格式"
                f"（或在装有 LibreOffice 的电脑上运行 {_CONVERT} {name}），再检查生成的 .docx 文件",
                f"this is a legacy Word/WPS document (.doc/.wps, an OLE2 compound file); reading it needs LibreOffice, "
                f"and soffice was not found: install LibreOffice (see the README, “Legacy .doc/.wps”), or save it as .docx "
                f"in Word or WPS (Save As, or run {_CONVERT} {name} where LibreOffice is installed), then lint the .docx",
            )
        suffix = os.path.splitext(name)[1].lower() if os.path.splitext(name)[1].lower() in self.suffixes else ".doc"
        if self.isolation is None:
            self.isolation = network_isolation()
        converted = convert_to_docx(data, suffix, soffice, name, self.isolation)
        self.last_conversion = (digest, converted)
        return converted
