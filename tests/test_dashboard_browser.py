"""The dashboard in a real headless Chromium, against the demo app on real bridges.

One `doover bridge up` (with the demo's device file), the demo app under `doover run`, one
`doover dashboard` and one browser session serve every test of this module.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest

from .conftest import BridgeProcess
from .support.app_projects import copy_demo
from .support.dashboard import DashboardProcess

CHROMIUM, CHROMEDRIVER = "/usr/bin/chromium", "/usr/bin/chromedriver"
WAIT = 30  # seconds: bound on every wait for the page
DOOVER = (sys.executable, "-m", "doover_cli")
NO_VALUE = "\u2013"  # what the page shows before a variable has a value

pytestmark = pytest.mark.skipif(
    not (shutil.which(CHROMIUM) and shutil.which(CHROMEDRIVER)),
    reason="needs Debian's chromium and chromium-driver (.ci/run installs them)",
)


@pytest.fixture(scope="module")
def rig(tmp_path_factory):
    """Bridges with the demo's device, the demo app, and `doover dashboard` pointed at them."""
    folder = tmp_path_factory.mktemp("dashboard")
    demo = copy_demo(folder)
    device = demo / "simulators" / "device.toml"
    bridges = BridgeProcess(folder / "dda.sqlite3", extra_args=("--device", str(device))).start()
    uris = ["--dda-uri", bridges.uri, "--plt-uri", bridges.plt_uri, "--apps-uri", bridges.apps_uri]
    uris += ["--modbus-uri", bridges.modbus_uri]
    app = subprocess.Popen(
        [*DOOVER, "run", str(demo), *uris],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    dashboard = None
    try:
        dashboard = DashboardProcess(*uris)
        yield {"bridges": bridges, "device": device, "uris": uris, "url": dashboard.url, "store": folder}
    finally:
        if dashboard:
            dashboard.stop()
        app.terminate()
        app.wait(15)
        bridges.stop()


@pytest.fixture(scope="module")
def browser():
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"):
        options.add_argument(argument)
    options.add_argument("--window-size=1200,1400")
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(WAIT)
    yield driver
    driver.quit()


@pytest.fixture(scope="module")
def page(rig, browser):
    browser.get(rig["url"])
    return browser


def until(browser, condition, message: str):
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(browser, WAIT, poll_frequency=0.1).until(lambda _: condition(), message)


def text_of(browser, css: str) -> str | None:
    """The text of the first element matching ``css`` (None when there is none)."""
    return browser.execute_script("const n = document.querySelector(arguments[0]); return n && n.textContent;", css)


LEVEL = '[data-app="tank_controller"] [data-name="level"] .reading'
PUMP = '[data-app="tank_controller"] [data-name="pump_on"] .reading'


def expected_colour(level: float) -> str:
    return "yellow" if level < 30 else "green" if level <= 80 else "blue"


def test_the_page_shows_the_tank_level_with_its_range_colour(page):
    until(page, lambda: text_of(page, LEVEL) not in (None, NO_VALUE), "no tank level on the page")
    reading = page.execute_script(
        "const n = document.querySelector(arguments[0]);"
        "return [n.textContent, n.dataset.colour, getComputedStyle(n).getPropertyValue('--range').trim()];",
        LEVEL,
    )
    level, colour, css = float(reading[0]), reading[1], reading[2]
    # the reading may have moved on since; its colour always matches the value shown with it
    assert colour == expected_colour(level)
    assert css == {"yellow": "#fdd835", "green": "#43a047", "blue": "#1e88e5"}[colour]


def choose_mode(page, text: str) -> None:
    from selenium.webdriver.support.ui import Select

    select = page.find_element("css selector", '[data-app="tank_controller"] [data-type="uiStateCommand"] select')
    Select(select).select_by_visible_text(text)
    page.execute_script("document.activeElement.blur()")


def test_choosing_pump_off_in_the_mode_command_switches_the_pump_off(page):
    until(page, lambda: text_of(page, PUMP) is not None, "no pump variable on the page")
    choose_mode(page, "Pump On")
    until(page, lambda: text_of(page, PUMP) == "On", "the app did not switch the pump on")
    choose_mode(page, "Pump Off")
    until(page, lambda: text_of(page, PUMP) == "Off", "the app did not switch the pump off")
    until(page, lambda: text_of(page, '[data-pin="do0"] .pin-value') == "off", "DO 0 still shows on")
    chosen = page.execute_script(
        'return document.querySelector(\'[data-app="tank_controller"] [data-type="uiStateCommand"] select\').value'
    )
    assert chosen == "off"


def test_forcing_an_input_on_the_io_panel_shows_in_the_apps_variables(page):
    until(page, lambda: text_of(page, '[data-pin="ai0"]') is not None, "no AI 0 row")
    field = page.find_element("css selector", '[data-pin="ai0"] input')
    field.send_keys("12")  # 12 mA from a 4-20 mA transmitter: 50 %
    page.find_element("css selector", '[data-pin="ai0"] form button').click()
    until(page, lambda: text_of(page, LEVEL) == "50.0", "the app's level did not follow the forced input")
    assert "forced" in text_of(page, '[data-pin="ai0"] .pin-value')
    page.find_element("css selector", '[data-pin="ai0"] .pin-controls > button').click()  # Release
    until(page, lambda: "forced" not in text_of(page, '[data-pin="ai0"] .pin-value'), "AI 0 still forced")


def test_a_channel_publish_from_the_page_appears_in_doover_channel_tail(page, rig):
    options = ["--last", "1", "--count", "1", "--timeout", str(WAIT), "--json", "--dda-uri", rig["bridges"].uri]
    tail = subprocess.Popen(
        [*DOOVER, "channel", "tail", "from_the_page", *options],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    form = page.find_element("css selector", "#publish")
    channel = form.find_element("css selector", "[name=channel]")
    channel.clear()
    channel.send_keys("from_the_page")
    form.find_element("css selector", "[name=payload]").send_keys('{"pressed": "publish", "n": 7}')
    form.find_element("css selector", "button").click()
    out, err = tail.communicate(timeout=WAIT + 15)
    assert tail.returncode == 0, err
    assert json.loads(out.splitlines()[-1])["payload"] == {"pressed": "publish", "n": 7}


def bridge_pill(page) -> str | None:
    return page.execute_script("return document.querySelector('.pill[data-bridge=\"dda\"]').dataset.state")


def test_a_bridge_restart_shows_disconnected_then_live_again(page, rig):
    until(page, lambda: bridge_pill(page) == "live", "the DDA never showed live")
    old = rig["bridges"]
    old.kill()
    until(page, lambda: bridge_pill(page) == "disconnected", "the page did not show the DDA disconnected")
    ports = {
        flag: uri.rsplit(":", 1)[1]
        for flag, uri in zip(
            ("--plt-port", "--modbus-port", "--apps-port"), (old.plt_uri, old.modbus_uri, old.apps_uri), strict=True
        )
    }
    extra = ("--device", str(rig["device"]), *[part for item in ports.items() for part in item])
    rig["bridges"] = BridgeProcess(old.store, port=old.port, extra_args=extra).start()
    until(page, lambda: bridge_pill(page) == "live", "the page did not show the DDA live again")
    until(page, lambda: text_of(page, LEVEL) not in (None, NO_VALUE), "the app UI did not come back")


def test_the_page_fits_a_narrow_window(page):
    page.set_window_size(380, 900)
    try:
        wider = page.execute_script(
            "const w = document.documentElement.clientWidth;"
            "return [...document.querySelectorAll('main *')].filter(n => n.getBoundingClientRect().right > w + 1)"
            ".map(n => n.tagName + '.' + n.className).slice(0, 5);"
        )
        assert wider == []
    finally:
        page.set_window_size(1200, 1400)
