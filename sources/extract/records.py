"""The shapes extraction hands out and passes between its steps.

Kept apart so that every step can name the result (and the page-metadata record it
fills in) without importing the steps that build it: the dataclasses are the contract
between extraction and the rest of the pipeline, which fingerprints
``Extracted.body_text`` and reads the ``origin_*`` evidence.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from sources.republisher import REMOVED_KINDS

SPAN_KINDS = frozenset({"boilerplate", "origin_note", "intro"})


@dataclass(frozen=True)
class Span:
    """A block of ``Extracted.text`` that the republisher added: text[start:end]."""

    start: int
    end: int
    kind: str

    def __post_init__(self) -> None:
        if self.kind not in SPAN_KINDS or not 0 <= self.start <= self.end:
            raise ValueError(f"bad span {self.start}:{self.end} {self.kind!r}")


@dataclass(frozen=True)
class Extracted:
    """One page's article: text, metadata, and the evidence of where the text came from."""

    text: str
    title: str
    title_derived: bool
    subtitle: str
    byline: str
    published: datetime.date | None
    published_source: str
    published_at: datetime.datetime | None  # the moment, where the page's metadata gives it
    site_name: str
    canonical_url: str
    origin_name: str
    origin_url: str
    origin_date: datetime.date | None
    origin_evidence: tuple[str, ...]
    boilerplate: tuple[Span, ...]
    language: str = ""
    site_aliases: tuple[str, ...] = ()  # other names the page gives its own publisher
    # Paragraphs the page sets off as block quotations (a statement, a letter, another
    # outlet's story): two pages quoting one document have not copied each other.
    quotations: tuple[tuple[int, int], ...] = ()
    # The day the page says it was last updated: a copy published before it may hold an
    # earlier version of the text, not a cut one.
    modified: datetime.date | None = None

    def body_text(self) -> str:
        """The article without boilerplate and origin notes: what fingerprints are made of,
        so that two crossposts do not match each other on their shared footer."""
        parts, cursor = [], 0
        for span in sorted(self.boilerplate, key=lambda s: s.start):
            if span.kind in REMOVED_KINDS:
                parts.append(self.text[cursor : span.start])
                cursor = max(cursor, span.end)
        parts.append(self.text[cursor:])
        return "\n\n".join(p.strip() for p in "".join(parts).split("\n\n") if p.strip())


# ---------------------------------------------------------------- internal records


@dataclass
class _PageMeta:
    """What the HTML head (meta tags, JSON-LD) and trafilatura say about the page."""

    title: str = ""
    site_name: str = ""
    byline: str = ""
    published: datetime.date | None = None
    published_at: datetime.datetime | None = None
    modified: datetime.date | None = None
    canonical_url: str = ""
    language: str = ""
    fallback_site: str = ""
    site_aliases: tuple[str, ...] = ()
