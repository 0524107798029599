#!/usr/bin/env bash
# Installs the Debian packages the project's tests drive for real: chromium (the msw browser example),
# seafile-cli (the desktop client's sync round trip) and rclone (its seafile backend, tests/clients). Runs
# before `npm test`; does nothing when all are present, and only warns when it cannot install (not root, no
# apt-get): those tests then skip and say why (the rclone test fails instead when CI=true).
set -uo pipefail
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v seaf-cli >/dev/null 2>&1 || need+=(seafile-cli)
command -v rclone >/dev/null 2>&1 || need+=(rclone)
[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "install-test-deps: missing ${need[*]} (install them with apt-get to run the browser, desktop-client and rclone tests)" >&2
  exit 0
fi
echo "install-test-deps: apt-get install ${need[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null && apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null ||
  echo "install-test-deps: apt-get could not install ${need[*]}" >&2
exit 0
