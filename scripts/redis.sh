# Sourced by test.sh: starts a throwaway Redis (no persistence) on a free loopback port, stopped at exit with
# PostgreSQL (chained to postgres.sh's trap), and sets REDIS_CONNECTION.
REDIS_PORT=56379
while (exec 3<>/dev/tcp/127.0.0.1/$REDIS_PORT) 2>/dev/null; do REDIS_PORT=$((REDIS_PORT + 1)); done
redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no --daemonize yes --logfile "$PGDIR/redis.log" --dir "$PGDIR" >/dev/null
stop_redis() { redis-cli -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true; }
trap 'stop_redis; stop_pg' EXIT
for _ in $(seq 50); do redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && break; sleep 0.1; done
echo "== Redis $(redis-server --version | awk '{print $3}' | cut -d= -f2) on 127.0.0.1:$REDIS_PORT"
REDIS_CONNECTION="127.0.0.1:$REDIS_PORT"
