"""The HTML of ``gklint web``: the upload page, and the review page with its downloads.

The result page is the review page of ``--format html`` (``gklint.report.review``) as the
runner wrote it, with two additions put in where its template's head ends (before any report
text): this service's styles and the bar of downloads. The downloads are
``data:`` links inside the page, so nothing is left on the server for a later request to
fetch. Templates are Jinja2 with autoescaping: every name and message from a report is
escaped.
"""

from __future__ import annotations

import base64
import hashlib
import re
from functools import lru_cache
from typing import Sequence

from markupsafe import Markup

from gklint.web.limits import WebLimits
from gklint.web.texts import size_text, text
from gklint.web.work import Download



@lru_cache(maxsize=1)
def stylesheet() -> str:
    """The service's own styles (upload page, download bar), written inline: the review page's
    own policy allows inline styles only, and the server's allows them by hash."""
    from importlib import resources

    return resources.files("gklint.web").joinpath("assets/web.css").read_text("utf-8")


def style_element() -> str:
    return f"<style>{stylesheet()}</style>\n"


@lru_cache(maxsize=1)
def _environment():
    import jinja2

    return jinja2.Environment(loader=jinja2.PackageLoader("gklint.web", "templates"), autoescape=True,
                              trim_blocks=True, lstrip_blocks=True, undefined=jinja2.StrictUndefined)


def upload_page(lang: str, limits: WebLimits, suffixes: Sequence[str], legacy: bool, error: str = "") -> str:
    """The page with the upload form (and ``error``, when a check could not be made)."""
    def t(key: str, **values: object) -> str:
        return text(key, lang, **values)

    limits_text = t("limits", upload=size_text(limits.max_upload), files=limits.max_files,
                    unpacked=size_text(limits.max_unpacked), timeout=f"{limits.timeout:g}")
    return _environment().get_template("upload.html.j2").render(
        t=t, lang=lang, style=Markup(style_element()), other="zh" if lang == "en" else "en", error=error,
        legacy=legacy, limits=limits_text, accept=",".join([*suffixes, ".zip"]))


def result_page(review: str, downloads: Sequence[Download], notes: Sequence[str], lang: str) -> str:
    """The review page with the service's style sheet and the bar of downloads."""
    def t(key: str, **values: object) -> str:
        return text(key, lang, **values)

    items = [{"key": item.key, "name": item.name, "media_type": item.media_type,
              "base64": base64.b64encode(item.data).decode("ascii"), "label": _label(item, lang)}
             for item in downloads]
    bar = _environment().get_template("downloads.html.j2").render(t=t, downloads=items, notes=notes, lang=lang)
    head_end = review.index("</head>")
    header_end = review.index("</header>", head_end) + len("</header>")
    return review[:head_end] + style_element() + review[head_end:header_end] + "\n" + bar + review[header_end:]


def _label(item: Download, lang: str) -> str:
    if item.key == "fixed":
        return text("fixed", lang, count=item.count)
    return text(item.key, lang)


@lru_cache(maxsize=1)
def inline_hashes() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The CSP sources of the review page's inline styles and scripts: hashes of what its
    template writes from gklint's own assets, taken from a page of no report (so that no
    report text can ever be among what is allowed)."""
    from gklint.report.review import review_html

    page = review_html([])

    def sources(pattern: str) -> tuple[str, ...]:
        return tuple(_hash(block) for block in re.findall(pattern, page, re.S))

    styles = sources(r"<style>(.*?)</style>") + (_hash(stylesheet()),)
    return styles, sources(r"<script>(.*?)</script>")


def _hash(block: str) -> str:
    return f"'sha256-{base64.b64encode(hashlib.sha256(block.encode()).digest()).decode()}'"


def content_security_policy() -> str:
    """No request at all but the form's to this server; inline only the review page's own style and script
    (by hash); no frames, no form sent elsewhere."""
    styles, scripts = inline_hashes()
    style_sources = " ".join(styles)
    script_sources = " ".join(scripts) or "'none'"
    return (f"default-src 'none'; style-src {style_sources}; script-src {script_sources}; img-src data:; "
            "form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
