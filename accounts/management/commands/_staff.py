"""Shared by create_editor and create_moderator."""

from django.conf import settings
from django.core.management.base import BaseCommand

from accounts.services import invitation_link, set_random_password


class StaffCommand(BaseCommand):
    role_label = ""

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--email", default="", help="Adresse électronique du compte.")
        parser.add_argument(
            "--password",
            action="store_true",
            help="Afficher un mot de passe aléatoire au lieu d'un lien de connexion à usage unique.",
        )

    def report(self, user, created, *, password):
        self.stdout.write(
            self.style.SUCCESS(f"{self.role_label} {'created' if created else 'updated'}: {user.get_username()}")
        )
        if password:
            self.stdout.write(f"  password: {set_random_password(user)}")
        else:
            days = settings.EDITOR_INVITATION_DAYS
            self.stdout.write(f"  one-time login link (valid {days} days, single use; the user chooses a password):")
            self.stdout.write(f"  {invitation_link(user)}")
