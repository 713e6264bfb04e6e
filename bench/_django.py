"""Start Django for a benchmark on a throwaway database of its own.

SQLite in a temporary folder unless --database-url names PostgreSQL, in which case the
named database is dropped and created afresh. Tasks run in-process (no broker), so the
figures are the pipeline's own cost, without queueing.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def setup(database_url: str = "") -> str:
    sys.path.insert(0, str(ROOT))
    os.environ["DJANGO_SETTINGS_MODULE"] = "provenance.settings"
    os.environ["PROVENANCE_ALLOW_INSECURE_KEY"] = "1"
    os.environ["CELERY_BROKER_URL"] = ""
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    if database_url:
        _recreate_postgres(database_url)
        os.environ["DATABASE_URL"] = database_url
        label = "PostgreSQL"
    else:
        os.environ.pop("DATABASE_URL", None)
        os.environ["SQLITE_PATH"] = str(Path(tempfile.mkdtemp()) / "bench.sqlite3")
        label = "SQLite"
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    return label


def reset() -> None:
    """A fresh database again, as after setup(): drop and recreate it, then migrate.

    For a benchmark that makes several runs in one process (settings are read once).
    """
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connections

    connections.close_all()
    if settings.DATABASES["default"]["ENGINE"].endswith("postgresql"):
        _recreate_postgres(os.environ["DATABASE_URL"])
    else:
        Path(settings.DATABASES["default"]["NAME"]).unlink(missing_ok=True)
    call_command("migrate", verbosity=0)


def _recreate_postgres(url: str) -> None:
    import dj_database_url
    import psycopg2

    cfg = dj_database_url.parse(url)
    conn = psycopg2.connect(
        host=cfg["HOST"],
        port=cfg["PORT"] or 5432,
        user=cfg["USER"],
        password=cfg["PASSWORD"] or None,
        dbname="postgres",
    )
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute(f'DROP DATABASE IF EXISTS "{cfg["NAME"]}"')
        cur.execute(f'CREATE DATABASE "{cfg["NAME"]}"')
    conn.close()
