#!/bin/bash
# clang-tidy 14 with the repository's .clang-tidy over every source file of src/, using the
# build's compile_commands.json. Any finding fails (WarningsAsErrors in .clang-tidy).
# Usage: clang_tidy_test.sh BUILD_DIR SOURCE_DIR [JOBS]
set -euo pipefail
build=$1 src=$2 jobs=${3:-$(nproc)}
runner=$(command -v run-clang-tidy-14 || command -v run-clang-tidy || true)
[ -n "$runner" ] || { echo "FAIL: run-clang-tidy-14 not found (package clang-tidy-14)" >&2; exit 1; }
[ -f "$build/compile_commands.json" ] || { echo "FAIL: no $build/compile_commands.json" >&2; exit 1; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/ssosnap-clang-tidy.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
log=$tmp/log
# The build's commands without g++'s precompiled header (clang cannot read a .gch; every file
# includes what it uses, so the forced include only saved time).
sed -E 's# -include [^ ]*cmake_pch\.hxx##g; s# -Winvalid-pch##g' "$build/compile_commands.json" \
    > "$tmp/compile_commands.json"
# -quiet: only findings; the file regex keeps tests/ and generated files out.
if ! "$runner" -p "$tmp" -j "$jobs" -quiet "$src/src/" > "$log" 2>&1 ||
    grep -qE '(warning|error): ' "$log"; then
    grep -E '(warning|error): ' "$log" | sort -u >&2 || cat "$log" >&2
    echo "FAIL: clang-tidy findings in src/ (fix them, or say in .clang-tidy why a check is off)" >&2
    exit 1
fi
echo "ok: clang-tidy clean on $(grep -c "\"file\": \"$src/src/" "$tmp/compile_commands.json") files of src/"
