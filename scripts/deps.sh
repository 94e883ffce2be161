#!/usr/bin/env bash
# Installs the Debian packages daicho needs to build and test, only when one
# is missing (apt-get update once, then apt-get install). Usage:
#   scripts/deps.sh build   — compiler and libraries
#   scripts/deps.sh test    — also cmocka, clang (libFuzzer, sanitizers) and PostgreSQL
#   scripts/deps.sh bench-web — the web benchmark's load generator (wrk) and anchor (nginx-light), curl
set -euo pipefail

want=(build-essential cmake pkg-config libyaml-dev libjansson-dev libxlsxwriter-dev libsqlite3-dev libpq-dev
      libsodium-dev libmicrohttpd-dev libcurl4-openssl-dev)
if [ "${1:-build}" = "test" ]; then
  # postgresql: the store and app suites also run against a throwaway server
  # (scripts/pg-test.sh); sqlite3 and psql are the benchmark's anchors.
  want+=(libcmocka-dev clang libclang-rt-dev python3 unzip postgresql sqlite3)
fi
if [ "${1:-build}" = "bench-web" ]; then
  # bench/run-web-bench.sh: wrk drives the server and the nginx anchor (issue #4).
  want+=(wrk curl python3)
  command -v nginx >/dev/null || want+=(nginx-light)
fi

missing=()
for pkg in "${want[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$pkg")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "daicho: installing Debian packages: ${missing[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "daicho: run as root or install: ${missing[*]}" >&2; exit 1; }
  SUDO=sudo
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
