"""The metadata of the JSON and GeoJSON exports: licence, citation, date, filters, columns."""

from django.conf import settings
from django.http import QueryDict
from django.urls import reverse
from django.utils.translation import gettext as _

from projects.citations import LICENCE_NAME, LICENCE_URL, dataset_citation
from projects.filters import describe_filters, describe_filters_text, filter_querystring


def metadata(request, filterset, context, generated_at):
    """Licence, citation, date, filters and column documentation (JSON and GeoJSON)."""
    querystring = filter_querystring(request.GET)
    described = describe_filters(filterset)
    description = describe_filters_text(described)
    export_url = request.build_absolute_uri()
    return {
        "title": _("Projets d'habitat participatif en logement social"),
        "description": description or _("Tous les projets publiés."),
        "publisher": settings.SITE_NAME,
        "source": context.base_url + reverse("projects:list") + (f"?{querystring}" if querystring else ""),
        "url": export_url,
        "documentation": context.base_url + reverse("open_data"),
        "licence": {"name": LICENCE_NAME, "url": LICENCE_URL},
        "how_to_cite": dataset_citation(export_url, generated_at, description),
        "generated_at": generated_at.isoformat(timespec="seconds"),
        "filters": dict(QueryDict(querystring).lists()),
        "filters_description": [{"filter": str(label), "values": values} for label, values in described],
        "notes": _(
            "Seuls les projets publiés figurent. Chaque projet est placé au centre de sa commune, pas à son "
            "adresse. Un fait que les sources ne donnent pas vaut null."
        ),
        "columns": [
            {"name": column.name, "type": column.type, "description": str(column.description)}
            for column in context.columns
        ],
    }
