"""A file into a table (``parse``), a table into an ``ImportPlan`` (``validate``): nothing is written."""

from django.utils.translation import gettext_lazy as _

from common.spreadsheets import FileRejected, read_table
from common.text import normalize
from geo.models import Commune, FormerRegion
from organisms.models import Organism
from projects.models import InterventionMode, Project, Source, TenureStatus

from .columns import REQUIRED_COLUMNS, TENURE_PREFIX, all_columns, format_projects, split_items
from .plan import Action, ImportPlan
from .rows import RowValidator

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
            known_codes = _("Statuts d'occupation connus : %(codes)s.") % {"codes": ", ".join(s.code for s in statuses)}
            message = f"{message} {known_codes}"
        raise FileRejected(message)
    return table


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
        self.communes_by_name: dict[str, list[Commune]] = {}
        for commune in communes.filter(search_name__in={normalize(name) for name in cells("commune_nom")}):
            self.communes_by_name.setdefault(commune.search_name, []).append(commune)
        self.projects = {
            project.slug: project
            for project in format_projects(
                Project.objects.filter(slug__in=set(cells("slug"))), self.statuses.values(), self.sources.values()
            )
        }


def validate(table, *, publish=False):
    """An ``ImportPlan`` for a parsed table: nothing is written."""
    rows = table.rows
    lookups = _Lookups(table, rows)
    first_line_of: dict[str, int] = {}
    plans = []
    for line, cells in rows:
        plan = RowValidator(table.headers, line, cells, lookups, publish).run()
        if plan.slug:
            if plan.slug in first_line_of:
                plan.error(
                    "slug", _("ce slug figure déjà ligne %(line)s du fichier.") % {"line": first_line_of[plan.slug]}
                )
                plan.action, plan.status, plan.changes = Action.ERROR, "", []
            else:
                first_line_of[plan.slug] = line
        plans.append(plan)
    return ImportPlan(rows=plans, publish=publish)
