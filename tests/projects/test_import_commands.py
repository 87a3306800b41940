"""The export_projects and import_projects commands."""

import pytest
from django.core.management import CommandError, call_command

from projects.models import Project, PublicationStatus

from .import_files import HEADER, csv_bytes, good_row

pytestmark = pytest.mark.django_db


def test_exported_file_imports_back_unchanged(catalogue, tmp_path, capsys):
    target = tmp_path / "projets.xlsx"
    call_command("export_projects", "--format", "xlsx", "-o", str(target))
    call_command("import_projects", str(target), "--confirm")
    output = capsys.readouterr().out
    assert "unchanged: 19" in output and "Nothing changed." in output


def test_import_is_a_dry_run_unless_confirmed(catalogue, tmp_path, capsys):
    source = tmp_path / "nouveaux.csv"
    source.write_bytes(csv_bytes([HEADER, good_row("par-la-commande")]))
    call_command("import_projects", str(source))
    assert "Dry run, nothing written" in capsys.readouterr().out
    assert not Project.objects.filter(slug="par-la-commande").exists()
    call_command("import_projects", str(source), "--confirm", "--publish")
    assert Project.objects.get(slug="par-la-commande").status == PublicationStatus.PUBLISHED


def test_rows_with_errors_stop_the_command_with_their_lines(catalogue, tmp_path, capsys):
    source = tmp_path / "erreurs.csv"
    source.write_bytes(csv_bytes([HEADER, good_row("ok"), good_row("ko", commune_insee="00000")]))
    with pytest.raises(CommandError, match="1 rows with errors"):
        call_command("import_projects", str(source), "--confirm")
    assert "line 3\tko\terror\tcommune_insee: code INSEE de commune inconnu" in capsys.readouterr().out
    assert not Project.objects.filter(slug="ok").exists()


def test_bad_files_and_unknown_slugs_are_command_errors(catalogue, tmp_path):
    source = tmp_path / "vide.csv"
    source.write_bytes(b"")
    with pytest.raises(CommandError, match="vide"):
        call_command("import_projects", str(source))
    with pytest.raises(CommandError, match="No such file"):
        call_command("import_projects", str(tmp_path / "absent.csv"))
    with pytest.raises(CommandError, match="Unknown projects: inconnu"):
        call_command("export_projects", "inconnu")
