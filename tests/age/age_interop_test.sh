#!/usr/bin/env bash
# Encrypted archives against the real age program (label age): age_interop_test.sh SSOSNAP
# KSSO_EMULATOR FIXTURES_DIR. Keys are generated here, never committed. Checks, each one case:
#   ssosnap encrypts → `age -d -i KEY` gives the byte-identical zip, for each of three
#   recipients (two X25519, one ssh-ed25519); `age -r` encrypts → ssosnap inspects, verifies,
#   diffs; a flipped byte, a truncation, a wrong identity, a bad recipient and a missing age
#   program are refused with their stable codes and exit statuses; without the identity ls,
#   validate and verify work from the sidecars; an encrypted backup and an encrypted restore
#   through the emulator, watched with inotifywait on the target folder and TMPDIR, never
#   create a plaintext zip; watch over the encrypted backup folder needs --identity and
#   recipients, and keeps its drift evidence as NAME.zip.age (+ .sha256, .json), watched too;
#   a profile's encrypt-to makes `backup --profile` encrypt (a flag replaces it) and a
#   profile's identity lets `restore --profile` decrypt.
set -uo pipefail
ssosnap=${1:?usage: age_interop_test.sh SSOSNAP KSSO_EMULATOR FIXTURES_DIR}
emulator=${2:?}
fixtures=${3:?}
for tool in age age-keygen ssh-keygen inotifywait cmp; do
  command -v "$tool" >/dev/null || { echo "$tool is not installed: skipped"; exit 77; }
done
work=$(mktemp -d)
emu_pid=
watch_pid=
cleanup() {
  [ -n "$watch_pid" ] && kill "$watch_pid" 2>/dev/null
  [ -n "$emu_pid" ] && { kill "$emu_pid" 2>/dev/null; wait "$emu_pid" 2>/dev/null; }
  rm -rf "$work"
}
trap cleanup EXIT
export ASAN_OPTIONS=detect_leaks=0
unset SSOSNAP_AGE_IDENTITY
# shellcheck source=../support/cases.sh
source "$(dirname "$0")/../support/cases.sh"

umask 077
keys=$work/keys
mkdir -p "$keys"
age-keygen -o "$keys/a.txt" 2>/dev/null
age-keygen -o "$keys/b.txt" 2>/dev/null
age-keygen -o "$keys/stranger.txt" 2>/dev/null
ssh-keygen -q -t ed25519 -N '' -C ssosnap-test -f "$keys/ssh" >/dev/null
rec_a=$(age-keygen -y "$keys/a.txt")
rec_b=$(age-keygen -y "$keys/b.txt")
rec_ssh=$(cat "$keys/ssh.pub")
printf '%s\n' "$rec_b" > "$keys/recipients.txt"

# --- ssosnap encrypts, age decrypts: the byte-identical zip (create is deterministic) -------
src=$work/src
mkdir -p "$src/saml" "$work/plain" "$work/sealed"
echo '{"idp":"Azure AD","secret":"s3cr3t"}' > "$src/saml/config.json"
echo 'enabled=true' > "$src/settings.properties"
create_args=(--app JIRA --app-version 9.12.2 --plugin-version 6.1.0
  --base-url https://jira.example.test --time-millis 1700000000000 --tz UTC)
"$ssosnap" create "$src" --out-dir "$work/plain" "${create_args[@]}" >/dev/null
plain=$(ls "$work/plain"/*.zip)
expect "create --encrypt-to writes NAME.zip.age" 0 '\.zip\.age$' \
  "$ssosnap" create "$src" --out-dir "$work/sealed" "${create_args[@]}" \
  --encrypt-to "$rec_a" --recipients-file "$keys/recipients.txt" --encrypt-to "$rec_ssh"
sealed=$(ls "$work/sealed"/*.zip.age)
if ls "$work/sealed" | grep -Eq '\.zip$'; then bad "a plaintext zip beside the encrypted one"; else ok "no plaintext zip in the output folder"; fi
for key in a.txt b.txt ssh; do
  if age -d -i "$keys/$key" "$sealed" > "$work/decrypted.zip" 2>"$work/age.err" &&
    cmp -s "$work/decrypted.zip" "$plain"; then
    ok "age -d -i $key gives the byte-identical zip"
  else
    bad "age -d -i $key: $(cat "$work/age.err")"
  fi
done
if (cd "$work/sealed" && sha256sum -c --quiet "$(basename "$sealed").sha256"); then
  ok ".sha256 covers the stored (encrypted) file"
else
  bad ".sha256 does not match the stored file"
fi
meta=$sealed.json
if grep -q '"applicationName": "JIRA"' "$meta" && grep -q "\"sha256\": \"$(sha256sum "$plain" | cut -c1-64)\"" "$meta" &&
  ! grep -q 's3cr3t' "$meta"; then
  ok "the readable sidecar holds the metadata and the plaintext's SHA-256, no secret"
else
  bad "sidecar: $(cat "$meta")"
fi
if [ "$(stat -c %a "$sealed")" = 600 ]; then ok "NAME.zip.age is 0600"; else bad "mode $(stat -c %a "$sealed")"; fi

# --- age encrypts, ssosnap reads -------------------------------------------------------------
fixture=$fixtures/jira/sso-snapshot-2022-01-04-13_17_04.zip
theirs=$work/theirs/sso-snapshot-2022-01-04-13_17_04.zip.age
mkdir -p "$work/theirs"
age -r "$rec_a" -o "$theirs" "$fixture"
expect "verify decrypts an age -r file" 0 '^ok .*decrypted' \
  "$ssosnap" verify "$theirs" --identity "$keys/a.txt"
expect "inspect with SSOSNAP_AGE_IDENTITY" 0 'JIRA' \
  env SSOSNAP_AGE_IDENTITY="$keys/a.txt" "$ssosnap" inspect "$theirs"
expect "diff encrypted against plain: no differences" 0 '' \
  "$ssosnap" diff "$theirs" "$fixture" --identity "$keys/a.txt"
expect "diff encrypted against another snapshot: differences" 1 'config.json|settings' \
  "$ssosnap" diff "$theirs" "$plain" --identity "$keys/a.txt"
expect "textconv of an encrypted archive" 0 'JIRA' \
  env SSOSNAP_AGE_IDENTITY="$keys/a.txt" "$ssosnap" textconv "$theirs"
expect "extract an encrypted archive" 0 'extracted' \
  "$ssosnap" extract "$sealed" --to "$work/extracted" --identity "$keys/b.txt"
[ -f "$work/extracted/saml/config.json" ] && ok "extracted the entries" || bad "nothing extracted"

# The stored file's .sha256 is checked beside the decryption (on its own thread): a match, and
# a line that does not match.
expect "verify with identity: the stored file matches its .sha256" 0 '^ok ' \
  "$ssosnap" verify "$sealed" --identity "$keys/a.txt"
mkdir -p "$work/resealed"
cp "$sealed" "$sealed.json" "$work/resealed/"
printf '%064d  %s\n' 0 "$(basename "$sealed")" > "$work/resealed/$(basename "$sealed").sha256"
expect "verify with identity sees a .sha256 that does not match" 1 'sidecar-mismatch' \
  "$ssosnap" verify "$work/resealed/$(basename "$sealed")" --identity "$keys/a.txt"

# --- refusals ----------------------------------------------------------------------------------
cp "$theirs" "$work/flipped.zip.age"
size=$(stat -c %s "$work/flipped.zip.age")
# One bit of one byte flipped (XOR, so the byte always changes, whatever age wrote there).
orig=$(od -An -tu1 -j $((size - 40)) -N1 "$work/flipped.zip.age" | tr -d ' ')
printf "\\x$(printf %02x $((orig ^ 1)))" | dd of="$work/flipped.zip.age" bs=1 seek=$((size - 40)) conv=notrunc 2>/dev/null
cmp -s "$theirs" "$work/flipped.zip.age" && bad "the byte did not change"
expect "a flipped byte is refused" 3 'age-corrupt|truncated or altered' \
  "$ssosnap" verify "$work/flipped.zip.age" --identity "$keys/a.txt"
head -c $((size - 100)) "$theirs" > "$work/truncated.zip.age"
expect "a truncation is refused" 3 'truncated or altered' \
  "$ssosnap" inspect "$work/truncated.zip.age" --identity "$keys/a.txt"
expect "a wrong identity is refused" 3 'none of the --identity keys' \
  "$ssosnap" inspect "$theirs" --identity "$keys/stranger.txt"
expect "no identity: inspect says what to pass" 3 'pass --identity FILE' \
  "$ssosnap" inspect "$theirs"
mkdir -p "$work/bad"
expect "a recipient that is not a public key is refused" 2 'not an age or SSH public key' \
  "$ssosnap" create "$src" --out-dir "$work/bad" "${create_args[@]}" --encrypt-to "$keys/a.txt"
[ -z "$(ls -A "$work/bad")" ] && ok "nothing written for a bad recipient" || bad "left: $(ls -A "$work/bad")"
expect "a missing age program names the package" 3 "Debian package 'age'" \
  "$ssosnap" create "$src" --out-dir "$work/bad" "${create_args[@]}" --encrypt-to "$rec_a" \
  --age-program "$work/no-such-age"
# A passphrase-encrypted file, made by age itself on a pseudo-terminal (script), then read by
# ssosnap in a new session (setsid): no terminal to ask on.
if command -v script >/dev/null && command -v setsid >/dev/null; then
  printf 'pw-test\npw-test\n' |
    script -qec "age -p -o '$work/passphrase.zip.age' '$fixture'" /dev/null >/dev/null 2>&1
  if head -2 "$work/passphrase.zip.age" 2>/dev/null | grep -q '^-> scrypt'; then
    expect "a passphrase file without a terminal is refused" 3 'passphrase-encrypted and there is no terminal' \
      setsid "$ssosnap" inspect "$work/passphrase.zip.age" </dev/null
  else
    echo "age -p did not run on a pseudo-terminal here: passphrase case skipped"
  fi
fi

# --- without the identity: the sidecars ----------------------------------------------------
expect "verify without identity checks the stored file and says what it could not" 0 \
  'encrypted: contents not checked without --identity' "$ssosnap" verify "$sealed"
expect "ls lists the encrypted archive from its sidecar" 0 'JIRA' "$ssosnap" ls "$work/sealed"
expect "validate without identity uses the sidecar" 0 'compatible' \
  "$ssosnap" validate "$sealed" --app JIRA --plugin-version 6.1.0
printf 'x' >> "$sealed"
expect "verify without identity sees a changed stored file" 1 'sidecar-mismatch' \
  "$ssosnap" verify "$sealed"

# --- through the emulator: backup and restore, watched -------------------------------------
home=$work/jira-home
mkdir -p "$home/kerberos_snapshots" "$work/backups" "$work/tmp"
cp -R "$fixtures/source/jira/kerberos" "$home/kerberos"
export SSOSNAP_PASSWORD="age-test-$RANDOM$RANDOM" SSOSNAP_USER=admin
printf 'admin:%s:admin\n' "$SSOSNAP_PASSWORD" > "$work/users"
"$emulator" --data "$home" --bind 127.0.0.1 --port 0 --port-file "$work/port" \
  --users-file "$work/users" --tz UTC > "$work/emulator.log" 2>&1 &
emu_pid=$!
for _ in $(seq 200); do [ -s "$work/port" ] && break; sleep 0.1; done
[ -s "$work/port" ] || { echo "emulator did not start" >&2; cat "$work/emulator.log" >&2; exit 1; }
export SSOSNAP_URL="http://127.0.0.1:$(cat "$work/port")"
# Every file created, moved in or written in the backup folder and in TMPDIR (recursively:
# private work folders too), with its name: a plaintext zip would appear here even if it
# existed for a microsecond.
inotifywait -m -r -q -e create,moved_to,close_write --format '%w%f' \
  "$work/backups" "$work/tmp" > "$work/events" 2>"$work/inotify.err" &
watch_pid=$!
sleep 0.5
backup=$(TMPDIR=$work/tmp "$ssosnap" backup --to "$work/backups" --description "age test" \
  --encrypt-to "$rec_a" 2>"$work/backup.err") || bad "encrypted backup failed: $(cat "$work/backup.err")"
case "$backup" in *.zip.age) ok "backup wrote $(basename "$backup")" ;; *) bad "backup printed '$backup'" ;; esac
sed -i 's/"Azure AD"/"AZURE-CHANGED"/' "$home/kerberos/saml/azure-ad/config.json"
expect "restore of the encrypted backup through the emulator" 0 'verified|restored' \
  env TMPDIR="$work/tmp" "$ssosnap" restore "$backup" --yes --identity "$keys/a.txt"
grep -q 'AZURE-CHANGED' "$home/kerberos/saml/azure-ad/config.json" && bad "the change is still there" ||
  ok "the live config equals the encrypted backup again"
sleep 0.5
kill "$watch_pid" 2>/dev/null
wait "$watch_pid" 2>/dev/null
watch_pid=
if [ ! -s "$work/events" ]; then
  bad "inotifywait saw nothing (it should at least see the .zip.age): $(cat "$work/inotify.err")"
# Temporaries are ".<final name>.ssosnap-tmp-XXXXXX": judged by the name they will get.
elif sed -E 's/\.ssosnap-tmp-[A-Za-z0-9]+$//' "$work/events" |
  grep -Ev '\.zip\.age(\.sha256|\.json)?$' | grep -Ei '\.zip'; then
  bad "a plaintext zip was created during the encrypted backup or restore (above)"
else
  ok "no plaintext zip created in the backup folder or TMPDIR ($(wc -l < "$work/events") events watched)"
fi
if ls "$home/kerberos_snapshots" | grep -q "$(basename "${backup%.age}")"; then
  ok "the server holds the plaintext it restored (its own folder)"
else
  bad "the server has no $(basename "${backup%.age}")"
fi

# log over an encrypted backup folder: a second encrypted backup after a change, then the
# history read with the identity (in memory), and refused pair by pair without it.
sed -i 's/"Azure AD"/"AZURE-LOGGED"/' "$home/kerberos/saml/azure-ad/config.json"
sleep 1.1 # a new snapshot name (seconds)
"$ssosnap" backup --to "$work/backups" --description "age test 2" --encrypt-to "$rec_a" \
  > /dev/null 2> "$work/backup2.err" || bad "second encrypted backup failed: $(cat "$work/backup2.err")"
expect "log of an encrypted backup folder shows the change" 0 'AZURE-LOGGED' \
  "$ssosnap" log "$work/backups" --identity "$keys/a.txt"
expect "log of an encrypted folder without an identity cannot compare" 3 'identity' \
  "$ssosnap" log "$work/backups"

# watch over the encrypted backup folder: the baseline needs the identity, the evidence
# recipients; the drift evidence is NAME.zip.age with its sidecars, and no plaintext zip is
# created on the way (watched as above).
expect "watch of an encrypted baseline without an identity says what to pass" 3 \
  'age-no-identity|pass --identity FILE' "$ssosnap" watch --baseline "$work/backups" --retries 0
expect "watch of an encrypted baseline without recipients refuses plaintext evidence" 2 \
  'plaintext-evidence|no recipient' \
  "$ssosnap" watch --baseline "$work/backups" --retries 0 --identity "$keys/a.txt"
sed -i 's/"AZURE-LOGGED"/"AZURE-WATCHED"/' "$home/kerberos/saml/azure-ad/config.json"
inotifywait -m -r -q -e create,moved_to,close_write --format '%w%f' \
  "$work/backups" "$work/tmp" > "$work/watch-events" 2>"$work/inotify.err" &
watch_pid=$!
sleep 0.5
expect "watch finds the drift against the encrypted baseline" 1 'drift from sso-snapshot-.*\.zip\.age' \
  env TMPDIR="$work/tmp" "$ssosnap" watch --baseline "$work/backups" --retries 0 \
  --identity "$keys/a.txt" --encrypt-to "$rec_a"
sleep 0.5
kill "$watch_pid" 2>/dev/null
wait "$watch_pid" 2>/dev/null
watch_pid=
evidence=$(sed -nE 's/.*evidence kept on the server as .* and here as (.*)$/\1/p' "$work/out")
case "$evidence" in
*.zip.age)
  if [ -s "$evidence" ] && [ -s "$evidence.json" ] &&
    (cd "$(dirname "$evidence")" && sha256sum -c --quiet "$(basename "$evidence").sha256"); then
    ok "the evidence is $(basename "$evidence") with its .sha256 and readable record"
  else
    bad "evidence sidecars: $(ls "$work/backups")"
  fi
  if age -d -i "$keys/a.txt" "$evidence" > "$work/evidence.zip" 2>"$work/age.err" &&
    "$ssosnap" textconv "$work/evidence.zip" > "$work/evidence.txt" &&
    grep -q AZURE-WATCHED "$work/evidence.txt"; then
    ok "age decrypts the evidence to the drifted configuration"
  else
    bad "evidence does not decrypt to the drifted config: $(cat "$work/age.err")"
  fi
  ;;
*) bad "no encrypted evidence named: $(cat "$work/out")" ;;
esac
if ls "$work/backups" | grep -Eq '\.zip$'; then bad "a plaintext zip beside the encrypted backups"; fi
if sed -E 's/\.ssosnap-tmp-[A-Za-z0-9]+$//' "$work/watch-events" |
  grep -Ev '\.zip\.age(\.sha256|\.json)?$' | grep -Ei '\.zip'; then
  bad "watch created a plaintext zip (above)"
else
  ok "watch created no plaintext zip ($(wc -l < "$work/watch-events") events watched)"
fi
expect "the encrypted evidence is the next run's baseline: no drift" 0 'no drift from .*\.zip\.age' \
  "$ssosnap" watch --baseline "$work/backups" --retries 0 --identity "$keys/a.txt" \
  --encrypt-to "$rec_a"

# Profiles (docs/encryption.md, "Profiles"): encrypt-to in one profile makes backup write
# NAME.zip.age without a flag, a flag replaces the profile's recipients, and identity in
# another lets restore read a backup encrypted by flag (so this part does not lean on the
# profile's encrypt-to); a profile without identity cannot.
config=$work/config
cat > "$config" <<EOF
[profile sealed]
url = $SSOSNAP_URL
encrypt-to = $rec_a
[profile reader]
url = $SSOSNAP_URL
identity = $keys/b.txt
[profile plain]
url = $SSOSNAP_URL
EOF
mkdir -p "$work/by-profile" "$work/by-flag"
sleep 1.1 # a new snapshot name (seconds)
by_profile=$("$ssosnap" backup --config "$config" --profile sealed --to "$work/by-profile" \
  2>"$work/backup3.err") || bad "backup --profile sealed failed: $(cat "$work/backup3.err")"
case "$by_profile" in
  *.zip.age) ok "backup --profile with encrypt-to wrote $(basename "$by_profile")" ;;
  *) bad "backup --profile with encrypt-to printed '$by_profile'" ;;
esac
if ls "$work/by-profile" | grep -Eq '\.zip$'; then bad "a plaintext zip from the profile's backup"; fi
if [ -f "$by_profile" ] && age -d -i "$keys/a.txt" "$by_profile" > /dev/null 2>&1; then
  ok "the profile's recipient decrypts the profile's backup"
else
  bad "age -d -i a.txt cannot decrypt '$by_profile'"
fi
sleep 1.1
by_flag=$("$ssosnap" backup --config "$config" --profile sealed --to "$work/by-flag" \
  --encrypt-to "$rec_b" 2>"$work/backup4.err") ||
  bad "backup with --encrypt-to over the profile failed: $(cat "$work/backup4.err")"
if [ -f "$by_flag" ] && age -d -i "$keys/b.txt" "$by_flag" > /dev/null 2>&1 &&
  ! age -d -i "$keys/a.txt" "$by_flag" > /dev/null 2>&1; then
  ok "--encrypt-to replaces the profile's encrypt-to"
else
  bad "--encrypt-to over the profile: '$by_flag' is not for b alone"
fi
expect "restore --profile without identity cannot decrypt" 3 'age-no-identity|identity' \
  "$ssosnap" restore "$by_flag" --yes --config "$config" --profile plain
sed -i -E 's/"AZURE-[A-Z]+"/"AZURE-PROFILE"/' "$home/kerberos/saml/azure-ad/config.json"
grep -q 'AZURE-PROFILE' "$home/kerberos/saml/azure-ad/config.json" || bad "the live config was not changed"
expect "restore --profile with identity reads the encrypted backup" 0 'verified|restored' \
  "$ssosnap" restore "$by_flag" --yes --config "$config" --profile reader
grep -q 'AZURE-PROFILE' "$home/kerberos/saml/azure-ad/config.json" &&
  bad "the change is still there after the profile's restore" ||
  ok "the live config equals the backup the profile's identity decrypted"

finish
