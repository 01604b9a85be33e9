"""A bounded, seeded fuzz over every command's arguments: whatever a user types, `doover` answers
with a documented exit code and never a traceback.

Commands that run until interrupted (run, demo, dashboard, bridge up, shell, tail, watch, pulses, logs
--follow), those that scaffold projects (new, upgrade) and the camera's watch (a browser) and record
(a clip file) are exercised by their own tests.
"""

from __future__ import annotations

import io
import json
import random

import pytest
import typer.main
from typer._click.core import Context

from doover_cli import exit_codes
from doover_cli.main import app

SEED = 1616
INVOCATIONS = 300
RUN_UNTIL_INTERRUPTED = (
    "run",
    "demo",
    "dashboard",
    "bridge up",
    "shell",
    "channel tail",
    "io watch",
    "io pulses",
    "modbus watch",
)
SKIPPED = {*RUN_UNTIL_INTERRUPTED, "new", "upgrade", "camera watch", "camera record"}  # a browser; a clip file
NEVER = {"--follow", "-f", "--help"}
ALLOWED = {code for code, _ in exit_codes.TABLE} - {exit_codes.INTERRUPTED}

HOSTILE = [
    "", "0", "1", "7", "-1", "-5", "3.5", "1e999", "-1e999", "nan", "inf", "-inf", "2147483648",
    "18446744073709551616", "99999999d", "10s", "x", "a b", "a/b", "ü", "'", "{", '{"a": 1}', "[1, 2]",
    "[" * 3000 + "]" * 3000, "x" * 5000, "1-3", "0x10", "tank", "holding", "ai", "--json", "-",
]  # fmt: skip
PLAUSIBLE = {
    "pin": ["0", "1", "3", "-1", "99", "2147483648"],
    "value": ["1", "0", "on", "off", "-5", "12.5", "1e999", "nan", "-inf"],
    "channel": ["tank", "tag_values", "a/b", "a b", ""],
    "app_key": ["tank", "main_app", "a b", "a/b", ""],
    "io_type": ["di", "ai", "do", "ao", "x"],
    "point": ["5", "holding:5", "coil:1", "meter.voltage", "input:-1"],
    "payload": ['{"a": 1}', '{"a": NaN}', '{"b": 1e999}', "[1]", "x", "[" * 30_000 + "]" * 30_000],
    "--since": ["10m", "1d", "2026-11-26T10:00", "99999999d", "yesterday"],
    "--max-age": ["-1", "60", "2147483648", "-2"],
    "--deadline": ["0.5", "2", "inf", "0"],
    "--timeout": ["0.5", "1", "inf", "nan", "-1"],
    "--count": ["1", "0", "-1", "2147483648"],
    "--id": ["1", "0", "247", "300", "-1"],
    "--address": ["0", "5", "65535", "65536", "-1"],
    "--type": ["holding", "coil", "input", "discrete", "x"],
    "--as": ["uint16", "int16", "float32", "string:4", "x"],
    "--in": ["1", "0", "-1", "1e999"],
}
BAD_URIS = ["127.0.0.1", ":::", "127.0.0.1:99999", "127.0.0.1:9", "localhost:0"]
PATH_OPTIONS = {"--file", "-f", "--config", "-c", "--map", "--device", "--store", "--output", "-o", "--app", "--dir"}


def leaf_commands():
    """``(words, click command)`` for every command that does not run until interrupted."""
    root = typer.main.get_command(app)
    ctx = Context(root)
    found = []

    def walk(command, words):
        if hasattr(command, "list_commands"):
            for name in command.list_commands(ctx):
                walk(command.get_command(ctx, name), [*words, name])
        elif " ".join(words) not in SKIPPED:
            found.append((words, command))

    walk(root, [])
    return found


def paths(tmp_path):
    garbage = tmp_path / "garbage.bin"
    garbage.write_bytes(bytes(range(256)) * 4)
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 30_000 + "]" * 30_000)
    return [str(tmp_path / "missing.toml"), str(tmp_path), str(garbage), str(deep)]


def pick(rng: random.Random, name: str) -> str:
    """A value for ``name``: half the time one it plausibly takes, else anything hostile."""
    if name in PLAUSIBLE and rng.random() < 0.6:
        return rng.choice(PLAUSIBLE[name])
    return rng.choice(HOSTILE)


def invocation(rng: random.Random, words, command, live: dict[str, str], files: list[str]) -> list[str]:
    argv = list(words)
    for param in command.params:
        if param.param_type_name == "argument":
            count = 1 if param.nargs == 1 else rng.randint(0, 3)
            argv += [pick(rng, param.name.rstrip("s")) for _ in range(count)]
    options = [p for p in command.params if p.param_type_name == "option" and not NEVER & set(p.opts)]
    for option in rng.sample(options, k=min(len(options), rng.randint(0, 4))):
        name = option.opts[0]
        if option.is_flag:
            argv.append(name)
        elif name.endswith("-uri") or name == "--remote":
            argv += [name, rng.choice([*BAD_URIS, *live.values()]) if name != "--remote" else "127.0.0.1"]
        elif name in PATH_OPTIONS:
            argv += [name, rng.choice(files)]
        else:
            argv += [name, pick(rng, name)]
    if rng.random() < 0.1:
        argv.append("--no-such-option")
    return argv


@pytest.mark.timeout(900)
def test_no_command_answers_a_hostile_argument_with_a_traceback(doover, bridges, tmp_path, monkeypatch):
    live = {"DDA_URI": bridges.dda_uri, "PLT_URI": bridges.plt_uri, "MODBUS_URI": bridges.modbus_uri,
            "APPS_URI": bridges.apps_uri, "CAM_URI": bridges.cam_uri}  # fmt: skip
    for name, uri in live.items():
        monkeypatch.setenv(name, uri)
    monkeypatch.delenv("REMOTE_DEV", raising=False)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr("sys.stdin", io.StringIO(""))  # a command reading stdin gets end of input
    rng = random.Random(SEED)
    commands = leaf_commands()
    files = paths(tmp_path)
    for _ in range(INVOCATIONS):
        words, command = rng.choice(commands)
        argv = invocation(rng, words, command, live, files)
        try:
            code, out, err = doover(*argv)
        except BaseException as exc:  # any escape is the bug this test looks for
            pytest.fail(f"doover {argv!r} raised {exc!r}")
        shown = " ".join(a[:40] for a in argv)
        assert code in ALLOWED, f"doover {shown}: exit code {code}\n{err}"
        assert "Traceback" not in err, f"doover {shown}:\n{err}"
        if "--json" in argv and code != 0 and out.strip():
            json.loads(out.strip().splitlines()[-1])  # an error object or the command's document
