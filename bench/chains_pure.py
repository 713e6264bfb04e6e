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

from corpus import Corpus, generate  # noqa: E402

from provenance.compare import (  # noqa: E402
    LinkKind,
    Overlap,
    boilerplate_lines,
    classify,
    compare,
    paragraph_key,
    removed_paragraphs,
    strip_paragraphs,
)
from provenance.fingerprint import Fingerprint, fingerprint  # noqa: E402
from provenance.parent import (  # noqa: E402
    ArticleFacts,
    Candidate,
    ParentChoice,
    choose_parent,
    direction,
    names,
    same_name,
)

MIN_SHARED_POSTINGS = 2
SHORT_TEXT_POSTINGS = 8  # a text with this few postings needs only one in common
POSTING_DF_CAP = 30  # postings held by more articles are stock phrases: not evidence
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
        found |= {other for other, count in shared.items() if count >= self._need(fp, other)}
        return found

    def _need(self, fp: Fingerprint, other: int) -> int:
        """Shared postings that make a candidate; one when either text is short.

        Symmetric in the two texts, so whichever arrives second finds the first.
        """
        fewest = min(len(fp.postings), self.posting_counts[other])
        return 1 if fewest <= SHORT_TEXT_POSTINGS else MIN_SHARED_POSTINGS

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
        for a in sorted(corpus.articles, key=lambda a: (a["published"] or datetime.max.date(), a["id"]))  # noqa: E501
    ]


@dataclass
class Scores:
    lines: list[str]
    met: bool


def score(corpus: Corpus, links: dict) -> Scores:
    chain = {a["id"]: a["chain"] for a in corpus.articles + corpus.withheld}
    withheld_key = {
        (paragraph_key(a["publisher"]), paragraph_key(a["title"])): a["id"] for a in corpus.withheld
    }

    def resolve(parent: int | tuple[str, str]) -> int | None:
        return withheld_key.get(parent) if isinstance(parent, tuple) else parent

    truth = corpus.links
    independents = {b for _, b in corpus.independent_pairs}
    near = {c for c, link in truth.items() if link.kind != "excerpt"}
    excerpts = {c for c, link in truth.items() if link.kind == "excerpt"}
    roles = {a["id"]: a["role"] for a in corpus.articles}

    def correct(child: int) -> bool:
        if child not in links or child not in truth:
            return False
        parent = resolve(links[child][0])
        return parent is not None and chain.get(parent) == chain[child] and parent not in independents  # noqa: E501

    def precision(kinds: set[LinkKind]) -> tuple[float, int]:
        predicted = [c for c, (_, kind) in links.items() if kind in kinds]
        return (sum(correct(c) for c in predicted) / len(predicted) if predicted else 1.0), len(predicted)  # noqa: E501

    def recall(children: set[int]) -> float:
        return sum(correct(c) for c in children) / len(children) if children else 1.0

    near_p, near_n = precision({LinkKind.VERBATIM, LinkKind.EDITED})
    ex_p, ex_n = precision({LinkKind.EXCERPT})
    near_r, ex_r = recall(near), recall(excerpts)
    ex20 = recall({c for c in excerpts if roles[c] == "excerpt-20"})
    ex40 = recall({c for c in excerpts if roles[c] == "excerpt-40"})
    linked_independent = {c for c in links if c in independents} | {
        resolve(p) for p, _ in links.values() if resolve(p) in independents
    }
    found = [c for c in truth if correct(c)]
    exact = [c for c in found if resolve(links[c][0]) == truth[c].parent_id]
    accuracy = len(exact) / len(found) if found else 1.0
    kind_ok = sum(links[c][1].value == truth[c].kind for c in found) / len(found) if found else 1.0
    originals_linked = [c for c in links if roles.get(c) == "original"]
    met = (
        near_p >= 0.99 and near_r >= 0.99 and ex_r >= 0.95 and ex20 >= 0.95
        and not linked_independent and accuracy >= 0.95
    )  # fmt: skip
    lines = [
        f"near-duplicates  precision {near_p:.3f} ({near_n} links)  recall {near_r:.3f} ({len(near)} copies)",  # noqa: E501
        f"excerpts         precision {ex_p:.3f} ({ex_n} links)  recall {ex_r:.3f} ({len(excerpts)} copies; 20%: {ex20:.3f}, 40%: {ex40:.3f})",  # noqa: E501
        f"independent reports linked {len(linked_independent)} (of {len(independents)})",
        f"originals given a parent   {len(originals_linked)}",
        f"parent accuracy  {accuracy:.3f} ({len(exact)}/{len(found)})   kind agreement {kind_ok:.3f}",  # noqa: E501
    ]
    misses = [
        f"  {roles[c]:<22} child {c} -> {links.get(c, ('none',))[0]} (truth {truth[c].parent_id})"
        for c in sorted(truth)
        if not correct(c) or resolve(links[c][0]) != truth[c].parent_id
    ]
    return Scores(lines + (["wrong or missing:", *misses[:25]] if misses else []), met)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--chains", type=int, default=50)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--backfill", action="store_true", help="first_seen carries no order (bulk import)"
    )
    args = parser.parse_args()
    corpus = generate(args.chains, args.seed)
    print(f"{len(corpus.articles)} articles, {len(corpus.links)} copies, "
          f"{len(corpus.withheld)} originals withheld, {len(corpus.independent_pairs)} independent reports")  # noqa: E501  # fmt: skip
    ordered, seconds = run(corpus, published_order(corpus), args.backfill)
    result = score(corpus, ordered.links())
    print(f"\npublished order ({seconds:.1f}s, {ordered.candidates_checked} candidate pairs compared)")  # noqa: E501
    print("\n".join(result.lines))
    shuffled_order = [a["id"] for a in corpus.articles]
    random.Random(args.seed + 1).shuffle(shuffled_order)
    shuffled, seconds = run(corpus, shuffled_order, args.backfill)
    shuffled_result = score(corpus, shuffled.links())
    print(f"\nshuffled order ({seconds:.1f}s)")
    print("\n".join(shuffled_result.lines[:5]))
    same = ordered.links() == shuffled.links()
    print(f"\nsame links in both orders: {same}")
    print("GOALS MET" if result.met and shuffled_result.met and same else "GOALS NOT MET")


if __name__ == "__main__":
    main()
