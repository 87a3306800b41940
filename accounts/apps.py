from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Comptes")

    def ready(self):
        from .roles import on_post_migrate  # noqa: PLC0415 — roles imports models: only once the apps are ready

        # Sent once per app after `migrate`; the sender filter runs the sync once.
        post_migrate.connect(on_post_migrate, sender=self, dispatch_uid="accounts.sync_role_groups")
