"""The admin's point widget in a real headless Chromium (the map page itself: test_map_page.py)."""

import secrets

import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

pytestmark = pytest.mark.e2e


SETTLEMENTS_API = "/api/places/?page_size=1000&kind=city&kind=town&kind=village&kind=quarter"


_UNCOVERED_DOT = """
document.querySelector(".leaflet-container").scrollIntoView({block: "center"});
return Array.from(document.querySelectorAll("path.place-dot.leaflet-interactive")).find(function (dot) {
  var box = dot.getBoundingClientRect();
  return document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2) === dot;
}) || null;
"""


def _settlements(stack) -> list[dict]:
    return [feature["properties"] for feature in stack.get_json(SETTLEMENTS_API)["features"]]


@pytest.fixture(scope="module")
def editor_browser(browser, map_with_samples):
    """The browser logged in to the admin as a newly created editor."""
    password = secrets.token_urlsafe(16)
    result = map_with_samples.manage(
        "shell", "-c",
        f"from django.contrib.auth.models import User; User.objects.create_superuser('editor', '', '{password}')",
    )
    assert result.returncode == 0, result.stderr
    browser.get(map_with_samples.base_url + "/admin/login/")
    browser.find_element(By.ID, "id_username").send_keys("editor")
    browser.find_element(By.ID, "id_password").send_keys(password)
    browser.find_element(By.CSS_SELECTOR, "input[type=submit]").click()
    WebDriverWait(browser, 30).until(lambda d: "/admin/login/" not in d.current_url)
    return browser


def test_admin_point_widget_shows_the_settlements_with_names_on_hover(editor_browser, map_with_samples):
    incident = map_with_samples.get_json("/api/incidents/?page_size=1")["features"][0]
    settlements = _settlements(map_with_samples)
    editor_browser.get(f"{map_with_samples.base_url}/admin/incidents/incident/{incident['id']}/change/")
    wait = WebDriverWait(editor_browser, 30)
    wait.until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "path.place-dot")) == len(settlements))
    # Villages are hoverable (cities carry a permanent label instead); take one the pointer can reach.
    dot = editor_browser.execute_script(_UNCOVERED_DOT)
    assert dot is not None
    ActionChains(editor_browser).move_to_element(dot).perform()
    tooltip = wait.until(EC.visibility_of_element_located((By.CSS_SELECTOR, ".leaflet-tooltip.place-hover span")))
    names = {place["name_ar"] for place in settlements if place["kind"] != "city"}
    assert tooltip.get_attribute("textContent") in names
    assert tooltip.get_attribute("dir") == "rtl"
