"""Writes for the sources app: publishers, articles and ingest jobs.

Every entry point that brings an article in (the `ingest` command, the API, Celery tasks,
feed polling) goes through `job_create` and `job_run`, so each input is recorded as an
`IngestJob` with a status and a message a person can act on.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC as dt_utc
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify

from sources.errors import IngestError, ReaderError, TransientFetchError
from sources.extract import Extracted, extract_document
from sources.fetch import FetchPolicy, fetch
from sources.models import Article, Feed, IngestJob, Publisher
from sources.normalize import domain_of, normalize_url
from sources.readers import BadRecord, RawDocument, parse_feed, parse_sitemap, read_jsonl, read_warc

log = logging.getLogger(__name__)

MAX_ERRORS_KEPT = 200
FILE_SUFFIXES = {".html", ".htm", ".xhtml", ".txt", ".text", ".md"}

Progress = Callable[[int, int], None]  # (items handled so far, items known in all)


@dataclass(frozen=True)
class IngestOutcome:
    article: Article
    created: bool
    changed: bool


# --- publishers -----------------------------------------------------------------------


def publisher_resolve(*, name: str = "", domain: str = "") -> Publisher:
    """Find the publisher by domain, else by name or alias; create it when unknown.

    Safe under concurrency: two workers creating one publisher meet on the unique slug /
    domain constraint and the loser reads the winner's row.
    """
    name, domain = name.strip(), domain.strip().lower()
    if domain:
        found = Publisher.objects.filter(domain=domain).first()
        if found:
            return found
    if name:
        found = publisher_find_by_name(name)
        if found:
            if domain and not found.domain:
                Publisher.objects.filter(pk=found.pk, domain__isnull=True).update(domain=domain)
                found.refresh_from_db()
            return found
    display = name or domain or "Unknown publisher"
    slug = slugify(domain or display)[:190] or "unknown"
    for attempt in range(1, 20):
        candidate = slug if attempt == 1 else f"{slug}-{attempt}"
        try:
            with transaction.atomic():
                return Publisher.objects.create(name=display, slug=candidate, domain=domain or None)
        except IntegrityError:
            found = _publisher_taking(candidate, domain, claim=attempt == 1)
            if found is not None:
                return found
    raise IntegrityError(f"no free slug for the publisher {display!r}")


def _publisher_taking(slug: str, domain: str, *, claim: bool) -> Publisher | None:
    """The publisher a failed create meant, if it exists: another worker's row for the
    same domain or name, or a publisher known so far only by this site's host name (a
    copy linked to it before any of its pages arrived), which this site now claims.
    None when the slug belongs to another site, which needs a slug of its own."""
    if domain and (found := Publisher.objects.filter(domain=domain).first()):
        return found
    holder = Publisher.objects.filter(slug=slug).first()
    if holder is None or not domain:
        return holder
    if holder.domain is None and claim:
        try:
            with transaction.atomic():
                Publisher.objects.filter(pk=holder.pk, domain__isnull=True).update(domain=domain)
        except IntegrityError:  # another worker gave the domain to a new row meanwhile
            return Publisher.objects.filter(domain=domain).first()
        holder.refresh_from_db()
        return holder if holder.domain == domain else None
    return None


def publisher_find_by_name(name: str) -> Publisher | None:
    """Case-insensitive match on the name or any alias."""
    key = name.strip().casefold()
    if not key:
        return None
    slug = slugify(name)
    found = Publisher.objects.filter(name__iexact=name.strip()).first() or (
        Publisher.objects.filter(slug=slug).first() if slug else None
    )
    if found:
        return found
    for publisher in Publisher.objects.exclude(aliases=[]).only("aliases", "name"):
        if key in (alias.casefold() for alias in publisher.aliases):
            return publisher
    return None


def publisher_add_names(publisher: Publisher, names: Iterable[str]) -> None:
    """Record the other names a site's own pages give it ("AP News" also calls itself
    "The Associated Press"), so that copies crediting either name find it.

    A publisher known only by that name, from what copies said (no domain, no page of
    its own), is this one: its inferred originals move here, where the real pages can
    replace them.
    """
    known = {n.casefold() for n in publisher.all_names()}
    added = [n for n in dict.fromkeys(names) if n and n.casefold() not in known]
    if not added:
        return
    for name in added:
        other = publisher_find_by_name(name)
        name_only = (
            other is not None
            and other.pk != publisher.pk
            and other.domain is None
            and not other.articles.filter(inferred=False).exists()
        )
        if name_only:
            Article.objects.filter(publisher=other).update(publisher=publisher)
            Feed.objects.filter(publisher=other).update(publisher=publisher)
            added = [*added, *other.aliases]
            other.delete()
    publisher_learn_names(publisher, aliases=added)


def publisher_learn_names(
    publisher: Publisher, *, aliases: Iterable[str] = (), name: str = ""
) -> None:
    """Add aliases to the publisher and, given `name`, make it the name (the old name
    becomes an alias), on the row as stored now: it is re-read under a row lock, so
    names another worker added since `publisher` was read are kept, not overwritten.
    `publisher` is brought up to date too."""
    with transaction.atomic():
        row = Publisher.objects.select_for_update().get(pk=publisher.pk)
        if name and name != row.name:
            row.aliases = [*row.aliases, row.name]
            row.name = name[:200]
        known = {n.casefold() for n in [row.name, *row.aliases]}
        new = [a for a in dict.fromkeys(aliases) if a and a.casefold() not in known]
        row.aliases = list(dict.fromkeys([a for a in row.aliases if a != row.name] + new))
        if (row.name, row.aliases) != (publisher.name, publisher.aliases):
            row.save(update_fields=["name", "aliases"])
    publisher.name, publisher.aliases = row.name, row.aliases


# --- articles ---------------------------------------------------------------------------


def content_hash(text: str) -> str:
    """Hash of the body with white space folded: the same text under two URLs matches."""
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()


def _document_url(raw: RawDocument) -> str:
    if raw.url.startswith("file://"):
        return raw.url
    return normalize_url(raw.url)


def _article_fields(raw: RawDocument, extracted: Extracted) -> dict:
    published, published_source = extracted.published, extracted.published_source
    if raw.published and not published:
        published, published_source = _parse_iso_date(raw.published), Article.DateSource.GIVEN
    title, title_derived = extracted.title, extracted.title_derived
    if raw.title:
        title, title_derived = raw.title, False
    raw_text = raw.content if isinstance(raw.content, str) else ""
    return {
        "canonical_url": extracted.canonical_url[:2000],
        "title": title[:1000],
        "title_derived": title_derived,
        "subtitle": extracted.subtitle,
        "byline": extracted.byline[:500],
        "published": published,
        "published_source": published_source or "",
        "published_at": extracted.published_at if published == extracted.published else None,
        "modified": extracted.modified,
        "language": extracted.language[:16],
        "text": extracted.text,
        "boilerplate": [[s.start, s.end, s.kind] for s in extracted.boilerplate],
        "quotations": [list(span) for span in extracted.quotations],
        "raw": raw_text,
        "raw_content_type": raw.content_type[:100],
        "content_hash": content_hash(extracted.body_text()),
        "origin_name": extracted.origin_name[:300],
        "origin_url": extracted.origin_url[:2000],
        "origin_date": extracted.origin_date,
        "origin_evidence": list(extracted.origin_evidence),
        "fetched_at": timezone.now(),
    }


def _parse_iso_date(value: str):
    from datetime import date, datetime

    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        try:
            return datetime.fromisoformat(value).date()
        except ValueError:
            return None


def article_ingest(*, raw: RawDocument) -> IngestOutcome:
    """Extract one document and store it as an article; the same URL twice changes nothing.

    Extraction (the slow, failure-prone part) runs before the transaction opens. A page
    whose text changed since the last ingest is updated in place and processed again.
    """
    url = _document_url(raw)
    extracted = extract_document(
        raw.content, content_type=raw.content_type, url=raw.url, declared_charset=raw.charset
    )
    if not raw.content or not extracted.text.strip():
        raise IngestError(f"{raw.url}: no article text found")
    fields = _article_fields(raw, extracted)
    if isinstance(raw.content, bytes):
        fields["raw"] = raw.content.decode("utf-8", errors="replace")
    domain = "" if url.startswith("file://") else domain_of(url)
    name = raw.publisher or extracted.site_name
    with transaction.atomic():
        publisher = publisher_resolve(name=name, domain=domain)
        if domain:
            publisher_add_names(publisher, extracted.site_aliases)
        article, created = Article.objects.get_or_create(
            url=url, defaults={**fields, "publisher": publisher, "first_seen": _seen(raw)}
        )
        changed = created
        if not created and article.content_hash != fields["content_hash"]:
            for key, value in fields.items():
                setattr(article, key, value)
            article.publisher = publisher
            article.save()
            changed = True
        if changed:
            transaction.on_commit(lambda: _after_article_saved(article.pk))
    return IngestOutcome(article=article, created=created, changed=changed)


def _seen(raw: RawDocument) -> datetime:
    """When the page was first seen: a crawl's capture time if the input carries one
    (WARC-Date, JSONL "seen"), else now. Parent choice uses it to order same-day pages."""
    if raw.seen:
        try:
            moment = datetime.fromisoformat(raw.seen.replace("Z", "+00:00"))
        except ValueError:
            moment = None
        if moment is not None:
            return moment if timezone.is_aware(moment) else timezone.make_aware(moment, dt_utc)
    return timezone.now()


def _after_article_saved(article_id: int) -> None:
    """Hand the article to the next pipeline steps (fingerprint, link, attribute)."""
    from provenance.tasks import article_process_task

    article_process_task.delay(article_id)


# --- jobs -------------------------------------------------------------------------------


def job_create(
    *,
    kind: str,
    source: str,
    options: dict | None = None,
    user=None,
    parent: IngestJob | None = None,
    enqueue: bool = True,
) -> IngestJob:
    """Record an ingest request; with enqueue, a worker picks it up after commit."""
    if kind not in IngestJob.Kind.values:
        raise IngestError(
            f"unknown ingest kind {kind!r}: use one of {', '.join(IngestJob.Kind.values)}"
        )
    job = IngestJob.objects.create(
        kind=kind,
        source=source[:2000],
        options=options or {},
        created_by=user if user and user.is_authenticated else None,
        parent=parent,
    )
    if enqueue:
        from sources.tasks import ingest_job_run

        transaction.on_commit(lambda: ingest_job_run.delay(job.pk))
    return job


def job_claim(job_id: int) -> IngestJob | None:
    """Mark the job running; None when it is gone or already finished (a redelivery)."""
    claimed = IngestJob.objects.filter(
        pk=job_id, status__in=[IngestJob.Status.QUEUED, IngestJob.Status.RUNNING]
    ).update(status=IngestJob.Status.RUNNING, started=timezone.now(), attempts=F("attempts") + 1)
    return IngestJob.objects.get(pk=job_id) if claimed else None


def job_finish(job: IngestJob, *, status: str, message: str = "") -> IngestJob:
    job.status = status
    job.message = message
    job.finished = timezone.now()
    job.save(
        update_fields=[
            "status",
            "message",
            "finished",
            "items_total",
            "items_done",
            "items_failed",
            "errors",
            "article",
        ]
    )
    if job.parent_id:
        _parent_count_child(job)
    return job


def _parent_count_child(job: IngestJob) -> None:
    """Children (feed entries, sitemap pages) report into their parent's counters."""
    failed = job.status == IngestJob.Status.FAILED
    IngestJob.objects.filter(pk=job.parent_id).update(
        items_done=F("items_done") + (0 if failed else 1),
        items_failed=F("items_failed") + (1 if failed else 0),
    )


def job_note_retry(job_id: int, message: str) -> None:
    IngestJob.objects.filter(pk=job_id).update(message=f"will retry: {message}")


def job_fail(job_id: int, message: str) -> None:
    job = IngestJob.objects.filter(pk=job_id).first()
    if job and not job.is_finished:
        job_finish(job, status=IngestJob.Status.FAILED, message=message)


def job_run(
    job_id: int, *, progress: Progress | None = None, inline: bool = False
) -> IngestJob | None:
    """Run one job to the end. IngestError marks it failed; transient errors propagate.

    inline: children (feed entries, sitemap pages) run here and now instead of being
    queued, which is what the `ingest` command does when no worker is asked for.
    """
    job = job_claim(job_id)
    if job is None:
        return None
    runner = _RUNNERS[job.kind]
    try:
        message = runner(job, progress=progress, inline=inline)
    except TransientFetchError:
        raise
    except IngestError as exc:
        return job_finish(job, status=IngestJob.Status.FAILED, message=str(exc))
    status = IngestJob.Status.DONE
    if job.items_total and job.items_failed == job.items_total:
        status = IngestJob.Status.FAILED
    return job_finish(job, status=status, message=message)


def fetch_policy() -> FetchPolicy:
    return FetchPolicy(
        timeout=settings.FETCH_TIMEOUT,
        max_bytes=settings.FETCH_MAX_BYTES,
        max_redirects=settings.FETCH_MAX_REDIRECTS,
        allow_private=settings.FETCH_ALLOW_PRIVATE,
        user_agent=settings.FETCH_USER_AGENT,
    )


def _describe(outcome: IngestOutcome) -> str:
    verb = "stored" if outcome.created else ("updated" if outcome.changed else "unchanged")
    return f"{verb}: {outcome.article.display_title}"


def _run_url(job: IngestJob, **_) -> str:
    fetched = fetch(job.source, policy=fetch_policy())
    raw = RawDocument(
        url=fetched.final_url,
        content=fetched.body,
        content_type=fetched.content_type,
        charset=fetched.charset,
        title=job.options.get("title", ""),
        published=job.options.get("published", ""),
        publisher=job.options.get("publisher", ""),
        origin=job.source,
    )
    outcome = article_ingest(raw=raw)
    job.article = outcome.article
    return _describe(outcome)


def _run_text(job: IngestJob, **_) -> str:
    opts = job.options
    content = opts.get("html") or opts.get("text") or ""
    raw = RawDocument(
        url=job.source,
        content=content,
        content_type="text/html" if opts.get("html") else "text/plain",
        title=opts.get("title", ""),
        published=opts.get("published", ""),
        publisher=opts.get("publisher", ""),
        origin="upload",
    )
    outcome = article_ingest(raw=raw)
    job.article = outcome.article
    return _describe(outcome)


def _file_documents(path: Path, publisher: str) -> Iterator[RawDocument | BadRecord]:
    files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
    for file in files:
        if path.is_dir() and file.suffix.lower() not in FILE_SUFFIXES:
            continue
        try:
            data = file.read_bytes()
        except OSError as exc:
            yield BadRecord(origin=str(file), message=f"{file}: cannot read ({exc.strerror})")
            continue
        is_html = file.suffix.lower() in {".html", ".htm", ".xhtml"}
        yield RawDocument(
            url=file.resolve().as_uri(),
            content=data,
            content_type="text/html" if is_html else "text/plain",
            publisher=publisher,
            origin=str(file),
        )


def _run_records(
    job: IngestJob, records: Iterable[RawDocument | BadRecord], progress: Progress | None
) -> str:
    """Ingest record by record; a bad record is noted and the rest goes on."""
    stored = unchanged = 0
    for record in records:
        job.items_total += 1
        if isinstance(record, BadRecord):
            _job_error(job, record.message)
        else:
            try:
                outcome = article_ingest(raw=record)
            except IngestError as exc:  # transient fetch errors too: the rest goes on
                _job_error(job, f"{record.origin or record.url}: {exc}")
            else:
                job.items_done += 1
                job.article = outcome.article
                stored += outcome.changed
                unchanged += not outcome.changed
        if progress:
            progress(job.items_total, 0)
        if job.items_total % 50 == 0:
            job.save(update_fields=["items_total", "items_done", "items_failed", "errors"])
    if job.items_total == 0:
        raise IngestError(f"{job.source}: no documents found in it")
    return (
        f"{job.items_total} documents: {stored} stored or updated, {unchanged} unchanged, "
        f"{job.items_failed} failed"
    )


def _job_error(job: IngestJob, message: str) -> None:
    job.items_failed += 1
    if len(job.errors) < MAX_ERRORS_KEPT:
        job.errors.append(message)


def _local_path(job: IngestJob) -> Path:
    path = Path(job.source)
    if not path.exists():
        raise IngestError(f"{path}: no such file or folder; check the path")
    return path


def _run_file(job: IngestJob, progress: Progress | None = None, **_) -> str:
    path = _local_path(job)
    records = _file_documents(path, job.options.get("publisher", ""))
    if not path.is_dir():
        # One file is one article: its failure is the job's failure, said plainly.
        record = next(iter(records))
        if isinstance(record, BadRecord):
            raise IngestError(record.message)
        outcome = article_ingest(raw=record)
        job.article = outcome.article
        return _describe(outcome)
    return _run_records(job, records, progress)


def _run_jsonl(job: IngestJob, progress: Progress | None = None, **_) -> str:
    return _run_records(job, read_jsonl(_local_path(job)), progress)


def _run_warc(job: IngestJob, progress: Progress | None = None, **_) -> str:
    return _run_records(job, read_warc(_local_path(job)), progress)


def _run_children(job: IngestJob, urls: list[str], inline: bool, progress: Progress | None) -> None:
    """One URL job per entry, so each fetch retries and fails on its own."""
    job.items_total = len(urls)
    job.save(update_fields=["items_total"])
    for index, url in enumerate(urls, start=1):
        child = job_create(kind=IngestJob.Kind.URL, source=url, parent=job, enqueue=not inline)
        if inline:
            try:
                job_run(child.pk)
            except TransientFetchError as exc:
                job_fail(child.pk, str(exc))
        if progress:
            progress(index, len(urls))
    job.refresh_from_db(fields=["items_done", "items_failed"])


def _run_feed(job: IngestJob, progress: Progress | None = None, inline: bool = False) -> str:
    feed, _ = Feed.objects.get_or_create(url=job.source)
    fetched = fetch(
        job.source, policy=fetch_policy(), etag=feed.etag, last_modified=feed.last_modified
    )
    feed.last_polled = timezone.now()
    if fetched.not_modified:
        feed.save(update_fields=["last_polled"])
        return "feed not modified since the last poll"
    try:
        parsed = parse_feed(fetched.body, base_url=fetched.final_url)
    except ReaderError as exc:
        feed.last_error = str(exc)
        feed.save(update_fields=["last_polled", "last_error"])
        raise
    feed.title, feed.etag, feed.last_modified, feed.last_error = (
        parsed.title[:500],
        fetched.etag[:500],
        fetched.last_modified[:100],
        "",
    )
    feed.save()
    known = set(
        Article.objects.filter(url__in=[_safe_norm(e.url) for e in parsed.entries]).values_list(
            "url", flat=True
        )
    )
    new = [e.url for e in parsed.entries if _safe_norm(e.url) not in known]
    _run_children(job, new, inline, progress)
    return f"{len(parsed.entries)} entries, {len(new)} new"


def _safe_norm(url: str) -> str:
    try:
        return normalize_url(url)
    except IngestError:
        return url


def _run_sitemap(job: IngestJob, progress: Progress | None = None, inline: bool = False) -> str:
    pages, nested, seen = [], [job.source], set()
    while nested and len(seen) < 50:
        sitemap_url = nested.pop(0)
        if sitemap_url in seen:
            continue
        seen.add(sitemap_url)
        fetched = fetch(sitemap_url, policy=fetch_policy())
        found, more = parse_sitemap(fetched.body, base_url=fetched.final_url)
        pages.extend(found)
        nested.extend(more)
    limit = int(job.options.get("limit", 0)) or None
    pages = list(dict.fromkeys(pages))[:limit]
    _run_children(job, pages, inline, progress)
    return f"{len(pages)} pages from {len(seen)} sitemap(s)"


_RUNNERS = {
    IngestJob.Kind.URL: _run_url,
    IngestJob.Kind.TEXT: _run_text,
    IngestJob.Kind.FILE: _run_file,
    IngestJob.Kind.JSONL: _run_jsonl,
    IngestJob.Kind.WARC: _run_warc,
    IngestJob.Kind.FEED: _run_feed,
    IngestJob.Kind.SITEMAP: _run_sitemap,
}


def feeds_due() -> list[Feed]:
    """Active feeds whose interval has passed and that have no poll waiting or running:
    a slow worker never piles up duplicate polls of one feed."""
    now = timezone.now()
    pending = set(
        IngestJob.objects.filter(
            kind=IngestJob.Kind.FEED,
            status__in=[IngestJob.Status.QUEUED, IngestJob.Status.RUNNING],
        ).values_list("source", flat=True)
    )
    return [f for f in Feed.objects.filter(active=True) if f.is_due(now) and f.url not in pending]
