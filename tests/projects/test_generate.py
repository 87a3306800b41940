"""``manage.py generate_projects``: fictitious projects that behave exactly like real ones."""

import csv
import io

import pytest
from django.core.management import call_command
from django.db.models import Sum

from common.bulk import settle_after_bulk_write
from organisms.models import Organism
from projects.generate import PREFIX, generated_projects
from projects.models import Photo, Project, ProjectActor, Source, TenureLine
from projects.search import refresh_search_text

COUNT = 40


@pytest.fixture
def generated(catalogue, media_root):
    call_command("generate_projects", COUNT, "--seed", "7", verbosity=0)
    return generated_projects()


def snapshot():
    """What the generator decided, independent of primary keys."""
    rows = []
    for project in generated_projects().order_by("slug").prefetch_related("tenure_lines__status", "actors__organism"):
        rows.append(
            (
                project.slug,
                project.name,
                project.commune.insee_code,
                project.status,
                project.phase,
                project.delivery_year,
                project.total_homes,
                project.participatory_family,
                project.search_document,
                sorted(
                    (line.status.code if line.status else line.category, line.homes)
                    for line in project.tenure_lines.all()
                ),
                sorted((actor.organism.slug, actor.role) for actor in project.actors.all()),
            )
        )
    return rows


def test_generated_projects_pass_model_validation_and_database_rules(generated):
    assert generated.count() == COUNT
    for project in generated.prefetch_related("tenure_lines", "actors", "milestones", "photos"):
        project.full_clean()
        for line in project.tenure_lines.all():
            line.full_clean()
        described = project.tenure_lines.aggregate(n=Sum("homes"))["n"] or 0
        assert described <= project.total_homes
        assert 1985 <= (project.delivery_year or 1985) <= 2030
        assert project.actors.filter(role="developer", organism__kind="hlm").count() == 1
        for photo in project.photos.all():
            photo.full_clean(exclude=["image"])  # the file is shared by generated photos
            assert photo.smallest()[0].name.startswith("photos/generated/")


def test_generated_projects_have_the_search_texts_a_save_computes(generated):
    assert refresh_search_text(generated.values_list("pk", flat=True)) == 0
    assert all(project.search_document for project in generated)


def test_projects_come_from_real_communes_and_every_hlm_family(generated):
    assert not generated.filter(commune=None).exists()
    families = set(Organism.objects.filter(slug__startswith=PREFIX, kind="hlm").values_list("family", flat=True))
    assert families == {"OPH", "ESH", "COOP"}


def test_most_generated_projects_are_published_and_behave_like_real_ones(client, generated):
    published = generated.filter(status="published")
    assert published.count() > COUNT * 0.7
    project = published.order_by("slug").first()
    total = Project.objects.published().count()

    assert client.get(project.get_absolute_url()).status_code == 200
    listing = client.get("/projets/", {"q": project.name.split()[-1], "par_page": 96})
    assert project.slug in listing.content.decode()
    assert client.get("/api/v1/projets/").json()["count"] == total
    api = client.get("/api/v1/projets/", {"q": project.slug.split("-")[2]}).json()
    assert api["count"] >= 1
    export = b"".join(client.get("/projets/export.csv").streaming_content).decode()
    assert len(list(csv.DictReader(io.StringIO(export)))) == total
    assert project.name in export


def test_drafts_stay_hidden(client, generated):
    draft = generated.exclude(status="published").order_by("slug").first()
    assert draft is not None, "seed 7 draws drafts: without one this test would prove nothing"
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_the_same_seed_gives_the_same_projects(generated):
    first = snapshot()
    call_command("generate_projects", "--remove", verbosity=0)
    call_command("generate_projects", COUNT, "--seed", "7", verbosity=0)
    assert snapshot() == first
    call_command("generate_projects", "--remove", verbosity=0)
    call_command("generate_projects", COUNT, "--seed", "8", verbosity=0)
    assert snapshot() != first


def test_remove_deletes_generated_rows_and_keeps_the_catalogue(generated):
    real = set(Project.objects.exclude(slug__startswith=PREFIX).values_list("slug", flat=True))
    call_command("generate_projects", "--remove", verbosity=0)
    assert not generated_projects().exists()
    assert not Organism.objects.filter(slug__startswith=PREFIX).exists()
    assert not Source.objects.filter(slug__startswith=PREFIX).exists()
    assert not TenureLine.objects.filter(project__slug__startswith=PREFIX).exists()
    assert not ProjectActor.objects.filter(organism__slug__startswith=PREFIX).exists()
    assert not Photo.objects.filter(image__startswith="photos/generated/").exists()
    assert set(Project.objects.values_list("slug", flat=True)) == real


def test_total_adds_only_what_is_missing(generated):
    call_command("generate_projects", COUNT + 5, "--total", verbosity=0)
    assert generated_projects().count() == COUNT + 5


def test_the_tables_are_settled_after_the_bulk_write_only_when_it_is_safe(catalogue):
    """``VACUUM ANALYZE`` (the planner's statistics and visibility map) runs on PostgreSQL after
    ``generate_projects`` from the command line; inside a transaction (as here, and on SQLite) it
    cannot and does nothing, without failing the command."""
    out = io.StringIO()
    call_command("generate_projects", 2, "--seed", "3", "--no-photos", stdout=out)
    assert "VACUUM" not in out.getvalue()
    assert settle_after_bulk_write([Project]) is False
