#!/usr/bin/env bash
# Back up the catalogue: database + uploaded photos, into one new folder.
#
#   scripts/backup.sh [--format pg|json] [FOLDER]
#
# The database is the one DATABASE_URL names (as for manage.py; default: the SQLite file).
#   pg    pg_dump custom format (database.dump): PostgreSQL only; the default there.
#   json  manage.py dumpdata with natural keys (database.json.gz): any database; the default on SQLite.
#         Content types, permissions, sessions and login attempts are left out: `migrate`
#         recreates the first two, the others are transient.
# MEDIA_ROOT (photos) is archived as media.tar.gz. FOLDER defaults to backups/<date-time>/.
# Restore with scripts/restore.sh FOLDER.
set -euo pipefail
cd "$(dirname "$0")/.."
PY="${PYTHON:-.venv/bin/python}"
[ -x "$PY" ] || PY=python3

format=""
if [ "${1:-}" = "--format" ]; then format="$2"; shift 2; fi
target="${1:-backups/$(date -u +%Y%m%dT%H%M%SZ)}"

url="${DATABASE_URL:-}"
postgres=false
case "$url" in postgres://*|postgresql://*) postgres=true ;; esac
[ -n "$format" ] || { if $postgres; then format=pg; else format=json; fi; }

mkdir -p "$target"
case "$format" in
  pg)
    $postgres || { echo "--format pg needs DATABASE_URL=postgres://…" >&2; exit 2; }
    pg_dump --format=custom --no-owner --no-privileges --dbname="$url" --file="$target/database.dump"
    ;;
  json)
    "$PY" manage.py dumpdata --natural-foreign --natural-primary \
      --exclude contenttypes --exclude auth.permission --exclude sessions --exclude axes \
      --output "$target/database.json.gz" -v0
    ;;
  *) echo "unknown format: $format (pg or json)" >&2; exit 2 ;;
esac

media="$("$PY" manage.py shell -v0 -c 'from django.conf import settings; print(settings.MEDIA_ROOT)')"
if [ -d "$media" ]; then
  tar -czf "$target/media.tar.gz" -C "$media" .
fi
echo "$target"
