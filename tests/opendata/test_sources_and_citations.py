"""Citations: how to cite each page and export; each key figure links to its source document's page."""

import html
import re

import pytest
from django.conf import settings

from projects.models import Project, ProjectSource, Source

pytestmark = pytest.mark.django_db

SOURCE_LINK = re.compile(r'<a href="/sources/([^/"]+)/"')


def test_project_page_says_how_to_cite_it(client, catalogue):
    page = client.get("/projets/terra-arte/").content.decode()
    citation = re.search(r'<p class="citation">(.*?)</p>', page, re.S).group(1)
    assert citation.startswith("« Terra Arte », Habitat participatif &amp; logement social, mis à jour le ")
    assert "http://testserver/projets/terra-arte/ (consulté le " in citation


def test_project_page_and_api_cite_a_project_the_same_way(client, catalogue):
    page = client.get("/projets/terra-arte/").content.decode()
    api = client.get("/api/v1/projets/terra-arte/").json()["citation"]
    assert api.replace("&", "&amp;") in page


def test_each_key_figure_links_to_its_source_page_with_its_locator(client, catalogue):
    """Tenure lines, surfaces, costs, milestones, quotes and common spaces of every published project."""
    checked = 0
    for project in Project.objects.published().prefetch_related(
        "tenure_lines__source",
        "surfaces__source",
        "cost_figures__source",
        "milestones__source",
        "quotes__source",
        "common_spaces__source",
    ):
        page = client.get(project.get_absolute_url()).content.decode()
        for relation in ("tenure_lines", "surfaces", "cost_figures", "milestones", "quotes", "common_spaces"):
            for fact in getattr(project, relation).all():
                if fact.source is None:
                    continue
                link = f'<a href="/sources/{fact.source.slug}/"'
                assert link in page, (project.slug, relation)
                if fact.locator:
                    assert f"</a>, {fact.locator}" in page.replace("&#x27;", "'"), (
                        project.slug,
                        relation,
                        fact.locator,
                    )
                checked += 1
    assert checked > 50  # the seed catalogue sources its figures


def test_every_figure_kind_of_the_seed_is_sourced_somewhere(catalogue):
    published = Project.objects.published()
    from projects.models import CommonSpace, CostFigure, Milestone, Quote, Surface, TenureLine

    for model in (TenureLine, Surface, CostFigure, Milestone, Quote, CommonSpace):
        assert model.objects.filter(project__in=published, source__isnull=False).exists(), model.__name__


def test_source_page_gives_the_document_and_the_published_projects_citing_it_with_locators(client, catalogue):
    source = Source.objects.get(slug="actes-habitat-participatif-logement-social-2017")
    response = client.get(f"/sources/{source.slug}/")
    assert response.status_code == 200
    page = html.unescape(response.content.decode())
    assert source.title in page and source.publisher in page and source.get_kind_display() in page
    citations = ProjectSource.objects.filter(source=source, project__status="published").select_related("project")
    assert citations
    for citation in citations:
        assert f'href="{citation.project.get_absolute_url()}"' in page
        if citation.locator:
            assert citation.locator in page
    assert '<p class="citation" lang="fr">' in page


def test_source_page_of_an_unknown_source_is_a_404(client, catalogue):
    assert client.get("/sources/inconnue/").status_code == 404


def test_source_page_query_count_is_constant(client, catalogue, django_assert_max_num_queries):
    with django_assert_max_num_queries(4):
        client.get("/sources/actes-habitat-participatif-logement-social-2017/")


def test_about_page_links_every_source_to_its_page(client, catalogue):
    page = client.get("/a-propos/").content.decode()
    assert set(SOURCE_LINK.findall(page)) == set(Source.objects.values_list("slug", flat=True))


def test_project_page_lists_its_sources_with_links(client, catalogue):
    project = Project.objects.get(slug="terra-arte")
    page = client.get(project.get_absolute_url()).content.decode()
    for citation in project.citations.select_related("source"):
        assert f'<a href="/sources/{citation.source.slug}/">{citation.source.title}</a>' in page


def test_site_name_is_in_every_citation(client, catalogue):
    page = client.get("/projets/terra-arte/").content.decode()
    assert settings.SITE_NAME.replace("&", "&amp;") in page
