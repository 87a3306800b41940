"""Regression corpus of the second outside attack (issue 12): a streamed export whose database
connection is killed midway must end visibly broken, never look complete; the next request works.

A real gunicorn serves a copy of the test database with a few thousand generated projects (so the
export reads several chunks); the client reads slowly (a small receive buffer), and once the first
bytes have arrived every server connection to that database is killed with pg_terminate_backend.
PostgreSQL only: an in-memory SQLite database cannot be cut from outside the process.
"""

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import closing, contextmanager

import pytest
from django.db import connection

from common.streaming import INTERRUPTED_LINE

from .databases import BASE_DIR, _admin_connection, manage, postgres_url

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="kills PostgreSQL backends")

PROJECTS = 4000


@contextmanager
def copy_of_test_database(suffix):
    """A new database copied from the test database (its committed data: geography, seed catalogue)."""
    source = connection.settings_dict["NAME"]
    name = f"{source}_{suffix}"
    connection.close()  # a template database must have no other session
    with _admin_connection() as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}" TEMPLATE "{source}"')
    try:
        yield name
    finally:
        with _admin_connection() as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def free_port():
    with closing(socket.socket()) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def gunicorn(database_url):
    port = free_port()
    env = {**os.environ, "DATABASE_URL": database_url, "DJANGO_DEBUG": "true", "LOG_LEVEL": "CRITICAL"}
    env.pop("TEST_DATABASE_NAME", None)
    server = subprocess.Popen(
        [
            os.path.join(os.path.dirname(sys.executable), "gunicorn"),
            "catalogue.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "1",
            "--timeout",
            "120",
            "--no-control-socket",
        ],
        cwd=BASE_DIR,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{base}/healthz", timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        yield port, base
    finally:
        server.terminate()
        server.wait(timeout=30)


def kill_server_connections(database):
    with _admin_connection() as admin:
        return admin.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE datname = %s AND pid <> pg_backend_pid()",
            [database],
        ).fetchone()[0]


@pytest.mark.django_db  # for the test database to exist; its connection is closed before the copy
def test_export_stream_killed_midway_ends_visibly_broken_and_the_next_request_works():
    with copy_of_test_database("killstream") as database:
        url = postgres_url(database)
        manage("generate_projects", str(PROJECTS), "--seed", "12", "--no-photos", database_url=url)
        with gunicorn(url) as (port, base):
            client = socket.socket()
            client.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)  # read slowly: the server waits on us
            client.connect(("127.0.0.1", port))
            client.sendall(b"GET /projets/export.csv HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            received = client.recv(4096)
            while b"\r\n\r\n" not in received:
                received += client.recv(4096)
            assert kill_server_connections(database) >= 1
            client.settimeout(60)
            while chunk := client.recv(65536):
                received += chunk
            client.close()
            head, _, body = received.partition(b"\r\n\r\n")
            assert b" 200 " in head.split(b"\r\n")[0]
            assert b"transfer-encoding: chunked" in head.lower()
            assert INTERRUPTED_LINE.encode() in body  # says so, in the file itself
            assert not body.endswith(b"0\r\n\r\n")  # and the chunked transfer is not ended cleanly
            assert body.count(b"\n") > 10  # it was cut midway, not refused at once

            # The next request gets a new connection and a complete export.
            with urllib.request.urlopen(f"{base}/projets/export.json?departement=33", timeout=60) as response:
                document = json.loads(response.read())
            assert response.status == 200 and document["projects"]
