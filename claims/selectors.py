"""Reads for claims: timelines and speaker pages, in a fixed number of queries."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from claims.models import Attribution, Claim
from provenance.selectors import chain_root_ids
from sources.models import Article


@dataclass(frozen=True)
class TimelineEvent:
    kind: str  # made, first_published, republished, reported_independently
    date: dt.date | None
    article: Article | None
    attribution: Attribution | None
    speaker: str


def claim_timeline(claim: Claim) -> list[TimelineEvent]:
    """made → first published → republished (copies) → reported independently.

    Attributions are grouped by the chain their article belongs to. The chain whose root
    came out first holds the first publication: its root, even an inferred original
    known only from its copies, is "first published" and every copy in it "republished".
    The first report in any other chain is an independent report; its copies are
    republications of that report.
    """
    rows = list(
        claim.attributions.exclude(status=Attribution.Status.REJECTED)
        .select_related("article__publisher")
        .order_by("article__published", "article__first_seen")
    )
    speaker = claim.speaker.name if claim.speaker_id else ""
    events: list[TimelineEvent] = []
    if claim.made_on:
        events.append(TimelineEvent("made", claim.made_on, None, None, speaker))
    if not rows:
        return events
    root_of = chain_root_ids([r.article_id for r in rows])
    roots = Article.objects.select_related("publisher").in_bulk(set(root_of.values()))
    chains: dict[int, list[Attribution]] = {}
    for row in rows:
        chains.setdefault(root_of[row.article_id], []).append(row)
    ordered = sorted(
        chains, key=lambda pk: (roots[pk].published or dt.date.max, roots[pk].first_seen)
    )
    for index, root_id in enumerate(ordered):
        events.extend(_chain_events(roots[root_id], chains[root_id], speaker, first=index == 0))
    return sorted(events, key=lambda e: (e.date or dt.date.max, _ORDER[e.kind]))


_ORDER = {"made": 0, "first_published": 1, "reported_independently": 2, "republished": 3}


def _chain_events(
    root: Article, rows: list[Attribution], speaker: str, *, first: bool
) -> list[TimelineEvent]:
    opening = "first_published" if first else "reported_independently"
    by_root = next((r for r in rows if r.article_id == root.pk), None)
    events = [TimelineEvent(opening, root.published, root, by_root, speaker)]
    events.extend(
        TimelineEvent("republished", r.article.published, r.article, r, speaker)
        for r in rows
        if r.article_id != root.pk
    )
    return events
