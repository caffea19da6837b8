#!/usr/bin/env bash
# Restores the local dotnet tools (Cake) and runs build.cake with the given arguments, e.g. --target=Test.
set -euo pipefail
cd "$(dirname "$0")"
dotnet tool restore >/dev/null
exec dotnet cake build.cake "$@"
