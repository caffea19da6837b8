#!/usr/bin/env bash
# The real-world check: improve every member of each corpus library with the no-model default (`improve --all --apply`),
# rebuild every target framework, run the library's own tests, roll every change back and compare bytes.
#
#   usage: tests/realworld/run.sh CORPUS_DIR [NAME ...]     NAME: ByteSize | GuardClauses | Scrutor (default: all three)
#
# CORPUS_DIR holds one git repository per library at the commit in README.md with its patch applied (see README.md).
# CODEIMPROVE names the CLI to run (default: the Release build of this checkout). Prints one line per library:
# members, proposals, applied, build and tests before and after, time per member, and whether rollback gave back
# the exact bytes. Exit code 0 only when every library builds and passes as before and rolls back byte-exact.
set -u
corpus=$(cd "${1:?usage: run.sh CORPUS_DIR [NAME ...]}" && pwd)
shift
names=("$@"); [ ${#names[@]} -gt 0 ] || names=(ByteSize GuardClauses Scrutor)
here=$(cd "$(dirname "$0")" && pwd)
repo_root=$(cd "$here/../.." && pwd)
cli=${CODEIMPROVE:-"dotnet $repo_root/server/CodeImprove.Cli/bin/Release/net10.0/codeimprove.dll"}
out=${OUT:-$corpus/realworld-$(date +%Y%m%d-%H%M%S)}
mkdir -p "$out"
status=0

for name in "${names[@]}"; do
  case "$name" in
    ByteSize)     lib=src/ByteSizeLib/ByteSizeLib.csproj ;;
    GuardClauses) lib=src/GuardClauses/GuardClauses.csproj ;;
    Scrutor)      lib=src/Scrutor/Scrutor.csproj ;;
    *) echo "unknown library: $name" >&2; exit 2 ;;
  esac
  dir=$corpus/$name
  git -C "$dir" diff --quiet && git -C "$dir" diff --cached --quiet || { echo "$name: the work tree has changes; commit or reset them first" >&2; exit 2; }
  snapshot() { git -C "$dir" ls-files -s -m -o --exclude-standard | sort; git -C "$dir" ls-files -z | xargs -0 -I{} sha256sum "$dir/{}" 2>/dev/null | sort; }
  snapshot >"$out/$name.before"

  before=$(LOGDIR=$out/$name/before bash "$here/baseline.sh" "$name" "$corpus" | head -1)
  start=$(date +%s.%N)
  $cli improve "$dir/$lib" --all --apply --json >"$out/$name.report.json" 2>"$out/$name.improve.log"
  improve_rc=$?
  seconds=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN{printf "%.1f", b-a}')
  after=$(LOGDIR=$out/$name/after bash "$here/baseline.sh" "$name" "$corpus" | head -1)
  git -C "$dir" diff --stat >"$out/$name.diffstat"
  git -C "$dir" diff >"$out/$name.diff"

  # Roll back every point this run recorded, each on its own hunks.
  for point in $($cli history --workspace "$dir" --json | python3 -c 'import json,sys; print(" ".join(p["id"] for p in json.load(sys.stdin)["points"] if not p.get("reverts")))'); do
    $cli rollback "$point" --workspace "$dir" --merge >>"$out/$name.rollback.log" 2>&1 || echo "rollback $point failed" >>"$out/$name.rollback.log"
  done
  snapshot >"$out/$name.after-rollback"
  if cmp -s "$out/$name.before" "$out/$name.after-rollback"; then exact=yes; else exact=NO; status=1; fi

  summary=$(python3 -c 'import json,sys; s=json.load(open(sys.argv[1]))["summary"]; print("%d members, %d proposals, %d applied, %d errors, %.2f s median per member (load %.1f s)" % (s["targets"], s["proposals"], s["applied"], s["errors"], s["medianSeconds"], s["loadSeconds"]))' "$out/$name.report.json" 2>/dev/null || echo "no report (improve exit $improve_rc)")
  strip() { sed -E 's/^[^:]*: //; s/ \| logs:.*//'; }
  echo "$name: $summary, ${seconds} s for improve --all --apply"
  echo "  before:   $(strip <<<"$before")"
  echo "  after:    $(strip <<<"$after")"
  echo "  rollback: byte-exact $exact"
  passed() { grep -oE '[0-9]+ passed' <<<"$1" | grep -oE '[0-9]+'; }
  if grep -q FAIL <<<"$after" || ! grep -q ' 0 failed' <<<"$after" || [ "$(passed "$after")" != "$(passed "$before")" ]; then
    echo "  REGRESSION: see $out/$name.diff and $out/$name/after"; status=1
  fi
done
echo "reports, diffs and logs: $out"
exit $status
