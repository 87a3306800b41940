"""The columns of the projects' spreadsheet (format: ``docs/import_format.md``) and the
structured cells (items separated by ";", fields by "|", "\\" escapes)."""

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _

from projects.models import (
    MAX_HOMES,
    MAX_YEAR,
    MIN_YEAR,
    ActorRole,
    InterventionMode,
    OpeningStatus,
    ParticipatoryFamily,
    Phase,
    ProjectActor,
    Source,
    TenureCategory,
    TenureStatus,
)

# --- The columns ---------------------------------------------------------------------------

TEXT_COLUMNS = {
    "slug": "slug",
    "nom": "name",
    "resume": "summary",
    "description": "description",
    "localisation_ecrite": "location_as_written",
    "quartier": "neighbourhood",
    "contexte_quartier": "neighbourhood_context",
    "phase_date": "phase_as_of",
    "livraison_ecrite": "delivery_text",
    "comment_participer": "how_to_get_involved",
    "courriel": "contact_email",
    "site_web": "website",
    "notes": "notes",
}
INTEGER_COLUMNS = {
    "annee_livraison": "delivery_year",
    "logements_total": "total_homes",
    "logements_participatifs": "participatory_homes",
}
#: (minimum, maximum, message or None) of each integer column: the model's bounds (tenure columns: homes).
INTEGER_BOUNDS = {
    "annee_livraison": (MIN_YEAR, MAX_YEAR, _("L'année de livraison doit être comprise entre 1900 et 2100.")),
    "logements_total": (None, MAX_HOMES, None),
    "logements_participatifs": (None, MAX_HOMES, None),
}
BOOLEAN_COLUMNS = {"ecoquartier": "is_ecoquartier", "qpv": "is_qpv"}
CHOICE_COLUMNS = {"famille": ("participatory_family", ParticipatoryFamily), "phase": ("phase", Phase)}
DATE_COLUMNS = {"verifie_le": "last_verified_on"}
FIELD_TO_COLUMN = {
    **{f: c for c, f in TEXT_COLUMNS.items()},
    **{f: c for c, f in INTEGER_COLUMNS.items()},
    **{f: c for c, f in BOOLEAN_COLUMNS.items()},
    **{f: c for c, (f, _choices) in CHOICE_COLUMNS.items()},
    **{f: c for c, f in DATE_COLUMNS.items()},
    "commune": "commune_insee",
    "former_region": "ancienne_region",
}
REQUIRED_COLUMNS = ("slug", "nom")
TENURE_PREFIX = "logements:"
CATEGORY_PREFIX = "logements:categorie:"

#: (column, what it holds); the order of downloaded files. Tenure columns go after ``TENURE_AFTER``.
COLUMNS = (
    (
        "slug",
        _(
            "Identifiant du projet dans les adresses (lettres minuscules, chiffres, tirets). "
            "Obligatoire ; un projet existant portant ce slug est mis à jour."
        ),
    ),
    ("nom", _("Nom du projet. Obligatoire.")),
    ("resume", _("Résumé en une phrase (300 caractères au plus).")),
    ("description", _("Description (plusieurs paragraphes possibles).")),
    (
        "commune_insee",
        _(
            "Code INSEE de la commune (5 caractères, par exemple 33039 pour Bègles). "
            "Le département et la région en découlent."
        ),
    ),
    (
        "commune_nom",
        _(
            "Nom de la commune, si le code INSEE n'est pas donné (avec le département en cas d'homonymes). "
            "Vérifié s'il accompagne le code."
        ),
    ),
    (
        "departement",
        _("Code du département (33, 2A, 974…), pour trouver la commune par son nom. Vérifié s'il accompagne le code."),
    ),
    ("localisation_ecrite", _("Localisation telle qu'écrite par la source, par exemple « Bègles (33) ».")),
    ("ancienne_region", _("Ancienne région citée par la source (avant 2016), par exemple « Aquitaine ».")),
    ("quartier", _("Nom du quartier.")),
    ("contexte_quartier", _("Contexte du quartier.")),
    ("ecoquartier", _("Dans un écoquartier : oui, non, ou vide si inconnu.")),
    ("qpv", _("Quartier prioritaire de la politique de la ville : oui, non, ou vide si inconnu.")),
    ("famille", _("Famille d'habitat participatif (code ; vide : logement social).")),
    ("modes_intervention", _("Modes d'intervention de l'organisme Hlm (codes séparés par des points-virgules).")),
    ("phase", _("Phase actuelle (code, ou vide).")),
    ("phase_date", _("Date à laquelle la phase est connue, telle qu'écrite (« janvier 2017 »).")),
    ("annee_livraison", _("Année de livraison (nombre entre 1900 et 2100).")),
    ("livraison_ecrite", _("Livraison telle qu'écrite (« Été 2017 », « fin 2019 »).")),
    ("logements_total", _("Nombre total de logements de l'opération (au moins 1).")),
    ("logements_participatifs", _("Logements en habitat participatif (au moins 1, pas plus que le total).")),
    ("acteurs", _("Acteurs : « slug-organisme:rôle | précision | slug-source », séparés par des points-virgules.")),
    (
        "sources",
        _("Sources : « slug-source | section ou page | ce que la source établit », séparées par des points-virgules."),
    ),
    ("comment_participer", _("Comment participer.")),
    ("courriel", _("Courriel de contact.")),
    ("site_web", _("Site web du projet (adresse complète).")),
    ("notes", _("Notes sur les sources.")),
    ("verifie_le", _("Date de dernière vérification (AAAA-MM-JJ ou JJ/MM/AAAA).")),
)
# The opening (backoffice/spreadsheet/opening.py): after the project's own columns.
OPENING_COLUMNS = (
    (
        "recrutement",
        _(
            "Recrutement des habitants (code) ; vide : pas d'information (l'ouverture existante est retirée). "
            "Passé six mois, le site l'affiche « à confirmer »."
        ),
    ),
    (
        "recrutement_date",
        _("Date à laquelle le recrutement a été vérifié (AAAA-MM-JJ ou JJ/MM/AAAA). Obligatoire avec un code."),
    ),
    ("recrutement_logements", _("Logements disponibles (seulement avec homes_available).")),
    (
        "recrutement_statuts",
        _("Statuts d'occupation des logements disponibles (codes séparés par des points-virgules)."),
    ),
    ("comment_rejoindre", _("Comment rejoindre : les étapes, une par ligne (2 000 caractères au plus).")),
)
OPENING_KEYS = tuple(key for key, _help in OPENING_COLUMNS)
COLUMNS = COLUMNS + OPENING_COLUMNS  # type: ignore[assignment]  # a longer tuple of the same pairs
TENURE_AFTER = "logements_participatifs"
TENURE_HELP = _(
    "Logements sous ce statut : un nombre, ou « nombre | libellé tel qu'écrit | slug-source | section ou page ». "
    "Vide ou 0 : aucun."
)
CATEGORY_HELP = _("Logements dont la source ne donne que la catégorie, même écriture que les colonnes de statut.")

TRUE_WORDS = {"oui", "o", "vrai", "true", "yes", "y", "1", "x"}
FALSE_WORDS = {"non", "n", "faux", "false", "no", "0"}


def tenure_columns(statuses=None):
    """Tenure column headers: one per status (in display order), then one per category-only line."""
    statuses = TenureStatus.objects.all() if statuses is None else statuses
    return [TENURE_PREFIX + status.code for status in statuses] + [
        CATEGORY_PREFIX + category for category in TenureCategory.values
    ]


def all_columns(statuses=None):
    headers = []
    for key, _help in COLUMNS:
        headers.append(key)
        if key == TENURE_AFTER:
            headers.extend(tenure_columns(statuses))
    return headers


def column_help():
    """(column, explanation, accepted codes) for the format page and the XLSX "Aide" sheet."""
    codes = {
        "famille": ParticipatoryFamily.choices,
        "phase": Phase.choices,
        "modes_intervention": [(mode.code, mode.name) for mode in InterventionMode.objects.all()],
        "acteurs": ActorRole.choices,
        "recrutement": OpeningStatus.choices,
        "recrutement_statuts": [(status.code, status.short_name) for status in TenureStatus.objects.all()],
    }
    rows = []
    for key, help_text in COLUMNS:
        rows.append((key, help_text, codes.get(key, [])))
        if key == TENURE_AFTER:
            for status in TenureStatus.objects.all():
                rows.append(
                    (TENURE_PREFIX + status.code, TENURE_HELP, [(status.code, f"{status.short_name} — {status.name}")])
                )
            for value, label in TenureCategory.choices:
                rows.append((CATEGORY_PREFIX + value, CATEGORY_HELP, [(value, label)]))
    return rows


# --- Structured cells: items separated by ";", fields by "|", "\" escapes -------------------


def _split(text, separator):
    if "\\" not in text:
        return text.split(separator)  # nothing escaped: the same parts, without a loop per character
    parts, current, escaped = [], [], False
    for char in text:
        if escaped:
            current.append("\\" + char)
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == separator:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    if escaped:
        current.append("\\")
    parts.append("".join(current))
    return parts


def _unescape(text):
    if "\\" not in text:
        return text.strip()
    out, escaped = [], False
    for char in text:
        if escaped:
            out.append(char)
            escaped = False
        elif char == "\\":
            escaped = True
        else:
            out.append(char)
    if escaped:
        out.append("\\")
    return "".join(out).strip()


def _escape(text):
    return (text or "").replace("\\", "\\\\").replace("|", "\\|").replace(";", "\\;")


def split_items(cell):
    """``"a | b ; c"`` → ``[["a", "b"], ["c"]]``; empty items are dropped."""
    items = []
    for raw in _split(cell, ";"):
        if raw.strip():
            items.append([_unescape(part) for part in _split(raw, "|")])
    return items


def join_fields(*fields):
    parts = [_escape(str(value)) if value not in (None, "") else "" for value in fields]
    while len(parts) > 1 and not parts[-1]:
        parts.pop()
    return " | ".join(parts)


def format_projects(queryset, statuses=None, sources=None):
    """The projects of ``queryset`` with everything the format holds, in a fixed number of queries.

    Tenure statuses and sources are small tables read once (or passed in by a caller that already
    has them) and attached to the children from memory: joined to each of thousands of lines, they
    cost a model instance per line and dominated the reading of an import (issue 19).
    """
    statuses = {status.pk: status for status in (TenureStatus.objects.all() if statuses is None else statuses)}
    sources = {source.pk: source for source in (Source.objects.all() if sources is None else sources)}
    projects = list(
        queryset.select_related("commune__department", "former_region").prefetch_related(
            "intervention_modes",
            "tenure_lines",
            Prefetch("actors", queryset=ProjectActor.objects.select_related("organism")),
            "citations",
            "openings__tenures",
        )
    )
    for project in projects:
        for line in project.tenure_lines.all():
            _attach(line, "status", statuses)
            _attach(line, "source", sources)
        for actor in project.actors.all():
            _attach(actor, "source", sources)
        for citation in project.citations.all():
            _attach(citation, "source", sources)
    return projects


def _attach(instance, name, by_pk):
    """Set ``instance.<name>`` from ``by_pk`` (or None) without a query; a row added since the table
    was read is left to Django's own (lazy) read."""
    field = instance._meta.get_field(name)
    key = getattr(instance, field.attname)
    if key is None or key in by_pk:
        field.set_cached_value(instance, by_pk.get(key))


def tenure_key(line):
    return TENURE_PREFIX + line.status.code if line.status_id else CATEGORY_PREFIX + line.category


def line_tuple(line):
    return (line.homes, line.label_as_written, line.source, line.locator)
