"""Every ModelAdmin of the catalogue. Django autodiscovers ``<app>.admin`` modules: this package
is backoffice's, and registers the admins of every app by importing their modules.

The order of registration is the order of the admin's URLs: reference data, then projects, then
their publication log (registered here, after ProjectAdmin, which uses its module). The
``isort: split`` comments keep that order when imports are sorted.
"""

from django.contrib import admin

from projects.models import ProjectTransition

from . import accounts, feedback, geo, organisms, outbox, proposals, reference  # noqa: F401 — registers the ModelAdmins

# isort: split
from . import projects  # noqa: F401 — registers ProjectAdmin, after the reference data

# isort: split
from .transitions import ProjectTransitionAdmin

admin.site.register(ProjectTransition, ProjectTransitionAdmin)
