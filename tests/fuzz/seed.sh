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
for t in archive metadata_json file_name version json_diff token_list; do
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
echo "seeded $(find "$out" -type f | wc -l) files under $out"
