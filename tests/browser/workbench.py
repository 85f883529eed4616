"""The clerk's workbench in a real browser (Debian's chromium and chromium-driver, over
WebDriver with selenium), against a live `hoso serve --workspace`:

    python3 workbench.py URL WORKSPACE SCREENSHOTS

WORKSPACE holds truong-a/ho-so.json (the sample) and its files. Steps, each with a screenshot:
open the workspace; create a dossier from the sample; change a nominee's name and see the
preview's text change; type an impossible date and see the problem at that field; paste three
rows of a CSV into the nominee grid; save and find the change in the file on disk; reload with
unsaved edits and find them restored; save over a file changed on disk and get the conflict,
the edit kept; publish and see each document's fields still to sign. Exits non-zero at the first step that fails, saying which.
"""

import csv
import io
import json
import os
import shutil
import sys
import time

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select, WebDriverWait

URL, WORKSPACE, SHOTS = sys.argv[1:4]
BROWSER = sys.argv[4] if len(sys.argv) > 4 else "chromium"
# The session's token, as the address hoso serve prints carries it.
TOKEN = os.environ.get("HOSO_TOKEN", "")
os.makedirs(SHOTS, exist_ok=True)

if BROWSER == "firefox":
    # Debian's firefox-esr, driven by geckodriver (`cargo install geckodriver`, as .ci/run does).
    options = webdriver.FirefoxOptions()
    options.add_argument("-headless")
    options.binary_location = "/usr/bin/firefox-esr"
    options.set_preference("intl.accept_languages", "vi")
    # Lets the test put text on the clipboard, so a real Ctrl+V pastes it (a synthetic paste
    # event carries no data in Firefox).
    options.set_preference("dom.events.testing.asyncClipboard", True)
    driver = webdriver.Firefox(service=webdriver.FirefoxService(shutil.which("geckodriver")), options=options)
    driver.set_window_size(1500, 1100)
else:
    options = webdriver.ChromeOptions()
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1500,1100", "--lang=vi"):
        options.add_argument(arg)
    options.binary_location = "/usr/bin/chromium"
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
# The page re-renders its editor after a change: an element found a moment ago may be gone;
# a wait looks again rather than fail.
wait = WebDriverWait(driver, 60, poll_frequency=0.1, ignored_exceptions=[NoSuchElementException, StaleElementReferenceException])


def again(action, tries=20):
    """Run `action` (which finds its elements afresh), again if the page re-rendered under it."""
    for k in range(tries):
        try:
            return action()
        except StaleElementReferenceException:
            if k == tries - 1:
                raise
            time.sleep(0.1)
step_no = 0


def step(name):
    global step_no
    step_no += 1
    print(f"step {step_no}: {name}", flush=True)


def shot(name):
    driver.save_screenshot(os.path.join(SHOTS, f"{step_no:02d}-{name}.png"))


def field(path):
    return driver.find_element(By.CSS_SELECTOR, f'[data-path="{path}"]')


def previewed_after(n):
    """Wait for a preview newer than preview number `n`; its number."""
    wait.until(lambda d: int(d.find_element(By.TAG_NAME, "body").get_attribute("data-previewed") or 0) > n)
    return int(driver.find_element(By.TAG_NAME, "body").get_attribute("data-previewed"))


def preview_number():
    return int(driver.find_element(By.TAG_NAME, "body").get_attribute("data-previewed") or 0)


def page_text():
    return " ".join(e.get_attribute("textContent") for e in driver.find_elements(By.CSS_SELECTOR, ".page-text"))


def replace_text(el, text):
    el.click()
    el.send_keys(Keys.CONTROL, "a")
    el.send_keys(Keys.DELETE)
    el.send_keys(text)


try:
    step("open the workspace")
    driver.get(URL + "/" + ("#token=" + TOKEN if TOKEN else ""))
    wait.until(lambda d: d.find_element(By.TAG_NAME, "body").get_attribute("data-ready") == "true")
    previewed_after(0)
    assert "Tờ trình" in again(lambda: Select(driver.find_element(By.ID, "document-select")).first_selected_option.text)
    shot("open")

    step("create a dossier from the sample")
    driver.find_element(By.ID, "new-button").click()
    driver.find_element(By.ID, "new-path").send_keys("truong-a/ho-so-moi.json")
    again(lambda: Select(driver.find_element(By.ID, "new-from")).select_by_value("truong-a/ho-so.json"))
    n = preview_number()
    driver.find_element(By.ID, "new-create").click()
    wait.until(lambda d: d.find_element(By.ID, "dossier-select").get_attribute("value") == "truong-a/ho-so-moi.json")
    wait.until(lambda d: d.find_element(By.TAG_NAME, "body").get_attribute("data-preview-path") == "truong-a/ho-so-moi.json")
    assert os.path.isfile(os.path.join(WORKSPACE, "truong-a/ho-so-moi.json"))
    shot("created")

    step("change a nominee's name and see the preview's text change")
    nominees = json.load(open(os.path.join(WORKSPACE, "truong-a/ho-so-moi.json"), encoding="utf-8"))["nominees"]
    i = next(k for k, x in enumerate(nominees) if x["kind"] == "individual")
    old = nominees[i]["name"]
    assert old in again(page_text), f"{old} not in the preview"
    new = old + " Khánh"
    again(lambda: field(f"nominees[{i}].name").send_keys(" Khánh"))
    wait.until(lambda d: new in page_text())
    shot("name-in-preview")

    step("titles and authorities are chosen by their names, never by their ids")
    awards_cell = again(lambda: field(f"nominees[{i}].awards").get_attribute("value"))
    assert awards_cell == "Giấy khen", awards_cell
    chooser = again(lambda: driver.find_element(By.CSS_SELECTOR, "select[data-path='awards[0].authority']"))
    assert Select(chooser).first_selected_option.text.startswith("Giám đốc Sở"), Select(chooser).first_selected_option.text

    step("type an impossible date and see the problem at that field")
    kept_date = again(lambda: field(f"nominees[{i}].birth_date").get_attribute("value"))
    again(lambda: replace_text(field(f"nominees[{i}].birth_date"), "31/02/1985"))
    wait.until(lambda d: field(f"nominees[{i}].birth_date").get_attribute("aria-invalid") == "true")
    problem = again(lambda: field(f"nominees[{i}].birth_date").find_element(By.XPATH, "..").find_element(By.CSS_SELECTOR, ".field-problem").text)
    assert "31/02/1985" in problem and "ngày" in problem, problem
    listed = driver.find_element(By.ID, "problems").text
    assert "31/02/1985" in listed, listed
    # The preview does not wait for a dossier without errors: it shows the draft, marked so.
    wait.until(lambda d: d.find_element(By.TAG_NAME, "body").get_attribute("data-draft") == "true")
    assert "BẢN NHÁP" in driver.find_element(By.ID, "preview-status").text
    assert driver.find_elements(By.CSS_SELECTOR, "#pages.draft figure"), "the draft's pages are shown"
    shot("date-problem")
    again(lambda: replace_text(field(f"nominees[{i}].birth_date"), kept_date))
    wait.until(lambda d: field(f"nominees[{i}].birth_date").get_attribute("aria-invalid") is None)
    wait.until(lambda d: d.find_element(By.TAG_NAME, "body").get_attribute("data-draft") == "false")

    step("paste three rows from a CSV into the nominee grid")
    rows = list(csv.reader(io.StringIO(open(os.path.join(WORKSPACE, "ba-dong.csv"), encoding="utf-8").read())))[1:]
    tsv = "\n".join("\t".join(r) for r in rows) + "\n"
    before = len(driver.find_elements(By.CSS_SELECTOR, "#nominee-grid tbody tr"))
    driver.find_element(By.XPATH, "//button[normalize-space()='Thêm người được đề nghị']").click()
    wait.until(lambda d: field(f"nominees[{before}].name"))
    time.sleep(0.3)
    target = field(f"nominees[{before}].name")
    if BROWSER == "firefox":
        driver.execute_async_script(
            "const done = arguments[arguments.length - 1];"
            "navigator.clipboard.writeText(arguments[0]).then(() => done(), e => done(String(e)));", tsv)
        target.click()
        target.send_keys(Keys.CONTROL, "v")
    else:
        driver.execute_script(
            "const dt = new DataTransfer(); dt.setData('text', arguments[1]);"
            "arguments[0].dispatchEvent(new ClipboardEvent('paste', {clipboardData: dt, bubbles: true, cancelable: true}));",
            target, tsv)
    wait.until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#nominee-grid tbody tr")) == before + 3)
    for k, r in enumerate(rows):
        assert again(lambda: field(f"nominees[{before + k}].name").get_attribute("value")) == r[0]
    shot("pasted")

    step("import three rows from a spreadsheet with a title line, a bad date and a collective, every column shown, seen before applied")
    sheet = os.path.join(WORKSPACE, "nhap-them.csv")
    open(sheet, "w", encoding="utf-8").write(
        "DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG NĂM HỌC 2025 - 2026;;;;;;\n;;;;;;\n"
        "STT;Họ và tên;Giới tính;Ngày sinh;Chức vụ;Đơn vị;Danh hiệu đề nghị;Điểm tự chấm\n"
        "1;Hà Thị Lan;Nữ;02/03/1991;Giáo viên;Khoa Văn hóa - Cơ bản;LĐTT;95\n"
        "2;Y Bơ Niê;Nam;31/02/1988;Giáo viên;Khoa Nông - Lâm nghiệp;LĐTT;90\n"
        "3;Tổ Văn phòng;;;;;Giấy khen;\n")
    rows_before = len(driver.find_elements(By.CSS_SELECTOR, "#nominee-grid tbody tr"))
    chooser = driver.find_element(By.ID, "import-file")
    driver.execute_script("arguments[0].hidden = false", chooser)
    chooser.send_keys(sheet)
    wait.until(lambda d: d.find_element(By.ID, "import-dialog").is_displayed())
    summary = driver.find_element(By.ID, "import-summary").text
    assert "Tiêu đề ở dòng 3" in summary and "nhập 3" in summary and "mới 3" in summary, summary
    assert "ô cần sửa" in summary, "the bad date is said, its row kept: " + summary
    notes = driver.find_element(By.ID, "import-notes").text
    assert "“Tổ Văn phòng” được nhập là tập thể" in notes, notes
    refused = driver.find_element(By.ID, "import-refused").text
    assert "31/02/1988" in refused, refused
    columns = [r.text for r in driver.find_elements(By.CSS_SELECTOR, "#import-columns tbody tr")]
    assert any(c.startswith("G Danh hiệu đề nghị") for c in columns), columns
    # The column hoso does not know is shown, not imported; the clerk maps it to the note.
    pick = driver.find_element(By.CSS_SELECTOR, "#import-columns select[aria-label='Cột H nhập vào']")
    assert pick.get_attribute("value") == "", "an unknown column is not imported"
    Select(pick).select_by_value("Ghi chú")
    driver.find_element(By.ID, "import-again").click()
    wait.until(lambda d: d.find_element(By.CSS_SELECTOR, "#import-columns select[aria-label='Cột H nhập vào']").get_attribute("value") == "Ghi chú")
    assert len(driver.find_elements(By.CSS_SELECTOR, "#nominee-grid tbody tr")) == rows_before, "applied before asked"
    shot("import-preview")
    driver.find_element(By.ID, "import-apply").click()
    wait.until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#nominee-grid tbody tr")) == rows_before + 3)

    step("a decision by an authority that is not the unit's own is refused at its field")
    driver.find_element(By.XPATH, "//button[normalize-space()='Thêm quyết định']").click()
    pick = wait.until(lambda d: d.find_element(By.CSS_SELECTOR, "select[data-path='decisions[0].authority']"))
    higher = next(o for o in Select(pick).options if o.text.startswith("Giám đốc Sở"))
    Select(pick).select_by_value(higher.get_attribute("value"))
    def issuer_problem(d):
        box = d.find_element(By.CSS_SELECTOR, "select[data-path='decisions[0].authority']").find_element(By.XPATH, "..")
        return " ".join(p.text for p in box.find_elements(By.CSS_SELECTOR, ".field-problem"))
    wait.until(lambda d: "là cấp trên" in again(lambda: issuer_problem(d)))
    shot("wrong-issuer")
    driver.find_element(By.ID, "undo-button").click()
    driver.find_element(By.ID, "undo-button").click()
    wait.until(lambda d: not d.find_elements(By.CSS_SELECTOR, "select[data-path='decisions[0].authority']"))

    step("evidence of the wrong kind is refused before anything is written")
    fake = os.path.join(WORKSPACE, "anh-gia.jpg")
    open(fake, "w", encoding="utf-8").write("đây không phải là ảnh JPEG")
    chooser = driver.find_element(By.CSS_SELECTOR, "#nominee-detail-0 input[type=file]")
    driver.execute_script("arguments[0].closest('[hidden]').hidden = false", chooser)
    chooser.send_keys(fake)
    wait.until(lambda d: "Không tải được tệp" in d.find_element(By.ID, "status").text)
    assert "không phải" in driver.find_element(By.ID, "status").text, driver.find_element(By.ID, "status").text
    assert not os.path.exists(os.path.join(WORKSPACE, "truong-a/minh-chung/anh-gia.jpg")), "nothing written"
    shot("evidence-refused")
    driver.execute_script("document.getElementById('nominee-detail-0').hidden = true")

    step("save, and find the change in the file on disk")
    driver.find_element(By.ID, "save-button").click()
    wait.until(lambda d: "Đã lưu" in d.find_element(By.ID, "status").text)
    on_disk = json.load(open(os.path.join(WORKSPACE, "truong-a/ho-so-moi.json"), encoding="utf-8"))
    names = [x.get("name") for x in on_disk["nominees"]]
    assert new in names, names
    assert all(r[0] in names for r in rows), names
    assert "Hà Thị Lan" in names and "Y Bơ Niê" in names, names
    lan = next(x for x in on_disk["nominees"] if x.get("name") == "Hà Thị Lan")
    assert lan.get("note") == "95", lan
    shot("saved")

    step("reload with unsaved edits: they are restored")
    again(lambda: field("agency.place").send_keys(" mới"))
    edited = again(lambda: field("agency.place").get_attribute("value"))
    time.sleep(0.3)
    driver.refresh()
    wait.until(lambda d: d.find_element(By.TAG_NAME, "body").get_attribute("data-ready") == "true")
    restored = again(lambda: field("agency.place").get_attribute("value"))
    assert restored == edited, restored
    assert "khôi phục" in driver.find_element(By.ID, "status").text
    shot("restored")

    step("a save over a file changed on disk is refused, the edit kept")
    path = os.path.join(WORKSPACE, "truong-a/ho-so-moi.json")
    theirs = json.load(open(path, encoding="utf-8"))
    theirs["agency"]["name"] = "Đơn vị sửa ở nơi khác"
    open(path, "w", encoding="utf-8").write(json.dumps(theirs, ensure_ascii=False, indent=2) + "\n")
    driver.find_element(By.ID, "save-button").click()
    wait.until(lambda d: d.find_element(By.ID, "conflict").is_displayed())
    assert json.load(open(path, encoding="utf-8"))["agency"]["name"] == "Đơn vị sửa ở nơi khác", "the file on disk was overwritten"
    assert again(lambda: field("agency.place").get_attribute("value")) == edited, "the edit was lost"
    # The two versions side by side: keep the name from disk, the place from the page.
    rows = wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, "#conflict-diff tbody tr"))
    texts = [r.text for r in rows]
    name_row = next(r for r in rows if "Đơn vị sửa ở nơi khác" in r.text)
    assert any(edited in t for t in texts), texts
    shot("conflict")
    name_row.find_elements(By.CSS_SELECTOR, "input[type=radio]")[0].click()
    driver.find_element(By.ID, "conflict-merge").click()
    wait.until(lambda d: "Đã lưu" in d.find_element(By.ID, "status").text)
    merged = json.load(open(path, encoding="utf-8"))
    assert merged["agency"]["name"] == "Đơn vị sửa ở nơi khác" and merged["agency"]["place"] == edited, merged["agency"]

    step("publish the dossier and see each document's signature status")
    # The sample itself (the copy carries this test's refused edits, which cannot be printed).
    Select(driver.find_element(By.ID, "dossier-select")).select_by_value("truong-a/ho-so.json")
    wait.until(lambda d: "Chưa in hồ sơ này" in d.find_element(By.ID, "signatures").text)
    driver.find_element(By.ID, "publish-button").click()
    wait.until(lambda d: "Đã in vào thư mục" in d.find_element(By.ID, "status").text)
    items = wait.until(lambda d: [li.text for li in d.find_elements(By.CSS_SELECTOR, "#signatures li") if "Còn ô chưa ký" in li.text])
    assert any("01-to-trinh.pdf" in t and "hieu_truong" in t for t in items), items
    shot("signature-status")

    step("every control has a name, and the page reads at 125 % zoom without sideways scrolling")
    unnamed = driver.execute_script(
        "return [...document.querySelectorAll('input:not([type=file]):not([hidden]), select, textarea, button')]"
        ".filter(e => e.offsetParent !== null)"
        ".filter(e => !(e.labels && e.labels.length) && !e.getAttribute('aria-label') && !e.textContent.trim())"
        ".map(e => e.outerHTML.slice(0, 120));")
    assert not unnamed, unnamed
    driver.set_window_size(1200, 900)
    driver.execute_script("document.body.style.zoom = '125%'")
    time.sleep(0.3)
    overflow = driver.execute_script("return document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"{overflow} px wider than the window at 125 %"
    shot("zoom-125")
    print("all steps passed", flush=True)
except Exception as e:
    shot("failed")
    print(f"FAILED at step {step_no}: {type(e).__name__}: {e}", flush=True)
    if BROWSER != "firefox":
        for entry in driver.get_log("browser"):
            print("browser:", entry, flush=True)
    sys.exit(1)
finally:
    driver.quit()
