#!/usr/bin/env bash
# Full-restart recovery: load the embedded host with the ingest scenario, SIGKILL it, start it again, and time
# until GET /api/units/4403 answers exactly what it answered before the kill.
# usage: bench/restart.sh [Sqlite|PostgreSql] [PostgreSQL connection string]   (run from the repository root)
set -euo pipefail
cd "$(dirname "$0")/.."
provider=${1:-Sqlite}
postgres=${2:-}
. scripts/services.sh
work=$(mktemp -d /tmp/canvass-restart.XXXXXX)
url=http://127.0.0.1:$(services_free_port)
args=(--urls "$url" --Silo:SiloPort="$(services_free_port)" --Silo:GatewayPort="$(services_free_port)"
  --Storage:Provider="$provider" --Storage:SqlitePath="$work/canvass.db")
[ -n "$postgres" ] && args+=("--Storage:PostgreSqlConnectionString=$postgres")
server_pid=
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

dotnet build -c Release src/Silo >/dev/null
dotnet build -c Release bench >/dev/null
# Both starts sign with this run's key, so that the token minted once is valid after the restart too. It is in the
# environment rather than on a command line, which any user of the machine can read (see bench/run.sh).
key=$(head -c 32 /dev/urandom | base64)
token=$(Auth__SigningKey=$key dotnet src/Silo/bin/Release/net10.0/Canvass.Silo.dll token --role admin --unit 4403 --subject bench 2>"$work/token.log") \
  || { cat "$work/token.log"; exit 1; }
city() { curl -s -H "Authorization: Bearer $token" "$url/api/units/4403"; }
start_server() {
  Auth__SigningKey=$key dotnet src/Silo/bin/Release/net10.0/Canvass.Silo.dll "${args[@]}" >>"$work/server.log" 2>&1 &
  server_pid=$!
  until curl -sf "$url/health/ready" >/dev/null; do
    kill -0 "$server_pid" 2>/dev/null || { echo "the server exited:"; tail -20 "$work/server.log"; exit 1; }
    sleep 0.2
  done
}

start_server
dotnet bench/bin/Release/net10.0/Canvass.Bench.dll ingest --url "$url" --token "$token" --duration 20 --warmup 5 --batch 1000 \
  --out "$work/ingest.json" | grep -E 'acknowledged reports|accepted / duplicate'
sleep 3
before=$(city)
echo "before the kill: $before"
kill -9 "$server_pid"
wait "$server_pid" 2>/dev/null || true

began=$(date +%s.%N)
start_server
until [ "$(city)" = "$before" ]; do sleep 0.2; done
ended=$(date +%s.%N)
echo "$provider: the city is exactly as before $(echo "$ended - $began" | bc) s after the restart began (process start included)"
grep -h 'rebuilt from the journal' "$work/server.log" | tail -1
