"""Article text and metadata from a page, with the republisher's own lines kept apart.

This is the first step of the pipeline and the only one that sees raw pages. What it
returns decides what gets fingerprinted (``Extracted.body_text``) and what evidence the
linker has about who copied whom (``origin_*``). So it errs on the side of keeping text:
boilerplate and attribution notes stay in ``text`` and are marked with spans, instead of
being dropped, so that people can always see what the machine set aside and why.

Plain functions on plain data: no ORM, no network. HTML goes through trafilatura for the
main text, but trafilatura drops footers ("The original source of this article is…") and
page headers, which are exactly the republication evidence; so the raw page is read too.
"""

from __future__ import annotations

from lxml import html as lxml_html

from sources.decode import decode_bytes
from sources.errors import ExtractionError
from sources.extract.assemble import _assemble
from sources.extract.blocks import _html_blocks
from sources.extract.checks import (
    _HTML_TYPES,
    _UNSUPPORTED_TYPES,
    _check_text,
    _looks_like_html,
    _no_text_error,
    _parse_content_type,
    _starts_like_html,
)
from sources.extract.credits import _starts_with_byline as _starts_with_byline
from sources.extract.embedded import _restore_embedded_body
from sources.extract.layout import (
    _drop_appeals,
    _drop_captions,
    _drop_citation_boxes,
    _drop_story_lists,
    _parse_html,
    _unwrap_layout_tables,
)
from sources.extract.main_text import _mark_quoted, _restore_dropped, _run_trafilatura
from sources.extract.meta import _page_meta
from sources.extract.plaintext import _text_blocks
from sources.extract.records import Extracted, Span, _PageMeta
from sources.extract.titles import _clean_title as _clean_title
from sources.extract.titles import _site_in_title as _site_in_title
from sources.republisher import publisher_from_url

__all__ = [
    "Extracted",
    "Span",
    "decode_bytes",
    "extract_document",
    "extract_html",
    "extract_text",
]


def extract_document(
    data: bytes | str,
    *,
    content_type: str = "",
    url: str = "",
    declared_charset: str | None = None,
) -> Extracted:
    """Extract any supported document, choosing HTML or plain text by type and content."""
    mime, charset = _parse_content_type(content_type)
    if mime.startswith(_UNSUPPORTED_TYPES):
        raise ExtractionError(
            f"Content type {mime!r} is not supported: upload the article as an HTML page "
            "or as plain text."
        )
    text = data if isinstance(data, str) else decode_bytes(data, declared_charset or charset)
    if mime in _HTML_TYPES or (mime != "text/plain" and _looks_like_html(text)):
        return extract_html(text, url=url)
    if mime == "text/plain" and _starts_like_html(text):
        return extract_html(text, url=url)  # servers send saved pages as text/plain
    return extract_text(text, url=url)


def extract_text(text: str, *, url: str = "") -> Extracted:
    """Extract a plain-text page (a saved article, markdown-ish links allowed)."""
    _check_text(text)
    blocks = _text_blocks(text)
    if not blocks:
        raise _no_text_error()
    return _assemble(blocks, _PageMeta(fallback_site=publisher_from_url(url)), url)


def extract_html(html: str, *, url: str = "") -> Extracted:
    """Extract an HTML page: trafilatura for the main text, the raw page for evidence."""
    _check_text(html)
    tree = _parse_html(html)
    changed = _unwrap_layout_tables(tree) | _restore_embedded_body(tree)
    changed |= _drop_story_lists(tree) | _drop_captions(tree) | _drop_appeals(tree)
    changed |= _drop_citation_boxes(tree)
    if changed:
        html = lxml_html.tostring(tree, encoding="unicode")
    blocks, found = _run_trafilatura(html, url)
    meta = _page_meta(tree, url, found)
    raw_blocks = _html_blocks(tree, url)
    blocks = _restore_dropped(blocks, raw_blocks) or [b for b in raw_blocks if not b.chrome]
    blocks = _mark_quoted(blocks, raw_blocks)
    if not blocks:
        raise _no_text_error(html=True)
    return _assemble(blocks, meta, url, raw_blocks=raw_blocks, tree=tree)
