"""Linking re-decides only the pages whose decision a new page can change."""

from __future__ import annotations

import itertools

import pytest
from django.db import transaction

from provenance import services
from provenance.models import Link
from sources.models import Article
from sources.readers import RawDocument
from sources.services import article_ingest
from tests.provenance.stories import story

pytestmark = pytest.mark.django_db


BODY = story(11)
ORIGINAL = ("https://balticmonitor.example/port", "Baltic Monitor", "2022-03-03", BODY)
# Two reposts of it on one day, seen in one crawl, each with its own header: neither can
# be told to have copied the other.
REPOST_A = (
    "https://oldmole.example/port",
    "oldmole",
    "2022-03-04",
    ["Posted by oldmole, who found this worth reading today", *BODY],
)
REPOST_B = (
    "https://steppeblogger.example/port",
    "steppeblogger",
    "2022-03-04",
    ["Steppe blogger shares the report below with its readers", *BODY],
)


def _store(page: tuple[str, str, str, list[str]]) -> int:
    url, publisher, day, lines = page
    raw = RawDocument(
        url=url,
        content="\n\n".join(lines),
        content_type="text/plain",
        publisher=publisher,
        published=day,
        seen="2022-04-01T10:00:00",
    )
    return article_ingest(raw=raw).article.pk


def _decided(monkeypatch) -> list[int]:
    """The ids of the pages whose parent is decided, in order, from now on."""
    decided: list[int] = []
    decide = services._Linking.decide

    def recording(self, prepared, pool):
        decided.append(prepared.article.pk)
        return decide(self, prepared, pool)

    monkeypatch.setattr(services._Linking, "decide", recording)
    return decided


def _links() -> dict[str, str]:
    return {
        link.child.url: link.parent.url
        for link in Link.objects.active().select_related("child", "parent")
    }


def test_new_page_leaves_alone_a_page_neither_copies(monkeypatch):
    original, repost_a = _store(ORIGINAL), _store(REPOST_A)
    services.article_process(article_id=original)
    services.article_process(article_id=repost_a)
    repost_b = _store(REPOST_B)
    decided = _decided(monkeypatch)

    services.article_process(article_id=repost_b)

    # The original is not re-decided (the repost copies it) and neither is the other
    # repost (it is not offered a page it cannot be shown to copy).
    assert decided == [repost_b]
    assert _links() == {REPOST_A[0]: ORIGINAL[0], REPOST_B[0]: ORIGINAL[0]}


def test_page_linked_again_still_re_decides_the_pages_it_overlaps(monkeypatch):
    """Not new: an older version of it may have been offered to them."""
    ids = [_store(page) for page in (ORIGINAL, REPOST_A, REPOST_B)]
    for pk in ids:
        services.article_process(article_id=pk)
    decided = _decided(monkeypatch)

    services.article_process(article_id=ids[2])

    assert decided == [ids[2], ids[1]]


def test_links_of_undecidable_reposts_do_not_depend_on_arrival_order():
    outcomes = []
    for order in itertools.permutations([ORIGINAL, REPOST_A, REPOST_B]):
        with transaction.atomic():
            sid = transaction.savepoint()
            for pk in [_store(page) for page in order]:
                services.article_process(article_id=pk)
            outcomes.append(_links())
            assert not Article.objects.filter(inferred=True).exists()
            transaction.savepoint_rollback(sid)
    assert all(outcome == outcomes[0] for outcome in outcomes)
    assert outcomes[0] == {REPOST_A[0]: ORIGINAL[0], REPOST_B[0]: ORIGINAL[0]}
