"""A few seconds of the load tests (scripts/loadtest.py) in the suite: gunicorn, wrk, editors
saving through the admin. The measured runs are `make loadtest` and `make loadtest-mixed`."""

import shutil
import socket
import subprocess
import sys

import pytest
from django.db import connection

from .databases import BASE_DIR, current_database_url

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not shutil.which("wrk"), reason="wrk is not installed (scripts/install_wrk.sh installs it)"),
]


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def loadtest(mode, database_url, *options):
    return subprocess.run(
        [
            sys.executable,
            "scripts/loadtest.py",
            mode,
            "--database-url",
            database_url,
            "--smoke",
            "--port",
            str(free_port()),
            "--workers",
            "2",
            *options,
        ],
        cwd=BASE_DIR,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_readers_get_only_2xx_answers_under_load(catalogue):
    with current_database_url() as database_url:  # read only: the test database itself on PostgreSQL
        result = loadtest("read", database_url, "--duration", "2", "--connections", "4")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.count("errors 0") == 3 and "OK" in result.stdout


@pytest.mark.skipif(connection.vendor != "sqlite", reason="writes: run on a copy of the test database (SQLite pass)")
def test_editors_saving_while_readers_load_pages_lose_no_update(catalogue):
    with current_database_url() as database_url:
        result = loadtest("mixed", database_url, "--duration", "4", "--connections", "2")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 lost updates" in result.stdout and "stale saves refused with the warning" in result.stdout
