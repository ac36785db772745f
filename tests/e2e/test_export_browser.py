"""The standalone HTML export opened from a file in a real headless Chromium: markers drawn, popups show the text."""

import json
import re
import urllib.request

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

pytestmark = pytest.mark.e2e
AWKWARD = "عنوان\nقصفت قوات النظام اليوم مدينة طفس \\u00zz </script><b>x</b> بقذائف الهاون.\n"


@pytest.fixture
def awkward_article(live_stack, tmp_path):
    """An article whose text has a backslash escape and a closing script tag; removed afterwards (others count)."""
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "awkward.txt").write_text(AWKWARD, encoding="utf-8")
    result = live_stack.manage("ingest", str(folder), "--wait", "120")
    assert result.returncode == 0, result.stdout + result.stderr
    yield
    removal = "from incidents.models import Article; Article.objects.filter(body__contains='u00zz').delete()"
    assert live_stack.manage("shell", "-c", removal).returncode == 0


def test_standalone_map_with_backslashes_and_script_tags_draws_every_marker(
    browser, live_stack, awkward_article, tmp_path  # noqa: F811
):
    with urllib.request.urlopen(live_stack.base_url + "/export/incidents.html?q=u00zz", timeout=30) as response:
        html = response.read().decode("utf-8")
    embedded = re.search(r'<script id="incident-data" type="application/json">(.*?)</script>', html, re.S)[1]
    features = json.loads(embedded)["features"]
    assert features
    page = tmp_path / "map.html"
    page.write_text(html, encoding="utf-8")
    browser.get(page.as_uri())
    wait = WebDriverWait(browser, 30)
    wait.until(lambda d: d.find_element(By.TAG_NAME, "body").get_attribute("data-markers") == str(len(features)))
    markers = browser.find_elements(By.CSS_SELECTOR, "path.leaflet-interactive")
    assert len(markers) == len(features)
    markers[0].click()
    popup = wait.until(EC.visibility_of_element_located((By.CSS_SELECTOR, ".leaflet-popup-content .popup")))
    assert "\\u00zz </script><b>x</b>" in popup.get_attribute("textContent")
    assert not popup.find_elements(By.TAG_NAME, "b"), "text is never markup"
    link = popup.find_element(By.TAG_NAME, "a").get_attribute("href")
    assert link.startswith(live_stack.base_url + "/articles/")


def test_api_docs_page_renders_under_the_content_security_policy(browser, live_stack):  # noqa: F811
    browser.get(live_stack.base_url + "/api/docs/")
    WebDriverWait(browser, 30).until(lambda d: any(
        "/api/incidents/" in path.get_attribute("textContent")
        for path in d.find_elements(By.CSS_SELECTOR, ".opblock-summary-path")
    ))
