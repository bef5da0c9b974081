#!/usr/bin/env bash
# Makes docs/report-change-board.png, the README's picture of the HTML report: the report of
# fixtures/diff/change-board rendered by headless Chromium (Debian chromium) without network.
# Usage: tests/report/screenshot.sh path/to/ssosnap [HEIGHT]
set -euo pipefail
ssosnap=$(realpath "${1:?usage: screenshot.sh path/to/ssosnap [HEIGHT]}")
height=${2:-2300}
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
pair=$root/fixtures/diff/change-board
# A fixed fingerprint key, so the picture is the same on every machine (it protects nothing).
mkdir -p "$work/config/ssosnap"
printf '%064d\n' 0 > "$work/config/ssosnap/fingerprint.key"
chmod 700 "$work/config/ssosnap"
chmod 600 "$work/config/ssosnap/fingerprint.key"
cd "$pair"
XDG_CONFIG_HOME=$work/config "$ssosnap" diff sso-snapshot-2024-05-01-02_00_00.zip \
    sso-snapshot-2024-05-02-02_00_00.zip --html "$work/report.html" > /dev/null || [ $? -eq 1 ]
net=()
unshare -rn true 2> /dev/null && net=(unshare -rn)
"${net[@]}" chromium --headless --no-sandbox --disable-gpu --no-first-run \
    --user-data-dir="$work/profile" --disable-background-networking --hide-scrollbars \
    --proxy-server=127.0.0.1:9 '--host-resolver-rules=MAP * ~NOTFOUND' \
    --window-size="1100,$height" --screenshot="$work/shot.png" "file://$work/report.html" \
    2> /dev/null
cp "$work/shot.png" "$root/docs/report-change-board.png"
echo "wrote docs/report-change-board.png"
