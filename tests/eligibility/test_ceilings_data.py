"""The data file (eligibility/data/ceilings.json, typed once) against the committed transcriptions
of the legal annexes (eligibility/data/sources/*.txt), cell by cell: one test per tenure × year ×
zone × household category (and per extra person). A typo in either file fails here."""

import json
import re
from pathlib import Path

import pytest

from eligibility.loader import expanded_tables, pls_amount, read_data
from eligibility.models import CeilingTable

DATA = Path(__file__).resolve().parents[2] / "eligibility" / "data"
SOURCE_COLUMNS = {
    "plus-2026-annexe-I.txt": ["1", "2", "3"],
    "plus-2025-annexe-I.txt": ["1", "2", "3"],
    "psla-brs-2025-annexe-III.txt": ["Abis", "A", "B1", "B2", "C"],
}
ROW = re.compile(r"^(?P<label>[1-6]|Par personne supplémentaire) \| (?P<cells>[\d  |]+)$")


def transcription(name):
    """{zone: {"1": amount, … "6": amount, "extra": amount}} read from a source excerpt."""
    table = {zone: {} for zone in SOURCE_COLUMNS[name]}
    for line in (DATA / "sources" / name).read_text(encoding="utf-8").splitlines():
        match = ROW.match(line.strip())
        if not match:
            continue
        cells = [int(re.sub(r"\D", "", cell)) for cell in match["cells"].split("|")]
        assert len(cells) == len(SOURCE_COLUMNS[name]), line
        key = "extra" if match["label"].startswith("Par") else match["label"]
        for zone, amount in zip(SOURCE_COLUMNS[name], cells, strict=True):
            table[zone][key] = amount
    return table


TYPED = read_data()["tables"]
CELLS = [
    pytest.param(table, key, id=f"{table['tenure']}-{table['year']}-zone{table['zone']}-{key}")
    for table in TYPED
    for key in ("1", "2", "3", "4", "5", "6", "extra")
]


@pytest.mark.parametrize(("table", "key"), CELLS)
def test_each_ceiling_of_the_data_file_matches_the_transcribed_legal_text(table, key):
    expected = transcription(table["source"])[table["zone"]][key]
    typed = table["extra"] if key == "extra" else table["ceilings"][int(key) - 1]
    assert typed == expected


def test_every_transcribed_cell_is_in_the_data_file():
    typed = {(t["source"], t["zone"]) for t in TYPED}
    for name, zones in SOURCE_COLUMNS.items():
        for zone in zones:
            assert (name, zone) in typed, (name, zone)


def test_every_table_cites_a_dated_text_with_its_reference_and_address():
    data = read_data()
    for table in data["tables"]:
        text = data["texts"][table["text"]]
        assert text["title"] and text["reference"] and text["url"].startswith("https://www.legifrance.gouv.fr/")
        assert re.match(r"^\d{4}-\d{2}-\d{2}$", text["date"])
        assert table["article"]


def test_pls_is_plus_raised_by_thirty_percent_rounded_to_the_euro():
    assert pls_amount(23403) == 30424  # 30 423.9
    assert pls_amount(10) == 13
    assert pls_amount(5) == 7  # 6.5 rounds up
    pls = [t for t in expanded_tables(read_data()) if t["tenure"] == "PLS"]
    plus = {(t["year"], t["zone"]): t for t in TYPED if t["tenure"] == "PLUS"}
    assert len(pls) == len(plus) == 6
    for table in pls:
        source = plus[(table["year"], table["zone"])]
        assert table["ceilings"] == [round(a * 13 / 10 + 1e-9) for a in source["ceilings"]]
        assert "1,3" in table["rule"]


def test_missing_tables_are_declared_and_absent():
    data = read_data()
    loaded = {(t["tenure"], t["year"]) for t in data["tables"]}
    for gap in data["missing"]:
        assert (gap["tenure"], gap["year"]) not in loaded and gap["why"]


@pytest.mark.django_db
def test_the_loaded_database_holds_exactly_the_data_file_pls_included():
    expected = {(t["tenure"], t["year"], t["zone"]): t for t in expanded_tables(read_data())}
    rows = {(r.tenure, r.year, r.zone): r for r in CeilingTable.objects.select_related("text")}
    assert set(rows) == set(expected)
    for key, row in rows.items():
        assert row.amounts == expected[key]["ceilings"]
        assert row.per_extra_person == expected[key]["extra"]


def test_paris_neighbours_file_lists_twenty_nine_communes_of_the_inner_ring():
    data = json.loads((DATA / "paris_neighbours.json").read_text(encoding="utf-8"))
    assert len(data["communes"]) == 29
    assert {code[:2] for code in data["communes"]} == {"92", "93", "94"}
