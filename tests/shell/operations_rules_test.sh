#!/bin/bash
# docs/operations.md's alert rules are valid Prometheus rules (promtool check rules), and
# every ssosnap metric they use is one the code writes (src/workflow/metrics.cpp).
set -euo pipefail
src=$1
doc=$src/docs/operations.md
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
sed -n '/<!-- alert-rules begin -->/,/<!-- alert-rules end -->/p' "$doc" \
  | sed '1,2d;$d' | sed '$d' >"$tmp/rules.yml"
test -s "$tmp/rules.yml" || { echo "no alert rules found in $doc"; exit 1; }
promtool check rules "$tmp/rules.yml"
status=0
for name in $(grep -o 'ssosnap_[a-z_]*' "$tmp/rules.yml" | sort -u); do
  suffix=${name#ssosnap_watch_}
  suffix=${suffix#ssosnap_backup_}
  if ! grep -q "\"$suffix\"" "$src/src/workflow/metrics.cpp"; then
    echo "the rules use $name, which src/workflow/metrics.cpp does not write"
    status=1
  fi
done
exit $status
