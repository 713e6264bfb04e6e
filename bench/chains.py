"""Republication chains through the real services and database.

Generates a corpus with known chains (bench/corpus.py) and ingests every page with
``sources.services.article_ingest``, then fingerprints and links it with
``provenance.services.article_process``: once in publication order and once in a
shuffled order, each on a fresh database. The active ``Link`` rows are read back,
mapped to corpus ids through the row stored for each URL, and scored with
bench/chains_pure.py's ``Scorer``: precision
and recall of copy links (near-duplicates and excerpts apart), independent reports
linked (must be 0), parent accuracy; and whether withheld originals were inferred. A
copy whose true parent was withheld counts as correct when it links to an inferred
original of that publisher.

    python bench/chains.py                      # 60 chains, SQLite
    python bench/chains.py --database-url postgres://postgres@127.0.0.1:5432/provenance_bench_chains

Titles go in as the `ingest` command passes them from the corpus's JSON Lines export
(--without-titles: none, the extractor derives them). Attribution extraction (spaCy) is
left out unless --full-pipeline: it does not change links and would dominate the time.
The last line sums up every figure.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import _django
from bench.corpus import Corpus, generate

Parent = int | tuple[str, str]  # a corpus id, or the key the Scorer resolves to a withheld one


@dataclass
class Run:
    """What one ingest order left in the database, in corpus ids."""

    label: str
    seconds: float = 0.0
    links: dict[int, tuple[Parent, object]] = field(default_factory=dict)  # child -> (parent, kind)
    rows: dict[int, object] = field(default_factory=dict)  # child -> Link row, for evidence
    db_ids: dict[int, int] = field(default_factory=dict)  # corpus id -> Article.pk
    inferred_lines: list[str] = field(default_factory=list)
    details: list[str] = field(default_factory=list)
    withheld_copies: tuple[int, int] = (0, 0)  # linked to the right inferred original, of all


def _progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _raw(article: dict, *, titles: bool):
    from sources.readers import RawDocument

    published = article["published"]
    return RawDocument(
        url=article["url"],
        content=article["text"],
        content_type="text/plain",
        title=article["title"] if titles else "",
        publisher=article["publisher"],
        published=published.isoformat() if published else "",
        seen=article["seen"].isoformat(),
    )


def ingest(
    corpus: Corpus, order: list[int], run: Run, *, full_pipeline: bool, titles: bool = True
) -> None:
    """Ingest in ``order``; provenance runs in-process after each page, as a worker would.

    Records which row each corpus article became (the row stored for its URL).
    """
    from provenance.services import article_process
    from sources import services

    by_id = {a["id"]: a for a in corpus.articles}
    saved = services._after_article_saved
    if not full_pipeline:
        # Attribution would run too; call the provenance steps ourselves so their
        # errors surface (eager Celery tasks swallow them).
        services._after_article_saved = lambda article_id: None
    try:
        started = time.perf_counter()
        for done, corpus_id in enumerate(order, start=1):
            outcome = services.article_ingest(raw=_raw(by_id[corpus_id], titles=titles))
            run.db_ids[corpus_id] = outcome.article.pk
            if outcome.changed and not full_pipeline:
                article_process(article_id=outcome.article.pk)
            if done % 50 == 0 or done == len(order):
                elapsed = time.perf_counter() - started
                _progress(f"  {done}/{len(order)} ingested ({done / elapsed:.1f}/s)")
        run.seconds = time.perf_counter() - started
    finally:
        services._after_article_saved = saved


def _withheld_key(article: dict) -> tuple[str, str]:
    """The key chains_pure.Scorer resolves to a withheld original."""
    from provenance.compare import paragraph_key

    return paragraph_key(article["publisher"]), paragraph_key(article["title"])


def _names(publisher, name: str) -> bool:
    from provenance.parent import same_name

    return any(same_name(name, own) for own in publisher.all_names())


def read_links(corpus: Corpus, run: Run) -> None:
    """Active links as child -> (parent, kind) in corpus ids."""
    from provenance.compare import LinkKind
    from provenance.models import Link

    corpus_id = {pk: cid for cid, pk in run.db_ids.items()}
    chain = {a["id"]: a["chain"] for a in corpus.articles}
    withheld = defaultdict(list)
    for article in corpus.withheld:
        withheld[article["chain"]].append(article)
    for link in Link.objects.active().select_related("parent__publisher"):
        child = corpus_id[link.child_id]
        parent: Parent
        if link.parent.inferred:
            publisher = link.parent.publisher
            named = [w for w in withheld[chain[child]] if _names(publisher, w["publisher"])]
            parent = _withheld_key(named[0]) if named else ("inferred", link.parent.url)
        else:
            parent = corpus_id[link.parent_id]
        kind = LinkKind(link.kind) if link.kind in LinkKind._value2member_map_ else LinkKind.EDITED
        run.links[child] = (parent, kind)
        run.rows[child] = link


def check_inferred(corpus: Corpus, run: Run) -> None:
    """Were the withheld originals inferred, and do their copies hang from them?"""
    from sources.models import Article

    corpus_id = {pk: cid for cid, pk in run.db_ids.items()}
    chain = {a["id"]: a["chain"] for a in corpus.articles}
    chains_of: dict[int, set[int]] = {}
    publisher_of, url_of = {}, {}
    for original in Article.objects.filter(inferred=True).select_related("publisher"):
        children = original.child_links.exclude(status="rejected").values_list("child", flat=True)
        chains_of[original.pk] = {chain[corpus_id[pk]] for pk in children}
        publisher_of[original.pk], url_of[original.pk] = original.publisher, original.url

    def inferred_for(w: dict) -> list[int]:
        return [
            pk
            for pk, chains in chains_of.items()
            if w["chain"] in chains and _names(publisher_of[pk], w["publisher"])
        ]

    found = [w for w in corpus.withheld if inferred_for(w)]
    twice = [w for w in corpus.withheld if len(inferred_for(w)) > 1]
    mixed = [pk for pk, chains in chains_of.items() if len(chains) > 1]
    withheld_chains = {w["chain"] for w in corpus.withheld}
    stray = sum(not chains & withheld_chains for chains in chains_of.values())
    key_of = {w["id"]: _withheld_key(w) for w in corpus.withheld}
    copies = [c for c, link in corpus.links.items() if link.parent_id in key_of]
    right = sum(run.links.get(c, (None,))[0] == key_of[corpus.links[c].parent_id] for c in copies)
    run.withheld_copies = (right, len(copies))
    run.inferred_lines = [
        f"inferred originals {len(found)}/{len(corpus.withheld)} withheld originals inferred "
        f"({len(twice)} more than once); {len(chains_of)} inferred articles ({len(mixed)} with "
        f"copies from several chains, {stray} in chains whose original was ingested)",
        f"copies of withheld originals linked to their inferred original {right}/{len(copies)}",
        *(
            f"  inferred twice: #{w['id']} {w['publisher']} as "
            + ", ".join(url_of[pk] for pk in inferred_for(w))
            for w in twice
        ),
        *(f"  several chains: {url_of[pk]} chains {sorted(chains_of[pk])}" for pk in mixed),
    ]


def explain(corpus: Corpus, run: Run, scorer, limit: int) -> None:
    """Concrete failures: role, what it linked to, the truth, the link's evidence, and
    for a wrong or missing link whether the index found the true parent and how the
    texts overlap."""
    from provenance.compare import classify
    from provenance.parent import compare_facts
    from provenance.services import candidate_ids, prepare
    from sources.models import Article

    articles = {a["id"]: a for a in corpus.articles + corpus.withheld}
    truth, independents = corpus.links, {b for _, b in corpus.independent_pairs}

    def describe(corpus_id: Parent | None) -> str:
        if isinstance(corpus_id, tuple):
            return f"inferred {corpus_id[0]!r}" if corpus_id[0] != "inferred" else "stray inferred"
        if corpus_id is None:
            return "nothing"
        a = articles[corpus_id]
        withheld = " (withheld)" if corpus_id not in run.db_ids else ""
        return f"#{corpus_id} {a['role']} {a['publisher']}{withheld}"

    failures = sorted(
        [c for c in truth if not scorer.exact(c)] + [c for c in run.links if c not in truth]
    )
    run.details = [f"failures ({len(failures)}):"] if failures else []
    for child in failures[:limit]:
        a = articles[child]
        got = run.links.get(child, (None, None))
        want = truth[child].parent_id if child in truth else None
        tag = " INDEPENDENT" if child in independents else ""
        kind = f" as {got[1].value}" if got[1] else ""
        truth_kind = truth[child].kind if child in truth else "no parent"
        run.details.append(
            f"  {a['role']:<20} #{child} {a['publisher']}{tag}: linked to "
            f"{describe(got[0])}{kind}; truth {describe(want)} ({truth_kind})"
        )
        row = run.rows.get(child)
        if row is not None:
            run.details.append(f"      evidence: {' | '.join(row.evidence)}")
        if want is not None and want in run.db_ids:
            article = Article.objects.select_related("publisher").get(pk=run.db_ids[child])
            parent = Article.objects.select_related("publisher").get(pk=run.db_ids[want])
            found = run.db_ids[want] in candidate_ids(article)
            overlap = compare_facts(prepare(article).facts, prepare(parent).facts)
            run.details.append(
                f"      truth parent among index candidates: {'yes' if found else 'NO'}; "
                f"overlap jaccard {overlap.jaccard:.2f}, child in parent {overlap.a_in_b:.2f}, "
                f"parent in child {overlap.b_in_a:.2f} -> {classify(overlap).value}"
            )
    if len(failures) > limit:
        run.details.append(f"  ... and {len(failures) - limit} more (--show N)")


def _differences(corpus: Corpus, runs: list[Run], children: list[int]) -> list[str]:
    """Each link that differs between the orders: the child's role, and per order the
    parent, the kind and the evidence."""
    articles = {a["id"]: a for a in corpus.articles}
    lines = []
    for child in children:
        a = articles[child]
        truth = corpus.links.get(child)
        lines.append(
            f"  {a['role']:<20} #{child} {a['publisher']}; truth "
            + (f"#{truth.parent_id} ({truth.kind})" if truth else "no parent")
        )
        for run in runs:
            parent, kind = run.links.get(child, (None, None))
            row = run.rows.get(child)
            shown = f"#{parent}" if isinstance(parent, int) else str(parent)
            lines.append(
                f"      {run.label}: {shown} as {getattr(kind, 'value', kind)}"
                + (f" — {' | '.join(row.evidence)}" if row is not None else "")
            )
    return lines


def run_order(corpus: Corpus, label: str, order: list[int], args: argparse.Namespace) -> Run:
    _progress(f"{label}: ingesting {len(order)} articles")
    run = Run(label=label)
    ingest(corpus, order, run, full_pipeline=args.full_pipeline, titles=not args.without_titles)
    read_links(corpus, run)
    check_inferred(corpus, run)
    return run


_FIGURES = [
    ("near P", r"near-duplicates\s+precision ([\d.]+)"),
    ("R", r"near-duplicates.*recall ([\d.]+)"),
    ("excerpts P", r"excerpts\s+precision ([\d.]+)"),
    ("R", r"excerpts.*recall ([\d.]+)"),
    ("20%", r"20%: ([\d.]+)"),
    ("40%", r"40%: ([\d.]+)"),
    ("independents linked", r"independent reports linked (\d+)"),
    ("originals linked", r"originals given a parent\s+(\d+)"),
    ("parent accuracy", r"parent accuracy\s+([\d.]+)"),
]


def _brief(run: Run, lines: list[str]) -> str:
    """The figures of the Scorer's lines on one line (its wording parsed, not re-scored)."""
    text = "\n".join(lines)
    parts = []
    for name, pattern in _FIGURES:
        match = re.search(pattern, text)
        parts.append(f"{name} {match.group(1) if match else '?'}")
    right, total = run.withheld_copies
    return f"{run.label}: {' '.join(parts)} withheld-copies→inferred {right}/{total}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--chains", type=int, default=60)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--database-url", default="", help="PostgreSQL URL (dropped and recreated)")
    parser.add_argument(
        "--full-pipeline", action="store_true", help="keep the after-ingest hook (attribution too)"
    )
    parser.add_argument("--without-titles", action="store_true", help="ingest with no title")
    parser.add_argument("--show", type=int, default=12, help="failures to list per order")
    args = parser.parse_args()
    backend = _django.setup(args.database_url)

    from bench.chains_pure import Scorer, published_order

    corpus = generate(args.chains, args.seed)
    print(
        f"{backend}; {len(corpus.articles)} articles, {len(corpus.links)} copies, "
        f"{len(corpus.withheld)} originals withheld, {len(corpus.independent_pairs)} independent "
        f"reports (chains {args.chains}, seed {args.seed}; "
        f"{'no titles' if args.without_titles else 'titles given'})"
    )
    shuffled = [a["id"] for a in corpus.articles]
    random.Random(args.seed + 1).shuffle(shuffled)
    runs, scores = [], []
    for label, order in (
        ("published order", published_order(corpus)),
        ("shuffled order", shuffled),
    ):
        if runs:
            _django.reset()
        run = run_order(corpus, label, order, args)
        scorer = Scorer(corpus, run.links)
        lines, met = scorer.report()
        explain(corpus, run, scorer, args.show)
        rate = len(order) / run.seconds
        print(f"\n{label} ({run.seconds:.1f}s, {rate:.1f} articles/s)")
        print("\n".join([*lines[:5], *run.inferred_lines, *run.details]))
        runs.append(run)
        scores.append((lines, met))
    differing = sorted(
        c
        for c in set(runs[0].links) | set(runs[1].links)
        if runs[0].links.get(c) != runs[1].links.get(c)
    )
    differ = len(differing)
    print(f"\nlinks that differ between the two orders: {differ}")
    print("\n".join(_differences(corpus, runs, differing[: args.show])))
    met = all(met for _, met in scores) and differ == 0
    summary = " | ".join(_brief(run, lines) for run, (lines, _) in zip(runs, scores, strict=True))
    print(f"SUMMARY {backend}: {summary} | orders differ on {differ} links | "
          f"{'GOALS MET' if met else 'GOALS NOT MET'}")  # fmt: skip


if __name__ == "__main__":
    main()
