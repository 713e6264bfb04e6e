"""Republication detection end to end, in memory, against a generated corpus.

fingerprint -> LSH band keys + sampled postings (dicts standing in for the bigint
tables) -> compare -> classify -> choose_parent, with articles arriving in published
order and again in a shuffled order.  A new arrival also re-decides the parents of its
neighbours, as the database version does when a later-ingested page turns out to be
the earlier one.  Prints precision and recall of copy links (near-duplicates and
excerpts apart), independent reports linked (must be 0) and parent accuracy.

    python bench/chains_pure.py --chains 50 --seed 0
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import Corpus, generate

from provenance.compare import (
    LinkKind,
    Overlap,
    boilerplate_lines,
    classify,
    compare,
    paragraph_key,
    removed_paragraphs,
    strip_paragraphs,
)
from provenance.fingerprint import Fingerprint, fingerprint, min_shared_postings
from provenance.parent import (
    ArticleFacts,
    Candidate,
    ParentChoice,
    choose_parent,
    direction,
    names,
    same_name,
)

POSTING_DF_CAP = 60  # postings held by more articles are stock phrases: not evidence
BACKFILL_SEEN = datetime(2023, 1, 1)


def build_facts(corpus: Corpus, backfill: bool = False) -> dict[int, ArticleFacts]:
    """Strip each publisher's boilerplate (found across its articles) and build facts.

    ``first_seen`` is when a live crawler would have seen the page; with ``backfill``
    every page is seen at once, as when a year of pages is imported in one go.
    """
    by_publisher: dict[str, list[dict]] = defaultdict(list)
    for article in corpus.articles:
        by_publisher[article["publisher"]].append(article)
    facts: dict[int, ArticleFacts] = {}
    for articles in by_publisher.values():
        keys = boilerplate_lines([a["text"] for a in articles])
        for a in articles:
            facts[a["id"]] = ArticleFacts(
                id=a["id"],
                publisher=a["publisher"],
                publisher_aliases=(),
                url=a["url"],
                canonical_url="",
                published=a["published"],
                first_seen=BACKFILL_SEEN if backfill else a["seen"],
                title=a["title"],
                text=strip_paragraphs(a["text"], keys),
                origin_name=a["origin_name"],
                boilerplate=removed_paragraphs(a["text"], keys),
            )
    return facts


@dataclass
class Index:
    """Band keys and sampled postings, as the bigint tables would hold them."""

    bands: dict[int, set[int]] = field(default_factory=lambda: defaultdict(set))
    postings: dict[int, set[int]] = field(default_factory=lambda: defaultdict(set))
    posting_counts: dict[int, int] = field(default_factory=dict)
    # Stock phrases, from document frequencies over the whole collection: a stop list
    # maintained apart from arrivals, so that no pair is found in one arrival order and
    # missed in another.
    stop_postings: frozenset[int] = frozenset()

    def query(self, fp: Fingerprint) -> set[int]:
        found: set[int] = set()
        for key in fp.band_keys:
            found |= self.bands.get(key, set())
        shared: Counter[int] = Counter()
        for value in fp.postings:
            if value not in self.stop_postings:
                shared.update(self.postings.get(value, set()))
        found |= {
            other
            for other, count in shared.items()
            if count >= min_shared_postings(len(fp.postings), self.posting_counts[other])
        }
        return found

    def add(self, article_id: int, fp: Fingerprint) -> None:
        for key in fp.band_keys:
            self.bands[key].add(article_id)
        for value in fp.postings:
            self.postings[value].add(article_id)
        self.posting_counts[article_id] = len(fp.postings)


@dataclass
class Pipeline:
    facts: dict[int, ArticleFacts]
    index: Index = field(default_factory=Index)
    edges: dict[int, dict[int, Overlap]] = field(default_factory=lambda: defaultdict(dict))
    parents: dict[int, ParentChoice | None] = field(default_factory=dict)
    inferred: dict[tuple[str, str], ArticleFacts] = field(default_factory=dict)
    candidates_checked: int = 0

    def ingest(self, article_id: int) -> None:
        child = self.facts[article_id]
        fp = fingerprint(child.text)
        for other in self.index.query(fp):
            self.candidates_checked += 1
            overlap = compare(child.text, self.facts[other].text)
            if classify(overlap) is not LinkKind.NONE:
                self.edges[article_id][other] = overlap
                self.edges[other][article_id] = overlap.swapped()
        self.index.add(article_id, fp)
        for affected in [article_id, *self.edges[article_id]]:
            self.decide(affected)

    def decide(self, article_id: int) -> None:
        child = self.facts[article_id]
        candidates = [
            Candidate(self.facts[other], overlap)
            for other, overlap in self.edges[article_id].items()
            if direction(child, self.facts[other], overlap) == -1
        ]
        inferred = self.inferred_original(child)
        if inferred is not None:
            candidates.append(Candidate(inferred, Overlap.empty()))
        self.parents[article_id] = choose_parent(child, candidates)

    def inferred_original(self, child: ArticleFacts) -> ArticleFacts | None:
        """The named source when no ingested neighbour is it (the lead's origin inference).

        Keyed by name and title; a copy without a title borrows the title of a
        neighbour that names the same source.
        """
        if not child.origin_name:
            return None
        neighbours = [self.facts[n] for n in self.edges[child.id]]
        if any(names(child, n) for n in neighbours):
            return None
        title = child.title
        for n in sorted(neighbours, key=lambda f: f.id):
            if not title and n.title and same_name(n.origin_name, child.origin_name):
                title = n.title
        key = (paragraph_key(child.origin_name), paragraph_key(title))
        if key not in self.inferred:
            self.inferred[key] = ArticleFacts(
                id=-(len(self.inferred) + 1), publisher=child.origin_name, publisher_aliases=(),
                url="", canonical_url="", published=child.origin_date, first_seen=BACKFILL_SEEN,
                title=title, text="", inferred=True,
            )  # fmt: skip
        return self.inferred[key]

    def links(self) -> dict[int, tuple[int | tuple[str, str], LinkKind]]:
        """child -> (parent id, or the inferred original's key, kind)."""
        key_of = {f.id: key for key, f in self.inferred.items()}
        return {
            child: (key_of.get(choice.parent_id, choice.parent_id), choice.kind)
            for child, choice in self.parents.items()
            if choice is not None
        }


def stop_postings(facts: dict[int, ArticleFacts]) -> frozenset[int]:
    frequency: Counter[int] = Counter()
    for article in facts.values():
        frequency.update(fingerprint(article.text).postings)
    return frozenset(value for value, count in frequency.items() if count > POSTING_DF_CAP)


def run(corpus: Corpus, order: list[int], backfill: bool = False) -> tuple[Pipeline, float]:
    facts = build_facts(corpus, backfill)
    pipeline = Pipeline(facts, Index(stop_postings=stop_postings(facts)))
    started = time.perf_counter()
    for article_id in order:
        pipeline.ingest(article_id)
    return pipeline, time.perf_counter() - started


def published_order(corpus: Corpus) -> list[int]:
    return [
        a["id"]
        for a in sorted(
            corpus.articles, key=lambda a: (a["published"] or datetime.max.date(), a["id"])
        )
    ]


Parent = int | tuple[str, str]  # an article id, or an inferred original's key


@dataclass
class Scorer:
    """Scores predicted links against the corpus's ground truth.

    A link is correct when the child is a true copy and its predicted parent belongs to
    the child's own chain (parent accuracy then asks for the exact parent).
    """

    corpus: Corpus
    links: dict[int, tuple[Parent, LinkKind]]

    def __post_init__(self) -> None:
        every = self.corpus.articles + self.corpus.withheld
        self.chain = {a["id"]: a["chain"] for a in every}
        self.role = {a["id"]: a["role"] for a in self.corpus.articles}
        self.independents = {b for _, b in self.corpus.independent_pairs}
        self.withheld = {
            (paragraph_key(a["publisher"]), paragraph_key(a["title"])): a["id"]
            for a in self.corpus.withheld
        }

    def parent(self, child: int) -> int | None:
        parent = self.links[child][0]
        return self.withheld.get(parent) if isinstance(parent, tuple) else parent

    def correct(self, child: int) -> bool:
        if child not in self.links or child not in self.corpus.links:
            return False
        parent = self.parent(child)
        return self.chain.get(parent) == self.chain[child] and parent not in self.independents

    def exact(self, child: int) -> bool:
        return self.correct(child) and self.parent(child) == self.corpus.links[child].parent_id

    def precision(self, kinds: set[LinkKind]) -> tuple[float, int]:
        predicted = [c for c, (_, kind) in self.links.items() if kind in kinds]
        return _share([self.correct(c) for c in predicted]), len(predicted)

    def recall(self, roles: tuple[str, ...]) -> tuple[float, int]:
        children = [c for c in self.corpus.links if self.role[c].startswith(roles)]
        return _share([self.correct(c) for c in children]), len(children)

    def independents_linked(self) -> int:
        parents = {self.parent(c) for c in self.links}
        return len(self.independents & (set(self.links) | parents))

    def report(self) -> tuple[list[str], bool]:
        near_p, near_links = self.precision({LinkKind.VERBATIM, LinkKind.EDITED})
        ex_p, ex_links = self.precision({LinkKind.EXCERPT})
        near_r, near_n = self.recall(NEAR_DUPLICATE_ROLES)
        ex_r, ex_n = self.recall(("excerpt",))
        ex20, _ = self.recall(("excerpt-20",))
        ex40, _ = self.recall(("excerpt-40",))
        found = [c for c in self.corpus.links if self.correct(c)]
        accuracy = _share([self.exact(c) for c in found])
        kinds = _share([self.links[c][1] == self.corpus.links[c].kind for c in found])
        linked = self.independents_linked()
        originals = sum(self.role.get(c) == "original" for c in self.links)
        lines = [
            f"near-duplicates  precision {near_p:.3f} ({near_links} links)  "
            f"recall {near_r:.3f} ({near_n} copies)",
            f"excerpts         precision {ex_p:.3f} ({ex_links} links)  recall {ex_r:.3f} "
            f"({ex_n} copies; 20%: {ex20:.3f}, 40%: {ex40:.3f})",
            f"independent reports linked {linked} (of {len(self.independents)})",
            f"originals given a parent   {originals}",
            f"parent accuracy  {accuracy:.3f} ({sum(map(self.exact, found))}/{len(found)})"
            f"   kind agreement {kinds:.3f}",
        ]
        misses = [
            f"  {self.role[c]:<22} child {c} -> "
            f"{self.links[c][0] if c in self.links else 'none'} (truth {link.parent_id})"
            for c, link in sorted(self.corpus.links.items())
            if not self.exact(c)
        ]
        if misses:
            lines += ["wrong or missing:", *misses[:25]]
        met = (
            min(near_p, near_r) >= 0.99
            and min(ex_r, ex20) >= 0.95
            and linked == 0
            and originals == 0
            and accuracy >= 0.95
        )
        return lines, met


NEAR_DUPLICATE_ROLES = ("repost", "crosspost", "spun")


def _share(flags: list[bool]) -> float:
    return sum(flags) / len(flags) if flags else 1.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--chains", type=int, default=50)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--backfill", action="store_true", help="first_seen carries no order (bulk import)"
    )
    args = parser.parse_args()
    corpus = generate(args.chains, args.seed)
    print(
        f"{len(corpus.articles)} articles, {len(corpus.links)} copies, "
        f"{len(corpus.withheld)} originals withheld, "
        f"{len(corpus.independent_pairs)} independent reports"
    )
    shuffled_order = [a["id"] for a in corpus.articles]
    random.Random(args.seed + 1).shuffle(shuffled_order)
    results = []
    for name, order in (
        ("published order", published_order(corpus)),
        ("shuffled order", shuffled_order),
    ):
        pipeline, seconds = run(corpus, order, args.backfill)
        lines, met = Scorer(corpus, pipeline.links()).report()
        print(f"\n{name} ({seconds:.1f}s, {pipeline.candidates_checked} candidate pairs compared)")
        print("\n".join(lines))
        results.append((pipeline.links(), met))
    same = results[0][0] == results[1][0]
    print(f"\nsame links in both orders: {same}")
    print("GOALS MET" if same and all(met for _, met in results) else "GOALS NOT MET")


if __name__ == "__main__":
    main()
