#!/usr/bin/env bash
# Restore a backup made by scripts/backup.sh into the database DATABASE_URL names.
#
#   scripts/restore.sh --yes FOLDER
#
# It REPLACES the database's content (hence --yes):
#   database.dump     pg_restore --clean into that PostgreSQL database (which must exist);
#   database.json.gz  migrate, flush, then loaddata (any database; natural keys match the content
#                     types and permissions that migrate recreates; no history row is added).
# media.tar.gz, if present, is unpacked into MEDIA_ROOT.
set -euo pipefail
cd "$(dirname "$0")/.."
PY="${PYTHON:-.venv/bin/python}"
[ -x "$PY" ] || PY=python3

[ "${1:-}" = "--yes" ] || { echo "usage: scripts/restore.sh --yes FOLDER (replaces the database's content)" >&2; exit 2; }
source="${2:?usage: scripts/restore.sh --yes FOLDER}"
source="$(cd "$source" && pwd)"

if [ -f "$source/database.dump" ]; then
  case "${DATABASE_URL:-}" in
    postgres://*|postgresql://*) ;;
    *) echo "database.dump restores into PostgreSQL only: set DATABASE_URL=postgres://…" >&2; exit 2 ;;
  esac
  pg_restore --clean --if-exists --no-owner --no-privileges --exit-on-error --dbname="$DATABASE_URL" \
    "$source/database.dump"
elif [ -f "$source/database.json.gz" ]; then
  "$PY" manage.py migrate --noinput -v0
  "$PY" manage.py flush --noinput -v0
  "$PY" manage.py loaddata "$source/database.json.gz" -v0
else
  echo "no database.dump or database.json.gz in $source" >&2; exit 2
fi

if [ -f "$source/media.tar.gz" ]; then
  media="$("$PY" manage.py shell -v0 -c 'from django.conf import settings; print(settings.MEDIA_ROOT)')"
  mkdir -p "$media"
  tar -xzf "$source/media.tar.gz" -C "$media"
fi
echo "restored from $source"
