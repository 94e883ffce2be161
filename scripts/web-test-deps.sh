#!/usr/bin/env bash
# What the web tests need beyond scripts/deps.sh (issue #4), installed only
# when missing: Debian's chromium (the browser tests drive /usr/bin/chromium
# with playwright-core; no browser is ever downloaded), Node.js and npm when
# the machine has none, and tests/browser/node_modules from the lock file
# (npm ci; the first run without a lock file makes one with npm install).
# Usage: scripts/web-test-deps.sh
set -euo pipefail
cd "$(dirname "$0")/.."

want=(chromium)
command -v node >/dev/null && command -v npm >/dev/null || want+=(nodejs npm)
missing=()
for pkg in "${want[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$pkg")
  fi
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "daicho: installing Debian packages: ${missing[*]}"
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || { echo "daicho: run as root or install: ${missing[*]}" >&2; exit 1; }
    SUDO=sudo
  fi
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# playwright-core never downloads a browser by itself; make sure no install
# script tries either.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
cd tests/browser
lock_sum=$(sha256sum package-lock.json 2>/dev/null | cut -d' ' -f1 || true)
stamp=node_modules/.daicho-lock-sha256
if [ -f package-lock.json ]; then
  # npm ci only when node_modules is not from this lock file already.
  if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$lock_sum" ]; then
    npm ci --no-audit --no-fund --loglevel=error
    echo "$lock_sum" >"$stamp"
  fi
else
  npm install --no-audit --no-fund --loglevel=error
  sha256sum package-lock.json | cut -d' ' -f1 >"$stamp"
fi
