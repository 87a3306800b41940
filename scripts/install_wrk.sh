#!/usr/bin/env bash
# Install Debian's wrk for the load tests (make loadtest). Safe to run repeatedly.
set -u
if command -v wrk >/dev/null 2>&1; then exit 0; fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Debian's wrk for the load tests…"
  (apt-get -o DPkg::Lock::Timeout=600 update -qq && DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq wrk) >/dev/null 2>&1 \
    || { echo "Could not install wrk."; exit 1; }
else
  echo "wrk is not installed and cannot be installed here (needs root and apt-get)."; exit 1
fi
