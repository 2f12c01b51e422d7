#!/usr/bin/env bash
# Runs every test of ConvoMono on a fresh Debian machine with the .NET SDK:
# installs what the tests need (PostgreSQL, Redis, Chromium), starts a throwaway PostgreSQL and Redis on free loopback ports,
# runs all test projects (every data test on SQLite and on PostgreSQL), stops PostgreSQL and prints
# "N passed, N failed[, N skipped]".
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
LOG_DIR=${TEST_LOG_DIR:-$ROOT/artifacts/test}
mkdir -p "$LOG_DIR"
LOG=$LOG_DIR/test.log

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
apt_updated=
need_pkg() { # need_pkg <probe command> <debian package>
  if ! eval "$1" >/dev/null 2>&1; then
    if [ -z "$apt_updated" ]; then as_root apt-get update -qq; apt_updated=1; fi
    echo "== installing $2"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$2" >/dev/null
  fi
}

need_pkg 'ls /usr/lib/postgresql/*/bin/postgres' postgresql
need_pkg 'command -v redis-server' redis-server
need_pkg 'command -v chromium' chromium
need_pkg 'command -v node' nodejs
need_pkg 'command -v npm' npm

# The official provider SDKs the conformance tests drive (pinned in tests/sdk/package-lock.json).
npm ci --prefix tests/sdk --no-audit --no-fund --loglevel=error >/dev/null

. "$ROOT/scripts/postgres.sh"
export CONVOMONO_TEST_POSTGRES="$PG_CONNECTION"
. "$ROOT/scripts/redis.sh"
export CONVOMONO_TEST_REDIS="$REDIS_CONNECTION"
export CHROMIUM_PATH=${CHROMIUM_PATH:-$(command -v chromium)}
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

set +e
dotnet test --solution ConvoMono.slnx -c Release --no-progress "$@" 2>&1 | tee "$LOG"
status=${PIPESTATUS[0]}
set -e

awk '/^Test run summary/{s=1} s&&$1=="succeeded:"{p=$2} s&&$1=="failed:"{f=$2} s&&$1=="skipped:"{k=$2}
     END{ if (k > 0) printf "%d passed, %d failed, %d skipped\n", p, f, k; else printf "%d passed, %d failed\n", p, f }' "$LOG"
exit "$status"
