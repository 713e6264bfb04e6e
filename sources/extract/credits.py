"""Who the page says it is, and whom it credits as the original publisher.

The origin fields are the linker's strongest evidence, so they must never name the
site itself (its own copyright line, its own canonical link) or the author's own byline
line; the site's name, the credits in header lines and bylines, and the choice of the
strongest credit are worked out together here.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from sources.extract.records import _PageMeta
from sources.republisher import (
    Block,
    Header,
    OriginNote,
    fold,
    host_of,
    is_copyright_line,
    is_web,
    looks_like_name,
    publisher_from_url,
    same_publisher,
)


@dataclass(frozen=True)
class _Origin:
    name: str = ""
    url: str = ""
    date: datetime.date | None = None
    evidence: tuple[str, ...] = ()


def _explicit_names(notes: list[OriginNote]) -> list[str]:
    """Names in "originally published by X" statements (a copyright line may be the site's)."""
    return [n.name for n in notes if n.strength >= 4 and n.name]


def _site_name(meta: _PageMeta, header: Header, byline: str, notes: list[OriginNote]) -> str:
    """The publisher as the page names itself. A "Name, date" header line counts only when
    it does not name the original or the author (crossposts carry both)."""
    if meta.site_name or header.posted_name:
        return meta.site_name or header.posted_name
    others = _explicit_names(notes) + ([byline] if byline else [])
    for name, _date, _block in header.dated:
        if not any(same_publisher(name, other) for other in others):
            return name
    return meta.fallback_site


def _origin(
    header: Header, notes: list[OriginNote], site: str, url: str, canonical: str, byline: str
) -> _Origin:
    """The original publisher named by the strongest evidence that is not the site itself."""
    candidates = [
        OriginNote(block.text, name, _first_web(block.hrefs), date, 1)
        for name, date, block in header.dated
        if not _starts_with_byline(name, byline)
    ] + notes
    if canonical and url and host_of(canonical) and host_of(canonical) != host_of(url):
        line = f'<link rel="canonical" href="{canonical}">'
        candidates.append(OriginNote(line, publisher_from_url(canonical), canonical, None, 2))
    # The page's own host; a canonical link elsewhere is evidence, not the page itself.
    page_hosts = {host_of(url) or host_of(canonical)} - {""}
    candidates = [
        c
        for c in candidates
        if _names_other(c, site, page_hosts) and not _own_copyright(c, byline, page_hosts)
    ]
    if not candidates:
        return _Origin()
    best = max(candidates, key=lambda c: c.strength)  # first among equals
    same = [c for c in candidates if c.name and same_publisher(c.name, best.name)] or [best]
    return _Origin(
        name=best.name,
        url=best.url or next((c.url for c in same if c.url), ""),
        date=best.date or next((c.date for c in same if c.date), None),
        evidence=tuple(dict.fromkeys(c.line for c in candidates)),
    )


def _own_copyright(note: OriginNote, byline: str, page_hosts: set[str]) -> bool:
    """ "© 2024 Dana Whitcombe" under a post by Dana Whitcombe on danawhitcombe.substack:
    a writer's copyright on a site named after her, not a credit to another publisher.
    On Global Research a page "by The Cradle" with "Copyright © The Cradle" credits it."""
    author = fold(byline)
    if len(author) < 6 or not is_copyright_line(note.line) or fold(note.name) != author:
        return False
    return any(author in fold(host) for host in page_hosts)


def _starts_with_byline(name: str, byline: str) -> bool:
    """'Renée Dufresne Courier correspondent Sep 18, 2023' under a page by Renée Dufresne
    is the page's own byline line with a role, not a credit to a source of that name. A
    line naming the byline alone ("The Cradle, 5 March 2022" on a page by The Cradle)
    stays a credit."""
    author, key = fold(byline), fold(name)
    return len(byline.split()) >= 2 and key.startswith(author) and key != author


_BYLINE_ROLE = re.compile(
    r"\b(?:staff|writer|reporter|correspondent|editor|contributor|columnist|freelance|intern"
    r"|special|director|professor|fellow|author|analyst|chief|senior|producer|photographer"
    r"|photos?|video|graphics|and|for|of|with|ph\.?d|jr|sr|md)\b|&|\.",
    re.I,
)


def _byline_credit(byline: str, blocks: list[Block], site: str, url: str) -> list[OriginNote]:
    """'By Maria Lopes, Harbor Watch' on another site's page credits the newsroom the
    story came from, when the page also links to that newsroom's site. Without the link
    the part after the comma may as well be a second author or a job title."""
    parts = [p.strip() for p in byline.split(",")]
    if len(parts) != 2 or not looks_like_name(parts[1], max_words=6):
        return []
    org = parts[1]
    key, page_host = fold(org), host_of(url)
    if len(key) < 4 or _BYLINE_ROLE.search(org) or (site and same_publisher(org, site)):
        return []
    for block in blocks:
        for href in () if block.chrome else block.hrefs:
            host = host_of(href)
            if is_web(href) and host != page_host and key in fold(host):
                return [OriginNote(f"By {byline}", org, href, None, 1)]
    return []


def _names_other(note: OriginNote, site: str, page_hosts: set[str]) -> bool:
    if note.name and site and same_publisher(note.name, site):
        return False
    if note.url and host_of(note.url) in page_hosts:
        return bool(note.name) and not any(same_publisher(note.name, h) for h in page_hosts)
    return bool(note.name or note.url)


def _first_web(hrefs: tuple[str, ...]) -> str:
    return next((h for h in hrefs if is_web(h)), "")
