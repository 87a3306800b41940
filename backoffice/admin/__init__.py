"""Every ModelAdmin of the catalogue. Django autodiscovers ``<app>.admin`` modules: this package
is backoffice's, and registers the admins of every app by importing their modules."""

from . import accounts, geo, organisms, projects, reference, transitions  # noqa: F401 — registers the ModelAdmins
