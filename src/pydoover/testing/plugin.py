"""Testing Doover apps with pytest: real local bridges, your app in test mode, one loop at a time.

Installing pydoover registers this plugin (entry point ``pytest11: doover``); there is nothing to
configure. It adds two fixtures and one marker, and does nothing in tests that use none of them.

Write a test
------------

::

    from my_app.application import PumpApp
    from my_app.app_config import PumpConfig

    async def test_pump_starts_when_tank_low(doover_app):
        pump = await doover_app(PumpApp, config={"start_level": 40.0}, schema=PumpConfig)
        pump.force_ai(0, 6.0)                # the tank sensor reads 6 mA
        await pump.step()                    # run main_loop() once
        assert pump.get_do(0) is True        # the pump is on
        assert pump.tag("state") == "filling"

Async tests need pytest-asyncio (``asyncio_mode = "auto"`` in ``[tool.pytest.ini_options]``, or
``@pytest.mark.asyncio`` on each test). A plain test works too, with ``.sync`` and the ``*_sync``
methods::

    def test_pump_stops_when_tank_full(doover_app):
        pump = doover_app.sync(PumpApp, config="simulators/app_config.json", schema=PumpConfig)
        pump.force_ai(0, 19.5)
        pump.step_sync()
        assert pump.get_do(0) is False

Fixtures
--------

``doover_bridges``
    A :class:`~pydoover.testing.LocalBridges` on free loopback ports, fresh for each test: the
    DDA (channels in memory), the Platform bridge with a simulated device, the Modbus bridge, the
    App Controller and the Camera bridge. ``.dda_uri``, ``.plt_uri``, ``.modbus_uri``, ``.cam_uri``,
    ``.field_device``...

``doover_app``
    Starts apps against those bridges: ``await doover_app(App, config=None, *, app_key=None,
    schema=None, timeout=None)`` returns an :class:`~pydoover.testing.AppHarness` once the app's
    ``setup()`` is done (``doover_app.sync(...)`` in plain tests).

    * ``App``: your Application subclass, built as ``App(config=schema, app_key=..., test_mode=True)``;
      or an instance you built yourself. ``schema`` is your ``config.Schema`` (class or instance).
    * ``config``: a dict of config keys, a JSON file of them (``"simulators/app_config.json"``,
      relative to the project root or the test file), or None for the Schema's defaults. It is
      validated first (``InvalidConfig`` lists every problem) and then written to
      ``deployment_config``, as a deployment does.
    * ``app_key``: defaults to the instance's key, else the class name in snake case (``pump_app``).
      Start several apps (each its own key) to test apps that talk through tags.

    Every app is stopped at the end of the test: its run task cancelled, its interfaces closed.

The harness
-----------

=======================================  ==================================================================
``await h.step(n=1)``                    run ``n`` main loops; the loop's exception is raised here.
                                         Before each loop the app catches up with its subscribed channels.
``h.force_di(pin, v)``, ``force_ai``     hold a simulated input; ``h.release(io_type=None, pin=None)``
``h.get_do(pin)``, ``get_ao``,           read the device's pins as the Platform bridge reports them
``get_di``, ``get_ai``
``h.tag(key, app_key=None)``             a tag as the DDA holds it; ``h.global_tag(key)``
``await h.set_tag(key, v, app_key)``     set a tag as another app would, and let the app see it
``h.channel(name)``                      a channel's aggregate
``await h.publish(channel, data)``       write to a channel and let the app's subscription see it
``await h.ui_command(name, value)``      send a command as the site does (``ui_cmds``) and wait until
                                         the app has applied it and run its callbacks
``await h.until(condition, timeout)``    wait for ``condition()`` to be true
``h.modbus``                             the simulated Modbus field device: ``h.modbus.inject(1, "timeout")``
``h.app``, ``h.app_key``, ``h.bridges``  the Application itself, its key, the LocalBridges
=======================================  ==================================================================

Waiting methods have ``*_sync`` twins (``step_sync``, ``publish_sync``, ...) for plain tests. Every
wait is bounded by ``timeout`` (10 s unless given to ``doover_app`` or the marker).

The marker
----------

::

    @pytest.mark.doover(device="simulators/device.toml", modbus_map="simulators/modbus_map.toml")
    async def test_meter_is_read(doover_app): ...

Options: ``device`` (a device file or ``DeviceSpec``: the simulated controller's pins, signals and
wiring), ``modbus_sim=True`` (a simulated Modbus TCP field device on bus ``default``, the built-in
power meter on unit 1), ``modbus_map`` (a register map file or ``RegisterMap`` for it; implies
``modbus_sim``), ``cameras`` (``["front=sim"]``: cameras for the Camera bridge, as
``--camera NAME=SOURCE`` takes them), ``timeout`` (seconds, for every wait). Paths are relative to the project root
(pytest's rootdir), else to the test file's folder. The marker works on a test, a class or a
module (``pytestmark = pytest.mark.doover(...)``).

The simulated field device listens on a free port, already open on the Modbus bridge as bus
``default``: an app reading bus ``default`` reaches it as it is. An app whose config declares
``modbus_config`` opens that bus itself, so point it at the device::

    uri = f"127.0.0.1:{doover_bridges.field_device_port}"
    settings = {"modbus_config": {"bus_type": "tcp", "tcp_uri": uri}}
    meter = await doover_app(MeterApp, config=settings, schema=MeterConfig)

When things go wrong
--------------------

A config that does not fit the Schema raises ``InvalidConfig`` (``from pydoover.testing import
InvalidConfig``) from ``doover_app(...)``, naming its source and every problem. An exception in
``setup()`` is raised from ``doover_app(...)``, one in ``main_loop()`` from ``step()``. A wait that
runs out raises ``TimeoutError`` saying what it waited for; a call on an app that has stopped
raises ``AppStopped``.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from .bridges import LocalBridges
    from .factory import AppFactory

MARKER = "doover"
BRIDGE_OPTIONS = ("device", "modbus_map", "modbus_sim", "cameras")
OPTIONS = (*BRIDGE_OPTIONS, "timeout")
DEFAULT_TIMEOUT = 10.0


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        f"{MARKER}(device=None, modbus_sim=False, modbus_map=None, cameras=(), timeout=10): "
        "local bridges for the doover_bridges and doover_app fixtures (pydoover.testing)",
    )


@pytest.fixture
def doover_bridges(request: pytest.FixtureRequest) -> Iterator[LocalBridges]:
    """Local Doover bridges on free loopback ports, configured by ``@pytest.mark.doover(...)``."""
    from .bridges import LocalBridges

    options = marker_options(request)
    kwargs = {name: options[name] for name in BRIDGE_OPTIONS if name in options}
    for name in ("device", "modbus_map"):
        if isinstance(kwargs.get(name), str | os.PathLike):
            kwargs[name] = project_file(kwargs[name], request)
    with LocalBridges(**kwargs) as bridges:
        yield bridges


@pytest.fixture
def doover_app(doover_bridges: LocalBridges, request: pytest.FixtureRequest) -> Iterator[AppFactory]:
    """Start apps under test: ``harness = await doover_app(MyApp, config={...}, schema=MyConfig)``."""
    from .factory import AppFactory

    timeout = float(marker_options(request).get("timeout", DEFAULT_TIMEOUT))
    factory = AppFactory(doover_bridges, roots=search_roots(request), timeout=timeout)
    yield factory
    factory.close()


def marker_options(request: pytest.FixtureRequest) -> dict[str, Any]:
    """The keyword options of the closest ``@pytest.mark.doover``; unknown ones fail the test."""
    marker = request.node.get_closest_marker(MARKER)
    if marker is None:
        return {}
    unknown = sorted(set(marker.kwargs) - set(OPTIONS))
    if marker.args or unknown:
        given = ", ".join([*map(repr, marker.args), *unknown])
        pytest.fail(f"@pytest.mark.doover takes keyword options {', '.join(OPTIONS)}; got {given}", pytrace=False)
    return dict(marker.kwargs)


def search_roots(request: pytest.FixtureRequest) -> list[Path]:
    """Where relative paths are looked up: the project root (rootdir), then the test file's folder."""
    return list(dict.fromkeys([Path(request.config.rootpath), Path(request.path).parent]))


def project_file(path: str | os.PathLike[str], request: pytest.FixtureRequest) -> Path:
    from .factory import find_file

    try:
        return find_file(path, search_roots(request))
    except FileNotFoundError as exc:
        pytest.fail(f"@pytest.mark.doover: {exc}", pytrace=False)
