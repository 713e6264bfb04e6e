"""Writes for claims: extraction results stored, speakers resolved, claims clustered,
copies mapped to their parent's attributions, and the editors' review actions.

Every editor action goes through a function here that records who, when and why in the
row's history (django-simple-history), whether it came from a request or a worker.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable
from dataclasses import replace
from typing import NamedTuple

from django.db import IntegrityError, connection, transaction
from django.db.models import Exists, F, OuterRef, Q, Subquery, Window
from django.db.models.functions import RowNumber

from claims import attribution as extraction
from claims import semantic
from claims.alignment import align_span
from claims.cluster import (
    SAME_CLAIM,
    claim_similarity,
    dates_agree,
    is_same_claim,
    needs_meaning,
)
from claims.models import Affiliation, Attribution, Claim, Speaker, SpeakerToken
from claims.speakers import KnownSpeakers, SpeakerRecord, canonical_key, split_appositive
from provenance.history import bulk_create_audited, record_history
from provenance.models import Link
from provenance.selectors import chain_root_ids
from sources.models import Article

log = logging.getLogger(__name__)

KEEP_STATUSES = (Attribution.Status.CONFIRMED, Attribution.Status.CORRECTED)


# --- speakers --------------------------------------------------------------------------


def speaker_canonical(speaker: Speaker) -> Speaker:
    """Follow editors' merges to the surviving speaker."""
    seen = set()
    while speaker.merged_into_id and speaker.pk not in seen:
        seen.add(speaker.pk)
        speaker = speaker.merged_into
    return speaker


def _kind(kind: str) -> str:
    return "" if kind == Speaker.Kind.UNKNOWN else kind


_SPEAKER_FIELDS = [field.attname for field in Speaker._meta.concrete_fields]


def _speakers_sharing_tokens(names: Iterable[str]) -> dict[int, Speaker]:
    """The surviving speakers that share a word or initials with one of `names`: the
    only ones a mention among them can resolve to, read in one indexed query however
    many speakers are known. Merged speakers are left out; their names live on as
    aliases of their target."""
    tokens = SpeakerToken.for_names(names)
    if not tokens:
        return {}
    ids = SpeakerToken.objects.filter(token__in=tokens).values("speaker_id")
    rows = Speaker.objects.filter(merged_into=None, pk__in=ids).order_by()
    return {row[0]: row for row in rows.values_list(*_SPEAKER_FIELDS)}


def _record(row: tuple) -> SpeakerRecord:
    speaker = dict(zip(_SPEAKER_FIELDS, row, strict=True))
    return SpeakerRecord(
        id=speaker["id"],
        name=speaker["name"],
        aliases=tuple(speaker["aliases"]),
        kind=_kind(speaker["kind"]),
    )


class _SpeakerBatch:
    """Mentions resolved in memory against the speakers they could name; what they
    teach (new speakers, aliases, affiliations) is written once, in bulk, by save()."""

    def __init__(self, rows: dict[int, tuple]) -> None:
        # Plain records to match against; a row becomes a model only when matched.
        self.rows = rows
        self.known = KnownSpeakers(_record(row) for row in rows.values())
        self.new: dict[str, Speaker] = {}
        self.changed: set[int | str] = set()
        self.affiliations: set[tuple[int | str, str, str]] = set()

    def resolve(self, mention: str, kind: str = "") -> int | str:
        """The id of the speaker the mention names (a placeholder until save() for a
        new one); the appositive gives role and affiliation ("Russian Defense Ministry
        spokesman Igor Konashenkov")."""
        appositive = split_appositive(mention)
        name = appositive.name or mention
        match = self.known.match(mention) or self.known.match(name)
        record = match or self._new(name, kind or _guess_kind(appositive))
        aliases = _learn_aliases(record, name, appositive)
        if aliases != record.aliases:
            self.known.add(replace(record, aliases=aliases))
            self.changed.add(record.id)
        if appositive.role or appositive.affiliation:
            self.affiliations.add((record.id, appositive.affiliation[:300], appositive.role[:200]))
        return record.id

    def _new(self, name: str, kind: str) -> SpeakerRecord:
        key = f"new:{len(self.new)}"
        self.new[key] = Speaker(name=name[:300], key=canonical_key(name)[:300], kind=kind)
        record = SpeakerRecord(id=key, name=name[:300], kind=_kind(kind))
        self.known.add(record)
        return record

    def save(self, ids: Iterable[int | str]) -> dict[int | str, Speaker]:
        """Write what was learnt; the speakers of `ids`, as saved models.

        Speakers gaining aliases are re-read under a row lock and their stored aliases
        kept: an editor's merge or another worker may have added some since the batch
        read them.
        """
        if not self.changed:
            return self._save(ids)
        with transaction.atomic():
            return self._save(ids)

    def _save(self, ids: Iterable[int | str]) -> dict[int | str, Speaker]:
        stored = {i for i in {*ids, *self.changed} if i not in self.new}
        locked = sorted(stored & self.changed)
        speakers = {
            pk: Speaker.from_db(None, _SPEAKER_FIELDS, self.rows[pk]) for pk in stored - set(locked)
        }
        speakers.update(Speaker.objects.select_for_update().order_by("pk").in_bulk(locked))
        speakers.update(self.new)
        for key in self.changed:
            learnt = self.known.records[key].aliases
            kept = list(speakers[key].aliases) if key not in self.new else []
            speakers[key].aliases = [*kept, *(a for a in learnt if a not in kept)][:50]
        bulk_create_audited(list(self.new.values()), Speaker)
        changed = [speakers[key] for key in self.changed if key not in self.new]
        if changed:
            Speaker.objects.bulk_update(changed, ["aliases"])
            record_history(Speaker, [speaker.pk for speaker in changed])
        SpeakerToken.objects.bulk_create(
            [
                SpeakerToken(speaker=speaker, token=token)
                for speaker in (*self.new.values(), *changed)
                for token in SpeakerToken.for_names([speaker.name, *speaker.aliases])
            ],
            ignore_conflicts=True,
        )
        _affiliations_add(
            {(speakers[key].pk, org, role) for key, org, role in self.affiliations},
            made=[speaker.pk for speaker in self.new.values()],
        )
        return speakers


def speakers_resolve(*, mentions: list[str], kind: str = "") -> list[Speaker]:
    """The speaker each mention names, in order, created when new. A constant number of
    queries for the whole list, however many speakers are known."""
    if not mentions:
        return []
    names = [split_appositive(m).name or m for m in mentions]
    batch = _SpeakerBatch(_speakers_sharing_tokens([*mentions, *names]))
    ids = [batch.resolve(mention, kind) for mention in mentions]
    speakers = batch.save(ids)
    return [speakers[i] for i in ids]


def speaker_resolve(*, mention: str, kind: str = "") -> Speaker:
    """The speaker one mention names, created when new."""
    return speakers_resolve(mentions=[mention], kind=kind)[0]


def _guess_kind(appositive) -> str:
    """A role ("spokesman") makes a person; otherwise leave it to later evidence."""
    return Speaker.Kind.PERSON if appositive.role else Speaker.Kind.UNKNOWN


def _learn_aliases(speaker: SpeakerRecord, name: str, appositive) -> tuple[str, ...]:
    """The speaker's aliases with the forms this mention used added (at most 50: a
    speaker at the cap learns nothing more, and nothing is written for it)."""
    aliases = [a for a in (*appositive.aliases, name) if a and a != speaker.name]
    new = [a for a in aliases if a not in speaker.aliases]
    return (*speaker.aliases, *new)[:50]


def _affiliations_add(wanted: set[tuple[int, str, str]], made: Iterable[int] = ()) -> None:
    """Store the (speaker, organisation, role) triples not stored yet: one read, and a
    write only when one is new. Those of speakers `made` in this transaction need no
    read and cannot meet another writer's: no one else sees those speakers yet."""
    made = set(made) if connection.in_atomic_block else set()
    fresh = sorted(t for t in wanted if t[0] in made)
    others = wanted - set(fresh)
    stored = Affiliation.objects.filter(
        speaker_id__in={s for s, _o, _r in others},
        organisation_name__in={o for _s, o, _r in others},
        role__in={r for _s, _o, r in others},
    ).values_list("speaker_id", "organisation_name", "role")
    missing = sorted(others - set(stored)) if others else []
    rows = [Affiliation(speaker_id=s, organisation_name=o, role=r) for s, o, r in fresh + missing]
    if not missing:
        bulk_create_audited(rows, Affiliation)
        return
    try:
        with transaction.atomic():
            bulk_create_audited(rows, Affiliation)
    except IntegrityError:
        # Another worker stored one of them meanwhile: fall back to one at a time.
        for s, o, r in fresh + missing:
            Affiliation.objects.get_or_create(speaker_id=s, organisation_name=o, role=r)


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


MAX_CANDIDATES = 500  # claims per speaker a new statement is compared with


Statement = tuple[Speaker | None, str, dt.date | None]  # speaker, content, statement date


def claims_for(*, statements: list[Statement]) -> list[Claim]:
    """For each (speaker, content, statement date), the claim it restates (same speaker,
    close dates, similar words), else a new one. The candidates of all the speakers come
    in one query and the new claims go in one insert; a statement can join a claim made
    for an earlier statement in the same list."""
    return _claims_for(statements, seen=(None, None))[0]


def _claims_for(
    statements: list[Statement], *, seen: tuple[dt.date | None, dt.date | None]
) -> tuple[list[Claim], set[int]]:
    """claims_for, and the ids of the claims it made. New claims go in with their dates
    (made_on the earliest date among the statements that made them, `seen` as first
    published and last republished), so those of one page need no refresh after."""
    pools = _candidate_claims({speaker.pk if speaker else None for speaker, _t, _d in statements})
    _embed_open_pairs(statements, pools)
    found, new = [], []
    for speaker, content, said in statements:
        pool = pools.setdefault(speaker.pk if speaker else None, [])
        claim = next((c for c in pool if is_same_claim(content, said, c.text, c.made_on)), None)
        if claim is None:
            claim = Claim(speaker=speaker, text=content, made_on=said)
            claim.first_published, claim.last_republished = seen
            new.append(claim)
            _add_candidate(pool, claim)
        found.append(claim.claim() if isinstance(claim, _Candidate) else claim)
    for claim, (_speaker, _content, said) in zip(found, statements, strict=True):
        if said and claim.pk is None and (claim.made_on is None or said < claim.made_on):
            claim.made_on = said  # only now: the matching above saw the first date alone
    bulk_create_audited(new, Claim)
    return found, {claim.pk for claim in new}


def _embed_open_pairs(
    statements: list[Statement],
    pools: dict[int | None, list[Claim | _Candidate]],
) -> None:
    """Embed, in one batch, the texts of every pair whose words leave it open (against
    the stored claims and between the statements themselves), instead of one by one as
    the matching meets them."""
    if not semantic.available():
        return
    texts: list[str] = []
    for i, (speaker, content, said) in enumerate(statements):
        key = speaker.pk if speaker else None
        others = _reachable(content, said, [(c.text, c.made_on) for c in pools.get(key, [])])
        others += [
            (text, date)
            for other, text, date in statements[:i]
            if (other.pk if other else None) == key
        ]
        for text, date in others:
            if needs_meaning(content, said, text, date):
                texts += [content, text]
    if texts:
        semantic.embeddings(texts)


def _reachable(
    content: str, said: dt.date | None, candidates: list[tuple[str, dt.date | None]]
) -> list[tuple[str, dt.date | None]]:
    """The stored candidates the matching can reach: it stops at the first claim the words
    alone decide, so the embeddings of the pairs behind it would never be read (a tenth of
    the texts the bench's fresh articles embedded)."""
    for i, (text, date) in enumerate(candidates):
        if dates_agree(said, date) and claim_similarity(content, text) >= SAME_CLAIM:
            return candidates[:i]
    return candidates


def claim_for(*, speaker: Speaker | None, content: str, statement_date: dt.date | None) -> Claim:
    """The existing claim this content restates, else a new one."""
    return claims_for(statements=[(speaker, content, statement_date)])[0]


_CLAIM_ORDER = [F("first_published").desc(), F("created").desc()]  # Claim.Meta.ordering
# In the order of Claim's fields, as Model.from_db takes them.
_CANDIDATE_FIELDS = ("id", "text", "speaker_id", "made_on", "first_published")


def _candidate_claims(speaker_ids: set[int | None]) -> dict[int | None, list[Claim | _Candidate]]:
    """Each speaker's latest MAX_CANDIDATES claims, in Claim's own ordering, for all the
    speakers in one query: a window function numbers the claims speaker by speaker."""
    where = Q(speaker_id__in=speaker_ids - {None})
    if None in speaker_ids:
        where |= Q(speaker=None)
    rank = Window(RowNumber(), partition_by=F("speaker_id"), order_by=_CLAIM_ORDER)
    rows = (
        Claim.objects.filter(where)
        .annotate(rank=rank)
        .filter(rank__lte=MAX_CANDIDATES)
        .order_by("speaker_id", "rank")
        .values_list(*_CANDIDATE_FIELDS)
    )
    pools: dict[int | None, list[Claim | _Candidate]] = {}
    for row in rows:
        candidate = _Candidate(*row)
        pools.setdefault(candidate.speaker_id, []).append(candidate)
    return pools


class _Candidate(NamedTuple):
    """A stored claim as a row: most candidates are only compared, never returned, and
    building hundreds of model instances per article cost more than the query did."""

    id: int
    text: str
    speaker_id: int | None
    made_on: dt.date | None
    first_published: dt.date | None

    def claim(self) -> Claim:
        return Claim.from_db(None, _CANDIDATE_FIELDS, self)


def _add_candidate(pool: list[Claim | _Candidate], claim: Claim) -> None:
    """Put a claim made just now where Claim's ordering would (latest first_published
    first, then latest created: it is the newest), NULLs first in descending order on
    PostgreSQL and last on SQLite."""
    index = next(
        (i for i, c in enumerate(pool) if _not_after(claim.first_published, c.first_published)),
        len(pool),
    )
    pool.insert(index, claim)
    del pool[MAX_CANDIDATES:]


def _not_after(date: dt.date | None, other: dt.date | None) -> bool:
    """Whether `date` comes no later than `other` in first_published's descending order."""
    if date is None or other is None:
        return other is date or (date is None) == connection.features.nulls_order_largest
    return date >= other


_DATE_FIELDS = ["made_on", "first_published", "last_republished"]


def claims_refresh_dates(claim_ids: Iterable[int]) -> None:
    """made_on (earliest statement date), first_published (the earliest chain root
    carrying the claim, an inferred original included) and last_republished; only the
    claims whose dates changed are written."""
    ids = set(claim_ids)
    if not ids:
        return
    rows = list(
        Attribution.objects.filter(claim_id__in=ids)
        .exclude(status=Attribution.Status.REJECTED)
        .values_list("claim_id", "article_id", "statement_date", "article__published")
    )
    published = {article: date for _c, article, _s, date in rows}
    root_of = _chain_roots(published)
    dates = _claim_dates(rows, root_of, published)
    stored = Claim.objects.filter(pk__in=dates).values_list("pk", *_DATE_FIELDS)
    # One UPDATE per distinct new value: the claims of one article mostly share their
    # dates, and bulk_update's CASE per row and field cost more than the queries saved.
    changed: dict[tuple, list[int]] = {}
    for pk, *old in stored:
        if tuple(old) != dates[pk]:
            changed.setdefault(dates[pk], []).append(pk)
    for values, pks in changed.items():
        Claim.objects.filter(pk__in=pks).update(**dict(zip(_DATE_FIELDS, values, strict=True)))


def _chain_roots(
    published: dict[int, dt.date | None], *, parentless: Iterable[int] = ()
) -> dict[int, int]:
    """Each article's chain root (an inferred original included; articles known to be
    `parentless` are their own, with no query), and the roots' published dates added to
    `published` (article id -> date)."""
    alone = set(parentless)
    root_of = {pk: pk for pk in alone} | chain_root_ids([pk for pk in published if pk not in alone])
    elsewhere = set(root_of.values()) - published.keys()
    if elsewhere:
        published.update(Article.objects.filter(pk__in=elsewhere).values_list("pk", "published"))
    return root_of


def _claim_dates(
    rows: list[tuple], root_of: dict[int, int], published: dict[int, dt.date | None]
) -> dict[int, tuple[dt.date | None, dt.date | None, dt.date | None]]:
    """claim id -> (made_on, first_published, last_republished) from its attributions'
    (claim, article, statement date, published) rows and their chains' roots."""
    seen: dict[int, list[dt.date]] = {}
    said: dict[int, list[dt.date]] = {}
    for claim_id, article_id, statement_date, article_published in rows:
        root = published.get(root_of.get(article_id))
        seen.setdefault(claim_id, []).extend(d for d in (article_published, root) if d)
        said.setdefault(claim_id, []).extend([statement_date] if statement_date else [])
    return {
        claim_id: (
            min(said[claim_id], default=None),
            min(seen[claim_id], default=None),
            max(seen[claim_id], default=None),
        )
        for claim_id in seen
    }


# --- attributions for one article ----------------------------------------------------------


def _in_boilerplate(article: Article, start: int, end: int) -> bool:
    return any(s <= start and end <= e for s, e, _kind in article.boilerplate)


def _clear_suggestions(article: Article) -> tuple[set[int], set[tuple[int, int]]]:
    """Machine suggestions are recomputed; editors' confirmed or corrected rows stay.

    The claims the removed rows named (their dates change, and an orphan goes), and the
    content spans of the rows kept, which extraction and mapping leave alone.
    """
    rows = Attribution.objects.filter(article=article).values_list(
        "pk", "claim_id", "status", "content_start", "content_end"
    )
    stale, claims, kept = [], set(), set()
    for pk, claim_id, status, start, end in rows:
        if status in KEEP_STATUSES:
            kept.add((start, end))
        else:
            stale.append(pk)
            claims.add(claim_id)
    if stale:
        Attribution.objects.filter(pk__in=stale).delete()
    return claims - {None}, kept


class _Parent(NamedTuple):
    id: int
    text: str


def _article_to_attribute(article_id: int) -> Article | None:
    """The article, with what decides how it is attributed read in the same query: its
    active parent (at most one, by constraint) and whether it has rows extracted since
    its text last changed."""
    parent = Link.objects.active().filter(child=OuterRef("pk")).values("parent_id")[:1]
    own = Attribution.objects.filter(
        article=OuterRef("pk"), copied_from=None, created__gte=OuterRef("updated")
    )
    return (
        Article.objects.filter(pk=article_id)
        .defer("raw")
        .annotate(active_parent_id=Subquery(parent), extracted=Exists(own))
        .first()
    )


def _parent_with_attributions(parent_id: int | None) -> _Parent | None:
    """The page a copy maps its attributions from: its parent, when that has text (not
    an inferred original) and attributions of its own to map."""
    if parent_id is None:
        return None
    attributed = Attribution.objects.filter(article=OuterRef("pk"))
    text = (
        Article.objects.filter(pk=parent_id, inferred=False)
        .filter(Exists(attributed))
        .values_list("text", flat=True)
        .first()
    )
    return None if text is None else _Parent(parent_id, text)


def article_attribute(*, article_id: int) -> list[Attribution]:
    """Attributions for one article: mapped from its parent when it is a copy, else
    extracted from its own text. Running it twice gives the same rows."""
    article = _article_to_attribute(article_id)
    if article is None or article.inferred or not article.text:
        return []
    parent = _parent_with_attributions(article.active_parent_id)
    if parent is None and article.extracted:
        return list(article.attributions.all())
    found = (
        None
        if parent
        else extraction.extract_attributions(
            article.text, published=article.published, block_quotes=article.quotations
        )
    )
    with transaction.atomic():
        stale_claims, kept = _clear_suggestions(article)
        if parent:
            rows, made = _copy_from_parent(article, parent, kept), set()
        else:
            rows, made = _store_extracted(article, found, kept)
        claims_refresh_dates(stale_claims | ({r.claim_id for r in rows if r.claim_id} - made))
        Claim.objects.filter(pk__in=stale_claims, attributions=None).delete()
    return rows


def _store_extracted(
    article: Article, found: list, kept: set[tuple[int, int]]
) -> tuple[list[Attribution], set[int]]:
    """The rows extracted from the article's own text, and the ids of the claims made
    for them."""
    items = [
        item
        for item in found
        if (item.content.start, item.content.end) not in kept
        and not _in_boilerplate(article, item.content.start, item.content.end)
    ]
    speakers = speakers_resolve(
        mentions=[(item.speaker_resolved_from or item.speaker).text for item in items]
    )
    claims, made = _claims_for(
        [
            (speaker, item.content.text, item.statement_date)
            for speaker, item in zip(speakers, items, strict=True)
        ],
        seen=_seen(article),
    )
    rows = [
        _extracted_row(article, item, speaker, claim)
        for item, speaker, claim in zip(items, speakers, claims, strict=True)
    ]
    return bulk_create_audited(rows, Attribution, reason="extracted"), made


def _seen(article: Article) -> tuple[dt.date | None, dt.date | None]:
    """First published and last republished of a claim only this article carries: its
    own date and its chain root's (an inferred original's date counts, as in
    claims_refresh_dates)."""
    published = {article.pk: article.published}
    parentless = [article.pk] if article.active_parent_id is None else []
    root = _chain_roots(published, parentless=parentless).get(article.pk, article.pk)
    dates = {published[article.pk], published.get(root)} - {None}
    return min(dates, default=None), max(dates, default=None)


def _extracted_row(article: Article, item, speaker: Speaker, claim: Claim) -> Attribution:
    return Attribution(
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


def _copy_from_parent(
    article: Article, parent: _Parent, kept: set[tuple[int, int]]
) -> list[Attribution]:
    """Map each parent attribution into the copy by text alignment; what the copier cut
    is simply absent. Claim and speaker are the parent's (by id: no query per row)."""
    rows = []
    size = max(1, len(parent.text))
    sources = Attribution.objects.filter(article_id=parent.id)
    for source in sources.exclude(status=Attribution.Status.REJECTED):
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
                claim_id=source.claim_id,
                speaker_id=source.speaker_id,
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
    return bulk_create_audited(rows, Attribution, reason="mapped from parent")


def chain_attribute(*, article_id: int) -> int:
    """Attribute the article, then every copy below it, parents first: re-mapping a copy
    replaces the rows its own copies were mapped from, so they are mapped again too."""
    rows, seen, level = 0, set(), [article_id]
    while level:
        seen.update(level)
        for pk in level:
            rows += len(article_attribute(article_id=pk))
        children = (
            Link.objects.active().filter(parent_id__in=level).values_list("child_id", flat=True)
        )
        level = sorted(set(children) - seen)
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
