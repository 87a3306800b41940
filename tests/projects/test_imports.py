"""Import and export of case studies (backoffice.spreadsheet): files, row errors, dry run, transaction, round trip."""

import csv
import io
import re
import zipfile

import pytest
from django.db import IntegrityError
from openpyxl import Workbook, load_workbook

from backoffice.spreadsheet import (
    Action,
    FileRejected,
    all_columns,
    apply,
    parse,
    spreadsheet_csv,
    spreadsheet_xlsx,
    validate,
)
from common.spreadsheets import MAX_CELL_CHARS, MAX_ROWS, Table, neutralise
from organisms.models import Organism
from projects.models import (
    InterventionMode,
    Photo,
    Project,
    ProjectActor,
    ProjectSource,
    PublicationStatus,
    Source,
    TenureLine,
    TenureStatus,
)

from . import images

pytestmark = pytest.mark.django_db


def csv_bytes(rows, delimiter=";", bom=True, encoding="utf-8"):
    buffer = io.StringIO(newline="")
    csv.writer(buffer, delimiter=delimiter).writerows(rows)
    return (("\ufeff" if bom else "") + buffer.getvalue()).encode(encoding)


def xlsx_bytes(rows):
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def plan_for(rows, publish=False, **options):
    return validate(parse(csv_bytes(rows, **options)), publish=publish)


HEADER = ["slug", "nom", "commune_insee", "logements_total", "logements:plus", "logements:plai", "acteurs", "sources"]


def good_row(slug="les-tilleuls-import", **overrides):
    values = {
        "slug": slug,
        "nom": "Les Tilleuls (import)",
        "commune_insee": "33039",
        "logements_total": "20",
        "logements:plus": "12 | 12 PLUS | actes-habitat-participatif-logement-social-2017 | p. 8",
        "logements:plai": "8",
        "acteurs": "alliade-habitat:developer | Maître d'ouvrage ; metropole-de-lyon:initiating_authority",
        "sources": "actes-habitat-participatif-logement-social-2017 | p. 8 | programme",
    }
    values.update(overrides)
    return [values[column] for column in HEADER]


def counts():
    return (
        Project.objects.count(),
        TenureLine.objects.count(),
        ProjectActor.objects.count(),
        ProjectSource.objects.count(),
    )


# --- Reading files -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "options",
    [
        {"delimiter": ";", "bom": True},
        {"delimiter": ";", "bom": False},
        {"delimiter": ",", "bom": True},
        {"delimiter": ",", "bom": False},
        {"delimiter": "\t", "bom": False},
    ],
    ids=["semicolon-bom", "semicolon", "comma-bom", "comma", "tab"],
)
def test_csv_in_utf8_with_or_without_bom_and_either_separator_reads_the_same(catalogue, options):
    plan = plan_for([HEADER, good_row()], **options)
    assert not plan.has_errors, plan.error_rows and plan.error_rows[0].errors
    row = plan.rows[0]
    assert (row.line, row.slug, row.action) == (2, "les-tilleuls-import", Action.CREATE)
    assert row.values["commune"].name == "Bègles"
    assert row.tenure["logements:plus"][:2] == (12, "12 PLUS")


def test_xlsx_reads_like_csv_with_numbers_and_dates_as_cells(catalogue):
    import datetime

    row = good_row()
    row[3] = 20  # a number cell
    plan = validate(parse(xlsx_bytes([[*HEADER, "verifie_le"], [*row, datetime.datetime(2024, 5, 17)]])))
    assert not plan.has_errors, plan.error_rows[0].errors
    assert plan.rows[0].values["total_homes"] == 20
    assert plan.rows[0].values["last_verified_on"] == datetime.date(2024, 5, 17)


def test_line_numbers_count_physical_lines_of_the_csv(catalogue):
    rows = [HEADER, good_row("a-premier", nom="Premier\nsur deux lignes"), good_row("b-second", commune_insee="99999")]
    plan = plan_for(rows)
    assert [row.line for row in plan.rows] == [2, 4]
    assert plan.rows[1].errors == [("commune_insee", "code INSEE de commune inconnu « 99999 ».")]


def zip_bomb():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (60 * 1024 * 1024))
    return buffer.getvalue()


def xml_entity_bomb():
    """A valid workbook whose sheet declares the "billion laughs" entities."""
    laughs = "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10))
    sheet = (
        f'<?xml version="1.0"?><!DOCTYPE w [<!ENTITY l0 "ha">{laughs}]>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&l9;</t></is></c></row></sheetData></worksheet>'
    )
    original = zipfile.ZipFile(io.BytesIO(xlsx_bytes([HEADER, good_row()])))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for member in original.infolist():
            content = sheet if member.filename == "xl/worksheets/sheet1.xml" else original.read(member)
            archive.writestr(member, content)
    return buffer.getvalue()


BAD_FILES = {
    "empty": (lambda: b"", "vide"),
    "only blanks": (lambda: b"\n\n  \n", "vide"),
    "header only": (lambda: csv_bytes([HEADER]), "aucun projet"),
    "latin-1": (lambda: csv_bytes([HEADER, good_row(nom="Élan")], encoding="latin-1", bom=False), "UTF-8"),
    "utf-16": (lambda: "slug;nom\nx;y\n".encode("utf-16"), "UTF-16"),
    "png image": (images.png, "ni un CSV ni un classeur"),
    "old xls": (lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, ".xls"),
    "zip not xlsx": (lambda: _zip({"readme.txt": "bonjour"}), "pas un classeur XLSX"),
    "zip bomb": (zip_bomb, "bombe de décompression"),
    "xml entity bomb": (xml_entity_bomb, "endommagé"),
    "truncated xlsx": (lambda: xlsx_bytes([HEADER, good_row()])[:1500], "endommagé"),
    "missing columns": (
        lambda: csv_bytes([["nom", "commune_insee"], ["A", "33039"]]),
        "Colonnes obligatoires manquantes : slug",
    ),
    "unknown column": (
        lambda: csv_bytes([[*HEADER, "couleur"], [*good_row(), "bleu"]]),
        "Colonnes inconnues : couleur",
    ),
    "unknown tenure code": (
        lambda: csv_bytes([[*HEADER, "logements:xyz"], [*good_row(), "3"]]),
        "Statuts d'occupation connus",
    ),
    "duplicate columns": (lambda: csv_bytes([[*HEADER, "nom"], [*good_row(), "B"]]), "Colonnes en double : nom"),
    "huge cell": (
        lambda: csv_bytes([HEADER, [*good_row(description="x")[:-1], "x" * (MAX_CELL_CHARS + 1)]]),
        "caractères",
    ),
    "too many rows": (lambda: csv_bytes([HEADER] + [good_row(f"p-{i}") for i in range(MAX_ROWS + 1)]), "découpez-le"),
    "broken quoting": (lambda: b'slug;nom\n"a;"b"c\n' + b"x" * 200_000, "CSV mal formé"),
    "unterminated quote": (
        lambda: b'slug;nom;description\na;A;"ouvert\nb;B;x\nc;C;y\n',
        "Ligne 2 : CSV mal formé, un guillemet ouvert",
    ),
    "row far below": (lambda: far_row_xlsx(), "au-delà de la ligne"),
    "too many shared strings": (lambda: shared_strings_xlsx(12 * 1024 * 1024), "chaînes partagées"),
}


def rewrite_xlsx(data, edits):
    """An XLSX file with members rewritten (or added): ``edits`` maps a member to a function of its text."""
    original = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for member in original.infolist():
            content = original.read(member)
            if member.filename in edits:
                content = edits[member.filename](content.decode()).encode()
            archive.writestr(member.filename, content)
        for name in set(edits) - set(original.namelist()):
            archive.writestr(name, edits[name]("").encode())
    return buffer.getvalue()


def stale_dimension(sheet):
    return re.sub(r'<dimension ref="[^"]*"', '<dimension ref="A1:B2"', sheet)


def far_row_xlsx():
    far = '<row r="1000000"><c r="A1000000" t="inlineStr"><is><t>tout-en-bas</t></is></c></row>'
    sheet = "xl/worksheets/sheet1.xml"
    return rewrite_xlsx(
        xlsx_bytes([HEADER, good_row()]),
        {sheet: lambda xml: stale_dimension(xml).replace("</sheetData>", far + "</sheetData>")},
    )


def shared_strings_xlsx(size):
    item = "<si><t>%08d texte assez long pour peser</t></si>"
    count = size // len(item % 0) + 1
    items = "".join(item % i for i in range(count))
    xml = f'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">{items}</sst>'
    relation = (
        '<Relationship Id="rIdSst" Target="sharedStrings.xml" '
        'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"/></Relationships>'
    )
    return rewrite_xlsx(
        xlsx_bytes([HEADER, good_row()]),
        {
            "xl/sharedStrings.xml": lambda _old: xml,
            "xl/_rels/workbook.xml.rels": lambda rels: rels.replace("</Relationships>", relation),
        },
    )


def _zip(members):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


@pytest.mark.parametrize("kind", BAD_FILES)
def test_a_bad_file_is_rejected_with_a_clear_reason(catalogue, kind):
    make, words = BAD_FILES[kind]
    with pytest.raises(FileRejected) as caught:
        parse(make())
    assert words in str(caught.value.message)


def test_openpyxl_parses_with_defusedxml():
    from openpyxl.xml import DEFUSEDXML

    assert DEFUSEDXML


def test_a_file_over_the_size_limit_is_rejected(settings, catalogue):
    settings.IMPORT_MAX_BYTES = 1000
    with pytest.raises(FileRejected, match="la limite est de"):
        parse(csv_bytes([HEADER] + [good_row(f"p-{i}") for i in range(10)]))


# --- Row errors ----------------------------------------------------------------------------


ROW_ERRORS = {
    "unknown commune": ({"commune_insee": "00000"}, "commune_insee", "code INSEE de commune inconnu"),
    "tenure over total": (
        {"logements_total": "15"},
        "logements_total",
        "totalisent 20 logements, plus que le total du projet (15)",
    ),
    "unknown organism": (
        {"acteurs": "bailleur-imaginaire:developer"},
        "acteurs",
        "organisme inconnu « bailleur-imaginaire »",
    ),
    "unknown role": ({"acteurs": "alliade-habitat:proprietaire"}, "acteurs", "rôle inconnu « proprietaire »"),
    "unknown source": ({"sources": "livre-imaginaire | p. 3"}, "sources", "source inconnue « livre-imaginaire »"),
    "bad integer": ({"logements_total": "vingt"}, "logements_total", "« vingt » n'est pas un nombre entier positif"),
    "negative tenure": ({"logements:plai": "-3"}, "logements:plai", "n'est pas un nombre entier positif"),
    "missing name": ({"nom": ""}, "nom", "valeur obligatoire manquante"),
    "bad slug": ({"slug": "Les Tilleuls!"}, "slug", "n'est pas un slug valide"),
    "zero total": ({"logements_total": "0", "logements:plus": "", "logements:plai": ""}, "", "au moins 1"),
    "too long label": ({"logements:plus": "12 | " + "x" * 201}, "logements:plus", "200 au plus"),
    "duplicate actor": (
        {"acteurs": "alliade-habitat:developer ; alliade-habitat:developer"},
        "acteurs",
        "deux fois le rôle",
    ),
}


@pytest.mark.parametrize("kind", ROW_ERRORS)
def test_each_bad_row_is_reported_with_its_line_and_reason(catalogue, kind):
    overrides, column, words = ROW_ERRORS[kind]
    plan = plan_for([HEADER, good_row("premier-bon"), good_row(**overrides)])
    assert plan.rows[0].action == Action.CREATE and not plan.rows[0].errors
    bad = plan.rows[1]
    assert bad.line == 3 and bad.action == Action.ERROR
    assert any(words in message and (not column or found == column) for found, message in bad.errors), bad.errors
    assert plan.has_errors


def test_unknown_codes_for_phase_family_and_modes_are_row_errors(catalogue):
    plan = plan_for(
        [
            ["slug", "nom", "phase", "famille", "modes_intervention"],
            ["x-projet", "X", "fini", "hlm", "partnership; magie"],
        ]
    )
    messages = dict(plan.rows[0].errors)
    assert "code inconnu « fini »" in messages["phase"]
    assert "code inconnu « hlm »" in messages["famille"]
    assert "mode d'intervention inconnu « magie »" in messages["modes_intervention"]


def test_a_slug_twice_in_the_file_is_an_error_on_the_second_line(catalogue):
    plan = plan_for([HEADER, good_row("meme-slug"), good_row("autre"), good_row("meme-slug")])
    assert plan.rows[2].errors == [("slug", "ce slug figure déjà ligne 2 du fichier.")]
    assert (plan.rows[2].action, plan.rows[2].status) == (Action.ERROR, "")


def test_commune_by_name_and_department_and_its_checks(catalogue):
    header = ["slug", "nom", "commune_insee", "commune_nom", "departement"]
    plan = plan_for(
        [
            header,
            ["a", "A", "", "Bègles", "33"],
            ["b", "B", "", "saint-denis", ""],
            ["c", "C", "", "Saint-Denis", "93"],
            ["d", "D", "33039", "Lyon", ""],
            ["e", "E", "33039", "", "69"],
            ["f", "F", "", "Nulle-Part-sur-Rien", ""],
        ]
    )
    by_slug = {row.slug: row for row in plan.rows}
    assert by_slug["a"].values["commune"].insee_code == "33039"
    assert "plusieurs communes" in by_slug["b"].errors[0][1]
    assert by_slug["c"].values["commune"].insee_code == "93066"
    assert "est celui de Bègles" in by_slug["d"].errors[0][1]
    assert "dans le département 33" in by_slug["e"].errors[0][1]
    assert "commune inconnue" in by_slug["f"].errors[0][1]


def test_formula_looking_cells_are_imported_as_plain_text(catalogue):
    plan = plan_for([["slug", "nom", "resume"], ["formule", "=1+1", "@SUM(A1:A3)"]])
    assert not plan.has_errors
    assert plan.rows[0].values["name"] == "=1+1"
    assert plan.rows[0].values["summary"] == "@SUM(A1:A3)"


# --- Dry run, apply, one transaction ----------------------------------------------------


def test_validation_writes_nothing_even_for_a_valid_file(catalogue, django_assert_max_num_queries):
    before = counts()
    existing = Project.objects.order_by("slug").first()
    rows = [HEADER, good_row("nouveau-projet"), good_row(existing.slug, nom="Nom changé")]
    with django_assert_max_num_queries(100):  # a fixed number of look-ups, plus the model's own checks
        plan = plan_for(rows)
    assert [row.action for row in plan.rows] == [Action.CREATE, Action.UPDATE]
    assert "nom" in plan.rows[1].changes
    assert counts() == before
    assert Project.objects.get(pk=existing.pk).name == existing.name


def test_confirmed_plan_creates_drafts_unless_published(catalogue):
    apply(plan_for([HEADER, good_row("brouillon-importe")]))
    draft = Project.objects.get(slug="brouillon-importe")
    assert draft.status == PublicationStatus.DRAFT
    assert not Project.objects.published().filter(slug="brouillon-importe").exists()
    assert sorted((line.display_label, line.homes) for line in draft.tenure_lines.all()) == [("PLAI", 8), ("PLUS", 12)]
    assert {(a.organism.slug, a.role) for a in draft.actors.all()} == {
        ("alliade-habitat", "developer"),
        ("metropole-de-lyon", "initiating_authority"),
    }
    assert draft.search_document  # searchable once published

    apply(plan_for([HEADER, good_row("publie-importe")], publish=True))
    published = Project.objects.get(slug="publie-importe")
    assert published.status == PublicationStatus.PUBLISHED and published.published_at is not None


def test_an_identical_row_changes_nothing_and_a_changed_row_keeps_its_status(catalogue):
    existing = Project.objects.published().order_by("slug").first()
    data = spreadsheet_csv(Project.objects.filter(pk=existing.pk))
    plan = validate(parse(data))
    assert plan.rows[0].action == Action.UNCHANGED
    apply(plan)
    reloaded = Project.objects.get(pk=existing.pk)
    assert (reloaded.status, reloaded.updated_at) == (PublicationStatus.PUBLISHED, existing.updated_at)

    table = parse(data)
    table.rows[0][1][table.headers.index("resume")] = "Résumé corrigé."
    plan = validate(table)
    assert plan.rows[0].action == Action.UPDATE and plan.rows[0].changes == ["resume"]
    assert plan.rows[0].status == PublicationStatus.PUBLISHED
    apply(plan)
    changed = Project.objects.get(pk=existing.pk)
    assert (changed.summary, changed.status) == ("Résumé corrigé.", PublicationStatus.PUBLISHED)


def test_publishing_an_unchanged_draft_is_an_update_of_its_status(catalogue):
    existing = Project.objects.published().order_by("slug").first()
    data = spreadsheet_csv(Project.objects.filter(pk=existing.pk))
    Project.objects.filter(pk=existing.pk).update(status=PublicationStatus.DRAFT)
    assert validate(parse(data)).rows[0].action == Action.UNCHANGED
    plan = validate(parse(data), publish=True)
    assert (plan.rows[0].action, plan.rows[0].changes) == (Action.UPDATE, ["statut"])
    apply(plan)
    assert Project.objects.published().filter(pk=existing.pk).exists()


def test_absent_columns_are_left_alone_and_lines_can_shrink_with_the_total(catalogue):
    project = (
        Project.objects.filter(tenure_lines__isnull=False, total_homes__isnull=False, participatory_homes__isnull=True)
        .order_by("slug")
        .first()
    )
    lines = list(project.tenure_lines.select_related("status"))
    actors = sorted(project.actors.values_list("organism__slug", "role"))
    first = lines[0]
    key = f"logements:{first.status.code}" if first.status_id else f"logements:categorie:{first.category}"
    new_total = project.tenure_total() - first.homes + 1
    plan = plan_for([["slug", "nom", "logements_total", key], [project.slug, project.name, str(new_total), "1"]])
    assert not plan.has_errors, plan.rows[0].errors
    apply(plan)
    project.refresh_from_db()
    assert project.total_homes == new_total
    assert project.tenure_total() == new_total
    assert sorted(project.actors.values_list("organism__slug", "role")) == actors
    assert project.summary  # untouched


def test_a_database_error_on_a_late_row_rolls_back_the_earlier_rows(catalogue):
    rows = [HEADER] + [good_row(f"lot-{index:02d}") for index in range(1, 58)]
    plan = plan_for(rows)
    assert not plan.has_errors and plan.count(Action.CREATE) == 57
    # Someone creates row 57's project between the preview and the confirmation.
    Project.objects.create(name="Concurrent", slug="lot-57")
    before = counts()
    with pytest.raises(IntegrityError):
        apply(plan)
    assert counts() == before
    assert not Project.objects.filter(slug__startswith="lot-").exclude(slug="lot-57").exists()


def test_a_plan_with_errors_cannot_be_applied(catalogue):
    plan = plan_for([HEADER, good_row(commune_insee="00000")])
    with pytest.raises(ValueError):
        apply(plan)


def test_the_fingerprint_changes_when_the_catalogue_does(catalogue):
    data = csv_bytes([HEADER, good_row("empreinte")])
    first = validate(parse(data)).fingerprint()
    assert validate(parse(data)).fingerprint() == first
    assert validate(parse(data), publish=True).fingerprint() != first
    Project.objects.create(name="Empreinte", slug="empreinte")
    assert validate(parse(data)).fingerprint() != first


# --- Export and round trip ----------------------------------------------------------------


def snapshot(projects):
    """Everything the import format carries, per project slug, with natural keys instead of ids."""
    skipped = {"id", "created_at", "updated_at", "published_at", "search_document", "search_names"}
    result = {}
    for project in projects.prefetch_related(
        "intervention_modes",
        "tenure_lines__status",
        "tenure_lines__source",
        "actors__organism",
        "actors__source",
        "citations__source",
    ):
        fields = {f.name: getattr(project, f.attname) for f in Project._meta.concrete_fields if f.name not in skipped}
        fields["modes"] = sorted(mode.code for mode in project.intervention_modes.all())
        fields["tenure"] = sorted(
            (
                line.status.code if line.status_id else "",
                line.category,
                line.homes,
                line.label_as_written,
                line.source.slug if line.source else "",
                line.locator,
            )
            for line in project.tenure_lines.all()
        )
        fields["actors"] = sorted(
            (a.organism.slug, a.role, a.description, a.source.slug if a.source else "") for a in project.actors.all()
        )
        fields["citations"] = sorted((c.source.slug, c.locator, c.facts) for c in project.citations.all())
        result[project.slug] = fields
    return result


@pytest.mark.parametrize("exporter", [spreadsheet_csv, spreadsheet_xlsx], ids=["csv", "xlsx"])
def test_round_trip_export_delete_import_recreates_identical_data(catalogue, exporter):
    before = snapshot(Project.objects.all())
    assert len(before) == 19 and sum(len(p["tenure"]) for p in before.values()) > 10
    data = exporter(Project.objects.all())
    Photo.objects.all().delete()
    Project.objects.all().delete()

    plan = validate(parse(data), publish=True)
    assert not plan.has_errors, [(row.line, row.errors) for row in plan.error_rows]
    assert plan.count(Action.CREATE) == 19
    apply(plan)

    after = snapshot(Project.objects.all())
    assert after.keys() == before.keys()
    for slug in before:
        assert after[slug] == before[slug], slug


TRICKY = {
    "name": '=HYPERLINK("http://example.org","clic")',
    "summary": "-5 % sur le loyer ; | \\ fin",
    "description": "Ligne 1\nLigne 2 ; avec | barre\n\n'=déjà apostrophé",
    "notes": "@utilisateur +33 1 23 45 67 89",
    "location_as_written": "'+ déjà protégé",
    "neighbourhood": "\ttabulé",
}


@pytest.mark.parametrize("exporter", [spreadsheet_csv, spreadsheet_xlsx], ids=["csv", "xlsx"])
def test_round_trip_keeps_tricky_text_exactly(catalogue, exporter):
    status = TenureStatus.objects.get(code="plus")
    source = Source.objects.order_by("slug").first()
    project = Project.objects.create(
        slug="texte-piege", total_homes=10, **{k: v.strip("\t") for k, v in TRICKY.items()}
    )
    TenureLine.objects.create(
        project=project, status=status, homes=4, label_as_written="4 ; PLUS | dont \\ 2", source=source, locator="=p. 3"
    )
    ProjectActor.objects.create(
        project=project, organism=Organism.objects.order_by("slug").first(), role="amo", description="a ; b | c"
    )
    ProjectSource.objects.create(project=project, source=source, locator="p. 1 | 2", facts="-")
    before = snapshot(Project.objects.filter(pk=project.pk))
    data = exporter(Project.objects.filter(pk=project.pk))
    project.delete()
    plan = validate(parse(data))
    assert not plan.has_errors, plan.rows[0].errors
    apply(plan)
    after = snapshot(Project.objects.filter(slug="texte-piege"))
    before["texte-piege"]["status"] = PublicationStatus.DRAFT
    assert after == before


def test_csv_export_neutralises_formula_cells(catalogue):
    Project.objects.create(slug="formule", name="=cmd|'/C calc'!A0", summary="+1", description="@x", notes="-2")
    data = spreadsheet_csv(Project.objects.filter(slug="formule")).decode("utf-8-sig")
    row = next(csv.DictReader(io.StringIO(data), delimiter=";"))
    assert row["nom"] == "'=cmd|'/C calc'!A0"
    assert (row["resume"], row["description"], row["notes"]) == ("'+1", "'@x", "'-2")
    assert data.startswith("slug;nom;")


def test_xlsx_export_has_no_formula_and_a_help_sheet(catalogue):
    Project.objects.create(slug="formule", name="=1+1")
    workbook = load_workbook(io.BytesIO(spreadsheet_xlsx(Project.objects.filter(slug="formule"))))
    sheet = workbook["Projets"]
    headers = [cell.value for cell in sheet[1]]
    assert headers == all_columns()
    name = sheet.cell(row=2, column=headers.index("nom") + 1)
    assert name.data_type == "s" and name.value == "'=1+1"
    assert "Aide" in workbook.sheetnames
    assert any(row[0].value == "logements:psla" for row in workbook["Aide"].iter_rows())


def test_export_uses_a_fixed_number_of_queries(catalogue, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        spreadsheet_csv(Project.objects.all())


def test_neutralise_is_undone_exactly_on_import():
    from common.spreadsheets import unneutralise

    for text in ["=1", "+a", "-", "@b", "'=1", "''+x", "plain", "'plain", "\tt"]:
        assert unneutralise(neutralise(text)) == text


def test_intervention_modes_round_trip(catalogue):
    project = Project.objects.filter(intervention_modes__isnull=False).order_by("slug").first()
    modes = sorted(project.intervention_modes.values_list("code", flat=True))
    data = spreadsheet_csv(Project.objects.filter(pk=project.pk))
    project.intervention_modes.clear()
    plan = validate(parse(data))
    assert plan.rows[0].changes == ["modes_intervention"]
    apply(plan)
    assert sorted(project.intervention_modes.values_list("code", flat=True)) == modes
    assert InterventionMode.objects.count() >= len(modes)


def test_the_format_document_describes_every_column(catalogue):
    from django.conf import settings

    document = (settings.BASE_DIR / "docs" / "import_format.md").read_text()
    for column in all_columns():
        assert f"`{column}`" in document, column


@pytest.mark.parametrize(
    "values",
    [
        {},
        {"total_homes": 0},
        {"total_homes": 10, "participatory_homes": 11},
        {"total_homes": None, "participatory_homes": 11},
        {"participatory_homes": 0},
        {"delivery_year": 1899},
        {"delivery_year": 2101, "total_homes": 5, "participatory_homes": 5},
        {"status": "inconnu"},
        {"phase": "fini"},
        {"participatory_family": ""},
        {"status": PublicationStatus.PUBLISHED, "published_at": None},
    ],
)
def test_constraints_checked_in_python_agree_with_django(db, values):
    from django.core.exceptions import ValidationError

    from backoffice.spreadsheet.constraints import failed_constraints

    project = Project(name="Essai", slug="essai", **values)
    try:
        project.validate_constraints()
        expected = set()
    except ValidationError as error:
        expected = set(error.messages)
    assert {str(c.get_violation_error_message()) for c, _fields in failed_constraints(project)} == expected


def test_a_constraint_on_one_field_is_reported_on_its_column(catalogue):
    plan = plan_for([["slug", "nom", "annee_livraison"], ["annee", "Année", "1850"]])
    assert ("annee_livraison", "L'année de livraison doit être comprise entre 1900 et 2100.") in plan.rows[0].errors


# --- Round 2 of the attack (issue 12): rows never dropped, bounded numbers, control characters ----


def test_an_xlsx_sheet_is_read_to_its_last_row_whatever_its_dimension_says(catalogue):
    rows = [HEADER] + [good_row(f"ligne-{index}") for index in range(5)]
    data = rewrite_xlsx(xlsx_bytes(rows), {"xl/worksheets/sheet1.xml": stale_dimension})
    assert [cells[0] for _line, cells in parse(data).rows] == [f"ligne-{index}" for index in range(5)]


def test_a_multi_line_cell_in_closed_quotes_is_not_an_open_quote(catalogue):
    plan = plan_for([[*HEADER, "description"], [*good_row(), 'deux\n"lignes" ; ici']])
    assert not plan.has_errors and plan.rows[0].values["description"] == 'deux\n"lignes" ; ici'


@pytest.mark.parametrize(
    "column, value",
    [
        ("logements_total", "10001"),
        ("logements_participatifs", "999999999999"),
        ("logements:plai", "10001"),
        ("logements:plus", "1" + "0" * 20),
    ],
)
def test_numbers_beyond_realistic_limits_are_row_errors_on_their_column(catalogue, column, value):
    overrides = {"logements_total": "", **({column: value} if column in HEADER else {})}
    header, row = HEADER + ([] if column in HEADER else [column]), good_row(**overrides)
    row = row + ([] if column in HEADER else [value])
    plan = plan_for([header, row])
    assert plan.rows[0].errors == [(column, f"{value} dépasse le maximum réaliste de 10000.")]


def test_a_control_character_is_a_row_error_on_its_column_tab_and_line_breaks_are_not(catalogue):
    plan = plan_for(
        [[*HEADER, "notes", "description"], [*good_row(), "a\tb\nc", "x\x01y"], [*good_row("autre"), "\x1f", ""]]
    )
    assert plan.rows[0].errors == [("description", "caractère de contrôle interdit (U+0001) : retirez-le du fichier.")]
    assert plan.rows[1].errors == [("notes", "caractère de contrôle interdit (U+001F) : retirez-le du fichier.")]


def test_a_parsed_table_is_kept_as_json_and_comes_back_identical(catalogue):
    table = parse(csv_bytes([HEADER, good_row(nom="Sur\ndeux lignes")]))
    import json

    again = Table.from_json(json.loads(json.dumps(table.to_json())))
    assert again == table
    assert validate(again).fingerprint() == validate(table).fingerprint()
