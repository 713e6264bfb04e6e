"""What a child carries of a candidate's own text, as opposed to the text both copied.

Two copies of one original share its body, which says nothing about which copy was
copied; only the paragraphs and changed words a candidate added itself (an intro, a
footer, a typo fix) identify the page the child was made from, so these are found by
contrasting the candidate with its own sources.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

import numpy as np
from rapidfuzz import fuzz, process

from provenance.compare import (
    compare,
    containment,
    paragraph_key,
    paragraph_shingles,
    paragraphs,
)
from provenance.fingerprint import words
from provenance.parent.constants import (
    BODY_MIN_WORDS,
    CARRIED_CONTAINMENT,
    CARRIED_RATIO,
    CONTRAST_COVERAGE,
    CREDIT_LINE_MAX_WORDS,
    HELD_CONTAINMENT,
    HELD_RATIO,
    INSERTION_MIN_WORDS,
    RELATED_CONTAINMENT,
)
from provenance.parent.naming import _names_any


def shared_insertions(
    child_text: str,
    candidate_text: str,
    other_texts: Sequence[str],
    *,
    own_lines: Sequence[str] = (),
    credit_names: Sequence[str] = (),
    min_words: int = INSERTION_MIN_WORDS,
) -> list[str]:
    """Paragraphs of the candidate that the child carries and the other texts lack.

    ``other_texts`` are the candidate's own source (or other versions of the text):
    a paragraph absent from them is the candidate's own addition, so a child that
    carries it copied the candidate.  Texts unrelated to the candidate contrast with
    nothing and are ignored; without any related text only ``own_lines`` (the
    candidate's known boilerplate and intros) can count, since otherwise the original's
    body would pass for insertions.  Short lines naming one of ``credit_names`` are
    credit lines ("Read the full article at X"): evidence of naming, which every copier
    may word alike, not of the page copied.
    """
    others = [text for text in other_texts if text.strip()]
    related = [text for text in others if _related(candidate_text, text)]
    own_keys = {paragraph_key(line) for line in own_lines}
    found: list[str] = []
    seen: set[str] = set()
    for paragraph in [*paragraphs(candidate_text), *own_lines]:
        key = paragraph_key(paragraph)
        para_words = key.split()
        if len(para_words) < min_words or key in seen:
            continue
        seen.add(key)
        if (
            len(para_words) <= CREDIT_LINE_MAX_WORDS
            and credit_names
            and _names_any(paragraph, credit_names)
        ):
            continue
        if key not in own_keys and not related:
            continue
        if not _carries(child_text, key, para_words):
            continue
        if any(_holds(other, key, para_words) for other in others):
            continue
        found.append(paragraph)
    return found


def _carries(child_text: str, key: str, para_words: list[str]) -> bool:
    """Whether the child holds the paragraph, allowing a typo or two in it."""
    if containment(para_words, child_text) >= CARRIED_CONTAINMENT:
        return True
    return _fuzzy_in(child_text, key, CARRIED_RATIO)


def _holds(other_text: str, key: str, para_words: list[str]) -> bool:
    """Whether another version has the paragraph, even reworded: looser than
    :func:`_carries`, so that a spun copy's rewording never passes for its own text."""
    if containment(para_words, other_text) >= HELD_CONTAINMENT:
        return True
    return _fuzzy_in(other_text, key, HELD_RATIO)


def _fuzzy_in(text: str, key: str, cutoff: int) -> bool:
    keys = _paragraph_keys(text)
    return (
        bool(keys)
        and process.extractOne(key, keys, scorer=fuzz.ratio, score_cutoff=cutoff) is not None
    )


@lru_cache(maxsize=256)
def _paragraph_keys(text: str) -> tuple[str, ...]:
    return tuple(paragraph_key(p) for p in paragraphs(text))


def _related(candidate_text: str, other_text: str) -> bool:
    """Whether ``other_text`` holds a good part of the candidate: a version of its body.

    One way only: a title or an excerpt lies inside the candidate but is no contrast.
    """
    return compare(candidate_text, other_text, fuzzy=False).a_in_b >= RELATED_CONTAINMENT


def _carried_shingles(
    child_text: str, candidate_text: str, contrast: Sequence[str], credit_names: Sequence[str]
) -> int:
    """Shingles only the candidate's version has (changed words too) that the child has.

    Counted inside body paragraphs only: headers and credit lines ("Posted on ... by",
    "Source: X") are worded alike by many copiers.  Zero unless the contrast covers
    much of the candidate: against a partial source the candidate's whole body would
    look like its own.
    """
    texts = [text for text in contrast if text.strip()]
    if not texts:
        return 0
    mine = paragraph_shingles(candidate_text)
    theirs = np.unique(np.concatenate([paragraph_shingles(text) for text in texts]))
    if not len(mine) or np.isin(mine, theirs).mean() < CONTRAST_COVERAGE:
        return 0
    body = "\n".join(
        p
        for p in paragraphs(candidate_text)
        if len(words(p)) >= BODY_MIN_WORDS and not _names_any(p, credit_names)
    )
    specific = np.setdiff1d(paragraph_shingles(body), theirs, assume_unique=True)
    return int(np.isin(specific, paragraph_shingles(child_text)).sum())
