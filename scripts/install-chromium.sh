#!/bin/sh
# Installs Debian's chromium for tests/browser (the msw example and the /docs/ page in a real headless
# browser, driven by playwright-core). Never downloads a browser build: apt-get only.
set -eu

if command -v chromium >/dev/null 2>&1; then
  echo "chromium already installed: $(command -v chromium)"
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "chromium needs apt-get (Debian or Ubuntu); or set CHROMIUM_PATH to an installed Chromium" >&2
  exit 1
fi

SUDO=''
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO='sudo'; else
    echo "run as root or install sudo: apt-get install -y chromium" >&2
    exit 1
  fi
fi

$SUDO apt-get update
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y --no-install-recommends chromium
chromium --version
