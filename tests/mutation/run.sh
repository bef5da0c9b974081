#!/usr/bin/env bash
# Mutation run, on demand (not part of CI; docs/testing.md, "Mutation run"):
#   tests/mutation/run.sh [NAME-SUBSTRING...]
# For each tests/mutation/mutations/NN-NAME.patch (all, or those whose name contains one of
# the arguments): apply it to the work tree, rebuild the targets named on its "# targets:" line
# in the ci build (build/ci, or $SSOSNAP_MUTATION_BUILD; incremental), run the ctest selection
# on its "# tests:" line, and revert it. A mutation no test catches SURVIVED. Prints a Markdown
# table (also written to BUILD/mutation/results.md, with one log per mutation beside it); exits
# 1 when a mutation survived or could not be applied or built.
# Each mutation runs only the tests that can reach the code it changes, not the whole suite:
# the full suite per mutation takes too long on a 2-core machine.
set -uo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${SSOSNAP_MUTATION_BUILD:-$root/build/ci}
out=$build/mutation
[ -f "$build/CMakeCache.txt" ] || { echo "no configured build in $build: run 'cmake --preset ci' first" >&2; exit 2; }
mkdir -p "$out"
cd "$root" || exit 2

applied=
revert() {
  if [ -n "$applied" ]; then
    git apply -R "$applied" || echo "run.sh: could not revert $applied: fix the work tree by hand" >&2
    applied=
  fi
}
trap 'revert; exit 130' INT TERM
trap revert EXIT

selected() {
  local name=$1
  shift
  [ $# -eq 0 ] && return 0
  for want in "$@"; do [[ $name == *"$want"* ]] && return 0; done
  return 1
}

rows=()
bad=0
# The table grows as mutations finish, so an interrupted run keeps what it found.
printf '| mutation | what it breaks | tests run | result |\n|---|---|---|---|\n' > "$out/results.md"
row() {
  rows+=("$1")
  echo "$1" >> "$out/results.md"
}
all_targets=()
for patch in tests/mutation/mutations/*.patch; do
  name=$(basename "$patch" .patch)
  selected "$name" "$@" || continue
  what=$(sed -n '1s/^# //p' "$patch")
  read -r -a targets <<< "$(sed -n 's/^# targets: //p' "$patch")"
  read -r -a tests <<< "$(sed -n 's/^# tests: //p' "$patch")"
  all_targets+=("${targets[@]}")
  log=$out/$name.log
  echo "== $name: $what" >&2
  if ! git apply "$patch" 2> "$log"; then
    row "| $name | $what | — | **not applied** (the code moved: update the patch) |"
    bad=1
    continue
  fi
  applied=$patch
  if ! cmake --build "$build" --target "${targets[@]}" >> "$log" 2>&1; then
    row "| $name | $what | — | **build failed** (see $name.log) |"
    bad=1
    revert
    continue
  fi
  ctest --test-dir "$build" --no-tests=error --timeout 600 "${tests[@]}" >> "$log" 2>&1
  rc=$?
  revert
  summary=$(grep -Eo '[0-9]+ tests failed out of [0-9]+' "$log" | tail -1)
  total=$(grep -Eo 'out of [0-9]+' <<< "$summary" | grep -Eo '[0-9]+')
  if grep -q 'No tests were found' "$log"; then
    row "| $name | $what | 0 | **SURVIVED** (no test matches the selection) |"
    bad=1
  elif [ $rc -eq 0 ]; then
    total=$(grep -Eo 'tests passed, 0 tests failed out of [0-9]+' "$log" | grep -Eo '[0-9]+$' | tail -1)
    row "| $name | $what | ${total:-?} | **SURVIVED** |"
    bad=1
  else
    failed=$(sed -n '/The following tests FAILED:/,$p' "$log" | grep -E '^\s+[0-9]+ - ' |
      sed -E 's/^\s+[0-9]+ - ([^ ]+).*/\1/' | head -3 | paste -sd ',' | sed 's/,/, /g')
    count=$(grep -Eo '^[0-9]+' <<< "$summary")
    row "| $name | $what | ${total:-?} | killed: ${count:-?} failed ($failed) |"
  fi
done

# Leave the build matching the source again.
if [ ${#all_targets[@]} -gt 0 ]; then
  mapfile -t unique < <(printf '%s\n' "${all_targets[@]}" | sort -u)
  cmake --build "$build" --target "${unique[@]}" > "$out/rebuild.log" 2>&1 ||
    echo "run.sh: the final rebuild failed (see $out/rebuild.log)" >&2
fi

cat "$out/results.md"
exit $bad
