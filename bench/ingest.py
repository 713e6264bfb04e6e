"""Ingestion throughput: extraction alone, extraction + storage, the attribution stage
against the spaCy parse it rests on, and the whole pipeline (fingerprint, link,
attribute) on fresh text and on a corpus of copies.

    python bench/ingest.py                       # 200 articles, SQLite
    python bench/ingest.py -n 500 --database-url postgres://postgres@127.0.0.1/provenance_bench

The attribution stage (parse, rules, speaker and claim resolution, storage) on fresh
text is set against the parse alone, timed in turns article by article: the goal is at
most 1.25x its cost. Copies reuse their parent's attributions through the text
alignment instead of parsing again, so on the corpus of copies the stage should run
many times faster. The last line gives
extraction alone and end to end, in articles per second.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import _django

COPY_ROLES = {
    "original",
    "crosspost",
    "repost-plain",
    "repost-inserted",
    "repost-typo",
    "repost-untitled",
    "repost-of-crosspost",
    "spun",
}


def _documents(n: int, roles: set[str], seed: int, syndication: int = 0) -> list[dict]:
    from bench.corpus import generate

    out, chains = [], max(4, n // 3)
    while len(out) < n:
        corpus = generate(chains, seed=seed, syndication=syndication)
        out.extend(a for a in corpus.articles if a["role"] in roles)
        seed += 1000
    return out[:n]


def _raw(article: dict, tag: str):
    from sources.readers import RawDocument

    return RawDocument(
        url=f"{article['url']}-{tag}",
        content=article["text"],
        content_type="text/plain",
        publisher=article["publisher"],
        published=article["published"].isoformat() if article["published"] else "",
    )


def _rate(count: int, seconds: float) -> float:
    return count / seconds if seconds else float("inf")


def time_extraction(docs: list[dict]) -> float:
    from sources.extract import extract_document

    start = time.perf_counter()
    for doc in docs:
        extract_document(doc["text"], content_type="text/plain", url=doc["url"])
    return _rate(len(docs), time.perf_counter() - start)


def time_storage(docs: list[dict]) -> float:
    """Extraction and storage, with the later pipeline steps switched off."""
    from sources import services

    saved = services._after_article_saved
    services._after_article_saved = lambda article_id: None
    try:
        start = time.perf_counter()
        for doc in docs:
            services.article_ingest(raw=_raw(doc, "store"))
        return _rate(len(docs), time.perf_counter() - start)
    finally:
        services._after_article_saved = saved


def time_pipeline(docs: list[dict], tag: str) -> tuple[float, Split]:
    """Ingest with every step after it (fingerprint, link, attribute) run in-process."""
    from sources import services

    took: dict[int, float] = {}
    for doc in docs:
        start = time.perf_counter()
        article = services.article_ingest(raw=_raw(doc, tag)).article
        took[article.pk] = time.perf_counter() - start
    return _rate(len(took), sum(took.values())), _split(took)


@dataclass(frozen=True)
class Split:
    """Mean milliseconds per article, for the articles parsed and for the copies whose
    attributions were mapped from a parent instead."""

    parsed: int
    parsed_ms: float
    mapped_ms: float

    def __str__(self) -> str:
        if not self.mapped_ms:
            return "no copy mapped"
        return (
            f"{self.parsed_ms:.1f} ms per parsed article, {self.mapped_ms:.1f} ms per mapped "
            f"copy: {self.parsed_ms / self.mapped_ms:.1f}x cheaper"
        )


def _split(took: dict[int, float]) -> Split:
    from claims.models import Attribution

    mapped = set(
        Attribution.objects.filter(article_id__in=took)
        .exclude(copied_from=None)
        .values_list("article_id", flat=True)
    )
    parsed = [took[pk] for pk in took if pk not in mapped]
    copies = [took[pk] for pk in took if pk in mapped]
    return Split(
        parsed=len(parsed),
        parsed_ms=1000 * statistics.fmean(parsed) if parsed else 0.0,
        mapped_ms=1000 * statistics.fmean(copies) if copies else 0.0,
    )


def _stored(docs: list[dict], tag: str, *, link: bool) -> list[int]:
    """Ingest untimed, optionally fingerprinted and linked, but not yet attributed."""
    from provenance.services import article_process
    from sources import services

    saved, ids = services._after_article_saved, []
    services._after_article_saved = ids.append
    try:
        for doc in docs:
            services.article_ingest(raw=_raw(doc, tag))
    finally:
        services._after_article_saved = saved
    if link:
        for pk in ids:
            article_process(article_id=pk)
    return ids


def time_attribution(docs: list[dict], tag: str, *, link: bool) -> tuple[float, Split]:
    """The attribution stage alone, in arrival order."""
    from claims.services import article_attribute

    took: dict[int, float] = {}
    for pk in _stored(docs, tag, link=link):
        start = time.perf_counter()
        article_attribute(article_id=pk)
        took[pk] = time.perf_counter() - start
    return _rate(len(took), sum(took.values())), _split(took)


def time_stage_against_parse(docs: list[dict]) -> tuple[float, float]:
    """The attribution stage on fresh text and the spaCy parse alone, article by article
    in alternating order (rates, articles/s): this machine's speed drifts by a third
    within minutes, and timing the two in separate passes measured the drift as often
    as the code."""
    from claims.attribution import load_nlp
    from claims.services import article_attribute

    nlp = load_nlp()
    parse = stage = 0.0
    for i, (doc, pk) in enumerate(zip(docs, _stored(docs, "stage", link=False), strict=True)):
        for step in ("parse", "stage") if i % 2 else ("stage", "parse"):
            start = time.perf_counter()
            if step == "parse":
                nlp(doc["text"])
                parse += time.perf_counter() - start
            else:
                article_attribute(article_id=pk)
                stage += time.perf_counter() - start
    return _rate(len(docs), parse), _rate(len(docs), stage)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", type=int, default=200, help="articles per corpus")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--database-url", default="", help="PostgreSQL URL (dropped and recreated)")
    args = parser.parse_args()
    backend = _django.setup(args.database_url)

    fresh = _documents(args.n, {"original", "independent"}, args.seed)
    # Whole chains (original, crossposts, reposts), in publication order: copies arrive
    # after the page they copy, as they do in a live crawl. "chains" is the mix the chain
    # benchmark uses (a quarter originals); "syndicated" adds six reposts per original, a
    # corpus that is mostly copies.
    corpora = {
        "chains": _documents(args.n, COPY_ROLES, args.seed + 1),
        "syndicated": _documents(args.n, COPY_ROLES, args.seed + 2, syndication=6),
    }
    for docs in corpora.values():
        docs.sort(key=lambda d: (d["published"] or dt.date.min, d["seen"]))
    words = sum(len(d["text"].split()) for d in fresh) / len(fresh)
    originals = {name: sum(d["role"] == "original" for d in docs) for name, docs in corpora.items()}
    print(
        f"{backend}; {len(fresh)} fresh articles (mean {words:.0f} words); chain corpora of "
        + ", ".join(f"{len(corpora[n])} ({originals[n]} originals) {n}" for n in corpora)
    )

    from claims.attribution import load_nlp

    load_nlp()  # model loads are one-off start-up costs, not per article
    from claims import semantic

    if semantic.available():
        semantic.similarity("warm up", "the embedding model")
    print(f"semantic claim matching: {'on' if semantic.available() else 'off'}")
    extraction = time_extraction(fresh)
    print(f"extraction alone:                 {extraction:8.1f} articles/s")
    storage = time_storage(fresh)
    print(f"extraction + storage:             {storage:8.1f} articles/s")
    parse, stage_fresh = time_stage_against_parse(fresh)
    print(f"spaCy parse alone (fresh text):   {parse:8.1f} articles/s")
    print(
        f"attribution stage, fresh text:    {stage_fresh:8.1f} articles/s "
        f"({parse / stage_fresh:.2f}x the parse's cost; goal <= 1.25x)"
    )
    pipeline_fresh, _ = time_pipeline(fresh, "fresh")
    print(f"whole pipeline, fresh text:       {pipeline_fresh:8.1f} articles/s")
    summary = []
    for name, docs in corpora.items():
        _django.reset()  # each chain corpus on an empty database
        stage, split = time_attribution(docs, f"stage-{name}", link=True)
        print(
            f"attribution stage, {name + ':':12s}  {stage:8.1f} articles/s "
            f"({stage / stage_fresh:.1f}x fresh; {split.parsed} of {len(docs)} parsed, "
            f"the rest mapped from a parent; {split})"
        )
        _django.reset()
        pipeline, split = time_pipeline(docs, name)
        print(
            f"whole pipeline, {name + ':':12s}     {pipeline:8.1f} articles/s "
            f"({pipeline / pipeline_fresh:.1f}x fresh; {split})"
        )
        summary.append(f"{name} {stage / stage_fresh:.1f}x / {pipeline / pipeline_fresh:.1f}x")
    print(
        f"extraction alone {extraction:.1f} articles/s; attribution stage "
        f"{parse / stage_fresh:.2f}x the parse on fresh text; faster on copies (stage / "
        f"whole pipeline): {'; '.join(summary)}; end to end {pipeline_fresh:.1f} articles/s "
        f"fresh"
    )


if __name__ == "__main__":
    main()
