"""The helper's page and its API: same answer, bad input never a 500, nothing kept."""

import html
import re

import pytest

pytestmark = pytest.mark.django_db

URL, API = "/eligibilite/", "/api/v1/eligibilite/"
LYON_FAMILY = {"adultes": "2", "enfants": "1", "revenu": "36000", "lieu": "Lyon", "annee": "2025"}


def page_rows(html):
    """{tenure: (verdict, ceiling in euros or None)} read from the answer table."""
    rows = {}
    for match in re.finditer(r'<tr class="eligibility-(yes|no|unknown)" data-tenure="(\w+)">(.*?)</tr>', html, re.S):
        cells = re.findall(r"<td[^>]*>(.*?)</td>", match[3], re.S)
        digits = re.sub(r"\D", "", cells[0])
        rows[match[2]] = (match[1], int(digits) if digits else None)
    return rows


def test_the_form_page_answers_without_cookie_nor_cache(client):
    response = client.get(URL)
    assert response.status_code == 200
    assert "Quels logements me sont accessibles ?" in response.content.decode()
    assert not response.cookies
    assert response["Cache-Control"] == "no-store, private"
    assert response["Referrer-Policy"] == "no-referrer"
    assert not response.has_header("ETag")  # the page cache never stored it


def test_the_answer_gives_each_tenure_with_its_ceiling_citation_and_distance_to_it(client):
    response = client.get(URL, LYON_FAMILY)
    html = response.content.decode()
    assert response.status_code == 200 and not response.cookies
    rows = page_rows(html)
    # Category 3 (3 persons), autres régions, 2025: PLUS 37 259, PLS 48 437; PSLA/BRS zone A, 3 persons.
    assert rows == {
        "PLAI": ("unknown", None),
        "PLUS": ("yes", 37259),
        "PLS": ("yes", 48437),
        "PSLA": ("yes", 75447),
        "BRS": ("yes", 75447),
    }
    assert "1\u202f259\u00a0€ sous le plafond" in html
    assert "https://www.legifrance.gouv.fr/loda/article_lc/LEGIARTI000050865366/2025-01-01" in html
    assert "nécessaire, pas suffisant" in html and "CALEOL" in html and "/glossaire/#cal" in html
    # Published projects with PLUS or PSLA homes, nearest first, with the distance.
    names = re.findall(r'<ol class="nearest eligibility-project-list">(.*?)</ol>', html, re.S)[0]
    listed = re.findall(r'<a href="/projets/([\w-]+)/">', names)
    assert listed[0] == "groupe-du-4-mars"  # in Lyon itself, 8 PLUS homes
    assert "8 logements PLUS" in names and "0,0 km" in names


def test_the_api_gives_the_page_answer(client):
    html = client.get(URL, LYON_FAMILY).content.decode()
    response = client.get(API, LYON_FAMILY)
    assert response.status_code == 200 and response["Cache-Control"] == "no-store, private"
    data = response.json()
    verdicts = {True: "yes", False: "no", None: "unknown"}
    assert page_rows(html) == {t["tenure"]: (verdicts[t["eligible"]], t["ceiling"]) for t in data["tenures"]}
    assert data["household_category"] == 3 and data["rental_zone"] == "3" and data["ownership_zone"] == "A"
    page_projects = re.findall(r'<a href="(/projets/[\w-]+/)">', html.split("eligibility-project-list")[1])
    assert page_projects == [project["url"] for project in data["projects"]]
    plus = next(t for t in data["tenures"] if t["tenure"] == "PLUS")
    assert plus["margin"] == 37259 - 36000 and plus["legal_text"]["article"] == "annexe I"


def test_the_api_is_in_the_openapi_schema(client):
    schema = client.get("/api/schema/", {"format": "json"}).json()
    operation = schema["paths"]["/api/v1/eligibilite/"]["get"]
    assert {p["name"] for p in operation["parameters"]} >= {"revenu", "adultes", "lieu", "annee"}


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"revenu": "-5"}, "Le revenu ne peut pas être négatif."),
        ({"revenu": "99999999"}, "invraisemblable"),
        ({"revenu": ""}, "Indiquez le revenu fiscal de référence"),
        ({"revenu": "12 abc"}, "sans centimes ni espaces"),
        ({"adultes": "0"}, "supérieure ou égale à 1"),
        ({"adultes": ""}, "Indiquez le nombre d"),
        ({"enfants": "-1"}, "supérieure ou égale à 0"),
        ({"enfants": "19", "adultes": "5"}, "Au plus 20 personnes"),
        ({"adultes": "1000000000000000000000"}, "inférieure ou égale à 12"),
        ({"lieu": "Zzzzzzz"}, "Commune ou code postal inconnu"),
        ({"lieu": ""}, "Indiquez une commune"),
        ({"lieu": "Saint-Denis"}, "Plusieurs communes correspondent"),
        ({"annee": "2019"}, "Aucun barème de plafonds n&#x27;est chargé pour l&#x27;année 2019"),
        ({"age_1": "500"}, "inférieure ou égale à 120"),
        ({"insee": "abc"}, "Le code de commune transmis"),
    ],
)
def test_bad_input_gets_a_clear_message_never_a_500(client, params, message):
    response = client.get(URL, {**LYON_FAMILY, **params})
    assert response.status_code == 400
    assert message in response.content.decode()
    api = client.get(API, {**LYON_FAMILY, **params})
    assert api.status_code == 400 and api.json()["errors"]


def test_an_ambiguous_commune_offers_a_choice_that_answers(client):
    html = client.get(URL, {**LYON_FAMILY, "lieu": "Saint-Denis"}).content.decode()
    assert 'name="insee" value="93066"' in html
    response = client.get(URL, {**LYON_FAMILY, "lieu": "Saint-Denis", "insee": "93066"})
    assert response.status_code == 200
    assert "Paris et communes limitrophes" in response.content.decode()


def test_an_overseas_commune_is_told_the_rules_differ(client):
    response = client.get(URL, {**LYON_FAMILY, "lieu": "97411"})
    html = response.content.decode()
    assert response.status_code == 200 and "outre-mer" in html and 'data-tenure="PLUS"' not in html
    assert client.get(API, {**LYON_FAMILY, "lieu": "97411"}).json()["overseas"] is True


def test_a_postcode_is_accepted(client):
    assert page_rows(client.get(URL, {**LYON_FAMILY, "lieu": "69003"}).content.decode())["PLUS"][1] == 37259


def test_the_shareable_link_is_made_on_request_only_and_carries_no_income(client):
    answer = client.get(URL, LYON_FAMILY).content.decode()
    assert "Lien à partager" not in answer
    assert 'name="revenu"' in answer  # the form itself
    share_form = answer.split('class="eligibility-share-form"')[1].split("</form>")[0]
    assert "36000" not in share_form and 'name="partager"' in share_form
    fields = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)">', share_form))
    shared = client.get(URL, fields).content.decode()
    link = html.unescape(re.search(r'<a href="([^"]+)" class="share-link">', shared)[1])
    assert "revenu" not in link and "36000" not in link and "adultes=2" in link and "lieu=Lyon" in link
    prefilled = client.get(link.split("testserver")[1]).content.decode()
    assert 'value="Lyon"' in prefilled and "answer-heading" not in prefilled


def test_the_project_page_box_shows_ceilings_for_one_and_four_and_links_to_the_helper(client):
    html = client.get("/projets/groupe-du-4-mars/").content.decode()
    box = html.split('class="callout eligibility-box"')[1].split("</aside>")[0]
    assert "Ces logements sont-ils pour moi ?" in box
    # Lyon: zone 3; PLUS 2026 for one person 23 403, for four (category 4) 45 374.
    assert "23\u202f403\u00a0€ pour une personne, 45\u202f374\u00a0€ pour quatre" in box
    assert "plafond 2026 non chargé" in box  # PLAI
    assert 'href="/glossaire/#plus"' in box and 'href="/glossaire/#plai"' in box
    assert "/eligibilite/?lieu=Lyon&amp;insee=69123" in box


def test_the_home_page_links_to_the_helper(client):
    assert 'href="/eligibilite/"' in client.get("/").content.decode()


def test_english_answer(client):
    html = client.get("/en" + URL, LYON_FAMILY).content.decode()
    assert "Which homes can I apply for?" in html and "€37,259" in html
