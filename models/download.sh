#!/usr/bin/env bash
# Downloads a recommended GGUF model from models/models.json and verifies its sha256.
#   models/download.sh                 list the models
#   models/download.sh <id> [dir]      download one into dir (default: ~/.local/share/codeimprove/models)
# Where the manifest has no sha256 yet, the hash is computed after the download, written to <file>.sha256 beside
# it and checked on later runs (trust on first download); copy it into models.json to pin it for everyone.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
manifest="$here/models.json"
command -v python3 >/dev/null || { echo "download.sh: python3 is needed to read $manifest" >&2; exit 1; }
command -v curl >/dev/null || { echo "download.sh: curl is needed" >&2; exit 1; }

field() { # field <id> <name>: one value from the manifest ("" for null)
  python3 - "$manifest" "$1" "$2" <<'PY'
import json, sys
models = {m["id"]: m for m in json.load(open(sys.argv[1]))["models"]}
if sys.argv[2] not in models:
    sys.exit("unknown model id '%s'; run models/download.sh to list them" % sys.argv[2])
value = models[sys.argv[2]].get(sys.argv[3])
print("" if value is None else value)
PY
}

sha256_of() {
  if command -v sha256sum >/dev/null; then sha256sum "$1" | cut -d' ' -f1; else shasum -a 256 "$1" | cut -d' ' -f1; fi
}

if [[ $# -eq 0 ]]; then
  python3 - "$manifest" <<'PY'
import json, sys
for m in json.load(open(sys.argv[1]))["models"]:
    print("%-40s %6.1f GB  %s" % (m["id"], m["approximateBytes"] / 1e9, m["use"]))
PY
  exit 0
fi

id="$1"
dir="${2:-${XDG_DATA_HOME:-$HOME/.local/share}/codeimprove/models}"
file="$(field "$id" file)"
url="$(field "$id" url)"
expected="$(field "$id" sha256)"
target="$dir/$file"
mkdir -p "$dir"

if [[ ! -f "$target" ]]; then
  echo "downloading $url -> $target"
  curl --fail --location --continue-at - --output "$target.part" "$url"
  mv "$target.part" "$target"
fi

echo "checking sha256 of $target"
actual="$(sha256_of "$target")"
if [[ -z "$expected" && -f "$target.sha256" ]]; then
  expected="$(cut -d' ' -f1 "$target.sha256")"
fi
if [[ -z "$expected" ]]; then
  echo "$actual  $file" > "$target.sha256"
  echo "models.json has no sha256 for $id; recorded $actual in $target.sha256"
elif [[ "$actual" != "$expected" ]]; then
  echo "download.sh: sha256 mismatch for $target: got $actual, expected $expected. Delete the file and download again." >&2
  exit 1
else
  echo "sha256 ok ($actual)"
fi
echo "set \"model\": { \"path\": \"$target\" } in .codeimprove/config.json, or run: codeimprove generate --model \"$target\" --prompt \"...\""
