"""Import and spreadsheet download of projects in the admin (the work is done by
``backoffice.spreadsheet``).

Import: upload → dry-run preview (per row: created / updated / unchanged, or errors with the
file's line number) → confirm. The file is parsed once, at the upload: its bytes and the
parsed table are kept in a ``ProjectImport`` row (the table in ``summary["table"]`` until the
confirmation, which replaces it with the counts); the confirm form carries a signed token
naming that row, the table's digest and the fingerprint of the previewed plan. On
confirmation the stored table (never the file again) is validated against the catalogue: if
the result differs from what was previewed (someone changed the catalogue meanwhile) the new
preview is shown instead, otherwise the plan is written in one transaction. Only users with the permission
``projects.import_projects`` (moderators, superusers) import.

Spreadsheet download: the projects the user can see in the admin (``get_queryset``), all of
them or the selected ones (actions), as CSV or XLSX in the import format. The editors' screens,
URL names (``…_export``) and action names (``export_selected_*``) keep their published wording.
"""

import datetime
import hashlib
import json

from django.contrib import admin, messages
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.db import DatabaseError, transaction
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from backoffice.admin.base import ProjectAdminMixinBase
from backoffice.forms import ImportForm
from backoffice.spreadsheet import Action, FileRejected, apply, column_help, spreadsheet_csv, spreadsheet_xlsx, validate
from common.spreadsheets import Table, control_character
from projects.models import ProjectImport

IMPORT_PERMISSION = "projects.import_projects"
TOKEN_SALT = "projects.import.confirm"  # noqa: S105 — a signing namespace, not a secret
TOKEN_MAX_AGE = 2 * 60 * 60  # seconds between the preview and the confirmation
STALE_UPLOADS = datetime.timedelta(days=1)
DOWNLOADS = {
    "csv": (spreadsheet_csv, "text/csv; charset=utf-8"),
    "xlsx": (spreadsheet_xlsx, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
}


def _kept_table(table):
    """What an upload keeps of its parsed table: nothing when a cell holds a control character
    (its rows are errors, so it cannot be confirmed; and PostgreSQL's jsonb refuses U+0000)."""
    if any(control_character(cell) for _line, cells in table.rows for cell in cells):
        return {}
    return {"table": table.to_json()}


def _table_digest(upload):
    """SHA-256 of the parsed table kept with an upload ("" if there is none)."""
    table = upload.summary.get("table") if isinstance(upload.summary, dict) else None
    if not table:
        return ""
    return hashlib.sha256(json.dumps(table, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def _download(queryset, file_format, stem):
    try:
        writer, content_type = DOWNLOADS[file_format]
    except KeyError:
        raise Http404(_("Format d'export inconnu.")) from None
    # Pending revisions (twins) are not projects of their own: their content is downloaded once approved.
    response = HttpResponse(writer(queryset.filter(revision_of__isnull=True)), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{stem}.{file_format}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


class ProjectTransferAdminMixin(ProjectAdminMixinBase):
    """Adds the import and spreadsheet download views and download actions to ``ProjectAdmin``."""

    def has_import_permission(self, request):
        return request.user.has_perm(IMPORT_PERMISSION)

    def get_urls(self):
        info = f"{self.opts.app_label}_{self.opts.model_name}"
        wrap = self.admin_site.admin_view
        return [
            path("importer/", wrap(self.import_view), name=f"{info}_import"),
            path("importer/format/", wrap(self.import_format_view), name=f"{info}_import_format"),
            path(
                "importer/modele.<str:file_format>",
                wrap(self.import_template_view),
                name=f"{info}_import_template",
            ),
            path("exporter.<str:file_format>", wrap(self.download_view), name=f"{info}_export"),
            *super().get_urls(),
        ]

    # --- Spreadsheet download --------------------------------------------------------------

    def get_actions(self, request):
        actions = super().get_actions(request)
        if self.has_view_permission(request):
            for name in ("export_selected_csv", "export_selected_xlsx"):
                actions[name] = self.get_action(name)
        return actions

    @admin.action(description=gettext_lazy("Exporter les projets sélectionnés (CSV)"))
    def export_selected_csv(self, request, queryset):
        return _download(queryset, "csv", f"projets-{timezone.localdate():%Y-%m-%d}")

    @admin.action(description=gettext_lazy("Exporter les projets sélectionnés (XLSX)"))
    def export_selected_xlsx(self, request, queryset):
        return _download(queryset, "xlsx", f"projets-{timezone.localdate():%Y-%m-%d}")

    def download_view(self, request, file_format):
        if not self.has_view_permission(request):
            raise PermissionDenied
        return _download(self.get_queryset(request), file_format, f"projets-{timezone.localdate():%Y-%m-%d}")

    # --- Import ----------------------------------------------------------------------------

    def _import_context(self, request, title):
        return {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": title,
            "has_view_permission": self.has_view_permission(request),
            "max_bytes": ImportForm.max_bytes(),
        }

    def _check_import_permission(self, request):
        if not self.has_import_permission(request):
            raise PermissionDenied

    def import_template_view(self, request, file_format):
        self._check_import_permission(request)
        return _download(self.model.objects.none(), file_format, "modele-import-projets")

    def import_format_view(self, request):
        self._check_import_permission(request)
        context = self._import_context(request, _("Format du fichier d'import"))
        context["columns"] = column_help()
        return TemplateResponse(request, "admin/projects/project/import_format.html", context)

    def import_view(self, request):
        self._check_import_permission(request)
        if request.method == "POST" and "token" in request.POST:
            return self._confirm(request)
        form = ImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            ProjectImport.objects.filter(
                applied_at__isnull=True, created_at__lt=timezone.now() - STALE_UPLOADS
            ).delete()
            upload = ProjectImport.objects.create(
                uploaded_by=request.user,
                file_name=form.cleaned_data["file"].name[:255],
                content=form.content,
                sha256=form.sha256,
                publish=form.cleaned_data["publish"],
                summary=_kept_table(form.table),
            )
            plan = validate(form.table, publish=upload.publish)
            return self._preview(request, upload, plan)
        context = self._import_context(request, _("Importer des projets"))
        context["form"] = form
        return TemplateResponse(request, "admin/projects/project/import.html", context)

    def _preview(self, request, upload, plan, status=200):
        context = self._import_context(request, _("Aperçu de l'import"))
        context.update(
            upload=upload,
            plan=plan,
            counts={Action.COUNT_LABELS[action]: count for action, count in plan.counts.items()},
            writes=plan.count(Action.CREATE) + plan.count(Action.UPDATE),
            token=signing.dumps(
                {"id": upload.pk, "table": _table_digest(upload), "plan": plan.fingerprint()}, salt=TOKEN_SALT
            ),
        )
        return TemplateResponse(request, "admin/projects/project/import_preview.html", context, status=status)

    def _confirm(self, request):
        import_url = reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_import")
        try:
            payload = signing.loads(request.POST["token"], salt=TOKEN_SALT, max_age=TOKEN_MAX_AGE)
        except signing.BadSignature:
            messages.error(request, _("Cet aperçu a expiré ou n'est pas valide : téléversez le fichier à nouveau."))
            return HttpResponseRedirect(import_url)
        try:
            with transaction.atomic():
                upload = (
                    ProjectImport.objects.select_for_update()
                    .filter(pk=payload.get("id"), uploaded_by=request.user, applied_at__isnull=True)
                    .first()
                )
                if upload is None:
                    messages.error(request, _("Cet import a déjà été confirmé ou n'existe plus."))
                    return HttpResponseRedirect(import_url)
                stored = upload.summary.get("table") if isinstance(upload.summary, dict) else None
                if not stored or _table_digest(upload) != payload.get("table"):
                    messages.error(
                        request, _("Cet aperçu a expiré ou n'est pas valide : téléversez le fichier à nouveau.")
                    )
                    return HttpResponseRedirect(import_url)
                # The table read at the upload: the file is not parsed a second time.
                plan = validate(Table.from_json(stored), publish=upload.publish)
                if plan.fingerprint() != payload.get("plan"):
                    messages.warning(
                        request,
                        _(
                            "Le catalogue a changé depuis l'aperçu : voici l'aperçu à jour. "
                            "Vérifiez-le avant de confirmer."
                        ),
                    )
                    return self._preview(request, upload, plan, status=409)
                if plan.has_errors:  # cannot happen with an unchanged fingerprint of a clean preview
                    return self._preview(request, upload, plan, status=409)
                apply(plan, user=request.user)
                upload.applied_at = timezone.now()
                upload.summary = plan.counts
                upload.save(update_fields=["applied_at", "summary"])
        except FileRejected as error:
            messages.error(request, error.message)
            return HttpResponseRedirect(import_url)
        except DatabaseError:
            messages.error(
                request,
                _(
                    "L'import a échoué lors de l'écriture en base : rien n'a été enregistré. "
                    "Réessayez, ou vérifiez le fichier."
                ),
            )
            return HttpResponseRedirect(import_url)
        counts = plan.counts
        messages.success(
            request,
            _("Import terminé. Projets créés : %(created)s ; mis à jour : %(updated)s ; inchangés : %(unchanged)s.")
            % {
                "created": counts[Action.CREATE],
                "updated": counts[Action.UPDATE],
                "unchanged": counts[Action.UNCHANGED],
            },
        )
        return HttpResponseRedirect(reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_changelist"))
