"""``field__any_of=Ids(ids)`` (common.lookups), with which the exports read a chunk's related rows:
the same rows as ``__in``, whether the ids come wrapped once (``Ids``) or as a plain list."""

import pytest

from common.lookups import Ids
from projects.models import Project, TenureLine
from tests.factories import make_minimal_projects

pytestmark = pytest.mark.django_db


def test_any_of_selects_the_rows_of_the_given_projects_like_in(catalogue):
    make_minimal_projects(20)
    newest = Project.objects.order_by("-pk").values_list("pk", flat=True)[:7]
    chosen = [*newest, Project.objects.get(slug="terra-arte").pk]
    expected = set(TenureLine.objects.filter(project_id__in=chosen).values_list("pk", flat=True))
    assert expected  # Terra Arte has tenure lines
    ids = Ids(chosen)
    assert set(TenureLine.objects.filter(project_id__any_of=ids).values_list("pk", flat=True)) == expected
    assert set(TenureLine.objects.filter(project_id__any_of=chosen).values_list("pk", flat=True)) == expected
    assert set(Project.objects.filter(pk__any_of=ids).values_list("pk", flat=True)) == set(chosen)


def test_any_of_an_empty_list_selects_nothing(catalogue):
    assert not TenureLine.objects.filter(project_id__any_of=Ids([])).exists()
    assert not Project.objects.filter(pk__any_of=[]).exists()
