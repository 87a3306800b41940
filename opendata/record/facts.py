"""The facts of the public record, in export order: each with its export columns and its API field."""

from django.utils.translation import gettext_lazy

from .definitions import Export, Fact, same

DETAIL_ONLY_IN_API = "Fait détaillé avec ses sources : l'API seule le publie (trop riche pour une ligne d'export)."

RECORD: tuple[Fact, ...] = (
    same("id", "integer", gettext_lazy("Identifiant stable du projet (ne change jamais)."), "pk"),
    same("slug", "code", gettext_lazy("Identifiant lisible, dernier segment de l'adresse de la fiche.")),
    same("name", "text", gettext_lazy("Nom du projet.")),
    Fact(
        "url",
        export=(Export("url", "url", gettext_lazy("Fiche publique du projet."), compute=lambda f: f.url),),
        api="url",
    ),
    Fact(
        "api_url",
        export=(
            Export(
                "api_url",
                "url",
                gettext_lazy("Le projet dans l'API (fiche complète avec chaque fait et sa source)."),
                compute=lambda f: f.api_url,
            ),
        ),
        api="api_url",
    ),
    same("summary", "text", gettext_lazy("Résumé en une phrase."), blank_as_null=True),
    Fact(
        "commune",
        export=(
            Export(
                "commune_insee",
                "code",
                gettext_lazy("Code INSEE de la commune ; vide si les sources ne la donnent pas."),
                "commune__insee_code",
            ),
            Export("commune_name", "text", gettext_lazy("Nom officiel de la commune."), "commune__name"),
        ),
        api="commune",
    ),
    Fact(
        "department",
        export=(
            Export(
                "department_code",
                "code",
                gettext_lazy("Code INSEE du département (33, 2A, 974…)."),
                "commune__department__code",
            ),
            Export("department_name", "text", gettext_lazy("Nom du département."), "commune__department__name"),
        ),
        api="departement",
    ),
    Fact(
        "region",
        export=(
            Export(
                "region_code",
                "code",
                gettext_lazy("Code INSEE de la région (découpage de 2016)."),
                "commune__department__region__code",
            ),
            Export("region_name", "text", gettext_lazy("Nom de la région."), "commune__department__region__name"),
        ),
        api="region",
    ),
    same(
        "former_region",
        "text",
        gettext_lazy("Ancienne région (avant 2016) citée par la source."),
        "former_region__name",
    ),
    Fact(
        "location_as_written",
        export=(
            Export(
                "location_as_written",
                "text",
                gettext_lazy("Localisation telle qu'écrite dans la source."),
                "location_as_written",
                blank_as_null=True,
            ),
        ),
        api="location_as_written",
        detail_only=True,
    ),
    Fact(
        "latitude",
        export=(
            Export(
                "latitude",
                "number",
                gettext_lazy("Latitude du centre de la commune (pas de l'adresse), WGS 84."),
                compute=lambda f: f.coordinate("commune__latitude"),
                reads=("commune__latitude",),
            ),
        ),
        api="latitude",
    ),
    Fact(
        "longitude",
        export=(
            Export(
                "longitude",
                "number",
                gettext_lazy("Longitude du centre de la commune (pas de l'adresse), WGS 84."),
                compute=lambda f: f.coordinate("commune__longitude"),
                reads=("commune__longitude",),
            ),
        ),
        api="longitude",
    ),
    same(
        "participatory_family",
        "code",
        gettext_lazy("Famille d'habitat participatif : autopromotion, housing_cooperative, social_housing."),
    ),
    Fact(
        "intervention_modes",
        export=(
            Export(
                "intervention_modes",
                "codes",
                gettext_lazy("Modes d'intervention de l'organisme Hlm : partnership, solicitation, own-initiative."),
                compute=lambda f: f.related["modes"],
            ),
        ),
        api="intervention_modes",
    ),
    same(
        "phase",
        "code",
        gettext_lazy("Phase actuelle (group_forming … managed) ; vide si inconnue."),
        blank_as_null=True,
    ),
    Fact(
        "phase_as_of",
        export=(
            Export(
                "phase_as_of",
                "text",
                gettext_lazy("Date de la source qui donne la phase."),
                "phase_as_of",
                blank_as_null=True,
            ),
        ),
        api="phase_as_of",
        detail_only=True,
    ),
    same("delivery_year", "integer", gettext_lazy("Année de livraison (réelle ou prévue).")),
    same("delivery_text", "text", gettext_lazy("Livraison telle qu'écrite (« fin 2019 »)."), blank_as_null=True),
    Fact(
        "developers",
        export=(
            Export(
                "developers",
                "list",
                gettext_lazy("Maîtres d'ouvrage (noms)."),
                compute=lambda f: f.related["developers"],
            ),
            Export(
                "developer_slugs",
                "codes",
                gettext_lazy("Maîtres d'ouvrage (valeurs du paramètre organisme)."),
                compute=lambda f: f.related["developer_slugs"],
            ),
            Export(
                "hlm_families",
                "codes",
                gettext_lazy("Familles Hlm des maîtres d'ouvrage : OPH, ESH, COOP, OTHER."),
                compute=lambda f: sorted(set(f.related["families"])),
            ),
        ),
        api="developers",
    ),
    Fact(
        "actors",
        export=(
            Export(
                "actors",
                "list",
                gettext_lazy("Tous les acteurs : « nom (rôle) », rôles en codes (developer, manager, amo…)."),
                compute=lambda f: f.related["actors"],
            ),
        ),
        api="actors",
        detail_only=True,
    ),
    same("total_homes", "integer", gettext_lazy("Nombre total de logements de l'opération.")),
    same(
        "participatory_homes",
        "integer",
        gettext_lazy("Logements en habitat participatif, quand la source les distingue."),
    ),
    Fact(
        "tenure",
        export=(
            Export(
                "homes_described",
                "integer",
                gettext_lazy("Logements dont les sources donnent le statut ou la catégorie (somme des lignes)."),
                compute=lambda f: f.described,
            ),
            Export(
                "homes_unspecified",
                "integer",
                gettext_lazy(
                    "Logements dont les sources ne donnent pas le statut : total moins logements décrits ; "
                    "vide si le total est inconnu."
                ),
                compute=lambda f: f.unspecified,
            ),
            # + one column per tenure status and per category (TENURE_COLUMNS_AFTER)
        ),
        api="tenure_lines",
    ),
    Fact(
        "opening",
        export=(
            Export(
                "opening_state",
                "code",
                gettext_lazy(
                    "Recrutement des habitants tel qu'affiché : seeking_members, homes_available, waiting_list, "
                    "full, no_opening, ou to_confirm quand l'information a dépassé sa durée de validité (6 mois "
                    "par défaut) ; vide si non renseigné."
                ),
                "opening_state",
            ),
            Export(
                "opening_status",
                "code",
                gettext_lazy("Recrutement tel que saisi par le bailleur (mêmes codes, sans to_confirm)."),
                "openings__status",
            ),
            Export(
                "opening_as_of",
                "text",
                gettext_lazy("Date (AAAA-MM-JJ) à laquelle le recrutement a été vérifié."),
                compute=lambda f: f.p["openings__as_of"].isoformat() if f.p["openings__as_of"] else None,
                reads=("openings__as_of",),
            ),
            Export(
                "homes_available",
                "integer",
                gettext_lazy("Logements disponibles (statut homes_available) ; vide si inconnu."),
                "openings__homes_available",
            ),
            Export(
                "homes_available_tenures",
                "codes",
                gettext_lazy("Statuts d'occupation des logements disponibles (codes de /api/v1/statuts/)."),
                compute=lambda f: f.related["opening_tenures"],
            ),
        ),
        api="opening",
    ),
    Fact("visits", api="visits", detail_only=True, one_sided=DETAIL_ONLY_IN_API),
    Fact(
        "sources",
        export=(
            Export(
                "sources",
                "list",
                gettext_lazy("Documents sources : « titre (page ou section) »."),
                compute=lambda f: f.related["sources"],
            ),
            Export(
                "source_slugs",
                "codes",
                gettext_lazy("Documents sources (adresse /sources/<code>/)."),
                compute=lambda f: list(dict.fromkeys(f.related["source_slugs"])),
            ),
        ),
        api="citations",
        detail_only=True,
    ),
    Fact(
        "photos",
        export=(
            Export(
                "photo_urls",
                "list",
                gettext_lazy("Photos du projet (adresse du fichier, dans l'ordre de la fiche)."),
                compute=lambda f: [photo[0] for photo in f.related["photos"]],
            ),
            Export(
                "photo_credits",
                "list",
                gettext_lazy("Crédit de chaque photo, dans le même ordre."),
                compute=lambda f: [photo[1] for photo in f.related["photos"]],
            ),
            Export(
                "photo_licences",
                "list",
                gettext_lazy("Licence de chaque photo, dans le même ordre."),
                compute=lambda f: [photo[2] for photo in f.related["photos"]],
            ),
        ),
        one_sided="Les photos, leur crédit et leur licence : dans les exports ; l'API publie les fiches sans photos.",
    ),
    Fact(
        "published",
        export=(
            Export(
                "published_at",
                "datetime",
                gettext_lazy("Première publication de la fiche."),
                compute=lambda f: f.context.iso(f.p["published_at"]),
                reads=("published_at",),
            ),
        ),
        api="published_at",
    ),
    Fact(
        "updated",
        export=(
            Export(
                "last_updated",
                "datetime",
                gettext_lazy("Dernière modification de la fiche."),
                compute=lambda f: f.context.iso(f.p["updated_at"]),
                reads=("updated_at",),
            ),
        ),
        api="updated_at",
    ),
    Fact(
        "citation",
        export=(
            Export(
                "citation",
                "text",
                gettext_lazy("Comment citer la fiche (titre, éditeur, date, adresse, date de consultation)."),
                compute=lambda f: f.citation,
                reads=("name", "updated_at"),
            ),
        ),
        api="citation",
        detail_only=True,
    ),
    Fact(
        "certainties",
        export=(
            Export(
                "certainties",
                "list",
                gettext_lazy(
                    "Faits qui ne sont pas recopiés tels quels de leur source, « fait : certitude » : computed "
                    "(calculé d'après la source), inferred (déduit), outside (connaissance extérieure) ; les faits "
                    "absents de cette liste sont tels qu'écrits. Le raisonnement de chacun est dans l'API."
                ),
                compute=lambda f: [*f.related["field_certainties"], *f.related["certainties"]],
            ),
        ),
        api="field_certainties",
        detail_only=True,
    ),
    # In the API's detail only: facts with their sources, too rich for one row of an export.
    *(
        Fact(name, api=name, detail_only=True, one_sided=DETAIL_ONLY_IN_API)
        for name in [
            "description",
            "neighbourhood",
            "is_ecoquartier",
            "is_qpv",
            "website",
            "last_verified_on",
            "notes",
            "milestones",
            "surfaces",
            "cost_figures",
            "common_spaces",
            "quotes",
        ]
    ),
)
