"""Shared fixtures: the seeds, a local web server, editors, and a real Celery worker."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT.parent / "shared" / "seeds"
FIXTURES = ROOT / "tests" / "fixtures"


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    if not SEEDS.is_dir():
        pytest.fail(f"seed files not found at {SEEDS}: the repo must sit beside shared/")
    return SEEDS


@pytest.fixture(scope="session")
def crosspost_seed(seeds_dir: Path) -> Path:
    return next(seeds_dir.glob("001_*.txt"))


@pytest.fixture(scope="session")
def blog_seed(seeds_dir: Path) -> Path:
    return next(seeds_dir.glob("000_*.txt"))


class Site:
    """A tiny local web site: tests register routes as (status, headers, body)."""

    def __init__(self) -> None:
        self.routes: dict[str, tuple[int, dict[str, str], bytes]] = {}
        self.hits: list[str] = []
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                site.hits.append(self.path)
                status, headers, body = site.routes.get(
                    self.path, (404, {"Content-Type": "text/plain"}, b"not found")
                )
                etag = headers.get("ETag")
                if etag and self.headers.get("If-None-Match") == etag:
                    status, body = 304, b""
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def add(
        self,
        path: str,
        body: bytes | str,
        *,
        status: int = 200,
        content_type: str = "text/html; charset=utf-8",
        headers: dict | None = None,
    ) -> str:
        data = body.encode("utf-8") if isinstance(body, str) else body
        self.routes[path] = (status, {"Content-Type": content_type, **(headers or {})}, data)
        return self.base + path

    def close(self) -> None:
        self.server.shutdown()


@pytest.fixture
def site(settings) -> Iterator[Site]:
    """A local web server, with fetching of loopback addresses allowed for the test."""
    settings.FETCH_ALLOW_PRIVATE = True
    server = Site()
    yield server
    server.close()


@pytest.fixture
def editor(db, django_user_model):
    from django.contrib.auth.models import Group

    from provenance.permissions import EDITORS_GROUP

    user = django_user_model.objects.create_user("edna", password="correct-horse-42")
    user.groups.add(Group.objects.get_or_create(name=EDITORS_GROUP)[0])
    return user


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


def _worker_env(db_name: str) -> dict[str, str]:
    import dj_database_url
    from django.conf import settings

    env = dict(os.environ)
    url = dj_database_url.parse(os.environ["DATABASE_URL"])
    env["DATABASE_URL"] = (
        f"postgres://{url['USER']}@{url['HOST'] or '127.0.0.1'}:{url['PORT'] or 5432}/{db_name}"
    )
    env["CELERY_BROKER_URL"] = settings.CELERY_BROKER_URL
    env["FETCH_ALLOW_PRIVATE"] = "1"
    env["PROVENANCE_ALLOW_INSECURE_KEY"] = "1"
    return env


@pytest.fixture(scope="session")
def celery_worker_process(django_db_setup, django_db_blocker) -> Iterator[subprocess.Popen]:
    """A real `celery worker` process against the test database and the real Redis."""
    from django.conf import settings
    from django.db import connection

    from provenance.celery import app

    if not settings.CELERY_BROKER_URL:
        pytest.fail("set CELERY_BROKER_URL: worker tests need the real Redis (use `make test`)")
    with django_db_blocker.unblock():
        db_name = connection.settings_dict["NAME"]
    app.control.purge()
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "provenance",
            "worker",
            "--pool=solo",
            "--loglevel=WARNING",
            "-n",
            f"test-{os.getpid()}@%h",
            "-Q",
            settings.CELERY_TASK_DEFAULT_QUEUE,
        ],
        cwd=ROOT,
        env=_worker_env(db_name),
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"celery worker exited with {proc.returncode}")
        if app.control.ping(timeout=0.5):
            break
    else:
        proc.terminate()
        pytest.fail("celery worker did not answer a ping within 60 s")
    yield proc
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()


def wait_for(predicate, *, timeout: float = 60.0, interval: float = 0.2):
    """Poll until predicate() is truthy; return its value or fail with a clear message."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    pytest.fail(f"condition not met within {timeout} s")
