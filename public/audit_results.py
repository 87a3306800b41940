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
    (_("Accueil"), "/", 0, 0, 0, 0),  # home
    (_("Liste des projets"), "/projets/", 0, 0, 0, 0),  # list
    (_("Liste des projets, 24 par page"), "/projets/?par_page=24", 0, 0, 0, None),  # list-24
    (
        _("Liste des projets filtrée"),
        "/projets/?region=nouvelle-aquitaine&categorie=social_ownership",
        0,
        0,
        0,
        None,
    ),  # list-filtered
    (_("Recherche dans les projets"), "/projets/?q=bordeaux", 0, 0, 0, None),  # list-search
    (_("Fiche d'un projet"), "/projets/terra-arte/", 0, 0, 0, 0),  # project
    (_("Carte des projets"), "/territoires/carte/", 0, 0, 0, 0),  # map
    (_("Carte des projets filtrée"), "/territoires/carte/?statut=psla", 0, 0, 0, None),  # map-filtered
    (_("Projets près d'une commune"), "/territoires/pres-de/?lieu=Bordeaux&rayon=50", 0, 0, 0, None),  # near
    (_("Territoires"), "/territoires/", 0, 0, 0, 0),  # territories
    (_("Page d'une région"), "/territoires/regions/nouvelle-aquitaine/", 0, 0, 0, 0),  # region
    (_("Page d'un département"), "/territoires/departements/gironde/", 0, 0, 0, 0),  # department
    (_("Liste des organismes"), "/organismes/", 0, 0, 0, 0),  # organisms
    (_("Page d'un organisme"), "/organismes/le-col/", 0, 0, 0, 0),  # organism
    (_("Page d'une source"), "/sources/actes-habitat-participatif-logement-social-2017/", 0, 0, 0, 0),  # source
    (_("Statistiques"), "/statistiques/", 0, 0, 0, 0),  # statistics
    (_("Statistiques filtrées"), "/statistiques/?departement=33", 0, 0, 0, None),  # statistics-filtered
    (_("Comparaison de projets"), "/statistiques/comparer/?p=terra-arte&p=locus-solus", 0, 0, 0, None),  # compare
    (_("Données ouvertes"), "/donnees/", 0, 0, 0, 0),  # open-data
    (_("Glossaire"), "/glossaire/", 0, 0, 0, 0),  # glossary
    (_("À propos"), "/a-propos/", 0, 0, 0, 0),  # about
]


def lighthouse_rows():
    return [
        {"page": page, "path": path, "performance": perf, "accessibility": a11y, "best_practices": bp, "seo": seo}
        for page, path, perf, a11y, bp, seo in LIGHTHOUSE_SCORES
    ]
