"""The dashboard's camera view in a real headless Chromium: the Cameras panel and camera elements
showing a real Camera bridge's simulated cameras live."""

from __future__ import annotations

import pytest

from pydoover.dashboard import Targets
from pydoover.dashboard.bridge_cameras import BridgeCameras
from pydoover.dashboard.web import create_app
from pydoover.docker import DeviceAgentInterface
from pydoover.testing import LocalBridges

from .support.dashboard import needs_browser, served, until
from .test_dashboard_camera import NOWHERE, free_port

WAIT = 30  # seconds: bound on every wait for the page
OWN_IMAGE = "data:image/gif;base64,R0lGODlhAQABAAAAACw="

pytestmark = needs_browser()

UI = {  # a classic camera named after its camera, a 1.x live view naming one, and a camera the bridge lacks
    "yard": {"type": "uiCamera", "name": "yard", "displayString": "Yard"},
    "history": {"type": "uiCameraLiveView", "name": "history", "displayString": "Front live", "cameraName": "front"},
    "gate": {"type": "uiCamera", "name": "gate", "displayString": "Gate", "imageUrl": OWN_IMAGE},
}


@pytest.fixture(scope="module")
def page(tmp_path_factory, browser):
    cameras = ["front=sim?seed=5", "yard=sim?width=320&height=240&fps=10"]
    with LocalBridges(store=tmp_path_factory.mktemp("cams") / "dda.sqlite3", cameras=cameras) as bridges:
        agent = DeviceAgentInterface("camera-ui", bridges.dda_uri)
        agent.publish_to_channel(
            "ui_state", {"state": {"children": {"cams": {"type": "uiApplication", "children": UI}}}}
        )
        agent.close()
        uris = {
            "dda": bridges.dda_uri,
            "platform": bridges.plt_uri,
            "apps": bridges.apps_uri,
            "camera": bridges.cam_uri,
        }
        with served(create_app(Targets.from_uris(uris), cameras=BridgeCameras(bridges.cam_uri))) as address:
            browser.get(f"http://{address}/")
            yield browser


def text_of(page, css: str) -> str | None:
    return page.execute_script("const n = document.querySelector(arguments[0]); return n && n.textContent;", css)


def natural_size(page, css: str):
    return page.execute_script(
        "const n = document.querySelector(arguments[0]);"
        "return n && n.complete && n.naturalWidth ? [n.naturalWidth, n.naturalHeight] : null;",
        css,
    )


def pixels(page, css: str) -> list[int] | None:
    """The image's pixels (a coarse 64x48 copy through a canvas); None while it is loading."""
    return page.execute_script(
        "const n = document.querySelector(arguments[0]);"
        "if (!n || !n.complete || !n.naturalWidth) return null;"
        "const c = document.createElement('canvas'); c.width = 64; c.height = 48;"
        "const g = c.getContext('2d'); g.drawImage(n, 0, 0, 64, 48);"
        "return Array.from(g.getImageData(0, 0, 64, 48).data);",
        css,
    )


def changes(page, css: str) -> None:
    """Wait until the loaded picture differs from the first one seen loaded."""
    first = until(page, lambda: pixels(page, css), f"{css} never finished loading")
    until(page, lambda: pixels(page, css) not in (None, first), f"the picture of {css} does not change")


def test_the_cameras_panel_lists_each_camera_with_a_live_picture(page):
    card = '#cameras-list [data-name="front"]'
    image = f"{card} img.camera"
    until(page, lambda: natural_size(page, image) == [640, 480], "the panel shows no 640x480 picture of front")
    caption = page.execute_script("return document.querySelector(arguments[0] + ' figcaption').textContent", card)
    assert "sim" in caption and "640\u00d7480" in caption and "15 fps" in caption
    changes(page, image)
    assert natural_size(page, '#cameras-list [data-name="yard"] img.camera') in (None, [320, 240])


def test_camera_elements_show_their_bridge_camera_live_or_their_own_image(page):
    app = '#ui-apps [data-app="cams"]'
    yard = f'{app} [data-name="yard"] img.camera'
    until(page, lambda: natural_size(page, yard) == [320, 240], "the yard element shows no live picture")
    changes(page, yard)
    live_view = f'{app} [data-name="history"] img.camera'
    until(page, lambda: natural_size(page, live_view) == [640, 480], "the 1.x live view does not show front")
    own = page.execute_script(f"return document.querySelector('{app} [data-name=\"gate\"] img').getAttribute('src')")
    assert own == OWN_IMAGE


def test_the_panel_says_when_the_camera_bridge_is_gone_and_shows_it_once_it_is_back(page):
    port = free_port()
    uris = {**NOWHERE, "camera": f"127.0.0.1:{port}"}
    status = "#cameras-status"
    with served(create_app(Targets.from_uris(uris), cameras=BridgeCameras(uris["camera"]))) as address:
        page.get(f"http://{address}/")
        until(
            page, lambda: "not answering" in (text_of(page, status) or ""), "the panel does not say the bridge is gone"
        )
        with LocalBridges(cameras=["front=sim?width=160&height=120"], cam_port=port):
            image = '#cameras-list [data-name="front"] img.camera'
            until(page, lambda: natural_size(page, image) == [160, 120], "the panel did not pick the bridge up again")
            assert text_of(page, status) == ""
