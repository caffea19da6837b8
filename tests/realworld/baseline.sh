#!/usr/bin/env bash
# Baseline build + test of one corpus library, offline.
#
#   usage: baseline.sh NAME CORPUS_DIR      NAME: ByteSize | GuardClauses | Scrutor
#
# For NAME it restores from the local NuGet cache only (~/.nuget/packages used
# as the package source, audit off: no network), builds the library once per
# target framework (clean: --no-incremental, one node), builds and runs the
# test project, and prints one summary line, then a plain
# "N passed, N failed, N skipped" line. Full logs go to $LOGDIR
# (default: CORPUS_DIR/logs/NAME). Exit code 0 only if every build succeeded
# and no test failed.
#
# Env: ONLINE=1 restores from the configured feeds instead of the local cache.
set -u
name=${1:?usage: baseline.sh NAME [CORPUS_DIR]}
corpus=${2:?usage: baseline.sh NAME CORPUS_DIR}

case "$name" in
  ByteSize)     lib=src/ByteSizeLib/ByteSizeLib.csproj;  tst=src/ByteSizeLib.Tests/ByteSizeLib.Tests.csproj ;;
  GuardClauses) lib=src/GuardClauses/GuardClauses.csproj; tst=test/GuardClauses.UnitTests/GuardClauses.UnitTests.csproj ;;
  Scrutor)      lib=src/Scrutor/Scrutor.csproj;            tst=test/Scrutor.Tests/Scrutor.Tests.csproj ;;
  *) echo "unknown library: $name (ByteSize | GuardClauses | Scrutor)" >&2; exit 2 ;;
esac

repo=$corpus/$name
[ -d "$repo" ] || { echo "no such directory: $repo" >&2; exit 2; }
logdir=${LOGDIR:-$corpus/logs/$name}
mkdir -p "$logdir"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
cd "$repo" || exit 2

now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN{printf "%.1f", b-a}'; }
# "N Warning(s)" / "N Error(s)" from an MSBuild console summary
count() { grep -E "^ +[0-9]+ $1\(s\)" "$2" | tail -1 | awk '{print $1}'; }

# --- restore (offline) ---
if [ "${ONLINE:-0}" = 1 ]; then src=(); else src=(--source "$HOME/.nuget/packages"); fi
restore_ok=1; : >"$logdir/restore.log"
for p in "$lib" "$tst"; do
  dotnet restore "$p" "${src[@]}" -p:NuGetAudit=false >>"$logdir/restore.log" 2>&1 || restore_ok=0
done
if [ $restore_ok = 0 ]; then
  echo "$name: restore FAILED (see $logdir/restore.log)"; exit 1
fi

# --- library, once per target framework ---
tfms=$(dotnet msbuild "$lib" -getProperty:TargetFrameworks 2>/dev/null | tr -d '\r')
[ -n "$tfms" ] || tfms=$(dotnet msbuild "$lib" -getProperty:TargetFramework 2>/dev/null | tr -d '\r')
all_ok=1
builds=""
IFS=';' read -ra tfm_list <<<"$tfms"
for f in "${tfm_list[@]}"; do
  [ -n "$f" ] || continue
  log=$logdir/build-$f.log
  t0=$(now)
  dotnet build "$lib" -f "$f" --no-restore --no-incremental -m:1 -nodeReuse:false \
      -p:GeneratePackageOnBuild=false >"$log" 2>&1
  rc=$?
  t1=$(now)
  w=$(count Warning "$log"); e=$(count Error "$log")
  if [ $rc = 0 ]; then st=ok; else st=FAIL; all_ok=0; fi
  builds="$builds $f=$st(${w:-?}w/${e:-?}e,$(secs "$t0" "$t1")s)"
done

# --- tests ---
tlog=$logdir/test.log
t0=$(now)
dotnet build "$tst" --no-restore -m:1 -nodeReuse:false >"$logdir/build-tests.log" 2>&1
brc=$?
passed=0; failed=0; skipped=0
if [ $brc != 0 ]; then
  all_ok=0; tstat="test-build FAIL"
else
  if grep -qs '"Microsoft.Testing.Platform"' global.json; then
    dotnet test --project "$tst" --no-build >"$tlog" 2>&1      # Microsoft.Testing.Platform mode
  else
    dotnet test "$tst" --no-build >"$tlog" 2>&1                # VSTest mode
  fi
  trc=$?
  if grep -qE '^ +total: ' "$tlog"; then                       # MTP summary
    failed=$(awk '/^ +failed: /{v=$2} END{print v+0}' "$tlog")
    passed=$(awk '/^ +succeeded: /{v=$2} END{print v+0}' "$tlog")
    skipped=$(awk '/^ +skipped: /{v=$2} END{print v+0}' "$tlog")
  else                                                         # VSTest: "Passed!  - Failed: 0, Passed: 9, Skipped: 0, Total: 9"
    line=$(grep -E '(Passed|Failed)! +- Failed: ' "$tlog" | tail -1)
    failed=$(sed -E 's/.*Failed: +([0-9]+).*/\1/' <<<"$line")
    passed=$(sed -E 's/.*Passed: +([0-9]+).*/\1/' <<<"$line")
    skipped=$(sed -E 's/.*Skipped: +([0-9]+).*/\1/' <<<"$line")
  fi
  passed=${passed:-0}; failed=${failed:-0}; skipped=${skipped:-0}
  if [ "$trc" != 0 ] || [ "$failed" != 0 ]; then all_ok=0; fi
  [ "$trc" != 0 ] && [ "$failed" = 0 ] && failed=?   # runner failed without a count
  tstat="tests rc=$trc"
fi
t1=$(now)

echo "$name @ $(git rev-parse --short HEAD): build$builds | $tstat: $passed passed, $failed failed, $skipped skipped ($(secs "$t0" "$t1")s incl. test build) | logs: $logdir"
echo "$name: $passed passed, $failed failed, $skipped skipped"
[ $all_ok = 1 ]
