"""French says « 0 projet » (the singular for 0 and 1): the French catalogue of plurals."""

import gettext
import sys
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(BASE_DIR / "scripts"))
from check_translations import DEFAULT_PO, parse_po  # noqa: E402
from french_plurals import FRENCH_PO, french_plurals  # noqa: E402


def test_the_french_plural_catalogue_is_current_and_compiled():
    assert FRENCH_PO.read_text(encoding="utf-8") == french_plurals(), "run scripts/french_plurals.py"
    with open(FRENCH_PO.with_suffix(".mo"), "rb") as compiled:
        catalogue = gettext.GNUTranslations(compiled)
    plurals = [entry for entry in parse_po(DEFAULT_PO) if entry.msgid_plural and not entry.msgctxt]
    assert plurals
    for entry in plurals:
        assert catalogue.ngettext(entry.msgid, entry.msgid_plural, 0) == entry.msgid
        assert catalogue.ngettext(entry.msgid, entry.msgid_plural, 2) == entry.msgid_plural


@pytest.mark.django_db
def test_zero_results_read_in_the_singular_in_french_and_in_the_plural_in_english(client):
    french = " ".join(client.get("/projets/", {"q": "aucun projet de ce nom"}).content.decode().split())
    assert "0 projet trouvé" in french
    english = client.get("/en/projets/", {"q": "aucun projet de ce nom"}).content.decode()
    assert "0 projects found" in " ".join(english.split())
