"""An editor's flow in headless Chromium, as a non-superuser in the Editors group: submit a report, follow its
extraction by the real worker, open its incident from the progress page and confirm it."""

import secrets

import pytest
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select, WebDriverWait

pytestmark = pytest.mark.e2e

REPORT = "قصفت قوات النظام بلدة طفس بقذائف الهاون صباح اليوم"  # one line, no full stop: read as the report


@pytest.fixture(scope="module")
def desk_editor(browser, live_stack):  # noqa: F811
    """The browser logged in as a staff user whose only rights are the Editors group's."""
    password = secrets.token_urlsafe(16)
    result = live_stack.manage("shell", "-c", (
        "from django.contrib.auth.models import Group, User; "
        f"user = User.objects.create_user('desk', password='{password}', is_staff=True); "
        "user.groups.add(Group.objects.get(name='Editors'))"
    ))
    assert result.returncode == 0, result.stderr
    browser.get(live_stack.base_url + "/admin/login/")
    browser.find_element(By.ID, "id_username").send_keys("desk")
    browser.find_element(By.ID, "id_password").send_keys(password)
    browser.find_element(By.CSS_SELECTOR, "input[type=submit]").click()
    WebDriverWait(browser, 30).until(lambda d: "/admin/login/" not in d.current_url)
    yield browser
    # The stack is shared with the other browser and worker tests, which count the articles: take ours away.
    result = live_stack.manage("shell", "-c", (
        "from incidents.models import Article; Article.objects.filter(source__startswith='Desk ').delete()"
    ))
    assert result.returncode == 0, result.stderr


def _submit(driver, stack, text: str, source: str) -> WebDriverWait:
    driver.get(stack.base_url + "/admin/incidents/article/add/")
    driver.find_element(By.ID, "id_text").send_keys(text)
    driver.find_element(By.ID, "id_title").send_keys("تقرير")
    driver.find_element(By.ID, "id_source").send_keys(source)
    driver.find_element(By.CSS_SELECTOR, "input[name=_save]").click()
    # The progress page redraws its list while it follows the worker: an element read mid-redraw is read again.
    wait = WebDriverWait(driver, 60, ignored_exceptions=(StaleElementReferenceException,))
    wait.until(lambda d: "/progress/" in d.current_url)
    return wait


def _click_when_clickable(locator):
    """A wait condition that clicks the element once it can be clicked (a stale one is looked up again)."""
    def condition(driver):
        element = EC.element_to_be_clickable(locator)(driver)
        if element:
            element.click()
        return bool(element)
    return condition


def _open_the_extracted_incident(driver, wait: WebDriverWait) -> str:
    """From the progress page, once extracted and geocoded, open the incident's change form; returns its URL."""
    wait.until(lambda d: d.find_element(By.ID, "desk-status").text == "Extracted")
    # The page stops following the worker (and redrawing its list) once everything is geocoded.
    wait.until(lambda d: not d.find_element(By.ID, "desk-working").is_displayed())
    # The page's first poll redraws the list the server wrote, even when already complete: a link read just before
    # that redraw goes stale, so it is read and clicked again until the click lands.
    wait.until(_click_when_clickable((By.CSS_SELECTOR, "#desk-incidents a")))
    wait.until(lambda d: "/admin/incidents/incident/" in d.current_url)
    return driver.current_url


def _save_and_read_the_message(driver, wait: WebDriverWait) -> str:
    driver.find_element(By.CSS_SELECTOR, "input[name=_save]").click()
    return wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, ".messagelist"))).text


def _place_shown(driver, change_url: str) -> str:
    driver.get(change_url)
    return driver.find_element(By.CSS_SELECTOR, ".field-place .select2-selection__rendered").text


def _undo_the_correction(driver, wait: WebDriverWait, change_url: str) -> None:
    """From the incident's change form, open its corrections, tick the one there and run Undo."""
    driver.get(change_url)
    driver.find_element(By.CSS_SELECTOR, ".field-corrections_link a").click()
    wait.until(EC.element_to_be_clickable((By.CSS_SELECTOR, "input.action-select"))).click()
    _run_action(driver, "undo")
    assert "Undone" in wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, ".messagelist"))).text


def _reviews(stack, source: str) -> str:
    """The review status and reviewer of the incidents of the articles from one outlet, as the database has them."""
    result = stack.manage("shell", "-c", (
        "from incidents.models import Incident; "
        f"incidents = Incident.objects.filter(article__source='{source}'); "
        "print(*incidents.values_list('review_status', 'reviewed_by__username'))"
    ))
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


def _run_action(driver, action: str) -> None:
    Select(driver.find_element(By.NAME, "action")).select_by_value(action)
    driver.find_element(By.CSS_SELECTOR, "button[name=index]").click()


def test_an_editor_submits_a_report_follows_it_and_confirms_its_incident(desk_editor, live_stack):
    wait = _submit(desk_editor, live_stack, REPORT, "Desk test")
    # The page follows the worker: the incident appears, on the small map too, linked to its change form.
    wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, "#desk-map path.leaflet-interactive[stroke='#b3261e']"))
    wait.until(lambda d: d.find_element(By.CSS_SELECTOR, "#desk-incidents span[dir=rtl]").text == "طفس")
    _open_the_extracted_incident(desk_editor, wait)
    mark = wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, ".desk-paragraph mark.desk-mention")))
    assert mark.text == "طفس"
    assert mark.find_element(By.XPATH, "..").get_attribute("dir") == "rtl"
    Select(desk_editor.find_element(By.ID, "id_review_status")).select_by_value("confirmed")
    desk_editor.find_element(By.CSS_SELECTOR, "input[name=_save]").click()
    wait.until(lambda d: "/admin/incidents/incident/" in d.current_url and "/change/" not in d.current_url)
    assert "was changed successfully" in desk_editor.find_element(By.CSS_SELECTOR, ".messagelist").text
    assert _reviews(live_stack, "Desk test") == "('confirmed', 'desk')"


def test_an_editor_corrects_by_place_with_the_picker_then_undoes_it(desk_editor, live_stack):
    report = "اشتباكات عنيفة في بلدة الشيخ مسكين بين الفصائل وقوات النظام"
    wait = _submit(desk_editor, live_stack, report, "Desk place")
    change_url = _open_the_extracted_incident(desk_editor, wait)
    wait.until(EC.element_to_be_clickable((By.CSS_SELECTOR, ".field-place .select2-selection"))).click()
    search = wait.until(EC.visibility_of_element_located((By.CSS_SELECTOR, ".select2-search__field")))
    search.send_keys("نوى")
    option = wait.until(EC.element_to_be_clickable(
        (By.XPATH, "//li[contains(@class,'select2-results__option') and starts-with(normalize-space(.), 'نوى')]")))
    option.click()
    assert "chose a gazetteer place" in _save_and_read_the_message(desk_editor, wait).lower()
    assert "نوى (Nawa)" in _place_shown(desk_editor, change_url)
    _undo_the_correction(desk_editor, wait, change_url)
    assert "الشيخ مسكين" in _place_shown(desk_editor, change_url)


def test_an_editor_confirms_the_review_queue_in_bulk(desk_editor, live_stack):
    report = "قصفت قوات النظام بلدة زغبرينة بالمدفعية الثقيلة صباح اليوم"
    wait = _submit(desk_editor, live_stack, report, "Desk queue")
    wait.until(lambda d: d.find_element(By.ID, "desk-status").text == "Extracted")
    desk_editor.get(live_stack.base_url + "/admin/")
    queue = desk_editor.find_element(By.ID, "review-queue")
    queue.find_element(By.PARTIAL_LINK_TEXT, "Unresolved").click()
    # Only this report's incidents: the stack is shared with the other browser tests.
    search = wait.until(EC.presence_of_element_located((By.ID, "searchbar")))
    search.send_keys("زغبرينة")
    search.submit()
    wait.until(lambda d: "q=" in d.current_url)
    wait.until(EC.element_to_be_clickable((By.ID, "action-toggle"))).click()
    _run_action(desk_editor, "reject")
    assert "Rejected" in wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, ".messagelist"))).text
    assert _reviews(live_stack, "Desk queue") == "('rejected', 'desk')"


def test_an_editor_moves_the_point_to_a_new_place_then_undoes_it(desk_editor, live_stack):
    report = "قصفت قوات النظام قرية تل الخضر الصغيرة بالمدفعية الثقيلة صباح اليوم"
    wait = _submit(desk_editor, live_stack, report, "Desk point")
    change_url = _open_the_extracted_incident(desk_editor, wait)
    # Draw the point as an editor does: the marker tool, then a click on the map beside its centre.
    wait.until(EC.element_to_be_clickable((By.CSS_SELECTOR, ".leaflet-draw-draw-marker"))).click()
    container = desk_editor.find_element(By.CSS_SELECTOR, ".field-point .leaflet-container")
    desk_editor.execute_script("arguments[0].scrollIntoView({block: 'center'});", container)
    ActionChains(desk_editor).move_to_element_with_offset(container, 40, -30).click().perform()
    wait.until(lambda d: "Point" in d.find_element(By.ID, "id_point").get_attribute("value"))
    Select(desk_editor.find_element(By.ID, "id_new_place_kind")).select_by_value("village")
    assert "created an editor's new place" in _save_and_read_the_message(desk_editor, wait).lower()
    assert "تل الخضر" in _place_shown(desk_editor, change_url)
    _undo_the_correction(desk_editor, wait, change_url)
    result = live_stack.manage("shell", "-c", (
        "from gazetteer.models import Place; print(Place.objects.filter(name_ar='تل الخضر').count())"
    ))
    assert result.stdout.strip().splitlines()[-1] == "0", result.stdout + result.stderr
