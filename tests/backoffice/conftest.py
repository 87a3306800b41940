"""Fixtures for the admin tests: a logged-in superuser, a commune, reference rows.

Every row is fetched or created, so the tests work with or without the seed data.
"""

import pytest

from geo.models import Commune, Department, Region
from projects.models import InterventionMode, TenureCategory, TenureStatus
from tests.factories import ProjectFactory


@pytest.fixture
def superuser_client(client, django_user_model):
    user = django_user_model.objects.create_superuser(username="relecteur", email="relecteur@example.org")
    client.force_login(user)
    return client


@pytest.fixture
def commune(db):
    region, _ = Region.objects.get_or_create(
        code="75", defaults={"name": "Nouvelle-Aquitaine", "slug": "nouvelle-aquitaine"}
    )
    department, _ = Department.objects.get_or_create(
        code="33", defaults={"name": "Gironde", "slug": "gironde", "region": region}
    )
    commune, _ = Commune.objects.get_or_create(
        insee_code="33039",
        defaults={
            "name": "Bègles",
            "search_name": "begles",
            "department": department,
            "postcodes": "33130",
            "latitude": 44.8,
            "longitude": -0.55,
        },
    )
    return commune


def _status(code, short_name, category, position):
    status, _ = TenureStatus.objects.get_or_create(
        code=code,
        defaults={
            "short_name": short_name,
            "name": short_name,
            "category": category,
            "explanation": short_name,
            "position": position,
        },
    )
    return status


@pytest.fixture
def plus(db):
    return _status("plus", "PLUS", TenureCategory.SOCIAL_RENTAL, 10)


@pytest.fixture
def plai(db):
    return _status("plai", "PLAI", TenureCategory.SOCIAL_RENTAL, 20)


@pytest.fixture
def intervention_mode(db):
    mode, _ = InterventionMode.objects.get_or_create(
        code="mode-test", defaults={"name": "Mode de test", "description": "Pour les tests."}
    )
    return mode


# --- Roles ---------------------------------------------------------------------------------
# Organism A is Le COL, organism B is Aquitanis: two social landlords of the seed catalogue.


@pytest.fixture
def organism_a(db):
    from organisms.models import Organism

    return Organism.objects.get(slug="le-col")


@pytest.fixture
def organism_b(db):
    from organisms.models import Organism

    return Organism.objects.get(slug="aquitanis")


@pytest.fixture
def users(organism_a, organism_b, django_user_model):
    """One account per role, made as in production (accounts.services, role groups)."""
    from accounts.roles import EDITORS, MODERATORS
    from accounts.services import create_staff_user

    return {
        "anonymous": None,
        "editor_a": create_staff_user("editeur-a", role=EDITORS, organisms=[organism_a])[0],
        "editor_b": create_staff_user("editeur-b", role=EDITORS, organisms=[organism_b])[0],
        "moderator": create_staff_user("moderatrice", role=MODERATORS)[0],
        "superuser": django_user_model.objects.create_superuser("super", "super@example.org"),
    }


@pytest.fixture
def client_for(users):
    """``client_for("editor_a")``: a test client logged in as that role (anonymous: not logged in)."""
    from django.test import Client

    def make(role):
        client = Client()
        if users[role] is not None:
            client.force_login(users[role])
        return client

    return make


@pytest.fixture
def project_a(organism_a):
    return ProjectFactory(developer=organism_a)


@pytest.fixture
def project_b(organism_b):
    return ProjectFactory(developer=organism_b)
