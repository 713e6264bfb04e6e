"""`make run`'s path: SQLite and in-process tasks, with no database or broker URL.

The rest of the suite runs on PostgreSQL, so this is where the SQLite branches run for
real: packed key arrays, the JSON lookup, index rows deleted by the ORM signal.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

REPORT = """
import json
from provenance.models import BandKey, Fingerprint, Link, Posting
from provenance.services import candidate_ids
from sources.models import Article

links = {l.child.url.rsplit("/", 1)[-1]: l.parent.url.rsplit("/", 1)[-1]
         for l in Link.objects.active().select_related("child", "parent")}
parents_found = all(l.parent_id in candidate_ids(l.child) for l in Link.objects.active())
gone = Link.objects.active().first().child
Article.objects.filter(pk=gone.pk).delete()
print(json.dumps({
    "links": links,
    "parents_found": parents_found,
    "fingerprints": Fingerprint.objects.count(),
    "orphans": BandKey.objects.filter(article_id=gone.pk).count()
        + Posting.objects.filter(article_id=gone.pk).count(),
    "bands": BandKey.objects.count(),
}))
"""


def manage(*args: str, env: dict[str, str]) -> str:
    done = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def test_sample_corpus_links_on_sqlite_with_in_process_tasks(tmp_path):
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("DATABASE_URL", "CELERY_BROKER_URL", "CACHE_URL")
    }
    env |= {
        "SECRET_KEY": "test-only-key-for-the-sqlite-run",
        "SQLITE_PATH": str(tmp_path / "provenance.sqlite3"),
        "PROVENANCE_SEMANTIC": "0",
    }

    manage("migrate", "--noinput", env=env)
    manage("ingest", "samples/pages", "--jsonl", "samples/articles.jsonl", env=env)
    report = json.loads(manage("shell", "-c", REPORT, env=env).strip().splitlines()[-1])

    assert report["links"]["04-tidewaternotes-repost.html"].endswith("crosspost.html")
    assert report["links"]["05-maritimebrief-excerpt.html"]
    assert "06-kelvalepost-independent.html" not in report["links"]
    assert report["parents_found"]
    assert report["orphans"] == 0 and report["bands"] > 0
