"""Weighing the candidates against each other to rank them and pick the best one.

A candidate's own merits are not enough: a credit line may have been inherited through
another candidate that copied it, and a copy among the candidates is no likelier a
source than the page it copied. So every candidate is assessed together with the
others (who copies whom, what each one alone gave the child) before they are ranked
and the confidence of the winner is set.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from functools import lru_cache

from provenance.compare import (
    LinkKind,
    Overlap,
    classify,
    paragraph_key,
    paragraphs,
    strip_paragraphs,
)
from provenance.fingerprint import words
from provenance.parent.constants import (
    CARRYING_MIN_SHINGLES,
    CARRYING_MIN_WORDS,
    SIMILARITY_TOLERANCE,
    WHOLE_SOURCE_IN_COPY,
    WHOLE_SOURCE_SHARE_OF_COPY,
)
from provenance.parent.facts import ArticleFacts, Candidate, compare_facts
from provenance.parent.insertions import _carried_shingles, shared_insertions
from provenance.parent.naming import names, one_article, same_name
from provenance.parent.order import _direction, direction


@dataclass
class _Assessment:
    candidate: Candidate
    order: int  # direction(child, candidate): -1 known to copy it, 0 undecided
    order_rule: str
    kind: LinkKind
    naming: str
    ancestors: set[int]
    insertions: list[str] = field(default_factory=list)
    carried: int = 0
    inherited_by: _Assessment | None = None

    @property
    def facts(self) -> ArticleFacts:
        return self.candidate.facts

    @property
    def carrying(self) -> bool:
        inserted = sum(len(words(p)) for p in self.insertions)
        return inserted >= CARRYING_MIN_WORDS or self.carried >= CARRYING_MIN_SHINGLES

    @property
    def similarity(self) -> float:
        overlap = self.candidate.overlap
        return max(overlap.jaccard, 0.9 * overlap.sentence_match)


def _assess(child: ArticleFacts, candidate: Candidate) -> _Assessment | None:
    facts = candidate.facts
    if facts.id == child.id or one_article(child, facts):
        return None
    naming = names(child, facts)
    kind = classify(candidate.overlap) if not facts.inferred else LinkKind.NONE
    if (facts.inferred and not naming) or (not facts.inferred and kind is LinkKind.NONE):
        return None
    intro = _adds_intro(child, facts)
    if kind is LinkKind.VERBATIM and intro:
        kind = LinkKind.EDITED
    elif kind is LinkKind.EDITED and (
        earlier_version(child, facts, candidate.overlap) is not None
        or _verbatim_but_for_their_boilerplate(child, facts)
    ):
        kind = LinkKind.VERBATIM
    elif kind is LinkKind.EXCERPT and _whole_source_edited(candidate.overlap):
        kind = LinkKind.EDITED
    return _assessed(child, candidate, naming, kind)


def _whole_source_edited(overlap: Overlap) -> bool:
    """The child (``a``) carries nearly all of the candidate's text, and that text is a
    good part of the child: the reposter added its own, it did not cut an excerpt."""
    return overlap.b_in_a >= WHOLE_SOURCE_IN_COPY and overlap.a_in_b >= WHOLE_SOURCE_SHARE_OF_COPY


def _verbatim_but_for_their_boilerplate(child: ArticleFacts, facts: ArticleFacts) -> bool:
    """A copy that carries the candidate's own series boilerplate (a wire's standard
    background paragraphs, which parent choice leaves out of the wire's text, not of
    another publisher's) copied those paragraphs with the rest: word for word without
    them is a verbatim copy, not an edited one."""
    keys = {paragraph_key(p) for p in facts.boilerplate}
    if not keys:
        return False
    stripped = strip_paragraphs(child.text, keys)
    if len(stripped) == len(child.text) or not stripped:
        return False
    overlap = compare_facts(replace(child, text=stripped), facts, fuzzy=False)
    return classify(overlap) is LinkKind.VERBATIM


# All of the copy's text, but for the few shingles that spanned the place where the
# update went in (0.995 failed a real case: 0.99 of it was there).
EARLIER_VERSION_SHARE = 0.98


def earlier_version(child: ArticleFacts, facts: ArticleFacts, overlap: Overlap) -> date | None:
    """The day of the update, when the child copies the page as it stood before it.

    An original that grew after it was copied (an "Update:" paragraph, a statement that
    came in late) differs from its copy the way a cut copy does. Told apart by the
    update's date set against the copy's, and by the copy adding and changing nothing:
    all of its text is in the page. The copier then made a verbatim copy.
    """
    updated = facts.modified
    if facts.inferred or updated is None or child.published is None:
        return None
    if child.published >= updated or overlap.a_in_b < EARLIER_VERSION_SHARE:
        return None
    return updated


def _adds_intro(child: ArticleFacts, facts: ArticleFacts) -> bool:
    """An editor's note of the child's own makes an edited copy, however short: the
    text is the original's word for word, but the page is not (a crossposter's intro)."""
    theirs = {paragraph_key(p) for p in paragraphs(facts.full_text)}
    return any(paragraph_key(intro) not in theirs for intro in child.intros)


def _assessed(
    child: ArticleFacts, candidate: Candidate, naming: str, kind: LinkKind
) -> _Assessment | None:
    facts = candidate.facts
    order, rule = _direction(child, facts, candidate.overlap)
    if order == 1:
        return None
    return _Assessment(candidate, order, rule, kind, naming, ancestors=set())


def _link_candidates(child: ArticleFacts, assessed: list[_Assessment]) -> None:
    """Work out which candidates copy which, then what each one alone gave the child."""
    for item in assessed:
        item.ancestors = {
            other.facts.id
            for other in assessed
            if other is not item and _copies(item.facts, other.facts)
        }
    by_id = {item.facts.id: item.facts for item in assessed}
    for item in assessed:
        if not item.facts.inferred:
            _find_carried(child, item, [by_id[i] for i in sorted(item.ancestors)])
    carrying = [item for item in assessed if item.carrying]
    for item in assessed:
        heirs = [other for other in carrying if item.facts.id in other.ancestors]
        if heirs:  # the child got this one's text (and credit line) through a copy of it
            item.inherited_by = max(heirs, key=lambda other: other.facts.id)


def _find_carried(child: ArticleFacts, item: _Assessment, sources: list[ArticleFacts]) -> None:
    """What the child carries of this candidate's own, against the candidate's sources."""
    facts = item.facts
    credits: tuple[str, ...] = (child.origin_name, facts.origin_name)
    child_text = child.full_text
    if same_name(facts.publisher, child.publisher):
        # One publisher's formula ("Posted on ... by") on two of its pages is no sign
        # that one copied the other.
        child_text, credits = child.text, (*credits, child.publisher)
    contrast = (*(source.page_text for source in sources), *item.candidate.context_texts)
    insertions, item.carried = _own_text_carried(
        child_text, facts.text, contrast, facts.boilerplate, credits
    )
    item.insertions = list(insertions)


@lru_cache(maxsize=1024)  # a page is re-decided as each new copy of it arrives
def _own_text_carried(
    child_text: str,
    candidate_text: str,
    contrast: tuple[str, ...],
    own_lines: tuple[str, ...],
    credits: tuple[str, ...],
) -> tuple[tuple[str, ...], int]:
    """The candidate's own paragraphs the child carries, and its own shingles it has."""
    insertions = shared_insertions(
        child_text, candidate_text, contrast, own_lines=own_lines, credit_names=credits
    )
    return tuple(insertions), _carried_shingles(child_text, candidate_text, contrast, credits)


@lru_cache(maxsize=2048)  # every pair of candidates, at each re-decision
def _copies(a: ArticleFacts, b: ArticleFacts) -> bool:
    if b.inferred:
        return bool(names(a, b))
    if a.inferred:
        return False
    return direction(a, b, compare_facts(a, b, fuzzy=False)) == -1


def _rank(item: _Assessment) -> tuple[bool, bool, bool, int]:
    return (
        bool(item.naming) and item.inherited_by is None,
        item.carrying and item.inherited_by is None,
        item.order == -1,
        _KIND_RANK[item.kind],
    )


def _best(assessed: list[_Assessment]) -> _Assessment:
    """The top-ranked candidate; among equals, the most similar, where similarities
    within ``SIMILARITY_TOLERANCE`` tie (a title line or header on one copy is noise)
    and ties go to the earliest published, the likelier source."""
    top_rank = max(_rank(item) for item in assessed)
    tied = [item for item in assessed if _rank(item) == top_rank]
    # A copy among the candidates whose own additions the child lacks is no likelier a
    # source than the page it copied: its closer look (a title line, a header) is noise.
    ids = {item.facts.id for item in tied}
    tied = [item for item in tied if item.carrying or not (item.ancestors & ids)] or tied
    closest = max(item.similarity for item in tied)
    near = [item for item in tied if item.similarity >= closest - SIMILARITY_TOLERANCE]
    return min(near, key=_age)


def _age(item: _Assessment) -> tuple[int, int]:
    published = item.facts.published.toordinal() if item.facts.published else 10**7
    return published, item.facts.id


_KIND_RANK = {LinkKind.VERBATIM: 2, LinkKind.EDITED: 2, LinkKind.EXCERPT: 1, LinkKind.NONE: 0}


def _kind_of(best: _Assessment, assessed: list[_Assessment]) -> LinkKind:
    """The candidate's kind; for an inferred original, the child's kind against a
    sibling copy naming the same original (its text is unknown), else verbatim."""
    if not best.facts.inferred:
        return best.kind
    siblings = [a for a in assessed if not a.facts.inferred and best.facts.id in a.ancestors]
    return _best(siblings).kind if siblings else LinkKind.VERBATIM


def _confidence(best: _Assessment, assessed: list[_Assessment]) -> float:
    if best.naming and best.inherited_by is None:
        score = 0.95
    elif best.carrying:
        score = 0.9
    else:
        score = {"dates": 0.8, "naming": 0.8, "containment": 0.65, "first_seen": 0.6}.get(
            best.order_rule, 0.5
        )
    rivals = [
        a
        for a in assessed
        if a is not best
        and _rank(a) == _rank(best)
        and abs(a.similarity - best.similarity) <= SIMILARITY_TOLERANCE
        and _age(a)[0] == _age(best)[0]
    ]
    if rivals:  # another candidate fits as well: the choice is a coin toss among them
        score -= 0.2
    if best.facts.inferred:
        score -= 0.05
    return round(max(score, 0.05), 2)
