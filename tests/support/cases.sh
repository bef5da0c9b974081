# Shared by the shell tests (tests/age, tests/s3): source it after setting $work (a private
# folder). ok/bad count cases and remember a failure in $fail; expect runs a command and checks
# its exit status and output; a test may define expect_also NAME (called with the output in
# $work/out after every expect) for checks of its own, e.g. that no secret was printed.
fail=0
cases=0
ok() { cases=$((cases + 1)); echo "ok: $*"; }
bad() { cases=$((cases + 1)); echo "FAIL: $*" >&2; fail=1; }

# expect NAME STATUS PATTERN CMD...: CMD's exit status must be STATUS and its stdout+stderr
# must match the extended regex PATTERN.
expect() {
  local name=$1 want=$2 pattern=$3
  shift 3
  local got=0
  "$@" >"$work/out" 2>&1 || got=$?
  if [ "$got" != "$want" ]; then
    bad "$name: exit $got, expected $want: $(head -c 800 "$work/out")"
  elif ! grep -Eq -- "$pattern" "$work/out"; then
    bad "$name: output does not match /$pattern/: $(head -c 800 "$work/out")"
  else
    ok "$name"
  fi
  if declare -F expect_also > /dev/null; then expect_also "$name"; fi
}

# finish: prints the count and exits with the result.
finish() {
  echo "$cases cases, $([ "$fail" = 0 ] && echo all passed || echo FAILURES)"
  exit "$fail"
}
