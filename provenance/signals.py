"""Index rows go with their fingerprint, on SQLite.

BandKey and Posting rows have no article-id index (it would be a second B-tree entry
per row), so the database cannot find them by article; the fingerprint row lists them.
On PostgreSQL a statement-level trigger deletes them, whatever path the delete comes by
(migration 0007); elsewhere this receiver does, for ORM deletes.
"""

from __future__ import annotations

from django.db import connections
from django.db.models.signals import pre_delete
from django.dispatch import receiver

from provenance.models import BandKey, Fingerprint, Posting


@receiver(pre_delete, sender=Fingerprint)
def fingerprint_index_rows_delete(sender, instance: Fingerprint, using: str, **kwargs) -> None:
    if connections[using].vendor != "postgresql":
        index_rows_delete(instance)


def index_rows_delete(row: Fingerprint) -> None:
    """Delete the band-key and posting rows a fingerprint row lists (by primary key)."""
    article = row.article_id
    BandKey.objects.filter(article_id=article, key__in=row.bands).delete()
    Posting.objects.filter(article_id=article, hash__in=row.hashes).delete()
