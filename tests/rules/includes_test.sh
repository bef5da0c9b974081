#!/bin/bash
# Each third-party header is included only by the module that owns it (docs/architecture.md,
# "Who includes which library"). Usage: includes_test.sh SOURCE_DIR (the folder holding src/).
# With --self-test SOURCE_DIR it copies src/ to a temp folder, adds a stray include and checks
# that the check catches it (so the check itself cannot silently pass everything).
set -euo pipefail

# header pattern (extended regex, inside <>) -> modules (src/<module>/) allowed to include it;
# "emulator/main.cpp" names the ksso-emulator binary's own file, not its library.
rules=(
    'zip\.h|zipconf\.h'          'archive'
    'curl/.*'                    'rest'
    'date/.*'                    'metadata'
    'httplib\.h'                 'emulator'
    'CLI/.*'                     'cli emulator/main.cpp'
    'nlohmann/.*'                'metadata diff rest emulator cli'
    'openssl/.*'                 'core'
    'pugixml\.hpp'               's3'
    'gtest/.*|gmock/.*'          ''
)

check() {
    local root=$1 bad=0 file rel module pattern allowed hit
    while IFS= read -r file; do
        rel=${file#"$root"/src/}
        module=${rel%%/*}
        [[ $rel == */* ]] || module=main  # src/main.cpp
        for ((i = 0; i < ${#rules[@]}; i += 2)); do
            pattern=${rules[i]} allowed=" ${rules[i + 1]} "
            hit=$(grep -nE "^[[:space:]]*#[[:space:]]*include[[:space:]]*<($pattern)>" "$file" || true)
            [ -n "$hit" ] || continue
            [[ $allowed == *" $module "* || $allowed == *" $rel "* ]] && continue
            while IFS= read -r line; do
                echo "src/$rel:${line%%:*}: ${line#*:} is not for module '$module' (allowed: ${rules[i + 1]:-no module})" >&2
            done <<<"$hit"
            bad=1
        done
    done < <(find "$root/src" -type f \( -name '*.cpp' -o -name '*.hpp' -o -name '*.h' \) | sort)
    return $bad
}

if [ "${1:-}" = --self-test ]; then
    root=$2
    tmp=$(mktemp -d "${TMPDIR:-/tmp}/ssosnap-includes.XXXXXX")
    trap 'rm -rf "$tmp"' EXIT
    cp -r "$root/src" "$tmp/src"
    check "$tmp" || { echo "FAIL: the unmodified tree does not pass" >&2; exit 1; }
    # each: a file of the copy, a header its module must not include
    for stray in "archive/reader.cpp curl/curl.h" "emulator/server.cpp CLI/CLI.hpp" \
        "workflow/restore.cpp openssl/evp.h" "main.cpp nlohmann/json.hpp"; do
        set -- $stray
        cp "$tmp/src/$1" "$tmp/saved"
        printf '#include <%s>\n' "$2" >> "$tmp/src/$1"
        if out=$(check "$tmp" 2>&1); then
            echo "FAIL: a stray <$2> in src/$1 was not caught" >&2; exit 1
        fi
        grep -qF "src/$1:" <<<"$out" || { echo "FAIL: src/$1 not named: $out" >&2; exit 1; }
        echo "ok: caught $out"
        mv "$tmp/saved" "$tmp/src/$1"
    done
    exit 0
fi

root=${1:?usage: includes_test.sh SOURCE_DIR}
check "$root" || { echo "FAIL: third-party headers outside their module (docs/architecture.md)" >&2; exit 1; }
echo "ok: every third-party header is included only by its module"
