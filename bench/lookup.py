"""Candidate lookup latency on an index that bench/index.py left behind.

    python bench/index.py --articles 500000          # builds provenance_bench_index
    python bench/lookup.py --articles 500000         # re-times lookups on it

Looks up random indexed articles through provenance.services.candidate_ids and prints
p50/p99 in milliseconds, after a short warm-up; each article is also looked up with the
statement sent unprepared (planned on every call), in random order within the pair so
neither way gets the warmer cache, as the baseline.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--database-url", default="postgres://postgres@127.0.0.1:5432/provenance_bench_index"
    )
    parser.add_argument("--articles", type=int, default=500_000, help="articles in the index")
    parser.add_argument("--lookups", type=int, default=1000)
    args = parser.parse_args()
    os.environ.update(
        DJANGO_SETTINGS_MODULE="provenance.settings",
        CELERY_BROKER_URL="",
        PROVENANCE_ALLOW_INSECURE_KEY="1",
        DATABASE_URL=args.database_url,
    )
    import django

    django.setup()
    from provenance import prepared
    from provenance.services import candidate_ids
    from sources.models import Article

    def unprepared(cursor, name, sql, types, params) -> None:
        cursor.execute(sql, params)

    ways = {"prepared": prepared.execute, "unprepared": unprepared}
    rng = random.Random(1)
    ids = rng.sample(range(1, args.articles + 1), args.lookups + 20)
    articles = [Article(pk=pk) for pk in ids]
    for article in articles[:20]:
        candidate_ids(article)
    times: dict[str, list[float]] = {way: [] for way in ways}
    for article in articles[20:]:
        for way in rng.sample(list(ways), len(ways)):
            prepared_execute, prepared.execute = prepared.execute, ways[way]
            try:
                start = time.perf_counter()
                candidate_ids(article)
                times[way].append((time.perf_counter() - start) * 1000)
            finally:
                prepared.execute = prepared_execute
    for way, spent in times.items():
        spent.sort()
        p50, p99 = spent[len(spent) // 2], spent[int(len(spent) * 0.99)]
        print(
            f"lookup {way:10} p50 {p50:.2f} ms, p99 {p99:.2f} ms over {len(spent)} lookups "
            f"({p99 / 5:.2f}x the 5 ms p99 goal)"
        )


if __name__ == "__main__":
    main()
