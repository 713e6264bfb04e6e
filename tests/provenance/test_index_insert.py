"""Storing fingerprints in the shared index: one statement per new article or batch, the
same rows as the fingerprint says, unchanged texts untouched, changed texts replaced."""

from __future__ import annotations

import random

import numpy as np
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from provenance import fingerprint as fp
from provenance import services
from provenance.compare import paragraph_key, paragraphs
from provenance.models import BandKey, Fingerprint, Paragraph, Posting
from provenance.services import (
    _paragraph_hash,
    article_fingerprint,
    articles_fingerprint,
    candidate_ids,
)
from sources.models import Article, Publisher
from sources.services import content_hash

pytestmark = pytest.mark.django_db

VOCABULARY = (
    "minister warned border grain convoy talks port city army report officials said "
    "government crisis pipeline election refugees shelling ceasefire agreement envoy"
).split()


def body(seed: int, n_words: int = 300) -> str:
    """Paragraphs of random words: texts with distinct shingles."""
    rng = random.Random(seed)
    words = [rng.choice(VOCABULARY) + str(rng.randint(0, 999)) for _ in range(n_words)]
    return "\n\n".join(" ".join(words[i : i + 40]) + "." for i in range(0, n_words, 40))


@pytest.fixture
def publisher() -> Publisher:
    return Publisher.objects.create(name="Daily Example", slug="daily-example")


def make_article(publisher: Publisher, seed: int, text: str | None = None, **fields) -> Article:
    text = body(seed) if text is None else text
    return Article.objects.create(
        url=f"https://daily.example/{seed}",
        publisher=publisher,
        text=text,
        content_hash=content_hash(text.strip()),
        **fields,
    )


def stored_rows(article: Article) -> dict[str, object]:
    row = Fingerprint.objects.get(article=article)
    return {
        "content_hash": row.content_hash,
        "words": row.words,
        "postings": row.postings,
        "signature": bytes(row.signature),
        "bands": set(BandKey.objects.filter(article=article).values_list("key", flat=True)),
        "hashes": set(Posting.objects.filter(article=article).values_list("hash", flat=True)),
        # The fingerprint row lists the same keys, each once: lookups start from them.
        "own bands": sorted(row.bands),
        "own hashes": sorted(row.hashes),
        "paragraphs": set(
            Paragraph.objects.filter(
                article=article, publisher_id=article.publisher_id
            ).values_list("key", flat=True)
        ),
    }


def expected_rows(article: Article) -> dict[str, object]:
    text = article.body_text()
    print_ = fp.fingerprint(text)
    return {
        "content_hash": article.content_hash,
        "words": print_.word_count,
        "postings": len(print_.postings),
        "signature": print_.signature.astype(np.uint64).tobytes(),
        "bands": set(print_.band_keys),
        "hashes": set(print_.postings),
        "own bands": sorted(set(print_.band_keys)),
        "own hashes": sorted(set(print_.postings)),
        "paragraphs": {_paragraph_hash(p) for p in paragraphs(text) if paragraph_key(p)},
    }


def test_new_article_is_stored_in_one_statement(publisher):
    article = make_article(publisher, 1)

    with CaptureQueriesContext(connection) as queries:
        row = article_fingerprint(article=article)

    assert len(queries) == 1
    assert stored_rows(article) == expected_rows(article)
    assert row == Fingerprint.objects.get(article=article)
    assert not row._state.adding and row.created is not None


TRICKY = (
    "Don`\nt stop: rock`n`roll\r\nO’Neil’s “quote” … ﷺ ligature\u2028next line\x1cfile "
    "separator\x85NEL \tand\vvertical\ftab.\n\n  Ｆｕｌｌ-width ＮＡＴＯ, Київ 2022\n"
)


@pytest.mark.parametrize("text", [TRICKY, TRICKY * 40, "One line, five words here."])
def test_rows_are_those_of_the_whole_text_whatever_its_line_breaks(publisher, text):
    """Words are cut once, paragraph by paragraph: the fingerprint must still be the
    fingerprint of the whole text."""
    article = make_article(publisher, 70, text=text)

    article_fingerprint(article=article)

    assert stored_rows(article) == expected_rows(article)


def test_batch_of_new_articles_is_one_statement_with_each_articles_rows(publisher):
    articles = [make_article(publisher, seed) for seed in range(2, 12)]

    with CaptureQueriesContext(connection) as queries:
        rows = articles_fingerprint(articles=articles)

    assert len(queries) == 1
    assert sorted(rows) == sorted(a.pk for a in articles)
    for article in articles:
        assert rows[article.pk].article_id == article.pk
        assert stored_rows(article) == expected_rows(article)


def test_unchanged_text_keeps_its_rows_and_writes_nothing(publisher):
    article = make_article(publisher, 20)
    first = article_fingerprint(article=article)

    with CaptureQueriesContext(connection) as queries:
        again = article_fingerprint(article=article)

    assert again.pk == first.pk
    assert not [q for q in queries if q["sql"].lstrip().upper().startswith("DELETE")]
    assert stored_rows(article) == expected_rows(article)


def test_changed_text_replaces_every_row(publisher):
    article = make_article(publisher, 30)
    article_fingerprint(article=article)
    old = stored_rows(article)
    article.text = body(31)
    article.content_hash = content_hash(article.text.strip())
    article.save()

    article_fingerprint(article=article)

    new = stored_rows(article)
    assert new == expected_rows(article)
    assert not (new["bands"] & old["bands"]) and not (new["hashes"] & old["hashes"])


def test_batch_mixes_new_changed_unchanged_and_inferred_articles(publisher):
    unchanged, changed = make_article(publisher, 40), make_article(publisher, 41)
    articles_fingerprint(articles=[unchanged, changed])
    kept = Fingerprint.objects.get(article=unchanged).pk
    changed.text = body(42)
    changed.content_hash = content_hash(changed.text.strip())
    changed.save()
    new = make_article(publisher, 43)
    inferred = make_article(publisher, 44, text="", inferred=True)

    rows = articles_fingerprint(articles=[unchanged, changed, new, inferred])

    assert sorted(rows) == sorted([unchanged.pk, changed.pk, new.pk])
    assert rows[unchanged.pk].pk == kept
    for article in (unchanged, changed, new):
        assert stored_rows(article) == expected_rows(article)
    assert not Fingerprint.objects.filter(article=inferred).exists()
    assert articles_fingerprint(articles=[]) == {}


def test_orm_fallback_stores_the_same_rows(publisher, monkeypatch):
    """`make run` uses SQLite: the ORM path must write what the one statement writes."""
    by_statement = make_article(publisher, 50)
    article_fingerprint(article=by_statement)
    # Patched where articles_fingerprint looks it up: the package only re-exports it.
    monkeypatch.setattr(services.index, "_one_statement", lambda: False)
    by_orm = make_article(publisher, 51, text=by_statement.text)

    first = article_fingerprint(article=by_orm)

    assert stored_rows(by_orm) == stored_rows(by_statement)
    assert article_fingerprint(article=by_orm).pk == first.pk
    by_orm.text = body(52)
    by_orm.content_hash = content_hash(by_orm.text.strip())
    assert articles_fingerprint(articles=[by_orm])[by_orm.pk].pk != first.pk
    assert stored_rows(by_orm) == expected_rows(by_orm)


def test_stored_copies_find_each_other(publisher):
    source = make_article(publisher, 60, text=body(60, 400))
    copy = make_article(publisher, 61, text="Reposted from elsewhere.\n\n" + source.text)
    unrelated = make_article(publisher, 62)

    articles_fingerprint(articles=[source, copy, unrelated])

    assert candidate_ids(copy) == [source.pk]
    assert candidate_ids(source) == [copy.pk]


def test_an_excerpts_source_outranks_pages_sharing_stock_phrases(publisher):
    """The excerpt shares two rare sampled shingles with its source and three common
    ones with each of 130 other pages: ranked by rarity, not by count, the source stays
    among the excerpt candidates (by count it ranks last, past every cut)."""
    excerpt = make_article(publisher, 70)
    others = [make_article(publisher, 72 + i) for i in range(130)]
    source = make_article(publisher, 71)  # the highest id: no help from id order
    postings = {excerpt: (1, 2, 11, 12, 13), source: (1, 2, 99)}
    postings |= {page: (11, 12, 13) for page in others}
    Fingerprint.objects.bulk_create(
        Fingerprint(article=a, content_hash="", words=0, postings=len(h), signature=b"", hashes=h)
        for a, h in postings.items()
    )
    Posting.objects.bulk_create(
        Posting(article=a, hash=h) for a, hs in postings.items() for h in hs
    )

    assert source.pk in services.candidate_ids(excerpt)


def test_deleting_an_article_deletes_its_index_rows(publisher):
    """Index rows have no article-id index: the fingerprint row names them for the delete."""
    gone, kept = make_article(publisher, 80), make_article(publisher, 81)
    articles_fingerprint(articles=[gone, kept])
    before = stored_rows(kept)

    Article.objects.filter(pk=gone.pk).delete()

    assert not BandKey.objects.filter(article_id=gone.pk).exists()
    assert not Posting.objects.filter(article_id=gone.pk).exists()
    assert stored_rows(kept) == before


@pytest.mark.django_db(transaction=True)
def test_lookup_is_prepared_once_per_session_and_again_after_a_reconnect():
    """The lookup's plan is made once per database session; a new session (a dropped
    connection, a restarted worker) prepares it again instead of failing."""
    publisher = Publisher.objects.create(name="Daily Example", slug="daily-example")
    source = make_article(publisher, 100, text=body(100, 400))
    copy = make_article(publisher, 101, text="Reposted from elsewhere.\n\n" + source.text)
    articles_fingerprint(articles=[source, copy])

    for _session in range(2):
        connection.close()
        with CaptureQueriesContext(connection) as first:
            assert candidate_ids(copy) == [source.pk]
        with CaptureQueriesContext(connection) as again:
            assert candidate_ids(source) == [copy.pk]

        assert [q["sql"].split()[0] for q in first] == ["SELECT", "PREPARE", "EXECUTE"]
        assert [q["sql"].split()[0] for q in again] == ["EXECUTE"]

    # What this process remembers is lost (a PREPARE interrupted by a time limit): it
    # reads the session's statements again instead of preparing a duplicate.
    connection._provenance_prepared = None
    with CaptureQueriesContext(connection) as reread:
        assert candidate_ids(copy) == [source.pk]
    assert [q["sql"].split()[0] for q in reread] == ["SELECT", "EXECUTE"]


def test_a_raw_delete_of_fingerprints_deletes_their_index_rows(publisher):
    """Deleted in SQL, past the ORM (an operator forcing a re-index): the trigger still
    takes the band keys and postings, and fingerprinting again then works."""
    article, kept = make_article(publisher, 110), make_article(publisher, 111)
    articles_fingerprint(articles=[article, kept])
    before = stored_rows(kept)

    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM provenance_fingerprint WHERE article_id = %s", [article.pk])

    assert not BandKey.objects.filter(article_id=article.pk).exists()
    assert not Posting.objects.filter(article_id=article.pk).exists()
    assert stored_rows(kept) == before
    article_fingerprint(article=article)
    assert stored_rows(article) == expected_rows(article)
