#!/usr/bin/env bash
# `make audit`: Lighthouse (mobile) on every public page type against a local server started
# the way `make run` starts it (production code paths, DEBUG off, WhiteNoise, loopback HTTP).
# Needs node ≥ 18.16 and npm (the npm registry, once, for the pinned Lighthouse) and Debian's
# chromium. Report: test-artifacts/lighthouse/report.md (+ one HTML report per page).
set -euo pipefail
cd "$(dirname "$0")/../.."
PORT="${AUDIT_PORT:-8630}"
PY=.venv/bin/python
mkdir -p test-artifacts
CHROME_PATH="${CHROME_PATH:-$(command -v chromium || echo /usr/bin/chromium)}"
export CHROME_PATH
command -v node >/dev/null || { echo "make audit needs node (>= 18.16) and npm"; exit 2; }
[ -x "$CHROME_PATH" ] || { echo "make audit needs chromium (scripts/install_browser.sh)"; exit 2; }
if [ ! -d scripts/audit/node_modules/lighthouse ]; then
  (cd scripts/audit && npm ci --no-audit --no-fund)
fi
export SECURE_SSL_REDIRECT=false SECURE_COOKIES=false ADMIN_HTTPS_ONLY=false SERVE_MEDIA=true
export SITE_URL="http://127.0.0.1:${PORT}"
$PY manage.py runserver "127.0.0.1:${PORT}" --noreload >test-artifacts/audit-server.log 2>&1 &
SERVER=$!
trap 'kill "$SERVER" 2>/dev/null || true' EXIT
for _ in $(seq 240); do
  curl -fs -o /dev/null "http://127.0.0.1:${PORT}/healthz" && break
  sleep 0.5
done
curl -fs -o /dev/null "http://127.0.0.1:${PORT}/healthz" || { echo "the server did not start: test-artifacts/audit-server.log"; exit 1; }
node scripts/audit/lighthouse.mjs "http://127.0.0.1:${PORT}" test-artifacts/lighthouse
