"""Choose which earlier article a copy was copied from.

The evidence, strongest first:

1. **Naming.**  An origin line ("The original source of this article is The Cradle"),
   a link to the source, a canonical link, or a short byline/dateline/credit line at the
   top or bottom of the page ("Global Research, March 06, 2022") names the candidate.
   A credit line can itself be copied: the blog that reposts Global Research's
   crosspost also repeats "The original source of this article is The Cradle".  When
   a candidate the child carries text from names the same source, that credit is
   *inherited* and does not count for the source.
2. **Shared insertions.**  Paragraphs (or changed words) that the child shares with a
   candidate but that the candidate's own source lacks: Global Research's intro in the
   blog's repost.  They identify the page that was copied, not just the text.
3. **Order** (:func:`direction`): published dates; then containment of an excerpt in
   its source; then first seen (an hour apart at least); last, a near-duplicate that
   holds the other plus additions.  Containment of near-duplicates comes last because
   an original that repeats its headline or adds a standfirst would otherwise become
   the copy of its own copy.

Everything is a pure function of the facts given, so the outcome never depends on the
order in which articles arrived.
"""

from __future__ import annotations

from collections.abc import Sequence

from provenance.parent.choosing import _assess, _best, _confidence, _kind_of, _link_candidates
from provenance.parent.evidence import _evidence
from provenance.parent.facts import ArticleFacts, Candidate, ParentChoice, compare_facts
from provenance.parent.insertions import shared_insertions
from provenance.parent.naming import names, one_article, same_name
from provenance.parent.order import direction

__all__ = [
    "ArticleFacts",
    "Candidate",
    "ParentChoice",
    "choose_parent",
    "compare_facts",
    "direction",
    "names",
    "one_article",
    "same_name",
    "shared_insertions",
]


def choose_parent(child: ArticleFacts, candidates: Sequence[Candidate]) -> ParentChoice | None:
    """Pick the parent of ``child`` among earlier ``candidates``, or None.

    Each candidate's ``overlap`` is ``compare(child.text, candidate.facts.text)``.
    Inferred originals (``inferred=True``, no text) count only when the child names
    them.  A candidate that is itself a copy of the child is skipped; one whose order
    is undecidable is kept (the caller vouches it came first) but ranks below one known
    to be earlier.  Pass only candidates with ``direction(child, c) == -1`` to make the
    outcome independent of arrival order even for undecidable pairs.
    """
    assessed = [a for c in candidates if (a := _assess(child, c)) is not None]
    if not assessed:
        return None
    _link_candidates(child, assessed)
    best = _best(assessed)
    return ParentChoice(
        parent_id=best.facts.id,
        kind=_kind_of(best, assessed),
        confidence=_confidence(best, assessed),
        evidence=tuple(_evidence(child, best)),
    )
