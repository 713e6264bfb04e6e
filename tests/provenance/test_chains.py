"""Chains on the real PostgreSQL: seeds in any order, inferred originals, re-rooting."""

from __future__ import annotations

import datetime as dt
import itertools
from pathlib import Path

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from provenance import selectors, services
from provenance.models import Link
from provenance.services import article_process
from sources.models import Article
from sources.readers import RawDocument
from sources.services import article_ingest

pytestmark = pytest.mark.django_db


def ingest_file(path: Path) -> Article:
    raw = RawDocument(
        url=path.resolve().as_uri(), content=path.read_bytes(), content_type="text/plain"
    )
    article = article_ingest(raw=raw).article
    services.article_process(article_id=article.pk)
    return article


def chain_summary(article: Article) -> dict[str, tuple[str, bool]]:
    """publisher -> (parent publisher, parent inferred) for every link in the chain."""
    chain = selectors.chain_for_article(article.pk)
    names = {a.pk: (a.publisher.name, a.inferred) for a in chain.articles}
    return {names[link.child_id][0]: names[link.parent_id] for link in chain.links}


@pytest.mark.parametrize("order", list(itertools.permutations(["crosspost", "blog"])))
def test_seed_chain_is_cradle_then_global_research_then_blog(order, crosspost_seed, blog_seed):
    paths = {"crosspost": crosspost_seed, "blog": blog_seed}
    articles = [ingest_file(paths[name]) for name in order]

    chain = selectors.chain_for_article(articles[0].pk)

    assert chain.root.inferred
    assert chain.root.publisher.name == "The Cradle"
    assert chain.root.published == dt.date(2022, 3, 5)
    assert chain_summary(articles[0]) == {
        "Global Research": ("The Cradle", True),
        "uprootedpalestinians": ("Global Research", False),
    }
    gr_link = Link.objects.get(child__publisher__name="Global Research")
    assert gr_link.kind == Link.Kind.EDITED
    blog_link = Link.objects.get(child__publisher__name="uprootedpalestinians")
    # The evidence names the Global Research intro that the blog carries.
    assert any(
        "Global Research condemns" in line or "Today, the dangers" in line
        for line in blog_link.evidence
    ), blog_link.evidence


def test_processing_twice_changes_nothing(crosspost_seed, blog_seed):
    ingest_file(crosspost_seed)
    blog = ingest_file(blog_seed)
    before = list(Link.objects.values_list("child_id", "parent_id", "kind", "evidence"))

    services.article_process(article_id=blog.pk)

    assert list(Link.objects.values_list("child_id", "parent_id", "kind", "evidence")) == before
    assert Article.objects.filter(inferred=True).count() == 1


def test_real_original_replaces_the_inferred_one_and_keeps_confirmed_links(
    crosspost_seed, blog_seed, editor
):
    gr = ingest_file(crosspost_seed)
    ingest_file(blog_seed)
    link = Link.objects.get(child=gr)
    services.link_review(link=link, status=Link.Status.CONFIRMED, user=editor, reason="checked")
    original_text = crosspost_seed.read_text().split("Today, the dangers", 1)[1].split("*\n", 1)[0]
    head = (
        "<title>Russia Warns Washington Is Sending ISIS Fighters to Ukraine</title>"
        '<meta property="og:site_name" content="The Cradle">'
        '<meta property="article:published_time" content="2022-03-05T10:00:00Z">'
    )
    raw = RawDocument(
        url="https://thecradle.example/news/russia-warns-isis-ukraine",
        content=f"<html><head>{head}</head><body><article>"
        + "".join(f"<p>{p}</p>" for p in original_text.split("\n\n")[5:] if p.strip())
        + "</article></body></html>",
        content_type="text/html",
    )
    cradle = article_ingest(raw=raw).article
    services.article_process(article_id=cradle.pk)

    link.refresh_from_db()
    assert link.parent_id == cradle.pk
    assert link.status == Link.Status.CONFIRMED
    assert not Article.objects.filter(inferred=True).exists()
    assert selectors.chain_for_article(gr.pk).root.pk == cradle.pk


def test_rejected_link_is_never_suggested_again(crosspost_seed, blog_seed, editor):
    ingest_file(crosspost_seed)
    blog = ingest_file(blog_seed)
    link = Link.objects.get(child=blog)
    services.link_review(link=link, status=Link.Status.REJECTED, user=editor, reason="wrong")

    services.article_link(article_id=blog.pk)

    assert not Link.objects.active().filter(child=blog, parent=link.parent).exists()
    assert Link.objects.get(pk=link.pk).status == Link.Status.REJECTED
    assert link.history.first().history_user == editor


def test_chain_api_shape_and_query_count(
    client, crosspost_seed, blog_seed, django_assert_max_num_queries
):
    ingest_file(crosspost_seed)
    blog = ingest_file(blog_seed)

    with django_assert_max_num_queries(6):
        body = client.get(f"/api/articles/{blog.pk}/chain/?format=json").json()

    assert {n["publisher"] for n in body["nodes"]} == {
        "The Cradle",
        "Global Research",
        "uprootedpalestinians",
    }
    root = next(n for n in body["nodes"] if n["id"] == body["root"])
    assert root["inferred"] and root["published"] == "2022-03-05"
    edge = next(e for e in body["edges"] if e["child"] == blog.pk)
    assert set(edge) >= {
        "parent",
        "child",
        "kind",
        "jaccard",
        "containment",
        "confidence",
        "status",
        "evidence",
    }
    assert edge["containment"]["child_in_parent"] > 0.9


def test_diff_api_shows_the_blogs_edits(client, crosspost_seed, blog_seed):
    ingest_file(crosspost_seed)
    blog = ingest_file(blog_seed)

    body = client.get(f"/api/articles/{blog.pk}/diff/?format=json").json()

    assert body["title"]["kind"] == "dropped"
    inserted = " ".join(op["child"] for op in body["ops"] if op["op"] in ("insert", "replace"))
    assert "Video: NATO Too Weak to Face Russia?" in inserted
    assert any(
        op["op"] == "replace" and "Donetsk" in op["parent"] and "Dontesk" in op["child"]
        for op in body["ops"]
    )
    assert any(op["boilerplate"] and op["op"] == "delete" for op in body["ops"])


def test_article_lookup_by_url_uses_ingest_normalisation(client, site):
    page = (
        "<html><body><article>"
        + "<p>The harbour authority said ferries would run hourly.</p>" * 20
        + "</article></body></html>"
    )
    url = site.add("/Story", page)
    raw = RawDocument(url=url, content=page)
    article_ingest(raw=raw)

    body = client.get(
        "/api/articles/",
        {"url": url.upper().replace("/STORY", "/Story") + "#top", "format": "json"},
    ).json()

    assert [row["id"] for row in body["results"]] == [Article.objects.get().pk]


@settings(
    max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(order=st.permutations(["crosspost", "blog", "crosspost-again"]))
def test_chain_does_not_depend_on_arrival_order(order, crosspost_seed, blog_seed):
    paths = {"crosspost": crosspost_seed, "blog": blog_seed, "crosspost-again": crosspost_seed}
    with transaction.atomic():
        sid = transaction.savepoint()
        articles = [ingest_file(paths[name]) for name in order]
        summary = chain_summary(articles[0])
        transaction.savepoint_rollback(sid)

    assert summary == {
        "Global Research": ("The Cradle", True),
        "uprootedpalestinians": ("Global Research", False),
    }


SERIES_INTRO = (
    "This article is part of our weekly series on coastal communities, produced with support "
    "from readers like you. Sign up to receive every instalment of the series in your inbox "
    "each Friday morning, along with notes from our reporters in the field."
)


def _page(title: str, body: str) -> str:
    return (
        f"<html><head><title>{title}</title>"
        '<meta property="og:site_name" content="Shore Weekly"></head><body><article>'
        f"<h1>{title}</h1><p>{SERIES_INTRO}</p>{body}</article></body></html>"
    )


def test_publisher_series_intro_does_not_make_two_articles_copies():
    ferry = "".join(
        f"<p>The ferry between Arlan and the mainland will run {n} times a day from May, the "
        f"operator said, after islanders complained about the winter timetable {n}.</p>"
        for n in range(8)
    )
    school = "".join(
        f"<p>Pupils at the island school will move into a new building in term {n}, the county "
        f"council confirmed, ending years of lessons in temporary classrooms {n}.</p>"
        for n in range(8)
    )
    for slug, title, body in (
        ("ferry", "Ferry timetable", ferry),
        ("school", "New school", school),
    ):
        raw = RawDocument(url=f"https://shore.example/{slug}", content=_page(title, body))
        article_process(article_id=article_ingest(raw=raw).article.pk)

    assert not Link.objects.exists()


def test_a_page_linking_moves_to_another_parent_is_attributed_again(
    crosspost_seed, blog_seed, monkeypatch, django_capture_on_commit_callbacks
):
    """Re-linking the crosspost moves the blog back from a stale parent to it: the blog's
    attributions are queued again, to be mapped from its new parent."""
    from claims import tasks

    crosspost, blog = ingest_file(crosspost_seed), ingest_file(blog_seed)
    inferred = Article.objects.get(inferred=True)
    Link.objects.filter(child=blog).update(parent=inferred)
    queued = []
    monkeypatch.setattr(tasks.article_attribute_task, "delay", queued.append)

    with django_capture_on_commit_callbacks(execute=True):
        services.article_link(article_id=crosspost.pk)

    assert Link.objects.active().get(child=blog).parent_id == crosspost.pk
    assert queued == [blog.pk]


def test_two_stories_credited_to_a_newsrooms_home_page_get_two_inferred_originals():
    """'Read more at harborwatch.example' names the newsroom, not the story."""
    footer = (
        "<p><em>Harbor Watch is a nonprofit newsroom. Read more at "
        "<a href='https://harborwatch.example/'>harborwatch.example</a></em></p>"
    )
    stories = {
        "sediment": "The port will dump dredged sediment off Gull Point this winter, {n}.",
        "ferry": "The island ferry will stop its night crossings from the spring, {n}.",
    }
    for slug, sentence in stories.items():
        body = "".join(f"<p>{sentence.format(n=n) * 3}</p>" for n in range(6))
        page = (
            f"<html><head><title>{slug}</title><meta property='og:site_name' content='Bay News'>"
            f"</head><body><article><h1>{slug}</h1>{body}{footer}</article></body></html>"
        )
        raw = RawDocument(url=f"https://baynews.example/{slug}", content=page)
        article_process(article_id=article_ingest(raw=raw).article.pk)

    originals = Article.objects.filter(inferred=True)
    assert [a.publisher.name for a in originals] == ["Harbor Watch", "Harbor Watch"]
    parents = set(Link.objects.values_list("parent_id", flat=True))
    assert parents == set(originals.values_list("pk", flat=True))


@pytest.mark.parametrize("summary_first", [False, True])
def test_a_summary_in_its_own_words_that_credits_a_story_is_not_its_copy(summary_first):
    """'Source: Drayton Daily Sentinel' with a link: once the story is here and shares no
    text, there is no copy and no inferred original, whichever page came first."""
    story_url = "https://sentinel.example/news/schools-close"
    story = "".join(
        f"<p>The school board voted 5-2 on Tuesday to close Whitcomb Elementary, part {n} "
        f"of a plan that the superintendent said would save money over {n + 3} years.</p>"
        for n in range(8)
    )
    summary = (
        "<p>Two elementary schools will shut next year after a split vote by trustees, who "
        "cited falling enrolment and repair bills; parents said they would appeal.</p>"
        f"<p>Source: <a href='{story_url}'>Drayton Daily Sentinel</a></p>"
    )
    pages = [
        (story_url, "Drayton Daily Sentinel", "Schools close", story),
        ("https://brief.example/schools", "BriefLine", "Two schools shut", summary),
    ]
    for url, site, title, body in pages[::-1] if summary_first else pages:
        html = (
            f"<html><head><title>{title}</title><meta property='og:site_name' content='{site}'>"
            f"</head><body><article><h1>{title}</h1>{body}</article></body></html>"
        )
        article_process(
            article_id=article_ingest(raw=RawDocument(url=url, content=html)).article.pk
        )

    assert not Link.objects.exists()
    assert not Article.objects.filter(inferred=True).exists()
