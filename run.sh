#!/usr/bin/env bash
# Runs ChildIndex on a fresh clone: builds, applies the SQLite migrations, loads the demo children
# and the demo identities, then serves until Ctrl-C:
#   the web portal (for people; start here)              http://127.0.0.1:$CHILDINDEX_PORTAL_PORT
#   the identity server (sign-in pages, OpenID Connect)  http://127.0.0.1:$CHILDINDEX_IDENTITY_PORT
#   its IdentityAdmin gRPC API (h2c)                     http://127.0.0.1:$CHILDINDEX_IDENTITY_ADMIN_PORT
#   the directory's gRPC API (h2c)                       http://127.0.0.1:$CHILDINDEX_PORT
# Settings (environment): CHILDINDEX_PORT (5080), CHILDINDEX_IDENTITY_PORT (5081),
# CHILDINDEX_IDENTITY_ADMIN_PORT (5082), CHILDINDEX_PORTAL_PORT (5083), CHILDINDEX_DATA_DIR (./data).
# See README.md.
set -euo pipefail
cd "$(dirname "$0")"

export ASPNETCORE_ENVIRONMENT="${ASPNETCORE_ENVIRONMENT:-Development}"
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1
data_dir="${CHILDINDEX_DATA_DIR:-data}"
mkdir -p "$data_dir"
export CHILDINDEX_DATA_DIR="$(cd "$data_dir" && pwd)"
export CHILDINDEX_PORT="${CHILDINDEX_PORT:-5080}"
export CHILDINDEX_IDENTITY_PORT="${CHILDINDEX_IDENTITY_PORT:-5081}"
export CHILDINDEX_IDENTITY_ADMIN_PORT="${CHILDINDEX_IDENTITY_ADMIN_PORT:-5082}"
export CHILDINDEX_PORTAL_PORT="${CHILDINDEX_PORTAL_PORT:-5083}"
export CHILDINDEX_IDENTITY_AUTHORITY="${CHILDINDEX_IDENTITY_AUTHORITY:-http://127.0.0.1:$CHILDINDEX_IDENTITY_PORT}"
# The audit trail's checkpoints are also kept outside the database (README, "The witness"); in
# production on other storage, or a `ChildIndex.Api witness` service on another host.
export CHILDINDEX_AUDIT_WITNESS="${CHILDINDEX_AUDIT_WITNESS:-file:$CHILDINDEX_DATA_DIR/witness/checkpoints.jsonl}"
export CHILDINDEX_DIRECTORY_ADDRESS="${CHILDINDEX_DIRECTORY_ADDRESS:-http://127.0.0.1:$CHILDINDEX_PORT}"
export CHILDINDEX_PORTAL_REDIRECT_URIS="${CHILDINDEX_PORTAL_REDIRECT_URIS:-http://127.0.0.1:$CHILDINDEX_PORTAL_PORT/signin-oidc}"

echo "building..."
dotnet build ChildIndex.sln -c Release -nologo -v quiet -clp:ErrorsOnly

identity=(dotnet src/ChildIndex.Identity/bin/Release/net10.0/ChildIndex.Identity.dll)
directory=(dotnet src/ChildIndex.Api/bin/Release/net10.0/ChildIndex.Api.dll)
portal=(dotnet src/ChildIndex.Portal/bin/Release/net10.0/ChildIndex.Portal.dll)
demo_data=(dotnet src/ChildIndex.DemoData/bin/Release/net10.0/ChildIndex.DemoData.dll)
"${identity[@]}" migrate
# The seeding logs a line per demo record: kept in the data folder, so that the portal's address
# and the demo users stay on screen.
users="$("${identity[@]}" seed-demo 2>>"$CHILDINDEX_DATA_DIR/seed-demo.log" | sed -n '/^demo identities/,$p')"
"${directory[@]}" migrate
children="$("${demo_data[@]}" 2>>"$CHILDINDEX_DATA_DIR/seed-demo.log" | tee -a "$CHILDINDEX_DATA_DIR/seed-demo.log" | tail -n 1)"

pids=()
"${identity[@]}" serve &
pids+=($!)
"${portal[@]}" >"$CHILDINDEX_DATA_DIR/portal.log" 2>&1 &
pids+=($!)
trap 'kill "${pids[@]}" 2>/dev/null || true; wait "${pids[@]}" 2>/dev/null || true' EXIT
trap 'exit 130' INT TERM

cat <<HINT

==> open the web portal: http://127.0.0.1:$CHILDINDEX_PORTAL_PORT
    sign in as one of the demo users below, with the password and a code from
    ./childindex totp <secret>   (a stand-in for an authenticator app)

$users
$children

or, in another terminal, the command line:
  ./childindex login                         # open the address it prints, sign in as pat.practitioner
                                             # (password childindex-demo, code: ./childindex totp <secret above>)
  ./childindex search --family-name 'okafor davies' --dob 2017-03-14 --purpose service-delivery
  ./childindex show <child id> --purpose service-delivery
  (sam.safeguarding may break the glass on the shielded demo child; ida.index reviews it; sol.security reads the trail)

HINT
# The directory copies authentication events from the identity server's gRPC port, with a secret the
# identity server generates into the data folder at its first start: it starts once both are there
# (30 s at most; it would only retry every 2 s meanwhile, with a warning each time).
for _ in $(seq 150); do
  if [ -s "$CHILDINDEX_DATA_DIR/directory-client-secret" ] && (exec 3<>"/dev/tcp/127.0.0.1/$CHILDINDEX_IDENTITY_ADMIN_PORT") 2>/dev/null; then
    break
  fi
  sleep 0.2
done
"${directory[@]}" serve
