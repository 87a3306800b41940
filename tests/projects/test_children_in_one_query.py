"""A project's children read in one query (``projects.children``) are the rows, values and order that
``prefetch_related`` gives, for every project of the seed catalogue and for a project with many
children of each kind; and its last change is ``history.last_change``'s."""

import pytest
from django.db import connection
from django.db.models import prefetch_related_objects
from django.test.utils import CaptureQueriesContext

from projects.children import KINDS, load_children
from projects.history import last_change
from projects.models import Project, TenureStatus
from projects.models.querysets import case_study_prefetches
from tests.perf.test_project_page_children import project_with_children

pytestmark = pytest.mark.django_db


def values(instance):
    return {field.attname: getattr(instance, field.attname) for field in instance._meta.concrete_fields}


def described(project):
    """Every child with its values and the rows it points to, in the order the page shows them."""
    out = {}
    for kind in KINDS:
        rows = getattr(project, kind.to_attr) if kind.to_attr else list(getattr(project, kind.name).all())
        out[kind.name] = [
            (
                values(row),
                {name: values(getattr(row, name)) if getattr(row, name) else None for name in kind.joined},
                [values(status) for status in row.tenures.all()] if kind.name == "openings" else None,
            )
            for row in rows
        ]
    out["intervention_modes"] = [values(mode) for mode in project.intervention_modes.all()]
    return out


def by_prefetch(slug):
    project = Project.objects.get(slug=slug)
    prefetch_related_objects([project], *case_study_prefetches(), "photos")
    return described(project), last_change(project)


def in_one_query(slug):
    project = Project.objects.get(slug=slug)
    assert connection.features.supports_json_field  # (SQLite checks it once per connection, with a query)
    with CaptureQueriesContext(connection) as queries:
        changed = load_children(project)
        children = described(project)
    assert len(queries.captured_queries) == 1, [query["sql"][:120] for query in queries.captured_queries]
    return children, changed


def test_every_seed_project_gets_the_same_children_as_with_prefetch_related(catalogue):
    slugs = list(catalogue.order_by("slug").values_list("slug", flat=True))
    assert slugs
    for slug in slugs:
        assert in_one_query(slug) == by_prefetch(slug), slug


def test_a_project_with_many_children_of_each_kind_gets_the_same_children_as_with_prefetch_related(catalogue):
    project = project_with_children(30)
    children, changed = in_one_query(project.slug)
    assert (children, changed) == by_prefetch(project.slug)
    assert len(children["photos"]) == 30 and len(children["openings"][0][2]) == TenureStatus.objects.count()
