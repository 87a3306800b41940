"""Every type of public address, for the "an unpublished project never leaks" checks.

``PUBLIC_URLS`` lists one or more addresses of each public surface (pages, search,
maps, exports, API). Add new surfaces here (feeds, sitemap, exports…): every check
built on ``assert_never_leaks`` then covers them.
"""

import re

from stats.charts import CHART_BUILDERS

PUBLIC_URLS = [
    # Site pages
    "/",
    "/a-propos/",
    "/glossaire/",
    # Project list, with search and filters that the hidden project would match
    "/projets/",
    "/projets/?q=zephyrine",
    "/projets/?q=Bordeaux&par_page=96",
    "/projets/?departement=33&statut=psla",
    "/projets/?organisme=le-col&annee_min=2018&annee_max=2018",
    "/projets/?region=nouvelle-aquitaine&tri=-logements",
    # Published project pages whose "nearby" lists could show it (same organism, same département)
    "/projets/terra-arte/",
    "/projets/locus-solus/",
    # Organisms
    "/organismes/",
    "/organismes/?famille=COOP",
    "/organismes/le-col/",
    # Territories, map, near me, GeoJSON
    "/territoires/",
    "/territoires/regions/nouvelle-aquitaine/",
    "/territoires/departements/gironde/",
    "/territoires/departements/dordogne/",  # a neighbour of Gironde
    "/territoires/carte/",
    "/territoires/carte/?statut=psla",
    "/territoires/pres-de/?lieu=Bordeaux&rayon=50",
    "/territoires/pres-de/?lieu=33000&rayon=200",
    # Open data: exports of the filtered list, feeds, sitemap, source pages
    "/donnees/",
    "/projets/export.csv",
    "/projets/export.csv?departement=33&statut=psla&bom=1",
    "/projets/export.json",
    "/projets/export.json?q=zephyrine",
    "/projets/export.geojson",
    "/projets/export.geojson?departement=33",
    "/projets/flux.atom",
    "/projets/flux.atom?region=nouvelle-aquitaine",
    "/sitemap.xml",
    "/sitemap-projets.xml",
    "/robots.txt",
    "/sources/actes-habitat-participatif-logement-social-2017/",
    # Statistics, their CSV downloads, comparison
    "/statistiques/",
    "/statistiques/?departement=33",
    *[f"/statistiques/{slug}.csv" for slug in CHART_BUILDERS],
    "/statistiques/comparer/?p=terra-arte&p=projet-cache",
    "/statistiques/comparer/?p=terra-arte&p=locus-solus",
    # API: list, detail, search, and the counts it gives
    "/api/v1/",
    "/api/v1/projets/?page_size=200",
    "/api/v1/projets/?page_size=200&q=zephyrine",
    "/api/v1/projets/?page_size=200&departement=33&statut=psla",
    "/api/v1/organismes/le-col/",
    "/api/v1/statuts/psla/",
    "/api/v1/territoires/regions/75/",
    "/api/v1/territoires/departements/33/",
]

_CSRF = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]*"')
_GENERATED_AT = re.compile(rb'"generated_at": ?"[^"]*"')


def snapshot(client, urls=PUBLIC_URLS):
    """The body of each address (CSRF tokens, which change on every request, blanked)."""
    pages = {}
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        body = _CSRF.sub(b'name="csrfmiddlewaretoken" value=""', body)
        pages[url] = _GENERATED_AT.sub(b'"generated_at": ""', body)
    return pages


def assert_never_leaks(client, project, before, urls=PUBLIC_URLS):
    """``project`` (unpublished) appears nowhere and changes no count: every page is as ``before`` it existed."""
    after = snapshot(client, urls)
    for url in urls:
        body = after[url]
        assert project.slug.encode() not in body or url.endswith("p=projet-cache"), url
        assert project.name.encode() not in body, url
        assert body == before[url], f"{url} changed when an unpublished project was added"
    assert client.get(project.get_absolute_url()).status_code == 404
    assert client.get(f"/api/v1/projets/{project.slug}/").status_code == 404
