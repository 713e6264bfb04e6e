"""Server-side prepared statements for the query every linked article runs.

Planning the candidate lookup costs PostgreSQL about half a millisecond, a third of the
lookup itself; prepared once per database session, it is planned once. psycopg2 does
not prepare on its own, so this does, and remembers per physical connection what the
session holds (a prepared statement lives as long as its session and survives
rollbacks). What it remembers is read from the server when a session is first used and
after any failure, so an interrupted PREPARE or a ``DEALLOCATE`` cannot leave it wrong.
A pooler in transaction mode (PgBouncer's default) would hand the session to others:
run the workers against PostgreSQL directly or in session mode.
"""

from __future__ import annotations

from collections.abc import Mapping

import xxhash
from django.db import connection


def execute(cursor, name: str, sql: str, types: Mapping[str, str], params: Mapping) -> None:
    """Run ``sql``, whose ``%(key)s`` placeholders are ``types``' keys, as a prepared
    statement on PostgreSQL (prepared on first use in this session); as plain SQL
    elsewhere. The statement's name carries a digest of its text, so a changed text
    is never run under an old plan."""
    if connection.vendor != "postgresql":
        cursor.execute(sql, params)
        return
    body = sql
    for number, key in enumerate(types, start=1):
        body = body.replace(f"%({key})s", f"${number}")
    if "%" in body:
        raise ValueError(f"{name}: a placeholder not in types, or a literal %, is left")
    name = f"{name}_{xxhash.xxh32_hexdigest(body.encode())}"
    placeholders = ", ".join(["%s"] * len(types))
    try:
        here = _prepared_here(cursor)
        if name not in here:
            cursor.execute(f"PREPARE {name} ({', '.join(types.values())}) AS {body}")
            here.add(name)
        cursor.execute(f"EXECUTE {name} ({placeholders})", [params[key] for key in types])
    except BaseException:
        connection._provenance_prepared = None  # read again from the server next time
        raise


def _prepared_here(cursor) -> set[str]:
    """Names prepared in the current session, read from the server when the physical
    connection is new or after a failure."""
    raw = connection.connection
    state = getattr(connection, "_provenance_prepared", None)
    if state is None or state[0] is not raw:
        cursor.execute("SELECT name FROM pg_prepared_statements")
        state = connection._provenance_prepared = (raw, {row[0] for row in cursor.fetchall()})
    return state[1]
