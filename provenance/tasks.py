"""Celery adapters for the provenance steps: ids in, one service call, retries here."""

from __future__ import annotations

from celery import shared_task
from django.db import OperationalError

from provenance import services


@shared_task(
    acks_late=True,
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    retry_jitter=True,
    max_retries=5,
    soft_time_limit=120,
    time_limit=180,
)
def article_process_task(article_id: int) -> int | None:
    """Fingerprint and link one article; a deleted article is simply skipped."""
    link = services.article_process(article_id=article_id)
    _attribute(article_id)
    return link.parent_id if link else None


@shared_task(acks_late=True, autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5)
def article_link_task(article_id: int) -> int | None:
    link = services.article_link(article_id=article_id)
    return link.parent_id if link else None


def _attribute(article_id: int) -> None:
    """Attribution follows linking, so a copy maps from its parent's attributions."""
    from claims.tasks import article_attribute_task

    article_attribute_task.delay(article_id)
