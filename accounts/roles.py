"""The catalogue's roles, defined as data.

* **Superuser**: everything.
* **Moderator**: member of the ``Modérateurs`` group, which holds every permission on
  projects, their content and the reference data, plus ``projects.publish_project``
  (publish, reject, unpublish) and ``projects.import_projects``.
* **Organism editor**: staff user in the ``Éditeurs d'organisme`` group with one or more
  ``Membership`` rows. The group's model permissions say *what kind* of rows they may touch
  (project content: yes; reference data: view only); the memberships say *which* projects
  (``projects.permissions``).

The groups' permissions are set from ``ROLE_PERMISSIONS`` after every ``migrate``
(``sync_role_groups``, connected in ``AccountsConfig.ready``): this table is the only
definition, and a new model's permissions reach the roles with its migration.
"""

from django.apps import apps
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission
from django.db.models import Q

from .models import Membership

MODERATORS = "Modérateurs"
EDITORS = "Éditeurs d'organisme"

CRUD = ("view", "add", "change", "delete")

# A project and everything edited on its page.
PROJECT_CONTENT = (
    "projects.project",
    "projects.tenureline",
    "projects.projectactor",
    "projects.milestone",
    "projects.surface",
    "projects.costfigure",
    "projects.commonspace",
    "projects.quote",
    "projects.projectsource",
    "projects.photo",
    "projects.projectopening",
    "projects.projectvisit",
)
# What editors may not create but may propose (proposals.models), decided by moderators.
PROPOSALS = ("proposals.sourceproposal", "proposals.organismproposal")
REFERENCE_DATA = ("projects.tenurestatus", "projects.interventionmode", "projects.source", "organisms.organism")
GEOGRAPHY = ("geo.region", "geo.department", "geo.commune", "geo.formerregion")
VISITOR_MESSAGES = ("feedback.errorreport", "feedback.contactmessage")


def _model_perms(models, actions):
    return [f"{model.split('.')[0]}.{action}_{model.split('.')[1]}" for model in models for action in actions]


ROLE_PERMISSIONS = {
    MODERATORS: [
        *_model_perms(PROJECT_CONTENT + REFERENCE_DATA, CRUD),
        *_model_perms(GEOGRAPHY, ("view",)),
        *_model_perms(("projects.projecttransition",), ("view",)),
        "projects.publish_project",
        "projects.import_projects",
        *_model_perms(PROPOSALS, ("view", "add", "change")),
        # Who edits for which organism (user accounts themselves stay with superusers).
        *_model_perms(("accounts.membership",), CRUD),
        # The e-mail outbox: see what is queued or failed, « Réessayer maintenant » (no bodies shown).
        "outbox.view_outgoingmessage",
        "outbox.change_outgoingmessage",
        # Unlocking a locked-out login is deleting its failed attempts.
        "axes.view_accessattempt",
        "axes.delete_accessattempt",
        # What visitors write: error reports and contact messages (backoffice/admin/feedback.py).
        *_model_perms(VISITOR_MESSAGES, ("view", "change", "delete")),
    ],
    EDITORS: [
        *_model_perms(PROJECT_CONTENT, CRUD),
        *_model_perms(REFERENCE_DATA, ("view",)),
        # Their own organism's presentation only (organisms.admin narrows it).
        "organisms.change_organism",
        # Propose a missing source or organisation; see and correct their own (backoffice narrows it).
        *_model_perms(PROPOSALS, ("view", "add", "change")),
        *_model_perms(GEOGRAPHY, ("view",)),
        # Reports and messages about their organisms' projects only (backoffice/admin/feedback.py).
        *_model_perms(VISITOR_MESSAGES, ("view", "change")),
    ],
}


def _permissions(codes):
    query = Q()
    for code in codes:
        app_label, codename = code.split(".")
        query |= Q(content_type__app_label=app_label, codename=codename)
    found = list(Permission.objects.filter(query).select_related("content_type"))
    missing = set(codes) - {f"{p.content_type.app_label}.{p.codename}" for p in found}
    if missing:
        raise LookupError(f"Unknown permissions in accounts.roles: {sorted(missing)}")
    return found


def sync_role_groups():
    """Create the role groups and give them exactly the permissions of ``ROLE_PERMISSIONS``."""
    for app_config in apps.get_app_configs():
        create_permissions(app_config, verbosity=0)
    for name, codes in ROLE_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.set(_permissions(codes))


def on_post_migrate(sender, **kwargs):
    sync_role_groups()


def is_moderator(user):
    """Sees and edits every project and organism, and publishes."""
    return bool(user.is_active and user.is_staff and user.has_perm("projects.publish_project"))


def organism_ids(user):
    """Ids of the organisms ``user`` edits for (cached on the user object for the request)."""
    if not user.is_authenticated:
        return frozenset()
    if not hasattr(user, "_organism_ids"):
        user._organism_ids = frozenset(Membership.objects.filter(user=user).values_list("organism_id", flat=True))
    return user._organism_ids
