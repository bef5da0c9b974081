#!/bin/bash
# cpack -G DEB into a scratch folder, then read the package: its Depends name the Debian
# run-time packages (found by dpkg-shlibdeps) and it holds the programs, man pages and
# completions. Skipped (77) without dpkg-deb/dpkg-shlibdeps (package dpkg-dev).
set -euo pipefail
cpack_bin=$1 build=$2
command -v dpkg-shlibdeps >/dev/null && command -v dpkg-deb >/dev/null || {
  echo "skip: dpkg-dev is not installed"; exit 77; }
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

"$cpack_bin" --config "$build/CPackConfig.cmake" -G DEB -B "$out" >"$out/cpack.log" 2>&1 ||
  { cat "$out/cpack.log" >&2; fail "cpack -G DEB failed"; }
debs=("$out"/ssosnap_*.deb)
[[ -f ${debs[0]} ]] || fail "no ssosnap_*.deb in $(ls "$out")"
deb=${debs[0]}

depends=$(dpkg-deb -f "$deb" Depends)
echo "Depends: $depends"
names=$(sed -e 's/ ([^)]*)//g' -e 's/, /\n/g' <<<"$depends")   # one package name a line
# libssl3 comes through libcurl4 and libcpp-httplib0.11 (neither program links it itself).
for pkg in libzip4 libcurl4 libcpp-httplib0.11 libdate-tz3 libstdc++6 libc6 tzdata; do
  grep -qxF -- "$pkg" <<<"$names" || fail "Depends lacks $pkg"
done
[[ $(dpkg-deb -f "$deb" Package) == ssosnap ]] || fail "package name"

contents=$(dpkg-deb -c "$deb")
for f in ./usr/bin/ssosnap ./usr/bin/ksso-emulator ./usr/share/man/man1/ssosnap.1.gz \
         ./usr/share/man/man1/ksso-emulator.1.gz ./usr/share/bash-completion/completions/ssosnap \
         ./usr/share/zsh/vendor-completions/_ssosnap; do
  grep -qF " $f" <<<"$contents" || fail "package lacks $f"
done
echo "ok: $(basename "$deb")"
