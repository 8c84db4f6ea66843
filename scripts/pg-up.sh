#!/usr/bin/env bash
# Make sure a PostgreSQL server answers; print `export` lines for it.
# Usage: eval "$(scripts/pg-up.sh)"  -> DATABASE_URL (and PG_TMP_DATA when it started a throwaway one)
# Reuses a password-less server on 127.0.0.1:5432, else starts a throwaway cluster (as the postgres
# OS user when run as root: PostgreSQL refuses to run as root).
set -euo pipefail
PGBIN=${PGBIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)}
if [ -z "$PGBIN" ] || [ ! -x "$PGBIN/initdb" ]; then
  echo "pg-up: PostgreSQL server binaries not found (apt-get install -y postgresql)" >&2
  exit 1
fi
# Reuse a server only if we can log in without a password (pg_isready alone is not enough);
# PG_FORCE_THROWAWAY=1 always starts a new cluster (the database-outage test stops it).
if [ -z "${PG_FORCE_THROWAWAY:-}" ] && PGCONNECT_TIMEOUT=3 "$PGBIN/psql" -w -h 127.0.0.1 -p 5432 -U postgres -d postgres -Atqc 'select 1' >/dev/null 2>&1; then
  echo "export DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres"
  exit 0
fi
echo "pg-up: no password-less PostgreSQL on 127.0.0.1:5432; starting a throwaway cluster" >&2
id postgres >/dev/null 2>&1 || useradd --system --home-dir /nonexistent --shell /usr/sbin/nologin postgres
DATA=$(mktemp -d "${TMPDIR:-/tmp}/pgtest.XXXXXX")
PORT=${PG_PORT:-$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')}
AS_PG=(runuser -u postgres --)
if [ "$(id -u)" = 0 ]; then chown postgres:postgres "$DATA"; else AS_PG=(); fi
chmod 700 "$DATA"
"${AS_PG[@]}" "$PGBIN/initdb" -D "$DATA/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$DATA/initdb.log" 2>&1
"${AS_PG[@]}" "$PGBIN/pg_ctl" -D "$DATA/data" -l "$DATA/server.log" -w -t 60 \
  -o "-c listen_addresses=127.0.0.1 -p $PORT -k $DATA -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
  start >/dev/null
echo "export PG_TMP_DATA=$DATA/data"
echo "export DATABASE_URL=postgres://postgres@127.0.0.1:$PORT/postgres"
