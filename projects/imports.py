"""Import and export of case studies as spreadsheets (format: ``docs/import_format.md``).

One row per project, matched on its ``slug``: ``parse`` reads a file into a table
(``projects.tabular``), ``validate`` turns each row into a ``RowPlan`` (create, update,
unchanged, or its errors with the file's line number) without writing anything, and
``apply`` writes a plan without errors in one transaction. ``export_table`` writes
projects in the very same format, so an export imports back to identical data.

A column absent from the file leaves that piece of data untouched on update; a column
present with an empty cell empties it. Tenure columns (one per tenure status, one per
category-only line), actors and sources rebuild exactly what the file says.
"""

import datetime
import hashlib
import json
import operator
from dataclasses import dataclass, field

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.validators import validate_slug
from django.db import transaction
from django.db.models import CheckConstraint, F, Q
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy as _

from geo.models import Commune, FormerRegion
from geo.normalize import normalize
from organisms.models import Organism

from .models import (
    MAX_HOMES,
    MAX_YEAR,
    MIN_YEAR,
    ActorRole,
    InterventionMode,
    ParticipatoryFamily,
    Phase,
    Project,
    ProjectActor,
    ProjectSource,
    ProjectTransition,
    PublicationStatus,
    Source,
    TenureCategory,
    TenureLine,
    TenureStatus,
)
from .search import refresh_search_documents
from .tabular import FileRejected, control_character, read_table, write_csv, write_xlsx

__all__ = ["FileRejected", "parse", "validate", "apply", "export_table", "export_csv", "export_xlsx"]

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

#: (column, what it holds); the order of export files. Tenure columns go after ``TENURE_AFTER``.
COLUMNS = (
    ("slug", _("Identifiant du projet dans les adresses (lettres minuscules, chiffres, tirets). Obligatoire ; un projet existant portant ce slug est mis à jour.")),
    ("nom", _("Nom du projet. Obligatoire.")),
    ("resume", _("Résumé en une phrase (300 caractères au plus).")),
    ("description", _("Description (plusieurs paragraphes possibles).")),
    ("commune_insee", _("Code INSEE de la commune (5 caractères, par exemple 33039 pour Bègles). Le département et la région en découlent.")),
    ("commune_nom", _("Nom de la commune, si le code INSEE n'est pas donné (avec le département en cas d'homonymes). Vérifié s'il accompagne le code.")),
    ("departement", _("Code du département (33, 2A, 974…), pour trouver la commune par son nom. Vérifié s'il accompagne le code.")),
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
    ("sources", _("Sources : « slug-source | section ou page | ce que la source établit », séparées par des points-virgules.")),
    ("comment_participer", _("Comment participer.")),
    ("courriel", _("Courriel de contact.")),
    ("site_web", _("Site web du projet (adresse complète).")),
    ("notes", _("Notes sur les sources.")),
    ("verifie_le", _("Date de dernière vérification (AAAA-MM-JJ ou JJ/MM/AAAA).")),
)
TENURE_AFTER = "logements_participatifs"
TENURE_HELP = _(
    "Logements sous ce statut : un nombre, ou « nombre | libellé tel qu'écrit | slug-source | section ou page ». "
    "Vide ou 0 : aucun."
)
CATEGORY_HELP = _(
    "Logements dont la source ne donne que la catégorie, même écriture que les colonnes de statut."
)

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
    }
    rows = []
    for key, help_text in COLUMNS:
        rows.append((key, help_text, codes.get(key, [])))
        if key == TENURE_AFTER:
            for status in TenureStatus.objects.all():
                rows.append((TENURE_PREFIX + status.code, TENURE_HELP, [(status.code, f"{status.short_name} — {status.name}")]))
            for value, label in TenureCategory.choices:
                rows.append((CATEGORY_PREFIX + value, CATEGORY_HELP, [(value, label)]))
    return rows


# --- Structured cells: items separated by ";", fields by "|", "\" escapes -------------------


def _split(text, separator):
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
    fields = [_escape(str(value)) if value not in (None, "") else "" for value in fields]
    while len(fields) > 1 and not fields[-1]:
        fields.pop()
    return " | ".join(fields)


# --- Plans ---------------------------------------------------------------------------------


class Action:
    CREATE = "create"
    UPDATE = "update"
    UNCHANGED = "unchanged"
    ERROR = "error"

    LABELS = {
        CREATE: _("création"),
        UPDATE: _("mise à jour"),
        UNCHANGED: _("inchangé"),
        ERROR: _("erreur"),
    }
    #: For the counts of a preview ("À créer : 3").
    COUNT_LABELS = {
        CREATE: _("À créer"),
        UPDATE: _("À mettre à jour"),
        UNCHANGED: _("Inchangés"),
        ERROR: _("En erreur"),
    }


@dataclass
class RowPlan:
    """What one row of the file will do, or why it cannot."""

    line: int
    slug: str = ""
    name: str = ""
    action: str = Action.ERROR
    errors: list = field(default_factory=list)  # [(column, message)]
    changes: list = field(default_factory=list)  # columns whose value changes
    project: Project | None = None  # the existing project (update, unchanged)
    values: dict = field(default_factory=dict)  # Project field -> value, for the columns present
    modes: list | None = None  # InterventionMode list, or None when the column is absent
    tenure: dict = field(default_factory=dict)  # tenure column -> line tuple or None (no line)
    actors: list | None = None  # [(organism, role, description, source)]
    citations: list | None = None  # [(source, locator, facts)]
    status: str = ""  # publication status after the import

    @property
    def action_label(self):
        return Action.LABELS[self.action]

    @property
    def status_label(self):
        return PublicationStatus(self.status).label if self.status else ""

    def error(self, column, message):
        if (column, str(message)) not in self.errors:
            self.errors.append((column, str(message)))

    def signature(self):
        """Everything this row will write, with database ids: two equal signatures write the same thing."""

        def ref(value):
            return getattr(value, "pk", value)

        def jsonable(value):
            if isinstance(value, (datetime.date, datetime.datetime)):
                return value.isoformat()
            return ref(value)

        return [
            self.line,
            self.action,
            self.slug,
            self.project.pk if self.project else None,
            self.status,
            {name: jsonable(value) for name, value in sorted(self.values.items())},
            sorted(mode.pk for mode in self.modes) if self.modes is not None else None,
            {key: [ref(part) for part in line] if line else None for key, line in sorted(self.tenure.items())},
            sorted([ref(part) for part in actor] for actor in self.actors) if self.actors is not None else None,
            sorted([ref(part) for part in cite] for cite in self.citations) if self.citations is not None else None,
            self.errors,
        ]


@dataclass
class ImportPlan:
    rows: list
    publish: bool = False

    @property
    def has_errors(self):
        return any(row.errors for row in self.rows)

    def count(self, action):
        return sum(1 for row in self.rows if row.action == action)

    @property
    def counts(self):
        return {action: self.count(action) for action in Action.LABELS}

    @property
    def error_rows(self):
        return [row for row in self.rows if row.errors]

    def fingerprint(self):
        payload = json.dumps([self.publish, [row.signature() for row in self.rows]], sort_keys=True, default=str)
        return hashlib.sha256(payload.encode()).hexdigest()


# --- Parse and validate --------------------------------------------------------------------


def parse(data):
    """The table in an uploaded file's bytes, its columns checked (raise ``FileRejected``)."""
    table = read_table(data)
    statuses = list(TenureStatus.objects.all())
    known = set(all_columns(statuses))
    duplicates = sorted({header for header in table.headers if table.headers.count(header) > 1})
    if duplicates:
        raise FileRejected(_("Colonnes en double : %(columns)s.") % {"columns": ", ".join(duplicates)})
    missing = [column for column in REQUIRED_COLUMNS if column not in table.headers]
    if missing:
        raise FileRejected(
            _("Colonnes obligatoires manquantes : %(columns)s. La première ligne doit porter les noms de colonnes.")
            % {"columns": ", ".join(missing)}
        )
    unknown = [header for header in table.headers if header not in known]
    if unknown:
        tenure_unknown = [header for header in unknown if header.startswith(TENURE_PREFIX)]
        message = _("Colonnes inconnues : %(columns)s.") % {"columns": ", ".join(unknown)}
        if tenure_unknown:
            message = "%s %s" % (
                message,
                _("Statuts d'occupation connus : %(codes)s.") % {"codes": ", ".join(s.code for s in statuses)},
            )
        raise FileRejected(message)
    return table


def with_format_relations(queryset):
    """Projects with everything the format holds, in a fixed number of queries."""
    return queryset.select_related("commune__department", "former_region").prefetch_related(
        "intervention_modes",
        "tenure_lines__status",
        "tenure_lines__source",
        "actors__organism",
        "actors__source",
        "citations__source",
    )


class _Lookups:
    """Everything the rows refer to, fetched in a fixed number of queries."""

    def __init__(self, table, rows):
        self.statuses = {status.code: status for status in TenureStatus.objects.all()}
        self.modes = {mode.code: mode for mode in InterventionMode.objects.all()}
        self.sources = {source.slug: source for source in Source.objects.all()}
        self.former_regions = {normalize(region.name): region for region in FormerRegion.objects.all()}
        column = {header: index for index, header in enumerate(table.headers)}

        def cells(key):
            index = column.get(key)
            return [cells[index] for _line, cells in rows if index is not None and index < len(cells) and cells[index]]

        organism_slugs = {
            item[0].split(":", 1)[0].strip() for cell in cells("acteurs") for item in split_items(cell) if item[0]
        }
        self.organisms = {organism.slug: organism for organism in Organism.objects.filter(slug__in=organism_slugs)}
        communes = Commune.objects.select_related("department")
        self.communes_by_code = {
            commune.insee_code: commune
            for commune in communes.filter(insee_code__in={code.upper() for code in cells("commune_insee")})
        }
        self.communes_by_name = {}
        for commune in communes.filter(search_name__in={normalize(name) for name in cells("commune_nom")}):
            self.communes_by_name.setdefault(commune.search_name, []).append(commune)
        self.projects = {
            project.slug: project
            for project in with_format_relations(Project.objects.filter(slug__in=set(cells("slug"))))
        }


def validate(table, *, publish=False):
    """An ``ImportPlan`` for a parsed table: nothing is written."""
    rows = table.rows
    lookups = _Lookups(table, rows)
    first_line_of = {}
    plans = []
    for line, cells in rows:
        plan = _RowValidator(table.headers, line, cells, lookups, publish).run()
        if plan.slug:
            if plan.slug in first_line_of:
                plan.error("slug", _("ce slug figure déjà ligne %(line)s du fichier.") % {"line": first_line_of[plan.slug]})
                plan.action, plan.status, plan.changes = Action.ERROR, "", []
            else:
                first_line_of[plan.slug] = line
        plans.append(plan)
    return ImportPlan(rows=plans, publish=publish)


def _tenure_key(line):
    return TENURE_PREFIX + line.status.code if line.status_id else CATEGORY_PREFIX + line.category


def _line_tuple(line):
    return (line.homes, line.label_as_written, line.source, line.locator)


class _RowValidator:
    def __init__(self, headers, line, cells, lookups, publish):
        self.headers = headers
        self.cells = dict(zip(headers, cells))
        self.lookups = lookups
        self.publish = publish
        self.plan = RowPlan(line=line)
        if len(cells) > len(headers):
            self.plan.error("", _("la ligne a %(cells)s cellules, l'en-tête n'a que %(headers)s colonnes.") % {"cells": len(cells), "headers": len(headers)})
        for number, cell in enumerate(cells):
            char = control_character(cell)
            if char:
                column = headers[number] if number < len(headers) else _("colonne %(number)s") % {"number": number + 1}
                self.plan.error(str(column), _("caractère de contrôle interdit (%(char)s) : retirez-le du fichier.") % {"char": char})

    def present(self, key):
        return key in self.headers

    def get(self, key):
        return self.cells.get(key, "")

    def run(self):
        plan = self.plan
        plan.slug, plan.name = self.get("slug"), self.get("nom")
        for key in REQUIRED_COLUMNS:
            if not self.get(key):
                plan.error(key, _("valeur obligatoire manquante."))
        if plan.slug:
            try:
                validate_slug(plan.slug)
            except ValidationError:
                plan.error("slug", _("« %(value)s » n'est pas un slug valide (lettres, chiffres, tirets).") % {"value": plan.slug})
        plan.project = self.lookups.projects.get(plan.slug)
        self._fields()
        self._commune()
        self._modes()
        tenure_total = self._tenure()
        self._actors()
        self._citations()
        self._check_model(tenure_total)
        self._decide()
        return plan

    # Simple fields

    def _fields(self):
        values = self.plan.values
        for key, name in TEXT_COLUMNS.items():
            if self.present(key):
                values[name] = self.get(key)
        for key, name in INTEGER_COLUMNS.items():
            if self.present(key):
                number = self._integer(key, self.get(key), *INTEGER_BOUNDS[key])
                if number is not False:
                    values[name] = number
        for key, name in BOOLEAN_COLUMNS.items():
            if self.present(key):
                word = normalize(self.get(key))
                if not word:
                    values[name] = None
                elif word in TRUE_WORDS:
                    values[name] = True
                elif word in FALSE_WORDS:
                    values[name] = False
                else:
                    self.plan.error(key, _("« %(value)s » : écrivez oui, non, ou laissez vide.") % {"value": self.get(key)})
        for key, (name, choices) in CHOICE_COLUMNS.items():
            if self.present(key):
                code = self.get(key)
                if not code:
                    values[name] = Project._meta.get_field(name).get_default()
                elif code in choices.values:
                    values[name] = code
                else:
                    self.plan.error(key, _("code inconnu « %(value)s » ; codes possibles : %(codes)s.") % {"value": code, "codes": ", ".join(choices.values)})
        for key, name in DATE_COLUMNS.items():
            if self.present(key):
                text = self.get(key)
                if not text:
                    values[name] = None
                    continue
                for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
                    try:
                        values[name] = datetime.datetime.strptime(text, pattern).date()
                        break
                    except ValueError:
                        continue
                else:
                    self.plan.error(key, _("« %(value)s » n'est pas une date (AAAA-MM-JJ ou JJ/MM/AAAA).") % {"value": text})
        if self.present("ancienne_region"):
            name = self.get("ancienne_region")
            region = self.lookups.former_regions.get(normalize(name)) if name else None
            if name and region is None:
                self.plan.error("ancienne_region", _("ancienne région inconnue « %(value)s ».") % {"value": name})
            else:
                values["former_region"] = region

    def _integer(self, key, text, minimum=None, maximum=None, message=None):
        """The integer in ``text``, None if empty, False (and an error) if not an integer within the bounds."""
        compact = text.replace(" ", "").replace("\u00a0", "").replace("\u202f", "")
        if not compact:
            return None
        if compact.isascii() and compact.isdigit():
            digits = compact.lstrip("0") or "0"
            limit = 10**12 if maximum is None else maximum
            if len(digits) > len(str(limit)) or int(digits) > limit:
                self.plan.error(key, message or _("%(value)s dépasse le maximum réaliste de %(max)s.") % {"value": compact[:30], "max": limit})
                return False
            number = int(digits)
            if minimum is not None and number < minimum:
                self.plan.error(key, message or _("au moins %(min)s attendu, pas %(value)s.") % {"min": minimum, "value": number})
                return False
            return number
        self.plan.error(key, _("« %(value)s » n'est pas un nombre entier positif.") % {"value": text})
        return False

    def _commune(self):
        if not (self.present("commune_insee") or self.present("commune_nom")):
            return
        code, name, department = self.get("commune_insee").upper(), self.get("commune_nom"), self.get("departement").upper()
        if department.isdigit() and len(department) == 1:
            department = "0" + department
        commune = None
        if code:
            commune = self.lookups.communes_by_code.get(code)
            if commune is None:
                self.plan.error("commune_insee", _("code INSEE de commune inconnu « %(value)s ».") % {"value": code})
                return
            if name and normalize(name) != commune.search_name:
                self.plan.error("commune_nom", _("le code INSEE %(code)s est celui de %(commune)s, pas de « %(value)s ».") % {"code": code, "commune": commune.name, "value": name})
            if department and department != commune.department.code:
                self.plan.error("departement", _("%(commune)s est dans le département %(code)s, pas %(value)s.") % {"commune": commune.name, "code": commune.department.code, "value": department})
        elif name:
            candidates = self.lookups.communes_by_name.get(normalize(name), [])
            if department:
                candidates = [c for c in candidates if c.department.code == department]
            if not candidates:
                where = _(" dans le département %(code)s") % {"code": department} if department else ""
                self.plan.error("commune_nom", _("commune inconnue « %(value)s »%(where)s.") % {"value": name, "where": where})
                return
            if len(candidates) > 1:
                codes = ", ".join(sorted({c.department.code for c in candidates}))
                self.plan.error("commune_nom", _("plusieurs communes s'appellent « %(value)s » (départements %(codes)s) : indiquez le département ou le code INSEE.") % {"value": name, "codes": codes})
                return
            commune = candidates[0]
        elif department:
            self.plan.error("departement", _("un département sans commune ne suffit pas : indiquez la commune."))
            return
        self.plan.values["commune"] = commune

    def _modes(self):
        if not self.present("modes_intervention"):
            return
        modes = []
        for item in split_items(self.get("modes_intervention")):
            code = item[0]
            mode = self.lookups.modes.get(code)
            if mode is None:
                self.plan.error("modes_intervention", _("mode d'intervention inconnu « %(value)s » ; codes possibles : %(codes)s.") % {"value": code, "codes": ", ".join(self.lookups.modes)})
            elif mode not in modes:
                modes.append(mode)
        self.plan.modes = modes

    def _source(self, column, slug):
        if not slug:
            return None
        source = self.lookups.sources.get(slug)
        if source is None:
            self.plan.error(column, _("source inconnue « %(value)s ».") % {"value": slug})
        return source

    def _check_lengths(self, column, model, **values):
        for name, value in values.items():
            limit = model._meta.get_field(name).max_length
            if value and len(value) > limit:
                label = model._meta.get_field(name).verbose_name
                self.plan.error(column, _("%(field)s : %(length)s caractères, %(max)s au plus.") % {"field": label, "length": len(value), "max": limit})

    def _tenure(self):
        """Validate the tenure columns; return the homes the project will have in tenure lines."""
        existing = {}
        if self.plan.project is not None:
            existing = {_tenure_key(line): _line_tuple(line) for line in self.plan.project.tenure_lines.all()}
        result = dict(existing)
        for key in self.headers:
            if not key.startswith(TENURE_PREFIX):
                continue
            items = split_items(self.get(key))
            if len(items) > 1:
                self.plan.error(key, _("une seule valeur attendue (un point-virgule s'écrit \\; dans un libellé)."))
                continue
            parts = items[0] if items else []
            if len(parts) > 4:
                self.plan.error(key, _("au plus quatre parties : nombre | libellé | source | section."))
                continue
            homes_text, label, source_slug, locator = (parts + ["", "", "", ""])[:4]
            homes = self._integer(key, homes_text, maximum=MAX_HOMES)
            if homes is False:
                continue
            if not homes:
                if label or source_slug or locator:
                    self.plan.error(key, _("un libellé ou une source sans nombre de logements."))
                    continue
                self.plan.tenure[key] = None
                result.pop(key, None)
                continue
            source = self._source(key, source_slug)
            self._check_lengths(key, TenureLine, label_as_written=label, locator=locator)
            line = (homes, label, source, locator)
            self.plan.tenure[key] = line
            result[key] = line
        return sum(line[0] for line in result.values())

    def _actors(self):
        if not self.present("acteurs"):
            return
        actors, seen = [], set()
        for item in split_items(self.get("acteurs")):
            head, rest = item[0], item[1:] + ["", ""]
            if len(item) > 3:
                self.plan.error("acteurs", _("« %(value)s » : au plus trois parties (organisme:rôle | précision | source).") % {"value": head})
                continue
            slug, _sep, role = head.partition(":")
            slug, role = slug.strip(), role.strip()
            organism = self.lookups.organisms.get(slug)
            if organism is None:
                self.plan.error("acteurs", _("organisme inconnu « %(value)s ».") % {"value": slug})
            if role not in ActorRole.values:
                self.plan.error("acteurs", _("rôle inconnu « %(value)s » pour %(organism)s ; rôles possibles : %(codes)s.") % {"value": role, "organism": slug, "codes": ", ".join(ActorRole.values)})
            source = self._source("acteurs", rest[1])
            self._check_lengths("acteurs", ProjectActor, description=rest[0])
            if organism is None or role not in ActorRole.values:
                continue
            if (slug, role) in seen:
                self.plan.error("acteurs", _("%(organism)s a deux fois le rôle « %(role)s ».") % {"organism": slug, "role": role})
                continue
            seen.add((slug, role))
            actors.append((organism, role, rest[0], source))
        self.plan.actors = actors

    def _citations(self):
        if not self.present("sources"):
            return
        citations, seen = [], set()
        for item in split_items(self.get("sources")):
            if len(item) > 3:
                self.plan.error("sources", _("« %(value)s » : au plus trois parties (source | section | ce qu'elle établit).") % {"value": item[0]})
                continue
            slug, locator, facts = (item + ["", ""])[:3]
            source = self._source("sources", slug)
            self._check_lengths("sources", ProjectSource, locator=locator, facts=facts)
            if source is None:
                continue
            if (slug, locator) in seen:
                self.plan.error("sources", _("la source « %(value)s » est citée deux fois au même endroit.") % {"value": slug})
                continue
            seen.add((slug, locator))
            citations.append((source, locator, facts))
        self.plan.citations = citations

    def _check_model(self, tenure_total):
        """The project as it will be, checked by the model itself (lengths, formats, constraints)."""
        plan = self.plan
        existing = plan.project
        project = Project(**{f.attname: getattr(existing, f.attname) for f in Project._meta.concrete_fields}) if existing else Project()
        for name, value in plan.values.items():
            setattr(project, name, value)
        project.tenure_total = lambda: 0  # checked below against the lines the file describes
        try:
            # Commune and former region were resolved above, from the lookups; the check
            # constraints are evaluated below, in Python (Django runs one query per constraint).
            project.full_clean(exclude=["commune", "former_region"], validate_unique=False, validate_constraints=False)
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                column = "" if name == NON_FIELD_ERRORS else FIELD_TO_COLUMN.get(name, name)
                for message in messages:
                    plan.error(column, message)
        for constraint, fields in _failed_constraints(project):
            column = FIELD_TO_COLUMN.get(fields[0], "") if len(fields) == 1 else ""
            if column and any(key == column for key, _message in plan.errors):
                continue  # this cell already has its error (from the field's own validators)
            plan.error(column, constraint.get_violation_error_message())
        if project.total_homes is not None and tenure_total > project.total_homes:
            plan.error(
                "logements_total",
                _("les statuts d'occupation totalisent %(lines)s logements, plus que le total du projet (%(total)s).")
                % {"lines": tenure_total, "total": project.total_homes},
            )

    # Outcome

    def _decide(self):
        plan = self.plan
        if plan.errors:
            plan.action = Action.ERROR
            return
        project = plan.project
        if project is None:
            plan.action = Action.CREATE
            plan.status = PublicationStatus.PUBLISHED if self.publish else PublicationStatus.DRAFT
            return
        plan.changes = self._changes(project)
        if self.publish and project.status != PublicationStatus.PUBLISHED:
            plan.changes.append("statut")
        if plan.changes:
            plan.action = Action.UPDATE
            # An update keeps the project's status (as an edit in the admin does), unless publishing.
            plan.status = PublicationStatus.PUBLISHED if self.publish else project.status
        else:
            plan.action = Action.UNCHANGED
            plan.status = project.status

    def _changes(self, project):
        plan = self.plan
        changes = [FIELD_TO_COLUMN[name] for name, value in plan.values.items() if getattr(project, name) != value]
        if plan.modes is not None and {m.pk for m in plan.modes} != {m.pk for m in project.intervention_modes.all()}:
            changes.append("modes_intervention")
        existing = {_tenure_key(line): _line_tuple(line) for line in project.tenure_lines.all()}
        changes += [key for key, line in plan.tenure.items() if existing.get(key) != line]
        if plan.actors is not None and set(plan.actors) != {
            (a.organism, a.role, a.description, a.source) for a in project.actors.all()
        }:
            changes.append("acteurs")
        if plan.citations is not None and set(plan.citations) != {
            (c.source, c.locator, c.facts) for c in project.citations.all()
        }:
            changes.append("sources")
        return changes


# --- Check constraints, evaluated in Python -------------------------------------------------
# Model.full_clean() checks each CheckConstraint with a database query that annotates every
# field: about 70 ms per project row. The project's constraints only use simple lookups, so
# they are evaluated here with SQL's three-valued logic (NULL passes a CHECK); a constraint
# using anything else is left to Django's own check.

_COMPARISONS = {
    "exact": operator.eq,
    "gt": operator.gt,
    "gte": operator.ge,
    "lt": operator.lt,
    "lte": operator.le,
    "in": lambda value, choices: value in choices,
    "istartswith": lambda value, prefix: str(value).lower().startswith(str(prefix).lower()),
}


class _Unsupported(Exception):
    pass


def _evaluate(condition, instance, fields):
    """True, False or None (unknown) for a Q condition on ``instance``; collects the fields used."""
    if isinstance(condition, Q):
        results = [_evaluate(child, instance, fields) for child in condition.children]
        if condition.connector == Q.AND:
            value = False if False in results else (None if None in results else True)
        else:
            value = True if True in results else (None if None in results else False)
        return value if value is None or not condition.negated else not value
    if not isinstance(condition, tuple):
        raise _Unsupported
    key, expected = condition
    name, _sep, lookup = key.partition("__")
    lookup = lookup or "exact"
    try:
        actual = getattr(instance, Project._meta.get_field(name).attname)
    except Exception:  # noqa: BLE001 — an unknown name or a relation path
        raise _Unsupported from None
    fields.append(name)
    if isinstance(expected, F):
        fields.append(expected.name)
        expected = getattr(instance, Project._meta.get_field(expected.name).attname)
    elif hasattr(expected, "resolve_expression"):
        raise _Unsupported
    if lookup == "isnull":
        return (actual is None) == bool(expected)
    if lookup not in _COMPARISONS:
        raise _Unsupported
    if lookup == "exact" and expected is None:
        return actual is None
    if actual is None or expected is None:
        return None
    return _COMPARISONS[lookup](actual, expected)


def _failed_constraints(project):
    """(constraint, fields it uses) for each check constraint ``project`` breaks."""
    for constraint in Project._meta.constraints:
        if not isinstance(constraint, CheckConstraint):
            continue
        fields = []
        try:
            if _evaluate(constraint.condition, project, fields) is False:
                yield constraint, sorted(set(fields))
        except _Unsupported:
            try:
                constraint.validate(Project, project)
            except ValidationError:
                yield constraint, []


# --- Apply ---------------------------------------------------------------------------------


@transaction.atomic
def apply(plan, user=None):
    """Write a plan without errors, all rows or none; return the ids of the projects written.

    Rows are written with ``save()``, one object at a time (not ``bulk_create``), so that
    signals — history, file clean-up — see every change. A project published by the import
    gets its step in the publication log, by ``user``, like a publication in the admin.
    """
    if plan.has_errors:
        raise ValueError("an import plan with errors cannot be applied")
    now = timezone.now()
    statuses = {status.code: status for status in TenureStatus.objects.all()}
    written = []
    for row in plan.rows:
        if row.action in (Action.CREATE, Action.UPDATE):
            written.append(_apply_row(row, now, statuses, user).pk)
    if written:
        refresh_search_documents(Project.objects.filter(pk__in=written))
    return written


def _apply_row(row, now, statuses, user):
    is_new = row.project is None
    project = Project(slug=row.slug) if is_new else row.project
    previous_status = PublicationStatus.DRAFT if is_new else project.status
    kept = set()
    if not is_new:
        # Lines that go or change are removed first: the database checks "sum of lines <= total"
        # at every write, and the total may shrink together with the lines.
        for line in TenureLine.objects.filter(project=project).select_related("status", "source"):
            key = _tenure_key(line)
            if key in row.tenure and row.tenure[key] != _line_tuple(line):
                line.delete()
            else:
                kept.add(key)
    for name, value in row.values.items():
        setattr(project, name, value)
    project.status = row.status
    if row.status == PublicationStatus.PUBLISHED and project.published_at is None:
        project.published_at = now
    if user is not None:
        project._history_user = user
    project.save()
    if row.status == PublicationStatus.PUBLISHED and previous_status != PublicationStatus.PUBLISHED:
        ProjectTransition.objects.create(
            project=project,
            action=ProjectTransition.Action.PUBLISH,
            from_status=previous_status,
            to_status=PublicationStatus.PUBLISHED,
            by=user,
            at=now,
            reason=gettext("Publié par un import de fichier."),
        )

    if row.modes is not None and (row.modes or not is_new):
        project.intervention_modes.set(row.modes)
    for key, line in row.tenure.items():
        if line is None or key in kept:
            continue
        homes, label, source, locator = line
        target = (
            {"status": None, "category": key.removeprefix(CATEGORY_PREFIX)}
            if key.startswith(CATEGORY_PREFIX)
            else {"status": statuses[key.removeprefix(TENURE_PREFIX)], "category": ""}
        )
        TenureLine(project=project, homes=homes, label_as_written=label, source=source, locator=locator, **target).save()
    if row.actors is not None:
        _replace(
            [] if is_new else ProjectActor.objects.filter(project=project).select_related("organism", "source"),
            lambda a: (a.organism, a.role, a.description, a.source),
            row.actors,
            lambda organism, role, description, source: ProjectActor(
                project=project, organism=organism, role=role, description=description, source=source
            ),
        )
    if row.citations is not None:
        _replace(
            [] if is_new else ProjectSource.objects.filter(project=project).select_related("source"),
            lambda c: (c.source, c.locator, c.facts),
            row.citations,
            lambda source, locator, facts: ProjectSource(project=project, source=source, locator=locator, facts=facts),
        )
    return project


def _replace(current, key, wanted, build):
    """Make the children ``wanted`` (tuples): keep identical rows, delete the others, then create."""
    wanted = list(wanted)
    for child in current:
        if key(child) in wanted:
            wanted.remove(key(child))
        else:
            child.delete()
    for values in wanted:
        build(*values).save()


# --- Export --------------------------------------------------------------------------------


def export_table(queryset):
    """(headers, rows) of ``queryset`` in the import format."""
    statuses = list(TenureStatus.objects.all())
    headers = all_columns(statuses)
    rows = [[_export_value(project, column) for column in headers] for project in with_format_relations(queryset).order_by("slug")]
    return headers, rows


def _bool(value):
    return "" if value is None else ("oui" if value else "non")


def _export_value(project, column):
    if column in TEXT_COLUMNS:
        return getattr(project, TEXT_COLUMNS[column])
    if column in INTEGER_COLUMNS:
        return getattr(project, INTEGER_COLUMNS[column])
    if column in BOOLEAN_COLUMNS:
        return _bool(getattr(project, BOOLEAN_COLUMNS[column]))
    if column in CHOICE_COLUMNS:
        return getattr(project, CHOICE_COLUMNS[column][0])
    if column in DATE_COLUMNS:
        value = getattr(project, DATE_COLUMNS[column])
        return value.isoformat() if value else ""
    if column == "commune_insee":
        return project.commune.insee_code if project.commune_id else ""
    if column == "commune_nom":
        return project.commune.name if project.commune_id else ""
    if column == "departement":
        return project.commune.department.code if project.commune_id else ""
    if column == "ancienne_region":
        return project.former_region.name if project.former_region_id else ""
    if column == "modes_intervention":
        return "; ".join(sorted(mode.code for mode in project.intervention_modes.all()))
    if column == "acteurs":
        return ";\n".join(
            join_fields(f"{actor.organism.slug}:{actor.role}", actor.description, actor.source.slug if actor.source else "")
            for actor in project.actors.all()
        )
    if column == "sources":
        return ";\n".join(
            join_fields(citation.source.slug, citation.locator, citation.facts) for citation in project.citations.all()
        )
    if column.startswith(TENURE_PREFIX):
        for line in project.tenure_lines.all():
            if _tenure_key(line) == column:
                if not (line.label_as_written or line.source_id or line.locator):
                    return line.homes
                return join_fields(line.homes, line.label_as_written, line.source.slug if line.source else "", line.locator)
        return ""
    raise KeyError(column)


def export_csv(queryset):
    return write_csv(*export_table(queryset))


def export_xlsx(queryset):
    help_rows = [(gettext("Colonne"), gettext("Contenu"), gettext("Codes possibles"))]
    for key, help_text, codes in column_help():
        help_rows.append((key, help_text, "; ".join(f"{code} = {label}" for code, label in codes)))
    return write_xlsx(*export_table(queryset), help_rows=help_rows)
