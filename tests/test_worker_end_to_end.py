"""From an API submission to a stored article, through a real Celery worker process."""

from __future__ import annotations

import pytest

from sources.models import Article, IngestJob
from tests.conftest import wait_for

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.worker]

PAGE = (
    """<html><head><title>Tram line opens early</title>
<meta property="og:site_name" content="Valley Courier"></head><body><article>
<h1>Tram line opens early</h1>
"""
    + "<p>The new tram line opened two weeks early, the transport authority said on Monday.</p>"
    * 25
    + """
</article></body></html>"""
)


def test_submitted_url_is_fetched_and_stored_by_a_real_worker(
    celery_worker_process, site, editor_client
):
    url = site.add("/tram", PAGE)

    response = editor_client.post(
        "/api/jobs/", {"kind": "url", "url": url}, content_type="application/json"
    )

    assert response.status_code == 202, response.content
    job_id = response.json()["id"]
    job = wait_for(
        lambda: (
            IngestJob.objects.filter(pk=job_id)
            .exclude(status__in=[IngestJob.Status.QUEUED, IngestJob.Status.RUNNING])
            .first()
        )
    )
    assert job.status == IngestJob.Status.DONE, job.message
    article = Article.objects.get(pk=job.article_id)
    assert article.title == "Tram line opens early"
    assert article.publisher.name == "Valley Courier"
    assert site.hits == ["/tram"]


def test_worker_marks_a_404_failed_with_a_message(celery_worker_process, site, editor_client):
    response = editor_client.post(
        "/api/jobs/", {"kind": "url", "url": site.base + "/nope"}, content_type="application/json"
    )

    job_id = response.json()["id"]
    job = wait_for(
        lambda: IngestJob.objects.filter(pk=job_id, status=IngestJob.Status.FAILED).first()
    )
    assert "404" in job.message
    assert not Article.objects.exists()


def test_two_workers_linking_two_copies_at_once_build_one_chain(
    celery_worker_process, crosspost_seed, blog_seed
):
    from provenance.models import Fingerprint, Link
    from sources.readers import RawDocument
    from sources.services import article_ingest

    # Both commits enqueue their processing at once; the worker runs two processes.
    for path in (crosspost_seed, blog_seed):
        article_ingest(
            raw=RawDocument(
                url=path.resolve().as_uri(), content=path.read_bytes(), content_type="text/plain"
            )
        )

    wait_for(lambda: Fingerprint.objects.count() == 2 and Link.objects.count() == 2)
    assert Article.objects.filter(inferred=True).count() == 1
    links = {
        (k.child.publisher.name, k.parent.publisher.name)
        for k in Link.objects.select_related("child__publisher", "parent__publisher")
    }
    assert links == {("Global Research", "The Cradle"), ("uprootedpalestinians", "Global Research")}
