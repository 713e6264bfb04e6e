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
