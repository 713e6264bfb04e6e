"""Ingestion end to end through the services, on the real PostgreSQL."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from django.core.management import call_command

from sources import services
from sources.models import Article, IngestJob, Publisher

pytestmark = pytest.mark.django_db


def ingest(kind: str, source: str, **options) -> IngestJob:
    job = services.job_create(kind=kind, source=source, options=options, enqueue=False)
    services.job_run(job.pk, inline=True)
    job.refresh_from_db()
    return job


def test_crosspost_seed_gives_publisher_title_date_and_named_origin(crosspost_seed: Path):
    job = ingest("file", str(crosspost_seed))

    assert job.status == IngestJob.Status.DONE, job.message
    article = job.article
    assert article.publisher.name == "Global Research"
    assert article.title == "Russia Warns Washington Is Sending ISIS Fighters to Ukraine"
    assert article.published == dt.date(2022, 3, 6)
    assert article.origin_name == "The Cradle"
    assert article.origin_date == dt.date(2022, 3, 5)
    boilerplate = " ".join(article.text[s:e] for s, e, kind in article.boilerplate)
    assert "Note to readers" in boilerplate
    assert "Disclaimer" in boilerplate
    assert "Disclaimer" not in article.body_text()


def test_blog_seed_gives_blog_publisher_date_and_no_real_title(blog_seed: Path):
    article = ingest("file", str(blog_seed)).article

    assert article.publisher.name == "uprootedpalestinians"
    assert article.published == dt.date(2022, 3, 6)
    assert article.title == "" or article.title_derived
    assert article.origin_name == "The Cradle"


def test_ingesting_the_same_file_twice_yields_one_article(crosspost_seed: Path):
    first = ingest("file", str(crosspost_seed))
    second = ingest("file", str(crosspost_seed))

    assert first.article_id == second.article_id
    assert Article.objects.count() == 1
    assert second.message.startswith("unchanged")


def test_same_text_under_two_urls_gives_two_articles_with_one_hash(site):
    page = (
        "<html><head><title>Harbour strike</title></head><body><article>"
        + ("<p>Dock workers at the northern harbour walked out on Monday, the union said.</p>" * 30)
        + "</article></body></html>"
    )
    a = ingest("url", site.add("/a", page))
    b = ingest("url", site.add("/b", page))

    assert a.status == b.status == IngestJob.Status.DONE
    assert a.article_id != b.article_id
    assert a.article.content_hash == b.article.content_hash


def test_same_url_in_other_spelling_is_one_article(site):
    page = (
        "<html><body><article>"
        + "<p>The council voted on the budget late on Thursday night.</p>" * 30
        + "</article></body></html>"
    )
    url = site.add("/story", page)
    ingest("url", url)
    ingest("url", url + "?utm_source=newsletter#comments")

    assert Article.objects.count() == 1


@pytest.mark.parametrize(
    ("path", "body", "content_type", "status", "expected"),
    [
        ("/missing", b"", "text/html", 404, "404"),
        ("/pdf", b"%PDF-1.4 ...", "application/pdf", 200, "application/pdf"),
    ],
)
def test_bad_urls_fail_with_a_message_and_store_nothing(
    site, path, body, content_type, status, expected
):
    if status != 404:
        site.add(path, body, status=status, content_type=content_type)
    job = ingest("url", site.base + path)

    assert job.status == IngestJob.Status.FAILED
    assert expected in job.message
    assert Article.objects.count() == 0


def test_private_address_is_refused_when_not_allowed(settings):
    settings.FETCH_ALLOW_PRIVATE = False
    job = ingest("url", "http://127.0.0.1:9/admin")

    assert job.status == IngestJob.Status.FAILED
    assert "private" in job.message.lower() or "loopback" in job.message.lower()


def test_empty_and_binary_files_fail_with_a_message(tmp_path: Path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    binary = tmp_path / "image.html"
    binary.write_bytes(bytes(range(256)) * 40)

    for path in (empty, binary):
        job = ingest("file", str(path))
        assert job.status == IngestJob.Status.FAILED
        assert str(path.name) in job.message or job.message
    assert Article.objects.count() == 0


def test_jsonl_bad_line_is_reported_and_the_rest_goes_on(tmp_path: Path):
    body = (
        "<p>"
        + "The mayor said the new tram line would open in spring, ahead of plan. " * 20
        + "</p>"
    )
    lines = [
        json.dumps(
            {
                "url": "https://example.org/one",
                "html": f"<html><body>{body}</body></html>",
                "title": "One",
                "published": "2024-05-01",
                "publisher": "Example Daily",
            }
        ),
        "{this is not json",
        json.dumps(
            {
                "url": "https://example.org/two",
                "text": body.replace("<p>", "").replace("</p>", "") + " Two.",
                "published": "2024-05-02",
            }
        ),
    ]
    path = tmp_path / "bulk.jsonl"
    path.write_text("\n".join(lines) + "\n")

    job = ingest("jsonl", str(path))

    assert job.status == IngestJob.Status.DONE
    assert (job.items_total, job.items_done, job.items_failed) == (3, 2, 1)
    assert "line 2" in job.errors[0]
    one = Article.objects.get(url="https://example.org/one")
    assert one.title == "One"
    assert one.published == dt.date(2024, 5, 1)
    assert one.publisher.name == "Example Daily"


def test_feed_job_fetches_each_entry_and_second_poll_is_conditional(site):
    page = (
        "<html><head><title>Ferry fares</title></head><body><article>"
        + "<p>Ferry fares will rise by a tenth from June, the operator announced.</p>" * 20
        + "</article></body></html>"
    )
    site.add("/news/ferry", page)
    feed = f"""<?xml version="1.0"?><rss version="2.0"><channel><title>Coast News</title>
      <item><title>Ferry fares</title><link>{site.base}/news/ferry</link></item>
      <item><title>Gone</title><link>{site.base}/news/gone</link></item>
    </channel></rss>"""
    url = site.add("/feed.xml", feed, content_type="application/rss+xml", headers={"ETag": '"v1"'})

    job = ingest("feed", url)

    assert job.status == IngestJob.Status.DONE
    assert (job.items_total, job.items_done, job.items_failed) == (2, 1, 1)
    assert Article.objects.filter(title="Ferry fares").exists()
    failed = job.children.get(status=IngestJob.Status.FAILED)
    assert "404" in failed.message

    again = ingest("feed", url)
    assert again.status == IngestJob.Status.DONE
    assert "not modified" in again.message
    assert Article.objects.count() == 1


def test_ingest_command_prints_a_summary_line(crosspost_seed, blog_seed, capsys):
    call_command("ingest", str(crosspost_seed), str(blog_seed), verbosity=0)

    out = capsys.readouterr().out
    assert "ingested 2 of 2 documents" in out
    assert Publisher.objects.filter(name="Global Research").exists()


def _warc(path: Path, pages: dict[str, str]) -> None:
    from io import BytesIO

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=True)
        for url, html in pages.items():
            headers = StatusAndHeaders(
                "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
            )
            record = writer.create_warc_record(
                url, "response", payload=BytesIO(html.encode()), http_headers=headers
            )
            writer.write_record(record)


def test_warc_archive_is_ingested_and_a_truncated_one_keeps_what_came_before(tmp_path: Path):
    body = "".join(
        f"<p>Archived paragraph {n} about the river crossing and its new toll.</p>"
        for n in range(20)
    )
    pages = {
        f"https://archive.example/{n}": (
            f"<html><head><title>Page {n}</title></head>"
            f"<body><article>{body} {n}</article></body></html>"
        )
        for n in range(3)
    }
    whole = tmp_path / "crawl.warc.gz"
    _warc(whole, pages)
    cut = tmp_path / "cut.warc.gz"
    cut.write_bytes(whole.read_bytes()[: int(whole.stat().st_size * 0.8)])

    job = ingest("warc", str(whole))
    assert (job.items_total, job.items_done, job.items_failed) == (3, 3, 0)

    Article.objects.all().delete()
    broken = ingest("warc", str(cut))
    assert broken.items_done == 2
    assert broken.items_failed == 1
    assert "cut off or damaged" in broken.errors[0]
    assert Article.objects.count() == 2


def test_beat_queues_each_due_feed_once():
    from sources.models import Feed
    from sources.tasks import feeds_poll_due

    Feed.objects.create(url="https://example.org/rss.xml")
    Feed.objects.create(url="https://example.org/off.xml", active=False)

    assert feeds_poll_due() == 1
    assert feeds_poll_due() == 0  # the first poll is still queued
    assert IngestJob.objects.filter(kind="feed").count() == 1


def test_jsonl_seen_time_becomes_first_seen(tmp_path: Path):
    text = "The harbour master said the new quay would open in June, a month early. " * 20
    path = tmp_path / "seen.jsonl"
    path.write_text(
        json.dumps(
            {"url": "https://example.org/quay", "text": text, "seen": "2022-03-06T08:15:00Z"}
        )
        + "\n"
    )

    ingest("jsonl", str(path))

    seen = Article.objects.get().first_seen
    assert (seen.year, seen.month, seen.day, seen.hour, seen.minute) == (2022, 3, 6, 8, 15)


def test_names_a_site_declares_for_itself_become_aliases_and_absorb_a_name_only_publisher():
    from sources.readers import RawDocument

    credited = services.publisher_resolve(name="The Associated Press")  # from a copy's credit
    page = (
        '<html><head><meta property="og:site_name" content="AP News">'
        '<script type="application/ld+json">{"@type": "NewsArticle", "publisher": '
        '{"@type": "Organization", "name": "The Associated Press"}}</script></head>'
        "<body><article><h1>Regulators propose battery rules</h1>"
        + "<p>Federal regulators on Tuesday proposed rules for e-bike batteries.</p>" * 8
        + "</article></body></html>"
    )
    article = services.article_ingest(
        raw=RawDocument(url="https://apnews.com/article/battery-rules", content=page)
    ).article

    publisher = article.publisher
    assert (publisher.name, publisher.domain) == ("AP News", "apnews.com")
    assert "The Associated Press" in publisher.aliases
    assert not Publisher.objects.filter(pk=credited.pk).exists()
    assert services.publisher_find_by_name("The Associated Press") == publisher


def test_a_declared_name_the_page_credits_as_its_source_is_not_taken_as_an_alias():
    from sources.readers import RawDocument

    page = (
        '<html><head><meta property="og:site_name" content="Daily Repost">'
        '<script type="application/ld+json">{"@type": "NewsArticle", "publisher": '
        '{"@type": "Organization", "name": "The Cradle"}}</script></head>'
        "<body><article><h1>Strikes reported near the border</h1>"
        + "<p>Officials on Tuesday reported strikes near the border crossing.</p>" * 8
        + "<p>The original source of this article is The Cradle.</p></article></body></html>"
    )
    article = services.article_ingest(
        raw=RawDocument(url="https://dailyrepost.example/strikes", content=page)
    ).article

    assert article.origin_name == "The Cradle"
    assert article.publisher.name == "Daily Repost"
    assert "The Cradle" not in article.publisher.aliases


def test_a_site_claims_the_publisher_known_by_its_host_name_and_other_sites_get_a_slug():
    host_only = services.publisher_resolve(name="harborledger.example")  # named by a link
    site = services.publisher_resolve(name="The Harbor Ledger", domain="harborledger.example")
    assert site.pk == host_only.pk and site.domain == "harborledger.example"
    # The slug a name gave another site's publisher is not this site's.
    Publisher.objects.create(name="Kestrel", slug="kestrelexamplecom", domain="other.example")
    other = services.publisher_resolve(name="Kestrel Daily", domain="kestrel.example.com")
    assert other.slug == "kestrelexamplecom-2" and other.domain == "kestrel.example.com"
    assert services.publisher_resolve(domain="kestrel.example.com").pk == other.pk


def test_names_learnt_from_a_stale_copy_of_a_publisher_keep_what_another_worker_added():
    """Two workers each read the publisher, then each learn a name: the second write
    re-reads the row instead of overwriting the first worker's alias."""
    Publisher.objects.create(name="Northstar", slug="northstar")
    first = Publisher.objects.get(slug="northstar")
    second = Publisher.objects.get(slug="northstar")

    services.publisher_learn_names(first, aliases=["Northstar Wire"])
    services.publisher_learn_names(second, name="Northstar Press Agency", aliases=["NPA"])

    stored = Publisher.objects.get(slug="northstar")
    assert stored.name == "Northstar Press Agency"
    assert stored.aliases == ["Northstar Wire", "Northstar", "NPA"]
    assert (second.name, second.aliases) == (stored.name, stored.aliases)


def test_a_name_already_known_in_another_case_is_not_added_again():
    publisher = Publisher.objects.create(name="The Cradle", slug="the-cradle", aliases=["Cradle"])

    services.publisher_learn_names(publisher, aliases=["the cradle", "CRADLE", ""])

    publisher.refresh_from_db()
    assert publisher.aliases == ["Cradle"]
