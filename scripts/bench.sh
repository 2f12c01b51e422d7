#!/usr/bin/env bash
# Runs a benchmark on SQLite and on a throwaway PostgreSQL: ./scripts/bench.sh auth|ledger|leads|webhooks|engine|reports
# (BENCH_ROWS=... for leads; BENCH_EVENTS, BENCH_WORKERS, BENCH_RATE for webhooks; BENCH_CALLS, BENCH_LEADS, BENCH_ENGINE=processing|campaign for engine; BENCH_CALLS, BENCH_CLIENTS for reports)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
WHAT=${1:-ledger}
ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 || { apt-get update -qq; DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null; }
PG_DURABLE=1 . "$ROOT/scripts/postgres.sh"
dotnet build bench/ConvoMono.Bench -c Release -v quiet -nologo >/dev/null
dotnet bench/ConvoMono.Bench/bin/Release/net10.0/ConvoMono.Bench.dll "$WHAT" sqlite
dotnet bench/ConvoMono.Bench/bin/Release/net10.0/ConvoMono.Bench.dll "$WHAT" postgres "$PG_CONNECTION"
