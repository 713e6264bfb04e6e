"""Storing an article's attributions costs a fixed number of queries, however many speakers
and claims are known; copies map their parent's rows without a query per row."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims import services
from claims.models import Attribution, Claim, Speaker, SpeakerToken
from provenance.services import article_process
from sources.models import Article
from sources.readers import RawDocument
from sources.services import article_ingest

pytestmark = pytest.mark.django_db

MENTIONS = [
    "Russian Defense Ministry spokesman Igor Konashenkov",
    "Konashenkov",
    "The foreign intelligence service of Russia (SVR RF)",
    "the SVR",
    "Kira Holm, a spokeswoman for the airline",
    "Holm",
]


def ingest(path: Path) -> Article:
    raw = RawDocument(
        url=path.resolve().as_uri(), content=path.read_bytes(), content_type="text/plain"
    )
    article = article_ingest(raw=raw).article
    article_process(article_id=article.pk)
    return article


def known_strangers(count: int) -> None:
    """Speakers and claims that no mention in these tests names."""
    strangers = services.speakers_resolve(
        mentions=[f"Minister Zed{i} Quorvath{i}" for i in range(count)]
    )
    services.claims_for(statements=[(s, f"statement {s.pk} on nothing", None) for s in strangers])


def queries(fn) -> int:
    with CaptureQueriesContext(connection) as captured:
        fn()
    return len(captured)


def test_resolving_mentions_takes_the_same_queries_however_many_speakers_are_known():
    first = queries(lambda: services.speakers_resolve(mentions=MENTIONS))
    Speaker.objects.all().delete()
    known_strangers(60)

    again = queries(lambda: services.speakers_resolve(mentions=MENTIONS))

    assert again == first
    assert first <= 12


def test_mentions_of_one_speaker_in_a_batch_resolve_to_it():
    speakers = services.speakers_resolve(mentions=MENTIONS)

    assert [s.name for s in speakers] == [
        "Igor Konashenkov",
        "Igor Konashenkov",
        "The foreign intelligence service of Russia",
        "The foreign intelligence service of Russia",
        "Kira Holm",
        "Kira Holm",
    ]
    assert len({s.pk for s in speakers}) == 3
    assert speakers[0].affiliations.get().organisation_name == "Russian Defense Ministry"
    assert speakers[0].history.count() == 1


def test_known_speaker_is_found_by_a_word_of_its_name():
    igor = services.speaker_resolve(mention="Russian Defense Ministry spokesman Igor Konashenkov")

    assert services.speaker_resolve(mention="Konashenkov").pk == igor.pk
    assert SpeakerToken.objects.filter(speaker=igor, token="konashenkov").exists()


def test_aliases_and_affiliations_are_written_only_when_new():
    mention = "Kira Van Loon, a spokeswoman for the airline"
    speaker = services.speaker_resolve(mention=mention)
    history = speaker.history.count()

    with CaptureQueriesContext(connection) as captured:
        services.speaker_resolve(mention=mention)

    assert speaker.history.count() == history
    writes = [q["sql"] for q in captured if not q["sql"].lstrip().upper().startswith("SELECT")]
    assert writes == []


def test_resolution_follows_an_editors_merge(editor):
    damascus = services.speaker_resolve(mention="Damascus")
    syria = services.speaker_resolve(mention="The Syrian government")
    services.speaker_merge(source=damascus, target=syria, user=editor)

    assert services.speaker_resolve(mention="Damascus").pk == syria.pk


def test_renamed_speaker_is_found_by_its_new_name():
    speaker = services.speaker_resolve(mention="Kira Van Loon")
    speaker.name, speaker.aliases = "Kira Lindqvist", []
    speaker.save()

    assert set(speaker.tokens.values_list("token", flat=True)) == {"kira", "lindqvist", "kl"}
    assert services.speaker_resolve(mention="Lindqvist").pk == speaker.pk


def test_restatements_in_one_batch_share_a_new_claim():
    speaker = services.speaker_resolve(mention="Igor Konashenkov")
    said = dt.date(2022, 3, 4)

    with CaptureQueriesContext(connection) as captured:
        claims = services.claims_for(
            statements=[
                (speaker, "US military intelligence is training militants in Syria", said),
                (speaker, "the US military intelligence is training the militants in Syria", said),
                (speaker, "NATO sent ISIS fighters from Syria to Ukraine", said),
            ]
        )

    assert claims[0].pk == claims[1].pk != claims[2].pk
    assert Claim.objects.count() == 2
    assert all(c.history.count() == 1 for c in Claim.objects.all())
    assert len(captured) <= 4  # candidates, claims insert, history insert (+ savepoint)


def test_claim_candidates_take_one_query_however_many_claims_are_known():
    known_strangers(40)
    speakers = list(Speaker.objects.all()[:5])

    count = queries(
        lambda: services.claims_for(statements=[(s, "statement number 0", None) for s in speakers])
    )

    assert count <= 4


def test_refreshing_dates_writes_nothing_when_nothing_changed(crosspost_seed):
    article = ingest(crosspost_seed)
    services.article_attribute(article_id=article.pk)
    claim_ids = set(article.attributions.values_list("claim_id", flat=True))

    with CaptureQueriesContext(connection) as captured:
        services.claims_refresh_dates(claim_ids)

    assert not any(q["sql"].lstrip().upper().startswith("UPDATE") for q in captured)
    assert len(captured) <= 4


def test_attributing_an_article_takes_the_same_queries_however_many_speakers_are_known(
    crosspost_seed,
):
    article = ingest(crosspost_seed)
    services.article_attribute(article_id=article.pk)

    def again() -> int:
        Attribution.objects.filter(article=article).delete()
        return queries(lambda: services.article_attribute(article_id=article.pk))

    before = again()
    known_strangers(60)
    after = again()

    assert after == before
    assert before <= 18


def test_copy_maps_its_parents_rows_without_a_query_per_row(crosspost_seed, blog_seed):
    crosspost = ingest(crosspost_seed)
    blog = ingest(blog_seed)
    services.chain_attribute(article_id=crosspost.pk)
    Attribution.objects.filter(article=blog).delete()

    count = queries(lambda: services.article_attribute(article_id=blog.pk))

    mapped = blog.attributions.exclude(copied_from=None).count()
    assert mapped >= 8
    assert count <= 14


def test_aliases_another_writer_stored_meanwhile_are_kept():
    """A batch learns an alias while an editor's merge adds another to the same speaker:
    the batch's write keeps both instead of overwriting the row it read earlier."""
    speaker = services.speaker_resolve(mention="Foreign Intelligence Service")
    batch = services._SpeakerBatch(services._speakers_sharing_tokens(["Foreign Intelligence"]))
    key = batch.resolve("the Foreign Intelligence Service (SVR)")
    Speaker.objects.filter(pk=speaker.pk).update(aliases=["Sluzhba Vneshney Razvedki"])

    batch.save([key])

    speaker.refresh_from_db()
    assert "Sluzhba Vneshney Razvedki" in speaker.aliases
    assert any("SVR" in alias for alias in speaker.aliases)
