"""Exit 0 if the PostgreSQL server named by the URL answers, 1 otherwise."""

import sys

import environ
import psycopg

config = environ.Env.db_url_config(sys.argv[1])
try:
    psycopg.connect(
        host=config["HOST"] or None,
        port=config["PORT"] or None,
        user=config["USER"] or None,
        password=config["PASSWORD"] or None,
        dbname="postgres",
        connect_timeout=3,
    ).close()
except psycopg.Error:
    sys.exit(1)
