"""Each factory of tests/factories.py makes a valid row on top of the seed catalogue, on both
databases: the row passes the model's validation and the database's constraints."""

import pytest

from accounts.roles import EDITORS, MODERATORS
from projects.models import Project, PublicationStatus

from . import factories

pytestmark = pytest.mark.django_db


def valid(row):
    row.full_clean()
    return row


def test_a_project_is_a_draft_with_no_publication_date(catalogue):
    project = valid(factories.ProjectFactory())
    assert project.status == PublicationStatus.DRAFT and project.published_at is None
    assert project.slug != factories.ProjectFactory().slug


@pytest.mark.parametrize("trait", ["published", "submitted", "archived"])
def test_status_traits_keep_the_publication_date_consistent(catalogue, trait):
    status = trait
    project = valid(factories.ProjectFactory(**{trait: True}))
    assert project.status == status
    assert (project.published_at is not None) == (status in ("published", "archived"))
    assert Project.objects.published().filter(pk=project.pk).exists() == (status == "published")


def test_developer_tenure_and_commune(catalogue):
    organism = factories.OrganismFactory()
    project = factories.ProjectFactory(published=True, in_bordeaux=True, developer=organism, tenure=("plus", 6))
    assert project.commune.insee_code == factories.BORDEAUX
    assert [(a.organism, a.role) for a in project.actors.all()] == [(organism, "developer")]
    assert [(line.status.code, line.homes) for line in project.tenure_lines.all()] == [("plus", 6)]


@pytest.mark.parametrize(
    "factory",
    [
        factories.OrganismFactory,
        factories.SourceFactory,
        factories.TenureLineFactory,
        factories.ProjectActorFactory,
        factories.ProjectSourceFactory,
        factories.MilestoneFactory,
        factories.PhotoFactory,
        factories.UserFactory,
        factories.SuperuserFactory,
    ],
)
def test_each_factory_makes_a_valid_row(catalogue, factory):
    row = factory()
    row.refresh_from_db()
    if factory is not factories.PhotoFactory:  # names of renditions only: no file to validate
        row.full_clean(exclude=["password"])


def test_editors_and_moderators_have_their_real_roles(catalogue):
    organism = factories.OrganismFactory()
    editor = factories.EditorFactory(organisms=[organism])
    moderator = factories.ModeratorFactory()
    assert editor.is_staff and [g.name for g in editor.groups.all()] == [EDITORS]
    assert list(editor.memberships.values_list("organism", flat=True)) == [organism.pk]
    assert moderator.is_staff and [g.name for g in moderator.groups.all()] == [MODERATORS]
    assert not editor.has_usable_password()


def test_bulk_makers(catalogue):
    before = Project.objects.published().count()
    factories.make_minimal_projects(5)
    clones = factories.clone_seed_projects(3)
    assert Project.objects.published().count() == before + 8
    assert all(clone.photos.count() == 1 and clone.tenure_lines.exists() for clone in clones)
