"""`manage.py check --deploy` passes, warnings included, with production settings."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[2]


def test_deploy_check_passes_with_production_settings(tmp_path):
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in ("SECURE_SSL_REDIRECT", "SECURE_COOKIES", "ADMIN_HTTPS_ONLY", "SECURE_HSTS_SECONDS")
    }
    environment.update(
        DJANGO_DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(50),
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        ALLOWED_HOSTS="habitat-participatif.example",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
