"""Forms and formsets used by the project admin.

The tenure lines and the project's total homes are edited on the same page, so
they are checked together here, before anything is written: the database
trigger (migration 0002) stays the last line of defence, never the first.

The project form also refuses to overwrite changes saved by someone else since it
was opened (optimistic locking on ``updated_at``), and the actors' formset keeps an
editor's project attached to their organism.
"""

import hashlib
from typing import cast

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from backoffice.spreadsheet import FileRejected, parse
from organisms.models import Organism, OrganismKind
from projects.models import ActorRole, Photo, Project, TenureLine
from projects.photos import prepare_photo
from projects.workflow import version_of


class ProjectAdminForm(forms.ModelForm):
    """The main project form of the admin.

    ``status`` and ``published_at`` are never fields of this form (the admin shows them
    read-only): they change through the workflow's transitions only.
    """

    #: Set to True (by ``ProjectAdmin.get_form``) when the tenure lines are on the
    #: same page. Their formset then checks the *submitted* lines against the
    #: *submitted* total, and ``Project.clean()``'s check against the lines still
    #: in the database must not block lowering the total and the lines together.
    tenure_lines_checked_by_formset = False

    opened_version = forms.CharField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Project
        # The admin's fieldsets choose the fields; these, set by the workflow only, never are.
        exclude = ("status", "published_at", "last_verified_on")  # noqa: DJ006 — see the line above

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "opened_version" in self.fields and self.instance.pk:
            self.fields["opened_version"].initial = version_of(self.instance.updated_at)

    def clean(self):
        cleaned = super().clean()
        if cleaned is not None and self.instance.pk and "opened_version" in self.fields:
            self._check_not_changed_since_opened(cleaned.get("opened_version") or "")
        return cleaned

    def _check_not_changed_since_opened(self, opened):
        # Row lock until the admin's transaction ends: of two simultaneous saves, the
        # second waits, then sees the first one's date and is refused.
        current = (
            Project.objects.select_for_update().filter(pk=self.instance.pk).values_list("updated_at", flat=True).first()
        )
        if current is None or version_of(current) == opened:
            return
        latest = self.instance.history.select_related("history_user").order_by("-history_date", "-history_id").first()
        who = latest.history_user if latest and latest.history_user else None
        raise ValidationError(
            _(
                "Ce projet a été modifié par %(user)s le %(date)s, après que vous l'avez ouvert. "
                "Vos changements n'ont pas été enregistrés, pour ne pas effacer les siens : rechargez la page "
                "(ouvrez-la dans un autre onglet pour garder vos saisies sous les yeux), "
                "puis refaites vos modifications."
            ),
            code="changed_since_opened",
            params={
                "user": (who.get_full_name() or who.get_username()) if who else _("quelqu'un d'autre"),
                "date": formats.date_format(timezone.localtime(current), "DATETIME_FORMAT"),
            },
        )

    def _post_clean(self):
        if not self.tenure_lines_checked_by_formset:
            super()._post_clean()  # type: ignore[misc]  # private ModelForm hook, absent from django-stubs
            return
        # Project.clean() sums the lines stored in the database: hide them while the
        # model validates itself; TenureLineFormSet.clean() does the real check.
        self.instance.tenure_total = lambda: 0
        try:
            super()._post_clean()  # type: ignore[misc]  # private ModelForm hook, absent from django-stubs
        finally:
            del self.instance.tenure_total


class EditorProjectAddForm(ProjectAdminForm):
    """An editor's new project belongs to one of their organisms from the start.

    ``editor_organisms`` is set per request by ``ProjectAdmin.get_form``.
    """

    editor_organisms = Organism.objects.none()

    owner_organism = forms.ModelChoiceField(
        queryset=Organism.objects.none(),
        label=_("Votre organisme"),
        help_text=_("Le projet lui sera rattaché comme acteur : vous pourrez ensuite le modifier."),
    )
    owner_role = forms.ChoiceField(
        choices=ActorRole.choices,
        initial=ActorRole.DEVELOPER,
        label=_("Son rôle dans le projet"),
        help_text=_("Le plus souvent maître d'ouvrage : l'organisme qui construit."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["owner_organism"]).queryset = self.editor_organisms
        if len(self.editor_organisms) == 1:
            self.fields["owner_organism"].initial = self.editor_organisms[0].pk


class TenureLineFormSet(forms.BaseInlineFormSet):
    """Tenure lines of one project, checked as a whole.

    Each line's own rules (a status *or* a category, at least one home) come from
    the model's constraints, validated by each form. Here: no status or category
    twice, and no more homes than the project's total.
    """

    def kept_lines(self):
        """The lines as they will be once saved: valid, not deleted, not blank extra forms.

        ``form.instance`` already carries the submitted values (the form's
        ``_post_clean`` copied them); view-only forms keep the stored values.
        """
        lines = []
        for index, form in enumerate(self.forms):
            # _should_delete_form: private BaseFormSet method, absent from django-stubs.
            if self.can_delete and self._should_delete_form(form):  # type: ignore[attr-defined]
                continue
            if index >= self.initial_form_count() and not form.has_changed():
                continue
            if form.errors:
                continue
            lines.append(form)
        return lines

    def clean(self):
        super().clean()
        forms_kept = self.kept_lines()
        self._check_no_duplicates(forms_kept)
        self._check_total(forms_kept)

    def _check_no_duplicates(self, forms_kept):
        seen = set()
        for form in forms_kept:
            line = form.instance
            if line.status_id is not None:
                key, field = ("status", line.status_id), "status"
                message = _("Le statut « %(label)s » figure déjà sur une autre ligne.")
            elif line.category:
                key, field = ("category", line.category), "category"
                message = _("La catégorie « %(label)s » figure déjà sur une autre ligne.")
            else:
                continue
            if key in seen:
                error = ValidationError(message, code="duplicate", params={"label": line.display_label})
                if field in form.fields:
                    form.add_error(field, error)
                else:
                    raise error
            seen.add(key)

    def _check_total(self, forms_kept):
        # The admin builds this formset around the main form's instance, on which
        # the main form has already put its cleaned values (total_homes included).
        total = self.instance.total_homes
        if total is None:
            return
        allocated = sum(form.instance.homes or 0 for form in forms_kept)
        if allocated > total:
            raise ValidationError(
                _("Les lignes totalisent %(lines)s logements, plus que le total du projet (%(total)s)."),
                code="tenure_lines_exceed_total_homes",
                params={"lines": allocated, "total": total},
            )

    def save_existing_objects(self, commit=True):
        """Save without passing through states the database refuses.

        Django deletes and updates existing lines one by one, in display order, so a
        line taking the status of a line deleted later in the same save (or two lines
        swapping their statuses) would briefly break the unique constraint. The
        deleted lines and the lines that change status or category are removed
        first; the latter are then re-inserted by the normal save, with their id.
        """
        if commit:
            doomed = [
                form.instance.pk
                for form in self.initial_forms
                if form.instance.pk
                and (
                    form in self.deleted_forms
                    or (form.has_changed() and {"status", "category"} & set(form.changed_data))
                )
            ]
            if doomed:
                TenureLine._default_manager.filter(pk__in=doomed).delete()
        return super().save_existing_objects(commit)


class ProjectActorFormSet(forms.BaseInlineFormSet):
    """The actors of a project, with the rules that keep editors within their organisms.

    ``editor_organism_ids`` is None for moderators (no rule), else the ids of the
    editor's organisms (set per request by ``ProjectActorInline.get_formset``). An editor:

    * cannot add, change or remove the row of another social landlord (an organisme Hlm
      that is not theirs): attaching a project to another landlord, or detaching it, is
      a moderator's decision;
    * cannot remove the last row of their own organisms: they would lose the project.
    """

    editor_organism_ids = None

    def clean(self):
        super().clean()
        if self.editor_organism_ids is None:
            return
        kept = []
        for index, form in enumerate(self.forms):
            if not hasattr(form, "cleaned_data") or form.errors:
                continue
            is_new = index >= self.initial_form_count()
            if is_new and not form.has_changed():
                continue
            deleted = self.can_delete and self._should_delete_form(form)
            organism = form.cleaned_data.get("organism")
            touched = is_new or deleted or form.has_changed()
            if touched:
                for candidate in {organism, self._stored_organism(form)} - {None}:
                    if candidate.kind == OrganismKind.HLM and candidate.pk not in self.editor_organism_ids:
                        raise ValidationError(
                            _(
                                "« %(organism)s » est un autre organisme Hlm : seul un modérateur peut l'ajouter "
                                "à un projet, l'en retirer ou changer son rôle."
                            ),
                            code="other_landlord",
                            params={"organism": candidate},
                        )
            if not deleted and organism is not None:
                kept.append(organism)
        if self.instance.pk and not any(organism.pk in self.editor_organism_ids for organism in kept):
            raise ValidationError(
                _(
                    "Gardez au moins une ligne pour votre organisme : sans elle, le projet ne vous serait plus "
                    "accessible. Pour le confier à un autre organisme, demandez à un modérateur."
                ),
                code="own_organism_required",
            )

    def _stored_organism(self, form):
        """The organism of an existing row as stored (the form's instance already has the new value)."""
        initial = form.initial.get("organism")
        if not initial:
            return None
        return Organism.objects.filter(pk=initial).first()


class PhotoForm(forms.ModelForm):
    """A project photo: the upload is checked and re-encoded by ``projects.photos``.

    A plain FileField replaces Django's ImageField here: the latter only asks Pillow whether
    the file looks like an image (it lets a 10,000 × 10,000 PNG bomb through) and gives a
    generic message; ``prepare_photo`` gives the precise reason of each refusal.
    """

    image = forms.FileField(
        label=_("Image"),
        help_text=Photo._meta.get_field("image").help_text,
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )

    class Meta:
        model = Photo
        fields = ("image", "caption", "alt_text", "credit", "licence", "position")

    prepared = None

    def clean_image(self):
        upload = self.cleaned_data.get("image")
        if isinstance(upload, UploadedFile):
            self.prepared = prepare_photo(upload)
            return self.prepared.master
        return upload

    def _post_clean(self):
        super()._post_clean()  # type: ignore[misc]  # private ModelForm hook, absent from django-stubs
        if self.prepared is not None:
            self.prepared.attach(self.instance)


class ImportForm(forms.Form):
    """Upload of a CSV or XLSX file of projects (format: docs/import_format.md)."""

    file = forms.FileField(
        label=_("Fichier CSV ou XLSX"),
        help_text=_("Une ligne par projet ; CSV en UTF-8 (séparateur virgule ou point-virgule) ou classeur XLSX."),
        widget=forms.ClearableFileInput(
            attrs={"accept": ".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
        ),
    )
    publish = forms.BooleanField(
        label=_("Publier les projets créés ou modifiés"),
        required=False,
        help_text=_(
            "Sinon, les nouveaux projets sont des brouillons et les projets mis à jour gardent leur statut. "
            "Une ligne identique à la base ne change rien."
        ),
    )

    table = None
    content = b""
    sha256 = ""

    @staticmethod
    def max_bytes():
        return settings.IMPORT_MAX_BYTES

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = self.max_bytes()
        if upload.size > limit:
            raise ValidationError(
                _("Le fichier pèse %(size)s ; la limite est de %(limit)s."),
                code="too_big",
                params={"size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
            )
        upload.seek(0)
        content = upload.read(limit + 1)
        try:
            self.table = parse(content)
        except FileRejected as error:
            raise ValidationError(error.message, code="rejected") from None
        self.content = content
        self.sha256 = hashlib.sha256(content).hexdigest()
        return upload
