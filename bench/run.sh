#!/usr/bin/env bash
# One command per scenario: builds in Release, starts what the scenario needs (a throwaway PostgreSQL, the server on
# a free port with its own journal and a signing key of its own), mints an admin token with that key, runs the
# scenario against the server with its pid and the token, and stops it all again. With --url (and --token), it runs
# the scenario against a server of yours instead and starts none. The campaign scenario kills and restarts the
# server itself: run.sh hands it the server's command line, environment and journal instead of starting it.
# usage: bench/run.sh <ingest|freshness|fanout|country|storage|campaign> [--storage sqlite|postgres|memory] [--registry PATH]
#                     [--url URL --token TOKEN] [bench options...]   (run from the repository root; bench/README.md)
set -euo pipefail
cd "$(dirname "$0")/.."
scenario=${1:?usage: bench/run.sh <scenario> [--storage sqlite|postgres|memory] [--registry PATH] [--url URL --token TOKEN] [bench options...]}
shift
storage=sqlite
storage_given=
registry=
url=
token=
bench_args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --storage) storage=${2:?--storage needs sqlite, postgres or memory}; storage_given=1; shift 2 ;;
    --registry) registry=${2:?--registry needs a manifest path}; shift 2 ;;
    --url) url=${2:?--url needs the address of a server}; shift 2 ;;
    --token) token=${2:?--token needs a bearer token}; shift 2 ;;
    *) bench_args+=("$1"); shift ;;
  esac
done
case "$storage" in
  sqlite) provider=Sqlite ;; postgres) provider=PostgreSql ;; memory) provider=Memory ;;
  *) echo "bench/run.sh: --storage '$storage' is not sqlite, postgres or memory" >&2; exit 2 ;;
esac
if [ -n "$token" ] && [ -z "$url" ]; then
  # The server started here signs with a key made for this run: no token from elsewhere is valid there.
  echo "bench/run.sh: --token is for a server of yours (--url); for the server it starts, run.sh mints one" >&2
  exit 2
fi
if [ "$scenario" = campaign ] && [ -n "$url" ]; then
  echo "bench/run.sh: campaign kills and restarts the server it runs on, so it runs on one run.sh starts, never on a server of yours (--url)" >&2
  exit 2
fi
if [ "$scenario" = campaign ] && [ "$storage" = memory ]; then
  echo "bench/run.sh: campaign restarts the server after its rounds, and a memory journal does not survive that: use sqlite or postgres" >&2
  exit 2
fi
if [ -n "$url" ] && [ -n "$storage_given" ] && [ "$scenario" != storage ]; then
  echo "bench/run.sh: --storage is for the server run.sh starts; a server of yours (--url) keeps its own" >&2
  exit 2
fi

work=$(mktemp -d /tmp/canvass-bench.XXXXXX)
server_pid=
. scripts/services.sh
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null || true
  services_stop || true
  rm -rf "$work"
}
trap cleanup EXIT

if [ -z "$url" ]; then
  dotnet build -c Release src/Silo -v quiet -nologo >"$work/build.log" || { cat "$work/build.log"; exit 1; }
fi
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

if [ -n "$url" ]; then
  [ -n "$token" ] && bench_args+=(--token "$token")
  dotnet bench/bin/Release/net10.0/Canvass.Bench.dll "$scenario" --url "$url" "${bench_args[@]}"
  exit $?
fi

# A key for this run alone, in the environment of the server and the token command rather than on a command line,
# which any user of the machine can read. The token is an admin's of the registry's root: it may both submit and
# read, and admin is exempt from the rate limits (a screener's token would be held to 50 writes a second).
key=$(head -c 32 /dev/urandom | base64)
root=4403
if [ -n "$registry" ]; then
  root=$(python3 -c 'import re, sys; print(re.search(r"\"root\"\s*:\s*\{[^}]*?\"id\"\s*:\s*\"([^\"]+)\"", open(sys.argv[1], encoding="utf-8").read()).group(1))' "$registry")
fi
token=$(Auth__SigningKey=$key dotnet src/Silo/bin/Release/net10.0/Canvass.Silo.dll token --role admin --unit "$root" --subject bench \
  ${registry:+"--Registry:Path=$(realpath "$registry")"} 2>"$work/token.log") || { cat "$work/token.log"; exit 1; }

port=$(services_free_port)
# /metrics is served on the management port only, never on the API's.
management=$(services_free_port)
# Free silo ports too, so that a run does not collide with another server on this machine.
args=(--urls "http://127.0.0.1:$port" --Management:Urls="http://127.0.0.1:$management"
  --Silo:SiloPort="$(services_free_port)" --Silo:GatewayPort="$(services_free_port)"
  --Storage:Provider="$provider" --Storage:SqlitePath="$work/canvass.db")
[ -n "$postgres" ] && args+=("--Storage:PostgreSqlConnectionString=$postgres")
[ -n "$registry" ] && args+=("--Registry:Path=$(realpath "$registry")")
server=(dotnet src/Silo/bin/Release/net10.0/Canvass.Silo.dll "${args[@]}")
if [ "$scenario" = campaign ]; then
  # The bench starts the server from this command line, kills it with SIGKILL and starts it again on the same
  # journal; the key reaches it through the bench's environment, so the one token stays valid across restarts.
  journal=(--journal "$work/canvass.db")
  [ -n "$postgres" ] && journal=(--postgres "$postgres")
  echo "server: started by the bench on port $port, storage $storage; log $work/server.log"
  Auth__SigningKey=$key dotnet bench/bin/Release/net10.0/Canvass.Bench.dll campaign --url "http://127.0.0.1:$port" --metrics-url "http://127.0.0.1:$management" --token "$token" "${journal[@]}" \
    --server-log "$work/server.log" "${bench_args[@]}" -- "${server[@]}"
  exit $?
fi
Auth__SigningKey=$key "${server[@]}" >"$work/server.log" 2>&1 &
server_pid=$!
echo "server: pid $server_pid on port $port, storage $storage${registry:+, registry $registry}; log $work/server.log"
until [ "$scenario" = country ] || curl -sf "http://127.0.0.1:$port/health/ready" >/dev/null; do
  kill -0 "$server_pid" 2>/dev/null || { echo "the server exited:"; tail -20 "$work/server.log"; exit 1; }
  sleep 0.5
done
# Ready means the start-up rebuild of the tree has finished too (the warm-up retries until it does).
if [ "$scenario" != country ]; then
  until grep -q 'rebuilt from the journal' "$work/server.log"; do
    kill -0 "$server_pid" 2>/dev/null || { echo "the server exited:"; tail -20 "$work/server.log"; exit 1; }
    sleep 0.5
  done
  grep -h 'rebuilt from the journal' "$work/server.log" | tail -1 || true
fi

dotnet bench/bin/Release/net10.0/Canvass.Bench.dll "$scenario" --url "http://127.0.0.1:$port" --metrics-url "http://127.0.0.1:$management" --token "$token" --server-pid "$server_pid" "${bench_args[@]}"
exit $?
