#!/usr/bin/env bash
# Installs the Debian packages the tests need, when they are missing: PostgreSQL server binaries
# (a throwaway cluster is started by ./test.sh), Python gRPC with protoc for the interop test, and
# chromium for the portal's browser tests (Playwright drives it by its path: no browser download).
set -euo pipefail

need=()
have_initdb() { command -v initdb >/dev/null 2>&1 || compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null; }
have_initdb || need+=(postgresql)
command -v protoc >/dev/null 2>&1 || need+=(protobuf-compiler)
[[ -x /usr/bin/grpc_python_plugin ]] || need+=(protobuf-compiler-grpc)
/usr/bin/python3 -c "import grpc, google.protobuf" >/dev/null 2>&1 || need+=(python3-grpcio python3-protobuf)
[[ -x /usr/bin/chromium ]] || need+=(chromium fonts-liberation)
command -v npm >/dev/null 2>&1 || need+=(npm)

if [[ ${#need[@]} == 0 ]]; then
  exit 0
fi

if [[ "$(id -u)" != 0 ]] || ! command -v apt-get >/dev/null 2>&1; then
  echo "missing test dependencies: ${need[*]} (install them with apt-get as root)" >&2
  exit 1
fi

echo "installing: ${need[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null
apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
# Debian starts a cluster on 5432 when it installs postgresql; the tests use their own.
if command -v pg_lsclusters >/dev/null 2>&1; then
  pg_lsclusters -h 2>/dev/null | while read -r version name _; do pg_ctlcluster "$version" "$name" stop 2>/dev/null || true; done
fi
