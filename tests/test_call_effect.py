"""The Call effect: typed fields, and the older options-dict spelling mapped onto them."""

import pytest

from pydoover.docker.grpc_interface import Call


def test_the_options_dict_sets_the_typed_fields():
    call = Call("getIoDetails", None, {"field": "devices", "unwrap": False, "deadline": 3.0})
    assert (call.field, call.unwrap, call.deadline) == ("devices", False, 3.0)
    assert call == Call("getIoDetails", None, {"field": "devices", "unwrap": False, "deadline": 3.0})


def test_fields_default_to_the_plain_checked_response():
    call = Call("getDI", None)
    assert (call.field, call.unwrap, call.deadline, call.optional, call.reattach, call.check_bus) == (
        None, True, None, False, False, None,
    )  # fmt: skip


def test_an_unknown_option_is_refused_with_the_known_names():
    with pytest.raises(TypeError, match=r"unknown option\(s\) \['feild'\]; expected .*'field'"):
        Call("getDI", None, {"feild": "di"})
