"""Celery adapters for ingestion: take ids, call a service, own the retry policy."""

from __future__ import annotations

import random

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded

from sources import services
from sources.errors import TransientFetchError
from sources.models import IngestJob

MAX_RETRIES = 4


def _backoff(retries: int) -> int:
    """Exponential backoff with jitter, so a flaky site is not hit in lockstep."""
    return min(600, 2 ** (retries + 2)) + random.randint(0, 5)


@shared_task(
    bind=True, acks_late=True, max_retries=MAX_RETRIES, soft_time_limit=240, time_limit=300
)
def ingest_job_run(self, job_id: int) -> str | None:
    try:
        job = services.job_run(job_id)
    except TransientFetchError as exc:
        if self.request.retries >= self.max_retries:
            services.job_fail(job_id, f"{exc} (gave up after {self.request.retries + 1} tries)")
            return IngestJob.Status.FAILED
        services.job_note_retry(job_id, str(exc))
        raise self.retry(exc=exc, countdown=_backoff(self.request.retries)) from exc
    except SoftTimeLimitExceeded:
        services.job_fail(job_id, "took too long and was stopped; try a smaller input")
        return IngestJob.Status.FAILED
    return job.status if job else None


@shared_task(acks_late=True, soft_time_limit=60, time_limit=90)
def feeds_poll_due() -> int:
    """Beat's entry point: queue one feed job per feed whose poll interval has passed."""
    due = services.feeds_due()
    for feed in due:
        services.job_create(kind=IngestJob.Kind.FEED, source=feed.url)
    return len(due)
