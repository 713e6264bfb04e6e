"""Whether one article names another as its source: the strongest evidence of all.

An origin line, a link, a canonical link or a short credit line says outright where a
copy came from, but publishers are named in many forms (a domain, "The X", a typo'd
name) and a page's own copyright line must not count as a credit; matching names and
finding those lines is done here, for ordering, choosing and the evidence shown.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from urllib.parse import urlsplit

from rapidfuzz import fuzz

from provenance.compare import paragraph_key, paragraphs
from provenance.fingerprint import words
from provenance.parent.constants import (
    CREDIT_EDGE_LINES,
    CREDIT_MAX_WORDS,
    MENTION_MIN_CHARS,
    NAME_SIMILARITY,
)
from provenance.parent.facts import ArticleFacts

_SECOND_LEVEL = {"co", "com", "org", "net", "ac", "gov", "edu", "news"}


def _host_label(url_or_domain: str) -> str:
    """The distinctive label of a host: "www.globalresearch.ca" -> "globalresearch"."""
    value = url_or_domain.strip().casefold()
    host = urlsplit(value if "//" in value else f"//{value}").hostname or ""
    labels = [label for label in host.split(".") if label and label != "www"]
    if len(labels) > 1:
        labels = labels[:-1]  # the top-level domain
    if len(labels) > 1 and labels[-1] in _SECOND_LEVEL:
        labels = labels[:-1]  # bbc.co.uk
    return labels[-1].replace("-", "") if labels else ""


@lru_cache(maxsize=4096)
def _name_keys(name: str) -> frozenset[str]:
    """Compact forms of a publisher name or domain, with and without a leading "the"."""
    name = name.strip()
    if not name:
        return frozenset()
    if re.fullmatch(r"(https?://)?[\w.-]+\.[a-z]{2,}(/\S*)?", name, re.I):
        compact = _host_label(name)
    else:
        compact = "".join(word for word in words(name) if word.isalnum())
    keys = {compact}
    if compact.startswith("the") and len(compact) > 6:
        keys.add(compact[3:])
    return frozenset(key for key in keys if key)


def same_name(name: str, other: str) -> bool:
    """Whether two publisher names (or domains) denote the same publisher."""
    for key in _name_keys(name):
        for other_key in _name_keys(other):
            if key == other_key:
                return True
            if min(len(key), len(other_key)) >= 6 and fuzz.ratio(key, other_key) >= (
                NAME_SIMILARITY
            ):
                return True
    return False


def _publisher_names(facts: ArticleFacts) -> list[str]:
    names = [facts.publisher, *facts.publisher_aliases]
    if facts.url:
        names.append(_host_label(facts.url))
    return [name for name in names if name]


@lru_cache(maxsize=4096)
def _normal_url(url: str) -> str:
    parts = urlsplit(url.strip().casefold())
    host = (parts.hostname or "").removeprefix("www.")
    return f"{host}{parts.path.rstrip('/')}" + (f"?{parts.query}" if parts.query else "")


def one_article(a: ArticleFacts, b: ArticleFacts) -> bool:
    """Two URLs of one publisher's one article (its AMP or print version, whose canonical
    link is the other's address): another format of the page, not a copy of it."""
    if a.inferred or b.inferred or not same_name(a.publisher, b.publisher):
        return False
    return _canonical_is(a, b) or _canonical_is(b, a)


def _canonical_is(a: ArticleFacts, b: ArticleFacts) -> bool:
    return bool(a.canonical_url and b.url) and _normal_url(a.canonical_url) == _normal_url(b.url)


def names(a: ArticleFacts, b: ArticleFacts) -> str:
    """How ``a`` names ``b`` as its source, as an evidence string; "" when it does not."""
    b_urls = {_normal_url(u) for u in (b.url, b.canonical_url) if u}
    if a.origin_url and _normal_url(a.origin_url) in b_urls:
        return f"links to {a.origin_url} as its source"
    canonical = _normal_url(a.canonical_url) if a.canonical_url else ""
    own = _normal_url(a.url) if a.url else ""
    if canonical and canonical != own and canonical in b_urls:
        return f"its canonical link points to {a.canonical_url}"
    if _credits(a, b):
        return f"names {b.publisher or a.origin_name} as source"
    line = _mention(a, b)
    if line:
        return f"names {_display(b)} in the line “{line}”"
    return ""


def _credits(a: ArticleFacts, b: ArticleFacts) -> bool:
    """Whether ``a``'s origin name is ``b``'s publisher (and not ``a``'s own, as a
    copyright line on an original would be)."""
    if not a.origin_name or any(same_name(a.origin_name, n) for n in _publisher_names(a)):
        return False
    return any(same_name(a.origin_name, n) for n in _publisher_names(b))


def _mention(a: ArticleFacts, b: ArticleFacts) -> str:
    """A short line at the top or bottom of ``a`` (a byline, dateline or credit) that
    names ``b``'s publisher and not ``a``'s own: "Global Research, March 06, 2022"."""
    theirs = {key for name in _publisher_names(b) for key in _name_keys(name)}
    theirs = {key for key in theirs if len(key) >= MENTION_MIN_CHARS}
    ours = {key for name in _publisher_names(a) for key in _name_keys(name) if len(key) >= 3}
    if not theirs or theirs & ours:
        return ""
    for line, compact in (*_credit_lines(a.full_text), *_short_lines(a.credit_lines)):
        if any(key in compact for key in theirs) and not any(key in compact for key in ours):
            return line
    return ""


@lru_cache(maxsize=256)
def _credit_lines(text: str) -> tuple[tuple[str, str], ...]:
    """Short lines among the first and last paragraphs, with their compact forms."""
    paras = paragraphs(text)
    if len(paras) > 2 * CREDIT_EDGE_LINES:
        paras = paras[:CREDIT_EDGE_LINES] + paras[-CREDIT_EDGE_LINES:]
    return _short_lines(tuple(paras))


@lru_cache(maxsize=256)
def _short_lines(lines: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    """The lines short enough to be a byline, dateline or credit, with compact forms."""
    return tuple(
        (p, paragraph_key(p).replace(" ", "")) for p in lines if len(words(p)) <= CREDIT_MAX_WORDS
    )


def _names_any(paragraph: str, names_: Iterable[str]) -> bool:
    """Whether a paragraph names one of the publishers (compact, casefolded match)."""
    compact = paragraph_key(paragraph).replace(" ", "")
    keys = {key for name in names_ if name for key in _name_keys(name)}
    return any(len(key) >= MENTION_MIN_CHARS and key in compact for key in keys)


def _display(facts: ArticleFacts) -> str:
    return facts.publisher or _host_label(facts.url) or f"article {facts.id}"
