"""Constraints live in the database, not only in forms."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from organisms.models import Organism
from projects.models import Project, PublicationStatus, TenureLine, TenureStatus
from tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def plus():
    return TenureStatus.objects.get(code="plus")


def test_negative_or_zero_homes_are_refused_by_the_database(project, plus):
    with pytest.raises(IntegrityError), transaction.atomic():
        TenureLine.objects.create(project=project, status=plus, homes=0)
    with pytest.raises(IntegrityError), transaction.atomic():
        Project.objects.filter(pk=project.pk).update(total_homes=-3)


def test_tenure_lines_cannot_add_up_to_more_than_the_total(project, plus):
    TenureLine.objects.create(project=project, status=plus, homes=6)
    psla = TenureStatus.objects.get(code="psla")
    with pytest.raises(IntegrityError), transaction.atomic():
        TenureLine.objects.create(project=project, status=psla, homes=5)
    TenureLine.objects.create(project=project, status=psla, homes=4)
    assert project.tenure_total() == 10


def test_growing_a_line_past_the_total_is_refused(project, plus):
    line = TenureLine.objects.create(project=project, status=plus, homes=6)
    line.homes = 11
    with pytest.raises(IntegrityError), transaction.atomic():
        line.save()


def test_lowering_the_total_below_the_lines_is_refused(project, plus):
    TenureLine.objects.create(project=project, status=plus, homes=8)
    project.total_homes = 7
    with pytest.raises(IntegrityError), transaction.atomic():
        project.save()
    with pytest.raises(ValidationError) as error:
        project.full_clean()
    assert "total_homes" in error.value.message_dict


def test_unknown_total_accepts_any_lines(plus):
    project = ProjectFactory(total_homes=None)
    TenureLine.objects.create(project=project, status=plus, homes=500)


def test_a_line_has_a_status_or_a_category_not_both(project, plus):
    with pytest.raises(IntegrityError), transaction.atomic():
        TenureLine.objects.create(project=project, status=plus, category="social_rental", homes=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        TenureLine.objects.create(project=project, homes=1)
    TenureLine.objects.create(project=project, category="social_rental", homes=1)


def test_the_same_status_cannot_appear_twice(project, plus):
    TenureLine.objects.create(project=project, status=plus, homes=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        TenureLine.objects.create(project=project, status=plus, homes=1)


def test_participatory_homes_cannot_exceed_total(project):
    project.participatory_homes = 11
    with pytest.raises(ValidationError) as error:
        project.full_clean()
    assert "ne peuvent pas dépasser" in str(error.value)
    with pytest.raises(IntegrityError), transaction.atomic():
        project.save()


def test_published_projects_have_a_publication_date():
    project = ProjectFactory()  # a draft: no publication date
    project.status = PublicationStatus.PUBLISHED
    with pytest.raises(IntegrityError), transaction.atomic():
        project.save()


def test_only_social_landlords_have_an_hlm_family():
    organism = Organism(name="Ville de Test", slug="ville-de-test", kind="local_authority", family="OPH")
    with pytest.raises(ValidationError):
        organism.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        organism.save()


def test_delivery_year_is_bounded(project):
    project.delivery_year = 3025
    with pytest.raises(IntegrityError), transaction.atomic():
        project.save()
