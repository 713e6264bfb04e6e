"""The copy-detection index in PostgreSQL at scale: bulk load, insert rate, lookup latency.

    python bench/index.py --articles 20000      # 1-1.5 minutes on 2 cores
    python bench/index.py                       # 1,000,000: ~12 GB, 20-25 minutes on 2 cores

(a) Bulk load: synthetic texts (300-900 words drawn from a Zipf-like vocabulary of 30,000
made-up words, 5% near-copies of earlier texts) are fingerprinted with
``provenance.fingerprint.fingerprint`` in batches on every core, and the article,
fingerprint, band-key and posting rows go in with COPY ... FREEZE in one transaction,
secondary indexes, foreign keys and the index tables' primary keys dropped and rebuilt
afterwards (timed apart), then ANALYZE. Series-boilerplate paragraph rows are not loaded:
lookups do not read them (so inserts here write their paragraph keys into a small table).
(b) Insert rate: new articles stored one per transaction with
``provenance.services.article_fingerprint``, as a live worker does, and as many again in
transactions of --insert-batch with ``articles_fingerprint``, as a bulk import would, each
with where the time goes and the CPU (client and PostgreSQL backend) an article costs.
(c) Lookup latency: ``provenance.services.candidate_ids`` for indexed articles, half of
them near-copies, with the recall of the known source among the candidates.

The database (--database-url) is dropped and recreated. Progress goes to stderr; the
figures and their ratio to the goals go to stdout.
"""

from __future__ import annotations

import argparse
import io
import os
import random
import shutil
import sys
import time
from collections import deque
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import _django

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/provenance_bench_index"
VOCABULARY = 30_000
MIN_WORDS, MAX_WORDS = 300, 900
COPY_SHARE = 0.05
INSERT_GOAL = 1_000.0  # articles/s on one core
LOOKUP_P99_GOAL_MS = 5.0
# Measured (tables, TOAST, indexes: 15.4 kB at 20,000 and 250,000 articles), rounded up: a load
# that cannot fit is refused before it starts.
BYTES_PER_ARTICLE = 16_000
TABLES = ("sources_article", "provenance_fingerprint", "provenance_bandkey", "provenance_posting")

_STARTED = time.perf_counter()


def _progress(message: str) -> None:
    print(f"[{time.perf_counter() - _STARTED:5.0f}s] {message}", file=sys.stderr, flush=True)


def _ratio(value: float, goal: float) -> str:
    return f"{value / goal:.2f}x goal"


# --- synthetic texts ----------------------------------------------------------------------


class Synth:
    """Seeded texts: article ``i`` is always the same text, so workers need no shared state.

    A near-copy regenerates its source and edits it: a header line, up to 4% of words
    replaced, a short cut, a credit line (Jaccard about 0.65-0.95).
    """

    def __init__(self, seed: int) -> None:
        self.seed = seed
        rng = random.Random(seed)
        syllables = [c + v for c in "bcdfghklmnprstvz" for v in "aeiou"] + ["qu", "th", "sh"]
        words: dict[str, None] = {}
        while len(words) < VOCABULARY:
            length = rng.choice((1, 2, 2, 3, 3, 4))
            words["".join(rng.choice(syllables) for _ in range(length))] = None
        # Short words are the frequent ones, as in real text.
        self.words = np.array(sorted(words, key=len))
        weights = 1.0 / np.arange(1, VOCABULARY + 1)
        self.cdf = np.cumsum(weights / weights.sum())

    def source_of(self, i: int) -> int | None:
        rng = np.random.default_rng([self.seed, i])
        return int(rng.integers(0, i)) if i > 0 and rng.random() < COPY_SHARE else None

    def text(self, i: int) -> str:
        rng = np.random.default_rng([self.seed, i])
        if i > 0 and rng.random() < COPY_SHARE:
            return self.near_copy(self.text(int(rng.integers(0, i))), rng)
        return self.fresh(rng)

    def _draw(self, rng: np.random.Generator, n: int) -> list[str]:
        index = np.searchsorted(self.cdf, rng.random(n), side="right")
        return self.words[np.minimum(index, VOCABULARY - 1)].tolist()

    def fresh(self, rng: np.random.Generator) -> str:
        n = int(rng.integers(MIN_WORDS, MAX_WORDS + 1))
        tokens = self._draw(rng, n)
        ends = np.cumsum(rng.integers(8, 26, size=n // 8 + 1))
        for number, end in enumerate(ends[ends < n - 1]):
            tokens[end] += ".\n\n" if number % 3 == 2 else "."
        return " ".join(tokens) + "."

    def near_copy(self, source: str, rng: np.random.Generator) -> str:
        tokens = source.split(" ")
        edits = int(rng.integers(0, max(2, len(tokens) // 25)))
        for position, word in zip(
            rng.integers(0, len(tokens), size=edits), self._draw(rng, edits), strict=True
        ):
            tokens[position] = word
        cut = int(rng.integers(0, 16))
        start = int(rng.integers(0, len(tokens) - cut))
        del tokens[start : start + cut]
        header = " ".join(["posted", "by", *self._draw(rng, 3)])
        credit = " ".join(["source", *self._draw(rng, 2)])
        return f"{header}.\n\n{' '.join(tokens)}\n\n{credit}."

    @staticmethod
    def published(i: int) -> date:
        return date(2020, 1, 1) + timedelta(days=(i * 7919) % 2000)


# --- bulk load ----------------------------------------------------------------------------


def _copy_text(value: str) -> str:
    """A value in COPY's text format."""
    return (
        value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
    )


@dataclass
class Batch:
    articles: int
    data: dict[str, bytes]  # table -> COPY text rows
    rows: dict[str, int]


_SYNTH: Synth | None = None  # set before the pool forks; workers inherit them
_PUBLISHERS: list[tuple[int, str]] = []
_COLUMNS: dict[str, list[str]] = {}  # table -> the columns COPY fills, in order


def _article_row(pk: int, body: str, digest: str, i: int) -> dict[str, str]:
    """Every column of a stored article (no database defaults: Django sets them)."""
    publisher_id, domain = _PUBLISHERS[(i * 31) % len(_PUBLISHERS)]
    day = Synth.published(i).isoformat()
    stamp = f"{day} 08:00:00+00"
    return {
        "id": str(pk),
        "url": f"https://{domain}/news/{pk}",
        "title": f"Article {pk}",
        "title_derived": "f",
        "published": day,
        "published_source": "given",
        "fetched_at": stamp,
        "first_seen": stamp,
        "language": "en",
        "text": _copy_text(body),
        "boilerplate": "[]",
        "quotations": "[]",
        "published_at": "\\N",
        "raw_content_type": "text/plain",
        "content_hash": digest,
        "origin_date": "\\N",
        "origin_evidence": "[]",
        "inferred": "f",
        "updated": stamp,
        "publisher_id": str(publisher_id),
        # canonical_url, subtitle, byline, raw, origin_name, origin_url: ""
    }


def _fingerprint_row(pk: int, print_, digest: str, i: int) -> dict[str, str]:
    from provenance.services import array_literal

    signature = print_.signature.astype(np.uint64).tobytes().hex()
    bands, hashes = dict.fromkeys(print_.band_keys), dict.fromkeys(print_.postings)
    return {
        "article_id": str(pk),
        "content_hash": digest,
        "words": str(print_.word_count),
        "postings": str(len(hashes)),
        "signature": f"\\\\x{signature}",
        "bands": array_literal(tuple(bands)),
        "hashes": array_literal(tuple(hashes)),
        "created": f"{Synth.published(i).isoformat()} 08:00:00+00",
    }


def _line(table: str, values: dict[str, str]) -> str:
    return "\t".join(values.get(column, "") for column in _COLUMNS[table]) + "\n"


def _rows(table: str, rows) -> str:
    return "".join(_line(table, values) for values in rows)


def build_batch(bounds: tuple[int, int]) -> Batch:
    """Fingerprint articles ``start..stop-1`` (ids start+1..) and render their rows."""
    from provenance.fingerprint import fingerprint
    from sources.services import content_hash

    assert _SYNTH is not None
    out = {table: io.StringIO() for table in TABLES}
    rows = dict.fromkeys(TABLES, 0)
    for i in range(*bounds):
        pk = i + 1
        body = _SYNTH.text(i).strip()  # Article.body_text() with no boilerplate spans
        print_ = fingerprint(body)
        digest = content_hash(body)
        out["sources_article"].write(_line("sources_article", _article_row(pk, body, digest, i)))
        out["provenance_fingerprint"].write(
            _line("provenance_fingerprint", _fingerprint_row(pk, print_, digest, i))
        )
        keys = set(print_.band_keys)
        out["provenance_bandkey"].write(
            _rows("provenance_bandkey", ({"key": str(k), "article_id": str(pk)} for k in keys))
        )
        postings = set(print_.postings)
        out["provenance_posting"].write(
            _rows("provenance_posting", ({"hash": str(h), "article_id": str(pk)} for h in postings))
        )
        rows["sources_article"] += 1
        rows["provenance_fingerprint"] += 1
        rows["provenance_bandkey"] += len(keys)
        rows["provenance_posting"] += len(postings)
    data = {table: buffer.getvalue().encode() for table, buffer in out.items()}
    return Batch(articles=bounds[1] - bounds[0], data=data, rows=rows)


_FILLED = {
    "sources_article": {
        "id", "url", "canonical_url", "title", "title_derived", "subtitle", "byline",
        "published", "published_source", "fetched_at", "first_seen", "language", "text",
        "boilerplate", "quotations", "published_at", "raw", "raw_content_type", "content_hash",
        "origin_name", "origin_url", "origin_date", "origin_evidence", "inferred", "updated",
        "publisher_id",
    },
    "provenance_fingerprint": {
        "article_id", "content_hash", "words", "postings", "signature", "bands", "hashes",
        "created",
    },
    "provenance_bandkey": {"key", "article_id"},
    "provenance_posting": {"hash", "article_id"},
}  # fmt: skip


def copy_columns(cursor) -> dict[str, list[str]]:
    """The columns COPY fills, from the live schema; refuses a NOT NULL column it cannot
    fill (a migration added one), since Django defaults are not database defaults."""
    columns: dict[str, list[str]] = {}
    for table in TABLES:
        cursor.execute(
            "SELECT column_name, is_nullable = 'NO' AND column_default IS NULL "
            "AND is_identity = 'NO' FROM information_schema.columns "
            "WHERE table_name = %s ORDER BY ordinal_position",
            [table],
        )
        found = cursor.fetchall()
        unknown = [name for name, required in found if required and name not in _FILLED[table]]
        if unknown:
            sys.exit(f"{table} has NOT NULL columns bench/index.py does not fill: {unknown}")
        columns[table] = [name for name, _ in found if name in _FILLED[table]]
    return columns


@dataclass
class Schema:
    """Secondary indexes and constraints of the loaded tables, to drop and rebuild: the
    primary keys too where no foreign key needs them (the index tables' composite keys,
    their only B-trees)."""

    indexes: list[tuple[str, str]]  # name, CREATE INDEX statement
    uniques: list[tuple[str, str, str]]  # table, name, definition
    foreign_keys: list[tuple[str, str, str]]


def read_schema(cursor) -> Schema:
    tables = list(TABLES)
    cursor.execute(
        """
        SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid)
        FROM pg_index i
        WHERE i.indrelid = ANY(%s::regclass[]) AND NOT i.indisprimary
          AND NOT EXISTS (SELECT 1 FROM pg_constraint c
                          WHERE c.conindid = i.indexrelid AND c.contype IN ('p', 'u', 'x'))
        """,
        [tables],
    )
    indexes = cursor.fetchall()
    cursor.execute(
        """
        SELECT c.conrelid::regclass::text, c.conname, pg_get_constraintdef(c.oid)
            -- the index's storage parameters (fillfactor), which the definition omits
            || CASE WHEN c.contype IN ('p', 'u') AND i.reloptions IS NOT NULL
                    THEN ' WITH (' || array_to_string(i.reloptions, ', ') || ')' ELSE '' END,
            c.contype
        FROM pg_constraint c LEFT JOIN pg_class i ON i.oid = c.conindid
        WHERE c.conrelid = ANY(%s::regclass[]) AND (
            c.contype IN ('u', 'f') OR c.contype = 'p' AND NOT EXISTS (
                SELECT 1 FROM pg_constraint f WHERE f.contype = 'f' AND f.confrelid = c.conrelid
            )
        )
        """,
        [tables],
    )
    constraints = cursor.fetchall()
    return Schema(
        indexes=indexes,
        uniques=[(t, n, d) for t, n, d, kind in constraints if kind in "up"],
        foreign_keys=[(t, n, d) for t, n, d, kind in constraints if kind == "f"],
    )


def drop_schema(cursor, schema: Schema) -> None:
    for table, name, _ in schema.foreign_keys + schema.uniques:
        cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
    for name, _ in schema.indexes:
        cursor.execute(f"DROP INDEX {name}")


def rebuild_schema(cursor, schema: Schema) -> dict[str, float]:
    """Indexes and unique constraints, then foreign keys (validated): seconds per table."""
    cursor.execute("SET maintenance_work_mem = '1GB'")
    cursor.execute(f"SET max_parallel_maintenance_workers = {max(0, (os.cpu_count() or 1) - 1)}")
    spent: dict[str, float] = {}
    statements = [(sql.split(" ON ")[1].split()[0], sql) for _, sql in schema.indexes]
    statements += [(t, f'ALTER TABLE {t} ADD CONSTRAINT "{n}" {d}') for t, n, d in schema.uniques]
    statements += [
        (t, f'ALTER TABLE {t} ADD CONSTRAINT "{n}" {d}') for t, n, d in schema.foreign_keys
    ]
    for table, sql in statements:
        started = time.perf_counter()
        cursor.execute(sql)
        seconds = time.perf_counter() - started
        table = table.removeprefix("public.")
        spent[table] = spent.get(table, 0.0) + seconds
        _progress(f"  {seconds:6.1f}s {sql[:110]}")
    return spent


def _make_publishers(count: int) -> list[tuple[int, str]]:
    from sources.models import Publisher

    Publisher.objects.bulk_create(
        [
            Publisher(name=f"Publisher {k}", slug=f"publisher-{k}", domain=f"publisher{k}.example")
            for k in range(count)
        ]
    )
    return list(Publisher.objects.order_by("pk").values_list("pk", "domain"))


@dataclass
class Load:
    seconds: float
    copy_seconds: float  # of ``seconds``, the loading process waiting on COPY
    index_seconds: float
    analyze_seconds: float
    rows: dict[str, int]
    index_by_table: dict[str, float]

    def lines(self, articles: int) -> list[str]:
        total = self.seconds + self.index_seconds + self.analyze_seconds
        rows = ", ".join(f"{t.split('_', 1)[1]} {n:,}" for t, n in self.rows.items())
        tables = ", ".join(f"{t.split('_', 1)[1]} {s:.0f}s" for t, s in self.index_by_table.items())
        return [
            f"bulk load      {articles / total:,.0f} articles/s overall ({total:.0f}s in all)",
            f"  load         {articles / self.seconds:,.0f} articles/s fingerprinting on all cores "
            f"and COPY ... FREEZE ({self.seconds:.0f}s, {self.copy_seconds:.0f}s of it waiting "
            f"on COPY)",
            f"  index build  {self.index_seconds:.0f}s after the load ({tables}); "
            f"ANALYZE {self.analyze_seconds:.0f}s",
            f"  rows         {rows}",
        ]


def bulk_load(args: argparse.Namespace) -> Load:
    import multiprocessing

    import psycopg2
    from django.db import connections

    global _SYNTH, _PUBLISHERS, _COLUMNS
    _SYNTH = Synth(args.seed)
    _PUBLISHERS = _make_publishers(max(10, min(2_000, args.articles // 500)))
    connections.close_all()  # the workers fork from here: no shared connection

    conn = psycopg2.connect(args.database_url)
    cursor = conn.cursor()
    _COLUMNS = copy_columns(cursor)
    schema = read_schema(cursor)
    drop_schema(cursor, schema)
    conn.commit()

    bounds = [(s, min(s + args.batch, args.articles)) for s in range(0, args.articles, args.batch)]
    rows = dict.fromkeys(TABLES, 0)
    started = last = time.perf_counter()
    done, copy_seconds = 0, 0.0

    def copy(batch: Batch) -> None:
        nonlocal done, copy_seconds
        copy_started = time.perf_counter()
        for table in TABLES:
            sql = f"COPY {table} ({', '.join(_COLUMNS[table])}) FROM STDIN WITH (FREEZE)"
            cursor.copy_expert(sql, io.BytesIO(batch.data[table]), size=1 << 20)
            rows[table] += batch.rows[table]
        copy_seconds += time.perf_counter() - copy_started
        done += batch.articles

    with multiprocessing.get_context("fork").Pool(args.workers) as pool:
        # One transaction that truncated the tables lets COPY FREEZE write frozen,
        # all-visible rows: index-only scans work without a VACUUM first.
        cursor.execute("SET synchronous_commit = off")
        cursor.execute(f"TRUNCATE {', '.join(TABLES)} CASCADE")
        pending: deque = deque()
        for item in bounds:
            pending.append(pool.apply_async(build_batch, (item,)))
            if len(pending) < 3 * args.workers:
                continue  # a few batches in flight: enough to keep every core busy
            copy(pending.popleft().get())
            if time.perf_counter() - last > 10:
                last = time.perf_counter()
                rate = done / (last - started)
                left = (args.articles - done) / rate
                _progress(f"  loaded {done:,}/{args.articles:,} ({rate:,.0f}/s, {left:,.0f}s left)")
        while pending:
            copy(pending.popleft().get())
        conn.commit()
    load_seconds = time.perf_counter() - started
    _progress(f"  loaded {done:,} articles in {load_seconds:.0f}s; rebuilding indexes")

    started = time.perf_counter()
    index_by_table = rebuild_schema(cursor, schema)
    conn.commit()
    index_seconds = time.perf_counter() - started
    cursor.execute(
        "SELECT setval(pg_get_serial_sequence('sources_article', 'id'), "
        "(SELECT max(id) FROM sources_article))"
    )
    conn.commit()
    started = time.perf_counter()
    cursor.execute(f"ANALYZE {', '.join(TABLES)}")
    conn.commit()
    analyze_seconds = time.perf_counter() - started
    conn.close()
    return Load(load_seconds, copy_seconds, index_seconds, analyze_seconds, rows, index_by_table)


def report_sizes(articles: int) -> tuple[float, list[str]]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname, pg_total_relation_size(oid), pg_indexes_size(oid) FROM pg_class "
            "WHERE relname = ANY(%s)",
            [list(TABLES)],
        )
        sizes = {name: (total, indexes) for name, total, indexes in cursor.fetchall()}
        cursor.execute("SHOW data_directory")
        data_dir = cursor.fetchone()[0]
    total = sum(t for t, _ in sizes.values())
    per = total / articles
    parts = ", ".join(
        f"{name.split('_', 1)[1]} {t / 1e9:.2f} GB (indexes {i / 1e9:.2f})"
        for name, (t, i) in sizes.items()
    )
    try:
        free = shutil.disk_usage(data_dir).free
    except OSError:
        free = shutil.disk_usage("/").free
    return per, [
        f"database size  {total / 1e9:.2f} GB = {per / 1e3:.1f} kB/article ({parts})",
        f"  at 1M        {per * 1e6 / 1e9:.1f} GB projected; {free / 1e9:.0f} GB free on the "
        f"database disk",
    ]


# --- inserts and lookups -------------------------------------------------------------------


class QueryClock:
    """Time spent inside cursor.execute (server work and the round trip), per query."""

    def __init__(self) -> None:
        self.seconds: list[float] = []
        self.sql: list[str] = []

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.seconds.append(time.perf_counter() - started)
            self.sql.append(sql or "")


def _backend_cpu_seconds() -> float | None:
    """CPU time of this connection's PostgreSQL backend (same machine only)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def create_new_articles(args: argparse.Namespace, synth: Synth) -> list[tuple[object, int | None]]:
    """New article rows, half near-copies of loaded ones (not timed: ingest made them):
    --inserts for each of the two ways of storing them."""
    from sources.models import Article, Publisher
    from sources.services import content_hash

    rng = np.random.default_rng([args.seed, 1])
    publisher = Publisher.objects.order_by("pk").first()
    new, sources = [], []
    for j in range(2 * args.inserts):
        index = args.articles + j
        if j % 2 == 0:
            source = int(rng.integers(0, args.articles))
            text = synth.near_copy(synth.text(source), rng)
            sources.append(source + 1)
        else:
            text = synth.fresh(np.random.default_rng([args.seed, 2, j]))
            sources.append(None)
        new.append(
            Article(
                url=f"https://new.example/{index}",
                publisher=publisher,
                title=f"New {index}",
                published=Synth.published(index),
                text=text,
                content_hash=content_hash(text.strip()),
            )
        )
    created = Article.objects.bulk_create(new)
    return list(zip(created, sources, strict=True))


@dataclass
class Inserts:
    lines: list[str]
    rate: float  # articles/s, one per transaction
    batch_rate: float  # articles/s in transactions of --insert-batch


@dataclass
class StoreRun:
    """One timed way of storing articles: wall and CPU time, queries, commits."""

    articles: int
    wall: float
    cpu: float
    backend: float | None  # CPU seconds of the PostgreSQL backend, when on this machine
    queries: QueryClock
    commits: QueryClock

    @property
    def rate(self) -> float:
        return self.articles / self.wall

    def where(self, compute: float, para: float) -> str:
        """Per article: fingerprint(), paragraph keys, queries, commits, the rest (ms)."""
        n, ms = self.articles, 1e3 / self.articles
        queries, commit = sum(self.queries.seconds), sum(self.commits.seconds)
        other = self.wall - queries - commit - (compute + para) * n
        backend = "" if self.backend is None else f" (backend CPU {self.backend * ms:.2f} ms)"
        commits = (
            f"commit {commit * ms:.2f} ms"
            if self.commits.seconds
            else "commit inside the statement (autocommit)"
        )
        return (
            f"fingerprint() {compute * 1e3:.2f} ms | paragraph keys {para * 1e3:.2f} ms | "
            f"{len(self.queries.seconds) / n:.2g} queries {queries * ms:.2f} ms{backend} | "
            f"{commits} | the rest {other * ms:.2f} ms; client CPU {self.cpu * ms:.2f} ms"
        )

    def cpu_bound(self) -> str:
        """Articles per CPU-second: the rate one free core would reach (disk waits aside)."""
        if self.backend is None:
            return "backend CPU unknown (database on another machine)"
        client, backend = self.cpu / self.articles, self.backend / self.articles
        return f"{client * 1e3:.2f} + {backend * 1e3:.2f} ms = {1 / (client + backend):,.0f}/s"


def timed_store(store, articles: list) -> StoreRun:
    """Run ``store(articles)``, timing every query and commit and the CPU used."""
    from django.db import connection

    clock, commits = QueryClock(), QueryClock()
    plain_commit = connection._commit

    def timed_commit():
        return commits(lambda *_: plain_commit(), None, None, False, None)

    connection._commit = timed_commit
    backend_before = _backend_cpu_seconds()
    cpu_before = time.process_time()
    started = time.perf_counter()
    try:
        with connection.execute_wrapper(clock):
            store(articles)
    finally:
        wall = time.perf_counter() - started
        cpu = time.process_time() - cpu_before
        del connection._commit
    backend_after = _backend_cpu_seconds()
    backend = None
    if backend_before is not None and backend_after is not None:
        backend = backend_after - backend_before
    return StoreRun(len(articles), wall, cpu, backend, clock, commits)


def time_inserts(new: list[tuple[object, int | None]], batch: int) -> Inserts:
    """The first half of ``new`` one article per transaction, the second in batches; then
    fingerprint() and the paragraph keys alone, to say where the time goes."""
    from provenance import fingerprint as fp
    from provenance.services import _IndexEntry, article_fingerprint, articles_fingerprint

    articles = [article for article, _ in new]
    half = len(articles) // 2

    def one_by_one(part: list) -> None:
        for article in part:
            article_fingerprint(article=article)

    def batched(part: list) -> None:
        for start in range(0, len(part), batch):
            articles_fingerprint(articles=part[start : start + batch])

    single = timed_store(one_by_one, articles[:half])
    batches = timed_store(batched, articles[half:])

    sample = articles[:200]  # enough to say where the time goes
    started = time.perf_counter()
    for article in sample:
        fp.fingerprint(article.body_text())
    compute = (time.perf_counter() - started) / len(sample)
    started = time.perf_counter()
    for article in sample:  # fingerprint and paragraph keys, as the services compute them
        _IndexEntry.of(article)
    para = max(0.0, (time.perf_counter() - started) / len(sample) - compute)

    goal = f"of {INSERT_GOAL:,.0f}/s per core"
    return Inserts(
        [
            f"insert rate    {single.rate:,.0f} articles/s one per transaction "
            f"(article_fingerprint, as a live worker) in one process: "
            f"{1e3 / single.rate:.2f} ms each ({_ratio(single.rate, INSERT_GOAL)} {goal})",
            f"  where        {single.where(compute, para)}",
            f"batch rate     {batches.rate:,.0f} articles/s in transactions of {batch} "
            f"(articles_fingerprint, as a bulk import) in one process: "
            f"{1e3 / batches.rate:.2f} ms each ({_ratio(batches.rate, INSERT_GOAL)} {goal})",
            f"  where        {batches.where(compute, para)}",
            f"  CPU          per article, client + backend: one per transaction "
            f"{single.cpu_bound()}; batched {batches.cpu_bound()}",
        ],
        single.rate,
        batches.rate,
    )


@dataclass
class Lookups:
    lines: list[str]
    p50: float
    p99: float
    recall: float


def _step(sql: str) -> str:
    """What one of candidate_ids' queries does, told from its SQL."""
    if sql.startswith(("PREPARE", "EXECUTE")):
        return sql.split()[1].removeprefix("provenance_")  # candidate_ids' one statement
    if "provenance_bandkey" in sql:
        return "band keys"
    if "provenance_fingerprint" in sql:
        return "posting counts"
    if "HAVING" in sql:
        return "stock-phrase count"
    if "GROUP BY" in sql:
        return "shared postings"
    return "own postings" if "provenance_posting" in sql else "other"


def time_lookups(pairs: list[tuple[int, int | None]]) -> Lookups:
    """candidate_ids for each (article pk, known source pk or None)."""
    from django.db import connection

    from provenance.services import candidate_ids
    from sources.models import Article

    articles = Article.objects.only("id").in_bulk([pk for pk, _ in pairs])
    latencies, counts, found, sql_ms = [], [], [], []
    per_step: dict[str, list[float]] = {}
    for done, (pk, source) in enumerate(pairs, start=1):
        clock = QueryClock()
        with connection.execute_wrapper(clock):
            started = time.perf_counter()
            candidates = candidate_ids(articles[pk])
            latencies.append(time.perf_counter() - started)
        sql_ms.append(sum(clock.seconds) * 1e3)
        for text, seconds in zip(clock.sql, clock.seconds, strict=True):
            per_step.setdefault(_step(text), []).append(seconds * 1e3)
        counts.append(len(candidates))
        if source is not None:
            found.append(source in candidates)
        if done % 250 == 0:
            _progress(f"  {done}/{len(pairs)} lookups")
    ms = np.array(latencies) * 1e3
    sql = np.array(sql_ms)
    p50, p95, p99 = np.percentile(ms, [50, 95, 99])
    recall = sum(found) / len(found) if found else float("nan")
    steps = [
        f"{name} {np.median(t):.2f}/{np.percentile(t, 99):.2f}" for name, t in per_step.items()
    ]
    return Lookups(
        [
            f"lookup latency p50 {p50:.2f} ms, p95 {p95:.2f} ms, p99 {p99:.2f} ms, max "
            f"{ms.max():.1f} ms over {len(pairs):,} candidate_ids calls "
            f"({_ratio(p99, LOOKUP_P99_GOAL_MS)} p99 of {LOOKUP_P99_GOAL_MS:g} ms: <= 1 meets it)",
            f"  where        SQL p50 {np.median(sql):.2f} ms, the rest (ORM) p50 "
            f"{np.median(ms - sql):.2f} ms; per query p50/p99 ms: {', '.join(steps)}",
            f"lookup recall  {recall:.4f}: the source was among the candidates of {sum(found)}/"
            f"{len(found)} near-copies; {np.mean(counts):.1f} candidates per lookup",
            posting_lists([pk for pk, _ in pairs]),
        ],
        float(p50),
        float(p99),
        recall,
    )


def posting_lists(article_ids: list[int]) -> str:
    """How many rows the stock-phrase count reads: the posting lists of looked-up articles."""
    from django.db import connection

    from provenance import services

    cap = getattr(services, "FREQUENT_POSTING", None)
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT count(*), avg(n), max(n), count(*) FILTER (WHERE n > %s)
            FROM (SELECT p.hash, count(*) AS n FROM provenance_posting p
                  WHERE p.hash IN (SELECT unnest(hashes) FROM provenance_fingerprint
                                   WHERE article_id = ANY(%s))
                  GROUP BY p.hash) lists
            """,
            [cap or 0, article_ids],
        )
        hashes, mean, longest, frequent = cursor.fetchone()
    stock = f"; {frequent} on more than {cap} (stock phrases)" if cap else ""
    return (
        f"  postings     the looked-up articles' {hashes:,} sampled shingles sit on {mean:.1f} "
        f"articles on average, at most {longest:,}{stock}: every lookup counts these lists"
    )


def lookup_sample(args: argparse.Namespace, synth: Synth, new) -> list[tuple[int, int | None]]:
    """Half near-copies (loaded and newly inserted) with their source, half other articles."""
    rng = random.Random(args.seed)
    copies, others = [], []
    want = args.lookups // 2
    for i in rng.sample(range(args.articles), args.articles):
        source = synth.source_of(i)
        if source is not None and len(copies) < want:
            copies.append((i + 1, source + 1))
        elif source is None and len(others) < args.lookups - want:
            others.append((i + 1, None))
        if len(copies) >= want and len(others) >= args.lookups - want:
            break
    copies += [(a.pk, s) for a, s in new if s is not None][: want - len(copies)]
    sample = copies + others
    rng.shuffle(sample)
    return sample


def check_disk(args: argparse.Namespace) -> None:
    need = args.articles * BYTES_PER_ARTICLE
    free = shutil.disk_usage("/").free
    _progress(
        f"size check: ~{need / 1e9:.1f} GB for {args.articles:,} articles, {free / 1e9:.0f} GB free"
    )
    if need > 0.8 * free:
        sys.exit(f"{args.articles:,} articles need ~{need / 1e9:.0f} GB: {free / 1e9:.0f} GB free")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=1_000_000)
    parser.add_argument("--database-url", default=DEFAULT_URL, help="dropped and recreated")
    parser.add_argument("--inserts", type=int, default=1_000, help="for each way of storing")
    parser.add_argument("--insert-batch", type=int, default=100, help="articles per transaction")
    parser.add_argument("--lookups", type=int, default=1_000)
    parser.add_argument("--batch", type=int, default=250, help="articles per worker task")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    if not args.database_url.startswith(("postgres://", "postgresql://")):
        parser.error("--database-url must name a PostgreSQL database")
    check_disk(args)
    load_before = os.getloadavg()[0]
    _django.setup(args.database_url)

    _progress(f"(a) bulk load of {args.articles:,} articles on {args.workers} workers")
    load = bulk_load(args)
    print(f"PostgreSQL; {args.articles:,} synthetic articles ({COPY_SHARE:.0%} near-copies), "
          f"{args.workers} workers on {os.cpu_count()} cores, seed {args.seed}")  # fmt: skip
    print("\n".join(load.lines(args.articles)))
    per, size_lines = report_sizes(args.articles)
    print("\n".join(size_lines))

    synth = Synth(args.seed)
    _progress(f"(b) {args.inserts:,} inserts one by one, {args.inserts:,} in batches")
    new = create_new_articles(args, synth)
    inserts = time_inserts(new, args.insert_batch)
    print("\n".join(inserts.lines))

    _progress(f"(c) {args.lookups:,} candidate lookups")
    lookups = time_lookups(lookup_sample(args, synth, new))
    print("\n".join(lookups.lines))
    print(f"machine        {time.perf_counter() - _STARTED:.0f}s in all; 1-minute load "
          f"average {load_before:.1f} at the start, "
          f"{os.getloadavg()[0]:.1f} at the end on {os.cpu_count()} cores (other work skews "
          f"the rates)")  # fmt: skip
    total = load.seconds + load.index_seconds + load.analyze_seconds
    print(
        f"SUMMARY {args.articles:,} articles: bulk {args.articles / total:,.0f}/s overall "
        f"({args.articles / load.seconds:,.0f}/s load + {load.index_seconds:.0f}s index build); "
        f"insert {inserts.rate:,.0f}/s one per transaction, {inserts.batch_rate:,.0f}/s in "
        f"batches of {args.insert_batch} ({_ratio(inserts.batch_rate, INSERT_GOAL)}) per core; "
        f"lookup p50 {lookups.p50:.2f} ms p99 {lookups.p99:.2f} ms "
        f"({_ratio(lookups.p99, LOOKUP_P99_GOAL_MS)}), recall {lookups.recall:.4f}; "
        f"{per / 1e3:.1f} kB/article, 1M ~{per * 1e6 / 1e9:.0f} GB"
    )


if __name__ == "__main__":
    main()
