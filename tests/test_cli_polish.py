"""Small things a new user trips over: bad templates, help text, waiting messages, wording."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    ("template", "says"),
    [
        ("{tmp}/nowhere", "no such folder, and not a git URL"),
        ("not a url", "no such folder, and not a git URL"),
        ("{tmp}", "not a copier template (no copier.yml in it)"),
        ("https://nowhere.invalid/template.git", "the template failed"),
    ],
)
def test_new_with_a_bad_template_says_what_is_wrong_and_writes_nothing(doover, tmp_path, monkeypatch, template, says):
    monkeypatch.chdir(tmp_path)
    template = template.format(tmp=tmp_path)
    code, _, err = doover("new", "myapp", "--template", template, "--defaults", "--no-git")
    assert code == 2 and f"--template {template}: {says}" in err, err
    assert not (tmp_path / "myapp").exists()


def test_help_shows_readable_metavars_not_type_names(doover):
    code, out, _ = doover("io", "get-di", "--help")
    assert code == 0 and "Usage: doover io get-di [OPTIONS] PIN..." in out and "{" not in out
    for command in (("io", "set-ao"), ("modbus", "read"), ("channel", "tail"), ("config", "validate")):
        _, out, _ = doover(*command, "--help")
        leaked = [name for name in ("<int", "<float", "<str", "<path", "list[", "range>") if name in out]
        assert not leaked, (command, leaked)
