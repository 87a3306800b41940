"""Editors propose a missing source or organisation; moderators are told, see look-alikes, approve (the real
row is created) or reject with a reason; the proposer is told by e-mail either way and sees only their own."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.db import IntegrityError
from django.test import Client
from django.urls import reverse

from organisms.models import Organism
from outbox.models import OutgoingMessage
from projects.models import Source
from proposals import services
from proposals.models import OrganismProposal, SourceProposal, Status
from tests.factories import EditorFactory, ModeratorFactory, OrganismFactory, SourceFactory
from tests.smtp import bodies

pytestmark = pytest.mark.django_db

ADD_SOURCE = reverse("admin:proposals_sourceproposal_add")
ADD_ORGANISM = reverse("admin:proposals_organismproposal_add")
SOURCE_FORM = {
    "title": "Bilan de l'habitat participatif à Villeneuve, 2019",
    "kind": "report",
    "publisher": "Ville de Villeneuve",
    "date_text": "mars 2019",
    "year": "2019",
    "url": "https://www.example.org/bilan-2019.pdf",
    "summary": "Nombre de logements PLAI, calendrier du chantier.",
    "context": "Pour citer le programme des Jardins.",
}


@pytest.fixture
def people():
    organism = OrganismFactory()
    return {
        "editor": EditorFactory(organisms=[organism], email="editrice@example.org"),
        "other": EditorFactory(organisms=[OrganismFactory()], email="autre@example.org"),
        "moderator": ModeratorFactory(email="moderatrice@example.org", language="en"),
    }


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def propose_source(editor, **changes):
    return client_for(editor).post(ADD_SOURCE, {**SOURCE_FORM, **changes})


def test_an_editor_proposes_a_source_and_every_moderator_is_mailed(smtp_server, people):
    response = propose_source(people["editor"])
    assert response.status_code == 302
    proposal = SourceProposal.objects.get()
    assert proposal.proposed_by == people["editor"] and proposal.status == Status.PENDING
    assert not Source.objects.filter(title=SOURCE_FORM["title"]).exists()

    call_command("send_queued_mail")
    received = next(m for m in smtp_server.messages if m["To"] == "moderatrice@example.org")
    assert "To review" in received["Subject"]  # the moderator reads English
    text, html = bodies(received)
    admin_url = "https://catalogue.example.org" + reverse("admin:proposals_sourceproposal_change", args=[proposal.pk])
    assert admin_url in text and f'href="{admin_url}"' in html
    assert "Pour citer le programme des Jardins." in text
    assert "editrice@example.org" not in smtp_server.to()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"title": ""}, "title"),
        ({"year": "1850"}, "year"),
        ({"url": "javascript:alert(1)"}, "url"),
        ({"title": "x" * 301}, "title"),
        ({"kind": "tablette"}, "kind"),
    ],
)
def test_bad_input_is_a_form_error_and_nothing_is_stored(people, changes, field):
    response = propose_source(people["editor"], **changes)
    assert response.status_code == 200
    assert field in response.context["adminform"].form.errors
    assert not SourceProposal.objects.exists()


def test_the_database_refuses_a_proposal_without_title_or_a_rejection_without_reason(people):
    with pytest.raises(IntegrityError):
        SourceProposal.objects.create(title="", publisher="X", summary="y")


def test_the_database_refuses_a_rejection_without_a_reason(people):
    from django.db import transaction
    from django.utils import timezone

    with pytest.raises(IntegrityError), transaction.atomic():
        SourceProposal.objects.create(
            title="T", publisher="X", summary="y", status=Status.REJECTED, decided_at=timezone.now()
        )


def test_editors_see_only_their_own_proposals(people):
    propose_source(people["editor"])
    propose_source(people["other"], title="Une autre source proposée")
    listing = client_for(people["editor"]).get(reverse("admin:proposals_sourceproposal_changelist"))
    content = listing.content.decode()
    assert "Bilan de l&#x27;habitat participatif" in content and "Une autre source proposée" not in content
    theirs = SourceProposal.objects.get(proposed_by=people["other"])
    url = reverse("admin:proposals_sourceproposal_change", args=[theirs.pk])
    assert client_for(people["editor"]).get(url).status_code == 302  # Django: "does not exist" → index


def test_a_moderator_approves_the_source_is_created_and_the_proposer_is_told(smtp_server, people):
    propose_source(people["editor"])
    proposal = SourceProposal.objects.get()
    OutgoingMessage.objects.all().delete()
    url = reverse("admin:proposals_sourceproposal_decide", args=[proposal.pk, "accepter"])
    response = client_for(people["moderator"]).post(url)
    source = Source.objects.get(title=SOURCE_FORM["title"])
    assert response.status_code == 302 and response["Location"].endswith(f"/projects/source/{source.pk}/change/")
    assert (source.publisher, source.year, source.url, source.kind) == (
        "Ville de Villeneuve",
        2019,
        "https://www.example.org/bilan-2019.pdf",
        "report",
    )
    assert source.summary == SOURCE_FORM["summary"] and source.slug.startswith("bilan-de-l-habitat")
    proposal.refresh_from_db()
    assert proposal.status == Status.APPROVED and proposal.created_source == source
    assert proposal.decided_by == people["moderator"]

    call_command("send_queued_mail")
    (received,) = smtp_server.messages
    assert received["To"] == "editrice@example.org"
    assert received["Subject"].strip().startswith("Acceptée")


def test_a_rejection_needs_a_reason_and_sends_it_to_the_proposer(smtp_server, people):
    propose_source(people["editor"])
    proposal = SourceProposal.objects.get()
    OutgoingMessage.objects.all().delete()
    moderator = client_for(people["moderator"])
    url = reverse("admin:proposals_sourceproposal_decide", args=[proposal.pk, "refuser"])
    moderator.post(url, {"reason": "   "})
    proposal.refresh_from_db()
    assert proposal.status == Status.PENDING

    moderator.post(url, {"reason": "Déjà au catalogue : « Bilan 2019 de Villeneuve »."})
    proposal.refresh_from_db()
    assert proposal.status == Status.REJECTED and "Déjà au catalogue" in proposal.decision_reason
    assert not Source.objects.filter(title=SOURCE_FORM["title"]).exists()
    call_command("send_queued_mail")
    (received,) = smtp_server.messages
    text, html = bodies(received)
    assert received["To"] == "editrice@example.org" and "Déjà au catalogue" in text and "Déjà au catalogue" in html


def test_editors_cannot_decide_and_a_decided_proposal_cannot_be_decided_again(people):
    propose_source(people["editor"])
    proposal = SourceProposal.objects.get()
    url = reverse("admin:proposals_sourceproposal_decide", args=[proposal.pk, "accepter"])
    assert client_for(people["editor"]).post(url).status_code == 403
    with pytest.raises(PermissionDenied):
        services.approve(proposal, people["editor"])
    services.approve(proposal, people["moderator"])
    with pytest.raises(ValidationError):
        services.reject(proposal, people["moderator"], "trop tard")
    assert Source.objects.filter(title=SOURCE_FORM["title"]).count() == 1


def test_the_moderator_sees_look_alikes_by_normalized_title(people):
    existing = SourceFactory(title="Bilan de l’habitat participatif a Villeneuve (2019)")
    SourceFactory(title="Tout autre chose")
    propose_source(people["editor"])
    proposal = SourceProposal.objects.get()
    assert services.look_alikes(proposal) == [existing]
    page = client_for(people["moderator"]).get(reverse("admin:proposals_sourceproposal_change", args=[proposal.pk]))
    content = page.content.decode()
    assert (
        "peut-être la même chose" in content and reverse("admin:projects_source_change", args=[existing.pk]) in content
    )


def test_an_organisation_is_proposed_approved_and_created_with_its_kind_commune_and_website(smtp_server, people):
    from tests.factories import commune

    response = client_for(people["editor"]).post(
        ADD_ORGANISM,
        {
            "name": "Atelier Conseil Habiter",
            "kind": "amo",
            "website": "https://ach.example.org",
            "commune": commune().pk,
        },
    )
    assert response.status_code == 302
    proposal = OrganismProposal.objects.get()
    services.approve(proposal, people["moderator"])
    organism = Organism.objects.get(name="Atelier Conseil Habiter")
    assert (organism.kind, organism.website, organism.head_office) == ("amo", "https://ach.example.org", commune())
    assert organism.family == ""


def test_an_organisation_already_named_so_cannot_be_approved_twice(people):
    OrganismFactory(name="Ville de Montreuil")
    proposal = OrganismProposal.objects.create(
        name="ville de montreuil", kind="local_authority", proposed_by=people["editor"]
    )
    assert [str(o) for o in services.look_alikes(proposal)] == ["Ville de Montreuil"]
    response = client_for(people["moderator"]).post(
        reverse("admin:proposals_organismproposal_decide", args=[proposal.pk, "accepter"]), follow=True
    )
    assert any("déjà le nom" in str(m) for m in response.context["messages"])
    proposal.refresh_from_db()
    assert proposal.status == Status.PENDING
    assert Organism.objects.filter(name__iexact="ville de montreuil").count() == 1


def test_an_unknown_organisation_kind_is_a_form_error(people):
    response = client_for(people["editor"]).post(ADD_ORGANISM, {"name": "X", "kind": "secte"})
    assert response.status_code == 200 and "kind" in response.context["adminform"].form.errors


def test_the_dashboard_offers_to_propose_and_shows_the_moderators_queue(people):
    propose_source(people["editor"])
    editor_page = client_for(people["editor"]).get(reverse("admin:index")).content.decode()
    assert ADD_SOURCE in editor_page and ADD_ORGANISM in editor_page and "Mes propositions" in editor_page
    moderator_page = client_for(people["moderator"]).get(reverse("admin:index")).content.decode()
    assert "1 source en attente" in moderator_page


def test_the_project_page_links_to_the_proposal_forms_beside_sources_and_actors(people):
    from tests.factories import ProjectFactory

    organism = people["editor"].memberships.get().organism
    project = ProjectFactory(developer=organism)
    page = client_for(people["editor"]).get(reverse("admin:projects_project_change", args=[project.pk]))
    content = page.content.decode()
    assert f'href="{ADD_SOURCE}"' in content and f'href="{ADD_ORGANISM}"' in content
