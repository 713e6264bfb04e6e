#!/usr/bin/env bash
# Starts PostgreSQL and Redis when they are not answering, and creates the test role's
# database. The machines start both; a fresh or restarted one may not have.
set -euo pipefail
PGHOST=127.0.0.1 PGPORT=5432

pg_up() { pg_isready -q -h "$PGHOST" -p "$PGPORT" 2>/dev/null; }
redis_up() { redis-cli -h 127.0.0.1 -p 6379 ping 2>/dev/null | grep -q PONG; }

if ! pg_up; then
  echo "starting PostgreSQL" >&2
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main start || true
  for _ in $(seq 30); do pg_up && break; sleep 1; done
fi
pg_up || { echo "PostgreSQL is not answering on $PGHOST:$PGPORT" >&2; exit 1; }

if ! redis_up; then
  echo "starting Redis" >&2
  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no
  for _ in $(seq 30); do redis_up && break; sleep 1; done
fi
redis_up || { echo "Redis is not answering on 127.0.0.1:6379" >&2; exit 1; }

# The test database's maintenance database; pytest creates test_provenance itself.
psql -h "$PGHOST" -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname='provenance'" | grep -q 1 \
  || createdb -h "$PGHOST" -U postgres provenance
