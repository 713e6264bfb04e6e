"""The shared index: each article's fingerprint rows, written once per text.

Band keys, sampled postings and paragraph keys go in with the fingerprint row that names
them, in one statement on PostgreSQL (``_INSERT_SQL``), through the ORM on SQLite. Apart
from the lookup (``candidates``) because this is the write side, run on its own by bulk
ingestion and bench/index.py, with no linking.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import xxhash
from django.db import connection, transaction

from provenance import fingerprint as fp
from provenance.compare import paragraph_key, paragraphs
from provenance.models import BandKey, Fingerprint, Paragraph, Posting
from sources.models import Article


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
