"""The claims API: attributions per article, claims with timelines, speakers, extract."""

from __future__ import annotations

import pytest

from claims.models import Attribution, Speaker
from claims.services import chain_attribute
from provenance.models import Link
from provenance.services import article_process
from sources.models import Article
from sources.readers import RawDocument
from sources.services import article_ingest

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(crosspost_seed, blog_seed):
    for path in (crosspost_seed, blog_seed):
        raw = RawDocument(
            url=path.resolve().as_uri(), content=path.read_bytes(), content_type="text/plain"
        )
        article = article_ingest(raw=raw).article
        article_process(article_id=article.pk)
    for article in Article.objects.fetched().order_by("id"):
        chain_attribute(article_id=article.pk)
    return {a.publisher.name: a for a in Article.objects.fetched().select_related("publisher")}


def test_attributions_of_an_article_with_spans(client, seeded, django_assert_max_num_queries):
    article = seeded["Global Research"]

    with django_assert_max_num_queries(4):
        rows = client.get(
            "/api/attributions/", {"article": article.pk, "format": "json", "page_size": 100}
        ).json()["results"]

    assert len(rows) >= 9
    for row in rows:
        for part in ("speaker", "cue", "content"):
            span = row[part]
            assert article.text[span["start"] : span["end"]] == span["text"]
        assert set(row) >= {"kind", "statement_date", "confidence", "status", "claim"}
    svr = next(r for r in rows if r["cue"]["text"] == "warned")
    assert svr["statement_date"] == "2022-03-04"


def test_claim_timeline_runs_made_published_republished(client, seeded):
    row = Attribution.objects.get(article=seeded["Global Research"], cue_text="warned")

    events = client.get(f"/api/claims/{row.claim_id}/timeline/?format=json").json()

    assert [(e["kind"], e["date"]) for e in events] == [
        ("made", "2022-03-04"),
        ("first_published", "2022-03-05"),
        ("republished", "2022-03-06"),
        ("republished", "2022-03-06"),
    ]
    assert events[1]["publisher"] == "The Cradle"
    assert {e["publisher"] for e in events[2:]} == {"Global Research", "uprootedpalestinians"}


def test_claim_detail_and_list(client, seeded, django_assert_max_num_queries):
    with django_assert_max_num_queries(4):
        listing = client.get("/api/claims/?format=json").json()
    claim_id = listing["results"][0]["id"]

    detail = client.get(f"/api/claims/{claim_id}/?format=json").json()

    assert detail["attributions"]
    assert detail["attribution_count"] == len(detail["attributions"])


def test_speaker_detail_has_aliases_affiliations_and_claims(client, seeded):
    speaker = Speaker.objects.get(name="Igor Konashenkov")

    body = client.get(f"/api/speakers/{speaker.pk}/?format=json").json()

    assert "Konashenkov" in body["aliases"]
    assert {
        "role": "spokesman",
        "organisation_name": "Russian Defense Ministry",
        "organisation": None,
    } in body["affiliations"]
    assert len(body["claims"]) >= 2


def test_only_editors_review_and_every_review_is_audited(editor_client, editor, seeded):
    from django.test import Client

    row = Attribution.objects.filter(article=seeded["Global Research"]).first()

    assert (
        Client()
        .patch(
            f"/api/attributions/{row.pk}/", {"status": "rejected"}, content_type="application/json"
        )
        .status_code
        == 403
    )
    response = editor_client.patch(
        f"/api/attributions/{row.pk}/",
        {"status": "rejected", "reason": "not a claim"},
        content_type="application/json",
    )

    assert response.status_code == 200
    assert response.json()["status"] == "rejected"
    assert row.history.first().history_user == editor
    assert row.history.first().history_change_reason == "not a claim"


def test_correction_without_new_values_says_what_is_missing(editor_client, seeded):
    row = Attribution.objects.first()

    response = editor_client.patch(
        f"/api/attributions/{row.pk}/", {"status": "corrected"}, content_type="application/json"
    )

    assert response.status_code == 400
    assert "speaker" in str(response.json())


def test_link_confirm_through_the_api(editor_client, seeded):
    link = Link.objects.get(child=seeded["uprootedpalestinians"])

    response = editor_client.patch(
        f"/api/links/{link.pk}/", {"status": "confirmed"}, content_type="application/json"
    )

    assert response.status_code == 200
    link.refresh_from_db()
    assert link.status == Link.Status.CONFIRMED


def test_speaker_merge_through_the_api(editor_client, seeded):
    damascus = Speaker.objects.get(name="Damascus")
    target = Speaker.objects.get(name="Both Iraq and Syria")

    response = editor_client.post(
        f"/api/speakers/{damascus.pk}/merge/", {"into": target.pk}, content_type="application/json"
    )

    assert response.status_code == 200
    damascus.refresh_from_db()
    assert damascus.merged_into_id == target.pk
    assert not Attribution.objects.filter(speaker=damascus).exists()


def test_extract_endpoint_returns_offsets_into_the_posted_text(client):
    text = "“We will not back down,” Mayor Lina Ortiz said on Monday. The council met later."

    body = client.post(
        "/api/extract/", {"text": text, "published": "2024-06-12"}, content_type="application/json"
    ).json()

    found = body["attributions"][0]
    assert found["content"]["text"] == text[found["content"]["start"] : found["content"]["end"]]
    assert "Lina Ortiz" in found["speaker"]["text"]
    assert found["statement_date"] == "2024-06-10"


def test_extract_endpoint_rejects_missing_text(client):
    response = client.post("/api/extract/", {}, content_type="application/json")

    assert response.status_code == 400
    assert "text" in response.json()


def test_claims_go_in_with_the_dates_a_refresh_would_give_them(crosspost_seed):
    """New claims are written with their dates at once (the crosspost's own, and its
    inferred original's for first published); recomputing them changes none."""
    from claims.models import Claim
    from claims.services import claims_refresh_dates

    raw = RawDocument(
        url=crosspost_seed.resolve().as_uri(),
        content=crosspost_seed.read_bytes(),
        content_type="text/plain",
    )
    article = article_ingest(raw=raw).article
    article_process(article_id=article.pk)
    chain_attribute(article_id=article.pk)
    fields = ("pk", "made_on", "first_published", "last_republished")
    stored = set(Claim.objects.values_list(*fields))
    warned = Attribution.objects.get(article=article, cue_text="warned").claim

    claims_refresh_dates(Claim.objects.values_list("pk", flat=True))

    assert set(Claim.objects.values_list(*fields)) == stored
    assert (str(warned.made_on), str(warned.first_published)) == ("2022-03-04", "2022-03-05")
    assert str(warned.last_republished) == "2022-03-06"
