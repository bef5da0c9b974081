#!/usr/bin/env bash
# Builds the seed corpora of the fuzz targets from the fixtures, one folder per target:
#   tests/fuzz/seed.sh OUT_DIR
# creates OUT_DIR/<target>/ (existing files are kept, so a corpus grown by earlier runs
# survives). Seeds are the repository's fixtures plus the kept regression inputs.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
fx="$root/fixtures"
out="${1:?usage: seed.sh OUT_DIR}"
for t in archive metadata_json file_name version json_diff token_list s3_answers; do
  mkdir -p "$out/$t"
  if [ -d "$here/regressions/$t" ]; then cp -f "$here/regressions/$t"/* "$out/$t/" 2>/dev/null || true; fi
done

# seed NAME TARGET: writes stdin to OUT_DIR/TARGET/NAME
seed() { cat > "$out/$2/$1"; }

n=0
while IFS= read -r -d '' zip; do
  n=$((n + 1))
  cp -f "$zip" "$out/archive/fixture-$n.zip"
  basename "$zip" | seed "name-$n" file_name
  # The JSON entries of each archive seed the metadata and diff targets.
  while IFS= read -r entry; do
    case "$entry" in *.json) ;; *) continue ;; esac
    n=$((n + 1))
    { printf '\000'; unzip -p "$zip" "$entry" 2>/dev/null || true; } | seed "entry-$n" metadata_json
    unzip -p "$zip" "$entry" 2>/dev/null | seed "entry-$n" json_diff || true
  done < <(unzip -Z1 "$zip" 2>/dev/null || true)
done < <(find "$fx" -name '*.zip' -size -1024k -print0 | sort -z)

# Diff pairs: the same JSON entry from the old and new archive of each fixtures/diff case.
for dir in "$fx"/diff/*/; do
  set -- "$dir"*.zip
  [ $# -eq 2 ] || continue
  while IFS= read -r entry; do
    case "$entry" in *.json) ;; *) continue ;; esac
    n=$((n + 1))
    { unzip -p "$1" "$entry" 2>/dev/null || true; printf '\000'
      unzip -p "$2" "$entry" 2>/dev/null || true; } | seed "pair-$n" json_diff
  done < <(unzip -Z1 "$1" 2>/dev/null || true)
done

# Metadata texts: selector byte 0 = metadata, 1 = REST record, 2 = REST list.
while IFS= read -r -d '' json; do
  n=$((n + 1))
  for sel in 0 1 2; do
    { printf "\\00$sel"; cat "$json"; } | seed "meta-$sel-$n" metadata_json
  done
  cat "$json" | seed "json-$n" json_diff
  cat "$json" | seed "json-$n" token_list
done < <(find "$fx/api" "$fx/source" "$fx/foreign" -name '*.json' -print0 | sort -z)

# File names and versions.
printf 'sso-snapshot-2022-01-04-13_17_04.zip' | seed name-plain file_name
printf 'backups/sso-snapshot-2024-02-29-23_59_59' | seed name-leap file_name
grep -v '^#' "$root/tests/interop/maven/versions.txt" | sed 's/<empty>//' > "$out/version/all-lines"
prev=""
while IFS= read -r v; do
  n=$((n + 1))
  printf '%s\n%s' "$prev" "$v" | seed "pair-$n" version
  prev="$v"
done < "$out/version/all-lines"
# S3 answers: selector byte 0 = listing page, 1 = error, 2 = s3:// location, 3 = sealed record.
{ printf '\000'; cat <<'XML'; } | seed list-page s3_answers
<?xml version="1.0" encoding="UTF-8"?>
<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>backups</Name>
<Prefix>jira/</Prefix><KeyCount>2</KeyCount><MaxKeys>2</MaxKeys><IsTruncated>true</IsTruncated>
<NextContinuationToken>tok&amp;en</NextContinuationToken><Contents><Key>jira/a.zip</Key>
<LastModified>2026-12-01T10:00:00.000Z</LastModified><ETag>"abc"</ETag><Size>416</Size></Contents>
<Contents><Key>jira/a.zip.sha256</Key><ETag>&quot;def&quot;</ETag><Size>103</Size></Contents>
</ListBucketResult>
XML
{ printf '\001'; printf '<?xml version="1.0"?><Error><Code>NoSuchKey</Code><Message>gone</Message></Error>'; } |
  seed error s3_answers
{ printf '\002'; printf 's3://backups/jira/sso-snapshot-2024-05-01-02_00_00.zip'; } | seed location s3_answers
{ printf '\004'; printf 'bytes 65536-131071/3146596'; } | seed content-range s3_answers
{ printf '\003'; cat <<'JSON'; } | seed sealed s3_answers
{"format":"ssosnap-age-sidecar/1","archive":"sso-snapshot-2024-05-01-02_00_00.zip",
 "sha256":"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855","bytes":416,"entries":3,
 "metadata":{"applicationName":"JIRA","applicationVersion":"9.12.2","pluginVersion":"6.1.0",
 "baseUrl":"https://jira.example.test","timeMillis":1714528800000,"description":"nightly"}}
JSON
echo "seeded $(find "$out" -type f | wc -l) files under $out"
