"""A SQLite template database: migrated and loaded with the geography and the seed catalogue
once, then copied (by SQLite's backup API, a few milliseconds) into each test session's
in-memory database and into the browser tests' server database.

The file is keyed by a hash of everything that can change its content: every migration, every
Python module of the project (the load commands, the search text they compute…), the geography
and fixture data, and the Django version. Any change builds a new template (the cost of one
session set-up, paid once); old templates are removed. The cache lives in ``.test-db-cache/``
(git-ignored); deleting it is always safe.
"""

import hashlib
import os
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

import django

BASE_DIR = Path(__file__).resolve().parents[1]
CACHE_DIR = BASE_DIR / ".test-db-cache"
SKIPPED_DIRS = {".git", ".venv", "tests", "docs", "bench", "node_modules", ".test-db-cache", "static", "locale"}
DATA_DIRS = ("geo/data", "fixtures", "eligibility/data")


def _inputs() -> list[Path]:
    files = []
    for root, dirs, names in os.walk(BASE_DIR):
        dirs[:] = sorted(d for d in dirs if d not in SKIPPED_DIRS and not d.startswith("."))
        files += [Path(root) / name for name in sorted(names) if name.endswith(".py")]
    for folder in DATA_DIRS:
        files += sorted(path for path in (BASE_DIR / folder).rglob("*") if path.is_file())
    return files


def template_key() -> str:
    digest = hashlib.sha256(f"{django.__version__} {sys.version_info[:2]}".encode())
    for path in _inputs():
        digest.update(str(path.relative_to(BASE_DIR)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def sqlite_template() -> Path:
    """The template file for the current code and data, built first if needed."""
    path = CACHE_DIR / f"template-{template_key()}.sqlite3"
    if path.exists():
        return path
    CACHE_DIR.mkdir(exist_ok=True)
    handle, building = tempfile.mkstemp(dir=CACHE_DIR, suffix=".building")
    os.close(handle)
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{building}"}
    manage = [sys.executable, str(BASE_DIR / "manage.py")]
    try:
        for command in (
            ["migrate", "--noinput", "-v0"],
            ["load_geography", "-v0"],
            ["load_catalogue", "-v0"],
            ["load_ceilings"],
        ):
            subprocess.run(manage + command, env=env, check=True, capture_output=True, cwd=BASE_DIR)
        for old in CACHE_DIR.glob("template-*.sqlite3"):
            old.unlink(missing_ok=True)
        os.replace(building, path)  # atomic: a parallel session sees the whole file or none
    finally:
        Path(building).unlink(missing_ok=True)
    return path


def copy_into(template: Path, target: str, uri: bool = False) -> sqlite3.Connection:
    """Copy the template into ``target`` (a file, or an in-memory URI); returns the open connection
    (an in-memory database lives as long as one connection to it is open)."""
    destination = sqlite3.connect(target, uri=uri)
    with sqlite3.connect(template) as source:
        source.backup(destination)
    return destination
