#!/usr/bin/env bash
# Runs each libFuzzer harness for a bounded time over its checked-in seed
# corpus (fuzz/corpus/NAME). New inputs go to a scratch directory so the
# checked-in corpus only changes by hand. Usage: run-fuzzers.sh BUILD_DIR SECONDS
set -uo pipefail
build=${1:-build-fuzz}
seconds=${2:-30}
cd "$(dirname "$0")/.."
mkdir -p fuzz/artifacts
failed=0
# Extra read-only seeds: the real profiles and example applications.
declare -A seeds=([profile]="profiles tests/fixtures" [application]="$(ls -d examples/*/ | tr '\n' ' ')")
for name in profile application csv form proxylog multipart documents; do
  scratch=$(mktemp -d)
  echo "fuzz_$name: ${seconds}s over fuzz/corpus/$name"
  if "$build/fuzz/fuzz_$name" -max_total_time="$seconds" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
      -artifact_prefix=fuzz/artifacts/ -print_final_stats=1 "$scratch" "fuzz/corpus/$name" ${seeds[$name]:-} \
      >"$build/fuzz_$name.log" 2>&1; then
    echo "fuzz_$name: ok ($(grep -o 'stat::number_of_executed_units: *[0-9]*' "$build/fuzz_$name.log" | grep -o '[0-9]*$') runs)"
    echo ok >"$build/fuzz_$name.result"
  else
    echo "fuzz_$name: FAILED — see $build/fuzz_$name.log and fuzz/artifacts/"
    tail -40 "$build/fuzz_$name.log"
    echo failed >"$build/fuzz_$name.result"
    failed=1
  fi
  rm -rf "$scratch"
done
exit $failed
