#!/usr/bin/env bash
# Stop the throwaway cluster pg-up.sh started (a no-op when it reused a running server).
set -euo pipefail
[ -n "${PG_TMP_DATA:-}" ] || exit 0
PGBIN=${PGBIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)}
AS_PG=(runuser -u postgres --); [ "$(id -u)" = 0 ] || AS_PG=()
"${AS_PG[@]}" "$PGBIN/pg_ctl" -D "$PG_TMP_DATA" -m fast -w stop >/dev/null || true
rm -rf "$(dirname "$PG_TMP_DATA")"
