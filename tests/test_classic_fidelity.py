"""Differential suite: every call in ``tests/support/fidelity_cases.py`` runs in our SDK (in-process)
and in public pydoover 0.4.18 (one subprocess for the whole table), and the outcomes must agree:
the same exception type (ours may be a subclass that is also a clearer type) or none, and the same
result (``to_dict()``, exported JSON, ``.value`` after ``_inject_deployment_config``...).

Where we deliberately differ, ``DELIBERATE`` names the cases, the reason (also in CHANGELOG
"Changed") and pins our behaviour; a deliberate difference may only make ours accept more or
export more, never refuse what classic accepts.
"""

from __future__ import annotations

import fnmatch
import json
import subprocess
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from pydoover.docker.application.deployment import InvalidConfig, apply_config
from pydoover.testing import LocalBridges
from tests.support import differential
from tests.support.fidelity_cases import APP_CASES, CASES, INJECTIONS, READS, SCHEMA, app_cases
from tests.support.public_pydoover import IndexUnreachable, venv_python

SCRIPT = Path(differential.__file__)

# Keys ours adds (the 0.x tip's additions, see sdk-contract.md §5/§6) that 0.4.18 does not emit.
EXTRA_CONFIG_KEYS = frozenset({"x-position", "x-collapsible", "x-defaultCollapsed"})


ALL_CASES = [*CASES, *APP_CASES]


@pytest.fixture(scope="module")
def public_python():
    # module-scoped twin of conftest's fixture, so the public side runs once for the whole table
    try:
        return venv_python()
    except IndexUnreachable as exc:
        pytest.skip(f"public pydoover client unavailable: {exc}")


@pytest.fixture(scope="module")
def bridge_pair(tmp_path_factory) -> Iterator[tuple[LocalBridges, LocalBridges]]:
    """Two fresh sets of bridges, one per SDK, so both run the Application cases from the same state."""
    folder = tmp_path_factory.mktemp("fidelity")
    with LocalBridges(store=folder / "classic.db") as classic, LocalBridges(store=folder / "ours.db") as ours:
        yield classic, ours


def cases_for(bridges: LocalBridges) -> dict[str, str]:
    return {**CASES, **app_cases(bridges.dda_uri, bridges.plt_uri, bridges.modbus_uri)}


@pytest.fixture(scope="module")
def classic_outcomes(public_python: Path, bridge_pair) -> dict[str, dict[str, Any]]:
    # -I: the public venv's own packages only, never ours through PYTHONPATH
    proc = subprocess.run(
        [str(public_python), "-I", str(SCRIPT)],
        input=json.dumps(cases_for(bridge_pair[0])),
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, f"the public side failed:\n{proc.stderr[-4000:]}"
    return json.loads(proc.stdout)


@pytest.fixture(scope="module")
def our_outcomes(bridge_pair) -> dict[str, dict[str, Any]]:
    return differential.run_all(cases_for(bridge_pair[1]))


def without(value: Any, keys: frozenset[str]) -> Any:
    if isinstance(value, dict):
        return {k: without(v, keys) for k, v in value.items() if k not in keys}
    if isinstance(value, list):
        return [without(item, keys) for item in value]
    return value


def comparable(case_id: str, result: Any) -> str:
    """The result as canonical JSON (5 and 5.0 differ), with the keys we add on purpose removed.

    UI elements: ours numbers positions from 51 in creation order (0.x tip) where 0.4.18 left
    top-level ones unset and numbered container children from 101, so positions are compared only
    where a case sets one explicitly (the top-level element of ``*.position.*`` cases).
    """
    result = without(result, EXTRA_CONFIG_KEYS)
    if case_id.startswith("ui.") and isinstance(result, dict):
        top = result.get("position")
        result = without(result, frozenset({"position"}))
        if ".position." in case_id:
            result["position"] = top
    return json.dumps(result, sort_keys=True)


def agree(case_id: str, ours: dict[str, Any], classic: dict[str, Any]) -> bool:
    if classic["exc"] or ours["exc"]:
        return classic["exc"] is not None and classic["exc"] in ours["mro"]
    return comparable(case_id, ours["result"]) == comparable(case_id, classic["result"])


# -- deliberate differences -------------------------------------------------------------------------


def accepts(expected: Any = ...) -> Callable[[dict, dict], bool]:
    """Classic raised; ours returns (``expected``, when given)."""

    def check(ours: dict, classic: dict) -> bool:
        returned = classic["exc"] is not None and ours["exc"] is None
        return returned and (expected is ... or ours["result"] == expected)

    return check


def exports_plus(**extra: Any) -> Callable[[dict, dict], bool]:
    """Both return; ours is classic's dict plus ``extra``."""

    def check(ours: dict, classic: dict) -> bool:
        return not (ours["exc"] or classic["exc"]) and ours["result"] == {**classic["result"], **extra}

    return check


def no_unknown_items(ours: dict, classic: dict) -> bool:
    if ours["exc"] or classic["exc"]:
        return False
    theirs = dict(classic["result"])
    return theirs.pop("items", {}).get("type") == "unknown" and comparable("", ours["result"]) == comparable("", theirs)


def modbus_descriptions(ours: dict, classic: dict) -> bool:
    """Both export; ours differs only by descriptions on the ModbusConfig elements."""
    if ours["exc"] or classic["exc"]:
        return False
    mine = dict(ours["result"], properties=dict(ours["result"]["properties"]))
    mine["properties"]["modbus_config"] = without(mine["properties"]["modbus_config"], frozenset({"description"}))
    return comparable("", mine) == comparable("", classic["result"])


@dataclass(frozen=True)
class Deliberate:
    pattern: str
    reason: str
    check: Callable[[dict, dict], bool]


DELIBERATE = [
    Deliberate(
        "config.Array.*",
        "an Array with no element exports no `items`; 0.4.18 exported an item schema of type `unknown`, "
        "which JSON Schema validators reject",
        no_unknown_items,
    ),
    Deliberate(
        "schema.value_before_inject",
        "`.value` before any deployment config is loaded gives the default; 0.4.18 raised ValueError",
        accepts(1),
    ),
    Deliberate(
        "schema.inject.object_empty.extra_limit",
        "an Object child missing from the loaded data falls back to its default; 0.4.18 left it unset (ValueError)",
        accepts(1.0),
    ),
    Deliberate(
        "schema.nested.rows",
        "an Array row of Objects fills missing children from their defaults; 0.4.18 left them unset",
        accepts([[4, "a"], [5, None]]),
    ),
    Deliberate("schema.nested.extra_child", "as schema.nested.rows", accepts([[4, None]])),
    Deliberate(
        "config.Object.extra_child_by_key",
        "a key loaded into an Object that has no such child keeps its value (classic's extra was unusable: ValueError)",
        accepts([2, "north"]),
    ),
    Deliberate(
        "schema.classic.replaced.*",
        "assigning a new element to the same Schema attribute replaces the old one; 0.4.18 raised "
        "a duplicate-key ValueError",
        accepts(),
    ),
    Deliberate(
        "schema.classic.empty.*",
        "a Schema with no elements exports an empty schema and loads nothing; 0.4.18 raised AttributeError",
        accepts(),
    ),
    Deliberate(
        "schema.enum_class.int",
        "an Enum over a Python enum also takes the member's unstringified value (1 for '1'); 0.4.18 raised KeyError",
        accepts(1),
    ),
    Deliberate(
        "schema.enum_class.none",
        "an Enum over a Python enum loaded with None gives None; 0.4.18 raised KeyError",
        accepts(None),
    ),
    Deliberate(
        "ui.*.extra_kwarg.to_dict",
        "extra keyword arguments to a UI element are exported (0.x tip); 0.4.18 only set them as attributes",
        lambda ours, classic: (
            comparable("ui.", ours["result"]) == comparable("ui.", {**classic["result"], "custom_key": "x"})
        ),
    ),
    Deliberate(
        "ui.NumericVariable.ranges.to_dict",
        "a range given as a plain dict is accepted; 0.4.18 raised KeyError",
        accepts(),
    ),
    Deliberate(
        "ui.StateCommand.none.to_dict",
        "a StateCommand without user_options exports no options; 0.4.18 raised TypeError",
        accepts(),
    ),
    Deliberate(
        "ui.NumericParameter.to_dict",
        "min_val=0 is exported as `min: 0`; 0.4.18 dropped it (0 is falsy), leaving no lower bound",
        lambda ours, classic: comparable("ui.", ours["result"]) == comparable("ui.", {**classic["result"], "min": 0}),
    ),
    Deliberate(
        "ui.BooleanParameter.to_dict",
        "BooleanParameter works; 0.4.18 raised NotImplementedError",
        accepts(),
    ),
    Deliberate("ui.behaviour.boolean_parameter_value", "as ui.BooleanParameter.to_dict", accepts(True)),
    Deliberate(
        "ui.manager.cmds_sync.*",
        "the plain (sync) UIManager.on_command_update applies a {'cmds': ...} payload like the async one; "
        "0.4.18's sync path diffed the raw payload and dropped it, or raised AttributeError on None/str",
        lambda ours, classic: ours["exc"] is None,
    ),
    Deliberate(
        "ui.manager.cmds.unknown_name.learned",
        "a command learned from ui_cmds can be fetched by its name as sent; 0.4.18 prefixed the app key and missed it",
        lambda ours, classic: ours["result"] is True and classic["result"] is False,
    ),
    Deliberate(
        "example.*.to_dict",
        "the elements of ModbusConfig/ManyModbusConfig carry descriptions for the site's form; 0.4.18's had none",
        modbus_descriptions,
    ),
    Deliberate(
        "app.async.get_di.not_awaited_kind",
        "an async app's call made outside any running event loop blocks and returns the value "
        "(dual dispatch, pydoover.utils.dual); 0.4.18 returned a coroutine",
        lambda ours, classic: ours["result"] is False and classic["result"] is True,
    ),
    Deliberate(
        "ui.manager.connection_info_string_type",
        "ConnectionInfo takes connection_type as a plain string too ('periodic'); 0.4.18 raised RuntimeError",
        accepts(),
    ),
    Deliberate("utils.map_reading.none", "map_reading(None, ...) gives None; 0.4.18 raised TypeError", accepts(None)),
    Deliberate(
        "utils.maybe_load_json.dict",
        "maybe_load_json passes a dict through; 0.4.18 raised TypeError",
        accepts({"a": 1}),
    ),
]


def deliberate_for(case_id: str) -> Deliberate | None:
    return next((d for d in DELIBERATE if fnmatch.fnmatchcase(case_id, d.pattern)), None)


def test_the_table_is_large_enough():
    assert len(ALL_CASES) >= 300
    families = {case_id.split(".")[0] for case_id in ALL_CASES}
    assert families >= {"config", "schema", "ui", "utils", "app", "example"}


@pytest.mark.parametrize("case_id", ALL_CASES)
def test_ours_does_what_classic_does(case_id, our_outcomes, classic_outcomes):
    ours, classic = our_outcomes[case_id], classic_outcomes[case_id]
    if agree(case_id, ours, classic):
        return
    known = deliberate_for(case_id)
    detail = f"\n  classic: {classic['exc'] or classic['result']}\n  ours:    {ours['exc'] or ours['result']}"
    assert known is not None, f"unexplained disagreement{detail}"
    assert known.check(ours, classic), f"deliberate difference ({known.reason}) no longer as pinned{detail}"


def test_every_deliberate_difference_is_still_a_difference(our_outcomes, classic_outcomes):
    stale = [
        d.pattern
        for d in DELIBERATE
        if not any(
            fnmatch.fnmatchcase(case_id, d.pattern)
            and not agree(case_id, our_outcomes[case_id], classic_outcomes[case_id])
            for case_id in ALL_CASES
        )
    ]
    assert stale == []


def test_no_deliberate_difference_refuses_what_classic_accepts(our_outcomes, classic_outcomes):
    refused = [
        case_id
        for case_id in ALL_CASES
        if classic_outcomes[case_id]["exc"] is None and our_outcomes[case_id]["exc"] is not None
    ]
    assert refused == []


@pytest.mark.parametrize("name", list(INJECTIONS))
def test_a_running_app_loads_a_config_as_classic_does(name, classic_outcomes, caplog):
    """``apply_config`` (what a running app does, warnings and all) gives the values classic's
    ``_inject_deployment_config`` gives, and refuses only what classic cannot load either."""
    namespace: dict[str, Any] = {}
    exec(differential.PRELUDE + SCHEMA, namespace)
    data = eval(INJECTIONS[name], namespace)
    classic = classic_outcomes[f"schema.inject.{name}"]
    try:
        apply_config(namespace["s"], data, "deployment_config")
    except InvalidConfig:
        assert classic["exc"] is not None, "refused a config classic loads"
        return
    assert classic["exc"] is None or deliberate_for(f"schema.inject.{name}") is not None
    for read_name, read in READS.items():
        expected = classic_outcomes[f"schema.inject.{name}.{read_name}"]
        if expected["exc"] is None:
            assert differential.plain(eval(read, namespace)) == expected["result"], read_name
