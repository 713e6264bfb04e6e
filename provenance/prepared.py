"""Server-side prepared statements for the query every linked article runs.

Planning the candidate lookup costs PostgreSQL about half a millisecond, a fifth of the
lookup itself; prepared once per database session, it is planned once. psycopg2 does
not prepare on its own, so this does, and remembers per physical connection what it
prepared (a prepared statement lives as long as its session, and survives rollbacks).
A pooler in transaction mode (PgBouncer's default) would hand the session to others:
run the workers against PostgreSQL directly or in session mode.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.db import connection


def execute(cursor, name: str, sql: str, types: Mapping[str, str], params: Mapping) -> None:
    """Run ``sql``, whose ``%(key)s`` placeholders are ``types``' keys, as the prepared
    statement ``name`` on PostgreSQL (preparing it on first use in this session); as
    plain SQL elsewhere."""
    if connection.vendor != "postgresql":
        cursor.execute(sql, params)
        return
    prepared = _prepared_here()
    if name not in prepared:
        body = sql
        for number, key in enumerate(types, start=1):
            body = body.replace(f"%({key})s", f"${number}")
        cursor.execute(f"PREPARE {name} ({', '.join(types.values())}) AS {body}")
        prepared.add(name)
    placeholders = ", ".join(["%s"] * len(types))
    cursor.execute(f"EXECUTE {name} ({placeholders})", [params[key] for key in types])


def _prepared_here() -> set[str]:
    """Names prepared in the current session: a new physical connection starts empty."""
    raw = connection.connection
    state = getattr(connection, "_provenance_prepared", None)
    if state is None or state[0] is not raw:
        state = connection._provenance_prepared = (raw, set())
    return state[1]
