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
