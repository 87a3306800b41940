#!/usr/bin/env bash
# Install Debian's wrk (HTTP load generator) for bench/run.sh. Does nothing when wrk is there.
set -eu
if command -v wrk >/dev/null 2>&1; then exit 0; fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Debian's wrk…"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
else
  echo "wrk is missing and cannot be installed here (needs root and apt-get): apt-get install wrk" >&2
  exit 1
fi
