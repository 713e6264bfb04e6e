"""Reads across articles and links: chains, roots, diffs. A fixed number of queries each."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import connection

from provenance.models import Link
from sources.models import Article

MAX_DEPTH = 100

_TREE_SQL = """
WITH RECURSIVE down(id, depth) AS (
    SELECT CAST(%s AS BIGINT), 0
    UNION
    SELECT l.child_id, down.depth + 1
    FROM provenance_link l JOIN down ON l.parent_id = down.id
    WHERE l.status <> 'rejected' AND down.depth < %s
)
SELECT DISTINCT id FROM down
"""


def chain_root_id(article_id: int) -> int:
    """The article at the top of the chain that article_id belongs to (itself if none)."""
    return chain_root_ids([article_id]).get(article_id, article_id)


_UP_SQL = """
WITH RECURSIVE up(id, depth) AS (
    SELECT CAST(%s AS BIGINT), 0
    UNION
    SELECT l.parent_id, up.depth + 1
    FROM provenance_link l JOIN up ON l.child_id = up.id
    WHERE l.status <> 'rejected' AND up.depth < %s
)
SELECT id FROM up WHERE depth > 0
"""


def chain_ancestor_ids(article_id: int) -> set[int]:
    """Every article above this one in its chain: parent, grandparent, … root."""
    with connection.cursor() as cursor:
        cursor.execute(_UP_SQL, [article_id, MAX_DEPTH])
        return {row[0] for row in cursor.fetchall()}


_ROOTS_SQL = """
WITH RECURSIVE up(start, id, depth) AS (
    SELECT a.id, a.id, 0 FROM sources_article a WHERE a.id IN ({ids})
    UNION
    SELECT up.start, l.parent_id, up.depth + 1
    FROM provenance_link l JOIN up ON l.child_id = up.id
    WHERE l.status <> 'rejected' AND up.depth < %s
)
SELECT start, id, depth FROM up
"""


def chain_root_ids(article_ids: list[int]) -> dict[int, int]:
    """article id -> its chain's root id, for many articles in one query."""
    ids = sorted(set(article_ids))
    if not ids:
        return {}
    sql = _ROOTS_SQL.format(ids=", ".join(["%s"] * len(ids)))
    with connection.cursor() as cursor:
        cursor.execute(sql, [*ids, MAX_DEPTH])
        rows = cursor.fetchall()
    best: dict[int, tuple[int, int]] = {}
    for start, node, depth in rows:
        if start not in best or depth > best[start][1]:
            best[start] = (node, depth)
    return {start: node for start, (node, _depth) in best.items()}


def chain_member_ids(root_id: int) -> list[int]:
    with connection.cursor() as cursor:
        cursor.execute(_TREE_SQL, [root_id, MAX_DEPTH])
        return [row[0] for row in cursor.fetchall()]


@dataclass(frozen=True)
class Chain:
    root: Article
    articles: list[Article]
    links: list[Link]


def chain_for_article(article_id: int) -> Chain:
    """The whole tree (original and every copy) that the article belongs to."""
    root_id = chain_root_id(article_id)
    ids = chain_member_ids(root_id)
    articles = list(
        Article.objects.filter(pk__in=ids)
        .select_related("publisher")
        .defer("raw", "text")
        .order_by("published", "first_seen")
    )
    links = list(
        Link.objects.active().filter(child_id__in=ids, parent_id__in=ids).order_by("created")
    )
    root = next(a for a in articles if a.pk == root_id)
    return Chain(root=root, articles=articles, links=links)


def parent_link(article_id: int) -> Link | None:
    return (
        Link.objects.active()
        .filter(child_id=article_id)
        .select_related("parent__publisher", "child__publisher")
        .first()
    )


def _spans(article: Article) -> list[tuple[int, int]]:
    return [(start, end) for start, end, _kind in article.boilerplate]


def diff_for_article(article: Article) -> dict:
    """What the copier changed: a word diff of the article against its parent.

    The child's derived title counts as no title: a repost that dropped the headline
    shows as "dropped", not as a rewrite.
    """
    from provenance.diff import title_change, word_diff

    link = parent_link(article.pk)
    empty = {
        "child": article.pk,
        "parent": None,
        "link": None,
        "ops": [],
        "title": {"kind": "same", "parent": "", "child": article.title},
        "summary": {"inserted_words": 0, "deleted_words": 0, "changed": 0},
        "parent_updated": None,
    }
    if link is None or link.parent.inferred:
        if link:
            empty.update(parent=link.parent_id, link=link)
        return empty
    parent = link.parent
    ops = word_diff(
        parent.text,
        article.text,
        parent_boilerplate=_spans(parent),
        child_boilerplate=_spans(article),
    )
    title = title_change(parent.title, "" if article.title_derived else article.title)
    return {
        "child": article.pk,
        "parent": parent.pk,
        "link": link,
        "title": {"kind": title.kind, "parent": title.parent, "child": title.child},
        "summary": _summary(ops),
        "ops": ops,
        "parent_updated": _updated_after(parent, article),
    }


def _updated_after(parent: Article, child: Article):
    """The day the parent page says it was updated, when after the copy was published:
    what the copy lacks may be what the original added later, not what the copier cut."""
    if parent.modified and child.published and child.published < parent.modified:
        return parent.modified
    return None


def _summary(ops) -> dict[str, int]:
    body = [op for op in ops if not op.boilerplate]
    return {
        "inserted_words": sum(len(op.child.split()) for op in body if op.op == "insert"),
        "deleted_words": sum(len(op.parent.split()) for op in body if op.op == "delete"),
        "changed": sum(1 for op in body if op.op == "replace"),
    }


@dataclass(frozen=True)
class ChainNode:
    article: Article
    link: Link | None  # the link to its parent, None at the root
    children: list[ChainNode]


def chain_tree(chain: Chain) -> ChainNode:
    """The chain as a tree a template can walk, root first, copies by date."""
    link_of = {link.child_id: link for link in chain.links}
    by_id = {a.pk: a for a in chain.articles}
    children: dict[int, list[int]] = {}
    for link in chain.links:
        children.setdefault(link.parent_id, []).append(link.child_id)

    def build(pk: int, seen: frozenset[int]) -> ChainNode:
        kids = [k for k in children.get(pk, []) if k in by_id and k not in seen]
        return ChainNode(
            article=by_id[pk],
            link=link_of.get(pk),
            children=[build(k, seen | {k}) for k in kids],
        )

    return build(chain.root.pk, frozenset({chain.root.pk}))
