#!/usr/bin/env bash
# Installs the Debian packages the tests use, where they are missing and this user may install
# (root with apt-get, as on CI and the developer machines). Elsewhere it says what is missing;
# the tests that need it then say they were skipped.
set -euo pipefail

packages=()
command -v cmark-gfm >/dev/null 2>&1 || packages+=(cmark-gfm)
# Real clients the service tests run against the containers, with the variables handed over.
command -v psql >/dev/null 2>&1 || packages+=(postgresql-client)
command -v redis-cli >/dev/null 2>&1 || packages+=(redis-tools)
command -v mariadb >/dev/null 2>&1 || packages+=(mariadb-client)
command -v amqp-declare-queue >/dev/null 2>&1 || packages+=(amqp-tools)
# Real test tools whose reports the parser tests compare with the tool's own counts.
command -v go >/dev/null 2>&1 || packages+=(golang-go)
command -v perl >/dev/null 2>&1 || packages+=(perl)
command -v rspec >/dev/null 2>&1 || packages+=(ruby-rspec)
/usr/bin/python3 -c 'import pytest' >/dev/null 2>&1 || packages+=(python3-pytest)
command -v ctest >/dev/null 2>&1 || packages+=(cmake)
command -v python3-coverage >/dev/null 2>&1 || packages+=(python3-coverage)
command -v nunit-console >/dev/null 2>&1 || packages+=(mono-mcs nunit-console libnunit-cil-dev)
# The browser the HTML report's tests open it in (driven by playwright-core, never downloaded).
command -v chromium >/dev/null 2>&1 || packages+=(chromium)

# JavaScript test tools, for the same comparison, kept out of the project's own dependencies
# and pinned by their own lock file (scripts/js-tools).
here="$(cd "$(dirname "$0")" && pwd)"
tools="$here/../.tmp/js-tools"
if [ ! -x "$tools/node_modules/.bin/vitest" ] || [ ! -x "$tools/node_modules/.bin/jest" ] || [ ! -x "$tools/node_modules/.bin/mocha" ] ||
  [ ! -x "$tools/node_modules/.bin/c8" ] || [ ! -f "$tools/node_modules/@vitest/coverage-v8/package.json" ]; then
  echo "Installing jest, vitest, mocha and mochawesome into .tmp/js-tools for the parser tests"
  mkdir -p "$tools"
  cp "$here/js-tools/package.json" "$here/js-tools/package-lock.json" "$tools/"
  # `install`, not `ci`: the lock pins every version, and npm adds the platform's own optional
  # packages, which a lock written on another platform leaves out.
  (cd "$tools" && npm install --no-audit --no-fund --loglevel=error >/dev/null 2>&1) ||
    echo "Could not install them; the tests that run them will be skipped" >&2
fi

[ ${#packages[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing ${packages[*]} for the tests"
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null && command -v apt-get >/dev/null 2>&1; then
  echo "Installing ${packages[*]} for the tests"
  sudo apt-get update -qq >/dev/null
  sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
else
  echo "Not installed, tests that need them will be skipped: ${packages[*]}" >&2
fi
