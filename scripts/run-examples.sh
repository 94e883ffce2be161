#!/usr/bin/env bash
# The main job for now: evaluate every bundled example application with its
# profile and print the decisions (examples/PROFILE/*.json).
set -uo pipefail
daicho=${1:-build/daicho}
cd "$(dirname "$0")/.."
"$daicho" profiles
for dir in examples/*/; do
  profile=$(basename "$dir")
  for app in "$dir"*.json; do
    [ -e "$app" ] || continue
    echo
    echo "======================================================================"
    echo "daicho evaluate --profile $profile $app"
    echo "======================================================================"
    "$daicho" evaluate --profile "$profile" "$app"
    rc=$?
    [ $rc -le 1 ] || { echo "daicho: unexpected exit status $rc for $app" >&2; exit 1; }
  done
done
