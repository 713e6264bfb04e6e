"""Writes for provenance: the shared index, republication links, inferred originals.

Linking runs under one PostgreSQL advisory lock, held for the few milliseconds a
decision takes: a worker always sees every fingerprint committed before it, so two
workers handling two copies at once still build one chain. Network and extraction work
happen before, outside the lock.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from urllib.parse import urlsplit

import numpy as np
import xxhash
from django.db import connection, transaction
from django.db.models import Count, Exists, OuterRef, Q

from provenance import fingerprint as fp
from provenance import prepared
from provenance.compare import LinkKind, Overlap, classify, compare, paragraph_key, paragraphs
from provenance.models import BandKey, Fingerprint, Link, Paragraph, Posting
from provenance.parent import (
    ArticleFacts,
    Candidate,
    ParentChoice,
    choose_parent,
    compare_facts,
    direction,
    same_name,
)
from sources.errors import IngestError
from sources.models import Article, Publisher
from sources.normalize import normalize_url
from sources.republisher import is_page_chrome

log = logging.getLogger(__name__)

LINK_LOCK = 0x50524F56  # "PROV": one advisory lock for all linking decisions
MAX_CANDIDATES = 40
# A sampled shingle on more pages than this is a stock phrase. Counted at query time, so
# near the cap which pairs are found can depend on arrival order; far above any copy
# chain's size, it only trims boilerplate phrases.
FREQUENT_POSTING = 1000
MAX_BOILERPLATE_SHARE = 0.5  # never strip more than half a body as "series boilerplate"


@contextmanager
def link_lock() -> Iterator[None]:
    """Serialise linking across workers (transaction-scoped; call inside atomic)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LINK_LOCK])
    yield


# --- the shared index -------------------------------------------------------------------


def _paragraph_hash(paragraph: str) -> int:
    return _key_hash(paragraph_key(paragraph))


def _key_hash(key: str) -> int:
    """A paragraph key as the signed bigint Paragraph rows store."""
    return xxhash.xxh64_intdigest(key.encode()) - (1 << 63)


@dataclass(frozen=True)
class _IndexEntry:
    """One article's index rows, computed before any transaction opens."""

    article: Article
    print_: fp.Fingerprint
    paragraphs: frozenset[int]

    @classmethod
    def of(cls, article: Article) -> _IndexEntry:
        # The text is cut into words once: no word spans a line, so the body's words are
        # its paragraphs' words end to end, and a paragraph's key is its words joined.
        by_paragraph = [fp.words(p) for p in paragraphs(article.body_text())]
        print_ = fp.fingerprint_words([word for found in by_paragraph for word in found])
        keys = frozenset(_key_hash(" ".join(found)) for found in by_paragraph if found)
        return cls(article, print_, keys)

    def fingerprint_row(self) -> Fingerprint:
        bands = tuple(dict.fromkeys(self.print_.band_keys))
        hashes = tuple(dict.fromkeys(self.print_.postings))
        return Fingerprint(
            article=self.article,
            content_hash=self.article.content_hash,
            words=self.print_.word_count,
            postings=len(hashes),
            signature=self.print_.signature.astype(np.uint64).tobytes(),
            bands=bands,
            hashes=hashes,
        )


def article_fingerprint(*, article: Article) -> Fingerprint | None:
    """Store the article's fingerprint rows; unchanged text changes nothing.

    A new article costs one statement on PostgreSQL, atomic on its own.
    """
    return articles_fingerprint(articles=[article]).get(article.pk)


def articles_fingerprint(*, articles: Iterable[Article]) -> dict[int, Fingerprint]:
    """Store the fingerprint rows of many articles (bulk ingestion), by article id.

    Inferred originals get none; an unchanged text keeps its rows. On PostgreSQL all
    the articles without a fingerprint go in with one statement, so they commit at
    once; those fingerprinted before (their text changed, or a task ran twice) are
    compared and replaced in one more transaction.
    """
    entries = {a.pk: _IndexEntry.of(a) for a in articles if not a.inferred}
    if not _one_statement():
        with transaction.atomic():
            return {pk: _fingerprint_replace(entry) for pk, entry in entries.items()}
    stored = _fingerprints_insert(list(entries.values())) if entries else {}
    if len(stored) < len(entries):
        with transaction.atomic():
            for pk in entries.keys() - stored.keys():
                stored[pk] = _fingerprint_replace(entries[pk])
    return stored


def _one_statement() -> bool:
    """Whether rows go in with _INSERT_SQL (PostgreSQL), else through the ORM (SQLite)."""
    return connection.vendor == "postgresql"


def _fingerprint_replace(entry: _IndexEntry) -> Fingerprint:
    """Keep the rows of an unchanged text, else write them afresh (inside atomic).

    The article row is locked first: two workers replacing one article's rows at once
    would otherwise each delete what the other wrote.
    """
    article = entry.article
    Article.objects.select_for_update().filter(pk=article.pk).exists()
    existing = Fingerprint.objects.filter(article=article).first()
    if existing and existing.content_hash == article.content_hash:
        return existing
    if existing:
        existing.delete()  # and its band keys and postings (migration 0007, signals)
        Paragraph.objects.filter(article=article).delete()
    if _one_statement():
        return _fingerprints_insert([entry])[article.pk]
    row = entry.fingerprint_row()
    row.save(force_insert=True)
    BandKey.objects.bulk_create([BandKey(article=article, key=k) for k in row.bands])
    Posting.objects.bulk_create([Posting(article=article, hash=h) for h in row.hashes])
    Paragraph.objects.bulk_create(
        [
            Paragraph(article=article, publisher_id=article.publisher_id, key=k)
            for k in entry.paragraphs
        ]
    )
    return row


# The rows of many articles in one round trip. Band keys and postings are unnested from
# the fingerprint rows that went in (``new``), paragraphs joined to them: an article
# that has a fingerprint already is left to _fingerprint_replace. They need no ON
# CONFLICT (its speculative insertion costs a quarter of the statement): they are only
# ever written with their fingerprint, here, and deleted with it. They go in in key
# order, so B-tree pages are met in order (a tenth less time for a batch of 100 on a
# 200,000-article index: a random-key insert lands on a random leaf page). Key arrays
# travel as array literals, one per article, since unnest() would flatten a
# two-dimensional array.
_INSERT_SQL = """
WITH new AS (
    INSERT INTO provenance_fingerprint
        (article_id, content_hash, words, postings, signature, bands, hashes, created)
    SELECT article_id, content_hash, words, postings, signature, bands::bigint[],
           hashes::bigint[], created
    FROM unnest(
        %s::bigint[], %s::text[], %s::integer[], %s::integer[], %s::bytea[], %s::text[],
        %s::text[], %s::timestamptz[]
    ) AS r (article_id, content_hash, words, postings, signature, bands, hashes, created)
    ON CONFLICT (article_id) DO NOTHING
    RETURNING article_id, id, bands, hashes
), band AS (
    INSERT INTO provenance_bandkey (key, article_id)
    SELECT * FROM (SELECT unnest(bands), article_id FROM new) keys ORDER BY 1
), posting AS (
    INSERT INTO provenance_posting (hash, article_id)
    SELECT * FROM (SELECT unnest(hashes), article_id FROM new) keys ORDER BY 1
), paragraph AS (
    INSERT INTO provenance_paragraph (article_id, publisher_id, key)
    SELECT article_id, r.publisher_id, r.key
    FROM unnest(%s::bigint[], %s::bigint[], %s::bigint[]) AS r (article_id, publisher_id, key)
    JOIN new USING (article_id)
)
SELECT article_id, id FROM new
"""


def array_literal(keys: tuple[int, ...]) -> str:
    """Keys as a PostgreSQL array literal (also COPY's text form of a bigint[])."""
    return "{" + ",".join(map(str, keys)) + "}"


def _fingerprints_insert(entries: list[_IndexEntry]) -> dict[int, Fingerprint]:
    """Insert the rows of the articles that have no fingerprint yet (PostgreSQL)."""
    rows = [entry.fingerprint_row() for entry in entries]
    params: list[list] = [
        [row.article_id for row in rows],
        [row.content_hash for row in rows],
        [row.words for row in rows],
        [row.postings for row in rows],
        [row.signature for row in rows],
        [array_literal(row.bands) for row in rows],
        [array_literal(row.hashes) for row in rows],
        [row.created for row in rows],
    ]
    paras: list[list[int]] = [[], [], []]
    for entry in entries:
        pk, publisher_id = entry.article.pk, entry.article.publisher_id
        for key in entry.paragraphs:
            paras[0].append(pk)
            paras[1].append(publisher_id)
            paras[2].append(key)
    with connection.cursor() as cursor:
        cursor.execute(_INSERT_SQL, params + paras)
        inserted = dict(cursor.fetchall())
    stored = {}
    for row in rows:
        if row.article_id in inserted:
            row.pk = inserted[row.article_id]
            row._state.adding, row._state.db = False, connection.alias
            stored[row.article_id] = row
    return stored


# The article's own keys come from its fingerprint row, read once: unnested on
# PostgreSQL, passed in as JSON on SQLite (which stores them packed).
_OWN_KEYS = {
    "postgresql": """
    me AS MATERIALIZED (
        SELECT bands, hashes FROM provenance_fingerprint WHERE article_id = %(pk)s
    ), own AS MATERIALIZED (
        SELECT unnest(hashes) AS hash FROM me
    ), own_bands AS MATERIALIZED (
        SELECT unnest(bands) AS key FROM me
    )""",
    "sqlite": """
    own AS MATERIALIZED (SELECT value AS hash FROM json_each(%(hashes)s)),
    own_bands AS MATERIALIZED (SELECT value AS key FROM json_each(%(bands)s))""",
}

# The limits are written into the text, not passed: a prepared statement's generic plan
# would have to guess at a parameter LIMIT.
_CANDIDATES_SQL = """
WITH {own_keys}, counted AS MATERIALIZED (
    -- How many pages carry each sampled shingle, counted up to the cap only: a stock
    -- phrase's list is never read in full.
    SELECT own.hash, (SELECT count(*) FROM (
        SELECT 1 FROM provenance_posting p WHERE p.hash = own.hash LIMIT {cap} + 1
    ) upto) AS pages
    FROM own
), shared AS (
    -- Weighted by rarity: a shingle found on two pages says more than one on fifty.
    SELECT p.article_id, count(*) AS n, sum(1.0 / c.pages) AS weight
    FROM counted c JOIN provenance_posting p ON p.hash = c.hash
    WHERE c.pages <= {cap} AND p.article_id <> %(pk)s
    GROUP BY p.article_id ORDER BY weight DESC, p.article_id LIMIT {partial}
), near AS (
    SELECT DISTINCT b.article_id FROM provenance_bandkey b
    WHERE b.key IN (SELECT key FROM own_bands)
      AND b.article_id <> %(pk)s
    LIMIT {near}  -- no ORDER BY: any near-duplicates will do, and sorting costs a pass
)
SELECT 0, article_id, 0, 0, 0.0 FROM near
UNION ALL
SELECT 1, s.article_id, s.n, COALESCE(f.postings, 0), s.weight
FROM shared s LEFT JOIN provenance_fingerprint f ON f.article_id = s.article_id
UNION ALL
SELECT 2, 0, (SELECT count(*) FROM own), 0, 0.0
"""


def candidate_ids(article: Article) -> list[int]:
    """Articles sharing an LSH band (near-duplicates) or enough sampled shingles
    (excerpts), in one statement: lookup latency is most of the linking budget.

    Excerpt candidates come ranked by the rarity of what they share, so that pages
    sharing a few stock phrases do not crowd out the page an excerpt came from.
    """
    pk = article.pk
    params: dict[str, object] = {"pk": pk}
    if connection.vendor != "postgresql":
        bands, hashes = Fingerprint.objects.filter(article_id=pk).values_list(
            "bands", "hashes"
        ).first() or ((), ())
        params |= {"bands": json.dumps(bands), "hashes": json.dumps(hashes)}
    sql = _CANDIDATES_SQL.format(
        own_keys=_OWN_KEYS.get(connection.vendor, _OWN_KEYS["sqlite"]),
        cap=int(FREQUENT_POSTING),
        partial=int(MAX_CANDIDATES * 3),
        near=int(MAX_CANDIDATES * 2),
    )
    with connection.cursor() as cursor:
        prepared.execute(cursor, "provenance_candidates", sql, {"pk": "bigint"}, params)
        rows = cursor.fetchall()
    own = next((n for part, _pk, n, _size, _w in rows if part == 2), 0)
    near = {other for part, other, _n, _size, _w in rows if part == 0}
    # The threshold depends on both texts' sizes, so either may arrive first.
    partial = sorted(
        (-weight, other)
        for part, other, shared, size, weight in rows
        if part == 1 and shared >= fp.min_shared_postings(own, size)
    )[:MAX_CANDIDATES]
    return sorted(near | {other for _weight, other in partial})


# --- texts as parent choice sees them ----------------------------------------------------


@dataclass(frozen=True)
class Prepared:
    article: Article
    facts: ArticleFacts


def series_boilerplate(article_ids: list[int]) -> dict[int, set[int]]:
    """For each article, the paragraph hashes its publisher repeats in another of its
    articles: one query for a whole candidate pool, from the rows stored at
    fingerprinting."""
    if not article_ids:
        return {}
    recurring = Paragraph.objects.filter(
        publisher_id=OuterRef("publisher_id"), key=OuterRef("key")
    ).exclude(article_id=OuterRef("article_id"))
    rows = (
        Paragraph.objects.filter(article_id__in=article_ids)
        .filter(Exists(recurring))
        .values_list("article_id", "key")
    )
    found: dict[int, set[int]] = {}
    for article_id, key in rows:
        found.setdefault(article_id, set()).add(key)
    return found


def prepare(article: Article, recurring: set[int] | None = None) -> Prepared:
    """Facts for parent choice: body text without the publisher's series boilerplate
    (`recurring`, looked up when not given)."""
    body = "" if article.inferred else article.body_text()
    if recurring is None:
        recurring = series_boilerplate([article.pk]).get(article.pk, set()) if body else set()
    kept, removed = paragraphs(body), []
    if recurring:
        kept, removed = [], []
        for paragraph in paragraphs(body):
            (removed if _paragraph_hash(paragraph) in recurring else kept).append(paragraph)
    if len(" ".join(removed)) > MAX_BOILERPLATE_SHARE * len(body):
        kept, removed = paragraphs(body), []  # the same article twice, not boilerplate
    publisher = article.publisher
    facts = ArticleFacts(
        id=article.pk,
        publisher=publisher.name,
        publisher_aliases=tuple(publisher.aliases)
        + ((publisher.domain,) if publisher.domain else ()),
        url="" if article.url.startswith(("file:", "urn:")) else article.url,
        canonical_url=article.canonical_url,
        published=article.published,
        published_at=article.published_at,
        modified=article.modified,
        first_seen=article.first_seen,
        title=article.title,
        text="\n\n".join(kept),
        block_quotes=article.block_quotes(),
        intros=tuple(article.text[s:e] for s, e, kind in article.boilerplate if kind == "intro"),
        origin_name=article.origin_name,
        origin_url=article.origin_url,
        origin_date=article.origin_date,
        inferred=article.inferred,
        boilerplate=tuple(removed),
        credit_lines=tuple(article.origin_evidence),
    )
    return Prepared(article=article, facts=facts)


# --- inferred originals ----------------------------------------------------------------


def _names_itself(article: Article) -> bool:
    return any(same_name(article.origin_name, name) for name in article.publisher.all_names())


def inferred_original_key(article: Article, publisher: Publisher) -> str:
    """One inferred original per (publisher, date) or origin URL, whoever names it first.

    A link to the publisher's home page ("Read more at harborwatch.example") names the
    publisher, not the story: two stories credited that way are two originals."""
    if article.origin_url and urlsplit(article.origin_url).path.strip("/"):
        return f"urn:provenance:inferred:{publisher.slug}:{article.origin_url}"[:2000]
    if article.origin_date:
        return f"urn:provenance:inferred:{publisher.slug}:{article.origin_date.isoformat()}"
    return f"urn:provenance:inferred:{publisher.slug}:{article.content_hash[:16]}"


def inferred_original_ensure(*, article: Article) -> Article | None:
    """The original a copy names but we never fetched, created once (unique URL)."""
    from sources.services import publisher_resolve

    if article.inferred or not article.origin_name or _names_itself(article):
        return None
    if _page_at_origin_url(article) is not None:
        return None  # the page it names as its source is here: nothing to infer
    publisher = publisher_resolve(name=article.origin_name)
    url = inferred_original_key(article, publisher)
    real = _real_original(publisher, article)
    if real:
        return None
    if not Article.objects.filter(url=url).exists():
        same_story = _inferred_for_story(publisher, article)
        if same_story:
            return same_story
    original, created = Article.objects.get_or_create(
        url=url,
        defaults={
            "publisher": publisher,
            "inferred": True,
            "title": article.title if not article.title_derived else "",
            "published": article.origin_date,
            "published_source": Article.DateSource.COPIES if article.origin_date else "",
            "origin_evidence": list(article.origin_evidence),
        },
    )
    if not created and original.published is None and article.origin_date:
        # The first copy linked to the original without a date; this one gives it.
        original.published = article.origin_date
        original.published_source = Article.DateSource.COPIES
        original.save(update_fields=["published", "published_source"])
    return original


def _page_at_origin_url(article: Article) -> Article | None:
    """The fetched page at the URL this one links as its source, if we have it."""
    url = _normal_or_empty(article.origin_url)
    if not url:
        return None
    pages = Article.objects.fetched().filter(Q(url=url) | Q(canonical_url=url))
    return pages.exclude(pk=article.pk).first()


def _normal_or_empty(url: str) -> str:
    try:
        return normalize_url(url) if url else ""
    except IngestError:
        return ""


def _inferred_for_story(publisher: Publisher, copy: Article) -> Article | None:
    """An inferred original of the publisher that other copies of this story already
    point to, under another key (one copy named a date, another none): one original,
    not two. A date learned from this copy is kept, and the row takes the date's key."""
    inferred = Article.objects.inferred_originals().filter(publisher=publisher)
    if copy.origin_date:
        inferred = inferred.filter(Q(published=copy.origin_date) | Q(published__isnull=True))
    body = _body(copy)
    for original in inferred.order_by("-pk")[:20]:
        # A few copies tell the story; this runs under the link lock.
        children = Link.objects.active().filter(parent=original).select_related("child")[:3]
        if not any(
            _bodies_overlap(_body(link.child), body) != LinkKind.NONE
            for link in children
            if link.child_id != copy.pk
        ):
            continue
        if copy.origin_date and original.published is None:
            original.published = copy.origin_date
            original.published_source = Article.DateSource.COPIES
            dated = inferred_original_key(copy, publisher)
            if not Article.objects.filter(url=dated).exists():
                original.url = dated
            original.save(update_fields=["published", "published_source", "url"])
        return original
    return None


def _real_original(publisher: Publisher, copy: Article) -> Article | None:
    """A fetched article of the named publisher whose text the copy carries."""
    fetched = Article.objects.fetched().filter(publisher=publisher)
    if copy.origin_date:
        fetched = fetched.filter(published=copy.origin_date)
    body = _body(copy)
    for candidate in fetched.order_by("published")[:20]:
        if _bodies_overlap(body, _body(candidate)) != LinkKind.NONE:
            return candidate
    return None


def _body(article: Article) -> tuple[str, tuple[str, ...]]:
    """A stored body and its block quotations, as ``_bodies_overlap`` compares them."""
    return article.body_text(), article.block_quotes()


def _bodies_overlap(a: tuple[str, tuple[str, ...]], b: tuple[str, tuple[str, ...]]) -> LinkKind:
    """The kind of reuse between two stored bodies (see ``_body``), without sentence
    matching: the quick check that a copy tells the same story as another."""
    (a_text, a_quotes), (b_text, b_quotes) = a, b
    overlap = compare(a_text, b_text, fuzzy=False, a_quotes=a_quotes, b_quotes=b_quotes)
    return classify(overlap)


def inferred_originals_replace(*, article: Article) -> int:
    """The real original arrived: it takes the inferred one's place, links and all.

    Confirmed links keep their status; the inferred row goes once nothing points at it.
    """
    if article.inferred:
        return 0
    inferred = Article.objects.inferred_originals().filter(publisher_id=article.publisher_id)
    if article.published:
        # Not published__in=[date, None]: Django drops None from an IN list, and an
        # original named without a date would never be replaced.
        inferred = inferred.filter(Q(published=article.published) | Q(published__isnull=True))
    moved = 0
    body = _body(article)
    for original in inferred:
        for link in Link.objects.filter(parent=original).select_related("child"):
            if _bodies_overlap(_body(link.child), body) == LinkKind.NONE:
                if _cites_only(link, article):
                    link._change_reason = "the page it credits arrived and shares no text"
                    link.delete()
                continue
            if Link.objects.filter(child=link.child, parent=article).exists():
                link.delete()
                continue
            link.parent = article
            link.evidence = [*link.evidence, "the original named by this copy was ingested"]
            link._change_reason = "real original replaced the inferred one"
            link.save()
            moved += 1
        if not Link.objects.filter(parent=original).exists():
            original.delete()
    return moved


def _cites_only(link: Link, article: Article) -> bool:
    """A suggested link to an inferred original from a page that links to ``article`` as
    its source yet shares none of its text: a summary in its own words that cites the
    story, which the credit alone had made look like a copy."""
    return link.status != Link.Status.CONFIRMED and _normal_or_empty(link.child.origin_url) in {
        article.url,
        _normal_or_empty(article.canonical_url),
    } - {""}


# --- decisions ---------------------------------------------------------------------------


class _Linking:
    """Caches for one linking run: each article is prepared once, each pair compared once."""

    def __init__(self) -> None:
        self.prepared: dict[int, Prepared] = {}
        self.overlaps: dict[tuple[int, int], Overlap] = {}
        self.originals: dict[int, Prepared | None] = {}
        self.former_parents: set[int] = set()  # parents of links a decision may replace
        self.reparented: set[int] = set()  # articles whose parent a decision changed

    def prepare(self, article: Article, recurring: set[int] | None = None) -> Prepared:
        if article.pk not in self.prepared:
            self.prepared[article.pk] = prepare(article, recurring)
        return self.prepared[article.pk]

    def compare(self, a: Prepared, b: Prepared) -> Overlap:
        """Each pair is measured once per run; compare() itself serves the reverse pair
        from its cache, swapped."""
        key = (a.article.pk, b.article.pk)
        if key not in self.overlaps:
            self.overlaps[key] = compare_facts(a.facts, b.facts)
        return self.overlaps[key]

    def pool_for(self, article: Article) -> dict[int, Prepared]:
        """The article and its index candidates, each prepared once per run."""
        ids = {article.pk, *candidate_ids(article)}
        missing = list(ids - self.prepared.keys())
        recurring = series_boilerplate(missing)
        for row in Article.objects.filter(pk__in=missing).select_related("publisher"):
            self.prepare(row, recurring.get(row.pk, set()))
        return {pk: self.prepared[pk] for pk in ids if pk in self.prepared}

    def own_original(self, article: Article) -> Prepared | None:
        """The inferred original this article names, when no fetched page is it."""
        if article.pk not in self.originals:
            original = inferred_original_ensure(article=article)
            self.originals[article.pk] = self.prepare(original) if original else None
        return self.originals[article.pk]

    def candidates(
        self, prepared: Prepared, pool: dict[int, Prepared], rejected: set[int]
    ) -> tuple[list[Candidate], list[int]]:
        """Parents on offer (pages this one is known to copy, and the original it names)
        and every fetched page it overlaps, whose own choice it may change.

        A page whose direction cannot be told (same day, no credit either way, texts
        alike) is never offered: arrival order must not decide who copied whom.
        Editors' ``rejected`` parents are never offered either.
        """
        offered, related = [], []
        for other in pool.values():
            if other.article.pk == prepared.article.pk or other.article.inferred:
                continue
            overlap = self.compare(prepared, other)
            if classify(overlap) == LinkKind.NONE:
                continue
            related.append(other.article.pk)
            if other.article.pk not in rejected and (
                direction(prepared.facts, other.facts, overlap) == -1
            ):
                offered.append(Candidate(facts=other.facts, overlap=overlap))
        original = self.own_original(prepared.article)
        if original and original.article.pk not in rejected:
            offered.append(Candidate(facts=original.facts, overlap=_NO_TEXT))
        return offered, related

    def decide(
        self, prepared: Prepared, pool: dict[int, Prepared]
    ) -> tuple[Link | None, list[int]]:
        """Apply the parent choice; also return the ids of real copies-or-sources found."""
        # The page's links, read once: rejected parents, the current one, the former ones.
        links = list(Link.objects.filter(child_id=prepared.article.pk).order_by("pk"))
        rejected = {link.parent_id for link in links if link.status == Link.Status.REJECTED}
        candidates, related = self.candidates(prepared, pool, rejected)
        choice = choose_parent(prepared.facts, candidates)
        self.former_parents.update(link.parent_id for link in links)
        active = [link for link in links if link.status != Link.Status.REJECTED]
        before = {link.parent_id for link in active}
        overlap = None
        if choice:
            chosen = next(c for c in candidates if c.facts.id == choice.parent_id)
            overlap = None if chosen.facts.inferred else chosen.overlap
        link = _link_apply(prepared.article, choice, overlap, active[0] if active else None)
        if before != ({link.parent_id} if link else set()):
            self.reparented.add(prepared.article.pk)
        return link, related


_NO_TEXT = Overlap(jaccard=0.0, a_in_b=0.0, b_in_a=0.0, sentence_match=0.0, quoted_only=False)


def _is_ancestor(ancestor_id: int, article_id: int) -> bool:
    from provenance.selectors import chain_ancestor_ids

    return ancestor_id in chain_ancestor_ids(article_id)


def link_apply(
    *, child: Article, choice: ParentChoice | None, overlap: Overlap | None
) -> Link | None:
    """Record the machine's parent choice; editors' confirmed links are never overridden."""
    current = Link.objects.active().filter(child=child).order_by("pk").first()
    return _link_apply(child, choice, overlap, current)


def _link_apply(
    child: Article, choice: ParentChoice | None, overlap: Overlap | None, current: Link | None
) -> Link | None:
    """link_apply with the child's active link (``current``) already read."""
    if current and current.status == Link.Status.CONFIRMED:
        return current
    if choice is None or _is_ancestor(child.pk, choice.parent_id):
        if current:
            current.delete()
        return None
    values = {
        "kind": _link_kind(choice, overlap, child),
        "confidence": round(choice.confidence, 3),
        "evidence": list(choice.evidence),
        "jaccard": round(overlap.jaccard, 4) if overlap else 0.0,
        "child_in_parent": round(overlap.a_in_b, 4) if overlap else 0.0,
        "parent_in_child": round(overlap.b_in_a, 4) if overlap else 0.0,
    }
    if current and current.parent_id == choice.parent_id:
        if any(getattr(current, k) != v for k, v in values.items()):
            for key, value in values.items():
                setattr(current, key, value)
            current._change_reason = "re-evaluated with new evidence"
            current.save()
        return current
    if current:
        current._change_reason = "a better parent was found"
        current.delete()
    return Link.objects.create(child=child, parent_id=choice.parent_id, **values)


def _copies(article: Prepared, other: Prepared, run: _Linking) -> bool:
    """Whether article is known to copy other (so other's parent choice is unaffected)."""
    return direction(article.facts, other.facts, run.compare(article, other)) == -1


def _link_kind(choice: ParentChoice, overlap: Overlap | None, child: Article) -> str:
    """Against an inferred original there is no text to compare: a copy that carries a
    republisher's additions (an intro, a notice; not the site's share buttons) is an
    edited copy; a credit line alone ("This article is republished from …") leaves it
    verbatim."""
    if overlap is None:
        added = any(
            kind != "origin_note" and not is_page_chrome(child.text[start:end])
            for start, end, kind in child.boilerplate
        )
        return Link.Kind.EDITED if added else Link.Kind.VERBATIM
    kind = str(choice.kind)
    return kind if kind in Link.Kind.values else Link.Kind.EDITED


def article_link(*, article_id: int, new: bool = False) -> Link | None:
    """Choose the article's parent and re-decide the pages whose decision it may change.

    Those are the copies and sources it overlaps, which may now prefer it, and the pages
    of its publisher whose series boilerplate it changed.  Candidates are symmetric (if B
    is A's candidate, A is B's) and every decision is re-made once the facts it rests on
    change, so the links come out the same whatever order pages arrived in.

    ``new``: the article has just entered the index, so no earlier decision rests on an
    older version of it, and only the pages that copy it can decide differently now.
    """
    with transaction.atomic(), link_lock():
        article = Article.objects.select_related("publisher").filter(pk=article_id).first()
        if article is None or article.inferred:
            return None
        inferred_originals_replace(article=article)
        run = _Linking()
        result = _decide_around(run, article, new=new)
        for sibling in Article.objects.filter(pk__in=_series_siblings(article)).select_related(
            "publisher"
        ):
            _decide_around(run, sibling)
        _drop_orphan_inferred(run)
        moved = sorted(run.reparented - {article.pk})  # the article's own step follows
        if moved:
            transaction.on_commit(lambda: _attribute_later(moved))
        return result


def _decide_around(run: _Linking, article: Article, *, new: bool = False) -> Link | None:
    """Decide the article's parent, then re-decide the pages that may now choose it (or
    drop it): those it overlaps and does not copy, and its current children.

    A ``new`` article is offered only to the pages that copy it, and a page's choice
    rests on nothing but what it is offered: the pages it overlaps without either
    copying the other (same day, no credit, texts alike) keep their decision.
    """
    pool = run.pool_for(article)
    result, related = run.decide(pool[article.pk], pool)
    children = set(Link.objects.filter(parent_id=article.pk).values_list("child_id", flat=True))
    for pk in sorted({*related, *children}):
        if pk in pool and _copies(pool[article.pk], pool[pk], run):
            continue  # a later copy of the neighbour cannot become its parent
        if (
            new
            and pk in pool
            and pk not in children
            and not _copies(pool[pk], pool[article.pk], run)
        ):
            continue  # it is not offered the new page, and nothing else changed for it
        if pk not in run.prepared:
            row = Article.objects.select_related("publisher").filter(pk=pk).first()
            if row is None:
                continue  # deleted meanwhile (deletes do not take the link lock)
            run.prepare(row)
        neighbour = run.prepared[pk]
        neighbour_pool = run.pool_for(neighbour.article)
        run.decide(neighbour_pool[pk], neighbour_pool)
    return result


def _series_siblings(article: Article) -> list[int]:
    """Pages of the publisher sharing a paragraph with this one and with no other page of
    it: that paragraph has just become series boilerplate on them, which changes their
    text as parent choice sees it."""
    own = Paragraph.objects.filter(article_id=article.pk).values("key")
    newly_recurring = (
        Paragraph.objects.filter(publisher_id=article.publisher_id, key__in=own)
        .values("key")
        .annotate(n=Count("article", distinct=True))
        .filter(n=2)
        .values("key")
    )
    return sorted(
        set(
            Paragraph.objects.filter(publisher_id=article.publisher_id, key__in=newly_recurring)
            .exclude(article_id=article.pk)
            .values_list("article_id", flat=True)
        )
    )


def _drop_orphan_inferred(run: _Linking) -> None:
    """Inferred originals that no copy links to any more carry no information: those
    met in this run, and those a copy linked to before this run gave it a better parent."""
    ids = {pk for pk, p in run.prepared.items() if p.article.inferred} | run.former_parents
    if ids:
        Article.objects.filter(pk__in=ids, inferred=True, child_links__isnull=True).delete()


def article_process(*, article_id: int) -> Link | None:
    """The provenance steps for one stored article: fingerprint, then link."""
    article = Article.objects.select_related("publisher").filter(pk=article_id).first()
    if article is None or article.inferred:
        return None
    # Not yet in the index: no page's decision can rest on an older version of it.
    new = not Fingerprint.objects.filter(article_id=article_id).exists()
    article_fingerprint(article=article)
    return article_link(article_id=article_id, new=new)


# --- editors -----------------------------------------------------------------------------


def link_review(*, link: Link, status: str, user, reason: str = "") -> Link:
    """Confirm or reject a suggested link; the history keeps who, when and why."""
    if status not in (Link.Status.CONFIRMED, Link.Status.REJECTED):
        raise ValueError(f"status must be confirmed or rejected, not {status!r}")
    link.status = status
    link._history_user = user
    link._change_reason = reason or f"{status} by editor"
    link.save()
    if status == Link.Status.REJECTED:
        transaction.on_commit(lambda: _relink_later(link.child_id))
    return link


def _attribute_later(article_ids: list[int]) -> None:
    """Pages that now copy another parent map their attributions from it anew."""
    from claims.tasks import article_attribute_task

    for article_id in article_ids:
        article_attribute_task.delay(article_id)


def _relink_later(article_id: int) -> None:
    from provenance.tasks import article_link_task

    article_link_task.delay(article_id)
