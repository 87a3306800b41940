from accounts.roles import MODERATORS
from accounts.services import create_staff_user

from ._staff import StaffCommand


class Command(StaffCommand):
    help = (
        "Create (or update) a moderator: sees and edits every project and organism, publishes. "
        "Prints a one-time login link, or a random password with --password."
    )
    role_label = "Moderator"

    def handle(self, *args, username, email, password, language=None, **options):
        user, created = create_staff_user(username, role=MODERATORS, email=email)
        self.set_language(user, language)
        self.report(user, created, password=password)
