"""Freeze the data package as a dated release (for cron, e.g. monthly): files with a stable address
(/donnees/versions/<version>/) and a changelog since the previous release."""

import re

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from opendata.models import DataRelease
from opendata.package.releases import make_release


class Command(BaseCommand):
    help = "Fige une version datée du paquet de données (CSV, SQLite, datapackage.json, codebook, changelog)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--release", dest="release", default="", help="Nom de la version (par défaut la date du jour)."
        )
        parser.add_argument(
            "--if-none", action="store_true", help="Ne rien faire si une version existe déjà (premier lancement)."
        )

    def handle(self, *args, release, if_none, **options):
        version = release
        if if_none and DataRelease.objects.exists():
            self.stdout.write("Une version des données existe déjà : rien à faire.")
            return
        if version and not re.fullmatch(r"[a-z0-9][a-z0-9-]{0,39}", version):
            raise CommandError("Une version s'écrit en minuscules, chiffres et tirets (40 caractères au plus).")
        if version and DataRelease.objects.filter(version=version).exists():
            raise CommandError(f"La version {version} existe déjà.")
        made = make_release(settings.SITE_URL.rstrip("/"), version=version)
        self.stdout.write(
            f"Version {made.version} : {made.project_count} projets, {made.fact_count} faits, "
            f"{len(made.files)} fichiers."
        )
