"""The shared option group and client factory every bridge command uses (doover_cli.command_target)."""

from __future__ import annotations

import pytest

from doover_cli import clients
from doover_cli.command_target import Target, target_options
from doover_cli.errors import UsageError
from pydoover.endpoints import ENDPOINTS


def test_the_group_resolves_each_bridges_address_with_remote_and_carries_the_flags():
    group = target_options("dda", "camera", deadline=3.0, yes="Write without asking.")
    target = group(
        dda_uri=None, camera_uri="127.0.0.2:7000", remote="10.0.0.5", deadline=3.0, json_output=True, yes=True
    )
    assert target == Target({"dda": "10.0.0.5:50051", "camera": "127.0.0.2:7000"}, "10.0.0.5", 3.0, True, True)
    assert target.output.json_mode


def test_the_group_offers_only_the_options_asked_for():
    names = list(target_options("apps", deadline=None, json=False).__signature__.parameters)
    assert names == ["apps_uri", "remote"]


def test_a_bad_address_is_a_usage_error_naming_the_option():
    with pytest.raises(UsageError, match=r"--modbus-uri / MODBUS_URI 127\.0\.0\.1:99999"):
        target_options("modbus")(modbus_uri="127.0.0.1:99999", remote=None, deadline=7.0, json_output=False)


@pytest.mark.parametrize("entry", ENDPOINTS, ids=lambda entry: entry.name)
def test_one_factory_makes_the_client_of_every_bridge(entry):
    iface = clients.bridge_client(entry.name, None, None, 2.5)
    try:
        assert type(iface).__name__.endswith("Interface")
        assert iface.uri == entry.default_uri
    finally:
        iface.close()
