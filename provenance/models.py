"""The shared copy-detection index and the republication links built from it.

The index lives in PostgreSQL rows, not in a worker's memory, so every Celery worker on
every machine finds the same candidates.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from provenance.fields import KeyArrayField


class Fingerprint(models.Model):
    """MinHash signature of one article's body (boilerplate left out)."""

    article = models.OneToOneField(
        "sources.Article", on_delete=models.CASCADE, related_name="fingerprint"
    )
    content_hash = models.CharField(max_length=64)
    words = models.PositiveIntegerField()
    postings = models.PositiveIntegerField(default=0)
    signature = models.BinaryField()
    # The article's own BandKey and Posting keys: candidate lookup starts from them.
    bands = KeyArrayField(default=tuple)
    hashes = KeyArrayField(default=tuple)
    created = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"fingerprint of article {self.article_id}"


class IndexRow(models.Model):
    """A key of one article in the shared index.

    Index rows are derived and written by the million, so each is one B-tree entry: the
    primary key (key, article) and nothing else. No id, no article-id index (an
    article's own keys are read from its Fingerprint row, and deleting that row takes
    these with it: migration 0007, provenance.signals), no database-level foreign key (a
    trigger per row at commit). An orphan could only name an id that no longer exists.
    """

    article = models.ForeignKey(
        "sources.Article",
        on_delete=models.DO_NOTHING,
        related_name="+",
        db_constraint=False,
        db_index=False,
    )

    class Meta:
        abstract = True


class BandKey(IndexRow):
    """One LSH band of a signature: articles sharing a key are near-duplicate candidates."""

    pk = models.CompositePrimaryKey("key", "article")
    key = models.BigIntegerField()

    def __str__(self) -> str:
        return f"band {self.key} of article {self.article_id}"


class Posting(IndexRow):
    """A sampled shingle hash (1 in 16): finds excerpts and quoted pieces MinHash misses."""

    pk = models.CompositePrimaryKey("hash", "article")
    hash = models.BigIntegerField()

    def __str__(self) -> str:
        return f"posting {self.hash} of article {self.article_id}"


class LinkQuerySet(models.QuerySet):
    def active(self) -> LinkQuerySet:
        return self.exclude(status=Link.Status.REJECTED)


class Link(models.Model):
    """child was copied from parent: a machine suggestion an editor confirms or rejects."""

    class Kind(models.TextChoices):
        VERBATIM = "verbatim", "Verbatim copy"
        EDITED = "edited", "Edited copy"
        EXCERPT = "excerpt", "Excerpt / partial reuse"
        ATTRIBUTED = "attributed", "Named as origin (text not held)"

    class Status(models.TextChoices):
        SUGGESTED = "suggested", "Suggested"
        CONFIRMED = "confirmed", "Confirmed"
        REJECTED = "rejected", "Rejected"

    child = models.ForeignKey(
        "sources.Article", on_delete=models.CASCADE, related_name="parent_links"
    )
    parent = models.ForeignKey(
        "sources.Article", on_delete=models.CASCADE, related_name="child_links"
    )
    kind = models.CharField(max_length=16, choices=Kind.choices)
    status = models.CharField(
        max_length=16, choices=Status.choices, default=Status.SUGGESTED, db_index=True
    )
    jaccard = models.FloatField(default=0.0)
    child_in_parent = models.FloatField(default=0.0)
    parent_in_child = models.FloatField(default=0.0)
    confidence = models.FloatField(default=0.0)
    evidence = models.JSONField(default=list, blank=True)
    created = models.DateTimeField(default=timezone.now)
    updated = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    objects = LinkQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["child", "parent"], name="link_unique_pair"),
            models.UniqueConstraint(
                fields=["child"],
                condition=~Q(status="rejected"),
                name="link_one_active_parent",
            ),
            models.CheckConstraint(condition=~Q(child=models.F("parent")), name="link_not_self"),
        ]

    def __str__(self) -> str:
        return f"{self.child_id} → {self.parent_id} ({self.kind}, {self.status})"


class Paragraph(models.Model):
    """A paragraph key of one article, per publisher: paragraphs that recur across
    different articles of one publisher are its series boilerplate, not copied text."""

    # No database-level keys (see BandKey); no single-column indexes either: the unique
    # (article, key) and the (publisher, key) index already lead with those columns.
    article = models.ForeignKey(
        "sources.Article",
        on_delete=models.CASCADE,
        related_name="+",
        db_constraint=False,
        db_index=False,
    )
    publisher = models.ForeignKey(
        "sources.Publisher",
        on_delete=models.CASCADE,
        related_name="+",
        db_constraint=False,
        db_index=False,
    )
    key = models.BigIntegerField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["article", "key"], name="paragraph_unique")]
        indexes = [models.Index(fields=["publisher", "key"])]

    def __str__(self) -> str:
        return f"paragraph {self.key} of article {self.article_id}"
