#!/usr/bin/env bash
# Runs every fuzz target for SECONDS each, one after the other, at the lowest CPU priority:
#   tests/fuzz/run.sh SECONDS [TARGET...]     (default: all targets)
# Needs the fuzz build (`cmake --preset fuzz && cmake --build --preset fuzz --target fuzzers`;
# FUZZ_BUILD overrides its folder). Corpora grow in $FUZZ_BUILD/corpus/<target>, crashes land in
# $FUZZ_BUILD/crashes/<target>/ and one summary line per target goes to $FUZZ_BUILD/fuzz-summary.txt:
# target, seconds, executions, coverage (cov, ft), corpus size, crashes. Exit status 1 when any
# target found a crash, leak or timeout.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
build="${FUZZ_BUILD:-$root/build/fuzz}"
seconds="${1:?usage: run.sh SECONDS [TARGET...]}"
shift
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(archive metadata_json file_name version json_diff token_list s3_answers)

bash "$here/seed.sh" "$build/corpus" >/dev/null
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
status=0
for t in "${targets[@]}"; do
  bin="$build/tests/fuzz/fuzz_$t"
  [ -x "$bin" ] || { echo "run.sh: $bin is not built" >&2; exit 2; }
  mkdir -p "$build/crashes/$t"
  log="$build/fuzz-$t.log"
  rc=0
  nice -n 19 "$bin" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
    -print_final_stats=1 -artifact_prefix="$build/crashes/$t/" \
    "$build/corpus/$t" > "$log" 2>&1 || rc=$?
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  last=$(grep -E '^#[0-9]+' "$log" | tail -1 || true)
  cov=$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<<"$last")
  ft=$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<<"$last")
  corpus=$(find "$build/corpus/$t" -type f | wc -l)
  crashes=$(find "$build/crashes/$t" -type f | wc -l)
  line="$t seconds=$seconds execs=${execs:-?} cov=${cov:-?} ft=${ft:-?} corpus=$corpus crashes=$crashes rc=$rc"
  echo "$line" | tee -a "$build/fuzz-summary.txt"
  [ "$rc" -eq 0 ] && [ "$crashes" -eq 0 ] || status=1
done
exit $status
