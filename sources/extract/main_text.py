"""The article's main text from trafilatura, reconciled with the raw page's blocks.

trafilatura is good at finding the story but, in precision mode, drops all-link lines
inside it and loses block quotations; those are what a copier inserts and what tells a
quoted document from a copy, so the raw blocks are used to put them back.
"""

from __future__ import annotations

from dataclasses import replace

import trafilatura

from sources.extract.blocks import _without_image_ui
from sources.republisher import Block, fold

_HUGE_PAGE = 2_000_000  # characters; past this, skip trafilatura's second-opinion algorithms


def _run_trafilatura(html: str, url: str) -> tuple[list[Block], dict[str, str]]:
    try:
        doc = trafilatura.bare_extraction(
            html,
            url=url or None,
            fast=len(html) > _HUGE_PAGE,
            with_metadata=True,
            favor_precision=True,
            include_comments=False,
            deduplicate=False,
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
    except Exception:  # a trafilatura bug must not lose the page: the raw blocks remain
        return [], {}
    if doc is None:
        return [], {}
    lines = (_without_image_ui(" ".join(line.split())) for line in (doc.text or "").split("\n"))
    found = {"title": doc.title, "author": doc.author, "sitename": doc.sitename}
    return [Block(line) for line in lines if line], {k: v or "" for k, v in found.items()}


_SEARCH_AHEAD = 50  # raw blocks searched for the next main-text paragraph
_MAX_GAP = 6  # a longer run of unmatched raw blocks is page structure, not a dropped line


def _restore_dropped(main: list[Block], raw: list[Block]) -> list[Block]:
    """Put back paragraphs that trafilatura dropped from inside the article.

    Precision mode drops lines that are all link, such as "Video: NATO Too Weak to Face
    Russia?", which is exactly the kind of line a copier inserts. A raw block that sits
    between two main-text paragraphs, outside navigation, is part of the article."""
    keys = [fold(b.text) for b in raw]
    out: list[Block] = []
    cursor: int | None = None  # raw index of the last main-text paragraph found
    for i, block in enumerate(main):
        found = _find_raw(keys, fold(block.text)[:60], cursor)
        if found is not None and cursor is not None and 0 < found - cursor - 1 <= _MAX_GAP:
            nearby = "".join(fold(b.text) for b in main[max(0, i - 3) : i + 3])
            gap = range(cursor + 1, found)
            out += [raw[k] for k in gap if not raw[k].chrome and keys[k] and keys[k] not in nearby]
        out.append(block)
        cursor = found if found is not None else cursor
    return out


def _mark_quoted(main: list[Block], raw: list[Block]) -> list[Block]:
    """trafilatura's text loses the <blockquote>: take it from the raw page's blocks."""
    quoted = {fold(b.text) for b in raw if b.quoted}
    if not quoted:
        return main
    return [replace(b, quoted=True) if fold(b.text) in quoted else b for b in main]


def _find_raw(keys: list[str], key: str, cursor: int | None) -> int | None:
    if not key:
        return None
    start = 0 if cursor is None else cursor + 1
    stop = len(keys) if cursor is None else min(len(keys), start + _SEARCH_AHEAD)
    return next((k for k in range(start, stop) if key in keys[k]), None)
