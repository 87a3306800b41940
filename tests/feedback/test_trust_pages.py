"""The pages that make the site trustworthy, the footer that links them, the organisms' public
contact details, and the admin's own refusal pages."""

import pytest
from django.urls import reverse

from organisms.models import Organism
from tests.factories import EditorFactory, OrganismFactory, ProjectFactory

pytestmark = pytest.mark.django_db

TRUST_PAGES = ("legal_notice", "accessibility", "personal_data", "contact")


def test_every_public_page_links_the_trust_pages_in_its_footer(client, published_project):
    for url in (reverse("home"), reverse("projects:list"), published_project.get_absolute_url()):
        footer = client.get(url).content.decode().split('<footer class="site-footer">')[1]
        for name in TRUST_PAGES:
            assert f'href="{reverse(name)}"' in footer


def test_the_legal_notice_says_plainly_what_is_not_configured_and_invents_nothing(client, settings):
    settings.PUBLISHER_NAME = settings.PUBLICATION_DIRECTOR = settings.HOSTING_PROVIDER = ""
    html = client.get(reverse("legal_notice")).content.decode()
    assert "pas encore été renseignées" in html
    assert html.count("non renseigné") >= 3


def test_the_legal_notice_shows_the_publisher_from_the_settings(client, settings):
    settings.PUBLISHER_NAME = "Association Exemple pour l'habitat"
    settings.PUBLISHER_ADDRESS = "1 rue de l'Exemple\n75000 Paris"
    settings.PUBLISHER_EMAIL = "contact@exemple.org"
    settings.PUBLICATION_DIRECTOR = "Dominique Exemple"
    settings.HOSTING_PROVIDER = "Hébergeur Exemple SAS"
    settings.HOSTING_ADDRESS = "2 avenue du Serveur, 59000 Lille"
    html = client.get(reverse("legal_notice")).content.decode()
    assert "Association Exemple pour l&#x27;habitat" in html and "75000 Paris" in html
    assert "Dominique Exemple" in html and "Hébergeur Exemple SAS" in html
    assert "non renseigné" not in html and "pas encore été renseignées" not in html


def test_the_personal_data_page_lists_every_processing_with_its_retention_from_the_settings(client, settings):
    settings.CONTACT_RETENTION_DAYS, settings.REPORT_RETENTION_DAYS, settings.OUTBOX_RETENTION_DAYS = 31, 62, 93
    html = client.get(reverse("personal_data")).content.decode()
    for heading in (
        "Messages de contact",
        "Signalements d",
        "Alertes par courriel",
        "Comptes de l",
        "Courriels envoyés",
        "Vos droits",
    ):
        assert heading in html
    assert "31 jours" in html and "62 jours" in html and "93 jours" in html
    assert "Base légale" in html and "CNIL" in html and reverse("contact") in html


def test_the_accessibility_statement_gives_measured_results_and_the_lighthouse_scores(client):
    html = client.get(reverse("accessibility")).content.decode()
    assert "axe-core 4.10" in html and "0 violation" in html and "Clavier seul" in html
    assert "Lighthouse 12.8.2, profil mobile" in html and "Scores Lighthouse du 2 décembre 2026" in html
    assert "Défenseur des droits" in html
    assert "à venir" not in html


def test_the_lighthouse_table_has_a_measured_row_for_every_audited_page_type():
    import json
    from pathlib import Path

    from public.audit_results import LIGHTHOUSE_SCORES

    pages = json.loads((Path(__file__).resolve().parents[2] / "scripts/audit/pages.json").read_text())["pages"]
    assert [row[1] for row in LIGHTHOUSE_SCORES] == [page["path"] for page in pages]
    for (_label, _path, performance, accessibility, best_practices, seo), page in zip(
        LIGHTHOUSE_SCORES, pages, strict=True
    ):
        assert 0 < performance <= 100 and accessibility == 100 and best_practices == 100
        assert (seo is None) == bool(page.get("noindex")) and seo in (None, 100)


def test_an_organism_page_shows_its_public_contact_details(client, published_project):
    organism = published_project.actors.first().organism
    organism.contact_email = "accueil@bailleur.example"
    organism.contact_page = "https://bailleur.example/contact"
    organism.postal_address = "3 place du Marché\n33000 Bordeaux"
    organism.save()
    html = client.get(organism.get_absolute_url()).content.decode()
    assert "mailto:accueil@bailleur.example" in html
    assert 'href="https://bailleur.example/contact"' in html
    assert "3 place du Marché<br>33000 Bordeaux" in html


def test_an_editor_edits_the_contact_details_of_their_own_organism_only(client):
    mine, other = OrganismFactory(name="Mon bailleur"), OrganismFactory(name="Autre bailleur")
    client.force_login(EditorFactory(organisms=[mine]))
    form = client.get(reverse("admin:organisms_organism_change", args=[mine.pk])).content.decode()
    assert 'name="contact_email"' in form and 'name="postal_address"' in form and 'name="contact_page"' in form
    data = {
        "head_office": "",
        "website": "",
        "description": "",
        "notes": "",
        "contact_email": "accueil@mon-bailleur.example",
        "contact_page": "javascript:alert(1)",
        "postal_address": "1 rue du Port",
    }
    refused = client.post(reverse("admin:organisms_organism_change", args=[mine.pk]), data)
    assert refused.status_code == 200 and "https://" in refused.content.decode()
    data["contact_page"] = "https://mon-bailleur.example/contact"
    assert client.post(reverse("admin:organisms_organism_change", args=[mine.pk]), data).status_code == 302
    mine.refresh_from_db()
    assert (mine.contact_email, mine.postal_address) == ("accueil@mon-bailleur.example", "1 rue du Port")
    client.post(reverse("admin:organisms_organism_change", args=[other.pk]), data)
    assert Organism.objects.get(pk=other.pk).contact_email == ""


def test_an_editor_refused_on_another_organisms_project_sees_an_admin_page_not_the_public_404(client):
    mine, other = OrganismFactory(), OrganismFactory()
    foreign = ProjectFactory(developer=other)
    client.force_login(EditorFactory(organisms=[mine]))
    response = client.get(reverse("admin:projects_project_preview", args=[foreign.pk]))
    html = response.content.decode()
    assert response.status_code == 404
    assert 'id="site-name"' in html or 'id="header"' in html
    assert "Page introuvable dans l'espace éditeurs" in html and "Retour au tableau de bord" in html
    assert "notfound-search" not in html  # not the public 404


def test_the_public_404_is_unchanged_outside_the_admin(client):
    html = client.get("/projets/n-existe-pas/").content.decode()
    assert "notfound-search" in html
