#!/usr/bin/env bash
# Runs every test on a fresh machine: the unit tests, the integration tests on SQLite and on a
# throwaway PostgreSQL server started here (and stopped at the end), the web portal's browser tests
# (ChildIndex.PortalTests: real servers, Debian's chromium), and the interop test of a Python
# client against the service started by ./run.sh. Ends with one line: N passed, N failed, summed
# over every test assembly's TRX and the interop run.
set -uo pipefail
cd "$(dirname "$0")"
root="$PWD"
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1

if ! scripts/install-test-deps.sh; then
  echo "0 passed, 1 failed"
  exit 1
fi

work="$(mktemp -d /tmp/childindex-test.XXXXXX)"
chmod 755 "$work"
pg_port="${CHILDINDEX_TEST_PG_PORT:-55432}"
pg_dir="$work/postgres"

as_pg() { if [[ "$(id -u)" == 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi; }

find_pg_bin() {
  local candidate
  for candidate in "$(command -v initdb 2>/dev/null)" /usr/lib/postgresql/*/bin/initdb; do
    if [[ -x "$candidate" ]]; then dirname "$candidate"; return 0; fi
  done
  return 1
}

cleanup() {
  if [[ -f "$pg_dir/data/postmaster.pid" ]]; then
    as_pg "$pg_bin/pg_ctl" -D "$pg_dir/data" -m fast -w stop >/dev/null 2>&1
  fi
  rm -rf "$work"
}
trap cleanup EXIT

if ! pg_bin="$(find_pg_bin)"; then
  echo "test.sh: PostgreSQL server binaries (initdb, pg_ctl) not found: install postgresql" >&2
  echo "0 passed, 1 failed"
  exit 1
fi

echo "== starting a throwaway PostgreSQL on 127.0.0.1:$pg_port"
if [[ "$(id -u)" == 0 ]]; then install -d -o postgres -g postgres -m 700 "$pg_dir"; else mkdir -m 700 "$pg_dir"; fi
as_pg "$pg_bin/initdb" -D "$pg_dir/data" -U postgres --auth-local=trust --auth-host=trust -E UTF8 --no-locale >/dev/null
if ! as_pg "$pg_bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/log" -o "-p $pg_port -k $pg_dir -c listen_addresses=127.0.0.1" -w start >/dev/null; then
  cat "$pg_dir/log" >&2
  echo "0 passed, 1 failed"
  exit 1
fi
export CHILDINDEX_TEST_POSTGRES="Host=127.0.0.1;Port=$pg_port;Username=postgres"

status=0
echo "== building"
if ! dotnet build ChildIndex.sln -c Release -nologo -v quiet -clp:ErrorsOnly; then
  echo "0 passed, 1 failed"
  exit 1
fi

echo "== .NET tests (unit, integration on SQLite and PostgreSQL, the portal in a browser)"
# One test assembly at a time (-m:1): the integration and portal suites both start real processes
# and load them on purpose, and on a 2-core machine running them together starved each other's
# timing-bound steps (a kill under load, a browser waiting for a page).
dotnet test ChildIndex.sln -c Release --no-build -nologo -m:1 \
  --logger "trx;LogFilePrefix=results" --logger "console;verbosity=minimal" \
  --results-directory "$work/results" || status=1

passed=0
failed=0
for counters in $(grep -ho '<Counters [^>]*>' "$work"/results/*.trx 2>/dev/null | tr ' ' '\n' | grep -E '^(passed|failed|error|timeout|aborted)=' | tr -d '"'); do
  value="${counters#*=}"
  case "$counters" in
    passed=*) passed=$((passed + value)) ;;
    *) failed=$((failed + value)) ;;
  esac
done
if [[ $status != 0 && $failed == 0 ]]; then
  echo "test.sh: a test run failed without reporting a failed test (crash or build problem)" >&2
  failed=$((failed + 1))
fi

if [[ -x tests/interop/run.sh ]]; then
  echo "== interop: Python client over h2c against ./run.sh"
  interop_out="$work/interop.out"
  tests/interop/run.sh | tee "$interop_out" || status=1
  line="$(grep -E '^interop: [0-9]+ passed, [0-9]+ failed' "$interop_out" | tail -1)"
  if [[ -n "$line" ]]; then
    p="$(sed -E 's/^interop: ([0-9]+) passed.*/\1/' <<<"$line")"
    f="$(sed -E 's/.* ([0-9]+) failed.*/\1/' <<<"$line")"
    passed=$((passed + p))
    failed=$((failed + f))
  else
    failed=$((failed + 1))
  fi
fi

[[ $failed == 0 ]] || status=1
echo "$passed passed, $failed failed"
exit $status
