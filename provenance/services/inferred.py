"""Inferred originals: the source a copy names but that was never fetched.

Their rows (``Article.inferred``), keys and dates, and their replacement once the real
original arrives. Apart from ``linking``, which uses them, because they need nothing
from it: they rest on the copies' credit lines and stored texts alone.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from django.db.models import Q

from provenance.compare import LinkKind, classify, compare
from provenance.models import Link
from provenance.parent import same_name
from sources.errors import IngestError
from sources.models import Article, Publisher
from sources.normalize import normalize_url


def _names_itself(article: Article) -> bool:
    return any(same_name(article.origin_name, name) for name in article.publisher.all_names())


def inferred_original_key(article: Article, publisher: Publisher) -> str:
    """One inferred original per (publisher, date) or origin URL, whoever names it first.

    A link to the publisher's home page ("Read more at harborwatch.example") names the
    publisher, not the story: two stories credited that way are two originals."""
    if article.origin_url and urlsplit(article.origin_url).path.strip("/"):
        return f"urn:provenance:inferred:{publisher.slug}:{article.origin_url}"[:2000]
    if article.origin_date:
        return f"urn:provenance:inferred:{publisher.slug}:{article.origin_date.isoformat()}"
    return f"urn:provenance:inferred:{publisher.slug}:{article.content_hash[:16]}"


def inferred_original_ensure(*, article: Article) -> Article | None:
    """The original a copy names but we never fetched, created once (unique URL)."""
    from sources.services import publisher_find_by_name, publisher_resolve

    if article.inferred or not article.origin_name or _names_itself(article):
        return None
    if _page_at_origin_url(article) is not None:
        return None  # the page it names as its source is here: nothing to infer
    if publisher_find_by_name(article.origin_name) is None:
        alike = _story_of_a_name_alike(article)
        if alike is not None:
            return alike
    publisher = publisher_resolve(name=article.origin_name)
    url = inferred_original_key(article, publisher)
    real = _real_original(publisher, article)
    if real:
        return None
    if not Article.objects.filter(url=url).exists():
        same_story = _inferred_for_story(publisher, article)
        if same_story:
            return same_story
    original, created = Article.objects.get_or_create(
        url=url,
        defaults={
            "publisher": publisher,
            "inferred": True,
            "title": article.title if not article.title_derived else "",
            "published": article.origin_date,
            "published_source": Article.DateSource.COPIES if article.origin_date else "",
            "origin_evidence": list(article.origin_evidence),
        },
    )
    if not created and original.published is None and article.origin_date:
        # The first copy linked to the original without a date; this one gives it.
        original.published = article.origin_date
        original.published_source = Article.DateSource.COPIES
        original.save(update_fields=["published", "published_source"])
    return original


def _page_at_origin_url(article: Article) -> Article | None:
    """The fetched page at the URL this one links as its source, if we have it."""
    url = _normal_or_empty(article.origin_url)
    if not url:
        return None
    pages = Article.objects.fetched().filter(Q(url=url) | Q(canonical_url=url))
    return pages.exclude(pk=article.pk).first()


def _normal_or_empty(url: str) -> str:
    try:
        return normalize_url(url) if url else ""
    except IngestError:
        return ""


def _inferred_for_story(publisher: Publisher, copy: Article) -> Article | None:
    """An inferred original of the publisher that other copies of this story already
    point to, under another key (one copy named a date, another none): one original,
    not two. A date learned from this copy is kept, and the row takes the date's key."""
    inferred = Article.objects.inferred_originals().filter(publisher=publisher)
    if copy.origin_date:
        inferred = inferred.filter(Q(published=copy.origin_date) | Q(published__isnull=True))
    body = _body(copy)
    for original in inferred.order_by("-pk")[:20]:
        # A few copies tell the story; this runs under the link lock.
        children = Link.objects.active().filter(parent=original).select_related("child")[:3]
        if not any(
            _bodies_overlap(_body(link.child), body) != LinkKind.NONE
            for link in children
            if link.child_id != copy.pk
        ):
            continue
        if copy.origin_date and original.published is None:
            original.published = copy.origin_date
            original.published_source = Article.DateSource.COPIES
            dated = inferred_original_key(copy, publisher)
            if not Article.objects.filter(url=dated).exists():
                original.url = dated
            original.save(update_fields=["published", "published_source", "url"])
        return original
    return None


def _story_of_a_name_alike(copy: Article) -> Article | None:
    """The inferred original of this story under another form of the name: a wire
    dateline says "(Northstar)", the other paper's copyright line "Northstar Press
    Agency". Only publishers known from copies alone (no site of their own) are matched
    this loosely; the fuller name becomes theirs, the other an alias."""
    from sources.republisher import same_publisher
    from sources.services import publisher_learn_names

    name = copy.origin_name
    word = max(re.findall(r"\w{4,}", name), key=len, default="")
    if not word:
        return None
    alike = [
        publisher
        for publisher in Publisher.objects.filter(domain=None, name__icontains=word)[:20]
        if any(same_publisher(name, known) for known in publisher.all_names())
    ]
    for publisher in alike:
        original = _inferred_for_story(publisher, copy)
        if original is not None:
            # The fuller form ("Northstar Press Agency" for "Northstar") becomes the name
            # only while the publisher is known for this story alone.
            fuller = name.casefold().startswith(publisher.name.casefold())
            if fuller and len(name) > len(publisher.name) and publisher.articles.count() <= 1:
                publisher_learn_names(publisher, name=name)
            else:
                publisher_learn_names(publisher, aliases=[name])
            return original
    return None


def _real_original(publisher: Publisher, copy: Article) -> Article | None:
    """A fetched article of the named publisher whose text the copy carries."""
    fetched = Article.objects.fetched().filter(publisher=publisher)
    if copy.origin_date:
        fetched = fetched.filter(published=copy.origin_date)
    body = _body(copy)
    for candidate in fetched.order_by("published")[:20]:
        if _bodies_overlap(body, _body(candidate)) != LinkKind.NONE:
            return candidate
    return None


def _body(article: Article) -> tuple[str, tuple[str, ...]]:
    """A stored body and its block quotations, as ``_bodies_overlap`` compares them."""
    return article.body_text(), article.block_quotes()


def _bodies_overlap(a: tuple[str, tuple[str, ...]], b: tuple[str, tuple[str, ...]]) -> LinkKind:
    """The kind of reuse between two stored bodies (see ``_body``), without sentence
    matching: the quick check that a copy tells the same story as another."""
    (a_text, a_quotes), (b_text, b_quotes) = a, b
    overlap = compare(a_text, b_text, fuzzy=False, a_quotes=a_quotes, b_quotes=b_quotes)
    return classify(overlap)


def inferred_originals_replace(*, article: Article) -> int:
    """The real original arrived: it takes the inferred one's place, links and all.

    Confirmed links keep their status; the inferred row goes once nothing points at it.
    """
    if article.inferred:
        return 0
    inferred = Article.objects.inferred_originals().filter(publisher_id=article.publisher_id)
    if article.published:
        # Not published__in=[date, None]: Django drops None from an IN list, and an
        # original named without a date would never be replaced.
        inferred = inferred.filter(Q(published=article.published) | Q(published__isnull=True))
    moved = 0
    body = _body(article)
    for original in inferred:
        for link in Link.objects.filter(parent=original).select_related("child"):
            if _bodies_overlap(_body(link.child), body) == LinkKind.NONE:
                if _cites_only(link, article):
                    link._change_reason = "the page it credits arrived and shares no text"
                    link.delete()
                continue
            if Link.objects.filter(child=link.child, parent=article).exists():
                link.delete()
                continue
            link.parent = article
            link.evidence = [*link.evidence, "the original named by this copy was ingested"]
            link._change_reason = "real original replaced the inferred one"
            link.save()
            moved += 1
        if not Link.objects.filter(parent=original).exists():
            original.delete()
    return moved


def _cites_only(link: Link, article: Article) -> bool:
    """A suggested link to an inferred original from a page that links to ``article`` as
    its source yet shares none of its text: a summary in its own words that cites the
    story, which the credit alone had made look like a copy."""
    return link.status != Link.Status.CONFIRMED and _normal_or_empty(link.child.origin_url) in {
        article.url,
        _normal_or_empty(article.canonical_url),
    } - {""}
