#!/usr/bin/env bash
# s3:// locations against a real S3 server (label s3): s3_test.sh SSOSNAP KSSO_EMULATOR
# FIXTURES_DIR STATE_DIR. Starts OpenStack Swift with its s3api (tests/s3/swift-server.sh) on
# 127.0.0.1 with its data under STATE_DIR (the build tree: Swift needs user extended
# attributes, which an older kernel's tmpfs lacks), and the emulator; stops both afterwards.
# Checks, each one case: the signature is really checked (a wrong secret gets 403
# SignatureDoesNotMatch, exit 5); backup --to s3:// through the emulator (archive, .sha256 and
# record objects; plain and encrypted); ls over more than one page of results
# (SSOSNAP_S3_PAGE_SIZE=2), from the folder's index when the record objects are gone, not
# trusting an entry whose object changed; verify, inspect, validate (also --against) and diff of
# s3:// archives, named by their s3:// location in text, --json and errors (never by the staged
# copy, in any case's output), and a changed object refused; copy both ways, byte-identical,
# and skipped when present; log over the bucket folder, downloading only the archives its walk
# reaches (-n 1: two), each checked against its .sha256 object; prune with the rule that keeps
# each archive and a protected one kept; restore from the bucket through the emulator, its
# safety copy uploaded beside the archive; fleet backups into a prefix per profile;
# NoSuchKey / NoSuchBucket name the location (exit 3); no secret in any output.
set -uo pipefail
ssosnap=${1:?usage: s3_test.sh SSOSNAP KSSO_EMULATOR FIXTURES_DIR STATE_DIR}
emulator=${2:?}
fixtures=${3:?}
state=${4:?}
here=$(cd "$(dirname "$0")" && pwd)
for tool in swift-proxy-server memcached curl cmp; do
  command -v "$tool" >/dev/null || { echo "$tool is not installed (see .ci/debian-packages)" >&2; exit 1; }
done
rm -rf "$state"
mkdir -p "$state"
work=$state/work
mkdir -p "$work"
emu_pid=
cleanup() {
  [ -n "$emu_pid" ] && { kill "$emu_pid" 2>/dev/null; wait "$emu_pid" 2>/dev/null; }
  bash "$here/swift-server.sh" stop "$state/swift" >/dev/null 2>&1
  rm -rf "$work"
}
trap cleanup EXIT
export ASAN_OPTIONS=detect_leaks=0
# shellcheck source=../support/cases.sh
source "$here/../support/cases.sh"
expect_also() {
  if grep -q 'testing' "$work/out"; then bad "$1: the secret key is in the output"; fi
  if grep -q 'ssosnap-s3-' "$work/out"; then bad "$1: names a staged temporary copy"; fi
}

bash "$here/swift-server.sh" start "$state/swift" || { echo "Swift did not start" >&2; exit 1; }
endpoint=$(cat "$state/swift/endpoint")
export AWS_ACCESS_KEY_ID=test:tester AWS_SECRET_ACCESS_KEY=testing AWS_ENDPOINT_URL=$endpoint
unset AWS_PROFILE AWS_SESSION_TOKEN AWS_REGION AWS_DEFAULT_REGION
empty=e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
s3curl() { curl -sS --aws-sigv4 aws:amz:us-east-1:s3 --netrc-file "$state/swift/netrc" "$@"; }
s3curl -H "x-amz-content-sha256: $empty" -X PUT "$endpoint/backups" -o /dev/null
keys() { s3curl -H "x-amz-content-sha256: $empty" "$endpoint/backups?list-type=2&prefix=${1//\//%2F}" |
  grep -o '<Key>[^<]*</Key>' | sed 's/<[^>]*>//g'; }

# --- the signature is checked --------------------------------------------------------------
expect "a wrong secret is refused by the server (exit 5)" 5 'SignatureDoesNotMatch' \
  env AWS_SECRET_ACCESS_KEY=wrong-secret "$ssosnap" ls s3://backups/
expect "no credentials: a usage error naming the variables" 2 'AWS_ACCESS_KEY_ID' \
  env -u AWS_ACCESS_KEY_ID -u AWS_SECRET_ACCESS_KEY HOME="$work" "$ssosnap" ls s3://backups/

# --- archives made offline, copied up, listed over several pages --------------------------
src=$work/src
mkdir -p "$src/saml" "$work/plain"
echo '{"idp":"Azure AD","secret":"s3cr3t"}' > "$src/saml/config.json"
for i in 1 2 3 4; do
  desc="backup $i"
  [ "$i" = 1 ] && desc="ssosnap safety snapshot before restoring x"
  "$ssosnap" create "$src" --out-dir "$work/plain" --app JIRA --app-version 9.12.2 \
    --plugin-version 6.1.0 --base-url https://jira.example.test --tz UTC \
    --time-millis "$((1700000000000 + i * 86400000))" --description "$desc" >/dev/null
done
expect "copy a folder into the bucket" 0 '4 archives copied' "$ssosnap" copy "$work/plain" s3://backups/offline/
n=$(keys offline/ | grep -c '\.zip$')
[ "$n" = 4 ] && ok "4 archives in the bucket" || bad "$n archives in the bucket, expected 4"
n=$(keys offline/ | grep -c '\.zip\.sha256$')
[ "$n" = 4 ] && ok "each archive has its .sha256 object" || bad "$n .sha256 objects"
n=$(keys offline/ | grep -c '\.zip\.json$')
[ "$n" = 4 ] && ok "each archive has its record object" || bad "$n record objects"
expect "copy again: every archive skipped" 0 '0 archives copied, 4 already there' \
  "$ssosnap" copy "$work/plain" s3://backups/offline/
expect "ls over pages of 2 keys shows all four, with their metadata" 0 'backup 4' \
  env SSOSNAP_S3_PAGE_SIZE=2 "$ssosnap" ls s3://backups/offline/
n=$(SSOSNAP_S3_PAGE_SIZE=2 "$ssosnap" ls s3://backups/offline/ --json 2>/dev/null | grep -o '"applicationName": *"JIRA"' | wc -l)
[ "$n" = 4 ] && ok "ls --json: four rows from the record objects" || bad "ls --json gave $n rows"
first=$(ls "$work/plain" | grep '\.zip$' | head -1)
last=$(ls "$work/plain" | grep '\.zip$' | tail -1)
# ls reads the folder's index (.ssosnap-index.json), not one record per archive: with every
# record object gone it still shows the metadata; an entry whose object changed is not trusted.
for k in $(keys offline/ | grep '\.zip\.json$'); do
  s3curl -H "x-amz-content-sha256: $empty" -X DELETE "$endpoint/backups/$k" -o /dev/null
done
n=$(keys offline/ | grep -c '\.zip\.json$')
[ "$n" = 0 ] && ok "record objects deleted" || bad "$n record objects left"
expect "ls from the index alone" 0 'backup 4' "$ssosnap" ls s3://backups/offline/
n=$("$ssosnap" ls s3://backups/offline/ --json 2>/dev/null | grep -o '"metadata_source": *"record"' | wc -l)
[ "$n" = 4 ] && ok "all four rows came from the index (no archive downloaded)" || bad "$n rows from the index"
# The same size, one byte changed (a new ETag): that row is read from the archive again.
cp "$work/plain/$last" "$work/changed"
printf 'X' | dd of="$work/changed" bs=1 seek=40 conv=notrunc status=none
s3curl -H "x-amz-content-sha256: $(sha256sum < "$work/changed" | cut -d' ' -f1)" \
  -T "$work/changed" "$endpoint/backups/offline/$last" -o /dev/null
n=$("$ssosnap" ls s3://backups/offline/ --json 2>/dev/null | grep -o '"metadata_source": *"record"' | wc -l)
[ "$n" = 3 ] && ok "an index entry whose object changed is not trusted" || bad "$n rows from the index, expected 3"
s3curl -H "x-amz-content-sha256: $(sha256sum < "$work/plain/$last" | cut -d' ' -f1)" \
  -T "$work/plain/$last" "$endpoint/backups/offline/$last" -o /dev/null
# An archive put in the bucket by other means (no record, no index entry, no .sha256): ls reads
# its metadata from the archive itself; one above 1 MiB piecewise (Range requests, which Swift
# answers with 206), so it is not downloaded whole.
mkdir -p "$work/bigsrc/kerberos" "$work/big"
head -c 3145728 /dev/urandom >"$work/bigsrc/kerberos/krb5.keytab"
"$ssosnap" create "$work/bigsrc" --out-dir "$work/big" --app CONFLUENCE --app-version 8.5.4 \
  --plugin-version 6.1.0 --base-url https://wiki.example.test --tz UTC \
  --time-millis 1700000000000 --description "copied up by hand" >/dev/null
bigzip=$(ls "$work/big" | grep '\.zip$')
s3curl -H "x-amz-content-sha256: $(sha256sum <"$work/big/$bigzip" | cut -d' ' -f1)" \
  -T "$work/big/$bigzip" "$endpoint/backups/byhand/$bigzip" -o /dev/null
expect "ls reads a 3 MiB archive that has no record" 0 'copied up by hand' \
  "$ssosnap" ls s3://backups/byhand/
n=$("$ssosnap" ls s3://backups/byhand/ --json 2>/dev/null | grep -o '"metadata_source": *"metadata.json"' | wc -l)
[ "$n" = 1 ] && ok "ls --json: that row's metadata came from the archive's metadata.json" ||
  bad "$n rows read from metadata.json, expected 1"
ranged=$(grep -c "GET /backups/byhand/$bigzip HTTP/1.0 206 " "$state/swift/logs/proxy.log")
whole=$(grep -c "GET /backups/byhand/$bigzip HTTP/1.0 200 " "$state/swift/logs/proxy.log")
[ "$ranged" -gt 0 ] && [ "$whole" = 0 ] &&
  ok "ls read it with Range requests only (Swift's log: $ranged answers 206, none 200)" ||
  bad "Swift answered $ranged Range requests and $whole whole GETs of the archive"
# The index is a cache anyone who may write the bucket can change: fields of the wrong type, or
# nesting deep enough to exhaust a recursive walk, leave it untrusted, never an exception or a
# crash. ls then reads the record objects; a copy into the folder writes a fresh index.
expect "copy a folder into a second prefix" 0 '4 archives copied' "$ssosnap" copy "$work/plain" s3://backups/hostile/
s3curl -H "x-amz-content-sha256: $empty" "$endpoint/backups/hostile/.ssosnap-index.json" -o "$work/index.json"
put_index() {
  s3curl -H "x-amz-content-sha256: $(sha256sum < "$1" | cut -d' ' -f1)" -T "$1" \
    "$endpoint/backups/hostile/.ssosnap-index.json" -o /dev/null
}
python3 - "$work/index.json" "$work/typed.json" "$work/deep.json" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1]))
typed = {"schema": 1, "archives": {k: {"size": "big", "etag": 5, "record": v["record"]}
                                   for k, v in doc["archives"].items()}}
json.dump(typed, open(sys.argv[2], "w"))
deep = dict(doc)
deep["archives"] = dict(doc["archives"])
name = sorted(deep["archives"])[0]
entry = dict(deep["archives"][name])
entry["record"] = "@DEEP@"
deep["archives"][name] = entry
text = json.dumps(deep).replace('"@DEEP@"', "[" * 1000000 + "]" * 1000000)
open(sys.argv[3], "w").write(text)
PY
put_index "$work/typed.json"
expect "ls with index fields of the wrong type reads the records" 0 'backup 4' "$ssosnap" ls s3://backups/hostile/
put_index "$work/deep.json"
expect "ls with a deeply nested index reads the records" 0 'backup 4' "$ssosnap" ls s3://backups/hostile/
rm -rf "$work/one" && mkdir -p "$work/one"
"$ssosnap" create "$src" --out-dir "$work/one" --app JIRA --app-version 9.12.2 --plugin-version 6.1.0 \
  --base-url https://jira.example.test --tz UTC --time-millis 1800000000000 --description "after a bad index" >/dev/null
expect "copy into a folder with a deeply nested index" 0 '1 archive copied' "$ssosnap" copy "$work/one" s3://backups/hostile/
n=$("$ssosnap" ls s3://backups/hostile/ --json 2>/dev/null | grep -c '"description": *"after a bad index"')
[ "$n" = 1 ] && ok "the folder lists the new archive after the index was rewritten" || bad "ls shows the new archive $n times"
expect "verify an s3:// archive" 0 '^ok ' "$ssosnap" verify "s3://backups/offline/$last"
expect "inspect an s3:// archive" 0 'saml/config.json' "$ssosnap" inspect "s3://backups/offline/$last"
expect "diff a bucket archive with a local one" 0 '' \
  "$ssosnap" diff "s3://backups/offline/$last" "$work/plain/$last"
# What the readers print names the s3:// location given, never the staged temporary copy
# ($TMPDIR/ssosnap-s3-XXXX/NAME.zip): text, --json, findings and errors.
at="s3://backups/offline/$last"
expect "verify names the s3:// location" 0 "^ok +$at " "$ssosnap" verify "$at"
expect "verify --json names the s3:// location" 0 "\"path\": *\"$at\"" "$ssosnap" verify "$at" --json
expect "inspect --json names the s3:// location" 0 "\"path\": *\"$at\"" "$ssosnap" inspect "$at" --json
expect "inspect names the s3:// location" 0 "^archive +$at " "$ssosnap" inspect "$at"
expect "validate --json names the s3:// location" 0 "\"archive\": *\"$at\"" \
  "$ssosnap" validate "$at" --json
expect "validate --against an s3:// archive" 0 'verdict: compatible' \
  "$ssosnap" validate "$work/plain/$last" --against "$at"
# An object that is no zip, with a .sha256 object that fits it: it downloads, then cannot be read.
bad_at=s3://backups/offline/corrupt.zip
sum=$(printf 'not a zip' | sha256sum | cut -d' ' -f1)
printf 'not a zip' | s3curl -H "x-amz-content-sha256: $sum" -T - "$endpoint/backups/offline/corrupt.zip" -o /dev/null
printf '%s  corrupt.zip\n' "$sum" | s3curl -H "x-amz-content-sha256: $(printf '%s  corrupt.zip\n' "$sum" | sha256sum | cut -d' ' -f1)" \
  -T - "$endpoint/backups/offline/corrupt.zip.sha256" -o /dev/null
expect "verify of a corrupt object: the finding names its location" 3 \
  "not-a-zip +reading '$bad_at': not a zip" "$ssosnap" verify "$bad_at"
expect "verify --json of a corrupt object: path and finding name its location" 3 \
  "\"message\": *\"reading '$bad_at': not a zip" "$ssosnap" verify "$bad_at" --json
expect "inspect --json of a corrupt object: the error names its location" 3 \
  "\"message\": *\"reading '$bad_at': not a zip" "$ssosnap" inspect "$bad_at" --json
expect "diff with a corrupt object: the error names its location" 3 \
  "error: reading '$bad_at': not a zip" "$ssosnap" diff "$bad_at" "$at"
expect "validate --against a corrupt object: the error names its location" 3 \
  "error: reading '$bad_at': not a zip" "$ssosnap" validate "$at" --against "$bad_at"
for k in corrupt.zip corrupt.zip.sha256; do
  s3curl -H "x-amz-content-sha256: $empty" -X DELETE "$endpoint/backups/offline/$k" -o /dev/null
done
expect "a missing key names the location (exit 3)" 3 's3://backups/offline/nope.zip does not exist' \
  "$ssosnap" verify s3://backups/offline/nope.zip
expect "a missing bucket names it (exit 3)" 3 'bucket s3://no-such-bucket does not exist' \
  "$ssosnap" ls s3://no-such-bucket/
rm -rf "$work/back"
expect "copy the bucket folder down" 0 '4 archives copied' "$ssosnap" copy s3://backups/offline/ "$work/back"
same=1
for f in "$work/plain"/*.zip; do cmp -s "$f" "$work/back/$(basename "$f")" || same=0; done
[ "$same" = 1 ] && ok "the copies are byte-identical" || bad "a copy differs"
( cd "$work/back" && sha256sum -c --quiet ./*.sha256 ) && ok "sha256sum -c accepts the downloaded sidecars" ||
  bad "the downloaded sidecars do not check"
# An object changed behind ssosnap's back: the .sha256 object no longer matches.
printf 'not a zip' > "$work/junk"
sum=$(sha256sum < "$work/junk" | cut -d' ' -f1)
s3curl -H "x-amz-content-sha256: $sum" -T "$work/junk" "$endpoint/backups/offline/$first" -o /dev/null
expect "a changed object is refused against its .sha256" 3 'sidecar-mismatch|does not match' \
  "$ssosnap" verify "s3://backups/offline/$first"
# The same junk with a matching .sha256 object: staged, then unreadable as a zip; the warning
# names the archive by its key.
printf '%s  %s\n' "$sum" "$first" > "$work/junk.sha256"
s3curl -H "x-amz-content-sha256: $(sha256sum < "$work/junk.sha256" | cut -d' ' -f1)" \
  -T "$work/junk.sha256" "$endpoint/backups/offline/$first.sha256" -o /dev/null
expect "log: an unreadable bucket archive is named by its key" 0 \
  "skipped '$first': reading 's3://backups/offline/$first': not a zip" \
  "$ssosnap" log s3://backups/offline/ --stat
if grep -q 'ssosnap-s3-' "$work/out"; then bad "log names the staged copy"; else ok "log names no staged copy"; fi
s3curl -H "x-amz-content-sha256: $(sha256sum < "$work/plain/$first.sha256" | cut -d' ' -f1)" \
  -T "$work/plain/$first.sha256" "$endpoint/backups/offline/$first.sha256" -o /dev/null
"$ssosnap" log s3://backups/offline/ --json > "$work/log.json" 2>/dev/null
python3 - "$work/log.json" "${last%.zip}" <<'PY' && ok "log --json: the bucket folder, three snapshots, newest first" || bad "log --json: $(head -c 300 "$work/log.json")"
import json, sys
doc = json.load(open(sys.argv[1]))
ids = [s["id"] for s in doc["snapshots"]]
assert doc["location"] == "s3://backups/offline/", doc["location"]
assert len(ids) == 3 and ids[0] == sys.argv[2] and ids == sorted(ids, reverse=True), ids
PY
s3curl -H "x-amz-content-sha256: $(sha256sum < "$work/plain/$first" | cut -d' ' -f1)" \
  -T "$work/plain/$first" "$endpoint/backups/offline/$first" -o /dev/null
# log over the bucket folder is listed from the folder's index (the archives are intact again)
# and downloads an archive only when the walk reaches it, checked then against its .sha256
# object: with that object changed, the oldest is skipped with a warning that names its s3://
# key, never the staged copy ...
s3curl -H "x-amz-content-sha256: $(sha256sum < "$work/junk.sha256" | cut -d' ' -f1)" \
  -T "$work/junk.sha256" "$endpoint/backups/offline/$first.sha256" -o /dev/null
expect "log over a bucket folder skips an archive that does not match its .sha256, by its key" 0 \
  "skipped s3://backups/offline/$first: .*does not match" "$ssosnap" log s3://backups/offline/ --stat
"$ssosnap" log s3://backups/offline/ --json > "$work/log.json" 2>/dev/null
python3 - "$work/log.json" "$first" <<'PY' && ok "log --json lists that archive under skipped" || bad "log --json skipped: $(head -c 400 "$work/log.json")"
import json, sys
doc = json.load(open(sys.argv[1]))
skipped = [(s["file"], s["state"]) for s in doc["skipped"]]
assert skipped == [(sys.argv[2], "unreadable")], skipped
assert "does not match" in doc["skipped"][0]["reason"], doc["skipped"][0]["reason"]
assert all(s["file"] != sys.argv[2] and s["previous"] != sys.argv[2] for s in doc["snapshots"])
PY
# ... and -n 1 reads the newest archive and the one before it, never the rest: the oldest is
# not downloaded, so nothing warns about it, and two archives are downloaded.
expect "log -n 1 over a bucket folder: the newest snapshot, compared" 0 \
  "snapshot ${last%.zip}" "$ssosnap" log s3://backups/offline/ -n 1 --stat
if grep -q "$first" "$work/out"; then bad "log -n 1 read the oldest archive: $(head -c 600 "$work/out")"
else ok "log -n 1 leaves the oldest archive alone"; fi
n=$(grep -c '^ssosnap: downloading s3://' "$work/out")
[ "$n" = 2 ] && ok "log -n 1 downloads two archives" || bad "log -n 1 downloaded $n archives"
s3curl -H "x-amz-content-sha256: $(sha256sum < "$work/plain/$first.sha256" | cut -d' ' -f1)" \
  -T "$work/plain/$first.sha256" "$endpoint/backups/offline/$first.sha256" -o /dev/null
expect "prune --keep-last 1 --dry-run: the protected one is kept" 0 'keep.*protected|protected' \
  "$ssosnap" prune s3://backups/offline/ --keep-last 1 --dry-run
expect "prune --keep-last 1 removes two" 0 'removed 2|remove.* 2 of 4|removed: 2' \
  "$ssosnap" prune s3://backups/offline/ --keep-last 1
n=$(keys offline/ | grep -c '\.zip$')
[ "$n" = 2 ] && ok "two archives left (the newest and the protected one)" || bad "$n archives left"
n=$(keys offline/ | grep -c '\.zip\.sha256$')
[ "$n" = 2 ] && ok "their .sha256 objects went with the removed archives" || bad "$n .sha256 objects left, expected 2"

# --- through the emulator: backup into the bucket, restore from it --------------------------
home=$work/jira-home
mkdir -p "$home/kerberos_snapshots"
cp -R "$fixtures/source/jira/kerberos" "$home/kerberos"
export SSOSNAP_PASSWORD="s3-test-$RANDOM$RANDOM" SSOSNAP_USER=admin
printf 'admin:%s:admin\n' "$SSOSNAP_PASSWORD" > "$work/users"
"$emulator" --data "$home" --bind 127.0.0.1 --port 0 --port-file "$work/port" \
  --users-file "$work/users" --tz UTC > "$work/emulator.log" 2>&1 &
emu_pid=$!
for _ in $(seq 200); do [ -s "$work/port" ] && break; sleep 0.1; done
[ -s "$work/port" ] || { echo "emulator did not start" >&2; cat "$work/emulator.log" >&2; exit 1; }
export SSOSNAP_URL="http://127.0.0.1:$(cat "$work/port")"
backup=$("$ssosnap" backup --to s3://backups/jira/ --description "s3 test" 2>"$work/backup.err") ||
  bad "backup --to s3:// failed: $(cat "$work/backup.err")"
case "$backup" in s3://backups/jira/*.zip) ok "backup printed $backup" ;; *) bad "backup printed '$backup'" ;; esac
if grep -q "$SSOSNAP_PASSWORD\|testing" "$work/backup.err"; then bad "a secret in backup's output"; else ok "no secret in backup's output"; fi
expect "ls shows the server's snapshot" 0 's3 test' "$ssosnap" ls s3://backups/jira/
sed -i 's/"Azure AD"/"AZURE-CHANGED"/' "$home/kerberos/saml/azure-ad/config.json"
expect "restore from the bucket through the emulator" 0 'restored|verified' \
  "$ssosnap" restore "$backup" --yes
grep -q 'AZURE-CHANGED' "$home/kerberos/saml/azure-ad/config.json" && bad "the change is still there" ||
  ok "the live config equals the bucket's backup again"
n=$(keys jira/ | grep -c '\.zip$')
[ "$n" = 2 ] && ok "the safety snapshot's copy was uploaded beside the archive" || bad "$n archives under jira/, expected 2"
if command -v age-keygen >/dev/null; then
  age-keygen -o "$work/key.txt" 2>/dev/null
  rec=$(age-keygen -y "$work/key.txt")
  sealed=$("$ssosnap" backup --to s3://backups/sealed/ --encrypt-to "$rec" 2>"$work/backup.err") ||
    bad "encrypted backup --to s3:// failed: $(cat "$work/backup.err")"
  case "$sealed" in s3://backups/sealed/*.zip.age) ok "encrypted backup printed $sealed" ;; *) bad "encrypted backup printed '$sealed'" ;; esac
  expect "ls of encrypted backups reads their records" 0 'JIRA' "$ssosnap" ls s3://backups/sealed/
  expect "verify of an encrypted s3:// archive with the identity" 0 '^ok ' \
    "$ssosnap" verify "$sealed" --identity "$work/key.txt"
  # copy down checks an encrypted archive is an age file before it and its sidecars are named.
  expect "copy encrypted backups down" 0 '1 archive copied' "$ssosnap" copy s3://backups/sealed/ "$work/sealed-back"
  n=$(ls "$work/sealed-back" | grep -c '\.zip\.age\(\.sha256\|\.json\)\?$')
  [ "$n" = 3 ] && ok "the archive, its .sha256 and its record arrived" || bad "$n files in sealed-back: $(ls "$work/sealed-back")"
  expect "the copied encrypted archive verifies with the identity" 0 '^ok ' \
    "$ssosnap" verify "$work/sealed-back/${sealed##*/}" --identity "$work/key.txt"
  # log over encrypted backups: each archive the walk reaches is downloaded with its record and
  # decrypted in memory with the identity; without one, the pair cannot be compared (exit 3).
  sleep 1.1 # a new snapshot name (seconds)
  "$ssosnap" backup --to s3://backups/sealed/ --encrypt-to "$rec" >/dev/null 2>"$work/backup.err" ||
    bad "second encrypted backup --to s3:// failed: $(cat "$work/backup.err")"
  expect "log over encrypted bucket backups with the identity" 0 \
    "Compared to: ${sealed##*/}" "$ssosnap" log s3://backups/sealed/ --identity "$work/key.txt" --stat
  expect "log over encrypted bucket backups without an identity names the flag" 3 \
    "not compared: .*--identity" "$ssosnap" log s3://backups/sealed/ --stat
fi
sleep 1.1 # a new snapshot name (seconds)
# Fleet backups: a prefix per profile.
mkdir -p "$work/cfg"
cat > "$work/cfg/config" <<CFG
[profile a]
url = $SSOSNAP_URL
user = admin
[profile b]
url = $SSOSNAP_URL
user = admin
CFG
expect "backup --all-profiles into one bucket" 0 '' \
  "$ssosnap" backup --config "$work/cfg/config" --all-profiles --to s3://backups/fleet/
na=$(keys fleet/a/ | grep -c '\.zip$')
nb=$(keys fleet/b/ | grep -c '\.zip$')
[ "$na" = 1 ] && [ "$nb" = 1 ] && ok "one archive under fleet/a/ and one under fleet/b/" ||
  bad "fleet: $na under a/, $nb under b/"

finish
