"""The web UI in real headless Chromium against a live server."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from tests.browser import browser, page  # noqa: F401  (fixtures)

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


@pytest.fixture
def seeded(crosspost_seed, blog_seed):
    call_command("ingest", str(crosspost_seed), str(blog_seed), verbosity=0)


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
