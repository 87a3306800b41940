"""Create N realistic fictitious projects for load tests: ``manage.py generate_projects 100000 --seed 1``.

``--remove`` deletes every generated project, organism and source (slugs starting with ``gen-``).
"""

import time
from argparse import ArgumentParser
from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError

from common.bulk import settle_after_bulk_write
from projects.generate import BATCH, generate_projects, generated_projects, remove_generated


class Command(BaseCommand):
    help = "Crée N projets fictifs réalistes (tests de charge) ou les supprime (--remove)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("count", nargs="?", type=int, default=0, help="nombre de projets à créer")
        parser.add_argument("--seed", type=int, default=0, help="graine du générateur (même graine, mêmes projets)")
        parser.add_argument("--batch-size", type=int, default=BATCH)
        parser.add_argument("--no-photos", action="store_true", help="sans photos (aucun fichier écrit)")
        parser.add_argument("--remove", action="store_true", help="supprimer les projets générés")
        parser.add_argument(
            "--total",
            action="store_true",
            help="COUNT est le nombre voulu de projets générés : n'ajoute que ce qui manque",
        )

    def handle(  # receives its parsed options by name
        self,
        count: int,
        seed: int,
        batch_size: int,
        no_photos: bool,
        remove: bool,
        total: bool,
        verbosity: int,
        **options: Any,
    ) -> None:
        if remove:
            started = time.perf_counter()
            removed = remove_generated()
            self.stdout.write(f"{removed} projets générés supprimés en {time.perf_counter() - started:.1f} s.")
            if not count:
                self._settle()
                return
        if count < 0 or batch_size < 1:
            raise CommandError("COUNT doit être positif et --batch-size au moins 1.")
        if total:
            count = max(0, count - generated_projects().count())
        if not count:
            self.stdout.write("Rien à créer.")
            return
        started = time.perf_counter()

        def progress(done: int) -> None:
            if verbosity > 1 or (verbosity and done % 20000 == 0):
                self.stdout.write(f"  {done}/{count} ({time.perf_counter() - started:.0f} s)")

        created = generate_projects(
            count, seed=seed, batch_size=batch_size, with_photos=not no_photos, progress=progress
        )
        elapsed = time.perf_counter() - started
        self.stdout.write(self.style.SUCCESS(f"{created} projets générés en {elapsed:.1f} s (graine {seed})."))
        self._settle()

    def _settle(self) -> None:
        written = [*apps.get_app_config("projects").get_models(), *apps.get_app_config("organisms").get_models()]
        if settle_after_bulk_write(written):
            self.stdout.write("Tables nettoyées et statistiques à jour (VACUUM ANALYZE).")
