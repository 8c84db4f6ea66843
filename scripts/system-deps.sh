#!/usr/bin/env bash
# Make sure the Debian packages a step needs are present: install them when running as root,
# otherwise stop with the exact command to run. Never lets a step silently skip what it needs.
set -euo pipefail
declare -A probe=([gettext]="msgfmt" [chromium]="chromium" [redis-server]="redis-server")
missing=()
for pkg in "$@"; do
  command -v "${probe[$pkg]:-$pkg}" >/dev/null 2>&1 || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ]; then
  echo "installing ${missing[*]} with apt-get"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq -o DPkg::Lock::Timeout=300 "${missing[@]}"
else
  echo "Missing system packages: ${missing[*]}. Install them with:" >&2
  echo "  sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi
