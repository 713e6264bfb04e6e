"""Candidate lookup latency on an index that bench/index.py left behind.

    python bench/index.py --articles 500000          # builds provenance_bench_index
    python bench/lookup.py --articles 500000         # re-times lookups on it

Looks up random indexed articles through provenance.services.candidate_ids and prints
p50/p99 in milliseconds, after a short warm-up.
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
    from provenance.services import candidate_ids
    from sources.models import Article

    ids = random.Random(1).sample(range(1, args.articles + 1), args.lookups + 20)
    articles = [Article(pk=pk) for pk in ids]
    for article in articles[:20]:
        candidate_ids(article)
    times = []
    for article in articles[20:]:
        start = time.perf_counter()
        candidate_ids(article)
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    p50, p99 = times[len(times) // 2], times[int(len(times) * 0.99)]
    print(
        f"lookup p50 {p50:.2f} ms, p99 {p99:.2f} ms over {len(times)} lookups "
        f"({p99 / 5:.2f}x the 5 ms p99 goal)"
    )


if __name__ == "__main__":
    main()
