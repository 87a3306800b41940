"""The one place tests make rows: factory_boy factories, plus two bulk makers for size tests.

They work on top of the reference data loaded once per session (tests/conftest.py: the
geography and the seed catalogue): communes, tenure statuses and organisms are looked up by
their real codes, lazily (``Commune.objects.get(insee_code=…)``), never invented. Slugs and
names come from sequences, so two factories never collide with each other or with the seed.

    ProjectFactory()                                # a draft, no commune, 10 homes
    ProjectFactory(published=True)                  # published, with published_at
    ProjectFactory(status=status)                   # published_at follows the status
    ProjectFactory(archived=True, commune=bordeaux) # archived (published_at set too)
    ProjectFactory(developer=organism)              # + a ProjectActor "developer"
    EditorFactory(organisms=[organism])             # a real editor (accounts.services)
"""

import datetime
from collections.abc import Iterable

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone
from factory.django import DjangoModelFactory

from accounts.roles import EDITORS, MODERATORS
from accounts.services import create_staff_user
from geo.models import Commune
from organisms.models import Organism
from projects.models import (
    ActorRole,
    Milestone,
    OpeningStatus,
    Photo,
    Project,
    ProjectActor,
    ProjectOpening,
    ProjectSource,
    ProjectVisit,
    PublicationStatus,
    Source,
    TenureLine,
    TenureStatus,
)

BORDEAUX = "33063"
BEGLES = "33039"


def commune(insee_code: str = BORDEAUX) -> Commune:
    """A commune of the loaded geography, by its INSEE code."""
    return Commune.objects.get(insee_code=insee_code)


def tenure_status(code: str = "psla") -> TenureStatus:
    """A tenure status of the seed catalogue, by its code (``plus``, ``plai``, ``psla``…)."""
    return TenureStatus.objects.get(code=code)


class OrganismFactory(DjangoModelFactory):
    class Meta:
        model = Organism
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Organisme de test {n}")
    slug = factory.Sequence(lambda n: f"organisme-de-test-{n}")


class SourceFactory(DjangoModelFactory):
    class Meta:
        model = Source

    slug = factory.Sequence(lambda n: f"source-de-test-{n}")
    title = factory.Sequence(lambda n: f"Source de test {n}")
    publisher = "Éditeur de test"


class ProjectFactory(DjangoModelFactory):
    """A draft by default; ``published=True``, ``submitted=True`` or ``archived=True`` (or
    ``status=…``) set the status, and ``published_at`` follows it (the database requires it once
    published).
    ``developer=<Organism>`` adds the developer actor; ``tenure=(<status code>, homes)`` a line."""

    class Meta:
        model = Project
        skip_postgeneration_save = True

    class Params:
        published = factory.Trait(status=PublicationStatus.PUBLISHED)
        submitted = factory.Trait(status=PublicationStatus.SUBMITTED)
        archived = factory.Trait(status=PublicationStatus.ARCHIVED)
        in_bordeaux = factory.Trait(commune=factory.LazyFunction(commune))

    name = factory.Sequence(lambda n: f"Projet de test {n}")
    slug = factory.Sequence(lambda n: f"projet-de-test-{n}")
    status = PublicationStatus.DRAFT
    published_at = factory.LazyAttribute(
        lambda o: timezone.now() if o.status in (PublicationStatus.PUBLISHED, PublicationStatus.ARCHIVED) else None
    )
    total_homes = 10

    @factory.post_generation
    def developer(project, create, organism, **kwargs):
        if organism is not None:
            ProjectActor.objects.create(project=project, organism=organism, role=ActorRole.DEVELOPER)

    @factory.post_generation
    def tenure(project, create, line, **kwargs):
        if line is not None:
            code, homes = line
            TenureLine.objects.create(project=project, status=tenure_status(code), homes=homes)


class TenureLineFactory(DjangoModelFactory):
    class Meta:
        model = TenureLine

    project = factory.SubFactory(ProjectFactory)
    status = factory.LazyFunction(tenure_status)
    homes = 5


class ProjectActorFactory(DjangoModelFactory):
    """The developer of a project by default."""

    class Meta:
        model = ProjectActor

    project = factory.SubFactory(ProjectFactory)
    organism = factory.SubFactory(OrganismFactory)
    role = ActorRole.DEVELOPER


class ProjectSourceFactory(DjangoModelFactory):
    class Meta:
        model = ProjectSource

    project = factory.SubFactory(ProjectFactory)
    source = factory.SubFactory(SourceFactory)
    locator = "p. 1"


class MilestoneFactory(DjangoModelFactory):
    class Meta:
        model = Milestone

    project = factory.SubFactory(ProjectFactory)
    kind = Milestone.Kind.DELIVERY
    date_text = "2019"
    year = 2019


class ProjectOpeningFactory(DjangoModelFactory):
    """A current opening (checked today) seeking members; ``as_of=…`` for an older one."""

    class Meta:
        model = ProjectOpening
        skip_postgeneration_save = True

    project = factory.SubFactory(ProjectFactory, published=True)
    status = OpeningStatus.SEEKING_MEMBERS
    as_of = factory.LazyFunction(timezone.localdate)
    how_to_join = "Venir à une réunion d'information\nRencontrer le groupe\nDéposer un dossier auprès du bailleur"

    @factory.post_generation
    def tenures(opening, create, codes, **kwargs):
        if codes:
            opening.tenures.set([tenure_status(code) for code in codes])


class ProjectVisitFactory(DjangoModelFactory):
    """An information meeting in two weeks."""

    class Meta:
        model = ProjectVisit

    project = factory.SubFactory(ProjectFactory, published=True)
    kind = ProjectVisit.Kind.MEETING
    starts_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=14))
    place = "Maison de quartier, 3 rue des Lilas"
    how_to_register = "Entrée libre"


class PhotoFactory(DjangoModelFactory):
    """A photo row with its renditions' names and sizes, no file: for pages and queries, not uploads
    (uploads go through ``projects.photos.prepare_photo`` with real images, tests/projects/images.py)."""

    class Meta:
        model = Photo

    project = factory.SubFactory(ProjectFactory)
    image = factory.LazyAttribute(lambda o: f"photos/{o.project.pk}/a.jpg")
    width, height = 2560, 1707
    thumbnail = factory.LazyAttribute(lambda o: f"photos/{o.project.pk}/a-thumb.webp")
    thumbnail_width, thumbnail_height = 320, 213
    card = factory.LazyAttribute(lambda o: f"photos/{o.project.pk}/a-card.webp")
    card_width, card_height = 640, 427
    large = factory.LazyAttribute(lambda o: f"photos/{o.project.pk}/a-large.webp")
    large_width, large_height = 1280, 853
    alt_text = "Façade"
    credit = "Test"
    licence = "CC-BY-4.0"
    position = 0


# --- Accounts: made as in production (accounts.services and the role groups) ----------------


class UserFactory(DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"utilisateur-{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")


class SuperuserFactory(UserFactory):
    is_staff = True
    is_superuser = True


class _StaffFactory(UserFactory):
    organisms: tuple = ()

    @classmethod
    def _create(cls, model_class, username: str, role: str, email: str = "", organisms: Iterable = (), **fields):
        user, _created = create_staff_user(username, role=role, organisms=organisms, email=email)
        if fields:  # e.g. language="en"
            for name, value in fields.items():
                setattr(user, name, value)
            user.save(update_fields=list(fields))
        return user


class EditorFactory(_StaffFactory):
    """An editor, member of ``organisms``."""

    role = EDITORS
    username = factory.Sequence(lambda n: f"editeur-{n}")


class ModeratorFactory(_StaffFactory):
    role = MODERATORS
    username = factory.Sequence(lambda n: f"moderateur-{n}")


# --- Bulk makers for size-dependent tests (memory, query counts): bulk_create, no factory -----

BATCH = 2000


def make_minimal_projects(count: int, prefix: str = "genere", status: str = PublicationStatus.PUBLISHED) -> None:
    """``count`` minimal projects in bulk, in Bordeaux, each with one PSLA line, Le COL as
    developer and one cited source, so that every prefetch of the exports has rows to read.
    Returns nothing (memory stays small)."""
    bordeaux = commune(BORDEAUX)
    organism = Organism.objects.get(slug="le-col")
    source = Source.objects.order_by("pk").first()
    psla = tenure_status("psla")
    now = timezone.now()
    start = Project.objects.filter(slug__startswith=f"{prefix}-").count()
    for first in range(start, start + count, BATCH):
        numbers = range(first, min(first + BATCH, start + count))
        projects = Project.objects.bulk_create(
            Project(
                name=f"Projet {prefix} {number:06d}",
                slug=f"{prefix}-{number:06d}",
                status=status,
                published_at=now if status in (PublicationStatus.PUBLISHED, PublicationStatus.ARCHIVED) else None,
                commune=bordeaux,
                total_homes=10,
                delivery_year=2020,
                phase="delivered",
            )
            for number in numbers
        )
        if projects and projects[0].pk is None:  # a backend that does not return ids on bulk insert
            projects = list(Project.objects.filter(slug__in=[p.slug for p in projects]))
        TenureLine.objects.bulk_create(TenureLine(project=p, status=psla, homes=6) for p in projects)
        ProjectActor.objects.bulk_create(
            ProjectActor(project=p, organism=organism, role=ActorRole.DEVELOPER) for p in projects
        )
        ProjectSource.objects.bulk_create(ProjectSource(project=p, source=source, locator="p. 1") for p in projects)


def clone_seed_projects(count: int, prefix: str = "clone") -> list[Project]:
    """``count`` more published projects, cloned in bulk from the seed catalogue with their lines,
    actors, modes, sources, milestones and a photo, spread over 40 large communes: pages then
    show more cards, facets, markers, rows… (and their query counts must not change)."""
    seeds = list(
        Project.objects.published()
        .order_by("pk")
        .prefetch_related("tenure_lines", "actors", "citations", "milestones", "intervention_modes")
    )
    communes = list(Commune.objects.filter(population__gte=50_000).order_by("insee_code")[:40])
    now = timezone.now()
    skipped = ("id", "slug", "name", "commune_id", "published_at")
    clones = Project.objects.bulk_create(
        Project(
            **{f.attname: getattr(seed, f.attname) for f in Project._meta.concrete_fields if f.attname not in skipped},
            name=f"{seed.name} {prefix} {number:04d}",
            slug=f"{seed.slug}-{prefix}-{number:04d}",
            commune=communes[number % len(communes)],
            published_at=now,
        )
        for number, seed in ((n, seeds[n % len(seeds)]) for n in range(count))
    )
    if clones[0].pk is None:
        clones = list(Project.objects.filter(slug__in=[c.slug for c in clones]).order_by("slug"))
    by_slug = {c.slug: c for c in clones}
    lines, actors, citations, milestones, photos, modes = [], [], [], [], [], []
    Modes = Project.intervention_modes.through
    for number in range(count):
        seed = seeds[number % len(seeds)]
        clone = by_slug[f"{seed.slug}-{prefix}-{number:04d}"]
        lines += [
            TenureLine(project=clone, status_id=t.status_id, category=t.category, homes=t.homes)
            for t in seed.tenure_lines.all()
        ]
        actors += [ProjectActor(project=clone, organism_id=a.organism_id, role=a.role) for a in seed.actors.all()]
        citations += [
            ProjectSource(project=clone, source_id=c.source_id, locator=c.locator) for c in seed.citations.all()
        ]
        milestones += [
            Milestone(project=clone, kind=m.kind, date_text=m.date_text, year=m.year, month=m.month)
            for m in seed.milestones.all()
        ]
        modes += [Modes(project=clone, interventionmode=m) for m in seed.intervention_modes.all()]
        photos.append(PhotoFactory.build(project=clone))
    TenureLine.objects.bulk_create(lines)
    ProjectActor.objects.bulk_create(actors)
    ProjectSource.objects.bulk_create(citations)
    Milestone.objects.bulk_create(milestones)
    Modes.objects.bulk_create(modes)
    Photo.objects.bulk_create(photos)
    return clones
