from django.core.management.base import BaseCommand

from projects.freshness import send_reminders


class Command(BaseCommand):
    help = (
        "E-mail the editors of each organism the published projects not verified for a year, each with "
        "a link to its admin page; at most once a year per project (safe to run daily from cron). "
        "The messages go through the outbox (send_queued_mail)."
    )

    def handle(self, *args: object, **options: object) -> None:
        run = send_reminders()
        self.stdout.write(f"{run.projects} project(s) to verify, {run.messages} message(s) queued")
        if run.without_editor:
            self.stdout.write(f"{run.without_editor} project(s) have no editor with an e-mail address: nobody told")
