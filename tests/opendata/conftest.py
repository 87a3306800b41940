"""Fixtures of the open-data tests."""

import pytest

from organisms.models import Organism
from projects.models import ActorRole, Certainty, FieldCertainty, InterventionMode, Project, TenureCategory
from tests.factories import (
    PhotoFactory,
    ProjectActorFactory,
    ProjectFactory,
    ProjectOpeningFactory,
    ProjectSourceFactory,
    SourceFactory,
    TenureLineFactory,
    commune,
    tenure_status,
)


@pytest.fixture
def rich_catalogue(catalogue):
    """The seed catalogue plus projects with every kind of child, and awkward texts."""
    tricky = ProjectFactory(
        published=True,
        name='Les "Voisins", à Bègles\nbâtiment B',
        summary="=SOMME(A1:A9)",
        commune=commune(),
        delivery_text="-fin 2019, peut-être",
        total_homes=40,
        participatory_homes=12,
    )
    plain = ProjectFactory(published=True, name="Éco-hameau", summary="", total_homes=None, commune=None)
    ProjectFactory(published=True, name="'+Apostrophe", summary="@cellule", total_homes=5)
    TenureLineFactory(project=tricky, status=tenure_status("plai"), homes=4, certainty=Certainty.COMPUTED)
    TenureLineFactory(project=tricky, status=tenure_status("psla"), homes=6)
    TenureLineFactory(
        project=tricky, status=None, category=TenureCategory.OWNERSHIP_UNSPECIFIED, homes=3,
        certainty=Certainty.INFERRED, certainty_note="d'après le plan",
    )  # fmt: skip
    TenureLineFactory(project=plain, status=None, category=TenureCategory.SOCIAL_RENTAL, homes=2)
    developers = [
        Organism.objects.create(name='Habitat "Sud", Ouest', slug="habitat-sud-ouest", kind="hlm", family="OPH"),
        Organism.objects.create(name="Coop\nÉtoile", slug="coop-etoile", kind="hlm", family="COOP"),
        Organism.objects.create(name="=Ville", slug="ville", kind="local_authority"),
    ]
    ProjectActorFactory(project=tricky, organism=developers[0])
    ProjectActorFactory(project=tricky, organism=developers[1], certainty=Certainty.COMPUTED)
    ProjectActorFactory(project=tricky, organism=developers[2], role=ActorRole.INITIATING_AUTHORITY)
    ProjectActorFactory(project=plain, organism=developers[2])  # a developer without family
    source = SourceFactory(title="Actes, « rencontre » 2017")
    ProjectSourceFactory(project=tricky, source=source, locator='p. 3, note "a"')
    ProjectSourceFactory(project=tricky, source=source, locator="")
    ProjectSourceFactory(project=tricky, source=SourceFactory(title="Atelier\nÉté"), locator="")
    PhotoFactory(project=tricky, position=1, credit='Ville, service "com"', licence="CC-BY-4.0")
    PhotoFactory(project=tricky, position=0, image="photos/x/b.jpg", credit="-Anonyme", licence="CC0")
    FieldCertainty.objects.create(
        project=tricky, field="total_homes", certainty=Certainty.INFERRED, certainty_note="somme des lignes"
    )
    FieldCertainty.objects.create(project=tricky, field="phase", certainty=Certainty.AS_WRITTEN)
    tricky.intervention_modes.set(InterventionMode.objects.all())
    ProjectOpeningFactory(project=tricky, status="homes_available", tenures=["psla", "plai"], homes_available=3)
    ProjectOpeningFactory(project=plain, tenures=[])
    return Project.objects.published()
