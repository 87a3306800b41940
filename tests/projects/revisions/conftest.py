"""A published project with one row of every kind of line, its organism's editors, a moderator."""

import datetime

import pytest
from django.utils import timezone

from projects.models import CommonSpace, CostFigure, InterventionMode, Quote, Surface
from projects.models.certainty import FieldCertainty
from projects.models.openings import ProjectOpening, ProjectVisit
from tests.factories import (
    EditorFactory,
    MilestoneFactory,
    ModeratorFactory,
    OrganismFactory,
    PhotoFactory,
    ProjectActorFactory,
    ProjectFactory,
    ProjectSourceFactory,
    tenure_status,
)


@pytest.fixture
def team(db):
    organism, other = OrganismFactory(), OrganismFactory()
    return {
        "organism": organism,
        "other": other,
        "editor": EditorFactory(organisms=[organism], email="editrice@example.org"),
        "colleague": EditorFactory(organisms=[organism], email="collegue@example.org"),
        "outsider": EditorFactory(organisms=[other], email="autre@example.org"),
        "moderator": ModeratorFactory(email="moderatrice@example.org"),
    }


@pytest.fixture
def live(team):
    """Published, with a line of every kind the registry declares."""
    project = ProjectFactory(
        published=True, developer=team["organism"], tenure=("psla", 4), name="Les Jardins", summary="Avant"
    )
    mode, _ = InterventionMode.objects.get_or_create(code="partenariat", defaults={"name": "Partenariat"})
    project.intervention_modes.add(mode)
    ProjectActorFactory(project=project, organism=OrganismFactory(name="Ville de Test", kind="local_authority"))
    MilestoneFactory(project=project, date_text="Été 2019")
    Surface.objects.create(project=project, measure="SHAB", area_m2=700)
    CostFigure.objects.create(project=project, kind="construction_cost", amount=1_000_000, unit="eur")
    CommonSpace.objects.create(project=project, name="Salle commune", area_m2=50)
    Quote.objects.create(project=project, text="On a tout décidé ensemble.", attribution="Une habitante")
    ProjectSourceFactory(project=project)
    PhotoFactory(project=project, caption="La façade")
    FieldCertainty.objects.create(
        project=project, field="phase", certainty="inferred", certainty_note="Déduit de la date de livraison."
    )
    opening = ProjectOpening.objects.create(
        project=project, status="homes_available", as_of=timezone.localdate(), homes_available=2
    )
    opening.tenures.set([tenure_status("psla")])
    ProjectVisit.objects.create(
        project=project, kind="visit", starts_at=timezone.now() + datetime.timedelta(days=10), place="Sur place"
    )
    return project
