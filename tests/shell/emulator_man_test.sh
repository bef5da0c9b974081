#!/bin/bash
# ksso-emulator(1), made by the same generator as ssosnap(1) (src/cli/man_page.cpp), is a
# well-formed page that names every long option `ksso-emulator --help` lists.
set -euo pipefail
emulator=$1
fail() { echo "FAIL: $*" >&2; exit 1; }
page=$("$emulator" __man)
grep -q '^\.TH KSSO-EMULATOR 1 ' <<<"$page" || fail "no .TH header: $(head -1 <<<"$page")"
for section in NAME SYNOPSIS DESCRIPTION OPTIONS 'EXIT STATUS' 'SEE ALSO'; do
  grep -qxF ".SH $section" <<<"$page" || fail "no $section section"
done
count=0
for opt in $("$emulator" --help | grep -oE -- '--[a-z][a-z0-9-]*' | sort -u); do
  [[ $opt == --help ]] && continue
  grep -qF -- "${opt//-/\\-}" <<<"$page" || fail "ksso-emulator(1) lacks $opt"
  count=$((count + 1))
done
[[ $count -ge 10 ]] || fail "--help lists too few options ($count)"
echo "ok: ksso-emulator(1) covers its $count options"
