#!/usr/bin/env bash
# Install Debian's nginx (and openssl) so that tests/deploy/test_nginx_conf.py really runs `nginx -t`
# on deploy/nginx.conf. Safe to run repeatedly; does nothing when both exist. The service is
# never started: the test only checks the configuration.
set -u
if command -v nginx >/dev/null 2>&1 && command -v openssl >/dev/null 2>&1; then exit 0; fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Debian's nginx for the configuration test…"
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nginx-light openssl \
     || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nginx openssl) >/dev/null 2>&1 \
    || echo "Could not install nginx: the nginx configuration test will be skipped (it fails in CI)."
  # Debian starts the service on install; the tests need only the binary.
  (command -v service >/dev/null 2>&1 && service nginx stop) >/dev/null 2>&1 || true
  pkill -x nginx >/dev/null 2>&1 || true
else
  echo "nginx is not installed and cannot be installed here (needs root and apt-get): its test will be skipped."
fi
exit 0
