"""Shared by create_editor and create_moderator."""

from django.conf import settings
from django.core.management.base import BaseCommand

from accounts.services import invitation_link, send_invitation, set_random_password


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

        parser.add_argument(
            "--language",
            choices=["fr", "en"],
            default=None,
            help="Langue des courriels du compte (fr par défaut ; le compte la change dans ses préférences).",
        )

    def set_language(self, user, language):
        if language and user.language != language:
            user.language = language
            user.save(update_fields=["language"])

    def report(self, user, created, *, password):
        self.stdout.write(
            self.style.SUCCESS(f"{self.role_label} {'created' if created else 'updated'}: {user.get_username()}")
        )
        if password:
            self.stdout.write(f"  password: {set_random_password(user)}")
        else:
            days = settings.EDITOR_INVITATION_DAYS
            self.stdout.write(f"  one-time login link (valid {days} days, single use; the user chooses a password):")
            if user.email:
                self.stdout.write(f"  {send_invitation(user)}")
                self.stdout.write(f"  (also e-mailed to {user.email}: queued, sent by send_queued_mail)")
            else:
                self.stdout.write(f"  {invitation_link(user)}")
                self.stdout.write("  (not e-mailed: the account has no address; give it with --email)")
