#!/usr/bin/env bash
# Runs ConvoMono on the embedded default: SQLite under ./data and the built-in simulators.
# Prints the URL and the admin login. Override with PORT, DATA_DIR (default ./data), Bootstrap__AdminEmail,
# Bootstrap__AdminPassword.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
DATA_DIR=${DATA_DIR:-$ROOT/data}
mkdir -p "$DATA_DIR"
PORT=${PORT:-5080}
URL="http://127.0.0.1:$PORT"

# The first super admin is created on the first start; its generated password is kept (git-ignored) in data/
# so this script can show the login every time.
if [ -z "${Bootstrap__AdminPassword:-}" ]; then
  if [ ! -s "$DATA_DIR/admin-password" ]; then
    (umask 077; printf 'Cm%s7a' "$(tr -dc 'A-Za-z0-9' </dev/urandom | head -c 14)" >"$DATA_DIR/admin-password")
  fi
  export Bootstrap__AdminPassword=$(cat "$DATA_DIR/admin-password")
fi
export Bootstrap__AdminEmail=${Bootstrap__AdminEmail:-admin@localhost}
export Database__ConnectionString=${Database__ConnectionString:-"Data Source=$DATA_DIR/convomono.db"}
export Simulator__Speed=${Simulator__Speed:-10}   # the demo plays simulated calls ten times faster
export ASPNETCORE_ENVIRONMENT=${ASPNETCORE_ENVIRONMENT:-Development}
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

echo "== building ConvoMono"
dotnet build src/ConvoMono -c Release -v quiet -nologo
cat <<BANNER

  ConvoMono is starting at  $URL
  Admin login:              $Bootstrap__AdminEmail / $Bootstrap__AdminPassword
  API docs:                 $URL/docs
  (SQLite database in $DATA_DIR/convomono.db; Retell is the built-in simulator, so nobody is called. Ctrl+C stops.)

BANNER
cd src/ConvoMono
exec dotnet bin/Release/net10.0/ConvoMono.dll --urls "$URL"
