"""Atom feed per search, sitemap.xml, robots.txt and schema.org JSON-LD."""

import json
import re
import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from django.utils import timezone

from organisms.models import Organism
from projects.models import Project, Source

from .test_exports import make_hidden_projects

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
FEED = "/projets/flux.atom"


def entries(response):
    root = ET.fromstring(response.content)
    return root, [
        {
            "title": entry.find(f"{ATOM}title").text,
            "link": entry.find(f"{ATOM}link").get("href"),
            "updated": entry.find(f"{ATOM}updated").text,
        }
        for entry in root.findall(f"{ATOM}entry")
    ]


# --- Atom feed ---------------------------------------------------------------------------------


def test_feed_lists_published_projects_most_recently_updated_first(client, catalogue):
    Project.objects.filter(slug="terra-arte").update(updated_at=timezone.now() + timedelta(days=1))
    response = client.get(FEED)
    assert response.status_code == 200 and response["Content-Type"].startswith("application/atom+xml")
    root, items = entries(response)
    assert root.tag == f"{ATOM}feed"
    assert items[0]["link"] == "http://testserver/projets/terra-arte/"
    assert len(items) == Project.objects.published().count()
    assert [item["updated"] for item in items] == sorted((item["updated"] for item in items), reverse=True)


def test_feed_follows_the_list_filters_as_a_saved_search(client, catalogue):
    root, items = entries(client.get(FEED, {"statut": "psla", "region": "nouvelle-aquitaine"}))
    expected = Project.objects.published().filter(
        tenure_lines__status__code="psla", commune__department__region__slug="nouvelle-aquitaine"
    )
    assert {item["link"].rsplit("/", 2)[-2] for item in items} == set(expected.values_list("slug", flat=True))
    assert "PSLA" in root.find(f"{ATOM}title").text
    self_link = next(link for link in root.findall(f"{ATOM}link") if link.get("rel") == "self")
    assert self_link.get("href") == "http://testserver/projets/flux.atom?region=nouvelle-aquitaine&statut=psla"
    alternate = next(link for link in root.findall(f"{ATOM}link") if link.get("rel") == "alternate")
    assert alternate.get("href") == "http://testserver/projets/?region=nouvelle-aquitaine&statut=psla"


def test_feed_rejects_invalid_filters_with_a_400(client, catalogue):
    response = client.get(FEED, {"statut": "nope"})
    assert response.status_code == 400 and "statut" in response.content.decode()


# --- Visibility on every discovery surface -------------------------------------------------------


def test_unpublished_projects_are_not_in_feeds_sitemap_or_source_pages(client, catalogue):
    hidden = make_hidden_projects()
    source = Source.objects.order_by("pk").first()
    for project in hidden:
        project.citations.create(source=source, locator="p. 99", facts="un fait caché")
    pages = [
        client.get(FEED).content,
        client.get(FEED, {"q": "begles"}).content,
        client.get("/sitemap-projets.xml").content,
        client.get(f"/sources/{source.slug}/").content,
    ]
    for page in pages:
        text = page.decode()
        assert "cache-" not in text and "Projet caché" not in text and "un fait caché" not in text


# --- sitemap.xml and robots.txt ------------------------------------------------------------------


def locations(response):
    return [element.text for element in ET.fromstring(response.content).iter(f"{SITEMAP}loc")]


def test_sitemap_index_lists_one_sitemap_per_kind_of_page(client, catalogue):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    sections = {loc.rsplit("/", 1)[-1] for loc in locations(response)}
    assert sections >= {
        "sitemap-pages.xml",
        "sitemap-projets.xml",
        "sitemap-organismes.xml",
        "sitemap-regions.xml",
        "sitemap-departements.xml",
        "sitemap-sources.xml",
    }


def test_sitemaps_list_pages_published_projects_with_lastmod_organisms_territories_and_sources(client, catalogue):
    pages = locations(client.get("/sitemap-pages.xml"))
    for path in ("/", "/projets/", "/statistiques/", "/donnees/", "/a-propos/", "/glossaire/", "/territoires/"):
        assert f"http://testserver{path}" in pages
    projects = client.get("/sitemap-projets.xml")
    assert set(locations(projects)) == {
        f"http://testserver{project.get_absolute_url()}" for project in Project.objects.published()
    }
    assert projects.content.decode().count("<lastmod>") == Project.objects.published().count()
    assert len(locations(client.get("/sitemap-organismes.xml"))) == Organism.objects.count()
    assert len(locations(client.get("/sitemap-regions.xml"))) == 18
    assert len(locations(client.get("/sitemap-departements.xml"))) == 101
    assert set(locations(client.get("/sitemap-sources.xml"))) == {
        f"http://testserver/sources/{slug}/" for slug in Source.objects.values_list("slug", flat=True)
    }


def test_every_sitemap_address_answers_200(client, catalogue):
    for section in ("pages", "projets", "organismes", "sources"):
        for location in locations(client.get(f"/sitemap-{section}.xml")):
            assert client.get(location).status_code == 200, location


def test_robots_txt_points_to_the_sitemap_and_keeps_crawlers_off_heavy_addresses(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/plain")
    text = response.content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in text
    for path in ("/admin/", "/projets/export.", "/api/v1/", "/statistiques/*.csv"):
        assert f"Disallow: {path}\n" in text
    assert "Disallow: /projets/\n" not in text and "Disallow: /\n" not in text


# --- JSON-LD -------------------------------------------------------------------------------------


JSON_LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def json_ld(page):
    blocks = JSON_LD.findall(page)
    assert len(blocks) == 1
    return json.loads(blocks[0])


def test_project_page_describes_itself_in_json_ld(client, catalogue):
    data = json_ld(client.get("/projets/terra-arte/").content.decode())
    assert data["@context"] == "https://schema.org" and data["@type"] == "WebPage"
    assert data["url"] == "http://testserver/projets/terra-arte/"
    place = data["about"]
    assert place["@type"] == "ApartmentComplex" and place["numberOfAccommodationUnits"] == 46
    assert place["address"]["addressLocality"] == "Bayonne"
    assert place["geo"]["longitude"] < 0 < place["geo"]["latitude"]
    assert "Le COL" in {organism["name"] for organism in data["mentions"]}
    assert data["citation"] and data["license"].startswith("https://www.etalab.gouv.fr/")


def test_organism_page_describes_itself_in_json_ld(client, catalogue):
    data = json_ld(client.get("/organismes/le-col/").content.decode())
    assert data["@type"] == "Organization" and data["name"] == "Le COL"
    assert data["url"] == "http://testserver/organismes/le-col/"


def test_json_ld_cannot_be_broken_out_of_by_names(client, catalogue):
    evil = '</script><script>alert("x")</script> & <!--'
    Project.objects.filter(slug="terra-arte").update(name=evil, summary=evil)
    Organism.objects.filter(slug="le-col").update(name=evil, description=evil)
    for url in ("/projets/terra-arte/", "/organismes/le-col/"):
        page = client.get(url).content.decode()
        block = JSON_LD.search(page).group(1)
        assert "<" not in block and ">" not in block and "&" not in block
        data = json.loads(block)
        assert data["name"] == evil
        assert '<script>alert("x")' not in page


def test_sitemap_splits_projects_into_files_of_at_most_the_limit(client, monkeypatch, django_assert_max_num_queries):
    """Django's limit (50,000 addresses per file) lowered to 40: the index lists one projects file
    per 40 projects, each file holds at most 40, together every published project; the index
    reads the latest change with one query instead of loading every project."""
    from django.core.management import call_command
    from django.db.models import Max

    from opendata.sitemaps import ProjectSitemap

    call_command("generate_projects", 130, seed=1, no_photos=True, verbosity=0)
    monkeypatch.setattr(ProjectSitemap, "limit", 40)
    published = Project.objects.published()
    with django_assert_max_num_queries(20):
        index = client.get("/sitemap.xml")
    files = [url for url in locations(index) if "sitemap-projets.xml" in url]
    assert len(files) == -(-published.count() // 40)
    latest = published.aggregate(latest=Max("updated_at"))["latest"]
    assert timezone.localtime(latest).isoformat()[:19] in index.content.decode()
    found = []
    for url in files:
        addresses = locations(client.get(url.replace("http://testserver", "")))
        assert len(addresses) <= 40
        found += addresses
    assert len(found) == len(set(found)) == published.count()
