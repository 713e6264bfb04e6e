"""Putting the blocks and page metadata together into one ``Extracted`` result.

HTML and plain text reach this point as the same kind of blocks, so the field
resolution (which byline, site name, date and origin win) is done once for both,
and every result leaves with a title, derived from the text when the page has none.
"""

from __future__ import annotations

import re
from dataclasses import replace

from lxml import html as lxml_html

from sources.errors import ExtractionError
from sources.extract.credits import _byline_credit, _origin, _site_name
from sources.extract.dates import _published
from sources.extract.raw_evidence import _add_raw_evidence, _raw_subtitle
from sources.extract.records import Extracted, Span, _PageMeta
from sources.republisher import (
    Block,
    build_body,
    dateline_day,
    parse_header,
    same_publisher,
    service_tag,
)


def _assemble(
    blocks: list[Block],
    meta: _PageMeta,
    url: str,
    *,
    raw_blocks: list[Block] | None = None,
    tree: lxml_html.HtmlElement | None = None,
) -> Extracted:
    header, body_blocks = parse_header(blocks, meta.title)
    body = build_body(body_blocks)
    if raw_blocks:
        _add_raw_evidence(header, body, raw_blocks, body_blocks)
        header.subtitle = header.subtitle or _raw_subtitle(raw_blocks, header.title or meta.title)
    # "Posted on … by NAME" names whoever posted it: the author only when nothing better.
    byline = header.byline or meta.byline or _articles_by(body.text) or header.posted_name
    site = _site_name(meta, header, byline, body.notes)
    if tag := service_tag(body.text, site):
        body.spans.append((*tag, "boilerplate"))
        body.spans.sort()
    published, source = _published(meta, header, site, url, tree)
    published_at = meta.published_at if source == "meta" else None
    notes = body.notes + _byline_credit(byline, raw_blocks or blocks, site, url)
    origin = _origin(header, notes, site, url, meta.canonical_url, byline)
    if origin.date is None and published and origin.evidence:
        # A wire dateline dates the agency's story by day and month alone.
        origin = replace(origin, date=dateline_day(origin.evidence[0], published))
    extracted = Extracted(
        text=body.text,
        title=header.title or meta.title,
        title_derived=False,
        subtitle=header.subtitle,
        byline=byline,
        published=published,
        published_source=source,
        published_at=published_at,
        site_name=site,
        canonical_url=meta.canonical_url,
        origin_name=origin.name,
        origin_url=origin.url,
        origin_date=origin.date,
        origin_evidence=origin.evidence,
        boilerplate=tuple(Span(*span) for span in body.spans),
        quotations=tuple(body.quotations),
        modified=meta.modified
        if meta.modified and published and meta.modified > published
        else None,
        language=meta.language,
        # A declared name the page also credits as its source is the original's, not its own.
        site_aliases=tuple(
            name for name in meta.site_aliases if not same_publisher(name, origin.name)
        )
        if site == meta.site_name
        else (),
    )
    return _with_title(extracted)


def _with_title(extracted: Extracted) -> Extracted:
    """Pages without a title (blog reposts) get the first sentence, marked as derived."""
    body = extracted.body_text()
    if not body:
        raise ExtractionError(
            "The document holds only boilerplate and header lines (share prompts, "
            "disclaimers, dates), no article text."
        )
    if extracted.title:
        return extracted
    sentence = re.split(r"(?<=[.!?])\s+", body.split("\n\n", 1)[0], maxsplit=1)[0]
    if len(sentence) > 120:
        sentence = sentence[:100].rsplit(" ", 1)[0] + "…"
    return replace(extracted, title=sentence.rstrip("."), title_derived=True)


_ARTICLES_BY = re.compile(r"^articles? by\s*:\s*(?P<name>[^\n]{1,100})$", re.I | re.M)


def _articles_by(text: str) -> str:
    match = _ARTICLES_BY.search(text)
    return match.group("name").strip() if match else ""
