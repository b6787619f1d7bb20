#!/usr/bin/env bash
# Benchmarks ChildIndex end to end and writes docs/benchmarks.md:
#   bench/run.sh [--sizes 10000,100000] [--providers sqlite,postgres] [--duration 20] [--warmup 5]
#                [--concurrency 32] [--open get=5000,search=1000] [--audit-synthetic 1000000]
#                [--seed 20261125] [--out docs/benchmarks.md] [--note "text for the report's header"]
#                [--resume] [--workloads health,get,search,register,mix] [--soak MINUTES] [--soak-rate 500]
#                [--open-together get=2000,search=200] [--during-load get=2000,search=200]
#                [--server-warmup 60]
#
# Every row the issue asks for (each --open rate alone, then GetChild and search together, then the
# same reads while a bulk registration stream runs):
#   bench/run.sh --sizes 100000 --providers sqlite,postgres --duration 10 --warmup 3 --concurrency 32 \
#     --open get=2000,search=200 --open-together get=2000,search=200 --audit-synthetic 10000000 --seed 20261125
# (--audit-synthetic 10000000, the issue's size for verification, writes a 6 GB SQLite trail in
# about 6 minutes; 1000000 takes 40 s.)
#
# --open runs each rate alone, one after the other (one row each). --open-together (default: none)
# runs its rates at once over one measured window: one row, named "get+search", with a sub-row per
# operation. --during-load (default: the --open-together rates; '' for none) runs its rates while
# the register workload's 2 closed-loop streams register children: the row "reads during
# registration" is the reads' figures, and its "register (stream)" sub-row the children/s meanwhile.
#
# --soak: after the workloads, the mix (searches, look-ups, registrations) open loop at --soak-rate
# calls/s for MINUTES, minute by minute (errors, p99, the directory's RSS); its table is kept in
# bench/soak.md (committed) and every report carries it. --audit-synthetic 0 skips that step.
#
# For each size and provider: a freshly migrated database (SQLite file, or a database in a throwaway
# PostgreSQL cluster on 127.0.0.1), the identity server and the directory started on free loopback
# ports with their own data folder, N synthetic children registered through the public
# RegisterChildren stream by the load driver (--initial-load, several concurrent streams, as an
# agency's first feed would arrive; ChildIndex.Bench load, the old direct loader, is no longer used),
# then the load driver (ChildIndex.LoadDriver): health (the baseline), get, search, register, mix,
# closed loop, then any --open rates, each after a warm-up, sampling the directory's CPU and memory
# from /proc. Then both servers are stopped, the trail the run left is verified, and table and
# index sizes are read from the database. Everything lives under bench/work/ (ignored by git) and
# is removed at the next run; the report is written at the end.
#
# Where the time goes: bench/profile.sh profiles the directory on a run's database (see its header).
#
# Builds Release into bench/work/artifacts, apart from the src/ and tests/ build outputs, so that a
# benchmark never races a build running in the same tree.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
cd "$root"
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1

sizes=10000,100000
providers=sqlite,postgres
duration=20
warmup=5
# Seconds of GetChild and search, unmeasured, once after the initial load (see run_one).
server_warmup=60
concurrency=32
open_rates=""
open_together=""
# "-": the --open-together rates.
during_load=-
audit_synthetic=1000000
seed=20261125
# The initial load: concurrent RegisterChildren streams, each with this many children unanswered.
load_streams=4
load_window=1024
out="$root/docs/benchmarks.md"
note=""
resume=0
workloads=health,get,search,register,mix
soak=0
soak_rate=500
while (($#)); do
  case "$1" in
    --sizes) sizes="$2"; shift 2 ;;
    --providers) providers="$2"; shift 2 ;;
    --duration) duration="$2"; shift 2 ;;
    --warmup) warmup="$2"; shift 2 ;;
    --server-warmup) server_warmup="$2"; shift 2 ;;
    --concurrency) concurrency="$2"; shift 2 ;;
    --open) open_rates="$2"; shift 2 ;;
    --open-together) open_together="$2"; shift 2 ;;
    --during-load) during_load="$2"; shift 2 ;;
    --audit-synthetic) audit_synthetic="$2"; shift 2 ;;
    --seed) seed="$2"; shift 2 ;;
    --out) out="$(realpath -m "$2")"; shift 2 ;;
    --note) note="$2"; shift 2 ;;
    # Keep bench/work/runs and skip the sizes and providers already finished there.
    --resume) resume=1; shift ;;
    --workloads) workloads="$2"; shift 2 ;;
    --soak) soak="$2"; shift 2 ;;
    --soak-rate) soak_rate="$2"; shift 2 ;;
    *) echo "bench/run.sh: unknown option $1 (see the header of bench/run.sh)" >&2; exit 2 ;;
  esac
done
if [[ "$during_load" == - ]]; then during_load="$open_together"; fi
command_line="bench/run.sh --sizes $sizes --providers $providers --duration $duration --warmup $warmup --server-warmup $server_warmup --concurrency $concurrency${open_rates:+ --open $open_rates}${open_together:+ --open-together $open_together}"
if [[ "$during_load" != "$open_together" ]]; then command_line+=" --during-load ${during_load:-''}"; fi
command_line+=" --audit-synthetic $audit_synthetic --seed $seed"
if [[ "$workloads" != health,get,search,register,mix ]]; then command_line+=" --workloads $workloads"; fi
if ((soak > 0)); then command_line+=" --soak $soak --soak-rate $soak_rate"; fi
today="$(date -u +%F)"

work="$here/work"
artifacts="$work/artifacts"
runs="$work/runs"
if ((resume == 0)); then rm -rf "$runs"; fi
mkdir -p "$runs"
say() { echo "bench: $*" >&2; }
thousands() { sed ':a;s/\B[0-9]\{3\}\>/,&/;ta' <<<"$1"; }

# ---------------------------------------------------------------- cleanup: servers, PostgreSQL
pids=()
pg_dir="" pg_bin=""
as_pg() { if [[ "$(id -u)" == 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi; }
stop_servers() {
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  pids=()
}
stop_postgres() {
  if [[ -n "$pg_dir" ]]; then
    as_pg "$pg_bin/pg_ctl" -D "$pg_dir/data" -m fast -w stop >/dev/null 2>&1 || true
    pg_dir=""
  fi
}
trap 'stop_servers; stop_postgres' EXIT
trap 'exit 130' INT TERM

# How fast the CPU is at the moment. This machine's speed has been seen to change by 1.6x within
# minutes (a shared host), and every closed-loop figure changes with it: a check beside each
# measurement says whether two runs can be compared. One second of OpenSSL's SHA-256 over 256-byte
# blocks.
cpu_check() {
  command -v openssl >/dev/null || { echo "not measured (no openssl)"; return; }
  openssl speed -seconds 1 -bytes 256 sha256 2>/dev/null |
    awk '/^sha256/ { v = $2; sub(/k$/, "", v); printf "SHA-256 at %.0f MB/s", v / 1000 }'
}
free_port() { /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# ---------------------------------------------------------------- build
say "building Release into $artifacts"
for project in src/ChildIndex.Api src/ChildIndex.Identity bench/ChildIndex.Bench bench/ChildIndex.LoadDriver; do
  dotnet build "$project" -c Release --artifacts-path "$artifacts" -nologo -v quiet -clp:ErrorsOnly
done
directory_dll="$artifacts/bin/ChildIndex.Api/release/ChildIndex.Api.dll"
identity_dll="$artifacts/bin/ChildIndex.Identity/release/ChildIndex.Identity.dll"
bench_dll="$artifacts/bin/ChildIndex.Bench/release/ChildIndex.Bench.dll"
driver_dll="$artifacts/bin/ChildIndex.LoadDriver/release/ChildIndex.LoadDriver.dll"

# ---------------------------------------------------------------- PostgreSQL, when asked
# What a DBA would set on a small dedicated node (deploy/README.md): memory for the indexes, WAL room
# for bulk loads; durability as shipped (fsync, synchronous_commit on). max_connections stays 100,
# and each server's pool is bounded below it: with Npgsql's default pool of 100 per process the
# server refused connections under load ("too many clients") and the open loops collapsed.
pg_settings="-c shared_buffers=1GB -c effective_cache_size=4GB -c max_wal_size=4GB -c max_connections=100"
pg_directory_pool="Maximum Pool Size=${CHILDINDEX_BENCH_PG_POOL:-32};Max Auto Prepare=64;Auto Prepare Min Usages=2"
pg_identity_pool="Maximum Pool Size=10"
start_postgres() {
  for candidate in "$(command -v initdb 2>/dev/null || true)" /usr/local/bin/initdb /usr/lib/postgresql/*/bin/initdb; do
    if [[ -n "$candidate" && -x "$candidate" ]]; then pg_bin="$(dirname "$candidate")"; break; fi
  done
  [[ -n "$pg_bin" ]] || { say "PostgreSQL server binaries (initdb, pg_ctl) not found"; exit 1; }
  pg_port="$(free_port)"
  pg_dir="$work/postgres"
  rm -rf "$pg_dir"
  if [[ "$(id -u)" == 0 ]]; then install -d -o postgres -g postgres -m 700 "$pg_dir"; else mkdir -m 700 "$pg_dir"; fi
  as_pg "$pg_bin/initdb" -D "$pg_dir/data" -U postgres --auth-local=trust --auth-host=trust -E UTF8 --no-locale >/dev/null
  as_pg "$pg_bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/log" -o "-p $pg_port -k $pg_dir -c listen_addresses=127.0.0.1 $pg_settings" -w start >/dev/null
  pg_version="$("$pg_bin/postgres" --version)"
  say "PostgreSQL ($pg_version) on 127.0.0.1:$pg_port"
}

wait_for() { # file, text, seconds
  local waited=0
  until grep -q "$2" "$1" 2>/dev/null; do
    ((waited++ < $3 * 10)) || { say "no '$2' in $1 after $3 s:"; tail -n 30 "$1" >&2; exit 1; }
    sleep 0.1
  done
}

# ---------------------------------------------------------------- one size on one provider
run_one() { # provider size
  local provider="$1" size="$2" run="$runs/$1-$2"
  local data="$run/data"
  mkdir -p "$data"
  local db_provider connection
  case "$provider" in
    sqlite) db_provider=Sqlite; connection="Data Source=$data/childindex.db" ;;
    postgres)
      [[ -n "$pg_dir" ]] || start_postgres
      db_provider=PostgreSql; connection="Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=bench_$size" ;;
    *) say "unknown provider $provider (sqlite, postgres)"; exit 2 ;;
  esac
  local identity_connection="$connection"
  if [[ "$provider" == postgres ]]; then
    identity_connection+=";$pg_identity_pool"
    connection+=";$pg_directory_pool"
  fi
  local fragment="$run/report.md"
  say "== $provider, $size children"
  {
    echo "### $provider, $(thousands "$size") children"
    echo
    if [[ "$provider" == postgres ]]; then
      echo "$pg_version, \`$pg_settings\`; the directory's pool: \`$pg_directory_pool\`, the identity server's: \`$pg_identity_pool\`."
      echo
    fi
  } >"$fragment"

  local port identity_port admin_port
  port="$(free_port)"; identity_port="$(free_port)"; admin_port="$(free_port)"
  # Both servers in Development (demo identities, generated keys in the run's own data folder);
  # on PostgreSQL they share one database, as ADR 7 allows. Logging as shipped (Information),
  # to a file; CHILDINDEX_BENCH_LOG_LEVEL overrides it to see what logging costs.
  local -a env=(
    ASPNETCORE_ENVIRONMENT=Development
    CHILDINDEX_DATA_DIR="$data"
    CHILDINDEX_DB_PROVIDER="$db_provider"
    CHILDINDEX_DB_CONNECTION="$connection"
    CHILDINDEX_PORT="$port"
    CHILDINDEX_IDENTITY_PORT="$identity_port"
    CHILDINDEX_IDENTITY_ADMIN_PORT="$admin_port"
    CHILDINDEX_IDENTITY_AUTHORITY="http://127.0.0.1:$identity_port"
    # The anti-trawling limit (60 searches a minute per user) would refuse almost every search:
    # the driver's one practitioner stands for thousands, so the limit is lifted, not measured.
    CHILDINDEX_SEARCH_RATE_LIMIT_PER_MINUTE=100000000
  )
  if [[ -n "${CHILDINDEX_BENCH_LOG_LEVEL:-}" ]]; then env+=(Logging__LogLevel__Default="$CHILDINDEX_BENCH_LOG_LEVEL"); fi

  env "${env[@]}" CHILDINDEX_DB_CONNECTION="$identity_connection" dotnet "$identity_dll" migrate >"$run/identity-setup.log"
  env "${env[@]}" CHILDINDEX_DB_CONNECTION="$identity_connection" dotnet "$identity_dll" seed-demo >>"$run/identity-setup.log"
  env "${env[@]}" dotnet "$directory_dll" migrate >"$run/directory-setup.log"

  env "${env[@]}" CHILDINDEX_DB_CONNECTION="$identity_connection" dotnet "$identity_dll" serve >"$run/identity.log" 2>&1 &
  pids+=($!)
  env "${env[@]}" dotnet "$directory_dll" serve >"$run/directory.log" 2>&1 &
  local directory_pid=$!
  pids+=("$directory_pid")
  wait_for "$run/identity.log" "serving on" 120
  wait_for "$run/directory.log" "serving on" 120

  # The initial load goes in as an agency's first feed would: through the public RegisterChildren
  # stream, every child validated, matched, stored and audited. The machine is shared: its 1-minute
  # load average says how much else ran at each measurement.
  echo "Load average at the start of the load: $(cut -d' ' -f1 /proc/loadavg)." >>"$fragment"
  dotnet "$driver_dll" --directory "http://127.0.0.1:$port" --identity "http://127.0.0.1:$identity_port" \
    --initial-load "$size" --streams "$load_streams" --window "$load_window" --sample "$run/sample.tsv" \
    --seed "$seed" --today "$today" --markdown "$fragment"
  # As a server would find the tables after a while: PostgreSQL's autovacuum would analyse them.
  if [[ "$provider" == postgres ]]; then
    # psql is a client package of its own: beside the server binaries, or on the PATH.
    psql="$pg_bin/psql"; [[ -x "$psql" ]] || psql="$(command -v psql)"
    as_pg "$psql" -q -h "$pg_dir" -p "$pg_port" -U postgres -d "bench_$size" -c "ANALYZE;"
  fi

  # The read paths are compiled as they are first called, and on 2 busy cores the runtime's tiered
  # JIT took about a minute of searching to finish: a fresh process searched about 30% slower after
  # a 3-second warm-up than after 60 s (docs/benchmarks.md, seventh pass). The workloads measure a server that
  # has run a while; how a fresh one starts is in that pass.
  if ((server_warmup > 0)); then
    dotnet "$driver_dll" --directory "http://127.0.0.1:$port" --identity "http://127.0.0.1:$identity_port" \
      --sample "$run/sample.tsv" --seed "$seed" --today "$today" --workloads get,search \
      --duration $(( (server_warmup + 1) / 2 )) --warmup 0 --concurrency "$concurrency" --markdown "$run/server-warmup.md" >/dev/null
  fi
  echo "CPU check before the workloads: $(cpu_check)." >>"$fragment"
  echo >>"$fragment"
  echo "Load driver, the directory's CPU (100% = one core) and resident memory sampled from /proc meanwhile:" >>"$fragment"
  echo >>"$fragment"
  dotnet "$driver_dll" --directory "http://127.0.0.1:$port" --identity "http://127.0.0.1:$identity_port" \
    --sample "$run/sample.tsv" --register-from "$size" --seed "$seed" --today "$today" \
    --duration "$duration" --warmup "$warmup" --concurrency "$concurrency" ${open_rates:+--open "$open_rates"} \
    ${open_together:+--open-together "$open_together"} ${during_load:+--during-load "$during_load"} \
    --workloads "$workloads" --soak "$soak" --soak-rate "$soak_rate" --soak-markdown "$run/soak.md" \
    --server-pid "$directory_pid" --clock-ticks "$(getconf CLK_TCK)" --markdown "$fragment"
  if ((soak > 0)); then
    {
      echo "Measured $today with \`$command_line\` (commit $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)): $provider, $(thousands "$size") children loaded first; the driver shares the machine's $(nproc) cores."
      echo
      cat "$run/soak.md"
    } | tee -a "$fragment" >"$here/soak.md"
  fi
  echo "CPU check after the workloads: $(cpu_check)." >>"$fragment"
  echo >>"$fragment"
  local hwm
  hwm="$(awk '/VmHWM/ { printf "%.0f MiB", $2 / 1024 }' "/proc/$directory_pid/status")"
  echo "The directory's peak resident memory over the whole run (VmHWM): **$hwm**." >>"$fragment"
  echo >>"$fragment"
  stop_servers

  echo "Audit trail verification (TrailVerifier.Verify, the code behind VerifyAuditTrail and \`childindex audit verify\`):" >>"$fragment"
  echo >>"$fragment"
  dotnet "$bench_dll" verify-audit --provider "$db_provider" --connection "$connection" \
    --public-key "$data/audit-signing-key.pub.pem" --markdown "$fragment" >/dev/null
  dotnet "$bench_dll" sizes --provider "$db_provider" --connection "$connection" --children "$size" --markdown "$fragment" >/dev/null
}

# ---------------------------------------------------------------- the report
cpu_model="$(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)"
memory="$(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)"
os="$(. /etc/os-release && echo "$PRETTY_NAME"), Linux $(uname -r)"
dotnet_version="$(dotnet --version)"
commit="$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)"
dirty="$(git -C "$root" status --porcelain -- src 2>/dev/null | wc -l)"
# The headline figures of every finished run, read back from its section of the report.
summary() {
  local size provider
  echo "| children | database | load: s, children/s | health calls/s (p99 ms) | get calls/s (p99 ms) | search calls/s (p99 ms) | register children/s (p99 ms) | mix calls/s (p99 ms) | get+search together calls/s (p99 ms), errors | reads during a bulk stream calls/s (p99 ms), errors; children/s | server CPU during get | peak RSS | load avg at starts |"
  echo "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|"
  for size in "${size_list[@]}"; do
    for provider in "${provider_list[@]}"; do
      local fragment="$runs/$provider-$size/report.md"
      if [[ ! -f "$runs/$provider-$size/done" ]]; then
        echo "| $(thousands "$size") | $provider | not run | | | | | | | | | | |"
        continue
      fi
      awk -F'|' -v size="$(thousands "$size")" -v provider="$provider" '
        function trim(s) { gsub(/^ +| +$/, "", s); return s }
        /^\*\*[0-9.]+ s, [0-9,]+ children\/s/ { match($0, /\*\*[0-9.]+ s, [0-9,]+ children\/s/); load = substr($0, RSTART + 2, RLENGTH - 2) }
        /^Load average at the start of the load/ { split($0, w, ": "); averages = trim(w[2]); sub(/\.$/, "", averages) }
        /^\| [^&]/ { row = trim($2) }
        /^\| [a-z]+(\+[a-z]+)+ \| open/ { together = trim($4) " (" trim($7) "), errors: " trim($9) }
        /^\| reads during registration \|/ { during = trim($4) " (" trim($7) "), errors: " trim($9) }
        /^\| &nbsp;&nbsp;register \(stream\) \|/ && row == "reads during registration" { during = during "; " trim($4) " children/s" }
        /^\| [a-z]+ \| closed/ {
          name = trim($2); cell[name] = trim($4) " (" trim($7) ")"
          if (name == "get") cpu = trim($12)
          averages = averages ", " trim($15)
        }
        /VmHWM/ { match($0, /\*\*[0-9,]+ MiB\*\*/); peak = substr($0, RSTART + 2, RLENGTH - 4) }
        END { printf "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", size, provider, load, cell["health"], cell["get"], cell["search"], cell["register"], cell["mix"], together, during, cpu, peak, averages }
      ' "$fragment"
    done
  done
  echo
  echo "Targets at 1,000,000 children (issue 9): GetChild at least 5,000 calls/s with p99 under 20 ms and at"
  echo "least 0.6x the health check; open loop at 2,000 GetChild/s with 200 searches/s together, p99 under 25 ms"
  echo "and no errors (the get+search row); reads within their targets while a bulk registration stream runs (the"
  echo "reads during registration row); search at least 1,000 calls/s with p99 under 50 ms; registration at least"
  echo "5,000 children/s and a 1,000,000-child load in under 4 minutes; PostgreSQL at least half of SQLite; audit"
  echo "verification at least 300,000 records/s over 10,000,000 records in under 1 GiB. The analysis below says"
  echo "which are met."
  echo
}

# Written after every size and provider, so that a run stopped part-way leaves a report of what
# it measured and says what it did not.
write_report() {
  local size provider
{
  cat <<EOF
# Benchmarks

<!-- Written by bench/run.sh; the analysis comes from bench/analysis.md. Do not edit by hand. -->

**Sizes: $(echo "$sizes" | sed 's/,/, /g') children; providers: $(echo "$providers" | sed 's/,/, /g'); $duration s per workload after a $warmup s warm-up, all after $server_warmup s of GetChild and search (unmeasured) once the load was in.** Run from $started to $(date -u '+%H:%M UTC'), commit $commit$( ((dirty > 0)) && echo " with $dirty uncommitted file(s) under src/").
${note:+
$note
}
## Machine

| | |
|---|---|
| CPU | $cpu_model, $(nproc) cores |
| memory | $memory |
| OS | $os |
| .NET | SDK $dotnet_version, Release builds, server GC |
| PostgreSQL | ${pg_version:-not started by this invocation} (throwaway cluster, fsync and synchronous_commit on; \`$pg_settings\`; the directory's connection string adds \`$pg_directory_pool\`, the identity server's \`$pg_identity_pool\`). Each PostgreSQL section names the settings it ran with: runs kept by \`--resume\` may predate these |
| SQLite | WAL, the directory's own settings |

Server and load driver share the machine's $(nproc) cores: every figure below is the directory's
throughput while the driver (and, for PostgreSQL, the database server) ran beside it.

The machine is a shared host whose speed changes: the same measurement has run 1.6x slower from
one quarter of an hour to the next. Each run below names a CPU check (OpenSSL's SHA-256 over
256-byte blocks for one second) before and after its workloads. On 2026-12-07 this machine gave
about 975 MB/s when quiet. Runs whose checks differ much should not be compared figure by figure.

## How to run

\`\`\`sh
$command_line
\`\`\`

Needs the .NET 10 SDK and, for \`postgres\`, the PostgreSQL server binaries (as \`./test.sh\`); builds
Release into \`bench/work/artifacts\` and keeps every database, log and sample under \`bench/work/runs\`.
Every target is 127.0.0.1: the driver refuses any other address. Columns: **load** is \`closed xC\`
(C calls in flight, each sent as soon as the previous returns) or \`open R/s\` (a call due every 1/R s
whatever happened to the previous ones, latency measured from when it was due, so stalls are not
hidden); **errors** are gRPC status codes (for the register stream, per child); **found** is the share
of searches whose results held the child searched for; **vs health** is calls/s and p99 as multiples
of the health check measured in the same run; **server CPU** is the directory process's CPU time over
the measured interval (100% = one core); **driver CPU** the load driver's own; **load avg** the
machine's 1-minute load average when the measurement began (other people's builds share it).
A row of several workloads (\`get+search\`, \`reads during registration\`) ran them at once over one
measured window, each at its own pacing (\`open 2000/s + 200/s\`: GetChild at 2,000/s and search at
200/s); its sub-rows are per operation. In \`reads during registration\` the register workload's
streams run closed loop beside the reads: the row is the reads' figures, and its
\`register (stream)\` sub-row the children registered per second meanwhile.
The baseline is the standard gRPC health service, which here runs one tiny database query per call
(\`DatabaseHealthCheck\`, uncached) but no authentication and no audit record: Kestrel, HTTP/2, gRPC
framing and one EF Core round trip. Searches run with the per-user anti-trawling limit lifted
(\`CHILDINDEX_SEARCH_RATE_LIMIT_PER_MINUTE\`), as the driver's one practitioner stands for many.

## Results

Closed loop, $concurrency calls in flight (register: 2 streams of up to 256 children each), but for
the last two workload columns: open loops (together: ${open_together:-not run}; during the bulk
stream: ${during_load:-not run}). Every figure per size and database is detailed in its own section below.

EOF
  summary
  echo "### Audit verification, synthetic trail"
  echo
  cat "$runs/audit.md"
  echo
  for size in "${size_list[@]}"; do
    for provider in "${provider_list[@]}"; do
      if [[ -f "$runs/$provider-$size/done" ]]; then
        cat "$runs/$provider-$size/report.md"
      else
        printf '### %s, %s children\n\nNot run: the benchmark was stopped before it got here.\n\n' "$provider" "$(thousands "$size")"
      fi
    done
  done
  if [[ -f "$here/soak.md" ]]; then printf '## Soak\n\n'; cat "$here/soak.md"; fi
  if [[ -f "$here/analysis.md" ]]; then cat "$here/analysis.md"; fi
} >"$out"
say "wrote $out"
}

IFS=, read -r -a size_list <<<"$sizes"
IFS=, read -r -a provider_list <<<"$providers"
[[ -f "$runs/started" ]] || date -u '+%Y-%m-%d %H:%M UTC' >"$runs/started"
started="$(cat "$runs/started")"
if ((resume == 1 && audit_synthetic > 0)) && [[ -f "$runs/audit.md" && "$(cat "$runs/audit.count" 2>/dev/null)" == "$audit_synthetic" ]]; then
  # --resume keeps a finished verification of the same size: at 10,000,000 it takes 9 minutes.
  say "== audit verification over $audit_synthetic records: done before, kept"
elif ((audit_synthetic > 0)); then
say "== audit verification over a synthetic trail of $audit_synthetic records"
echo "Load average at the start: $(cut -d' ' -f1 /proc/loadavg). CPU check: $(cpu_check)." >"$runs/audit.md"
echo >>"$runs/audit.md"
# In memory, at most 1,000,000: the verifier's own cost, without the database. Beyond that the
# list alone takes gigabytes and says nothing more.
dotnet "$bench_dll" verify-audit --synthetic "$((audit_synthetic < 1000000 ? audit_synthetic : 1000000))" --checkpoint-every 256 --markdown "$runs/audit.md" >/dev/null
# The same size stored, as VerifyAuditTrail reads it: a SQLite trail written as the audit writer
# writes one (leaf hashes, tree nodes, a checkpoint every 256 records), streamed by a process of its
# own so that its peak resident memory is the verification's.
audit_db="$runs/audit-trail"
rm -rf "$audit_db" && mkdir -p "$audit_db"
dotnet "$bench_dll" write-audit-trail --provider Sqlite --connection "Data Source=$audit_db/trail.db" \
  --count "$audit_synthetic" --checkpoint-every 256 --public-key "$audit_db/trail.pub.pem" >/dev/null
dotnet "$bench_dll" verify-audit --provider Sqlite --connection "Data Source=$audit_db/trail.db" \
  --public-key "$audit_db/trail.pub.pem" --markdown "$runs/audit.md" >/dev/null
rm -rf "$audit_db"
echo "$audit_synthetic" >"$runs/audit.count"
else
  echo "Not run (--audit-synthetic 0)." >"$runs/audit.md"
fi
# Smaller sizes first, on every provider: the larger ones take longest and are the likeliest to be cut short.
for size in "${size_list[@]}"; do
  for provider in "${provider_list[@]}"; do
    if [[ -f "$runs/$provider-$size/done" ]]; then say "== $provider, $size children: done before, kept"; continue; fi
    rm -rf "$runs/$provider-$size"
    run_one "$provider" "$size"
    touch "$runs/$provider-$size/done"
    write_report
  done
done
# Once more at the end, so that --resume over finished runs rewrites the report (with the analysis as it now stands).
write_report
stop_postgres
