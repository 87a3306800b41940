from django.contrib import admin, messages
from django.db.models import Count, Q
from django.urls import reverse
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from accounts.roles import is_moderator, organism_ids
from backoffice.admin.base import LabelledTabularInline, ReadOnlyHistoryAdmin
from organisms.models import Organism, OrganismKind
from projects.models import OrganismCitation, ProjectActor, published_via
from projects.permissions import projects_for

# What identifies an organism everywhere (pages, search, filters): moderators only.
IDENTITY_FIELDS = ("name", "short_name", "slug", "kind", "family")


class OrganismCitationInline(LabelledTabularInline):
    """The documents an organism's facts come from; an outside fact names its reference in the note."""

    model = OrganismCitation
    fields = ("source", "locator", "facts", "certainty", "certainty_note")
    autocomplete_fields = ("source",)
    extra = 0


@admin.register(Organism)
class OrganismAdmin(ReadOnlyHistoryAdmin):
    """Moderators edit every organism; an editor sees them all and edits the presentation
    (head office, website, description, public contact details, notes) of their own organisms only."""

    list_display = ("name", "short_name", "kind", "family", "head_office", "project_count")
    list_filter = ("kind", "family")
    search_fields = ("name", "short_name", "slug")
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ("head_office",)
    # Commune.__str__ shows the department code.
    list_select_related = ("head_office__department",)
    readonly_fields = ("created_at", "updated_at")
    inlines = (OrganismCitationInline,)
    fieldsets = (
        (_("Identification"), {"fields": IDENTITY_FIELDS}),
        (_("Présentation"), {"fields": ("head_office", "website", "description")}),
        (_("Coordonnées publiques"), {"fields": ("contact_email", "contact_page", "postal_address")}),
        (_("Notes sur les sources"), {"fields": ("notes",)}),
        (_("Historique"), {"fields": ("created_at", "updated_at")}),
    )

    def get_queryset(self, request):
        """Each organism with the number of its projects the user may see: all of them for a
        moderator; for an editor, the published ones and those of their own organisms (another
        organism's drafts are not theirs to count)."""
        queryset = super().get_queryset(request)
        if is_moderator(request.user):
            not_twin = Q(projects__revision_of__isnull=True)  # a pending revision is not another project
            return queryset.annotate(project_count=Count("projects", filter=not_twin, distinct=True))
        visible = published_via("projects") | Q(
            projects__in=projects_for(request.user), projects__revision_of__isnull=True
        )
        return queryset.annotate(project_count=Count("projects", filter=visible, distinct=True))

    def get_deleted_objects(self, objs, request):
        """An organism acting in projects is protected (database PROTECT): name those projects
        and say what to do, rather than Django's list of anonymous "actor" rows."""
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        if protected:
            actor_label = str(capfirst(ProjectActor._meta.verbose_name))
            actors = (
                ProjectActor.objects.filter(organism__in=objs)
                .select_related("project", "organism")
                .order_by("project__name", "organism__name", "role")
            )
            protected = [
                format_html(
                    '{} : <a href="{}">{}</a> ({})',
                    actor.organism,
                    reverse("admin:projects_project_change", args=[actor.project_id]),
                    actor.project,
                    actor.get_role_display(),
                )
                for actor in actors
            ] + [item for item in protected if not str(item).startswith(actor_label)]
            messages.error(
                request,
                _(
                    "Un organisme qui intervient dans des projets ne peut pas être supprimé : retirez-le "
                    "d'abord des acteurs de ces projets (ou remplacez-le par un autre organisme)."
                ),
            )
        return deleted, counts, perms_needed, protected

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        if obj is None or not allowed or is_moderator(request.user):
            return allowed
        return obj.pk in organism_ids(request.user)

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        return fields if is_moderator(request.user) else (*IDENTITY_FIELDS, *fields)

    def get_prepopulated_fields(self, request, obj=None):
        return super().get_prepopulated_fields(request, obj) if is_moderator(request.user) else {}

    def get_search_results(self, request, queryset, search_term):
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        # In a project's actors, an editor may add their own organisms and organisms that are
        # not social landlords; another landlord is a moderator's decision (ProjectActorFormSet).
        if (
            request.GET.get("model_name") == "projectactor"
            and request.path.endswith("/autocomplete/")
            and not is_moderator(request.user)
        ):
            queryset = queryset.filter(Q(pk__in=organism_ids(request.user)) | ~Q(kind=OrganismKind.HLM))
        return queryset, may_have_duplicates

    @admin.display(description=_("projets"), ordering="project_count")
    def project_count(self, obj):
        return obj.project_count
