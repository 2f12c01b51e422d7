# Sourced by test.sh and bench.sh: starts a throwaway PostgreSQL cluster in a temp directory on a free loopback
# port (removed at exit) and sets PG_CONNECTION.
PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
PGDIR=$(mktemp -d /tmp/convomono-pg.XXXXXX)
chmod 755 "$PGDIR"
PGUSER_OS=$(id -un)
if [ "$(id -u)" = 0 ]; then chown postgres "$PGDIR"; PGUSER_OS=postgres; fi
as_pg() { if [ "$PGUSER_OS" = postgres ] && [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
PORT=55432
while (exec 3<>/dev/tcp/127.0.0.1/$PORT) 2>/dev/null; do PORT=$((PORT + 1)); done
stop_pg() {
  as_pg "$PGBIN/pg_ctl" -D "$PGDIR/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$PGDIR"
}
trap stop_pg EXIT
as_pg "$PGBIN/initdb" -D "$PGDIR/data" -A trust -U postgres --no-sync >/dev/null
# Tests trade durability for speed; PG_DURABLE=1 (benchmarks) keeps PostgreSQL's default fsync and commit settings.
DURABILITY="-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
[ "${PG_DURABLE:-0}" = 1 ] && DURABILITY=""
as_pg "$PGBIN/pg_ctl" -D "$PGDIR/data" -w -l "$PGDIR/postgres.log" -o \
  "-p $PORT -k $PGDIR -c listen_addresses=127.0.0.1 $DURABILITY -c max_connections=300" \
  start >/dev/null
echo "== PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$PORT"
PG_CONNECTION="Host=127.0.0.1;Port=$PORT;Username=postgres;Database=postgres"
