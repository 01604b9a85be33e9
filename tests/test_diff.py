from pydoover.utils import apply_diff, generate_diff, maybe_load_json


def test_apply_diff_merges_recursively_and_null_deletes():
    data = {"a": 1, "b": {"c": 2, "d": 3}}
    assert apply_diff(data, {"b": {"c": None, "e": 4}, "f": 5}) == {"a": 1, "b": {"d": 3, "e": 4}, "f": 5}
    assert data == {"a": 1, "b": {"c": 2, "d": 3}}, "the input must not be modified"


def test_apply_diff_non_dict_replaces_and_keeps_none_when_not_deleting():
    assert apply_diff({"a": 1}, "text") == "text"
    assert apply_diff("text", {"a": {"b": 1}}) == {"a": {"b": 1}}
    assert apply_diff({"a": 1}, {"a": None}, do_delete=False) == {"a": None}


def test_generate_diff_round_trips_through_apply_diff():
    old = {"a": 1, "b": {"c": 2, "d": 3}, "gone": True}
    new = {"a": 1, "b": {"c": 5, "d": 3}, "added": [1]}
    diff = generate_diff(old, new)
    assert diff == {"b": {"c": 5}, "added": [1], "gone": None}
    assert apply_diff(old, diff) == new
    assert generate_diff(new, new) == {}


def test_maybe_load_json_keeps_text_that_is_not_json():
    assert maybe_load_json('{"a": 1}') == {"a": 1}
    assert maybe_load_json("pump failed") == "pump failed"
    assert maybe_load_json(5) == 5


def test_apply_diff_clone_false_merges_in_place():
    data = {"a": {"b": 1}, "c": 2}
    result = apply_diff(data, {"a": {"d": 3}, "c": None}, clone=False)
    assert result is data and data == {"a": {"b": 1, "d": 3}}
    original = {"a": {"b": 1}}
    assert apply_diff(original, {"a": {"b": 2}}) == {"a": {"b": 2}} and original == {"a": {"b": 1}}
