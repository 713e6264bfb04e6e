"""Links and inferred originals on the real PostgreSQL do not depend on arrival order.

Two ways the order leaked in:

* A page's text as parent choice sees it drops its publisher's series boilerplate, a
  paragraph found on two of the publisher's pages.  The crossposter's second page with
  the same intro turns the intro of its first into boilerplate, and the first page's
  decisions (and those of the pages that copy it) were not made again.
* An original named without a date (a repost's "Source: X") is inferred before the real
  one arrives; the real one never replaced it (``published__in=[date, None]`` matches no
  NULL) and the copy's move to the real one left the inferred row behind.

Both are fixed in provenance/services/ (``article_link``, ``inferred_originals_replace``);
until then these tests are expected to fail.
"""

from __future__ import annotations

import itertools
from datetime import date, timedelta

import pytest
from django.db import transaction

from provenance.models import Link
from provenance.services import article_process
from sources.models import Article
from sources.readers import RawDocument
from sources.services import article_ingest
from tests.provenance.stories import story

pytestmark = pytest.mark.django_db

SERIES_INTRO = [
    "Today, the dangers of military escalation are beyond description, and every reader "
    "should follow what is now happening in the region with the greatest attention.",
    "It is important that a peace process be initiated with a view to preventing a far "
    "wider war, which could engulf the neighbouring countries within a matter of weeks.",
]
DAY = date(2022, 3, 3)


def when(days: int) -> date:
    return DAY + timedelta(days=days)


def long_date(day: date) -> str:
    return day.strftime("%B %d, %Y")


def page(url: str, publisher: str, day: date | None, title: str, lines: list[str]) -> dict:
    return {"url": url, "publisher": publisher, "day": day, "title": title, "lines": lines}


def crosspost(url: str, origin: str, origin_day: date, day: date, paras: list[str]) -> dict:
    header = [
        f"By {origin}",
        f"Global Research, {long_date(day)}",
        f"{origin} {long_date(origin_day)}",
    ]
    credit = [f"The original source of this article is {origin}"]
    return page(url, "Global Research", day, "", [*header, *SERIES_INTRO, *paras, *credit])


def ingest(pages: list[dict]) -> dict[str, tuple[str, str]]:
    """Ingest and link the pages in this order; child URL -> (parent, kind), where an
    inferred parent is "inferred <publisher>"; rolled back afterwards."""
    with transaction.atomic():
        sid = transaction.savepoint()
        store(pages)
        links = {
            link.child.url: (_name(link.parent), link.kind)
            for link in Link.objects.active().select_related("child", "parent__publisher")
        }
        inferred = sorted(_name(a) for a in Article.objects.filter(inferred=True))
        transaction.savepoint_rollback(sid)
    return {**links, "inferred originals": (", ".join(inferred), "")}


def store(pages: list[dict]) -> None:
    """Ingest, fingerprint and link the pages in this order."""
    for number, item in enumerate(pages):
        raw = RawDocument(
            url=item["url"],
            content="\n\n".join([item["title"], *item["lines"]]),
            content_type="text/plain",
            title=item["title"],
            publisher=item["publisher"],
            published=item["day"].isoformat() if item["day"] else "",
            seen=f"{when(30).isoformat()}T{number % 24:02d}:00:00",
        )
        article_process(article_id=article_ingest(raw=raw).article.pk)


def _name(article: Article) -> str:
    return f"inferred {article.publisher.name}" if article.inferred else article.url


def test_crosspost_chain_does_not_depend_on_when_its_intro_became_boilerplate():
    body = story(1)
    original = page("https://balticmonitor.example/a", "Baltic Monitor", DAY, "Gas", body)
    first = crosspost("https://globalresearch.example/a", "Baltic Monitor", DAY, when(1), body)
    blog_lines = [f"Posted on {long_date(when(2))} by oldmole", *first["lines"]]
    blog_lines[5] = blog_lines[5].replace("a", "aa", 1)  # the blog's typo
    blog = page("https://oldmole.example/a", "oldmole", when(2), "", blog_lines)
    # The crossposter's next page, on another story, with the same series intro.
    second = crosspost(
        "https://globalresearch.example/b", "Caspian Wire", when(9), when(10), story(2)
    )
    pages = [original, first, blog, second]

    orders = list(itertools.permutations(pages))[::5]  # each page first, last, in between
    outcomes = [ingest(list(order)) for order in orders]

    for outcome in outcomes[1:]:
        assert outcome == outcomes[0]
    assert outcomes[0][first["url"]][0] == original["url"]
    assert outcomes[0][blog["url"]][0] == first["url"]


def test_original_named_without_a_date_replaces_the_inferred_one_in_any_order():
    body = story(3)
    original = page("https://levantobserver.example/a", "Levant Observer", DAY, "Port", body)
    repost = page(
        "https://steppeblogger.example/a",
        "steppeblogger",
        when(2),
        "Port",
        [*body, "Source: Levant Observer"],
    )

    outcomes = [ingest([original, repost]), ingest([repost, original])]

    assert outcomes[0] == outcomes[1]
    assert outcomes[1][repost["url"]][0] == original["url"]
    assert outcomes[1]["inferred originals"] == ("", "")


def test_copies_naming_an_original_with_and_without_a_date_share_one_inferred_original():
    """One copy credits "Levant Observer 3 March", another only "Source: Levant
    Observer": the same unfetched original, inferred once and dated, in either order."""
    body = story(4)
    dated = crosspost("https://globalresearch.example/c", "Levant Observer", DAY, when(1), body)
    undated = page(
        "https://steppeblogger.example/c",
        "steppeblogger",
        when(2),
        "Port",
        [*body, "Source: Levant Observer"],
    )

    outcomes = [ingest([dated, undated]), ingest([undated, dated])]

    assert outcomes[0] == outcomes[1]
    assert outcomes[0]["inferred originals"] == ("inferred Levant Observer", "")
    assert outcomes[0][undated["url"]][0] in {"inferred Levant Observer", dated["url"]}
    with transaction.atomic():
        sid = transaction.savepoint()
        store([undated, dated])
        assert Article.objects.get(inferred=True).published == DAY
        transaction.savepoint_rollback(sid)
