"""Writes for claims: extraction results stored, speakers resolved, claims clustered,
copies mapped to their parent's attributions, and the editors' review actions.

Every editor action goes through a function here that records who, when and why in the
row's history (django-simple-history), whether it came from a request or a worker.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable

from django.db import transaction
from simple_history.utils import bulk_create_with_history

from claims import attribution as extraction
from claims.alignment import align_span
from claims.cluster import is_same_claim
from claims.models import Affiliation, Attribution, Claim, Speaker
from claims.speakers import SpeakerRecord, canonical_key, same_speaker, split_appositive
from provenance.models import Link
from provenance.selectors import chain_root_ids
from sources.models import Article

log = logging.getLogger(__name__)

KEEP_STATUSES = (Attribution.Status.CONFIRMED, Attribution.Status.CORRECTED)
PRONOUNS = {"he", "she", "they", "it", "we", "i"}


# --- speakers --------------------------------------------------------------------------


def speaker_canonical(speaker: Speaker) -> Speaker:
    """Follow editors' merges to the surviving speaker."""
    seen = set()
    while speaker.merged_into_id and speaker.pk not in seen:
        seen.add(speaker.pk)
        speaker = speaker.merged_into
    return speaker


def _record(speaker: Speaker) -> SpeakerRecord:
    kind = "" if speaker.kind == Speaker.Kind.UNKNOWN else speaker.kind
    return SpeakerRecord(
        id=speaker.pk, name=speaker.name, aliases=tuple(speaker.aliases), kind=kind
    )


class KnownSpeakers:
    """The speakers a batch of mentions is resolved against, indexed by the words and
    initials of their names so each mention is scored against a handful, not all."""

    def __init__(self, records: Iterable[SpeakerRecord] = ()) -> None:
        self.records: dict[int | str, SpeakerRecord] = {}
        self.by_token: dict[str, set[int | str]] = {}
        for record in records:
            self.add(record)

    @classmethod
    def load(cls) -> KnownSpeakers:
        speakers = Speaker.objects.filter(merged_into=None).only("name", "aliases", "kind")
        return cls(_record(s) for s in speakers)

    @staticmethod
    def _tokens(name: str) -> set[str]:
        words = canonical_key(name).split()
        initials = "".join(w[0] for w in words if w not in {"of", "and", "for"})
        return {*words, initials} - {""}

    def add(self, record: SpeakerRecord) -> None:
        self.records[record.id] = record
        for name in (record.name, *record.aliases):
            for token in self._tokens(name):
                self.by_token.setdefault(token, set()).add(record.id)

    def match(self, mention: str) -> SpeakerRecord | None:
        ids = set().union(*(self.by_token.get(t, set()) for t in self._tokens(mention)))
        return same_speaker(mention, [self.records[i] for i in ids]) if ids else None


def _records() -> KnownSpeakers:
    return KnownSpeakers.load()


def speaker_resolve(*, mention: str, kind: str = "", known: KnownSpeakers | None = None) -> Speaker:
    """The speaker a mention names, created when new; the appositive gives role and
    affiliation ("Russian Defense Ministry spokesman Igor Konashenkov")."""
    appositive = split_appositive(mention)
    name = appositive.name or mention
    known = _records() if known is None else known
    match = known.match(mention) or known.match(name)
    if match:
        speaker = speaker_canonical(Speaker.objects.get(pk=match.id))
    else:
        speaker = Speaker.objects.create(
            name=name[:300], key=canonical_key(name)[:300], kind=kind or _guess_kind(appositive)
        )
    _speaker_learn(speaker, mention, name, appositive)
    known.add(_record(speaker))
    return speaker


def _guess_kind(appositive) -> str:
    """A role ("spokesman") makes a person; otherwise leave it to later evidence."""
    return Speaker.Kind.PERSON if appositive.role else Speaker.Kind.UNKNOWN


def _speaker_learn(speaker: Speaker, mention: str, name: str, appositive) -> None:
    aliases = [a for a in (*appositive.aliases, name) if a and a != speaker.name]
    new = [a for a in aliases if a not in speaker.aliases]
    if new:
        speaker.aliases = [*speaker.aliases, *new][:50]
        speaker.save(update_fields=["aliases"])
    if appositive.role or appositive.affiliation:
        Affiliation.objects.get_or_create(
            speaker=speaker,
            organisation_name=appositive.affiliation[:300],
            role=appositive.role[:200],
        )


def speaker_merge(*, source: Speaker, target: Speaker, user, reason: str = "") -> Speaker:
    """Editors merge duplicates; later resolution follows merged_into to the target."""
    if source.pk == target.pk:
        raise ValueError("a speaker cannot be merged into itself")
    with transaction.atomic():
        target.aliases = list(dict.fromkeys([*target.aliases, source.name, *source.aliases]))
        _audited_save(target, user, reason or f"merged {source.name} into it")
        source.merged_into = target
        _audited_save(source, user, reason or f"merged into {target.name}")
        for row in Attribution.objects.filter(speaker=source):
            row.speaker = target
            _audited_save(row, user, f"speaker merged into {target.name}")
        Claim.objects.filter(speaker=source).update(speaker=target)
    return target


def _audited_save(row, user, reason: str) -> None:
    row._history_user = user
    row._change_reason = reason
    row.save()


# --- claims ------------------------------------------------------------------------------


def claim_for(*, speaker: Speaker | None, content: str, statement_date: dt.date | None) -> Claim:
    """The existing claim this content restates (same speaker, close dates, similar
    words), else a new one."""
    candidates = Claim.objects.filter(speaker=speaker).only("text", "made_on")[:500]
    for claim in candidates:
        if is_same_claim(content, statement_date, claim.text, claim.made_on):
            return claim
    return Claim.objects.create(speaker=speaker, text=content, made_on=statement_date)


def claims_refresh_dates(claim_ids: Iterable[int]) -> None:
    """made_on (earliest statement date), first_published (the earliest chain root
    carrying the claim, an inferred original included) and last_republished."""
    ids = set(claim_ids)
    if not ids:
        return
    rows = list(
        Attribution.objects.filter(claim_id__in=ids)
        .exclude(status=Attribution.Status.REJECTED)
        .values_list("claim_id", "article_id", "statement_date", "article__published")
    )
    root_of = chain_root_ids([article for _c, article, _d, _p in rows])
    root_dates = dict(
        Article.objects.filter(pk__in=set(root_of.values())).values_list("pk", "published")
    )
    dates: dict[int, list[dt.date]] = {}
    made: dict[int, list[dt.date]] = {}
    for claim_id, article_id, said, published in rows:
        dates.setdefault(claim_id, []).extend(
            d for d in (published, root_dates.get(root_of.get(article_id))) if d
        )
        if said:
            made.setdefault(claim_id, []).append(said)
    claims = list(Claim.objects.filter(pk__in={r[0] for r in rows}))
    for claim in claims:
        seen = dates.get(claim.pk) or [None]
        claim.made_on = min(made[claim.pk]) if claim.pk in made else None
        claim.first_published = min(d for d in seen if d) if any(seen) else None
        claim.last_republished = max(d for d in seen if d) if any(seen) else None
    Claim.objects.bulk_update(claims, ["made_on", "first_published", "last_republished"])


# --- attributions for one article ----------------------------------------------------------


def _in_boilerplate(article: Article, start: int, end: int) -> bool:
    return any(s <= start and end <= e for s, e, _kind in article.boilerplate)


def _clear_suggestions(article: Article) -> set[int]:
    """Machine suggestions are recomputed; editors' confirmed or corrected rows stay."""
    old = Attribution.objects.filter(article=article).exclude(status__in=KEEP_STATUSES)
    claim_ids = set(old.exclude(claim=None).values_list("claim_id", flat=True))
    old.delete()
    return claim_ids


def _kept_spans(article: Article) -> set[tuple[int, int]]:
    return set(
        Attribution.objects.filter(article=article, status__in=KEEP_STATUSES).values_list(
            "content_start", "content_end"
        )
    )


def _parent_with_attributions(article: Article) -> Article | None:
    link = Link.objects.active().filter(child=article).select_related("parent").first()
    if link and not link.parent.inferred and link.parent.attributions.exists():
        return link.parent
    return None


def _extracted_since_last_change(article: Article) -> bool:
    own = Attribution.objects.filter(article=article, copied_from=None)
    return own.filter(created__gte=article.updated).exists()


def article_attribute(*, article_id: int) -> list[Attribution]:
    """Attributions for one article: mapped from its parent when it is a copy, else
    extracted from its own text. Running it twice gives the same rows."""
    article = Article.objects.filter(pk=article_id).first()
    if article is None or article.inferred or not article.text:
        return []
    parent = _parent_with_attributions(article)
    if parent is None and _extracted_since_last_change(article):
        return list(article.attributions.all())
    found = (
        None
        if parent
        else extraction.extract_attributions(article.text, published=article.published)
    )
    with transaction.atomic():
        stale_claims = _clear_suggestions(article)
        rows = _copy_from_parent(article, parent) if parent else _store_extracted(article, found)
        claims_refresh_dates(stale_claims | {r.claim_id for r in rows if r.claim_id})
        Claim.objects.filter(pk__in=stale_claims, attributions=None).delete()
    return rows


def _store_extracted(article: Article, found: list) -> list[Attribution]:
    kept, known, rows = _kept_spans(article), _records(), []
    for item in found:
        span = (item.content.start, item.content.end)
        if span in kept or _in_boilerplate(article, *span):
            continue
        mention = (item.speaker_resolved_from or item.speaker).text
        speaker = speaker_resolve(mention=mention, known=known)
        claim = claim_for(
            speaker=speaker, content=item.content.text, statement_date=item.statement_date
        )
        rows.append(
            Attribution(
                article=article,
                claim=claim,
                speaker=speaker,
                speaker_text=item.speaker.text[:500],
                speaker_start=item.speaker.start,
                speaker_end=item.speaker.end,
                cue_text=item.cue.text[:200],
                cue_start=item.cue.start,
                cue_end=item.cue.end,
                content_text=item.content.text,
                content_start=item.content.start,
                content_end=item.content.end,
                kind=item.kind,
                statement_date=item.statement_date,
                statement_date_text=item.statement_date_text[:200],
                confidence=round(item.confidence, 3),
            )
        )
    return bulk_create_with_history(rows, Attribution, default_change_reason="extracted")


def _copy_from_parent(article: Article, parent: Article) -> list[Attribution]:
    """Map each parent attribution into the copy by text alignment; what the copier cut
    is simply absent."""
    kept, rows = _kept_spans(article), []
    size = max(1, len(parent.text))
    for source in parent.attributions.exclude(status=Attribution.Status.REJECTED):
        hint = source.content_start / size
        content = align_span(source.content_text, article.text, hint=hint)
        if content is None or content in kept:
            continue
        speaker = align_span(source.speaker_text, article.text, hint=source.speaker_start / size)
        cue = align_span(source.cue_text, article.text, hint=source.cue_start / size)
        speaker, cue = speaker or content, cue or content
        rows.append(
            Attribution(
                article=article,
                claim=source.claim,
                speaker=source.speaker,
                copied_from=source,
                speaker_text=article.text[speaker[0] : speaker[1]][:500],
                speaker_start=speaker[0],
                speaker_end=speaker[1],
                cue_text=article.text[cue[0] : cue[1]][:200],
                cue_start=cue[0],
                cue_end=cue[1],
                content_text=article.text[content[0] : content[1]],
                content_start=content[0],
                content_end=content[1],
                kind=source.kind,
                statement_date=source.statement_date,
                statement_date_text=source.statement_date_text,
                confidence=source.confidence,
            )
        )
    return bulk_create_with_history(rows, Attribution, default_change_reason="mapped from parent")


def chain_attribute(*, article_id: int) -> int:
    """Attribute the article, then its copies, which map from it (parents first)."""
    rows = len(article_attribute(article_id=article_id))
    children = Link.objects.active().filter(parent_id=article_id).values_list("child_id", flat=True)
    for child_id in children:
        rows += len(article_attribute(article_id=child_id))
    return rows


# --- editors' review ------------------------------------------------------------------------


def attribution_review(
    *,
    attribution: Attribution,
    user,
    status: str,
    speaker_name: str = "",
    content: str = "",
    reason: str = "",
) -> Attribution:
    """Confirm, correct (speaker and/or content) or reject one attribution."""
    if status not in (
        Attribution.Status.CONFIRMED,
        Attribution.Status.CORRECTED,
        Attribution.Status.REJECTED,
    ):
        raise ValueError(f"unknown review status {status!r}")
    old_claim = attribution.claim_id
    with transaction.atomic():
        if status == Attribution.Status.CORRECTED:
            _apply_correction(attribution, speaker_name=speaker_name, content=content)
        attribution.status = status
        _audited_save(attribution, user, reason or f"{status} by editor")
        claims_refresh_dates({c for c in (old_claim, attribution.claim_id) if c})
    return attribution


def _apply_correction(attribution: Attribution, *, speaker_name: str, content: str) -> None:
    if not speaker_name and not content:
        raise ValueError("a correction needs a new speaker name or new claim content")
    if speaker_name:
        attribution.speaker = speaker_resolve(mention=speaker_name)
    if content:
        attribution.content_text = content
        attribution.claim = claim_for(
            speaker=attribution.speaker, content=content, statement_date=attribution.statement_date
        )
    elif speaker_name:
        attribution.claim = claim_for(
            speaker=attribution.speaker,
            content=attribution.content_text,
            statement_date=attribution.statement_date,
        )
