"""Read replica routing: public reads go to the replica; writes, the admin and commands to the primary."""

import pytest
from django.test import RequestFactory

from catalogue.db_router import PrimaryReplicaRouter, ReplicaMiddleware
from projects.models import Project

router = PrimaryReplicaRouter()


def reads_during(request, write=False):
    """Where the project reads of ``request`` go, before and after a write when ``write``."""

    def view(request):
        seen = [router.db_for_read(Project)]
        if write:
            assert router.db_for_write(Project) == "default"
            seen.append(router.db_for_read(Project))
        return seen

    return ReplicaMiddleware(view)(request)


@pytest.mark.parametrize("path", ["/projets/", "/api/v1/projets/?region=occitanie", "/projets/export.csv"])
def test_public_get_requests_read_from_the_replica(path):
    assert reads_during(RequestFactory().get(path)) == ["replica"]
    assert reads_during(RequestFactory().head(path)) == ["replica"]


def test_the_admin_reads_from_the_primary_even_for_a_get():
    assert reads_during(RequestFactory().get("/admin/projects/project/")) == ["default"]


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_unsafe_methods_use_the_primary(method):
    assert reads_during(getattr(RequestFactory(), method)("/i18n/setlang/")) == ["default"]


def test_a_request_that_wrote_reads_its_own_writes_from_the_primary():
    assert reads_during(RequestFactory().get("/projets/"), write=True) == ["replica", "default"]


def test_outside_requests_and_after_them_everything_uses_the_primary():
    assert router.db_for_read(Project) == "default"
    reads_during(RequestFactory().get("/projets/"))
    assert router.db_for_read(Project) == "default"
    assert router.allow_migrate("replica", "projects") is False
    assert router.allow_migrate("default", "projects") is True
