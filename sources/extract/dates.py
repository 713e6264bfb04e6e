"""When the page was published, from the best source that gives it.

The published day orders copies against their sources, so each candidate source is
tried in order of trust (metadata, the page's own header lines, the URL, then
htmldate's heuristics), and the source used is recorded with the date.
"""

from __future__ import annotations

import datetime
import re
from urllib.parse import urlsplit

import htmldate
from lxml import html as lxml_html

from sources.extract.records import _PageMeta
from sources.republisher import Header, parse_date, parse_timestamp, same_publisher


def _published(
    meta: _PageMeta,
    header: Header,
    site: str,
    url: str,
    tree: lxml_html.HtmlElement | None,
) -> tuple[datetime.date | None, str]:
    if meta.published:
        return meta.published, "meta"
    site_dates = [d for name, d, _b in header.dated if site and same_publisher(name, site)]
    for candidate in (header.posted_date, *site_dates, *header.dates):
        if candidate:
            return candidate, "header"
    if day := _date_from_url(url):
        return day, "url"
    if tree is not None and (day := _htmldate(tree, url)):
        return day, "htmldate"
    return None, ""


_URL_DATE = re.compile(r"/((?:19|20)\d\d)[/-]([01]?\d)[/-]([0-3]?\d)(?:/|[-_]|$)")


def _date_from_url(url: str) -> datetime.date | None:
    match = _URL_DATE.search(urlsplit(url).path) if url else None
    if not match:
        return None
    try:
        return datetime.date(*(int(g) for g in match.groups()))
    except ValueError:
        return None


def _htmldate(tree: lxml_html.HtmlElement, url: str) -> datetime.date | None:
    try:
        found = htmldate.find_date(
            tree, url=url or None, extensive_search=False, original_date=True
        )
    except Exception:  # htmldate is a heuristic; never let it sink an extraction
        return None
    return parse_date(found) if found else None


_DATE_KEYS = (
    "article:published_time", "og:published_time", "article:published", "published_time",
    "datepublished", "pubdate", "publishdate", "publish-date", "dc.date.issued", "dc.date",
    "dcterms.created", "dcterms.issued", "sailthru.date", "parsely-pub-date", "date",
)  # fmt: skip


_MODIFIED_KEYS = (
    "article:modified_time", "og:updated_time", "article:modified", "modified_time",
    "datemodified", "last-modified", "dcterms.modified", "parsely-updated",
)  # fmt: skip


def _meta_modified(
    tree: lxml_html.HtmlElement, tags: dict[str, str], ld: dict[str, str]
) -> datetime.date | None:
    """The day the page's metadata says it was last updated."""
    values = [tags[k] for k in _MODIFIED_KEYS if k in tags] + [ld.get("dateModified", "")]
    for el in tree.xpath('//*[@itemprop="dateModified"][not(self::meta)]')[:3]:
        values.append(el.get("datetime") or el.get("content") or el.text_content())
    return next((day for value in values if value and (day := parse_date(value))), None)


def _meta_published(
    tree: lxml_html.HtmlElement, tags: dict[str, str], ld: dict[str, str]
) -> tuple[datetime.date | None, datetime.datetime | None]:
    """The published day, and the moment when the same value gives a time and offset."""
    values = [tags[k] for k in _DATE_KEYS if k in tags] + [ld.get("datePublished", "")]
    for el in tree.xpath('//*[@itemprop="datePublished"][not(self::meta)]')[:3]:
        values.append(el.get("datetime") or el.get("content") or el.text_content())
    for value in values:
        if value and (day := parse_date(value)):
            moment = parse_timestamp(value)
            return day, moment if moment and moment.date() == day else None
    return None, None
