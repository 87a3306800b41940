"""Every ModelAdmin of the catalogue. Django autodiscovers ``<app>.admin`` modules: this package
is backoffice's, and registers the admins of every app by importing their modules.

The order of registration is the order of the admin's URLs and index: reference data, then
projects, then their publication log (registered here, after ProjectAdmin, which uses its module).
"""

from django.contrib import admin

from projects.models import ProjectTransition

from . import (  # noqa: F401 — registers the ModelAdmins
    accounts,
    geo,
    organisms,
    projects,
    reference,
)
from .transitions import ProjectTransitionAdmin

admin.site.register(ProjectTransition, ProjectTransitionAdmin)
