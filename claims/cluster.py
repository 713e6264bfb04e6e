"""When two attributions state the same claim, in the same or in other words."""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

from rapidfuzz import fuzz

from claims import semantic

SAME_CLAIM = 72.0  # token-set similarity, 0-100
# Below SAME_CLAIM and from GREY_ZONE up, the words leave it open and the meaning decides,
# when the semantic extra is installed. The floor saves embeddings: unrelated statements
# score about 40 on characters alone; of the unrelated pairs made from
# tests/data/claim_pairs.jsonl a third reach 40, 7% reach 45, none comes near SAME_MEANING.
GREY_ZONE = 45.0
SAME_MEANING = 0.67  # cosine, all-MiniLM-L6-v2; chosen on the dev pairs: bench/claim_pairs.py
MAX_DATE_GAP = dt.timedelta(days=7)
MIN_WORDS = 3
SUBSET_SHARE = 0.5
_WORD = re.compile(r"\w+")
_STOP = frozenset(
    [
        "a",
        "an",
        "the",
        "that",
        "this",
        "these",
        "those",
        "of",
        "to",
        "in",
        "on",
        "at",
        "for",
        "by",
        "with",
        "from",
        "and",
        "or",
        "but",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "has",
        "have",
        "had",
        "it",
        "its",
        "their",
        "they",
        "them",
        "he",
        "she",
        "his",
        "her",
        "as",
        "which",
        "who",
    ]
)


@lru_cache(maxsize=65_536)  # each statement meets every candidate claim of its speaker
def content_key(text: str) -> str:
    """Content words in order, lower case: what similarity is measured on."""
    return " ".join(w for w in (m.lower() for m in _WORD.findall(text)) if w not in _STOP)


@lru_cache(maxsize=65_536)  # asked twice per pair: to batch embeddings, then to match
def claim_similarity(a: str, b: str) -> float:
    """0-100: token-set ratio on content words, tolerant of reordering and of one
    report quoting more or less of the statement than the other."""
    ka, kb = content_key(a), content_key(b)
    short, long_ = sorted((len(ka.split()), len(kb.split())))
    if short < MIN_WORDS:
        return 100.0 if ka == kb and ka else 0.0
    if short / long_ < SUBSET_SHARE:
        # token-set ratio scores any subset 100: "fighters" is not "sending fighters to X".
        return fuzz.ratio(ka, kb)
    return max(fuzz.token_set_ratio(ka, kb), fuzz.ratio(ka, kb))


def dates_agree(a: dt.date | None, b: dt.date | None) -> bool:
    return a is None or b is None or abs(a - b) <= MAX_DATE_GAP


def needs_meaning(a_text: str, a_date: dt.date | None, b_text: str, b_date: dt.date | None) -> bool:
    """Whether is_same_claim would ask the embedding model about this pair."""
    return (
        dates_agree(a_date, b_date)
        and GREY_ZONE <= claim_similarity(a_text, b_text) < SAME_CLAIM
        and semantic.available()
    )


def is_same_claim(a_text: str, a_date: dt.date | None, b_text: str, b_date: dt.date | None) -> bool:
    if not dates_agree(a_date, b_date):
        return False
    lexical = claim_similarity(a_text, b_text)
    if lexical >= SAME_CLAIM:
        return True
    # Another outlet's wording of the statement shares some of its words, not enough.
    return (
        lexical >= GREY_ZONE
        and semantic.available()
        and semantic.similarity(a_text, b_text) >= SAME_MEANING
    )
