"""Index rows go with their fingerprint.

BandKey and Posting rows have no article-id index (each would be a third B-tree entry
per row), so the database cannot find them by article; the fingerprint row lists them,
and is deleted with its article.
"""

from __future__ import annotations

from django.db.models.signals import pre_delete
from django.dispatch import receiver

from provenance.models import BandKey, Fingerprint, Posting


@receiver(pre_delete, sender=Fingerprint)
def fingerprint_index_rows_delete(sender, instance: Fingerprint, **kwargs) -> None:
    index_rows_delete(instance)


def index_rows_delete(row: Fingerprint) -> None:
    """Delete the band-key and posting rows a fingerprint row lists (by primary key)."""
    article = row.article_id
    BandKey.objects.filter(article_id=article, key__in=row.bands).delete()
    Posting.objects.filter(article_id=article, hash__in=row.hashes).delete()
