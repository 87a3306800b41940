"""Database settings, read from the environment (docs/configuration.md, docs/deployment.md)."""

from pathlib import Path
from typing import Any

import environ


def database_settings(env: environ.Env, base_dir: Path) -> dict[str, Any]:
    """``DATABASES`` (and ``DATABASE_ROUTERS`` with a read replica)."""
    # An empty DATABASE_URL means the default too (the Makefile empties it for the SQLite pass).
    default = env.db_url_config(env.str("DATABASE_URL", default="") or f"sqlite:///{base_dir / 'db.sqlite3'}")
    options = default.setdefault("OPTIONS", {})
    if default["ENGINE"] == "django.db.backends.sqlite3":
        # A write waits up to 20 s for another one (a long import) instead of failing at once with
        # "database is locked" (SECURITY.md, « Connexion et accès (round 2) »).
        options.setdefault("timeout", env.int("SQLITE_BUSY_TIMEOUT", default=20))
        # A transaction takes the write lock when it begins: one that read first and wrote later
        # (an admin save) would otherwise get "database is locked" at once, without waiting, when
        # another request wrote in between (SQLite cannot upgrade its read lock: it refuses).
        options.setdefault("transaction_mode", "IMMEDIATE")
    prepare_threshold = env.int("PG_PREPARE_THRESHOLD", default=5)
    if default["ENGINE"] == "django.db.backends.postgresql" and prepare_threshold > 0:
        # Parameters bound by the server, and a statement run this many times on a connection
        # prepared there (psycopg): PostgreSQL plans it once, not on each request. Planning the
        # project page's lookup (seven joins) took 1.9 ms for 0.3 ms of work (docs/caching.md).
        # 0 turns it off (a pooler in transaction mode: PgBouncer before 1.22). A statement a
        # migration made stale is prepared again: catalogue/prepared_statements.py.
        options.setdefault("server_side_binding", True)
        options.setdefault("prepare_threshold", prepare_threshold)
    default["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    default["CONN_HEALTH_CHECKS"] = True
    default.setdefault("TEST", {})
    if env.str("TEST_DATABASE_NAME", default=""):
        default["TEST"]["NAME"] = env.str("TEST_DATABASE_NAME")
    settings: dict[str, Any] = {"DATABASES": {"default": default}}
    # Optional read replica (docs/deployment.md): public GET requests read from it, everything else
    # (writes, the admin, requests that wrote, commands) uses the primary (catalogue/db_router.py).
    if env.str("DATABASE_REPLICA_URL", default=""):
        replica = env.db_url_config(env.str("DATABASE_REPLICA_URL"))
        # The replica binds and prepares as the primary does; the primary's other options
        # (target_session_attrs=read-write, its certificates…) are not the replica's.
        binding = {key: options[key] for key in ("server_side_binding", "prepare_threshold") if key in options}
        replica["OPTIONS"] = {**binding, **replica.get("OPTIONS", {})}
        replica.update(CONN_MAX_AGE=default["CONN_MAX_AGE"], CONN_HEALTH_CHECKS=True, TEST={"MIRROR": "default"})
        settings["DATABASES"]["replica"] = replica
        settings["DATABASE_ROUTERS"] = ["catalogue.db_router.PrimaryReplicaRouter"]
    return settings
