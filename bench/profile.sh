#!/usr/bin/env bash
# Where does a workload's time go? Profiles the directory while the load driver runs it:
#   bench/profile.sh bench/work/runs/sqlite-1000000 get search register
# RUN is a SQLite run folder that bench/run.sh left (its database, keys and sample). Starts the
# identity server and the directory on it (the calls add to its audit trail), runs each workload
# closed-loop for 25 s and records 10 s of the directory with dotnet-trace (sampled thread time,
# installed into bench/work/tools on first use), then prints bench/profile-breakdown.py's account
# of the busy time. Traces stay in bench/work/profile/ (open them in PerfView or speedscope.app).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
run="$(realpath "${1:?usage: bench/profile.sh RUN_FOLDER WORKLOAD...}")"; shift
bin="$here/work/artifacts/bin"
out="$here/work/profile"
tools="$here/work/tools"
mkdir -p "$out"
[[ -x "$tools/dotnet-trace" ]] || dotnet tool install dotnet-trace --version 10.0.750501 --tool-path "$tools" >/dev/null

free_port() { /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
port="$(free_port)"; identity_port="$(free_port)"; admin_port="$(free_port)"
env=(ASPNETCORE_ENVIRONMENT=Development CHILDINDEX_DATA_DIR="$run/data" CHILDINDEX_DB_PROVIDER=Sqlite
  CHILDINDEX_DB_CONNECTION="Data Source=$run/data/childindex.db" CHILDINDEX_PORT="$port"
  CHILDINDEX_IDENTITY_PORT="$identity_port" CHILDINDEX_IDENTITY_ADMIN_PORT="$admin_port"
  CHILDINDEX_IDENTITY_AUTHORITY="http://127.0.0.1:$identity_port" CHILDINDEX_SEARCH_RATE_LIMIT_PER_MINUTE=100000000
  # One debug line per name search: how many candidates its blocking passes read.
  Logging__LogLevel__ChildIndex.Core.Lookup.ChildSearch=Debug)
env "${env[@]}" dotnet "$bin/ChildIndex.Identity/release/ChildIndex.Identity.dll" serve >"$out/identity.log" 2>&1 &
identity_pid=$!
env "${env[@]}" dotnet "$bin/ChildIndex.Api/release/ChildIndex.Api.dll" serve >"$out/directory.log" 2>&1 &
directory_pid=$!
trap 'kill "$identity_pid" "$directory_pid" 2>/dev/null || true' EXIT
until grep -q "serving on" "$out/directory.log" && grep -q "serving on" "$out/identity.log"; do sleep 0.2; done

for workload in "$@"; do
  # New children for register are numbered past any loaded ones, so they are new.
  dotnet "$bin/ChildIndex.LoadDriver/release/ChildIndex.LoadDriver.dll" --directory "http://127.0.0.1:$port" \
    --identity "http://127.0.0.1:$identity_port" --sample "$run/sample.tsv" --register-from 5000000 \
    --workloads "$workload" --duration 25 --warmup 3 --server-pid "$directory_pid" >"$out/$workload.md" 2>"$out/$workload.log" &
  driver=$!
  sleep 13 # past sign-in and warm-up
  "$tools/dotnet-trace" collect -p "$directory_pid" --profile dotnet-sampled-thread-time --duration 00:00:00:10 \
    --format Speedscope -o "$out/$workload.nettrace" >/dev/null
  wait "$driver"
  grep "^| $workload " "$out/$workload.md" | head -n 1
  python3 "$here/profile-breakdown.py" "$out/$workload.speedscope.json"
  if [[ "$workload" == search ]]; then
    grep -o "blocking passes read [0-9]* candidates" "$out/directory.log" |
      awk '{ n++; sum += $4; if ($4 > max) max = $4 } END { if (n) printf "name searches: %d, candidates read per search: mean %.0f, max %d\n", n, sum / n, max }'
  fi
done
