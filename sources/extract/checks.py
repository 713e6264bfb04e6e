"""Deciding what kind of document arrived, and refusing the ones that hold no article.

Uploads and fetches come with unreliable content types (saved pages served as
text/plain, PDFs, binary junk), so the choice between HTML and plain text is made here
from the type and the content, and the errors people see for an unusable document say
what to do instead.
"""

from __future__ import annotations

import re

from sources.errors import ExtractionError

_HTML_TYPES = {"text/html", "application/xhtml+xml", "application/xml", "text/xml"}
_UNSUPPORTED_TYPES = ("image/", "audio/", "video/", "font/", "application/pdf", "application/zip")
_HTML_START = re.compile(
    r"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html)\b", re.I | re.S
)
_HTML_TAGS = re.compile(r"<(?:html|head|body|p|div|article|meta|title|br)\b[^>]*>", re.I)


def _parse_content_type(content_type: str) -> tuple[str, str | None]:
    mime, _, params = content_type.partition(";")
    match = re.search(r"charset\s*=\s*[\"']?([\w.:-]+)", params, re.I)
    return mime.strip().lower(), match.group(1) if match else None


def _starts_like_html(text: str) -> bool:
    return bool(_HTML_START.match(text[:2000]))


def _looks_like_html(text: str) -> bool:
    return _starts_like_html(text) or len(_HTML_TAGS.findall(text[:5000])) >= 2


def _check_text(text: str) -> None:
    if not text or not text.strip():
        raise ExtractionError(
            "The document is empty. Check that the page was saved or fetched completely."
        )
    if "\x00" in text[:4096]:
        raise ExtractionError(
            "The document contains NUL characters: it is binary data, not text or HTML. "
            "Upload the article's HTML page or paste its text."
        )


def _no_text_error(html: bool = False) -> ExtractionError:
    hint = (
        " If the article is loaded by JavaScript, save the page after it has rendered, "
        "or paste the article's text instead."
        if html
        else ""
    )
    return ExtractionError(f"No article text was found in the document.{hint}")
