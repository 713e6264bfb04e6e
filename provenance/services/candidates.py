"""Reading the shared index: an article's candidates, and texts as parent choice sees them.

Apart from ``index``, which writes the rows read here, and from ``linking``, which decides
among what this returns: the lookup is one prepared statement whose latency is most of
the linking budget, timed on its own by bench/index.py and bench/lookup.py.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from django.db import connection
from django.db.models import Exists, OuterRef

from provenance import fingerprint as fp
from provenance import prepared
from provenance.compare import paragraphs
from provenance.models import Fingerprint, Paragraph
from provenance.parent import ArticleFacts
from provenance.services.index import _paragraph_hash
from sources.models import Article

MAX_CANDIDATES = 40
# A sampled shingle on more pages than this is a stock phrase. Counted at query time, so
# near the cap which pairs are found can depend on arrival order; far above any copy
# chain's size, it only trims boilerplate phrases.
FREQUENT_POSTING = 1000
MAX_BOILERPLATE_SHARE = 0.5  # never strip more than half a body as "series boilerplate"


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
