"""Lighthouse scores shown on the accessibility statement: the last full `make audit` run
(scripts/audit, Lighthouse 12.8.2, mobile profile, Debian's Chromium, a local server started as
`make run` starts it). Copied from test-artifacts/lighthouse/report.md by hand after each run:
these are measurements, never targets. Each page type is that of scripts/audit/pages.json."""

from django.utils.translation import gettext_lazy as _

LIGHTHOUSE_VERSION = "12.8.2"
LIGHTHOUSE_DATE = "2026-12-02"

# (page type, audited address, performance, accessibility, best practices, SEO or None when the
# page says "noindex" on purpose, so search engines are not its audience).
LIGHTHOUSE_SCORES = [
    (_("Accueil"), "/", 99, 100, 100, 100),  # home
    (_("Liste des projets"), "/projets/", 100, 100, 100, 100),  # list
    (_("Liste des projets, 24 par page"), "/projets/?par_page=24", 98, 100, 100, None),  # list-24
    (
        _("Liste des projets filtrée"),
        "/projets/?region=nouvelle-aquitaine&categorie=social_ownership",
        99,
        100,
        100,
        None,
    ),  # list-filtered
    (_("Recherche dans les projets"), "/projets/?q=bordeaux", 97, 100, 100, None),  # list-search
    (_("Fiche d'un projet"), "/projets/terra-arte/", 98, 100, 100, 100),  # project
    (_("Carte des projets"), "/territoires/carte/", 98, 100, 100, 100),  # map
    (_("Carte des projets filtrée"), "/territoires/carte/?statut=psla", 98, 100, 100, None),  # map-filtered
    (_("Projets près d'une commune"), "/territoires/pres-de/?lieu=Bordeaux&rayon=50", 100, 100, 100, None),  # near
    (_("Territoires"), "/territoires/", 99, 100, 100, 100),  # territories
    (_("Page d'une région"), "/territoires/regions/nouvelle-aquitaine/", 99, 100, 100, 100),  # region
    (_("Page d'un département"), "/territoires/departements/gironde/", 100, 100, 100, 100),  # department
    (_("Liste des organismes"), "/organismes/", 99, 100, 100, 100),  # organisms
    (_("Page d'un organisme"), "/organismes/le-col/", 98, 100, 100, 100),  # organism
    (_("Page d'une source"), "/sources/actes-habitat-participatif-logement-social-2017/", 100, 100, 100, 100),  # source
    (_("Statistiques"), "/statistiques/", 100, 100, 100, 100),  # statistics
    (_("Statistiques filtrées"), "/statistiques/?departement=33", 100, 100, 100, None),  # statistics-filtered
    (_("Comparaison de projets"), "/statistiques/comparer/?p=terra-arte&p=locus-solus", 100, 100, 100, None),  # compare
    (_("Données ouvertes"), "/donnees/", 100, 100, 100, 100),  # open-data
    (_("Glossaire"), "/glossaire/", 97, 100, 100, 100),  # glossary
    (_("À propos"), "/a-propos/", 100, 100, 100, 100),  # about
]


def lighthouse_rows():
    return [
        {"page": page, "path": path, "performance": perf, "accessibility": a11y, "best_practices": bp, "seo": seo}
        for page, path, perf, a11y, bp, seo in LIGHTHOUSE_SCORES
    ]
