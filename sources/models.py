"""Publishers, articles, feeds and the ingest jobs that bring articles in."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone


class Publisher(models.Model):
    """An outlet or site. Keyed by domain when we know one, else by its name's slug."""

    class Kind(models.TextChoices):
        OUTLET = "outlet", "News outlet"
        BLOG = "blog", "Blog"
        AGENCY = "agency", "Agency / wire"
        UNKNOWN = "unknown", "Unknown"

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    domain = models.CharField(max_length=253, unique=True, null=True, blank=True)
    aliases = models.JSONField(default=list, blank=True)
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.UNKNOWN)
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def all_names(self) -> list[str]:
        """Every name the publisher goes by: what copies may call it in an origin line."""
        names = [self.name, *self.aliases]
        if self.domain:
            names.append(self.domain)
        return names


class ArticleQuerySet(models.QuerySet):
    def fetched(self) -> ArticleQuerySet:
        return self.filter(inferred=False)

    def inferred_originals(self) -> ArticleQuerySet:
        return self.filter(inferred=True)


class Article(models.Model):
    """One page at one URL, or an inferred original known only from its copies."""

    class DateSource(models.TextChoices):
        NONE = "", "Unknown"
        META = "meta", "Page metadata"
        HEADER = "header", "Header line"
        URL = "url", "URL"
        TEXT = "text", "Body text"
        HTMLDATE = "htmldate", "htmldate heuristics"
        FEED = "feed", "Feed entry"
        GIVEN = "given", "Given at submission"
        COPIES = "copies", "Named by copies"

    url = models.CharField(max_length=2000, unique=True)
    canonical_url = models.CharField(max_length=2000, blank=True, db_index=True)
    publisher = models.ForeignKey(Publisher, on_delete=models.PROTECT, related_name="articles")
    title = models.CharField(max_length=1000, blank=True)
    title_derived = models.BooleanField(default=False)
    subtitle = models.TextField(blank=True)
    byline = models.CharField(max_length=500, blank=True)
    published = models.DateField(null=True, blank=True, db_index=True)
    published_source = models.CharField(max_length=16, choices=DateSource.choices, blank=True)
    # The moment, where the page's metadata gives one with its offset: two pages of one day
    # are ordered by it.
    published_at = models.DateTimeField(null=True, blank=True)
    # The day the page says it was last updated, when after its publication: a copy
    # made in between holds the earlier version, which is no edit of the copier's.
    modified = models.DateField(null=True, blank=True)
    fetched_at = models.DateTimeField(null=True, blank=True)
    first_seen = models.DateTimeField(default=timezone.now, db_index=True)
    language = models.CharField(max_length=16, blank=True)
    text = models.TextField(blank=True)
    boilerplate = models.JSONField(default=list, blank=True)  # [[start, end, kind], ...]
    quotations = models.JSONField(default=list, blank=True)  # [[start, end], ...] block quotes
    raw = models.TextField(blank=True)  # the input as received, kept as evidence
    raw_content_type = models.CharField(max_length=100, blank=True)
    content_hash = models.CharField(max_length=64, blank=True, db_index=True)
    origin_name = models.CharField(max_length=300, blank=True)
    origin_url = models.CharField(max_length=2000, blank=True)
    origin_date = models.DateField(null=True, blank=True)
    origin_evidence = models.JSONField(default=list, blank=True)
    inferred = models.BooleanField(default=False, db_index=True)
    updated = models.DateTimeField(auto_now=True)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published", "-first_seen"]
        indexes = [models.Index(fields=["publisher", "published"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(inferred=False) | Q(text=""), name="inferred_article_has_no_text"
            )
        ]

    def __str__(self) -> str:
        return self.title or self.url

    @property
    def display_title(self) -> str:
        return self.title or f"(untitled) {self.url}"

    def body_text(self) -> str:
        """The text without the republisher's boilerplate: what fingerprints are made of."""
        spans = sorted((s, e) for s, e, kind in self.boilerplate if kind != "intro")
        parts, cursor = [], 0
        for start, end in spans:
            parts.append(self.text[cursor:start])
            cursor = max(cursor, end)
        parts.append(self.text[cursor:])
        return "".join(parts).strip()

    def block_quotes(self) -> tuple[str, ...]:
        """The paragraphs the page set off as block quotations, to tell copy detection
        that two pages sharing them may share a quoted document, not each other."""
        return tuple(self.text[start:end] for start, end in self.quotations)


class Feed(models.Model):
    """An RSS/Atom feed polled by Celery beat, with conditional GET state."""

    url = models.CharField(max_length=2000, unique=True)
    title = models.CharField(max_length=500, blank=True)
    publisher = models.ForeignKey(Publisher, null=True, blank=True, on_delete=models.SET_NULL)
    active = models.BooleanField(default=True)
    poll_minutes = models.PositiveIntegerField(default=30)
    etag = models.CharField(max_length=500, blank=True)
    last_modified = models.CharField(max_length=100, blank=True)
    last_polled = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    created = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return self.title or self.url

    def is_due(self, now=None) -> bool:
        now = now or timezone.now()
        if not self.active:
            return False
        return self.last_polled is None or (now - self.last_polled).total_seconds() >= (
            self.poll_minutes * 60
        )


class IngestJob(models.Model):
    """One recorded run of the ingest pipeline: what was asked, how it went, what came of it."""

    class Kind(models.TextChoices):
        URL = "url", "URL"
        FILE = "file", "File"
        FEED = "feed", "Feed"
        SITEMAP = "sitemap", "Sitemap"
        JSONL = "jsonl", "JSON Lines"
        WARC = "warc", "WARC"
        TEXT = "text", "Uploaded text"

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"

    kind = models.CharField(max_length=16, choices=Kind.choices)
    source = models.CharField(max_length=2000)
    options = models.JSONField(default=dict, blank=True)
    status = models.CharField(
        max_length=16, choices=Status.choices, default=Status.QUEUED, db_index=True
    )
    message = models.TextField(blank=True)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    article = models.ForeignKey(
        Article, null=True, blank=True, on_delete=models.SET_NULL, related_name="jobs"
    )
    items_total = models.PositiveIntegerField(default=0)
    items_done = models.PositiveIntegerField(default=0)
    items_failed = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(
        "auth.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField(default=timezone.now, db_index=True)
    started = models.DateTimeField(null=True, blank=True)
    finished = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.source} ({self.status})"

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)
