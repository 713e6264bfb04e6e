"""Republication links: an article's parent chosen, and the pages it may change re-decided.

Linking runs under one PostgreSQL advisory lock, held for the few milliseconds a
decision takes: a worker always sees every fingerprint committed before it, so two
workers handling two copies at once still build one chain. Network and extraction work
happen before, outside the lock.

The step that ties the others together: it reads candidates (``candidates``), makes and
replaces inferred originals (``inferred``) and writes the Link rows; it has a module of
its own so that each of those stays usable without it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection, transaction
from django.db.models import Count

from provenance.compare import LinkKind, Overlap, classify
from provenance.models import Fingerprint, Link, Paragraph
from provenance.parent import Candidate, ParentChoice, choose_parent, compare_facts, direction
from provenance.services.candidates import Prepared, candidate_ids, prepare, series_boilerplate
from provenance.services.handoffs import _attribute_later
from provenance.services.index import article_fingerprint
from provenance.services.inferred import inferred_original_ensure, inferred_originals_replace
from sources.models import Article
from sources.republisher import is_page_chrome

LINK_LOCK = 0x50524F56  # "PROV": one advisory lock for all linking decisions


@contextmanager
def link_lock() -> Iterator[None]:
    """Serialise linking across workers (transaction-scoped; call inside atomic)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LINK_LOCK])
    yield


# --- decisions ---------------------------------------------------------------------------


class _Linking:
    """Caches for one linking run: each article is prepared once, each pair compared once."""

    def __init__(self) -> None:
        self.prepared: dict[int, Prepared] = {}
        self.overlaps: dict[tuple[int, int], Overlap] = {}
        self.originals: dict[int, Prepared | None] = {}
        self.former_parents: set[int] = set()  # parents of links a decision may replace
        self.reparented: set[int] = set()  # articles whose parent a decision changed

    def prepare(self, article: Article, recurring: set[int] | None = None) -> Prepared:
        if article.pk not in self.prepared:
            self.prepared[article.pk] = prepare(article, recurring)
        return self.prepared[article.pk]

    def compare(self, a: Prepared, b: Prepared) -> Overlap:
        """Each pair is measured once per run; compare() itself serves the reverse pair
        from its cache, swapped."""
        key = (a.article.pk, b.article.pk)
        if key not in self.overlaps:
            self.overlaps[key] = compare_facts(a.facts, b.facts)
        return self.overlaps[key]

    def pool_for(self, article: Article) -> dict[int, Prepared]:
        """The article and its index candidates, each prepared once per run."""
        ids = {article.pk, *candidate_ids(article)}
        missing = list(ids - self.prepared.keys())
        recurring = series_boilerplate(missing)
        for row in Article.objects.filter(pk__in=missing).select_related("publisher"):
            self.prepare(row, recurring.get(row.pk, set()))
        return {pk: self.prepared[pk] for pk in ids if pk in self.prepared}

    def own_original(self, article: Article) -> Prepared | None:
        """The inferred original this article names, when no fetched page is it."""
        if article.pk not in self.originals:
            original = inferred_original_ensure(article=article)
            self.originals[article.pk] = self.prepare(original) if original else None
        return self.originals[article.pk]

    def candidates(
        self, prepared: Prepared, pool: dict[int, Prepared], rejected: set[int]
    ) -> tuple[list[Candidate], list[int]]:
        """Parents on offer (pages this one is known to copy, and the original it names)
        and every fetched page it overlaps, whose own choice it may change.

        A page whose direction cannot be told (same day, no credit either way, texts
        alike) is never offered: arrival order must not decide who copied whom.
        Editors' ``rejected`` parents are never offered either.
        """
        offered, related = [], []
        for other in pool.values():
            if other.article.pk == prepared.article.pk or other.article.inferred:
                continue
            overlap = self.compare(prepared, other)
            if classify(overlap) == LinkKind.NONE:
                continue
            related.append(other.article.pk)
            if other.article.pk not in rejected and (
                direction(prepared.facts, other.facts, overlap) == -1
            ):
                offered.append(Candidate(facts=other.facts, overlap=overlap))
        original = self.own_original(prepared.article)
        if original and original.article.pk not in rejected:
            offered.append(Candidate(facts=original.facts, overlap=_NO_TEXT))
        return offered, related

    def decide(
        self, prepared: Prepared, pool: dict[int, Prepared]
    ) -> tuple[Link | None, list[int]]:
        """Apply the parent choice; also return the ids of real copies-or-sources found."""
        # The page's links, read once: rejected parents, the current one, the former ones.
        links = list(Link.objects.filter(child_id=prepared.article.pk).order_by("pk"))
        rejected = {link.parent_id for link in links if link.status == Link.Status.REJECTED}
        candidates, related = self.candidates(prepared, pool, rejected)
        choice = choose_parent(prepared.facts, candidates)
        self.former_parents.update(link.parent_id for link in links)
        active = [link for link in links if link.status != Link.Status.REJECTED]
        before = {link.parent_id for link in active}
        overlap = None
        if choice:
            chosen = next(c for c in candidates if c.facts.id == choice.parent_id)
            overlap = None if chosen.facts.inferred else chosen.overlap
        link = _link_apply(prepared.article, choice, overlap, active[0] if active else None)
        if before != ({link.parent_id} if link else set()):
            self.reparented.add(prepared.article.pk)
        return link, related


_NO_TEXT = Overlap(jaccard=0.0, a_in_b=0.0, b_in_a=0.0, sentence_match=0.0, quoted_only=False)


def _is_ancestor(ancestor_id: int, article_id: int) -> bool:
    from provenance.selectors import chain_ancestor_ids

    return ancestor_id in chain_ancestor_ids(article_id)


def link_apply(
    *, child: Article, choice: ParentChoice | None, overlap: Overlap | None
) -> Link | None:
    """Record the machine's parent choice; editors' confirmed links are never overridden."""
    current = Link.objects.active().filter(child=child).order_by("pk").first()
    return _link_apply(child, choice, overlap, current)


def _link_apply(
    child: Article, choice: ParentChoice | None, overlap: Overlap | None, current: Link | None
) -> Link | None:
    """link_apply with the child's active link (``current``) already read."""
    if current and current.status == Link.Status.CONFIRMED:
        return current
    if choice is None or _is_ancestor(child.pk, choice.parent_id):
        if current:
            current.delete()
        return None
    values = {
        "kind": _link_kind(choice, overlap, child),
        "confidence": round(choice.confidence, 3),
        "evidence": list(choice.evidence),
        "jaccard": round(overlap.jaccard, 4) if overlap else 0.0,
        "child_in_parent": round(overlap.a_in_b, 4) if overlap else 0.0,
        "parent_in_child": round(overlap.b_in_a, 4) if overlap else 0.0,
    }
    if current and current.parent_id == choice.parent_id:
        if any(getattr(current, k) != v for k, v in values.items()):
            for key, value in values.items():
                setattr(current, key, value)
            current._change_reason = "re-evaluated with new evidence"
            current.save()
        return current
    if current:
        current._change_reason = "a better parent was found"
        current.delete()
    return Link.objects.create(child=child, parent_id=choice.parent_id, **values)


def _copies(article: Prepared, other: Prepared, run: _Linking) -> bool:
    """Whether article is known to copy other (so other's parent choice is unaffected)."""
    return direction(article.facts, other.facts, run.compare(article, other)) == -1


def _link_kind(choice: ParentChoice, overlap: Overlap | None, child: Article) -> str:
    """Against an inferred original there is no text to compare: a copy that carries a
    republisher's additions (an intro, a notice; not the site's share buttons) is an
    edited copy; a credit line alone ("This article is republished from …") leaves it
    verbatim."""
    if overlap is None:
        added = any(
            kind != "origin_note" and not is_page_chrome(child.text[start:end])
            for start, end, kind in child.boilerplate
        )
        return Link.Kind.EDITED if added else Link.Kind.VERBATIM
    kind = str(choice.kind)
    return kind if kind in Link.Kind.values else Link.Kind.EDITED


def article_link(*, article_id: int, new: bool = False) -> Link | None:
    """Choose the article's parent and re-decide the pages whose decision it may change.

    Those are the copies and sources it overlaps, which may now prefer it, and the pages
    of its publisher whose series boilerplate it changed.  Candidates are symmetric (if B
    is A's candidate, A is B's) and every decision is re-made once the facts it rests on
    change, so the links come out the same whatever order pages arrived in.

    ``new``: the article has just entered the index, so no earlier decision rests on an
    older version of it, and only the pages that copy it can decide differently now.
    """
    with transaction.atomic(), link_lock():
        article = Article.objects.select_related("publisher").filter(pk=article_id).first()
        if article is None or article.inferred:
            return None
        inferred_originals_replace(article=article)
        run = _Linking()
        result = _decide_around(run, article, new=new)
        for sibling in Article.objects.filter(pk__in=_series_siblings(article)).select_related(
            "publisher"
        ):
            _decide_around(run, sibling)
        _drop_orphan_inferred(run)
        moved = sorted(run.reparented - {article.pk})  # the article's own step follows
        if moved:
            transaction.on_commit(lambda: _attribute_later(moved))
        return result


def _decide_around(run: _Linking, article: Article, *, new: bool = False) -> Link | None:
    """Decide the article's parent, then re-decide the pages that may now choose it (or
    drop it): those it overlaps and does not copy, and its current children.

    A ``new`` article is offered only to the pages that copy it, and a page's choice
    rests on nothing but what it is offered: the pages it overlaps without either
    copying the other (same day, no credit, texts alike) keep their decision.
    """
    pool = run.pool_for(article)
    result, related = run.decide(pool[article.pk], pool)
    children = set(Link.objects.filter(parent_id=article.pk).values_list("child_id", flat=True))
    for pk in sorted({*related, *children}):
        if pk in pool and _copies(pool[article.pk], pool[pk], run):
            continue  # a later copy of the neighbour cannot become its parent
        if (
            new
            and pk in pool
            and pk not in children
            and not _copies(pool[pk], pool[article.pk], run)
        ):
            continue  # it is not offered the new page, and nothing else changed for it
        if pk not in run.prepared:
            row = Article.objects.select_related("publisher").filter(pk=pk).first()
            if row is None:
                continue  # deleted meanwhile (deletes do not take the link lock)
            run.prepare(row)
        neighbour = run.prepared[pk]
        neighbour_pool = run.pool_for(neighbour.article)
        run.decide(neighbour_pool[pk], neighbour_pool)
    return result


def _series_siblings(article: Article) -> list[int]:
    """Pages of the publisher sharing a paragraph with this one and with no other page of
    it: that paragraph has just become series boilerplate on them, which changes their
    text as parent choice sees it."""
    own = Paragraph.objects.filter(article_id=article.pk).values("key")
    newly_recurring = (
        Paragraph.objects.filter(publisher_id=article.publisher_id, key__in=own)
        .values("key")
        .annotate(n=Count("article", distinct=True))
        .filter(n=2)
        .values("key")
    )
    return sorted(
        set(
            Paragraph.objects.filter(publisher_id=article.publisher_id, key__in=newly_recurring)
            .exclude(article_id=article.pk)
            .values_list("article_id", flat=True)
        )
    )


def _drop_orphan_inferred(run: _Linking) -> None:
    """Inferred originals that no copy links to any more carry no information: those
    met in this run, and those a copy linked to before this run gave it a better parent."""
    ids = {pk for pk, p in run.prepared.items() if p.article.inferred} | run.former_parents
    if ids:
        Article.objects.filter(pk__in=ids, inferred=True, child_links__isnull=True).delete()


def article_process(*, article_id: int) -> Link | None:
    """The provenance steps for one stored article: fingerprint, then link."""
    article = Article.objects.select_related("publisher").filter(pk=article_id).first()
    if article is None or article.inferred:
        return None
    # Not yet in the index: no page's decision can rest on an older version of it.
    new = not Fingerprint.objects.filter(article_id=article_id).exists()
    article_fingerprint(article=article)
    return article_link(article_id=article_id, new=new)
