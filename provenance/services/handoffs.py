"""Work handed to Celery workers once a transaction commits.

Shared by ``linking`` and ``review``. The task modules import ``provenance.services``,
so they are imported when a task is queued, not at the top: that would be a cycle.
"""

from __future__ import annotations


def _attribute_later(article_ids: list[int]) -> None:
    """Pages that now copy another parent map their attributions from it anew."""
    from claims.tasks import article_attribute_task

    for article_id in article_ids:
        article_attribute_task.delay(article_id)


def _relink_later(article_id: int) -> None:
    from provenance.tasks import article_link_task

    article_link_task.delay(article_id)
