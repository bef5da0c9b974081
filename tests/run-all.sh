#!/usr/bin/env bash
# Runs every test: configures and builds the CI preset once (ASan + UBSan, warnings as
# errors), runs every test binary through ctest, checks formatting, and runs the demo on the
# same build. Then it builds ssosnap once more without the sanitizers (preset release) and
# runs the hostile corpus against that binary, where the plain bounds of issue 7 apply
# (256 MiB peak RSS, 2 s per run). This is exactly what .ci/run calls.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== format check (clang-format 14)"
bash tests/check-format.sh

echo "== configure + build (preset ci: ASan + UBSan, -Werror)"
cmake --preset ci >/dev/null
cmake --build --preset ci

echo "== tests"
ctest --preset ci

if [ -x tests/demo/demo.sh ]; then
  echo "== demo"
  ASAN_OPTIONS=detect_leaks=1 tests/demo/demo.sh build/ci
fi

echo "== hostile corpus on the unsanitized build (preset release: 256 MiB, 2 s per run)"
cmake --preset release >/dev/null
cmake --build --preset release --target ssosnap
SSOSNAP_HOSTILE_BIN="$PWD/build/release/src/ssosnap" build/ci/tests/hostile/ssosnap_hostile_test
