"""The DCAT-AP catalogue (JSON-LD) of the open data: every dataset and distribution, harvestable by
national portals (data.gouv.fr reads DCAT)."""

from typing import Any

from django.conf import settings
from django.urls import reverse

from projects.citations import LICENCE_URL

from ..models import DataRelease

CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "dct:issued": {"@type": "xsd:dateTime"},
    "dct:modified": {"@type": "xsd:dateTime"},
    "dcat:accessURL": {"@type": "@id"},
    "dcat:downloadURL": {"@type": "@id"},
    "dct:license": {"@type": "@id"},
    "dcat:landingPage": {"@type": "@id"},
    "dct:conformsTo": {"@type": "@id"},
}
FRANCE = "http://publications.europa.eu/resource/authority/country/FRA"
LANGUAGE = "http://publications.europa.eu/resource/authority/language/FRA"
MEDIA_TYPES = {
    "CSV": "text/csv",
    "JSON": "application/json",
    "GeoJSON": "application/geo+json",
    "SQLite": "application/vnd.sqlite3",
    "Data Package": "application/json",
}


def _distribution(url: str, title: str, fmt: str, conforms_to: str = "") -> dict[str, Any]:
    distribution: dict[str, Any] = {
        "@id": url,
        "@type": "dcat:Distribution",
        "dct:title": title,
        "dcat:accessURL": url,
        "dcat:downloadURL": url,
        "dct:format": fmt,
        "dcat:mediaType": MEDIA_TYPES[fmt],
        "dct:license": LICENCE_URL,
    }
    if conforms_to:
        distribution["dct:conformsTo"] = conforms_to
    return distribution


def _dataset(
    base: str, key: str, title: str, description: str, distributions: list[dict[str, Any]], modified: str
) -> dict[str, Any]:
    return {
        "@id": f"{base}{reverse('open_data')}#{key}",
        "@type": "dcat:Dataset",
        "dct:identifier": key,
        "dct:title": title,
        "dct:description": description,
        "dcat:keyword": ["habitat participatif", "logement social", "Hlm", "HLM", "coopérative d'habitants"],
        "dct:spatial": {"@id": FRANCE},
        "dct:language": {"@id": LANGUAGE},
        "dct:publisher": {"@type": "foaf:Agent", "foaf:name": settings.SITE_NAME},
        "dct:license": LICENCE_URL,
        "dcat:landingPage": f"{base}{reverse('open_data')}",
        "dct:modified": modified,
        "dcat:distribution": distributions,
    }


def catalogue(base: str, modified: str) -> dict[str, Any]:
    """``base``: the site's address (``SITE_URL``); ``modified``: the catalogue's last change (ISO 8601)."""
    package_url = base + reverse("opendata_package")
    schema = "https://specs.frictionlessdata.io/table-schema/"
    datasets = [
        _dataset(
            base,
            "projets",
            "Projets d'habitat participatif en logement social",
            "Une ligne par projet publié : localisation officielle (INSEE), organismes, phase, logements par statut "
            "d'occupation, sources.",
            [
                _distribution(base + reverse("projects:export_csv"), "Projets (CSV)", "CSV", schema),
                _distribution(base + reverse("projects:export_json"), "Projets (JSON)", "JSON"),
                _distribution(base + reverse("projects:export_geojson"), "Projets (GeoJSON)", "GeoJSON"),
            ],
            modified,
        ),
        _dataset(
            base,
            "faits",
            "Faits sourcés des projets",
            "Une ligne par fait (répartition par statut, acteur, étape, surface, coût, espace partagé) avec son "
            "unité, sa date, sa certitude et sa source.",
            [
                _distribution(base + reverse("projects:facts_csv"), "Faits (CSV)", "CSV", schema),
                _distribution(base + reverse("projects:facts_json"), "Faits (JSON)", "JSON"),
            ],
            modified,
        ),
        _dataset(
            base,
            "paquet",
            "Paquet de données complet (projets, faits, sources, organismes)",
            "Les quatre tables avec leur schéma (Frictionless Table Schema) et leur codebook en français et en "
            "anglais ; chaque version datée est figée avec son journal des changements.",
            [
                _distribution(
                    package_url, "datapackage.json", "Data Package", "https://specs.frictionlessdata.io/data-package/"
                )
            ],
            modified,
        ),
    ]
    latest = DataRelease.objects.order_by("-created_at", "-pk").first()
    if latest is not None:
        file_url = base + reverse("opendata_release_file", args=[latest.version, "catalogue.sqlite"])
        datasets[2]["dcat:distribution"].append(
            _distribution(file_url, f"Base SQLite (version {latest.version})", "SQLite")
        )
        datasets[2]["owl:versionInfo"] = latest.version
    return {
        "@context": {**CONTEXT, "owl": "http://www.w3.org/2002/07/owl#"},
        "@id": base + reverse("opendata_dcat"),
        "@type": "dcat:Catalog",
        "dct:title": f"{settings.SITE_NAME} : données ouvertes",
        "dct:description": ("Les jeux de données du catalogue public de l'habitat participatif en logement social."),
        "dct:publisher": {"@type": "foaf:Agent", "foaf:name": settings.SITE_NAME},
        "dct:language": {"@id": LANGUAGE},
        "dct:license": LICENCE_URL,
        "foaf:homepage": {"@id": base + "/"},
        "dct:modified": modified,
        "dcat:dataset": datasets,
    }
