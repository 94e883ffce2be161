#!/usr/bin/env bash
# `make test`: unit and CLI tests (ctest), the same under ASan+UBSan, then each
# libFuzzer harness for a bounded time. Runs every stage even if one fails and
# ends with "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."
jobs=${JOBS:-2}
fuzz_seconds=${FUZZ_SECONDS:-30}
status=0

stage() { echo; echo "=== $*"; }

# A throwaway PostgreSQL cluster on loopback: the store and app suites run
# against it as well as against SQLite. Stopped (and removed) at the end.
stage "PostgreSQL test cluster"
pg_url=""
if pg_url=$(scripts/pg-test.sh start); then
  echo "PostgreSQL: $pg_url"
  trap 'scripts/pg-test.sh stop >/dev/null 2>&1 || true' EXIT
else
  echo "could not start PostgreSQL: the postgres suites are not run" >&2
  status=1
fi

# The web tests' browser (Debian chromium) and playwright-core (npm ci in tests/browser).
stage "web test dependencies"
scripts/web-test-deps.sh || { echo "could not install the web test dependencies: web_browser will fail" >&2; status=1; }

stage "build and test (RelWithDebInfo)"
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DDAICHO_TEST_PG_URL="$pg_url" >/dev/null &&
  cmake --build build -j"$jobs" &&
  (cd build && ctest --output-on-failure -j"$jobs" --output-junit ctest-junit.xml) || status=1

stage "build and test under AddressSanitizer + UndefinedBehaviorSanitizer"
cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DDAICHO_SANITIZE=ON -DDAICHO_TEST_PG_URL="$pg_url" >/dev/null &&
  cmake --build build-asan -j"$jobs" &&
  (cd build-asan && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
     ctest --output-on-failure -j"$jobs" --output-junit ctest-junit.xml) || status=1

stage "fuzz (${fuzz_seconds}s per harness)"
rm -f build-fuzz/fuzz_*.result
CC=clang cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo -DDAICHO_FUZZ=ON >/dev/null &&
  cmake --build build-fuzz -j"$jobs" &&
  scripts/run-fuzzers.sh build-fuzz "$fuzz_seconds" || status=1

echo
scripts/summary.sh build build-asan build-fuzz || status=1
exit $status
