#!/usr/bin/env bash
# Fails when a C++ file under src/ or tests/ is not formatted as .clang-format says.
set -euo pipefail
cd "$(dirname "$0")/.."
fmt=$(command -v clang-format-14 || command -v clang-format || true)
if [ -z "$fmt" ]; then
  echo "clang-format-14 is missing: apt-get install -y clang-format-14" >&2
  exit 1
fi
mapfile -t files < <(find src tests -name '*.cpp' -o -name '*.hpp' | sort)
"$fmt" --dry-run --Werror "${files[@]}"
echo "format: ${#files[@]} files clean"
