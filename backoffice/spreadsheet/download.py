"""The spreadsheet download: projects in the import format (CSV or XLSX), which imports back to
identical data. (In the back-office this is the « spreadsheet download »; « export » is open data.)"""

from django.utils.translation import gettext

from common.spreadsheets import write_csv, write_xlsx
from projects.models import TenureStatus

from .columns import (
    BOOLEAN_COLUMNS,
    CHOICE_COLUMNS,
    DATE_COLUMNS,
    INTEGER_COLUMNS,
    TENURE_PREFIX,
    TEXT_COLUMNS,
    all_columns,
    column_help,
    format_projects,
    join_fields,
    tenure_key,
)
from .opening import OPENING_KEYS, opening_cells

# --- Download -------------------------------------------------------------------------------


def spreadsheet_table(queryset):
    """(headers, rows) of ``queryset`` in the import format."""
    statuses = list(TenureStatus.objects.all())
    headers = all_columns(statuses)
    rows = [
        [_cell_value(project, column) for column in headers]
        for project in format_projects(queryset.order_by("slug"), statuses)
    ]
    return headers, rows


def _bool(value):
    return "" if value is None else ("oui" if value else "non")


def _cell_value(project, column):
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
            join_fields(
                f"{actor.organism.slug}:{actor.role}", actor.description, actor.source.slug if actor.source else ""
            )
            for actor in project.actors.all()
        )
    if column == "sources":
        return ";\n".join(
            join_fields(citation.source.slug, citation.locator, citation.facts) for citation in project.citations.all()
        )
    if column in OPENING_KEYS:
        return opening_cells(project)[column]
    if column.startswith(TENURE_PREFIX):
        for line in project.tenure_lines.all():
            if tenure_key(line) == column:
                if not (line.label_as_written or line.source_id or line.locator):
                    return line.homes
                return join_fields(
                    line.homes, line.label_as_written, line.source.slug if line.source else "", line.locator
                )
        return ""
    raise KeyError(column)


def spreadsheet_csv(queryset):
    return write_csv(*spreadsheet_table(queryset))


def spreadsheet_xlsx(queryset):
    help_rows = [(gettext("Colonne"), gettext("Contenu"), gettext("Codes possibles"))]
    for key, help_text, codes in column_help():
        help_rows.append((key, help_text, "; ".join(f"{code} = {label}" for code, label in codes)))
    headers, rows = spreadsheet_table(queryset)
    return write_xlsx(headers, rows, help_rows=help_rows)
