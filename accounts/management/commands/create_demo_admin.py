import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

from accounts.roles import EDITORS, MODERATORS
from accounts.services import create_staff_user, set_random_password
from organisms.models import Organism


class Command(BaseCommand):
    help = (
        "Create (or reset) the local demo superuser and print its credentials; with --roles, also a demo "
        "moderator and a demo editor of Le COL. For local use only."
    )

    def add_arguments(self, parser):
        parser.add_argument("--username", default="demo")
        parser.add_argument(
            "--roles", action="store_true", help="Also create demo-moderateur and demo-editeur (Le COL)."
        )

    def handle(self, *args, username, roles, **options):
        User = get_user_model()
        password = secrets.token_urlsafe(12)
        user, created = User.objects.get_or_create(username=username, defaults={"email": f"{username}@example.org"})
        user.is_staff = True
        user.is_superuser = True
        user.set_password(password)
        user.save()
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS("Demo admin account " + ("created" if created else "reset")))
        self.stdout.write(f"  username: {username}")
        self.stdout.write(f"  password: {password}")
        if roles:
            self._demo_roles()
        self.stdout.write("")

    def _demo_roles(self):
        moderator, _created = create_staff_user("demo-moderateur", role=MODERATORS, email="moderateur@example.org")
        self.stdout.write(self.style.SUCCESS("Demo moderator (publishes, sees everything)"))
        self.stdout.write("  username: demo-moderateur")
        self.stdout.write(f"  password: {set_random_password(moderator)}")
        organism = Organism.objects.filter(slug="le-col").first()
        if organism is None:
            self.stdout.write("  (no demo editor: organism 'le-col' is not loaded)")
            return
        editor, _created = create_staff_user(
            "demo-editeur", role=EDITORS, organisms=[organism], email="editeur@example.org"
        )
        self.stdout.write(self.style.SUCCESS(f"Demo editor of {organism.name} (edits its projects, submits them)"))
        self.stdout.write("  username: demo-editeur")
        self.stdout.write(f"  password: {set_random_password(editor)}")
        self.stdout.write(
            "To create a real editor: .venv/bin/python manage.py create_editor NAME --organism SLUG [--email ADDRESS]"
        )
