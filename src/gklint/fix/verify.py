"""Verifying a pass of fixes: the written bytes must read back as exactly the edited text."""

from __future__ import annotations

from typing import TYPE_CHECKING

from gklint.read.errors import LoadError
from gklint.read.loader import apply_text_edits

if TYPE_CHECKING:
    from gklint.check.engine import Linter


def verify(linter: Linter, loader, raw, edits, new_bytes: bytes, path: str) -> tuple[str | None, str]:
    """Read the written bytes back: the same encoding and BOM, and exactly the edited text
    (edits are over the source text; the loader writes their text as its
    ``escape_replacement`` says — escaped as HTML text for HTML). ``(None, new text)`` when
    all is well; otherwise the problem, in the run's language (``linter.config.lang``).

    With the check that the loader writes the unedited file back byte for byte, this proves
    that the bytes outside the fixed spans did not change.
    """
    english = linter.config.lang == "en"
    try:
        new_raw, _ = linter.load(path, new_bytes)
    except LoadError as error:
        if english:
            return f"the fixed file cannot be read: {error.message_en}", ""
        return f"修复后的文件无法读取：{error.message}", ""
    except Exception as error:
        if english:
            return f"the fixed file cannot be read: {type(error).__name__}", ""
        return f"修复后的文件无法读取：{type(error).__name__}", ""
    old_source, new_source = raw.source, new_raw.source
    if (new_source.encoding, new_source.bom) != (old_source.encoding, old_source.bom):
        if english:
            return f"the encoding changed from {old_source.encoding} to {new_source.encoding}", ""
        return f"编码由 {old_source.encoding} 变为 {new_source.encoding}", ""
    edits = [(start, end, loader.escape_replacement(text)) for start, end, text in edits]
    if new_source.text != apply_text_edits(old_source.text, edits):
        if english:
            return "the text written back is not the text expected", ""
        return "写回的文字与预期不一致", ""
    return None, new_source.text
