"""Exact overlap between two texts, and what kind of reuse it amounts to.

LSH and sampled postings only nominate candidates; this module decides.  It measures
shingle overlap both ways (a copy with an added intro contains its source; an excerpt
is contained in it), finds the shared passages and whether they lie inside quotation
marks (two reporters quoting one statement word for word have not copied each other),
and matches sentences fuzzily so that "spun" copies, reworded a few words per
sentence, are still recognised.

It also finds a publisher's boilerplate: paragraphs that recur across different
articles of one publisher (series intros, editor's notes, share prompts).  Those must
be stripped before comparing, or every crosspost of a site looks like a copy of every
other one, the way passim ignores reuse within one series.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum
from functools import cached_property, lru_cache

import numpy as np
from rapidfuzz import fuzz, process

from provenance.fingerprint import (
    SHINGLE_K,
    band_keys,
    minhash,
    shingle_sequence,
    tokens,
    words,
)

VERBATIM_SPAN_SHARE = 0.9
VERBATIM_ONE_PASSAGE = 0.98  # and next to nothing shared outside that passage
EDITED_CONTAINMENT = 0.6  # both texts mostly inside each other
SPUN_SENTENCE_MATCH = 0.6
SPUN_MIN_SENTENCES = 3
SENTENCE_SCORE = 80  # rapidfuzz ratio, 0-100
# A spinner swaps so many words ("city" -> "metropolis") that its sentences score lower;
# an ordered match at this score over most of both texts is still a copy, where a few
# such sentences are not an excerpt (two reports of one event read that much alike).
REWORDED_SENTENCE_SCORE = 72
REWORDED_MIN_SENTENCES = 5  # two short briefs from one release read alike at 72
SENTENCE_MIN_WORDS = 5
EXCERPT_RUN_WORDS = 60
EXCERPT_RUN_SHARE = 0.15
EXCERPT_MIN_WORDS = 25
RUN_MIN_UNQUOTED = 20  # a copied passage holds some narrative, not just a quotation
REWORDED_EXCERPT_SENTENCES = 4
PASSAGE_GAP_CHARS = 24  # a changed word or three inside a copied passage does not end it
PASSAGE_WORDS_PER_EDIT = 25
QUOTED_ONLY_SHARE = 0.75
SAME_ARTICLE_JACCARD = 0.8  # two versions of one article, not two articles
SAME_STORY_SHARE = 0.5
WIDESPREAD_MIN_PAGES = 3
WIDESPREAD_SHARE = 0.1

_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"'”’»)\]]*\s+|\n+")
# Opening and closing double quotation marks; straight quotes pair up in order.
_CLOSERS = "”»›"
_QUOTE_MARK = re.compile('[“„«‹‟”»›"]')
# ‘ at the start of a word, ’ at the end of one (not between letters: an apostrophe).
_SINGLE_QUOTE_MARK = re.compile(r"(?<!\w)‘(?=\w)|(?<=[\w.,!?])’(?!\w)")
MAX_QUOTE_CHARS = 3000


class LinkKind(StrEnum):
    VERBATIM = "verbatim"
    EDITED = "edited"
    EXCERPT = "excerpt"
    NONE = "none"


@dataclass(frozen=True, order=True)
class SharedSpan:
    """One passage found in both texts, as character offsets into each."""

    a_start: int
    a_end: int
    b_start: int
    b_end: int
    words: int
    quoted: float  # share of its words quoted (marks or block quotation) in both texts

    def swapped(self) -> SharedSpan:
        return replace(
            self, a_start=self.b_start, a_end=self.b_end, b_start=self.a_start, b_end=self.a_end
        )


def _span_order(span: SharedSpan) -> tuple[int, int, int, int, int, float]:
    """SharedSpan's own order, as a tuple: sorting by it skips the generated __lt__."""
    return (span.a_start, span.a_end, span.b_start, span.b_end, span.words, span.quoted)


@dataclass(frozen=True)
class Overlap:
    """How much of two texts A and B is shared, measured on word 5-shingles."""

    jaccard: float
    a_in_b: float  # share of A's shingles found in B
    b_in_a: float
    sentence_match: float  # share of the smaller's sentences matched fuzzily, in order
    quoted_only: bool
    shared_spans: tuple[SharedSpan, ...] = ()
    a_words: int = 0
    b_words: int = 0
    matched_sentences: int = 0
    a_shingles: int = 0
    b_shingles: int = 0
    a_sentences: int = 0  # sentences long enough to match, outside quotations
    b_sentences: int = 0
    reworded_sentences: int = 0  # matched in order at REWORDED_SENTENCE_SCORE

    @property
    def reworded_share(self) -> float:
        """Share of the longer text's sentences matched in order, reworded or not."""
        return self.reworded_sentences / max(self.a_sentences, self.b_sentences, 1)

    @classmethod
    def empty(cls, a_words: int = 0, b_words: int = 0) -> Overlap:
        return cls(0.0, 0.0, 0.0, 0.0, False, (), a_words, b_words)

    @property
    def shared_shingles(self) -> int:
        """Shingles in both texts; computed alike from either side (see swapped)."""
        return round((self.a_in_b * self.a_shingles + self.b_in_a * self.b_shingles) / 2)

    def swapped(self) -> Overlap:
        """The same overlap seen from B: ``compare(b, a) == compare(a, b).swapped()``."""
        return replace(
            self,
            a_in_b=self.b_in_a,
            b_in_a=self.a_in_b,
            shared_spans=tuple(sorted((s.swapped() for s in self.shared_spans), key=_span_order)),
            a_words=self.b_words,
            b_words=self.a_words,
            a_shingles=self.b_shingles,
            b_shingles=self.a_shingles,
            a_sentences=self.b_sentences,
            b_sentences=self.a_sentences,
        )

    @cached_property  # classify() asks for it several times per pair
    def longest_run(self) -> int:
        """Words in the longest shared passage (small edits bridged) that is more than
        a shared quotation: at least ``RUN_MIN_UNQUOTED`` of its words outside quotes."""
        return max(
            (w for w, unquoted in self.passages() if unquoted >= RUN_MIN_UNQUOTED), default=0
        )

    @cached_property
    def copied_passages(self) -> tuple[int, ...]:
        """Word counts of the shared passages long enough to count on their own: an
        excerpt is often two or three paragraphs taken from different places (the lede,
        a quote further down), each shorter than one long run would need to be."""
        return tuple(
            words
            for words, unquoted in self.passages()
            if unquoted >= RUN_MIN_UNQUOTED and words >= EXCERPT_MIN_WORDS
        )

    @property
    def copied_words(self) -> int:
        return sum(self.copied_passages)

    def passages(self) -> list[tuple[int, int]]:
        """Shared spans merged across small edits, as (words, words outside quotes).

        A bridge needs ``PASSAGE_WORDS_PER_EDIT`` words of passage per edit: a copy
        with a typo stays one passage, while stock phrases that happen to sit side by
        side with other names and numbers between them do not add up to one.
        Quoted words are counted apart: a shared quotation is evidence of a shared
        source, not of copying, but a quotation copied with its narrative is a passage.
        """
        merged: list[list[float]] = []  # words, unquoted words, edits
        previous: SharedSpan | None = None
        for span in sorted(self.shared_spans):
            unquoted = span.words * (1 - span.quoted)
            if previous is not None and _close(previous, span):
                words, quoted_out, edits = merged[-1]
                if (edits + 1) * PASSAGE_WORDS_PER_EDIT <= words + span.words:
                    merged[-1] = [words + span.words, quoted_out + unquoted, edits + 1]
                    previous = span
                    continue
            merged.append([float(span.words), unquoted, 0])
            previous = span
        return [(int(words), round(unquoted)) for words, unquoted, _ in merged]


def _close(before: SharedSpan, after: SharedSpan) -> bool:
    """Whether two spans are one passage with a small edit between them.

    A changed word breaks the shingles around it, leaving a gap of that word in both
    texts; template phrases with different names and numbers leave wider gaps.
    """
    a_gap = after.a_start - before.a_end
    b_gap = after.b_start - before.b_end
    return 0 <= a_gap <= PASSAGE_GAP_CHARS and 0 <= b_gap <= PASSAGE_GAP_CHARS


@dataclass(frozen=True, eq=False)
class _Text:
    """A text analysed once: words, shingles in order, quotation mask, sentences."""

    starts: np.ndarray  # char offset of each word
    ends: np.ndarray
    shingles: np.ndarray  # positional shingle hashes
    unique: np.ndarray  # sorted unique shingle hashes
    first_position: np.ndarray  # where each of ``unique`` first occurs in ``shingles``
    quoted: np.ndarray  # bool per word
    quoted_before: list[int]  # quoted words before each position: a run's share in O(1)
    sentences: tuple[str, ...]  # normalised sentences outside quotations


@lru_cache(maxsize=256)  # a worker compares one page with a few dozen others
def _analyse(text: str, block_quotes: tuple[str, ...] = ()) -> _Text:
    toks = tokens(text)
    text_words = [t.word for t in toks]
    seq = shingle_sequence(text_words, SHINGLE_K)
    unique, first = np.unique(seq, return_index=True)
    starts = np.fromiter((t.start for t in toks), dtype=np.int64, count=len(toks))
    ends = np.fromiter((t.end for t in toks), dtype=np.int64, count=len(toks))
    quotes = quote_spans(text) + block_quote_spans(text, block_quotes)  # found once for both
    quoted = _quote_mask(starts, quotes)
    return _Text(
        starts=starts,
        ends=ends,
        shingles=seq,
        unique=unique,
        first_position=first,
        quoted=quoted,
        quoted_before=[0, *np.cumsum(quoted).tolist()],
        sentences=tuple(_plain_sentences(text, quotes)),
    )


def quote_spans(text: str) -> list[tuple[int, int]]:
    """Character ranges inside quotation marks, double or single.

    An opening mark pairs with the next closing mark; openers met on the way are the
    multi-paragraph convention (each paragraph reopens) and do not end the quotation.
    Straight double quotes pair in order.  Curly single quotes count only where they
    cannot be apostrophes: ‘ opening a word, ’ closing one ("won’t" is not a quote).
    An opener with no closer within ``MAX_QUOTE_CHARS`` quotes to the end of its line.
    """
    double = [(m.start(), m.group() in _CLOSERS) for m in _QUOTE_MARK.finditer(text)]
    double = [(at, closes and text[at] != '"', text[at] == '"') for at, closes in double]
    single = [(m.start(), m.group() == "’", False) for m in _SINGLE_QUOTE_MARK.finditer(text)]
    return _pair(text, double) + _pair(text, single)


def _pair(text: str, marks: list[tuple[int, bool, bool]]) -> list[tuple[int, int]]:
    """Pair (position, is closer, is straight) marks into quoted ranges."""
    spans: list[tuple[int, int]] = []
    k = 0
    while k < len(marks):
        start, closes, _ = marks[k]
        if closes:  # a closer with nothing open: a stray mark
            k += 1
            continue
        closing = next((j for j in range(k + 1, len(marks)) if marks[j][1] or marks[j][2]), None)
        if closing is not None and marks[closing][0] - start <= MAX_QUOTE_CHARS:
            spans.append((start, marks[closing][0] + 1))
            k = closing + 1
            continue
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        spans.append((start, end))
        while k < len(marks) and marks[k][0] < end:
            k += 1
    return spans


def block_quote_spans(text: str, block_quotes: Sequence[str]) -> list[tuple[int, int]]:
    """Where the page's block quotations (paragraphs it set off as quoted) lie in ``text``,
    found in order; one that is not in the text (removed as boilerplate) is skipped."""
    spans, cursor = [], 0
    for quote in block_quotes:
        at = text.find(quote, cursor) if quote else -1
        if at >= 0:
            spans.append((at, at + len(quote)))
            cursor = at + len(quote)
    return spans


def _quote_mask(starts: np.ndarray, quotes: Sequence[tuple[int, int]]) -> np.ndarray:
    mask = np.zeros(len(starts), dtype=bool)
    for begin, end in quotes:
        mask |= (starts >= begin) & (starts < end)
    return mask


def sentences(text: str) -> list[str]:
    """Sentences and lines of ``text``, stripped, empty ones dropped."""
    return [s.strip() for s in _SENTENCE_END.split(text) if s.strip()]


def _plain_sentences(text: str, quoted: Sequence[tuple[int, int]]) -> list[str]:
    """Normalised sentences mostly outside the ``quoted`` ranges, long enough to be
    distinctive."""
    out: list[str] = []
    position = 0
    for sentence in sentences(text):
        position = text.find(sentence, position)
        sentence_words = words(sentence)
        if len(sentence_words) < SENTENCE_MIN_WORDS:
            continue
        end = position + len(sentence)
        inside = sum(max(0, min(e, end) - max(b, position)) for b, e in quoted)
        if inside * 2 < len(sentence):
            out.append(" ".join(sentence_words))
    return out


def compare(
    a_text: str,
    b_text: str,
    *,
    fuzzy: bool = True,
    a_quotes: tuple[str, ...] = (),
    b_quotes: tuple[str, ...] = (),
) -> Overlap:
    """Measure how much of A is in B and B in A.

    The two texts are always measured in one canonical orientation, so that
    ``compare(b, a) == compare(a, b).swapped()`` exactly: whichever page arrives second,
    the link comes out the same.  ``fuzzy=False`` skips sentence matching.  ``a_quotes``
    and ``b_quotes`` are paragraphs each page set off as block quotations: text quoted
    in both is a shared source, like text inside quotation marks in both.
    """
    if (len(a_text), a_text) > (len(b_text), b_text):
        return _compare_reversed(b_text, a_text, fuzzy, b_quotes, a_quotes)
    return _compare_ordered(a_text, b_text, fuzzy, a_quotes, b_quotes)


@lru_cache(maxsize=1024)
def _compare_reversed(
    a_text: str, b_text: str, fuzzy: bool, a_quotes: tuple[str, ...], b_quotes: tuple[str, ...]
) -> Overlap:
    """The canonical pair's overlap seen from B, kept: swapping sorts every span."""
    return _compare_ordered(a_text, b_text, fuzzy, a_quotes, b_quotes).swapped()


@lru_cache(maxsize=1024)  # linking re-decides a chain's neighbours: the same pairs recur
def _compare_ordered(
    a_text: str, b_text: str, fuzzy: bool, a_quotes: tuple[str, ...], b_quotes: tuple[str, ...]
) -> Overlap:
    a, b = _analyse(a_text, a_quotes), _analyse(b_text, b_quotes)
    a_words, b_words = len(a.starts), len(b.starts)
    if not len(a.unique) or not len(b.unique):
        return Overlap.empty(a_words, b_words)
    common = np.intersect1d(a.unique, b.unique, assume_unique=True)
    shared = len(common)
    spans = _shared_spans(a, b) if shared else ()
    matched, match_share, reworded = _sentence_match(a, b) if fuzzy else (0, 0.0, 0)
    return Overlap(
        jaccard=shared / (len(a.unique) + len(b.unique) - shared),
        a_in_b=shared / len(a.unique),
        b_in_a=shared / len(b.unique),
        sentence_match=match_share,
        quoted_only=_quoted_only(spans),
        shared_spans=spans,
        a_words=a_words,
        b_words=b_words,
        matched_sentences=matched,
        a_shingles=len(a.unique),
        b_shingles=len(b.unique),
        a_sentences=len(a.sentences),
        b_sentences=len(b.sentences),
        reworded_sentences=reworded,
    )


def _shared_spans(a: _Text, b: _Text) -> tuple[SharedSpan, ...]:
    """Maximal runs of shingles consecutive in both texts.

    A run is extended while the next shingles agree in both texts; a new run starts at
    the shingle's first occurrence in B, a cheap alignment that is exact except where
    a passage is repeated inside one page.
    """
    found = np.minimum(np.searchsorted(b.unique, a.shingles), len(b.unique) - 1)
    at = np.flatnonzero(b.unique[found] == a.shingles)
    first = b.first_position[found[at]]
    runs = _runs(a, b, at, first)
    last_a, last_b = len(a.starts) - 1, len(b.starts) - 1
    spans = []
    for a0, a1, b0, b1 in runs:
        a_end, b_end = min(a1 + SHINGLE_K - 1, last_a), min(b1 + SHINGLE_K - 1, last_b)
        # Quoted in both: a statement both pages quote.  Quoted in one only: the quoting
        # page took the words from the other (a newsletter quoting a story's lede).
        quoted = min(
            (a.quoted_before[a_end + 1] - a.quoted_before[a0]) / (a_end + 1 - a0),
            (b.quoted_before[b_end + 1] - b.quoted_before[b0]) / (b_end + 1 - b0),
        )
        spans.append(
            SharedSpan(
                a_start=int(a.starts[a0]),
                a_end=int(a.ends[a_end]),
                b_start=int(b.starts[b0]),
                b_end=int(b.ends[b_end]),
                words=a_end - a0 + 1,
                quoted=round(float(quoted), 3),
            )
        )
    return tuple(spans)


def _runs(a: _Text, b: _Text, at: np.ndarray, first: np.ndarray) -> list[tuple[int, int, int, int]]:
    """Runs as (A start, A end, B start, B end) shingle positions.

    ``at`` are A's positions of shared shingles, ``first`` their first positions in B.
    A run starts at a shared shingle's first occurrence in B and goes on while the two
    texts agree in step: one array comparison per run, not a step per shingle.
    """
    a_seq, b_seq = a.shingles, b.shingles
    block_ends = np.append(np.flatnonzero(np.diff(at) != 1), len(at) - 1)
    block_end = np.repeat(block_ends, np.diff(block_ends, prepend=-1)).tolist()
    at_list, first_list = at.tolist(), first.tolist()
    runs: list[tuple[int, int, int, int]] = []
    p = 0
    while p < len(at_list):
        i, j = at_list[p], first_list[p]
        room = min(block_end[p] - p + 1, len(b_seq) - j)  # beyond its block, A is not shared
        differ = np.flatnonzero(a_seq[i : i + room] != b_seq[j : j + room])
        length = int(differ[0]) if len(differ) else room
        runs.append((i, i + length - 1, j, j + length - 1))
        p += length
    return runs


def _quoted_only(spans: Sequence[SharedSpan]) -> bool:
    covered = sum(span.words for span in spans)
    quoted = sum(span.words * span.quoted for span in spans)
    return covered > 0 and quoted >= QUOTED_ONLY_SHARE * covered


def _sentence_match(a: _Text, b: _Text) -> tuple[int, float, int]:
    """Sentences of the text with fewer of them that have a fuzzy match, in order: the
    count and its share at SENTENCE_SCORE, and the count at REWORDED_SENTENCE_SCORE.

    Only the longest chain of matches in the same order counts: a spun copy keeps the
    order of its source, while scattered look-alike sentences do not make a copy.
    """
    small, large = (a, b) if len(a.sentences) <= len(b.sentences) else (b, a)
    if not small.sentences or not large.sentences:
        return 0, 0.0, 0
    scores = process.cdist(
        small.sentences,
        large.sentences,
        scorer=fuzz.ratio,
        score_cutoff=REWORDED_SENTENCE_SCORE,
        dtype=np.uint8,
    )
    reworded = _ordered_matches(scores)
    scores[scores < SENTENCE_SCORE] = 0
    matched = _ordered_matches(scores)
    return matched, matched / len(small.sentences), reworded


def _ordered_matches(scores: np.ndarray) -> int:
    """Rows whose best match (a nonzero score) lies in one increasing chain of columns."""
    best = [int(np.argmax(row)) if row.max() else -1 for row in scores]
    return _longest_increasing([j for j in best if j >= 0])


def _longest_increasing(values: list[int]) -> int:
    """Length of the longest strictly increasing subsequence (patience sorting)."""
    tails: list[int] = []
    for value in values:
        index = int(np.searchsorted(tails, value, side="left"))
        if index == len(tails):
            tails.append(value)
        else:
            tails[index] = value
    return len(tails)


def classify(overlap: Overlap) -> LinkKind:
    """Name the reuse an overlap shows.

    verbatim: near-identical bodies, differing only at the edges (header, credit line).
    edited: most of each text is in the other (insertions, deletions, changed words) or
    most sentences of both match reworded, in order (spun).  excerpt: a substantial
    passage of one is in the other (or, reworded, a run of its sentences).  none: what
    is left, including same-topic reports that share only quotations and names.
    """
    if overlap.quoted_only:
        return LinkKind.NONE
    if _one_passage(overlap):
        return LinkKind.VERBATIM
    if min(overlap.a_in_b, overlap.b_in_a) >= EDITED_CONTAINMENT:
        return LinkKind.EDITED
    spun = (
        overlap.sentence_match >= SPUN_SENTENCE_MATCH
        and overlap.matched_sentences >= SPUN_MIN_SENTENCES
    )
    reworded = overlap.reworded_sentences >= REWORDED_MIN_SENTENCES
    if reworded and overlap.reworded_share >= SPUN_SENTENCE_MATCH:
        return LinkKind.EDITED
    if _has_copied_passage(overlap):
        return LinkKind.EXCERPT
    if spun and overlap.matched_sentences >= REWORDED_EXCERPT_SENTENCES:
        return LinkKind.EXCERPT
    return LinkKind.NONE


def _one_passage(overlap: Overlap) -> bool:
    """Near-identical bodies: one unbroken shared passage makes up almost all of both.

    Anything left over sits at the edges (a header, a credit line, a dropped title);
    a word changed or a line inserted inside the body breaks the passage: edited.
    """
    lengths = [span.words for span in overlap.shared_spans]
    longest = max(lengths, default=0)
    return longest >= VERBATIM_SPAN_SHARE * max(
        overlap.a_words, overlap.b_words, 1
    ) and longest >= VERBATIM_ONE_PASSAGE * sum(lengths)


def _has_copied_passage(overlap: Overlap) -> bool:
    copied = max(overlap.longest_run, overlap.copied_words)
    smaller = min(overlap.a_words, overlap.b_words)
    return copied >= EXCERPT_RUN_WORDS or (
        copied >= EXCERPT_MIN_WORDS and copied >= EXCERPT_RUN_SHARE * smaller
    )


# --- paragraphs and boilerplate -------------------------------------------------------


def paragraphs(text: str) -> list[str]:
    """Non-empty lines of ``text``: extraction puts one paragraph per line."""
    return [line.strip() for line in text.splitlines() if line.strip()]


@lru_cache(maxsize=16384)
def paragraph_key(paragraph: str) -> str:
    """The comparison form of a paragraph: its normalised words."""
    return " ".join(words(paragraph))


def boilerplate_lines(texts_of_one_publisher: Sequence[str], min_articles: int = 2) -> set[str]:
    """Keys of paragraphs that recur across different stories of one publisher.

    A paragraph shared by two pages is boilerplate only if the pages are different
    stories; a story the publisher carried twice (an update, a second repost of it
    via a crossposter) must keep its body.  Pages are the same story when they are
    near-identical, or when most of the smaller one is shared with the other once the
    *widespread* paragraphs (found on at least three pages and a tenth of them: footers,
    series intros) are set aside.  Hence a publisher with only two pages, each mostly
    boilerplate, looks like one story told twice: three pages are needed to tell.

    Returns :func:`paragraph_key` forms, for :func:`strip_paragraphs`.
    """
    texts = list(texts_of_one_publisher)
    keys = [_keyed_paragraphs(text) for text in texts]
    pages: dict[str, set[int]] = defaultdict(set)
    for index, page_keys in enumerate(keys):
        for key in page_keys:
            pages[key].add(index)
    widespread_at = max(WIDESPREAD_MIN_PAGES, math.ceil(WIDESPREAD_SHARE * len(texts)))
    widespread = {key for key, found in pages.items() if len(found) >= widespread_at}
    stories = _UnionFind(len(texts))
    _join_near_duplicates(texts, stories)
    _join_shared_stories(keys, pages, widespread, stories)
    return {
        key for key, found in pages.items() if len({stories.root(i) for i in found}) >= min_articles
    }


def _keyed_paragraphs(text: str) -> dict[str, int]:
    """Paragraph keys of a text with their word counts."""
    out: dict[str, int] = {}
    for paragraph in paragraphs(text):
        key = paragraph_key(paragraph)
        if key:
            out[key] = key.count(" ") + 1
    return out


class _UnionFind:
    def __init__(self, size: int) -> None:
        self.parent = list(range(size))

    def root(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def join(self, i: int, j: int) -> None:
        self.parent[self.root(j)] = self.root(i)


def _join_near_duplicates(texts: Sequence[str], stories: _UnionFind) -> None:
    """Join near-identical pages (rewrapped paragraphs defeat the paragraph test)."""
    uniques = [_analyse(text).unique for text in texts]
    buckets: dict[int, list[int]] = defaultdict(list)
    for index, hashes in enumerate(uniques):
        for key in band_keys(minhash(hashes)):
            buckets[key].append(index)
    for members in buckets.values():
        first = members[0]
        for other in members[1:]:
            if stories.root(first) != stories.root(other) and (
                _jaccard(uniques[first], uniques[other]) >= SAME_ARTICLE_JACCARD
            ):
                stories.join(first, other)


def _join_shared_stories(
    keys: list[dict[str, int]],
    pages: dict[str, set[int]],
    widespread: set[str],
    stories: _UnionFind,
) -> None:
    """Join pages sharing most of the smaller one, widespread paragraphs aside."""
    own_words = [sum(n for k, n in page.items() if k not in widespread) for page in keys]
    checked: set[tuple[int, int]] = set()
    for key, found in pages.items():
        if key in widespread or len(found) < 2:
            continue
        members = sorted(found)
        for x, i in enumerate(members):
            for j in members[x + 1 :]:
                if (i, j) in checked:
                    continue
                checked.add((i, j))
                shared = sum(n for k, n in keys[i].items() if k in keys[j] and k not in widespread)
                if shared >= SAME_STORY_SHARE * max(1, min(own_words[i], own_words[j])):
                    stories.join(i, j)


def _jaccard(a: np.ndarray, b: np.ndarray) -> float:
    shared = len(np.intersect1d(a, b, assume_unique=True))
    union = len(a) + len(b) - shared
    return shared / union if union else 0.0


def strip_paragraphs(text: str, keys: Collection[str]) -> str:
    """``text`` without the lines whose :func:`paragraph_key` is in ``keys``."""
    return "\n\n".join(p for p in paragraphs(text) if paragraph_key(p) not in keys)


def removed_paragraphs(text: str, keys: Collection[str]) -> tuple[str, ...]:
    """The lines of ``text`` that :func:`strip_paragraphs` would remove."""
    return tuple(p for p in paragraphs(text) if paragraph_key(p) in keys)


def paragraph_spans(text: str, keys: Collection[str]) -> list[tuple[int, int]]:
    """(start, end) offsets of the lines of ``text`` whose key is in ``keys``.

    The diff flags these as boilerplate instead of edits to the body.
    """
    spans = []
    for match in re.finditer(r"[^\n]+", text):
        if match.group().strip() and paragraph_key(match.group()) in keys:
            spans.append((match.start(), match.end()))
    return spans


@lru_cache(maxsize=256)
def paragraph_shingles(text: str) -> np.ndarray:
    """Unique shingle hashes taken within each paragraph, never across two.

    Shingles that straddle a paragraph break join a copier's header to the body; every
    repost on one platform shares such junctions, so they prove nothing about who
    copied whom.
    """
    parts = [shingle_sequence(paragraph_key(p).split()) for p in paragraphs(text)]
    hashes = np.unique(np.concatenate(parts)) if parts else np.empty(0, dtype=np.uint64)
    hashes.flags.writeable = False  # cached and shared
    return hashes


def containment(part: Iterable[str], whole_text: str) -> float:
    """Share of the shingles of ``part`` (one paragraph) found in ``whole_text``."""
    part_hashes = _part_shingles(tuple(part))
    if not len(part_hashes):
        return 0.0
    whole = _analyse(whole_text).unique
    return len(np.intersect1d(part_hashes, whole, assume_unique=True)) / len(part_hashes)


@lru_cache(maxsize=4096)  # parent choice tests each paragraph against several texts
def _part_shingles(part: tuple[str, ...]) -> np.ndarray:
    hashes = np.unique(shingle_sequence(list(part)))
    hashes.flags.writeable = False  # cached and shared
    return hashes
