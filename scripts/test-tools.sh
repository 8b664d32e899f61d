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
command -v nunit-console >/dev/null 2>&1 || packages+=(mono-mcs nunit-console libnunit-cil-dev)

# JavaScript test tools, for the same comparison, kept out of the project's own dependencies.
tools="$(dirname "$0")/../.tmp/js-tools"
if [ ! -x "$tools/node_modules/.bin/vitest" ] || [ ! -x "$tools/node_modules/.bin/mocha" ] || [ ! -x "$tools/node_modules/.bin/jest" ]; then
  echo "Installing jest, vitest, mocha and mochawesome into .tmp/js-tools for the parser tests"
  mkdir -p "$tools"
  npm install --prefix "$tools" --no-audit --no-fund --loglevel=error \
    jest@30.5.2 vitest@4.1.12 mocha@12.0.3 mochawesome@8.1.1 >/dev/null ||
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
