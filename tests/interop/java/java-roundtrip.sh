#!/usr/bin/env bash
# Zip interop with Java both ways (ctest "JavaRoundTripTest", label interop):
#  1. an archive written by java.util.zip.ZipOutputStream (deflated, data descriptors) is
#     verified, inspected and extracted by ssosnap, byte for byte;
#  2. an archive written by `ssosnap create` is read back by ZipInputStream and ZipFile,
#     and passes `unzip -t`;
#  3. the committed fixtures are read by Java too.
# Usage: java-roundtrip.sh SSOSNAP_BINARY WORK_DIR   (run from the source tree)
set -euo pipefail
ssosnap=$1
work=$2
here=$(cd "$(dirname "$0")" && pwd)
cd "$here/../../.."
if ! command -v javac >/dev/null; then
  echo "SKIPPED: javac is missing (apt-get install openjdk-17-jdk-headless)"
  exit 77
fi
rm -rf "$work" && mkdir -p "$work/classes" "$work/out"
javac -d "$work/classes" "$here/SnapshotZip.java"
java_zip() { java -Duser.timezone=Europe/Oslo -cp "$work/classes" SnapshotZip "$@"; }

echo "== Java writes, ssosnap reads"
java_zip write "$work/java.zip" 1641298623998 fixtures/source/jira
"$ssosnap" verify "$work/java.zip"
"$ssosnap" inspect "$work/java.zip" --json | grep -q '"source": "metadata.json"'
"$ssosnap" extract "$work/java.zip" --to "$work/extracted"
diff -r fixtures/source/jira "$work/extracted"

echo "== ssosnap writes, Java reads"
"$ssosnap" create fixtures/source/confluence --out-dir "$work/out" --app CONFLUENCE \
  --app-version 8.5.4 --plugin-version 6.1.0 --base-url https://confluence.example.test \
  --description "weekly backup" --time-millis 1686562200000 --tz Europe/Oslo
created="$work/out/sso-snapshot-2023-06-12-11_30_00.zip"
java_zip read "$created" fixtures/source/confluence metadata.json
unzip -tq "$created"

echo "== committed fixtures, read by Java"
java_zip read fixtures/jira/sso-snapshot-2022-01-04-13_17_04.zip fixtures/source/jira
java_zip read fixtures/confluence/sso-snapshot-2023-06-12-11_30_00.zip fixtures/source/confluence metadata.json
cmp "$created" fixtures/confluence/sso-snapshot-2023-06-12-11_30_00.zip
echo "java round trip: ok"
