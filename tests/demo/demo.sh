#!/usr/bin/env bash
# The newcomer's first run: a stand-in server, then backup → change → diff → restore --plan →
# restore --yes → verified; then an encrypted backup (age) and a restore from it. Usage: tests/demo/demo.sh BUILD_DIR (e.g. build/release).
# Everything happens in a temporary folder; the emulator is stopped on exit, whatever happens.
set -euo pipefail

if [[ $# -ne 1 ]]; then
    echo "usage: $0 BUILD_DIR" >&2
    exit 2
fi
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
build="$(cd "$1" 2>/dev/null && pwd)" || { echo "demo: no build folder $1" >&2; exit 2; }
ssosnap="$build/src/ssosnap"
emulator="$build/src/emulator/ksso-emulator"
for b in "$ssosnap" "$emulator"; do
    [[ -x "$b" ]] || { echo "demo: $b is missing: build the ssosnap and ksso-emulator targets" >&2; exit 2; }
done

work="$(mktemp -d "${TMPDIR:-/tmp}/ssosnap-demo-XXXXXX")"
emu_pid=""
cleanup() {
    if [[ -n "$emu_pid" ]]; then
        kill "$emu_pid" 2>/dev/null || true
        wait "$emu_pid" 2>/dev/null || true
    fi
    rm -rf "$work"
}
trap cleanup EXIT INT TERM

say() { printf '\n== %s\n' "$*"; }

# The demo's own stand-in credentials: a random password, kept out of every argv.
export SSOSNAP_PASSWORD="demo-$RANDOM$RANDOM-pw"
export SSOSNAP_USER=admin
umask 077
printf 'admin:%s:admin\n' "$SSOSNAP_PASSWORD" >"$work/users.txt"

say "Starting ksso-emulator on 127.0.0.1 (a free port) with its realistic sample configuration (SAML, OIDC, Kerberos, LDAP)"
home="$work/jira-home"
"$emulator" --data "$home" --sample-config --bind 127.0.0.1 --port 0 --port-file "$work/port" \
    --users-file "$work/users.txt" --tz UTC --request-log "$work/requests.log" \
    >"$work/emulator.log" 2>&1 &
emu_pid=$!
for _ in $(seq 1 100); do
    [[ -s "$work/port" ]] && break
    kill -0 "$emu_pid" 2>/dev/null || { cat "$work/emulator.log" >&2; exit 1; }
    sleep 0.1
done
[[ -s "$work/port" ]] || { echo "demo: the emulator did not start" >&2; exit 1; }
export SSOSNAP_URL="http://127.0.0.1:$(cat "$work/port")"
echo "server: $SSOSNAP_URL (user admin, password from SSOSNAP_PASSWORD)"

say "Offline: inspect and verify a fixture archive (no server needed)"
fixture="$root/fixtures/jira/sso-snapshot-2022-01-04-13_17_04.zip"
"$ssosnap" inspect "$fixture"
"$ssosnap" verify "$fixture"

say "Backup: the server takes a snapshot, ssosnap downloads it, writes a .sha256 and verifies it"
backup="$("$ssosnap" backup --to "$work/backups" --description "demo backup")"
echo "backup: $backup"
ls "$work/backups"

say "Someone changes the live config on the server (the SAML IdP renamed, a login toggle removed)"
sed -i 's/"Azure AD"/"AZURE-CHANGED"/' "$home/kerberos/saml/azure-ad/config.json"
rm -f "$home/kerberos/prevent_username_password_login.txt"

say "Diff: the backup against a fresh snapshot of the changed server (secrets redacted)"
after="$("$ssosnap" backup --to "$work/backups" --description "after the change")"
status=0
"$ssosnap" diff "$backup" "$after" || status=$?
[[ $status -eq 1 ]] || { echo "demo: diff should report differences (exit 1), got $status" >&2; exit 1; }

say "Restore --plan: a safety snapshot, then what the restore would change; nothing restored"
"$ssosnap" restore "$backup" --plan

say "Restore --yes: upload, restore by id, then verify with a post-restore snapshot"
"$ssosnap" restore "$backup" --yes

say "The live config equals the backup again"
grep -q 'AZURE-CHANGED' "$home/kerberos/saml/azure-ad/config.json" && { echo "demo: change still there" >&2; exit 1; }
[[ -f "$home/kerberos/prevent_username_password_login.txt" ]] || { echo "demo: toggle not restored" >&2; exit 1; }
say "Encrypted: a backup this host cannot read (age recipient), then a restore from it"
# The identity would normally live offline; only its public key is needed to back up.
age-keygen -o "$work/age-identity.txt" 2>/dev/null
recipient="$(age-keygen -y "$work/age-identity.txt")"
sealed="$("$ssosnap" backup --to "$work/backups" --description "encrypted demo" --encrypt-to "$recipient")"
echo "encrypted backup: $sealed"
ls "$work/backups" | grep "$(basename "$sealed")"
"$ssosnap" verify "$sealed"   # no identity: the stored file against its .sha256, and what was not checked
sed -i 's/"Azure AD"/"AZURE-CHANGED-AGAIN"/' "$home/kerberos/saml/azure-ad/config.json"
"$ssosnap" restore "$sealed" --yes --identity "$work/age-identity.txt"
grep -q 'AZURE-CHANGED-AGAIN' "$home/kerberos/saml/azure-ad/config.json" && { echo "demo: encrypted restore did not take" >&2; exit 1; }
echo "demo finished: backed up, changed, diffed, planned, restored and verified; encrypted backup restored"
