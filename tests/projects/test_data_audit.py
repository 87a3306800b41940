"""The seed audit's findings (issue 18, section 1), each held by a test on the loaded fixtures."""

import json
import re
from pathlib import Path

import pytest
from django.conf import settings

from geo.models import FormerRegion
from organisms.models import Organism
from projects.models import (
    ActorRole,
    Certainty,
    FieldCertainty,
    OrganismCitation,
    Project,
    ProjectActor,
    Quote,
    Source,
)
from public.glossary import get_entry

pytestmark = pytest.mark.django_db

SEEDS = Path(__file__).resolve().parent.parent / "data" / "seeds"
FIXTURES = Path(settings.BASE_DIR) / "fixtures"


def _flat(text: str) -> str:
    """Whitespace folded and typographic apostrophes made straight, as the fixtures write them."""
    return re.sub(r"\s+", " ", text.replace("’", "'")).strip()


def _seed_text(source: Source) -> str:
    return _flat((SEEDS / source.storage_name).read_text(encoding="utf-8"))


def test_every_quote_appears_verbatim_in_its_seed_document():
    quotes = Quote.objects.select_related("source")
    assert quotes.exists()
    for quote in quotes:
        assert _flat(quote.text) in _seed_text(quote.source), quote.text[:60]


def test_the_lille_quote_says_zone_d_amenagement_concertee():
    quote = Quote.objects.get(project__slug="les-voisins-du-quai")
    assert "zone d'aménagement concertée." in quote.text


def test_every_actor_role_has_a_source_and_maitre_d_ouvrage_is_as_written_only_for_lmh():
    assert not ProjectActor.objects.filter(source__isnull=True).exists()
    as_written = ProjectActor.objects.filter(role=ActorRole.DEVELOPER, certainty=Certainty.AS_WRITTEN)
    assert set(as_written.values_list("organism__slug", flat=True)) == {"lille-metropole-habitat"}
    for actor in ProjectActor.objects.exclude(certainty=Certainty.AS_WRITTEN):
        assert actor.certainty_note.strip(), actor


def test_every_organism_fact_cites_a_source_or_an_outside_reference():
    for organism in Organism.objects.all():
        citations = list(organism.citations.all())
        assert citations, f"{organism.slug} cites nothing"
        for citation in citations:
            assert citation.source_id or (citation.certainty == Certainty.OUTSIDE and citation.certainty_note)


def test_the_sources_arrays_of_the_organism_fixture_are_all_loaded():
    rows = json.loads((FIXTURES / "organisms.json").read_text(encoding="utf-8"))["organisms"]
    for row in rows:
        wanted = {(c["source"], c.get("locator", "")) for c in row["citations"]}
        loaded = set(OrganismCitation.objects.filter(organism__slug=row["slug"]).values_list("source__slug", "locator"))
        assert loaded == wanted, row["slug"]


def test_the_participatory_family_is_never_shown_as_written():
    for project in Project.objects.all():
        record = FieldCertainty.objects.get(project=project, field="participatory_family")
        assert record.certainty == Certainty.INFERRED and record.certainty_note and record.source_id


@pytest.mark.parametrize(
    ("slug", "field"),
    [
        ("les-voisins-du-quai", "intervention_modes"),
        ("oasis", "intervention_modes"),
        ("oasis", "total_homes"),
        ("locus-solus", "is_qpv"),
        ("coop-colette", "is_qpv"),
    ],
)
def test_inferences_named_by_the_audit_are_marked_inferred_with_their_reasoning(slug, field):
    record = FieldCertainty.objects.get(project__slug=slug, field=field)
    assert record.certainty == Certainty.INFERRED
    assert len(record.certainty_note) > 30


def test_computed_totals_say_what_they_add_up():
    for slug in ("groupe-du-4-mars", "les-voisins-du-quai", "coop-colette"):
        record = FieldCertainty.objects.get(project__slug=slug, field="total_homes")
        assert record.certainty == Certainty.COMPUTED and "+" in record.certainty_note


def test_every_published_figure_of_a_project_has_a_sourced_certainty_record():
    for project in Project.objects.published():
        fields = {r.field: r for r in project.field_certainties.all()}
        for field, value in (
            ("total_homes", project.total_homes),
            ("participatory_homes", project.participatory_homes),
            ("delivery", project.delivery_text),
        ):
            if value not in (None, ""):
                assert field in fields and fields[field].source_id, (project.slug, field)


def test_les_voisins_du_quai_is_not_said_to_lie_in_the_zac():
    project = Project.objects.get(slug="les-voisins-du-quai")
    assert "en zone d'aménagement concerté" not in project.neighbourhood
    assert "avec la zone d'aménagement concertée" in project.neighbourhood_context


def test_the_lille_contact_address_is_flagged_as_possibly_mistyped():
    record = FieldCertainty.objects.get(project__slug="les-voisins-du-quai", field="contact")
    assert "mairie-lille.fr" in record.certainty_note


def test_locus_solus_does_not_borrow_the_attractivite_quote_filed_under_coop_colette():
    assert "attractivité" not in Project.objects.get(slug="locus-solus").neighbourhood_context
    quote = Quote.objects.get(project__slug="coop-colette")
    assert quote.certainty == Certainty.INFERRED


def test_the_proceedings_summary_says_delivered_or_about_to_be():
    summary = Source.objects.get(slug="actes-habitat-participatif-logement-social-2017").summary
    assert "livrées ou sur le point de l'être" in summary
    assert "10 opérations livrées," not in summary
    for missing in ("septembre 2016", "coût de revient constaté", "20 et 25%", "couper la file d'attente"):
        assert missing in summary


def test_untitled_sources_show_a_descriptive_title_and_no_gender_is_given_to_the_commenter():
    for slug in ("beguinage-livret-ush-coop-hlm", "rnchp-habitat-participatif-loi-alur"):
        assert Source.objects.get(slug=slug).title_is_descriptive
    assert "lectrice" not in Source.objects.get(slug="beguinage-livret-ush-coop-hlm").summary


def test_missing_policies_and_roles_are_on_the_organism_pages():
    text = {o.slug: o.description for o in Organism.objects.all()}
    assert "concertatif" in text["rennes-metropole"] and "non conciliables" in text["rennes-metropole"]
    assert "inverser la tendance" in text["nantes-metropole"]
    assert "20 et 25%" in text["les-chalets"] and "de sa propre initiative" in text["les-chalets"]
    assert "septembre 2016" in text["reseau-hlm-habitat-participatif"]
    assert "Confédération" in text["union-sociale-pour-l-habitat"]


def test_no_ex_label_for_regions_the_2016_reform_left_unchanged():
    assert str(FormerRegion.objects.get(name="Île-de-France")) == "Île-de-France"
    assert str(FormerRegion.objects.get(name="Pays de la Loire")) == "Pays de la Loire"
    assert str(FormerRegion.objects.get(name="Aquitaine")) == "ex-Aquitaine"


def test_glossary_quotes_the_law_and_attributes_the_paraphrase():
    definition = str(get_entry("habitat participatif").definition)
    assert "article L. 200-1" in definition and "le cas échéant avec des personnes morales" in definition
    assert "La plaquette de la Fédération des Coop Hlm le reformule" in definition
    leaflet = _seed_text(Source.objects.get(slug="federation-coop-hlm-habitat-participatif"))
    paraphrase = re.search(r"une « (démarche citoyenne qui permet .*? usage commun) »", definition).group(1)
    assert _flat(paraphrase) in leaflet


def test_glossary_corrections_cal_pls_cooperative_ush():
    assert "CALEOL" in str(get_entry("CAL").definition) and "pré-CAL" in str(get_entry("CAL").definition)
    assert "majorés de 30 %" in str(get_entry("PLS").definition)
    assert "locataire" not in str(get_entry("coopérative d'habitants").definition)
    assert "confédération" in str(get_entry("USH").definition)
