#!/usr/bin/env bash
# Final line of `make test`: every ctest test of the normal and sanitizer
# builds plus each fuzzer run, as "N passed, N failed".
set -uo pipefail
passed=0
failed=0
for dir in "$1" "$2"; do
  for xml in "$dir"/ctest-junit.xml; do
    [ -f "$xml" ] || continue
    suite=$(tr '\n' ' ' <"$xml" | grep -o '<testsuite [^>]*>' | head -1)
    tests=$(grep -o '[[:space:]]tests="[0-9]*"' <<<"$suite" | grep -o '[0-9]*')
    fails=$(grep -o '[[:space:]]failures="[0-9]*"' <<<"$suite" | grep -o '[0-9]*')
    passed=$((passed + tests - fails))
    failed=$((failed + fails))
  done
done
for r in "$3"/fuzz_*.result; do
  [ -f "$r" ] || continue
  if grep -q ok "$r"; then passed=$((passed + 1)); else failed=$((failed + 1)); fi
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
