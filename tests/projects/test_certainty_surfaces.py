"""Certainty shown on pages, in the API and in the exports; the phases « en sommeil » and « abandonné »."""

import csv
import io

import pytest
from django.db import IntegrityError, transaction

from projects.filters import ProjectFilter
from projects.models import Phase, Project

pytestmark = pytest.mark.django_db


def test_a_project_page_shows_an_inference_marker_that_opens_on_its_reasoning(client):
    html = client.get("/projets/oasis/").content.decode()
    assert '<details class="certainty certainty-inferred">' in html
    assert "pour 20 logements" in html  # the reasoning behind the inferred total


def test_the_api_gives_the_certainty_of_facts_actors_and_fields(client):
    data = client.get("/api/v1/projets/groupe-du-4-mars/").json()
    assert {line["certainty"] for line in data["tenure_lines"]} == {"as_written"}
    alliade = next(a for a in data["actors"] if a["organism"]["slug"] == "alliade-habitat")
    assert alliade["certainty"] == "inferred" and "maître d'ouvrage" in alliade["certainty_note"]
    fields = {f["field"]: f for f in data["field_certainties"]}
    assert fields["total_homes"]["certainty"] == "computed" and fields["total_homes"]["source"]


def test_the_api_organism_detail_lists_its_citations(client):
    data = client.get("/api/v1/organismes/union-sociale-pour-l-habitat/").json()
    outside = [c for c in data["citations"] if c["certainty"] == "outside"]
    assert outside and outside[0]["source"] is None and outside[0]["certainty_note"]


def test_the_csv_export_lists_the_facts_not_as_written(client):
    response = client.get("/projets/export.csv")
    rows = {row["slug"]: row for row in csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode()))}
    assert "total_homes: computed" in rows["groupe-du-4-mars"]["certainties"]
    assert "actor alliade-habitat developer: inferred" in rows["groupe-du-4-mars"]["certainties"]


@pytest.mark.parametrize("phase", [Phase.DORMANT, Phase.ABANDONED])
def test_dormant_and_abandoned_projects_are_filterable(phase):
    project = Project.objects.published().get(slug="oasis")
    project.phase = phase
    project.save()
    assert list(ProjectFilter({"phase": [phase]}, Project.objects.published()).qs) == [project]


def test_the_database_refuses_an_unknown_phase():
    with pytest.raises(IntegrityError), transaction.atomic():
        Project.objects.filter(slug="oasis").update(phase="vanished")


def test_a_source_page_says_its_title_is_descriptive_and_lists_the_organisms_it_establishes_facts_about(client):
    html = client.get("/sources/rnchp-habitat-participatif-loi-alur/").content.decode()
    assert "Ce document n'a pas de titre" in html
    assert 'href="/organismes/coordin-action/"' in html
    about = client.get("/a-propos/").content.decode()
    assert "[Page du RNCHP sur l&#x27;habitat participatif" in about
