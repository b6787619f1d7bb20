#!/usr/bin/env bash
# Runs the ChildIndex directory on a fresh clone: builds, applies the SQLite migrations, loads the
# demo children, and serves gRPC (h2c) on 127.0.0.1 until Ctrl-C.
#   CHILDINDEX_PORT      port to serve on (default 5080)
#   CHILDINDEX_DATA_DIR  folder for the SQLite database (default ./data)
set -euo pipefail
cd "$(dirname "$0")"

export ASPNETCORE_ENVIRONMENT="${ASPNETCORE_ENVIRONMENT:-Development}"
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1
data_dir="${CHILDINDEX_DATA_DIR:-data}"
mkdir -p "$data_dir"
export CHILDINDEX_DATA_DIR="$(cd "$data_dir" && pwd)"

echo "building..."
dotnet build ChildIndex.sln -c Release -nologo -v quiet -clp:ErrorsOnly

api=(dotnet src/ChildIndex.Api/bin/Release/net10.0/ChildIndex.Api.dll)
"${api[@]}" migrate
"${api[@]}" seed-demo
echo "try, in another terminal: ./childindex search --family-name 'okafor davies' --dob 2017-03-14"
exec "${api[@]}" serve
