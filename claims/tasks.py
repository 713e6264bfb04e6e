"""Celery adapters for attribution extraction."""

from __future__ import annotations

from celery import shared_task

from claims import services
from provenance.celery import DB_TASK_OPTIONS


@shared_task(**DB_TASK_OPTIONS, soft_time_limit=240, time_limit=300)
def article_attribute_task(article_id: int) -> int:
    """Extract (or map from the parent) the article's attributions, then its copies'."""
    return services.chain_attribute(article_id=article_id)
