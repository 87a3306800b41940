"""Every ModelAdmin of the catalogue. Django autodiscovers ``<app>.admin`` modules: this package
is backoffice's, and registers the admins of every app by importing their modules.

The order of registration is the order of the admin's URLs and index: reference data, then
projects, then their publication log (registered here, after ProjectAdmin, which uses its module).
"""

from django.contrib import admin

from projects.models import ProjectTransition

# Two blocks, so that sorting the imports keeps the reference data before the projects.
from . import accounts, geo, organisms, reference  # noqa: F401 — registers the ModelAdmins

# isort: split
from . import projects  # noqa: F401 — registers ProjectAdmin, after the reference data
from .transitions import ProjectTransitionAdmin

admin.site.register(ProjectTransition, ProjectTransitionAdmin)
