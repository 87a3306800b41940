"""Fixtures for the admin tests: a logged-in superuser, a commune, reference rows.

Every row is fetched or created, so the tests work with or without the seed data.
"""

import pytest

from geo.models import Commune, Department, Region
from projects.models import InterventionMode, TenureCategory, TenureStatus


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
