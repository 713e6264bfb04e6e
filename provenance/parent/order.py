"""Which of two articles is the copy of the other, by rules applied symmetrically.

The outcome must not depend on which article arrived first, so every rule looks at the
pair the same way from either side; the rules are tried strongest first (naming,
published dates, excerpt containment, first sight, additions) and the one that decided
is reported, because it sets how confident the choice is.
"""

from __future__ import annotations

from datetime import date, datetime

from provenance.compare import LinkKind, Overlap, classify
from provenance.parent.constants import (
    ADDITION_MIN,
    ADDITION_SLACK,
    EXCERPT_MARGIN,
    EXCERPT_OF_WHOLE_MAX,
    EXCERPT_SHARE_MIN,
    FIRST_SEEN_MIN_GAP,
    PUBLISHED_MIN_GAP,
)
from provenance.parent.facts import ArticleFacts
from provenance.parent.naming import names


def direction(a: ArticleFacts, b: ArticleFacts, overlap: Overlap) -> int:
    """Which one is the copy: -1 a copies b, 1 b copies a, 0 undecidable.

    ``overlap`` is ``compare(a.text, b.text)``.  Every rule compares the two the same
    way from either side, so ``direction(b, a, overlap.swapped())`` is always the
    negation: the outcome cannot depend on which article arrived first.
    """
    return _direction(a, b, overlap)[0]


def _direction(a: ArticleFacts, b: ArticleFacts, overlap: Overlap) -> tuple[int, str]:
    """The direction and the name of the rule that decided it."""
    rules = (
        ("naming", lambda: _naming_order(a, b)),
        ("dates", lambda: _published_order(a, b)),
        ("containment", lambda: _excerpt_order(overlap)),
        ("first_seen", lambda: _first_seen_order(a.first_seen, b.first_seen)),
        ("containment", lambda: _additions_order(overlap)),
    )
    for name, rule in rules:
        order = rule()
        if order:
            return order, name
    return 0, ""


def _naming_order(a: ArticleFacts, b: ArticleFacts) -> int:
    a_names_b, b_names_a = bool(names(a, b)), bool(names(b, a))
    return int(b_names_a) - int(a_names_b)


def _compare_order(a_when: date | datetime | None, b_when: date | datetime | None) -> int:
    """-1 when a is later (a copies b), 1 when b is later; 0 when unknown or equal."""
    if a_when is None or b_when is None:
        return 0
    try:
        return (a_when < b_when) - (a_when > b_when)
    except TypeError:  # naive against aware datetimes: no safe answer
        return 0


def _published_order(a: ArticleFacts, b: ArticleFacts) -> int:
    """By published day; on one day, by the moment where both pages give it (an
    uncredited scrape five hours after the story), far enough apart to mean it."""
    order = _compare_order(a.published, b.published)
    if order or a.published_at is None or b.published_at is None:
        return order
    if abs(a.published_at - b.published_at) < PUBLISHED_MIN_GAP:
        return 0
    return _compare_order(a.published_at, b.published_at)


def _first_seen_order(a_seen: datetime, b_seen: datetime) -> int:
    """Order by first sight, when the two sightings are far enough apart to mean it:
    pages fetched in one batch are seconds apart in no meaningful order."""
    try:
        if abs(a_seen - b_seen) < FIRST_SEEN_MIN_GAP:
            return 0
    except TypeError:
        return 0
    return _compare_order(a_seen, b_seen)


def _excerpt_order(overlap: Overlap) -> int:
    """An excerpt (mostly the other's text, and a small part of it) is the copy.

    Sound enough to come before first sight: a crawler may reach the excerpting site
    before the source.
    """
    if classify(overlap) is LinkKind.NONE:
        return 0
    return int(_excerpt_of(overlap.b_in_a, overlap.a_in_b)) - int(
        _excerpt_of(overlap.a_in_b, overlap.b_in_a)
    )


def _additions_order(overlap: Overlap) -> int:
    """Between near-duplicates, the copy holds its source plus additions (a header,
    an intro, a footer).  The weakest rule, after first sight: a copy that dropped
    the original's standfirst or repeated headline looks like its source."""
    if classify(overlap) is LinkKind.NONE:
        return 0
    shared = overlap.shared_shingles
    a_extra, b_extra = overlap.a_shingles - shared, overlap.b_shingles - shared
    return int(_adds_to(a_extra, overlap.a_shingles, b_extra)) - int(
        _adds_to(b_extra, overlap.b_shingles, a_extra)
    )


def _excerpt_of(part_in_whole: float, whole_in_part: float) -> bool:
    """Mostly made of the other's text, while only a small part of the other is in it:
    an excerpt, even one wrapped in its own commentary."""
    return (
        part_in_whole >= EXCERPT_SHARE_MIN
        and whole_in_part < EXCERPT_OF_WHOLE_MAX
        and part_in_whole - whole_in_part >= EXCERPT_MARGIN
    )


def _adds_to(own_extra: int, own_total: int, other_extra: int) -> bool:
    """Whether the other text is this one plus additions of its own: this one almost
    wholly inside it, and the other with clearly more of its own (twice as much)."""
    return own_extra <= ADDITION_SLACK * own_total and other_extra >= 2 * own_extra + ADDITION_MIN
