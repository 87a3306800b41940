"""The editors' back-office in a real browser: the pages an editor or moderator works in pass axe."""

import pytest

from .conftest import log_in_to_admin, run_axe, screenshot

pytestmark = pytest.mark.browser


@pytest.fixture
def admin_page(page):
    log_in_to_admin(page)
    return page


def open_project(page, name):
    page.goto(page.base_url + "/admin/projects/project/?q=" + name.replace(" ", "+"))
    page.get_by_role("link", name=name, exact=True).first.click()
    page.wait_for_load_state()


def test_dashboard_passes_axe(admin_page):
    assert "Tableau de bord" in admin_page.title()
    assert run_axe(admin_page) == []


def test_project_page_with_its_table_inlines_passes_axe_even_with_a_new_row(admin_page):
    page = admin_page
    open_project(page, "Groupe du 4 mars")
    assert page.locator("#id_tenure_lines-0-homes").get_attribute("aria-label") == "Nombre de logements, ligne 1"
    assert run_axe(page) == []
    # A row added by « Ajouter… » (its search-as-you-type selects included) is named too.
    page.locator("#actors-group .add-row a").click()
    screenshot(page, "admin-project-change")
    assert run_axe(page) == []


@pytest.mark.parametrize("path", ["/admin/projects/project/add/", "/admin/projects/project/"])
def test_add_page_and_project_list_pass_axe(admin_page, path):
    admin_page.goto(admin_page.base_url + path)
    assert run_axe(admin_page) == []
