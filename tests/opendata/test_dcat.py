"""The DCAT-AP catalogue: JSON-LD that an RDF parser reads, every dataset with a title, a description,
a licence and distributions whose addresses answer."""

import pytest
from django.core.management import call_command
from rdflib import Graph, Namespace
from rdflib.namespace import DCTERMS, RDF

pytestmark = pytest.mark.django_db
DCAT = Namespace("http://www.w3.org/ns/dcat#")


def catalogue_graph(client):
    response = client.get("/donnees/catalogue.jsonld")
    assert response.status_code == 200 and response["Content-Type"] == "application/ld+json"
    return Graph().parse(data=response.content, format="json-ld")


def test_every_dataset_has_the_properties_dcat_ap_requires_and_its_distributions_answer(client, catalogue, media_root):
    call_command("make_release", release="2026-12-01")
    graph = catalogue_graph(client)

    [catalog] = list(graph.subjects(RDF.type, DCAT.Catalog))
    assert graph.value(catalog, DCTERMS.title) and graph.value(catalog, DCTERMS.description)
    assert graph.value(catalog, DCTERMS.publisher) is not None
    datasets = list(graph.objects(catalog, DCAT.dataset))
    assert len(datasets) == 3
    for dataset in datasets:
        assert graph.value(dataset, DCTERMS.title) and graph.value(dataset, DCTERMS.description)
        distributions = list(graph.objects(dataset, DCAT.distribution))
        assert distributions
        for distribution in distributions:
            url = str(graph.value(distribution, DCAT.accessURL))
            assert graph.value(distribution, DCTERMS.license) is not None
            assert client.get(url.replace("http://testserver", "")).status_code == 200, url
    sqlite = [d for d in graph.subjects(DCAT.mediaType, None) if str(d).endswith("catalogue.sqlite")]
    assert sqlite, "the latest release's SQLite file is a distribution"
