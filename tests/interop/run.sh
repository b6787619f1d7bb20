#!/usr/bin/env bash
# Interop test: a Python gRPC client (Debian's python3-grpcio, stubs generated here by protoc)
# calls the ChildIndex directory over plain-text HTTP/2 (h2c), with access tokens it obtains from
# the identity server over plain HTTP/1.1 (Python's standard library), both started by ./run.sh.
#
# Starts ./run.sh on three free ports (the directory, the identity server's sign-in and OpenID
# Connect port, its admin gRPC port) with throwaway databases (it builds, migrates, seeds the demo
# children and demo identities and serves), waits until the directory's gRPC health check answers
# SERVING and the identity server's discovery document answers 200, generates the Python stubs into
# a temporary directory, runs tests/interop/test_interop.py, then stops both servers and removes
# everything it created. The last line is always "interop: N passed, N failed"; the exit status is
# non-zero when anything failed.
#
#   CHILDINDEX_INTEROP_TARGET   host:port of a directory already running: test it instead of
#                               starting ./run.sh (nothing is started or stopped)
#   CHILDINDEX_INTEROP_IDENTITY base address of the identity server that directory trusts, with
#                               the demo identities (default http://127.0.0.1:5081, as ./run.sh);
#                               only with CHILDINDEX_INTEROP_TARGET
#   CHILDINDEX_INTEROP_TIMEOUT  seconds to wait for both servers (default 900: ./run.sh builds
#                               first; 30 with CHILDINDEX_INTEROP_TARGET)
#   CHILDINDEX_COMMON_PROTOS    folder holding google/type/date.proto and google/rpc/*.proto
#                               (default: Google.Api.CommonProtos in the NuGet package cache)
# Needs: /usr/bin/python3 with python3-grpcio and python3-protobuf, protoc (protobuf-compiler)
# and /usr/bin/grpc_python_plugin (protobuf-compiler-grpc).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
python=/usr/bin/python3
grpc_plugin=/usr/bin/grpc_python_plugin
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1

work="$(mktemp -d "${TMPDIR:-/tmp}/childindex-interop.XXXXXX")"
stubs="$work/stubs"
log="$work/server.log"
result="$work/result"
mkdir -p "$stubs" "$work/data"

server_group=""
summary="interop: 0 passed, 1 failed"
exit_code=1

say() { echo "interop: $*" >&2; }

# True while the process runs (a zombie, dead but not yet waited for, does not count).
running() {
  local state
  state="$(awk '{ print $3 }' "/proc/$1/stat" 2>/dev/null)" && [[ -n "$state" && "$state" != Z ]]
}

stop_server() {
  [[ -n "$server_group" ]] || return 0
  # ./run.sh was started as the leader of its own process group (setsid): signal the whole group
  # (run.sh, the build, the identity server and the directory it started), give them 15 s to stop
  # (run.sh waits for both), then kill what is left.
  kill -TERM -- "-$server_group" 2>/dev/null || true
  local waited=0
  while ((waited < 150)) && running "$server_group"; do
    sleep 0.1
    waited=$((waited + 1))
  done
  kill -KILL -- "-$server_group" 2>/dev/null || true
  wait "$server_group" 2>/dev/null || true
  server_group=""
}

cleanup() {
  set +e
  stop_server
  rm -rf "$work"
  echo "$summary"
  exit "$exit_code"
}
trap cleanup EXIT
trap 'say "interrupted"; exit 1' INT TERM HUP

show_log() {
  if [[ -s "$log" ]]; then
    say "last 50 lines of the server's output ($1):"
    tail -n 50 "$log" >&2
  fi
}

for tool in "$python" protoc "$grpc_plugin"; do
  if ! command -v "$tool" >/dev/null; then
    say "$tool not found: apt-get install python3-grpcio python3-protobuf protobuf-compiler protobuf-compiler-grpc"
    exit 1
  fi
done

protoc_python() {
  local include=(-I "$root/protos" -I "$here/protos")
  [[ -z "${common_protos:-}" ]] || include+=(-I "$common_protos")
  [[ -z "${well_known_protos:-}" ]] || include+=(-I "$well_known_protos")
  protoc --python_out="$stubs" --grpc_python_out="$stubs" \
    --plugin=protoc-gen-grpc_python="$grpc_plugin" "${include[@]}" "$@"
}

# A package's folder in the NuGet cache (filled by ./run.sh's build), at the version that
# Directory.Packages.props pins.
nuget_package_dir() {
  local id="$1" version packages
  version="$(sed -n "s/.*Include=\"$id\" Version=\"\([^\"]*\)\".*/\1/p" "$root/Directory.Packages.props" | head -n 1)"
  packages="${NUGET_PACKAGES:-}"
  if [[ -z "$packages" ]] && command -v dotnet >/dev/null; then
    packages="$(dotnet nuget locals global-packages -l 2>/dev/null | sed -n 's/^global-packages: *//p')"
  fi
  packages="${packages:-$HOME/.nuget/packages/}"
  echo "${packages%/}/${id,,}/$version"
}

if ! "$python" -c 'import grpc, google.protobuf' 2>/dev/null; then
  say "$python cannot import grpc and google.protobuf: apt-get install python3-grpcio python3-protobuf"
  exit 1
fi

# The health and reflection protos are ours (tests/interop/protos), so the health client needed
# to wait for the server exists before anything is built.
protoc_python grpc_health/v1/health.proto grpc_reflection/v1alpha/reflection.proto grpc_reflection/v1/reflection.proto

# Prints "<directory health state> <identity discovery state>", e.g. "SERVING 200" when both are
# ready, "UNAVAILABLE refused" while they start.
readiness() {
  PYTHONPATH="$stubs" "$python" - "$1" "$2" <<'PY' 2>/dev/null
import sys
import urllib.error
import urllib.request
import grpc
from grpc_health.v1 import health_pb2, health_pb2_grpc
with grpc.insecure_channel(sys.argv[1], options=[("grpc.enable_http_proxy", 0)]) as channel:
    try:
        response = health_pb2_grpc.HealthStub(channel).Check(health_pb2.HealthCheckRequest(), timeout=3)
        directory = health_pb2.HealthCheckResponse.ServingStatus.Name(response.status)
    except grpc.RpcError as error:
        directory = error.code().name
opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
try:
    with opener.open(sys.argv[2] + "/.well-known/openid-configuration", timeout=3) as response:
        identity = str(response.status)
except urllib.error.HTTPError as error:
    identity = str(error.code)
except OSError:
    identity = "refused"
print(directory, identity)
PY
}

if [[ -n "${CHILDINDEX_INTEROP_TARGET:-}" ]]; then
  target="$CHILDINDEX_INTEROP_TARGET"
  identity="${CHILDINDEX_INTEROP_IDENTITY:-http://127.0.0.1:5081}"
  identity="${identity%/}"
  timeout="${CHILDINDEX_INTEROP_TIMEOUT:-30}"
  say "testing the directory already running at $target, with tokens from $identity"
else
  # Three distinct free ports: all three sockets are bound before any is released.
  read -r port identity_port identity_admin_port < <("$python" -c '
import socket
sockets = [socket.socket() for _ in range(3)]
for s in sockets:
    s.bind(("127.0.0.1", 0))
print(*(s.getsockname()[1] for s in sockets))
for s in sockets:
    s.close()')
  target="127.0.0.1:$port"
  identity="http://127.0.0.1:$identity_port"
  timeout="${CHILDINDEX_INTEROP_TIMEOUT:-900}"
  say "starting ./run.sh: directory on $target, identity server on $identity (admin port $identity_admin_port); it builds first; output in $log"
  # setsid makes run.sh the leader of a new process group (this background child is never a
  # group leader itself, so setsid does not fork and $! is that leader). No node reuse: the build
  # leaves no MSBuild worker processes behind.
  CHILDINDEX_PORT="$port" CHILDINDEX_IDENTITY_PORT="$identity_port" \
    CHILDINDEX_IDENTITY_ADMIN_PORT="$identity_admin_port" CHILDINDEX_IDENTITY_AUTHORITY="$identity" \
    CHILDINDEX_DATA_DIR="$work/data" ASPNETCORE_ENVIRONMENT=Development MSBUILDDISABLENODEREUSE=1 \
    setsid "$root/run.sh" >"$log" 2>&1 </dev/null &
  server_group=$!
fi

deadline=$((SECONDS + timeout))
state=""
while true; do
  state="$(readiness "$target" "$identity" || true)"
  [[ "$state" == "SERVING 200" ]] && break
  if [[ -n "$server_group" ]] && ! running "$server_group"; then
    wait "$server_group" 2>/dev/null && status=0 || status=$?
    say "./run.sh exited (status $status) before both servers were ready (last: ${state:-no answer})"
    show_log "./run.sh failed"
    exit 1
  fi
  if ((SECONDS >= deadline)); then
    say "not ready within ${timeout}s: $target's health check and $identity's discovery document must answer SERVING and 200 (last: ${state:-no answer})"
    show_log "timed out"
    exit 1
  fi
  sleep 1
done
say "$target answers SERVING, $identity serves its discovery document"

common_protos="${CHILDINDEX_COMMON_PROTOS:-$(nuget_package_dir Google.Api.CommonProtos)/content/protos}"
if [[ ! -f "$common_protos/google/rpc/status.proto" ]]; then
  say "google/rpc/status.proto not found in $common_protos: restore the solution (dotnet restore) or set CHILDINDEX_COMMON_PROTOS"
  exit 1
fi
# protoc finds the well-known types (google/protobuf/*.proto) in /usr/include when libprotobuf-dev
# is installed; without it, take them from the Grpc.Tools package the build restored.
well_known_protos=""
if ! [[ -f /usr/include/google/protobuf/timestamp.proto ]]; then
  well_known_protos="$(nuget_package_dir Grpc.Tools)/build/native/include"
fi
protoc_python "$root"/protos/childindex/v1/*.proto
protoc_python google/type/date.proto google/rpc/status.proto google/rpc/error_details.proto

say "running the Python tests against $target (tokens from $identity)"
set +e
CHILDINDEX_TARGET="$target" CHILDINDEX_IDENTITY="$identity" CHILDINDEX_INTEROP_RESULT="$result" \
  PYTHONPATH="$stubs" PYTHONDONTWRITEBYTECODE=1 "$python" "$here/test_interop.py"
tests_status=$?
set -e

if [[ -s "$result" ]]; then
  read -r passed failed <"$result"
else
  say "the test run ended without reporting a result (status $tests_status)"
  passed=0
  failed=1
fi
if ((tests_status != 0 && failed == 0)); then
  failed=1
fi
summary="interop: $passed passed, $failed failed"
if ((failed == 0)); then
  exit_code=0
fi
