from django.core.management.base import CommandError

from accounts.roles import EDITORS
from accounts.services import create_staff_user
from organisms.models import Organism

from ._staff import StaffCommand


class Command(StaffCommand):
    help = (
        "Create (or update) an organism editor: a staff account that edits the projects of its "
        "organism(s). Prints a one-time login link, or a random password with --password."
    )
    role_label = "Editor"

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--organism",
            action="append",
            required=True,
            metavar="SLUG",
            help="Organisme (slug) dont le compte est éditeur ; répéter l'option pour plusieurs.",
        )

    def handle(self, *args, username, organism, email, password, language=None, **options):
        organisms = []
        for slug in organism:
            found = Organism.objects.filter(slug=slug).first()
            if found is None:
                raise CommandError(f"Unknown organism slug: {slug!r} (see /organismes/ or the admin).")
            organisms.append(found)
        user, created = create_staff_user(username, role=EDITORS, organisms=organisms, email=email)
        self.set_language(user, language)
        self.report(user, created, password=password)
        names = ", ".join(user.memberships.values_list("organism__name", flat=True))
        self.stdout.write(f"  edits for: {names}")
