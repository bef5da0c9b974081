#!/usr/bin/env bash
# kill -9 in the middle of `create`, `extract` and `rebase` (label hostile):
#   kill9_test.sh SSOSNAP [MIB]      (MIB: size of each random blob, default 2; the text is 2*MIB)
# Each command runs on inputs big enough to take a while (incompressible data, a long text
# holding the base URL) and is killed at 20%, 50% and 80% of the time an uninterrupted run of
# it took on this machine (measured first, so a fast or a loaded machine lands kills alike). After every kill the
# final output either does not exist or is complete and intact (the kill came after the
# rename); anything else beside it must be a temporary (.NAME.ssosnap-tmp-XXXXXX), and a later
# run to the same place succeeds despite the temporaries left behind.
set -uo pipefail
bin=${1:?usage: kill9_test.sh SSOSNAP [MIB]}
mib=${2:-2}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail=0
bad() { echo "FAIL: $*" >&2; fail=1; }

# Inputs: 4 x 2 MiB of random bytes and a ~4 MiB text naming the base URL on every line
# (numbered, so it compresses below the 200:1 ratio limit).
src="$work/src"
mkdir -p "$src/kerberos"
for i in 1 2 3 4; do head -c $((mib << 20)) /dev/urandom > "$src/kerberos/blob$i.bin"; done
seq 1 $((25000 * mib)) | sed 's|.*|<md:Endpoint index="&" Location="https://jira.example.test/saml/&"/>|' \
  > "$src/kerberos/federation.xml"
create_args=(--app JIRA --app-version 9.12.2 --plugin-version 6.1.0
             --base-url https://jira.example.test --time-millis 1700000000000 --tz UTC)
# timed CMD...: runs CMD to the end; prints how long it took in seconds.
timed() {
  local start end
  start=$(date +%s%N)
  "$@" >/dev/null 2>&1 || { echo "kill9: an uninterrupted run failed: $*" >&2; exit 1; }
  end=$(date +%s%N)
  echo $(((end - start) / 1000000))
}
# at MILLIS PERCENT: that share of MILLIS, in seconds for sleep.
at() { printf '%d.%03d' $(($1 * $2 / 100000)) $(($1 * $2 / 100 % 1000)); }

mkdir "$work/ref" "$work/timing"
create_ms=$(timed "$bin" create "$src" --out-dir "$work/ref" "${create_args[@]}")
ref=$(ls "$work/ref"/*.zip)
name=$(basename "$ref")
extract_ms=$(timed "$bin" extract "$ref" --to "$work/timing/x")
rebase_ms=$(timed "$bin" rebase "$ref" --base-url https://new.example.test --out "$work/timing/r.zip")
echo "kill9: uninterrupted create ${create_ms} ms, extract ${extract_ms} ms, rebase ${rebase_ms} ms"

# only_temps DIR KEEP...: every name in DIR is a KEEP name or a project temporary.
only_temps() {
  local dir=$1 f base; shift
  for f in "$dir"/* "$dir"/.[!.]*; do
    [ -e "$f" ] || continue
    base=$(basename "$f")
    case " $* " in *" $base "*) continue ;; esac
    case "$base" in .*.ssosnap-tmp-*) ;; *) bad "$dir: unexpected $base after kill -9" ;; esac
  done
}

# killed DELAY CMD...: starts CMD, kills it with SIGKILL after DELAY seconds (if still alive).
# Returns 0 when the kill hit a running process.
killed() {
  local delay=$1; shift
  "$@" >/dev/null 2>&1 &
  local pid=$!
  sleep "$delay"
  if kill -9 "$pid" 2>/dev/null; then wait "$pid" 2>/dev/null; return 0; fi
  wait "$pid" 2>/dev/null
  return 1
}

hits=0
for percent in 20 50 80; do
  # create
  out="$work/create-$percent"; mkdir "$out"
  if killed "$(at "$create_ms" "$percent")" "$bin" create "$src" --out-dir "$out" "${create_args[@]}"; then
    hits=$((hits + 1))
    if [ -e "$out/$name" ]; then cmp -s "$out/$name" "$ref" || bad "create: partial $name"; fi
    only_temps "$out" "$name" "$name.sha256"
    rm -f "$out/$name" "$out/$name.sha256"
    "$bin" create "$src" --out-dir "$out" "${create_args[@]}" >/dev/null ||
      bad "create after a killed create failed"
    cmp -s "$out/$name" "$ref" || bad "create after a kill differs"
  fi
  # extract
  out="$work/extract-$percent"; mkdir "$out"
  if killed "$(at "$extract_ms" "$percent")" "$bin" extract "$ref" --to "$out/x"; then
    hits=$((hits + 1))
    if [ -e "$out/x" ]; then
      cmp -s "$out/x/kerberos/federation.xml" "$src/kerberos/federation.xml" &&
        cmp -s "$out/x/kerberos/blob4.bin" "$src/kerberos/blob4.bin" ||
        bad "extract: incomplete target folder"
    fi
    only_temps "$out" x
    rm -rf "$out/x"
    "$bin" extract "$ref" --to "$out/x" >/dev/null || bad "extract after a killed extract failed"
  fi
  # rebase
  out="$work/rebase-$percent"; mkdir "$out"
  if killed "$(at "$rebase_ms" "$percent")" "$bin" rebase "$ref" --base-url https://new.example.test --out "$out/r.zip"; then
    hits=$((hits + 1))
    if [ -e "$out/r.zip" ]; then "$bin" verify "$out/r.zip" >/dev/null 2>&1 || bad "rebase: partial r.zip"; fi
    only_temps "$out" r.zip r.zip.sha256
    rm -f "$out/r.zip" "$out/r.zip.sha256"
    "$bin" rebase "$ref" --base-url https://new.example.test --out "$out/r.zip" >/dev/null 2>&1 ||
      bad "rebase after a killed rebase failed"
  fi
done
echo "kill9: $hits kills landed on a running command"
# A kill misses only when a run finished faster than the measured one; most must land.
[ "$hits" -ge 6 ] || bad "too few kills landed while a command ran ($hits): inputs too small?"
exit $fail
