"""Statements prepared on a PostgreSQL connection (``PG_PREPARE_THRESHOLD``,
catalogue/database_settings.py) outlived by a schema change.

A migration that changes the columns a prepared statement returns (a column's type or length)
makes PostgreSQL refuse to run it again: « cached plan must not change result type ». psycopg
keeps the statement, so every later request on that connection would fail until it closes. This
wrapper, on that error outside a transaction (public pages run in autocommit), drops the
connection's prepared statements (``DEALLOCATE ALL``, which psycopg follows) and runs the query
once more; inside a transaction the error is raised (the transaction is lost either way).
"""

from django.db import NotSupportedError

STALE_PLAN = "cached plan must not change result type"


def replan_stale_statements(execute, sql, params, many, context):
    """``connection.execute_wrapper``: a query whose prepared plan a schema change made stale is
    prepared again instead of failing on this connection until it closes."""
    try:
        return execute(sql, params, many, context)
    except NotSupportedError as error:
        connection = context["connection"]
        if STALE_PLAN not in str(error) or connection.in_atomic_block:
            raise
        connection.connection.execute("DEALLOCATE ALL")
        return execute(sql, params, many, context)


def install_replanning(sender, connection, **kwargs):
    """``connection_created``: PostgreSQL connections replan statements a schema change made stale."""
    if connection.vendor == "postgresql" and replan_stale_statements not in connection.execute_wrappers:
        connection.execute_wrappers.append(replan_stale_statements)
