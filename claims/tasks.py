"""Celery adapters for attribution extraction."""

from __future__ import annotations

from celery import shared_task
from django.db import OperationalError

from claims import services


@shared_task(
    acks_late=True,
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    retry_jitter=True,
    max_retries=5,
    soft_time_limit=240,
    time_limit=300,
)
def article_attribute_task(article_id: int) -> int:
    """Extract (or map from the parent) the article's attributions, then its copies'."""
    return services.chain_attribute(article_id=article_id)
