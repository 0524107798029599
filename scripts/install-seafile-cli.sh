#!/bin/sh
# Installs the Seafile desktop sync client (seaf-cli 8.0.10 on Debian 12) for tests/desktop-client.
# seaf-cli exists only as a Debian/Ubuntu package; it pulls in seafile-daemon and python3-seafile.
set -eu

if command -v seaf-cli >/dev/null 2>&1 && command -v seaf-daemon >/dev/null 2>&1; then
  echo "seaf-cli already installed: $(command -v seaf-cli)"
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "seaf-cli needs apt-get (Debian or Ubuntu); install the seafile-cli package by other means" >&2
  exit 1
fi

SUDO=''
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO='sudo'; else
    echo "run as root or install sudo: apt-get install -y seafile-cli" >&2
    exit 1
  fi
fi

$SUDO apt-get update
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y --no-install-recommends seafile-cli
seaf-cli --help >/dev/null
echo "installed: $(command -v seaf-cli)"
