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

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import lru_cache
from urllib.parse import urlsplit

import numpy as np
from rapidfuzz import fuzz, process

from provenance.compare import (
    LinkKind,
    Overlap,
    classify,
    compare,
    containment,
    paragraph_key,
    paragraph_shingles,
    paragraphs,
)
from provenance.fingerprint import words

INSERTION_MIN_WORDS = 6  # shorter shared lines ("Share this:") prove nothing
# A credit line is short ("Read the full article at X"); a long editor's note that names
# the original ("We are crossposting this from our partners at X because …") is the
# crossposter's own writing, and a copy carrying it copied the crossposter.
CREDIT_LINE_MAX_WORDS = 25
CARRIED_CONTAINMENT = 0.8
CARRIED_RATIO = 90  # rapidfuzz ratio of a paragraph carried with a typo
HELD_CONTAINMENT = 0.5
HELD_RATIO = 75
BODY_MIN_WORDS = 12  # changed words count as carried only inside body paragraphs
CARRYING_MIN_WORDS = 8
CARRYING_MIN_SHINGLES = 5  # one changed word alters five 5-shingles
RELATED_CONTAINMENT = 0.3  # a text to contrast with must be a version of the candidate
CONTRAST_COVERAGE = 0.4
NAME_SIMILARITY = 90
ADDITION_SLACK = 0.05  # a copy may also lose a few words (a fixed typo) of its source
ADDITION_MIN = 4  # shingles: a header line of four words
EXCERPT_SHARE_MIN = 0.6  # an excerpt is mostly copied text (the rest its commentary)
EXCERPT_OF_WHOLE_MAX = 0.6  # and holds well under two thirds of its source
EXCERPT_MARGIN = 0.2
SIMILARITY_TOLERANCE = 0.03
FIRST_SEEN_MIN_GAP = timedelta(hours=1)
PUBLISHED_MIN_GAP = timedelta(minutes=30)  # CMS clocks and scheduled posts are not exact
CREDIT_EDGE_LINES = 6
CREDIT_MAX_WORDS = 12
MENTION_MIN_CHARS = 5

_SECOND_LEVEL = {"co", "com", "org", "net", "ac", "gov", "edu", "news"}


@dataclass(frozen=True)
class ArticleFacts:
    """What parent choice needs to know about one article, as plain data.

    ``text`` is the body with boilerplate removed; ``boilerplate`` keeps the removed
    paragraphs (series intro, editor's note, credit lines), because a copy that carries
    another page's boilerplate was copied from that page.  ``credit_lines`` are the
    header and credit lines extraction took out of the text as origin evidence
    ("Global Research, March 06, 2022"): a copy that kept a crossposter's dateline
    names the crossposter even though the line is in neither of the other two.
    """

    id: int
    publisher: str
    publisher_aliases: tuple[str, ...]
    url: str
    canonical_url: str
    published: date | None
    first_seen: datetime
    title: str
    text: str
    origin_name: str = ""
    origin_url: str = ""
    origin_date: date | None = None
    inferred: bool = False
    boilerplate: tuple[str, ...] = ()
    credit_lines: tuple[str, ...] = ()
    block_quotes: tuple[str, ...] = ()  # paragraphs the page set off as quotations
    published_at: datetime | None = None  # the moment of publication, where known
    intros: tuple[str, ...] = ()  # editor's notes the page puts above the article

    @property
    def full_text(self) -> str:
        """Body and boilerplate: everything a copier could have taken from the page."""
        return "\n\n".join([self.text, *self.boilerplate]) if self.boilerplate else self.text

    @property
    def page_text(self) -> str:
        """Title, body and boilerplate: what a page holds, to contrast a copy against."""
        return "\n\n".join(part for part in (self.title, self.full_text) if part)


@dataclass(frozen=True)
class Candidate:
    """An earlier article that may be the parent, with ``compare(child, candidate)``.

    ``context_texts`` are texts of the candidate's own parent or original when the
    caller knows them; they let shared insertions be told from the original's body
    even when that original is not among the candidates.
    """

    facts: ArticleFacts
    overlap: Overlap
    context_texts: tuple[str, ...] = ()


@dataclass(frozen=True)
class ParentChoice:
    parent_id: int
    kind: LinkKind
    confidence: float
    evidence: tuple[str, ...]


# --- names --------------------------------------------------------------------------


@lru_cache(maxsize=4096)
def compare_facts(a: ArticleFacts, b: ArticleFacts, *, fuzzy: bool = True) -> Overlap:
    """``compare`` of two articles' bodies, each with its own block quotations."""
    return compare(a.text, b.text, fuzzy=fuzzy, a_quotes=a.block_quotes, b_quotes=b.block_quotes)


def _host_label(url_or_domain: str) -> str:
    """The distinctive label of a host: "www.globalresearch.ca" -> "globalresearch"."""
    value = url_or_domain.strip().casefold()
    host = urlsplit(value if "//" in value else f"//{value}").hostname or ""
    labels = [label for label in host.split(".") if label and label != "www"]
    if len(labels) > 1:
        labels = labels[:-1]  # the top-level domain
    if len(labels) > 1 and labels[-1] in _SECOND_LEVEL:
        labels = labels[:-1]  # bbc.co.uk
    return labels[-1].replace("-", "") if labels else ""


@lru_cache(maxsize=4096)
def _name_keys(name: str) -> frozenset[str]:
    """Compact forms of a publisher name or domain, with and without a leading "the"."""
    name = name.strip()
    if not name:
        return frozenset()
    if re.fullmatch(r"(https?://)?[\w.-]+\.[a-z]{2,}(/\S*)?", name, re.I):
        compact = _host_label(name)
    else:
        compact = "".join(word for word in words(name) if word.isalnum())
    keys = {compact}
    if compact.startswith("the") and len(compact) > 6:
        keys.add(compact[3:])
    return frozenset(key for key in keys if key)


def same_name(name: str, other: str) -> bool:
    """Whether two publisher names (or domains) denote the same publisher."""
    for key in _name_keys(name):
        for other_key in _name_keys(other):
            if key == other_key:
                return True
            if min(len(key), len(other_key)) >= 6 and fuzz.ratio(key, other_key) >= (
                NAME_SIMILARITY
            ):
                return True
    return False


def _publisher_names(facts: ArticleFacts) -> list[str]:
    names = [facts.publisher, *facts.publisher_aliases]
    if facts.url:
        names.append(_host_label(facts.url))
    return [name for name in names if name]


@lru_cache(maxsize=4096)
def _normal_url(url: str) -> str:
    parts = urlsplit(url.strip().casefold())
    host = (parts.hostname or "").removeprefix("www.")
    return f"{host}{parts.path.rstrip('/')}" + (f"?{parts.query}" if parts.query else "")


def one_article(a: ArticleFacts, b: ArticleFacts) -> bool:
    """Two URLs of one publisher's one article (its AMP or print version, whose canonical
    link is the other's address): another format of the page, not a copy of it."""
    if a.inferred or b.inferred or not same_name(a.publisher, b.publisher):
        return False
    return _canonical_is(a, b) or _canonical_is(b, a)


def _canonical_is(a: ArticleFacts, b: ArticleFacts) -> bool:
    return bool(a.canonical_url and b.url) and _normal_url(a.canonical_url) == _normal_url(b.url)


def names(a: ArticleFacts, b: ArticleFacts) -> str:
    """How ``a`` names ``b`` as its source, as an evidence string; "" when it does not."""
    b_urls = {_normal_url(u) for u in (b.url, b.canonical_url) if u}
    if a.origin_url and _normal_url(a.origin_url) in b_urls:
        return f"links to {a.origin_url} as its source"
    canonical = _normal_url(a.canonical_url) if a.canonical_url else ""
    own = _normal_url(a.url) if a.url else ""
    if canonical and canonical != own and canonical in b_urls:
        return f"its canonical link points to {a.canonical_url}"
    if _credits(a, b):
        return f"names {b.publisher or a.origin_name} as source"
    line = _mention(a, b)
    if line:
        return f"names {_display(b)} in the line “{line}”"
    return ""


def _credits(a: ArticleFacts, b: ArticleFacts) -> bool:
    """Whether ``a``'s origin name is ``b``'s publisher (and not ``a``'s own, as a
    copyright line on an original would be)."""
    if not a.origin_name or any(same_name(a.origin_name, n) for n in _publisher_names(a)):
        return False
    return any(same_name(a.origin_name, n) for n in _publisher_names(b))


def _mention(a: ArticleFacts, b: ArticleFacts) -> str:
    """A short line at the top or bottom of ``a`` (a byline, dateline or credit) that
    names ``b``'s publisher and not ``a``'s own: "Global Research, March 06, 2022"."""
    theirs = {key for name in _publisher_names(b) for key in _name_keys(name)}
    theirs = {key for key in theirs if len(key) >= MENTION_MIN_CHARS}
    ours = {key for name in _publisher_names(a) for key in _name_keys(name) if len(key) >= 3}
    if not theirs or theirs & ours:
        return ""
    for line, compact in (*_credit_lines(a.full_text), *_short_lines(a.credit_lines)):
        if any(key in compact for key in theirs) and not any(key in compact for key in ours):
            return line
    return ""


@lru_cache(maxsize=256)
def _credit_lines(text: str) -> tuple[tuple[str, str], ...]:
    """Short lines among the first and last paragraphs, with their compact forms."""
    paras = paragraphs(text)
    if len(paras) > 2 * CREDIT_EDGE_LINES:
        paras = paras[:CREDIT_EDGE_LINES] + paras[-CREDIT_EDGE_LINES:]
    return _short_lines(tuple(paras))


@lru_cache(maxsize=256)
def _short_lines(lines: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    """The lines short enough to be a byline, dateline or credit, with compact forms."""
    return tuple(
        (p, paragraph_key(p).replace(" ", "")) for p in lines if len(words(p)) <= CREDIT_MAX_WORDS
    )


def _names_any(paragraph: str, names_: Iterable[str]) -> bool:
    """Whether a paragraph names one of the publishers (compact, casefolded match)."""
    compact = paragraph_key(paragraph).replace(" ", "")
    keys = {key for name in names_ if name for key in _name_keys(name)}
    return any(len(key) >= MENTION_MIN_CHARS and key in compact for key in keys)


# --- direction ----------------------------------------------------------------------


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


# --- shared insertions ----------------------------------------------------------------


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


# --- choosing -------------------------------------------------------------------------


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


def _assess(child: ArticleFacts, candidate: Candidate) -> _Assessment | None:
    facts = candidate.facts
    if facts.id == child.id or one_article(child, facts):
        return None
    naming = names(child, facts)
    kind = classify(candidate.overlap) if not facts.inferred else LinkKind.NONE
    if (facts.inferred and not naming) or (not facts.inferred and kind is LinkKind.NONE):
        return None
    if kind is LinkKind.VERBATIM and _adds_intro(child, facts):
        kind = LinkKind.EDITED
    return _assessed(child, candidate, naming, kind)


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


# --- evidence -------------------------------------------------------------------------


def _evidence(child: ArticleFacts, best: _Assessment) -> list[str]:
    facts = best.facts
    lines: list[str] = []
    if best.naming:
        lines.append(best.naming)
    if best.insertions:
        lines.append(_insertion_evidence(child, best))
    elif best.carried >= CARRYING_MIN_SHINGLES:
        lines.append(f"shares {best.carried} phrases found only in {_display(facts)}'s version")
    lines.extend(_inherited_credits(child, best))
    lines.append(_date_evidence(child, facts))
    if facts.inferred:
        lines.append("the original is known only from what its copies say about it")
    else:
        lines.append(_overlap_evidence(best.candidate.overlap, best.kind))
    if best.order_rule in {"containment", "first_seen"}:
        lines.append(f"order decided by {best.order_rule.replace('_', ' ')}")
    return [line for line in lines if line]


def _inherited_credits(child: ArticleFacts, best: _Assessment) -> Iterable[str]:
    """When the child also credits an earlier source, say why this page wins."""
    facts = best.facts
    if not child.origin_name or not facts.origin_name:
        return
    credits_this_page = any(same_name(child.origin_name, n) for n in _publisher_names(facts))
    if not credits_this_page and same_name(child.origin_name, facts.origin_name):
        yield (
            f"credits {child.origin_name} as {_display(facts)} does: "
            "the credit line came with the copied text"
        )


def _insertion_evidence(child: ArticleFacts, best: _Assessment) -> str:
    first = best.insertions[0]
    where = _position(child.full_text, first)
    line = f"carries {_display(best.facts)}'s {where} paragraph: “{_snippet(first)}…”"
    if len(best.insertions) > 1:
        line += f" and {len(best.insertions) - 1} more of its own paragraphs"
    return line


def _position(text: str, paragraph: str) -> str:
    """Intro, closing or inserted, from where the paragraph sits in the child."""
    key_words = words(paragraph)[:8]
    text_words = words(text)
    for i in range(len(text_words) - len(key_words) + 1):
        if text_words[i : i + len(key_words)] == key_words:
            share = i / max(len(text_words), 1)
            return "intro" if share < 0.2 else "closing" if share > 0.8 else "inserted"
    return "own"


def _snippet(paragraph: str, min_chars: int = 18) -> str:
    out = ""
    for word in paragraph.split():
        out = f"{out} {word}".strip()
        if len(out) >= min_chars:
            break
    return out


def _display(facts: ArticleFacts) -> str:
    return facts.publisher or _host_label(facts.url) or f"article {facts.id}"


def _date_evidence(child: ArticleFacts, parent: ArticleFacts) -> str:
    child_day, parent_day = child.published, parent.published
    if child_day is None or parent_day is None:
        return ""
    days = (child_day - parent_day).days
    pair = f"({child_day.isoformat()} vs {parent_day.isoformat()})"
    if days == 0 and _published_order(child, parent) == -1:
        minutes = round((child.published_at - parent.published_at).total_seconds() / 60)
        hours = f"{minutes // 60} h {minutes % 60:02d} min" if minutes >= 60 else f"{minutes} min"
        when = f"{child.published_at.isoformat()} vs {parent.published_at.isoformat()}"
        return f"published {hours} later the same day ({when})"
    if days == 0:
        return f"published the same day ({child_day.isoformat()})"
    if days == 1:
        return f"published a day later {pair}"
    if days > 1:
        return f"published {days} days later {pair}"
    return f"published {-days} day{'s' if days < -1 else ''} earlier {pair}"


def _overlap_evidence(overlap: Overlap, kind: LinkKind) -> str:
    if kind is LinkKind.EXCERPT:
        share = overlap.b_in_a if overlap.a_words <= overlap.b_words else overlap.a_in_b
        passages = len(overlap.copied_passages)
        if passages > 1:  # then their sum exceeds the longest run
            where = f"in {passages} passages of {overlap.copied_words} words in all"
        else:
            where = f"in a {overlap.longest_run}-word passage"
        return f"repeats {share:.0%} of its text, {where}"
    if overlap.jaccard < 0.5 and overlap.sentence_match >= 0.5:
        return f"matches {overlap.sentence_match:.0%} of its sentences, reworded (spun copy)"
    return f"contains {overlap.b_in_a:.0%} of its text"
