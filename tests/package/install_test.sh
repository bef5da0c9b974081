#!/bin/bash
# cmake --install into a staging root (DESTDIR), then check the installed tree works:
# ssosnap --version runs from there, the man pages and the completions are where Debian's
# man, bash-completion and zsh look for them.
set -euo pipefail
cmake_bin=$1 build=$2
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

DESTDIR=$stage "$cmake_bin" --install "$build" --prefix /usr >/dev/null

for f in usr/bin/ssosnap usr/bin/ksso-emulator usr/share/man/man1/ssosnap.1.gz \
         usr/share/man/man1/ksso-emulator.1.gz usr/share/bash-completion/completions/ssosnap \
         usr/share/zsh/vendor-completions/_ssosnap; do
  [[ -f $stage/$f ]] || fail "not installed: /$f"
done

version=$("$stage/usr/bin/ssosnap" --version) || fail "installed ssosnap --version failed"
grep -Eq '^ssosnap [0-9]+\.[0-9]+\.[0-9]+ \(revision ' <<<"$version" || fail "version: $version"
for lib in libzip libcurl tls; do
  grep -Eq "^$lib [^ ]+" <<<"$version" || fail "--version does not name $lib: $version"
done
grep -q '^tls OpenSSL/' <<<"$version" || fail "--version does not name OpenSSL: $version"
"$stage/usr/bin/ksso-emulator" --help >/dev/null || fail "installed ksso-emulator --help failed"

# The man pages are well-formed roff for man(1) and name what they document.
page=$(zcat "$stage/usr/share/man/man1/ssosnap.1.gz")
grep -q '^\.TH SSOSNAP 1' <<<"$page" || fail "ssosnap.1 has no .TH header"
grep -q '^\.SH EXIT STATUS' <<<"$page" || fail "ssosnap.1 has no EXIT STATUS"
epage=$(zcat "$stage/usr/share/man/man1/ksso-emulator.1.gz")
grep -q '^\.TH KSSO-EMULATOR 1' <<<"$epage" || fail "ksso-emulator.1 has no .TH header"
# ksso-emulator(1) is generated from its --help: every long option there is in the page.
for opt in $("$stage/usr/bin/ksso-emulator" --help | grep -oE -- '--[a-z][a-z-]+' | sort -u); do
  grep -qF -- "${opt//-/\\-}" <<<"$epage" || fail "ksso-emulator.1 lacks $opt"
done
if command -v man >/dev/null; then
  MANWIDTH=80 man -l "$stage/usr/share/man/man1/ssosnap.1.gz" 2>&1 >/dev/null |
    grep -q . && fail "man reports problems in ssosnap.1"
fi

grep -q '^complete -F _ssosnap ssosnap$' "$stage/usr/share/bash-completion/completions/ssosnap" ||
  fail "bash completion does not register _ssosnap"
head -1 "$stage/usr/share/zsh/vendor-completions/_ssosnap" | grep -qx '#compdef ssosnap' ||
  fail "zsh completion lacks its #compdef line"
echo "ok: installed tree under DESTDIR works"
