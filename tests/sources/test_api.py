"""The read-only article API and job submission rules."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from sources.readers import RawDocument
from sources.services import article_ingest

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(crosspost_seed, blog_seed):
    call_command("ingest", str(crosspost_seed), str(blog_seed), verbosity=0)


def test_article_list_shows_both_seeds_with_their_fields(client, seeded):
    response = client.get("/api/articles/?format=json")

    assert response.status_code == 200
    rows = {row["publisher"]["name"]: row for row in response.json()["results"]}
    assert set(rows) == {"Global Research", "uprootedpalestinians"}
    gr = rows["Global Research"]
    assert gr["title"] == "Russia Warns Washington Is Sending ISIS Fighters to Ukraine"
    assert gr["published"] == "2022-03-06"
    assert gr["origin_name"] == "The Cradle"
    assert gr["origin_date"] == "2022-03-05"
    assert rows["uprootedpalestinians"]["published"] == "2022-03-06"


def test_article_list_query_count_does_not_grow_with_rows(
    client, seeded, django_assert_max_num_queries
):
    with django_assert_max_num_queries(3):
        client.get("/api/articles/?format=json")


def test_article_detail_has_text_and_boilerplate_spans(client, seeded):
    article_id = client.get("/api/articles/?format=json&q=Disclaimer").json()["results"][0]["id"]

    detail = client.get(f"/api/articles/{article_id}/?format=json").json()

    assert any(
        detail["text"][b["start"] : b["end"]].startswith("Disclaimer")
        for b in detail["boilerplate"]
    )


def test_anonymous_users_cannot_submit_jobs(client):
    response = client.post(
        "/api/jobs/",
        {"kind": "url", "url": "https://example.org/a"},
        content_type="application/json",
    )

    assert response.status_code == 403


def test_bad_url_submission_says_what_to_fix(editor_client):
    response = editor_client.post(
        "/api/jobs/",
        {"kind": "url", "url": "ftp://example.org/file"},
        content_type="application/json",
    )

    assert response.status_code == 400
    assert "url" in response.json()


def test_page_size_is_capped_at_200(client):
    from sources.models import Article, Publisher

    publisher = Publisher.objects.create(name="Bulk", slug="bulk")
    Article.objects.bulk_create(
        Article(url=f"https://bulk.example/{i}", publisher=publisher) for i in range(205)
    )

    response = client.get("/api/articles/?format=json&page_size=100000")

    assert response.json()["count"] == 205
    assert len(response.json()["results"]) == 200


def test_openapi_schema_is_served(client):
    response = client.get("/api/schema/")

    assert response.status_code == 200
    assert b"/api/articles/" in response.content


def test_a_block_quotation_is_served_and_shown_apart_escaped(client):
    statement = "The <b>ministry</b> confirms an outbreak of avian influenza near Kellston today."
    page = (
        "<html><head><title>Bird flu</title></head><body><article><h1>Bird flu</h1><p>"
        + "Keepers across the district were told to house their birds on Tuesday. " * 4
        + "</p><p>The ministry said:</p><blockquote><p>"
        + statement.replace("<", "&lt;").replace(">", "&gt;")
        + "</p></blockquote><p>"
        + "Producers said the movement rules would be the bigger problem this winter. " * 3
        + "</p></article></body></html>"
    )
    raw = RawDocument(url="https://herald.example/bird-flu", content=page)
    article = article_ingest(raw=raw).article
    detail = client.get(f"/api/articles/{article.pk}/?format=json").json()
    [quote] = detail["quotations"]
    assert detail["text"][quote["start"] : quote["end"]] == statement
    html = client.get(f"/articles/{article.pk}/").content.decode()
    assert '<span class="quotation" title="block quotation">The &lt;b&gt;ministry' in html
