"""On PostgreSQL the server binds the parameters and prepares a statement a connection runs often
(catalogue/database_settings.py, ``PG_PREPARE_THRESHOLD``): the project page's lookup, seven joins, is then
planned once per connection instead of on every request (1.9 ms of planning for 0.3 ms of work)."""

import psycopg
import pytest
from django.db import NotSupportedError, connection
from django.test import override_settings

from catalogue.prepared_statements import replan_stale_statements
from tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db


def prepared_statements() -> dict[str, int]:
    """{statement: number of times run} prepared on this connection."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement, generic_plans + custom_plans FROM pg_prepared_statements")
        return dict(cursor.fetchall())


@pytest.fixture
def postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("prepared statements: PostgreSQL only (SQLite has no planner cost to save)")


@override_settings(PAGE_CACHE_SECONDS=0)
def test_the_project_page_lookup_is_prepared_once_and_reused(client, postgresql, settings):
    assert settings.DATABASES["default"]["OPTIONS"]["server_side_binding"] is True
    assert settings.DATABASES["default"]["OPTIONS"]["prepare_threshold"] >= 1
    projects = ProjectFactory.create_batch(3, published=True, in_bordeaux=True)
    for _ in range(4):
        for project in projects:  # three slugs: one statement, its parameters bound each time
            assert client.get(project.get_absolute_url()).status_code == 200
    prepared = prepared_statements()
    assert not [sql for sql in prepared if any(project.slug in sql for project in projects)]  # bound, not inlined
    lookups = [runs for sql, runs in prepared.items() if '"projects_project"."slug" = $' in sql]
    assert lookups and max(lookups) >= 6, prepared  # prepared after a few runs, then run as prepared


@pytest.mark.django_db(transaction=True)
def test_a_statement_prepared_before_a_migration_changed_its_table_runs_again(postgresql):
    """A migration run from elsewhere (another connection) changes the type of a column a statement
    prepared here returns: PostgreSQL refuses the stale plan; the query is prepared again and
    answers (catalogue/prepared_statements.py) instead of failing until the connection closes."""
    params = connection.get_connection_params()
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE prepared_probe (id integer, name varchar(10))")
        try:
            cursor.execute("INSERT INTO prepared_probe VALUES (%s, %s)", [1, "a"])
            for _ in range(8):  # prepared after PG_PREPARE_THRESHOLD runs
                cursor.execute("SELECT * FROM prepared_probe WHERE id = %s", [1])
                assert cursor.fetchall() == [(1, "a")]
            names = ("dbname", "user", "password", "host", "port")
            with psycopg.connect(**{key: params[key] for key in names if key in params}, autocommit=True) as other:
                other.execute("ALTER TABLE prepared_probe ALTER COLUMN name TYPE text, ADD COLUMN extra integer")
            connection.execute_wrappers.remove(replan_stale_statements)
            try:  # as psycopg alone would: the stale statement fails, and would until the connection closes
                with pytest.raises(NotSupportedError, match="cached plan must not change result type"):
                    cursor.execute("SELECT * FROM prepared_probe WHERE id = %s", [1])
            finally:
                connection.execute_wrappers.append(replan_stale_statements)
            cursor.execute("SELECT * FROM prepared_probe WHERE id = %s", [1])
            assert cursor.fetchall() == [(1, "a", None)]
            cursor.execute("SELECT * FROM prepared_probe WHERE id = %s", [1])  # and on the next request
            assert cursor.fetchall() == [(1, "a", None)]
        finally:
            cursor.execute("DROP TABLE prepared_probe")


@pytest.mark.parametrize(
    "query",
    ["q=jardins&famille=social_housing", "q=jardins&departement=33&departement=40", "q=jardins&phase=delivered"],
)
@pytest.mark.parametrize("path", ["/projets/export.csv", "/projets/export.geojson", "/projets/"])
def test_a_search_with_a_multiple_choice_filter_is_ordered_by_its_rank_without_distinct(client, catalogue, path, query):
    """django-filter makes multiple-choice filters SELECT DISTINCT; with the parameters bound by the
    server, PostgreSQL refused a DISTINCT export ordered by the search rank (its parameters in ORDER BY
    are not those of the select list: found by tests/reliability/test_fuzz_public_parameters.py). Those
    filters read a column or a chain of foreign keys: no duplicate to remove, no DISTINCT."""
    ProjectFactory(published=True, in_bordeaux=True, name="Les jardins partagés")
    response = client.get(f"{path}?{query}")
    assert response.status_code in (200, 400)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert body
