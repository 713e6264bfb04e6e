"""The headline, freed from the site name that <title> and og:title wrap around it.

A title that still carries " | Site Name" would differ between an original and its
copies, and a site known only by its host is better named by what its <title> calls
it; both the title and the site name used for evidence depend on telling the parts of a
title apart.
"""

from __future__ import annotations

import re

from sources.republisher import block_kind, fold, same_publisher, same_text


def _is_host(name: str) -> bool:
    """A site "name" that is only its host ("ashgrovehistorical.example")."""
    return bool(re.fullmatch(r"[\w.-]+\.[a-z]{2,}", name, re.I))


_TITLE_SEPARATORS = re.compile(r"\s+[|–—-]\s+|\s+::\s+|\s+»\s+")


def _best_title(titles: tuple[str | None, ...], site: str) -> str:
    for title in titles:
        cleaned = _clean_title(title or "", site)
        if cleaned and block_kind(cleaned) is None:
            return cleaned
    return ""


def _clean_title(title: str, site: str) -> str:
    """Drop the " | Site Name" part of a <title>; a title that is only the site is none.
    Of "Site - Section - Headline", the headline is the longest part left."""
    title = " ".join(title.split())
    parts = [p for p in _TITLE_SEPARATORS.split(title) if p.strip()]
    if len(parts) == 1:  # "Corvane Robotics Unveils Tallis" starts with the site's name
        return "" if site and same_text(title, site) else title
    kept = [p for p in parts if not (site and _names_site(p, site))]
    if len(kept) == len(parts):
        return title
    return max(kept, key=len) if len(parts) > 2 and kept else " - ".join(kept)


def _site_in_title(title: str, site: str) -> str:
    """The name a site known only by its host gives itself in its <title>."""
    parts = [p.strip() for p in _TITLE_SEPARATORS.split(title) if p.strip()]
    if len(parts) < 2 or not site:
        return site
    return next((p for p in parts if p != site and _names_site(p, site)), site)


def _names_site(part: str, site: str) -> bool:
    """ "Ashgrove Historical Society" names the site known only as ashgrovehistorical.example."""
    if same_publisher(part, site):
        return True
    label = site.split(".")[0] if _is_host(site) else ""
    return len(label) >= 5 and fold(part).startswith(fold(label))
