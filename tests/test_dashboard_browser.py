"""The dashboard in a real headless Chromium, against the demo app on real bridges.

One demo rig (`doover bridge up` with the demo's device file, the demo app under `doover run`,
`doover dashboard`) and one browser session serve every test of this module.
"""

from __future__ import annotations

import json
import subprocess

import pytest

from .support.dashboard import DOOVER, demo_rig, needs_browser, until

WAIT = 30  # seconds: bound on every wait for the page
NO_VALUE = "\u2013"  # what the page shows before a variable has a value

pytestmark = needs_browser()


@pytest.fixture(scope="module")
def rig(tmp_path_factory):
    with demo_rig(tmp_path_factory.mktemp("dashboard")) as running:
        yield running


@pytest.fixture(scope="module")
def page(rig, browser):
    browser.get(rig.url)
    return browser


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
    options = ["--last", "1", "--count", "1", "--timeout", str(WAIT), "--json", "--dda-uri", rig.bridges.uri]
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


def test_restarting_the_app_from_the_apps_panel_restarts_it(page):
    row = '#apps-list [data-app="tank_controller"]'
    until(page, lambda: text_of(page, f"{row} .app-state") == "healthy", "the demo app is not healthy")
    restarts = page.execute_script(f"return document.querySelector('{row}').children[3].textContent")
    page.find_element("css selector", f"{row} button").click()  # the first button: restart
    until(
        page,
        lambda: page.execute_script(f"return document.querySelector('{row}').children[3].textContent") != restarts,
        "the restart count did not change",
    )
    until(page, lambda: text_of(page, f"{row} .app-state") == "healthy", "the app did not come back healthy")


def bridge_pill(page) -> str | None:
    return page.execute_script("return document.querySelector('.pill[data-bridge=\"dda\"]').dataset.state")


def test_a_bridge_restart_shows_disconnected_then_live_again(page, rig):
    until(page, lambda: bridge_pill(page) == "live", "the DDA never showed live")
    rig.bridges.kill()
    until(page, lambda: bridge_pill(page) == "disconnected", "the page did not show the DDA disconnected")
    rig.restart_bridges()
    until(page, lambda: bridge_pill(page) == "live", "the page did not show the DDA live again")
    until(page, lambda: text_of(page, LEVEL) not in (None, NO_VALUE), "the app UI did not come back")


def overflowing(page) -> list[str]:
    """Elements reaching past the right edge of their panel (or of the window)."""
    return page.execute_script(
        "const w = document.documentElement.clientWidth;"
        "return [...document.querySelectorAll('.panel *')].filter(n => {"
        "  const edge = Math.min(w, n.closest('.panel').getBoundingClientRect().right);"
        "  return n.getClientRects().length && n.getBoundingClientRect().right > edge + 1;"
        "}).map(n => n.tagName + '.' + n.className).slice(0, 5);"
    )


@pytest.mark.parametrize("width", [380, 1000])
def test_the_page_fits_narrow_and_laptop_windows(page, width):
    page.set_window_size(width, 900)
    try:
        assert overflowing(page) == []
    finally:
        page.set_window_size(1200, 1400)


def element(kind: str, title: str, **fields) -> dict:
    return {"type": kind, "displayString": title, **fields}


GALLERY = {  # both SDK generations' element types, and one nobody knows
    "v_num": element(
        "uiVariable",
        "Num",
        varType="float",
        currentValue=12.345,
        decPrecision=2,
        ranges=[
            {"label": "Ok", "min": 0, "max": 50, "colour": "green"},
            {"label": "Hot", "min": 50, "max": 100, "colour": "red"},
        ],
    ),
    "v_bool": element("uiVariable", "Bool", varType="bool", currentValue=True),
    "v_text": element("uiVariable", "Text", varType="string", currentValue="hello"),
    "v_time": element("uiVariable", "Time", varType="time", currentValue=1_700_000_000),
    "warn": element("uiWarningIndicator", "Careful"),
    "hidden_value": {"type": "uiHiddenValue"},
    "hidden_var": element("uiVariable", "Secret", varType="float", currentValue=1, hidden=True),
    "act": element("uiAction", "Act", colour="red", requiresConfirm=False),
    "cmd": element("uiStateCommand", "Cmd", userOptions={"a": {"name": "a", "displayString": "A"}}),
    "slider": element("uiSlider", "Slide", min=0, max=10, stepSize=1),
    "fparam": element("uiFloatParam", "FParam"),
    "tparam": element("uiTextParam", "TParam"),
    "bparam": element("uiBoolParam", "BParam"),
    "dparam": element("uiDatetimeParam", "DParam"),
    "significantEvent": element("uiAlertStream", "Alerts"),
    "conn": element("uiConnectionInfo", "Conn", connectionType="constant"),
    "plot": element("uiMultiPlot", "Plot", series=["v_num"]),
    "cam": element("uiCamera", "Cam", imageUrl="data:image/gif;base64,R0lGODlhAQABAAAAACw="),
    "sub": element(
        "uiSubmodule",
        "Sub",
        children={"inner": element("uiVariable", "Inner", varType="float", currentValue=3)},
    ),
    "btn": element("uiButton", "Btn", labelString="Press"),
    "sel": element("uiSelect", "Sel", options=[{"name": "x", "displayString": "X"}]),
    "gallery_sw": element("uiSwitch", "Switch"),
    "fin": element("uiFloatInput", "FIn", currentValue="$cmds.app().fin::2.5"),
    "tin": element("uiTextInput", "TIn"),
    "ts": element("uiTimestamp", "Stamp", currentValue=1_700_000_000_000),
    "dtin": element("uiDatetimeInput", "DtIn"),
    "tabs": element(
        "uiTabs",
        "Tabs",
        children={
            "one": element(
                "uiTab",
                "One",
                position=1,
                children={"in_one": element("uiVariable", "In one", name="in_one", currentValue=1)},
            ),
            "two": element(
                "uiTab",
                "Two",
                position=2,
                children={"in_two": element("uiVariable", "In two", name="in_two", currentValue=2)},
            ),
        },
    ),
    "weird": element("uiHologram", "Weird", beam=3),
}


def test_every_element_type_of_both_generations_renders_and_writes_ui_cmds(page, rig):
    from pydoover.docker import DeviceAgentInterface

    children = {name: {"name": name, **body} for name, body in GALLERY.items()}
    agent = DeviceAgentInterface("gallery-test", rig.bridges.uri)
    try:
        agent.publish_to_channel(
            "ui_state", {"state": {"children": {"gallery": {"type": "uiApplication", "children": children}}}}
        )
        app = '[data-app="gallery"]'
        until(page, lambda: text_of(page, f'{app} [data-name="weird"]') is not None, "the gallery app was not drawn")
        shown = page.execute_script(
            "return Object.fromEntries([...document.querySelectorAll(arguments[0] + ' [data-name]')]"
            ".map(n => [n.dataset.name, n.dataset.type]))",
            app,
        )
        hidden = {"hidden_value", "hidden_var"}
        assert {name: GALLERY[name]["type"] for name in GALLERY if name not in hidden} | {
            "inner": "uiVariable",
            "in_one": "uiVariable",
        } == shown
        assert "uiHologram" in text_of(page, f'{app} [data-name="weird"] pre') and '"beam": 3' in text_of(
            page, f'{app} [data-name="weird"] pre'
        )
        assert text_of(page, f'{app} [data-name="v_num"] .reading') == "12.35"
        assert page.execute_script(f"return document.querySelector('{app} [data-name=\"fin\"] input').value") == "2.5"
        plotted = f"return document.querySelectorAll('{app} [data-name=\"plot\"] polyline').length"
        until(page, lambda: page.execute_script(plotted) == 1, "the multiplot drew no series from the history")
        agent.publish_to_channel("significantEvent", {"notification_msg": "tank overflow imminent"})
        alerts = f'{app} [data-name="significantEvent"]'
        until(
            page, lambda: "tank overflow imminent" in text_of(page, alerts), "the alert stream missed the notification"
        )
        page.find_element("css selector", f'{app} [data-name="tabs"] [data-tab="two"]').click()
        until(page, lambda: text_of(page, f'{app} [data-name="in_two"]') is not None, "the second tab did not open")
        page.find_element("css selector", f'{app} [data-name="gallery_sw"] input').click()
        until(
            page,
            lambda: (agent.get_channel_aggregate("ui_cmds") or {}).get("cmds", {}).get("gallery_sw") is True,
            "the switch wrote nothing",
        )
    finally:
        agent.publish_to_channel("ui_state", {"state": {"children": {"gallery": None}}})
        agent.close()
