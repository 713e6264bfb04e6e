"""Celery adapters for the provenance steps: ids in, one service call, retries here."""

from __future__ import annotations

from celery import shared_task

from provenance import services
from provenance.celery import DB_TASK_OPTIONS


@shared_task(**DB_TASK_OPTIONS, soft_time_limit=120, time_limit=180)
def article_process_task(article_id: int) -> int | None:
    """Fingerprint and link one article; a deleted article is simply skipped."""
    link = services.article_process(article_id=article_id)
    _attribute(article_id)
    return link.parent_id if link else None


@shared_task(**DB_TASK_OPTIONS)
def article_link_task(article_id: int) -> int | None:
    link = services.article_link(article_id=article_id)
    return link.parent_id if link else None


def _attribute(article_id: int) -> None:
    """Attribution follows linking, so a copy maps from its parent's attributions."""
    from claims.tasks import article_attribute_task

    article_attribute_task.delay(article_id)
