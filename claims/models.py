"""Speakers, claims and attributions: who said what, where it was reported, when."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from claims.speakers import name_tokens


class Speaker(models.Model):
    """A person or organisation. A merged speaker points at the one it was merged into."""

    class Kind(models.TextChoices):
        PERSON = "person", "Person"
        ORGANISATION = "organisation", "Organisation"
        UNKNOWN = "unknown", "Unknown"

    name = models.CharField(max_length=300)
    key = models.CharField(max_length=300, db_index=True)  # canonical_key(name)
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.UNKNOWN)
    aliases = models.JSONField(default=list, blank=True)
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="merged"
    )
    created = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        super().save(*args, **kwargs)
        fields = kwargs.get("update_fields")
        if fields is None or {"name", "aliases"} & set(fields):
            self.tokens_sync()

    def tokens_sync(self) -> None:
        """Store the words of the name and aliases that mentions are looked up by; an
        edit in the admin or a merge changes them, and a stale word would hide the
        speaker from the mentions that name it."""
        wanted = SpeakerToken.for_names([self.name, *self.aliases])
        stored = set(self.tokens.values_list("token", flat=True))
        if stored - wanted:
            self.tokens.filter(token__in=stored - wanted).delete()
        SpeakerToken.objects.bulk_create(
            [SpeakerToken(speaker=self, token=token) for token in wanted - stored],
            ignore_conflicts=True,
        )


class SpeakerToken(models.Model):
    """A word or the initials of a speaker's name or alias ("konashenkov", "svr", "fis").

    Resolution reads only the speakers sharing a token with the article's mentions, in
    one indexed query, instead of every speaker known.
    """

    LENGTH = 100

    speaker = models.ForeignKey(Speaker, on_delete=models.CASCADE, related_name="tokens")
    token = models.CharField(max_length=LENGTH)

    class Meta:
        constraints = [
            # Leads with the token: the index that the lookup by token uses.
            models.UniqueConstraint(fields=["token", "speaker"], name="speaker_token_unique")
        ]

    def __str__(self) -> str:
        return f"{self.token} -> {self.speaker_id}"

    @classmethod
    def for_names(cls, names: Iterable[str]) -> set[str]:
        """The stored tokens of these names, cut to the column's length (a longer word
        then finds a few extra speakers, which matching in memory discards)."""
        return {token[: cls.LENGTH] for name in names for token in name_tokens(name)}


class Affiliation(models.Model):
    """speaker holds role at organisation ("spokesman" at "Russian Defense Ministry")."""

    speaker = models.ForeignKey(Speaker, on_delete=models.CASCADE, related_name="affiliations")
    organisation = models.ForeignKey(
        Speaker, on_delete=models.CASCADE, related_name="members", null=True, blank=True
    )
    organisation_name = models.CharField(max_length=300, blank=True)
    role = models.CharField(max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["speaker", "organisation_name", "role"], name="affiliation_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.speaker} — {self.role} — {self.organisation_name}"


class Claim(models.Model):
    """The statement itself, shared by every attribution of it in any words."""

    text = models.TextField()
    speaker = models.ForeignKey(
        Speaker, null=True, blank=True, on_delete=models.SET_NULL, related_name="claims"
    )
    made_on = models.DateField(null=True, blank=True)
    first_published = models.DateField(null=True, blank=True)
    last_republished = models.DateField(null=True, blank=True)
    created = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-first_published", "-created"]

    def __str__(self) -> str:
        return self.text[:80]


class Attribution(models.Model):
    """One place in one article where a speaker is said to have stated something."""

    class Kind(models.TextChoices):
        DIRECT = "direct", "Direct quote"
        INDIRECT = "indirect", "Indirect speech"
        ACCORDING_TO = "according_to", "According to"

    class Status(models.TextChoices):
        SUGGESTED = "suggested", "Suggested"
        CONFIRMED = "confirmed", "Confirmed"
        CORRECTED = "corrected", "Corrected"
        REJECTED = "rejected", "Rejected"

    article = models.ForeignKey(
        "sources.Article", on_delete=models.CASCADE, related_name="attributions"
    )
    claim = models.ForeignKey(
        Claim, null=True, blank=True, on_delete=models.SET_NULL, related_name="attributions"
    )
    speaker = models.ForeignKey(
        Speaker, null=True, blank=True, on_delete=models.SET_NULL, related_name="attributions"
    )
    copied_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="copies"
    )
    speaker_text = models.CharField(max_length=500)
    speaker_start = models.PositiveIntegerField()
    speaker_end = models.PositiveIntegerField()
    cue_text = models.CharField(max_length=200)
    cue_start = models.PositiveIntegerField()
    cue_end = models.PositiveIntegerField()
    content_text = models.TextField()
    content_start = models.PositiveIntegerField()
    content_end = models.PositiveIntegerField()
    kind = models.CharField(max_length=16, choices=Kind.choices)
    statement_date = models.DateField(null=True, blank=True)
    statement_date_text = models.CharField(max_length=200, blank=True)
    confidence = models.FloatField(default=0.0)
    status = models.CharField(
        max_length=16, choices=Status.choices, default=Status.SUGGESTED, db_index=True
    )
    created = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["article_id", "content_start"]
        constraints = [
            models.UniqueConstraint(
                fields=["article", "content_start", "content_end"], name="attribution_unique_span"
            ),
            models.CheckConstraint(
                condition=Q(content_end__gte=models.F("content_start")),
                name="attribution_span_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.speaker_text} {self.cue_text}: {self.content_text[:60]}"
