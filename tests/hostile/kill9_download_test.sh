#!/usr/bin/env bash
# kill -9 in the middle of `remote download` (label hostile):
#   kill9_download_test.sh SSOSNAP KSSO_EMULATOR
# The emulator holds its first download answer back (fault plan download:1:slow), so the client
# has opened its temporary file and is waiting for the body when it is killed. Afterwards no
# final <id>.zip exists, only a .<id>.zip.ssosnap-tmp-XXXXXX temporary, and a second download to
# the same folder succeeds and verifies.
set -uo pipefail
bin=${1:?usage: kill9_download_test.sh SSOSNAP KSSO_EMULATOR}
emulator=${2:?usage: kill9_download_test.sh SSOSNAP KSSO_EMULATOR}
work=$(mktemp -d)
emu_pid=
cleanup() {
  [ -n "$emu_pid" ] && { kill "$emu_pid" 2>/dev/null; wait "$emu_pid" 2>/dev/null; }
  rm -rf "$work"
}
trap cleanup EXIT
fail=0
bad() { echo "FAIL: $*" >&2; fail=1; }

mkdir -p "$work/home/kerberos" "$work/out"
head -c $((1 << 20)) /dev/urandom > "$work/home/kerberos/blob.bin"
echo '<idp name="kill9"/>' > "$work/home/kerberos/idp.xml"
printf 'admin:kill9-pw-%s:admin\n' "$RANDOM" > "$work/users"
"$emulator" --data "$work/home" --port 0 --port-file "$work/port" --users-file "$work/users" \
  --tz UTC --fault-plan download:1:slow --slow-ms 5000 > "$work/emulator.log" 2>&1 &
emu_pid=$!
for _ in $(seq 200); do [ -s "$work/port" ] && break; sleep 0.1; done
[ -s "$work/port" ] || { echo "emulator did not start" >&2; cat "$work/emulator.log" >&2; exit 1; }
export SSOSNAP_URL=http://127.0.0.1:$(cat "$work/port") SSOSNAP_USER=admin
SSOSNAP_PASSWORD=$(cut -d: -f2 "$work/users")
export SSOSNAP_PASSWORD

id=$("$bin" remote create --description kill9 2>"$work/create.err") || { cat "$work/create.err" >&2; exit 1; }
"$bin" remote download "$id" --to "$work/out" >/dev/null 2>&1 &
pid=$!
# Wait until the temporary exists (the request is then being answered slowly), then kill.
for _ in $(seq 200); do
  ls -A "$work/out" | grep -q . && break
  sleep 0.05
done
sleep 0.5
ls -A "$work/out" | grep -q 'ssosnap-tmp' || bad "no temporary while the download ran"
kill -9 "$pid" 2>/dev/null || bad "the download ended before it could be killed"
wait "$pid" 2>/dev/null
[ -e "$work/out/$id.zip" ] && bad "a final $id.zip exists after kill -9"
for f in "$work/out"/* "$work/out"/.[!.]*; do
  [ -e "$f" ] || continue
  case $(basename "$f") in .*.ssosnap-tmp-*) ;; *) bad "unexpected $(basename "$f") after kill -9" ;; esac
done
"$bin" remote download "$id" --to "$work/out" >/dev/null 2>"$work/download.err" ||
  { cat "$work/download.err" >&2; bad "a download after the killed one failed"; }
"$bin" verify "$work/out/$id.zip" >/dev/null || bad "the second download does not verify"
echo "kill9 download: killed while the answer was held back; the re-run succeeded"
exit $fail
