#!/bin/bash
# Every command and subcommand that --help lists has its section in ssosnap(1), and every
# long option a command's --help lists is in the page.
set -euo pipefail
ssosnap=$1
fail() { echo "FAIL: $*" >&2; exit 1; }
page=$("$ssosnap" __man)

# Names listed under "Subcommands:" in a --help text.
subcommands() { sed -n '/^Subcommands:/,/^$/p' | sed -n 's/^  \([a-z][a-z0-9-]*\) .*/\1/p'; }

check() {  # check "remote list": section and options of that command
  local path=$1 help
  help=$("$ssosnap" $path --help)
  grep -qxF ".SS \"${path//-/\\-}\"" <<<"$page" || fail "ssosnap(1) has no section for '$path'"
  for opt in $(sed -n '/^Options:/,/^$/p' <<<"$help" | grep -oE -- '--[a-z][a-z0-9-]*' | sort -u); do
    [[ $opt == --help ]] && continue
    grep -qF -- "${opt//-/\\-}" <<<"$page" || fail "ssosnap(1) lacks $opt of '$path'"
  done
  local sub
  for sub in $(subcommands <<<"$help"); do check "$path $sub"; done
}

# No parser type noise in the option lines (CLI11's TEXT, UINT, validator texts, [[ ]]).
noise=$(grep -E '^\.B \\-' <<<"$page" |
        grep -E '\b(TEXT|INT|UINT|FLOAT|NUMBER|BOOLEAN|NONNEGATIVE|POSITIVE)\b|\[|\]| in ' || true)
[[ -z $noise ]] || fail "ssosnap(1) shows parser types: $noise"

commands=$("$ssosnap" --help | subcommands)
[[ $(wc -l <<<"$commands") -ge 10 ]] || fail "--help lists too few commands: $commands"
for c in $commands; do check "$c"; done
echo "ok: ssosnap(1) covers $(wc -l <<<"$commands") commands and their subcommands"
