"""Attributions stored per article, speakers resolved, claims shared across copies."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from claims import services
from claims.models import Attribution, Claim, Speaker
from provenance.services import article_process
from sources.models import Article
from sources.readers import RawDocument
from sources.services import article_ingest

pytestmark = pytest.mark.django_db


def ingest(path: Path) -> Article:
    raw = RawDocument(
        url=path.resolve().as_uri(), content=path.read_bytes(), content_type="text/plain"
    )
    article = article_ingest(raw=raw).article
    article_process(article_id=article.pk)
    services.chain_attribute(article_id=article.pk)
    return article


def find(article: Article, cue: str, content_start: str) -> Attribution:
    rows = [
        a
        for a in article.attributions.select_related("speaker", "claim")
        if a.cue_text == cue and a.content_text.startswith(content_start)
    ]
    assert rows, [(a.cue_text, a.content_text[:40]) for a in article.attributions.all()]
    return rows[0]


def test_crosspost_attributions_with_speakers_dates_and_spans(crosspost_seed):
    article = ingest(crosspost_seed)

    svr = find(article, "warned", "the US and NATO countries")
    assert "SVR" in svr.speaker_text
    assert svr.statement_date == dt.date(2022, 3, 4)
    for row in article.attributions.all():
        assert article.text[row.content_start : row.content_end] == row.content_text
        assert article.text[row.speaker_start : row.speaker_end] == row.speaker_text
    konashenkov = find(article, "said", "US military intelligence")
    according = find(article, "According to", "private military contractors")
    assert konashenkov.speaker_id == according.speaker_id
    speaker = according.speaker
    assert speaker.name == "Igor Konashenkov"
    assert speaker.affiliations.filter(
        role="spokesman", organisation_name="Russian Defense Ministry"
    ).exists()


def test_svr_mentions_resolve_to_one_organisation(crosspost_seed):
    article = ingest(crosspost_seed)

    svr_rows = [
        a for a in article.attributions.select_related("speaker") if "SVR" in a.speaker_text
    ]
    assert len(svr_rows) >= 3
    assert len({a.speaker_id for a in svr_rows}) == 1


def test_blog_copy_maps_to_the_same_claims(crosspost_seed, blog_seed):
    crosspost = ingest(crosspost_seed)
    blog = ingest(blog_seed)
    services.chain_attribute(article_id=crosspost.pk)

    copied = blog.attributions.exclude(copied_from=None)
    assert copied.count() >= 8
    for row in copied:
        assert row.claim_id == row.copied_from.claim_id
        assert blog.text[row.content_start : row.content_end] == row.content_text
    svr_claim = find(crosspost, "warned", "the US and NATO").claim
    assert svr_claim.attributions.count() == 2
    svr_claim.refresh_from_db()
    assert svr_claim.made_on == dt.date(2022, 3, 4)


def test_attributing_twice_changes_nothing(crosspost_seed):
    article = ingest(crosspost_seed)
    before = sorted(article.attributions.values_list("content_start", "content_end", "claim_id"))

    services.chain_attribute(article_id=article.pk)

    assert (
        sorted(article.attributions.values_list("content_start", "content_end", "claim_id"))
        == before
    )


def test_independent_report_in_other_words_joins_the_claim(crosspost_seed):
    ingest(crosspost_seed)
    raw = RawDocument(
        url="https://other.example/svr-isis",
        content="<html><head><title>Spy agency claim</title>"
        '<meta property="article:published_time" content="2022-03-05"></head><body><article>'
        "<p>Russia's Foreign Intelligence Service (SVR) warned on Friday that the US and NATO "
        "countries were sending ISIS fighters from Syria to Ukraine.</p>"
        "<p>The agency gave no evidence for the claim. Officials in Kyiv did not respond.</p>"
        "</article></body></html>",
    )
    other = article_ingest(raw=raw).article
    article_process(article_id=other.pk)
    services.chain_attribute(article_id=other.pk)

    row = other.attributions.get(cue_text="warned")
    claim = Claim.objects.get(pk=row.claim_id)
    assert claim.attributions.count() == 2
    assert row.statement_date == dt.date(2022, 3, 4)


def test_editor_review_is_audited(crosspost_seed, editor):
    article = ingest(crosspost_seed)
    row = find(article, "claims", "the illegal presence")

    services.attribution_review(
        attribution=row,
        user=editor,
        status="corrected",
        speaker_name="US government",
        reason="the US is the government",
    )

    row.refresh_from_db()
    assert row.status == Attribution.Status.CORRECTED
    assert row.speaker.name == "US government"
    last = row.history.first()
    assert last.history_user == editor
    assert last.history_change_reason == "the US is the government"
    assert row.history.count() >= 2


def test_merged_speakers_stay_merged_on_re_extraction(crosspost_seed, editor):
    article = ingest(crosspost_seed)
    iraq_syria = find(article, "accused", "the US of supporting").speaker
    damascus = Speaker.objects.get(name="Damascus")

    services.speaker_merge(source=damascus, target=iraq_syria, user=editor, reason="test merge")
    Attribution.objects.filter(article=article).delete()
    services.chain_attribute(article_id=article.pk)

    latter = find(article, "accusing", "the US of using")
    assert latter.speaker_id == iraq_syria.pk


def test_re_attributing_a_chain_maps_copies_of_copies_again(crosspost_seed, blog_seed, tmp_path):
    """The crosspost re-attributed re-maps the blog, whose rows the reblog was mapped
    from: the reblog is mapped again from the blog's new rows, not left orphaned."""
    crosspost = ingest(crosspost_seed)
    blog = ingest(blog_seed)
    reblog_path = tmp_path / "reblog.txt"
    reblog_path.write_text(
        "Posted on 9 March 2022 by steppe reader\n\n" + blog_seed.read_text(encoding="utf-8"),
        encoding="utf-8",
    )
    reblog = ingest(reblog_path)
    assert reblog.parent_links.get().parent_id == blog.pk

    services.chain_attribute(article_id=crosspost.pk)

    rows = reblog.attributions.select_related("copied_from")
    assert rows.count() >= 8
    assert all(row.copied_from and row.copied_from.article_id == blog.pk for row in rows)
