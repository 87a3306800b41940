"""No French date inside an English page: dates written by the sources (« 11 janvier 2017 »,
« Juillet 2016 ») are shown in English on English pages; texts that are more than a date
(« fin 2019 (prévue) ») stay as written and are marked as French."""

import re

import pytest

from common.dates import english_date

pytestmark = pytest.mark.django_db

FRENCH_DATE = re.compile(
    r"\b\d{0,2}(?:er)? ?(?:janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre) \d{4}",
    re.IGNORECASE,
)


@pytest.mark.parametrize(
    "text,expected",
    [
        ("11 janvier 2017", "11 January 2017"),
        ("1er juillet 2016", "1 July 2016"),
        ("Juillet 2016", "July 2016"),
        ("2018", "2018"),
        ("Été 2017", None),
        ("fin 2019 (prévue)", None),
    ],
)
def test_a_text_that_is_only_a_date_is_translated(text, expected):
    assert english_date(text) == expected


def visible_french_dates(body):
    """French dates outside elements marked lang="fr", outside attributes and JSON-LD."""
    text = re.sub(r'<script type="application/ld\+json">.*?</script>', "", body, flags=re.S)
    text = re.sub(r'<(\w+)[^>]*lang="fr"[^>]*>.*?</\1>', "", text, flags=re.S)
    text = re.sub(r"<[^>]*>", " ", text)  # tags and their attributes (a source's title, as written)
    return FRENCH_DATE.findall(text)


@pytest.mark.parametrize(
    "path",
    ["/projets/terra-arte/", "/projets/", "/a-propos/", "/sources/actes-habitat-participatif-logement-social-2017/"],
)
def test_english_pages_show_no_french_date(client, catalogue, path):
    body = client.get("/en" + path).content.decode()
    assert '<html lang="en">' in body
    # Source titles (« Actes de la rencontre du 11 janvier 2017 ») are names, kept as published.
    body = re.sub(r"Actes de la rencontre professionnelle du 11 janvier 2017", "", body)
    assert visible_french_dates(body) == [], path


def test_french_pages_keep_the_dates_as_written(client, catalogue):
    body = client.get("/projets/terra-arte/").content.decode()
    assert "Juin 2016" in body
