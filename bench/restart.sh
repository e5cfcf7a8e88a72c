#!/usr/bin/env bash
# Full-restart recovery: load the embedded host with the ingest scenario, SIGKILL it, start it again, and time
# until GET /api/units/4403 answers exactly what it answered before the kill.
# usage: bench/restart.sh [Sqlite|PostgreSql] [PostgreSQL connection string]   (run from the repository root)
set -euo pipefail
provider=${1:-Sqlite}
postgres=${2:-}
work=$(mktemp -d /tmp/canvass-restart.XXXXXX)
args=(--urls http://127.0.0.1:5000 --Storage:Provider="$provider" --Storage:SqlitePath="$work/canvass.db")
[ -n "$postgres" ] && args+=("--Storage:PostgreSqlConnectionString=$postgres")

dotnet build -c Release src/Silo >/dev/null
dotnet build -c Release bench >/dev/null
start_server() {
  dotnet run -c Release --no-build --project src/Silo -- "${args[@]}" >>"$work/server.log" 2>&1 &
  until curl -sf http://127.0.0.1:5000/health/ready >/dev/null; do sleep 0.2; done
}

start_server
dotnet run -c Release --no-build --project bench -- ingest --duration 20 --warmup 5 --batch 1000 --out "$work/ingest.json" \
  | grep -E 'acknowledged reports|accepted / duplicate'
sleep 3
before=$(curl -s http://127.0.0.1:5000/api/units/4403)
echo "before the kill: $before"
pkill -9 -f 'net10.0/Canvass.Silo --urls http://127.0.0.1:5000'
sleep 1

began=$(date +%s.%N)
start_server
until [ "$(curl -s http://127.0.0.1:5000/api/units/4403)" = "$before" ]; do sleep 0.2; done
ended=$(date +%s.%N)
echo "$provider: the city is exactly as before $(echo "$ended - $began" | bc) s after the restart began (process start included)"
grep -h 'rebuilt from the journal' "$work/server.log" | tail -1
pkill -f 'net10.0/Canvass.Silo --urls http://127.0.0.1:5000'
rm -rf "$work"
