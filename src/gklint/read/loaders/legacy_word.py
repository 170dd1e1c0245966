"""Legacy Word and WPS documents (``.doc``, ``.wps``): recognised, not read.

Word 97-2003 and WPS Office save into an OLE2 compound file (it starts with the signature
``D0 CF 11 E0 A1 B1 1A E1``), a format of its own that gklint does not parse. Rather than
"cannot detect the encoding, perhaps a binary file", such a file gets a GK000 that says what
it is and how to convert it to ``.docx``, which gklint reads.
"""

from __future__ import annotations

from gklint.read.blocks import RawDocument
from gklint.read.loader import Loader, LoadError

OLE2_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_CONVERT = "soffice --headless --convert-to docx"


class LegacyWordLoader(Loader):
    """Explains ``.doc``/``.wps`` files (and OLE2 files under any name) instead of reading them."""

    name = "legacy-word"
    suffixes = (".doc", ".wps")
    fixable = False

    def sniff(self, data: bytes) -> bool:
        return data.startswith(OLE2_SIGNATURE)

    def load(self, path: str, data: bytes) -> RawDocument:
        name = path.replace("\\", "/").rsplit("/", 1)[-1] or path
        if data.startswith(OLE2_SIGNATURE):
            raise LoadError(
                f"这是旧版 Word/WPS 文档（.doc/.wps，OLE2 复合文件格式），gklint 无法直接读取："
                f"请在 Word 或 WPS 中“另存为” .docx 格式，或运行 {_CONVERT} {name}，再检查生成的 .docx 文件",
                f"this is a legacy Word/WPS document (.doc/.wps, an OLE2 compound file) that gklint cannot read: "
                f"save it as .docx in Word or WPS (Save As), or run {_CONVERT} {name}, then lint the .docx",
            )
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
