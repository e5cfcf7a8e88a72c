#!/usr/bin/env bash
# Runs every test of the solution and ends with one line: "N passed, N failed".
# Extra arguments go to dotnet test (for example --filter).
set -uo pipefail
cd "$(dirname "$0")/.."

# The tests need a real PostgreSQL and Redis; start throwaway ones unless the caller provides them.
if [ -z "${CANVASS_TEST_POSTGRES:-}" ] || [ -z "${CANVASS_TEST_REDIS:-}" ]; then
  . scripts/services.sh
  services_start || { echo "0 passed, 1 failed"; exit 1; }
  trap services_stop EXIT
fi

results=TestResults
rm -rf "$results"
dotnet test Orleans.sln --logger "trx" --results-directory "$results" "$@"
status=$?

passed=0
failed=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")
  f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0}))
  failed=$((failed + ${f:-0}))
done

# A run that could not even build or start counts as a failure, not as zero tests.
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  failed=1
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
