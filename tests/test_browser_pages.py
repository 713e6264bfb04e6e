"""The web UI in real headless Chromium against a live server."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from tests.browser import browser, page  # noqa: F401  (fixtures)

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


@pytest.fixture
def seeded(crosspost_seed, blog_seed):
    from provenance.services import article_process
    from sources.models import Article

    call_command("ingest", str(crosspost_seed), str(blog_seed), verbosity=0)
    for article in Article.objects.fetched():
        article_process(article_id=article.pk)


def test_search_finds_the_crosspost_and_opens_it(live_server, page, seeded):  # noqa: F811
    page.goto(live_server.url + "/")
    page.fill("input[name=q]", "Konashenkov")
    page.click("button[type=submit]")

    page.click("text=Russia Warns Washington Is Sending ISIS Fighters to Ukraine")

    assert page.locator("h1").inner_text().startswith("Russia Warns Washington")
    assert "Global Research" in page.locator("dl.facts").inner_text()
    assert page.locator(".boilerplate").count() >= 2


def test_untrusted_markup_in_a_title_is_shown_as_text(live_server, page):  # noqa: F811
    from sources.models import Article, Publisher

    publisher = Publisher.objects.create(name="<b>Evil</b>", slug="evil")
    Article.objects.create(
        url="https://evil.example/x",
        publisher=publisher,
        title='<img src=x onerror="window.hacked=1">Hello',
        text="Body.",
    )

    page.goto(live_server.url + "/")

    assert page.evaluate("window.hacked") is None
    assert '<img src=x onerror="window.hacked=1">Hello' in page.inner_text("table.articles")


def test_editor_confirms_an_attribution_in_the_review_queue(live_server, page, seeded, editor):  # noqa: F811
    from claims.models import Attribution
    from claims.services import chain_attribute
    from sources.models import Article

    for article in Article.objects.fetched():
        chain_attribute(article_id=article.pk)
    page.goto(live_server.url + "/accounts/login/?next=/review/")
    page.fill("input[name=username]", "edna")
    page.fill("input[name=password]", "correct-horse-42")
    page.click("form.login button[type=submit]")

    first = page.locator("form.review").first
    attribution_id = int(first.get_attribute("data-attribution"))
    first.locator("button[value=confirmed]").click()

    assert f"Attribution {attribution_id} confirmed." in page.locator(".messages").inner_text()
    row = Attribution.objects.get(pk=attribution_id)
    assert row.status == Attribution.Status.CONFIRMED
    assert row.history.first().history_user.username == "edna"


def test_claim_page_shows_the_timeline_from_inferred_original(live_server, page, seeded):  # noqa: F811
    from claims.models import Claim
    from claims.services import chain_attribute
    from sources.models import Article

    for article in Article.objects.fetched():
        chain_attribute(article_id=article.pk)
    claim = Claim.objects.get(text__startswith="the US and NATO countries are sending")

    page.goto(f"{live_server.url}/claims/{claim.pk}/")

    events = page.locator("ol.timeline li").all_inner_texts()
    assert events[0].startswith("2022-03-04") and "Made" in events[0]
    assert (
        "2022-03-05" in events[1] and "The Cradle" in events[1] and "inferred original" in events[1]
    )
    assert any("Global Research" in e for e in events[2:])


def test_anonymous_visitor_is_sent_to_log_in_for_the_review_queue(live_server, page):  # noqa: F811
    page.goto(live_server.url + "/review/")

    assert "/accounts/login/" in page.url
