"""Visitors write to the site: « Signaler une erreur » and « Contacter le groupe / le bailleur » on a
project, « Contact » to the moderators. Thin views on public/protection.py and feedback.services."""

from django.conf import settings
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from feedback import services
from feedback.config import setting
from projects.models import Project

from .. import protection
from ..feedback_forms import ContactForm, ErrorReportForm


def _published(slug):
    return get_object_or_404(Project.objects.published().select_related("commune"), slug=slug)


def _retention():
    return {
        "contact_retention_days": setting("CONTACT_RETENTION_DAYS"),
        "report_retention_days": setting("REPORT_RETENTION_DAYS"),
    }


@protection.posts_form
def report_error(request, slug):
    project = _published(slug)

    def save(form):
        services.submit_report(
            project=project,
            description=form.cleaned_data["description"],
            email=form.cleaned_data["email"],
            language=translation.get_language() or settings.LANGUAGE_CODE,
        )

    def limits(form):
        email = form.cleaned_data["email"]
        return [protection.target_limit(f"report:{project.pk}"), *([protection.email_limit(email)] if email else [])]

    return protection.handle(
        request,
        form_class=ErrorReportForm,
        template="feedback/report_form.html",
        context={"project": project, "breadcrumbs": _project_crumbs(project, _("Signaler une erreur")), **_retention()},
        limits=limits,
        save=save,
        success_url=reverse("projects:report_sent", args=[project.slug]),
    )


@protection.posts_form
def contact_project(request, slug):
    project = _published(slug)
    return _contact(
        request,
        project=project,
        target=f"project:{project.pk}",
        context={"project": project, "breadcrumbs": _project_crumbs(project, _("Contacter le groupe / le bailleur"))},
        success_url=reverse("projects:contact_sent", args=[project.slug]),
    )


@protection.posts_form
def contact_site(request):
    return _contact(
        request,
        project=None,
        target="site",
        context={"breadcrumbs": [(_("Contact"), None)]},
        success_url=reverse("contact_sent"),
    )


def _contact(request, *, project, target, context, success_url):
    def save(form):
        services.submit_contact(
            project=project,
            name=form.cleaned_data["name"],
            email=form.cleaned_data["email"],
            message=form.cleaned_data["message"],
            language=translation.get_language() or settings.LANGUAGE_CODE,
        )

    def limits(form):
        return [protection.target_limit(target), protection.email_limit(form.cleaned_data["email"])]

    return protection.handle(
        request,
        form_class=ContactForm,
        template="feedback/contact_form.html",
        context={**context, **_retention()},
        limits=limits,
        save=save,
        success_url=success_url,
    )


def report_sent(request, slug):
    project = _published(slug)
    return render(
        request,
        "feedback/sent.html",
        {"project": project, "kind": "report", "breadcrumbs": _project_crumbs(project, _("Signalement envoyé"))},
    )


def contact_sent(request, slug):
    project = _published(slug)
    return render(
        request,
        "feedback/sent.html",
        {"project": project, "kind": "contact", "breadcrumbs": _project_crumbs(project, _("Message envoyé"))},
    )


def contact_site_sent(request):
    return render(request, "feedback/sent.html", {"kind": "site", "breadcrumbs": [(_("Message envoyé"), None)]})


def _project_crumbs(project, label):
    return [(_("Projets"), reverse("projects:list")), (project.name, project.get_absolute_url()), (label, None)]
