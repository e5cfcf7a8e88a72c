#!/usr/bin/env bash
# One command per scenario: builds in Release, starts what the scenario needs (a throwaway PostgreSQL, the server on
# a free port with its own journal), runs the scenario against it with the server's pid, and stops it all again.
# usage: bench/run.sh <ingest|freshness|fanout|country|storage> [--storage sqlite|postgres|memory] [--registry PATH]
#                     [bench options...]          (run from the repository root; bench options: bench/README.md)
set -euo pipefail
cd "$(dirname "$0")/.."
scenario=${1:?usage: bench/run.sh <scenario> [--storage sqlite|postgres|memory] [--registry PATH] [bench options...]}
shift
storage=sqlite
registry=
bench_args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --storage) storage=${2:?--storage needs sqlite, postgres or memory}; shift 2 ;;
    --registry) registry=${2:?--registry needs a manifest path}; shift 2 ;;
    *) bench_args+=("$1"); shift ;;
  esac
done
case "$storage" in
  sqlite) provider=Sqlite ;; postgres) provider=PostgreSql ;; memory) provider=Memory ;;
  *) echo "bench/run.sh: --storage '$storage' is not sqlite, postgres or memory" >&2; exit 2 ;;
esac

work=$(mktemp -d /tmp/canvass-bench.XXXXXX)
server_pid=
. scripts/services.sh
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null || true
  services_stop || true
  rm -rf "$work"
}
trap cleanup EXIT

dotnet build -c Release src/Silo -v quiet -nologo >"$work/build.log" || { cat "$work/build.log"; exit 1; }
dotnet build -c Release bench -v quiet -nologo >"$work/build.log" || { cat "$work/build.log"; exit 1; }
postgres=
if [ "$storage" = postgres ]; then
  services_start >/dev/null
  postgres=$CANVASS_TEST_POSTGRES
fi

if [ "$scenario" = storage ]; then
  [ -n "$postgres" ] && bench_args+=(--postgres "$postgres")
  dotnet bench/bin/Release/net10.0/Canvass.Bench.dll storage "${bench_args[@]}"
  exit $?
fi

# The other scenarios send reports to the Shenzhen registry's sites; only country reads the registry it runs on.
if [ -n "$registry" ] && [ "$scenario" != country ]; then
  echo "bench/run.sh: --registry is for the country scenario; the $scenario scenario uses the Shenzhen sites (--sites)" >&2
  exit 2
fi

# The country scenario times the load itself, from the server process's start, on the national registry.
if [ "$scenario" = country ]; then
  registry=${registry:-data/china/registry.json}
  bench_args+=(--registry "$registry")
fi

port=$(services_free_port)
args=(--urls "http://127.0.0.1:$port" --Storage:Provider="$provider" --Storage:SqlitePath="$work/canvass.db")
[ -n "$postgres" ] && args+=("--Storage:PostgreSqlConnectionString=$postgres")
[ -n "$registry" ] && args+=("--Registry:Path=$(realpath "$registry")")
dotnet src/Silo/bin/Release/net10.0/Canvass.Silo.dll "${args[@]}" >"$work/server.log" 2>&1 &
server_pid=$!
echo "server: pid $server_pid on port $port, storage $storage${registry:+, registry $registry}; log $work/server.log"
until [ "$scenario" = country ] || curl -sf "http://127.0.0.1:$port/health/ready" >/dev/null; do
  kill -0 "$server_pid" 2>/dev/null || { echo "the server exited:"; tail -20 "$work/server.log"; exit 1; }
  sleep 0.5
done
# Ready means the API answers; measure once the start-up rebuild of the tree has finished too.
if [ "$scenario" != country ]; then
  until grep -q 'rebuilt from the journal\|the sweep reminder will retry' "$work/server.log"; do
    kill -0 "$server_pid" 2>/dev/null || { echo "the server exited:"; tail -20 "$work/server.log"; exit 1; }
    sleep 0.5
  done
  grep -h 'rebuilt from the journal\|the sweep reminder will retry' "$work/server.log" | tail -1 || true
fi

dotnet bench/bin/Release/net10.0/Canvass.Bench.dll "$scenario" --url "http://127.0.0.1:$port" --server-pid "$server_pid" "${bench_args[@]}"
exit $?
