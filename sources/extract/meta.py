"""What the HTML head (meta tags, JSON-LD, <title>, <link rel=canonical>) says about a page.

The head names the publisher, the author, the canonical address and the language in
machine-readable form, which is more reliable than guessing them from the text; this
module gathers it all into one ``_PageMeta`` record for the assembling step.
"""

from __future__ import annotations

import json
import re
from urllib.parse import urljoin

from lxml import html as lxml_html

from sources.extract.dates import _meta_modified, _meta_published
from sources.extract.records import _PageMeta
from sources.extract.titles import _best_title, _is_host, _site_in_title
from sources.republisher import clean_byline, publisher_from_url


def _page_meta(tree: lxml_html.HtmlElement, url: str, found: dict[str, str]) -> _PageMeta:
    tags, ld = _meta_tags(tree), _json_ld(tree)
    published, published_at = _meta_published(tree, tags, ld)
    fallback_site = _fallback_site(found.get("sitename", ""), url)
    page_title = _first_text(tree, "//title")
    fallback_site = _site_in_title(page_title, fallback_site)
    declared = (tags.get("og:site_name"), ld.get("publisher"), tags.get("application-name"))
    declared_names = list(dict.fromkeys(n.strip() for n in declared if n and n.strip()))
    site = declared_names[0] if declared_names else ""
    titles = (
        tags.get("og:title"),
        tags.get("twitter:title"),
        ld.get("headline"),
        _first_text(tree, "//h1"),
        page_title,
        found.get("title"),  # last: it guesses from any heading, even "Share this:"
    )
    return _PageMeta(
        title=_best_title(titles, site or fallback_site),
        site_name=site,
        # "AP News" in og:site_name, "The Associated Press" in JSON-LD: copies credit either.
        site_aliases=tuple(n for n in declared_names[1:] if n.casefold() != site.casefold()),
        byline=clean_byline(_meta_byline(tags, ld) or found.get("author", "")),
        published=published,
        published_at=published_at,
        modified=_meta_modified(tree, tags, ld),
        canonical_url=_canonical(tree, tags, url),
        language=_language(tree, tags),
        fallback_site=fallback_site,
    )


def _fallback_site(sitename: str, url: str) -> str:
    """trafilatura names the site after the canonical host when it knows no better; the
    page's own URL is the better host (a canonical link may point to the original)."""
    if sitename and not _is_host(sitename):
        return sitename
    return publisher_from_url(url) or sitename


def _meta_tags(tree: lxml_html.HtmlElement) -> dict[str, str]:
    tags: dict[str, str] = {}
    for el in tree.iter("meta"):
        key = (el.get("property") or el.get("name") or el.get("itemprop") or "").strip().lower()
        value = (el.get("content") or "").strip()
        if key and value:
            tags.setdefault(key, value)
    return tags


_LD_TYPES = re.compile(r"article|posting|report|webpage", re.I)


def _json_ld(tree: lxml_html.HtmlElement) -> dict[str, str]:
    """headline, datePublished, author and publisher of the first article in JSON-LD."""
    for script in tree.xpath('//script[@type="application/ld+json"]'):
        try:
            data = json.loads(script.text or "")
        except (ValueError, RecursionError):
            continue
        for item in _ld_items(data):
            if _LD_TYPES.search(str(item.get("@type", ""))):
                return _ld_fields(item)
    return {}


def _ld_items(data: object) -> list[dict]:
    items = data if isinstance(data, list) else [data]
    out: list[dict] = []
    for item in items:
        if isinstance(item, dict):
            out.append(item)
            graph = item.get("@graph")
            out += [g for g in graph if isinstance(g, dict)] if isinstance(graph, list) else []
    return out


def _ld_fields(item: dict) -> dict[str, str]:
    def name(value: object) -> str:
        if isinstance(value, list):
            value = value[0] if value else ""
        return str(value.get("name", "")) if isinstance(value, dict) else str(value or "")

    return {
        "headline": str(item.get("headline") or ""),
        "datePublished": str(item.get("datePublished") or ""),
        "dateModified": str(item.get("dateModified") or ""),
        "author": name(item.get("author")),
        "publisher": name(item.get("publisher")),
    }


def _meta_byline(tags: dict[str, str], ld: dict[str, str]) -> str:
    for value in (tags.get("author"), tags.get("article:author"), tags.get("dc.creator"),
                  tags.get("parsely-author"), ld.get("author")):  # fmt: skip
        if value and not value.startswith(("http://", "https://")):
            return value.strip()
    return ""


def _canonical(tree: lxml_html.HtmlElement, tags: dict[str, str], url: str) -> str:
    hrefs = [
        link.get("href", "")
        for link in tree.iter("link")
        if "canonical" in (link.get("rel") or "").lower().split()
    ]
    for href in [*hrefs, tags.get("og:url", "")]:
        absolute = urljoin(url, href.strip()) if href.strip() else ""
        if absolute.startswith(("http://", "https://")):
            return absolute
    return ""


def _language(tree: lxml_html.HtmlElement, tags: dict[str, str]) -> str:
    value = tree.get("lang") or tags.get("og:locale") or tags.get("content-language") or ""
    primary = re.split(r"[-_]", value.strip())[0].lower()
    return primary if re.fullmatch(r"[a-z]{2,3}", primary) else ""


def _first_text(tree: lxml_html.HtmlElement, xpath: str) -> str:
    found = tree.xpath(xpath)
    return " ".join(found[0].text_content().split()) if found else ""
