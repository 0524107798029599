#!/usr/bin/env bash
# Installs the Debian packages the project's tests drive for real: chromium (the msw browser example and the
# /docs/ page), seafile-cli (the desktop client's sync round trip) and rclone (a WebDAV/Seafile client).
# Runs before `npm test`; does nothing when all are present.
#   In CI (CI=true) it fails loudly when it cannot install them: a missing package must fail the run, not
#   skip tests silently. Elsewhere it only warns, and the tests that need a missing package skip with why.
# apt-get waits for a dpkg lock held by another apt process (DPkg::Lock::Timeout), and a failed attempt
# (the lists lock, a mirror hiccup) is retried a bounded number of times.
set -uo pipefail
in_ci() { [ -n "${CI:-}" ] && [ "${CI}" != "false" ] && [ "${CI}" != "0" ]; }
fail() {
  if in_ci; then
    echo "install-test-deps: $* (CI=true: the tests that need them would fail)" >&2
    exit 1
  fi
  echo "install-test-deps: $* (the tests that need them skip; install them to run those)" >&2
  exit 0
}

need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
{ command -v seaf-cli >/dev/null 2>&1 && command -v seaf-daemon >/dev/null 2>&1; } || need+=(seafile-cli)
command -v rclone >/dev/null 2>&1 || need+=(rclone)
[ ${#need[@]} -eq 0 ] && exit 0

command -v apt-get >/dev/null 2>&1 || fail "missing ${need[*]} and no apt-get to install them"
sudo=()
if [ "$(id -u)" != 0 ]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then sudo=(sudo -n); else
    fail "missing ${need[*]}: run as root (or with sudo) to install them with apt-get"
  fi
fi

echo "install-test-deps: apt-get install ${need[*]}"
export DEBIAN_FRONTEND=noninteractive
apt=("${sudo[@]}" apt-get -qq -o DPkg::Lock::Timeout=120)
attempts=5
for attempt in $(seq 1 "$attempts"); do
  if "${apt[@]}" update >/dev/null && "${apt[@]}" install -y --no-install-recommends "${need[@]}" >/dev/null; then
    break
  fi
  [ "$attempt" -eq "$attempts" ] && fail "apt-get could not install ${need[*]} after $attempts attempts"
  echo "install-test-deps: apt-get failed (attempt $attempt of $attempts); retrying in 20 s" >&2
  sleep 20
done

missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v seaf-cli >/dev/null 2>&1 || missing+=(seaf-cli)
command -v rclone >/dev/null 2>&1 || missing+=(rclone)
[ ${#missing[@]} -eq 0 ] || fail "still missing after apt-get: ${missing[*]}"
echo "install-test-deps: installed ${need[*]}"
