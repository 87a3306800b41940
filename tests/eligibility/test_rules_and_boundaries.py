"""Household categories (arrêté du 29 juillet 1987, article 2) and incomes just under, at and just
above every loaded ceiling."""

import pytest
from django.db import IntegrityError, transaction

from eligibility.engine import assess
from eligibility.household import Household
from eligibility.models import CeilingTable
from geo.models import Commune


@pytest.mark.parametrize(
    ("household", "category"),
    [
        (Household(adults=1), 1),
        (Household(adults=1, disability=True), 2),
        (Household(adults=2, ages=(40, 30)), 2),
        (Household(adults=2, ages=(30, 25)), 3),  # jeune ménage: 55 years together
        (Household(adults=2, ages=(30, 26)), 2),  # 56: no longer a jeune ménage
        (Household(adults=2), 2),  # ages not given: the rule is not applied
        (Household(adults=2, dependants=1, ages=(20, 20)), 3),  # with a dependant: not a jeune ménage
        (Household(adults=1, dependants=1), 3),
        (Household(adults=2, disability=True), 3),
        (Household(adults=1, dependants=2), 4),
        (Household(adults=3, disability=True), 4),
        (Household(adults=2, dependants=2), 4),
        (Household(adults=1, dependants=4), 6),
        (Household(adults=2, dependants=4), 6),
        (Household(adults=2, dependants=5), 7),
    ],
)
def test_household_category_follows_the_arrete(household, category):
    assert household.category() == category


@pytest.mark.django_db
def test_beyond_six_each_extra_person_adds_the_extra_amount():
    table = CeilingTable.objects.get(tenure="PLUS", year=2026, zone="3")
    assert table.ceiling_for(6) == 60156
    assert table.ceiling_for(8) == 60156 + 2 * 6710


COMMUNES = {"1": "75056", "2": "94081", "3": "69123", "Abis": "75056", "A": "69123", "B1": "64102", "C": "15014"}


def _boundary_cases():
    from eligibility.loader import expanded_tables, read_data

    for table in expanded_tables(read_data()):
        if table["zone"] not in COMMUNES:
            continue  # zone B2: no seed commune; its cells are checked against the sources
        for size in (1, 4, 7):
            yield pytest.param(table, size, id=f"{table['tenure']}-{table['year']}-{table['zone']}-{size}")


@pytest.mark.django_db
@pytest.mark.parametrize(("table", "size"), list(_boundary_cases()))
def test_income_at_the_ceiling_is_eligible_one_euro_above_is_not(table, size):
    commune = Commune.objects.select_related("department__region").get(insee_code=COMMUNES[table["zone"]])
    household = Household(adults=size)  # adults only: category = number of persons
    ceiling = table["ceilings"][size - 1] if size <= 6 else table["ceilings"][5] + table["extra"] * (size - 6)
    for income, eligible in ((ceiling - 1, True), (ceiling, True), (ceiling + 1, False)):
        answer = next(
            a for a in assess(household, income, commune, table["year"]).answers if a.tenure == table["tenure"]
        )
        assert answer.ceiling == ceiling
        assert answer.eligible is eligible, income
        assert answer.margin == ceiling - income


@pytest.mark.django_db
def test_a_year_without_a_loaded_table_gives_no_verdict_for_that_tenure():
    lyon = Commune.objects.get(insee_code="69123")
    answers = {a.tenure: a for a in assess(Household(adults=1), 10000, lyon, 2026).answers}
    assert answers["PLAI"].eligible is None and answers["PLAI"].ceiling is None
    assert answers["PSLA"].eligible is None and answers["BRS"].eligible is None
    assert answers["PLUS"].eligible is True and answers["PLUS"].ceiling == 23403


@pytest.mark.django_db
def test_overseas_communes_get_no_answer():
    saint_denis_reunion = Commune.objects.get(insee_code="97411")
    assessment = assess(Household(adults=1), 10000, saint_denis_reunion, 2026)
    assert assessment.overseas and assessment.answers == []


@pytest.mark.django_db
def test_the_database_refuses_decreasing_ceilings_and_a_zone_foreign_to_the_tenure():
    table = CeilingTable.objects.get(tenure="PLUS", year=2026, zone="3")
    table.category_3 = 1
    with pytest.raises(IntegrityError), transaction.atomic():
        table.save()
    table.refresh_from_db()
    table.zone = "A"
    with pytest.raises(IntegrityError), transaction.atomic():
        table.save()


@pytest.mark.django_db
def test_load_ceilings_twice_changes_nothing_and_restores_an_edited_row():
    from django.core.management import call_command

    CeilingTable.objects.filter(tenure="PLUS", year=2026, zone="3").update(per_extra_person=1)
    CeilingTable.objects.filter(tenure="BRS", year=2025, zone="C").delete()
    from io import StringIO

    out = StringIO()
    call_command("load_ceilings", stdout=out)
    assert "1 created, 1 updated" in out.getvalue()
    assert "not loaded: PLAI 2026" in out.getvalue()
    out = StringIO()
    call_command("load_ceilings", stdout=out)
    assert "0 created, 0 updated" in out.getvalue() and "0 removed" in out.getvalue()
    assert CeilingTable.objects.get(tenure="PLUS", year=2026, zone="3").per_extra_person == 6710


@pytest.mark.django_db
def test_a_changed_ceiling_makes_cached_project_pages_stale():
    """Project pages show ceilings: changing a table bumps the catalogue version (caching/triggers.py)."""
    from caching.version import read_version

    before = read_version().token
    CeilingTable.objects.filter(tenure="PLUS", year=2026, zone="3").update(per_extra_person=6711)
    assert read_version().token != before
