"""One reporting month through the web interface, in a real headless browser.

A Planner fills and submits February 2026 of event 2.1.1, an Analyst returns
it with a comment, the Planner fixes and resubmits it, the Analyst accepts,
the Head approves, and the Coordinator downloads the consolidated report as
XLSX. Every step leaves a screenshot in `target/e2e/NN-step.png`; the inbox
and the report form are taken once more at a phone's width.

Everything is done as a person would: through links, form fields and
buttons, starting from the inbox; no request is sent around the browser.
"""

from __future__ import annotations

import re
import zipfile
from decimal import Decimal

import openpyxl
from conftest import (
    ANALYST,
    COORDINATOR,
    EVENT,
    HEAD,
    NEXT_REPORT,
    PASSWORD,
    PLANNER,
    REPORT,
    Browser,
)
from selenium.webdriver.common.keys import Keys

PROGRESS = "Строятся три многоквартирных дома; готовность каркасов — 40 %."
RETURN_COMMENT = "Укажите, сколько квартир введено в эксплуатацию с начала года."
FIX = " Введено в эксплуатацию 54 квартиры."


def _last_month(hint: str) -> Decimal | None:
    """The value after «Прошлый месяц:» in a field's hint, written the
    Russian way (narrow spaces between thousands, a decimal comma)."""
    match = re.search(r"Прошлый месяц:\s*([^;]+)", hint)
    assert match, hint
    text = match.group(1).strip()
    if text == "—":
        return None
    return Decimal(re.sub(r"[\s\u202f\u00a0]", "", text).replace(",", "."))


def _state(browser: Browser) -> str:
    return browser.text("p.state")


def test_a_month_goes_from_the_planner_to_the_head_and_into_the_summary(
    browser: Browser,
) -> None:
    # 1. The Planner's inbox lists the month to fill.
    browser.login(PLANNER)
    assert browser.text("h1") == "Входящие"
    task = browser.link_to(REPORT)
    assert task.text == "Заполнить и направить отчёт"
    browser.screenshot("01-planner-inbox")

    # 2. The form: every indicator's fact year-to-date, above last month's
    #    (shown beside it), and the progress text; then submit.
    browser.click_and_wait(task)
    assert browser.path == REPORT
    assert "отчёт ещё не начат" in _state(browser)
    assert "Окно подачи: с 25.03.2026 по 30.03.2026" in browser.text("p.window")
    facts = browser.find_all("input[name^='fact.']")
    assert facts, "the form has no indicator fields"
    for field in facts:
        hint = browser.find(f"#{field.get_attribute('id')}-hint").text
        before = _last_month(hint)
        value = (before or Decimal(0)) + Decimal("4.3")
        browser.fill(field, format(value, "f").replace(".", ","))
    # Control points planned before the month's end are reached on the
    #    planned day; the date is typed as a Russian user types it.
    reached = []
    for field in browser.find_all("input[type=date][name^='cp.']"):
        label = browser.find(f"label[for='{field.get_attribute('id')}']").text
        planned = re.search(r"план: (\d\d)\.(\d\d)\.(\d{4})", label)
        assert planned, label
        day, month, year = planned.groups()
        if (year, month) <= ("2026", "02") and not field.get_attribute("value"):
            field.send_keys(f"{day}.{month}.{year}")
            assert field.get_attribute("value") == f"{year}-{month}-{day}", label
            reached.append(f"{day}.{month}.{year}")
    browser.fill(browser.find("textarea[name=progress]"), PROGRESS)
    browser.screenshot("02-planner-report-form")
    browser.click_and_wait(browser.button("Направить на проверку"))
    assert browser.path == REPORT + "?done=submit", browser.text("main")
    assert browser.flash() == "Направлено на проверку."
    assert "на проверке у аналитика" in _state(browser), _state(browser)
    browser.screenshot("03-planner-submitted")
    browser.logout()

    # 3. The Analyst finds it in the queue and returns it with a comment.
    browser.login(ANALYST)
    browser.click_and_wait(browser.find("header nav a[href='/queue']"))
    assert browser.text("h1") == "Проверка отчётов"
    waiting = browser.link_to(REPORT)
    assert EVENT in waiting.text
    browser.screenshot("04-analyst-queue")
    browser.click_and_wait(waiting)
    assert PROGRESS in browser.text("p.progress")
    for day in reached:
        assert day in browser.text("main"), f"the control point reached {day} is not shown"
    browser.fill(browser.find("textarea[name=comment]"), RETURN_COMMENT)
    browser.screenshot("05-analyst-report")
    browser.click_and_wait(browser.button("Вернуть на доработку"))
    assert browser.flash() == "Возвращено на доработку."
    assert "возвращён на доработку" in _state(browser), _state(browser)
    browser.screenshot("06-analyst-returned")
    browser.logout()

    # 4. The Planner sees the return in the inbox, reads the comment beside
    #    the form, fixes the progress text and submits again.
    browser.login(PLANNER)
    task = browser.link_to(REPORT)
    assert task.text == "Доработать возвращённый отчёт"
    browser.click_and_wait(task)
    assert RETURN_COMMENT in browser.text("div.notice.warning")
    progress = browser.find("textarea[name=progress]")
    assert progress.get_attribute("value") == PROGRESS
    progress.send_keys(FIX)
    browser.screenshot("07-planner-fixes")
    browser.click_and_wait(browser.button("Направить на проверку"))
    assert browser.flash() == "Направлено на проверку."
    browser.logout()

    # 5. The Analyst accepts the corrected report.
    browser.login(ANALYST)
    browser.click_and_wait(browser.find("header nav a[href='/queue']"))
    browser.click_and_wait(browser.link_to(REPORT))
    assert PROGRESS + FIX in browser.text("p.progress")
    browser.click_and_wait(browser.button("Принять"))
    assert browser.flash() == "Принято."
    assert "на утверждении у руководителя" in _state(browser), _state(browser)
    browser.screenshot("08-analyst-accepted")
    browser.logout()

    # 6. The Head approves it from the queue.
    browser.login(HEAD)
    browser.click_and_wait(browser.find("header nav a[href='/queue']"))
    browser.click_and_wait(browser.link_to(REPORT))
    browser.click_and_wait(browser.button("Утвердить"))
    assert browser.flash() == "Утверждено."
    assert "утверждён" in _state(browser), _state(browser)
    browser.screenshot("09-head-approved")
    browser.logout()

    # 7. The Coordinator opens the consolidated report (February by default,
    #    the last full month) and downloads it as XLSX: a ZIP container that
    #    openpyxl reads, whose events sheet shows the report approved.
    browser.login(COORDINATOR)
    browser.click_and_wait(browser.find("header nav a[href='/summary']"))
    assert browser.path.startswith("/summary"), browser.path
    assert browser.find_all("main h1") and "не найдена" not in browser.text("main h1"), (
        browser.text("main")
    )
    browser.screenshot("10-coordinator-summary")
    download = browser.driver.find_element("link text", "Скачать XLSX")
    href = download.get_attribute("href") or ""
    assert "/summary/file?" in href and "format=xlsx" in href, href
    download.click()
    xlsx = browser.downloaded(".xlsx")
    assert zipfile.is_zipfile(xlsx), xlsx
    workbook = openpyxl.load_workbook(xlsx, read_only=True)
    try:
        assert "Мероприятия" in workbook.sheetnames, workbook.sheetnames
        rows = [
            [str(value) for value in row if value is not None]
            for row in workbook["Мероприятия"].iter_rows(values_only=True)
        ]
    finally:
        workbook.close()
    ours = [row for row in rows if EVENT in row]
    assert len(ours) == 1, f"rows of {EVENT} in {xlsx.name}: {ours}"
    # The month's report of the event is the one just approved.
    assert "утверждён" in ours[0], ours[0]
    assert browser.console_errors() == []


def test_the_inbox_and_the_report_form_fit_a_phone(browser: Browser) -> None:
    """At 390 px the pages scroll down but never sideways (wide tables
    scroll inside their own box)."""
    browser.emulate_phone()
    browser.login(PLANNER)
    overflow = "return document.documentElement.scrollWidth - window.innerWidth"
    assert browser.driver.execute_script(overflow) <= 0, "the inbox scrolls sideways"
    browser.screenshot("11-phone-inbox")
    browser.open(NEXT_REPORT)
    assert browser.find_all("textarea[name=progress]"), browser.text("main")
    assert browser.driver.execute_script(overflow) <= 0, "the report form scrolls sideways"
    browser.screenshot("12-phone-report-form")
    assert browser.console_errors() == []


def test_a_planner_logs_in_with_the_keyboard_alone(browser: Browser) -> None:
    """The login field has the focus; Tab leads to the password and Enter
    sends the form."""
    browser.open("/login")
    active = browser.driver.switch_to.active_element
    assert active.get_attribute("name") == "login"
    active.send_keys(PLANNER, Keys.TAB)
    active = browser.driver.switch_to.active_element
    assert active.get_attribute("name") == "password"
    browser.mark_page()
    active.send_keys(PASSWORD, Keys.ENTER)
    browser.wait_for_next_page()
    assert browser.path == "/"
    assert browser.text("h1") == "Входящие"
    assert browser.console_errors() == []
