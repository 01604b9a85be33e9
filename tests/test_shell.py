"""`doover shell` against real local bridges: through a pseudo-terminal (completion, history, Ctrl-C),
through a pipe (JSON lines, errors, exit status), and in-process (line parsing, one client per bridge,
a bridge that goes away and comes back, confirmation of non-local writes).

Every read from a child process is bounded by a timeout; HOME and XDG_STATE_HOME point into tmp_path.
"""

from __future__ import annotations

import fcntl
import io
import json
import os
import re
import select
import socket
import struct
import subprocess
import sys
import termios
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from types import SimpleNamespace

import pytest

from doover_cli import clients, confirm
from doover_cli.commands import io_support, modbus_client
from doover_cli.errors import UsageError
from doover_cli.shell import history
from doover_cli.shell.history import History
from doover_cli.shell.pipe import run_lines
from doover_cli.shell.runner import Runner, Targets
from doover_cli.shell.words import Vocabulary, expand, split_words
from pydoover.docker import DeviceAgentInterface, PlatformInterface
from pydoover.testing import LocalBridges

TARGET_ENV = ("DDA_URI", "PLT_URI", "MODBUS_URI", "APPS_URI", "REMOTE_DEV")
ANSI = re.compile(r"\x1b(\[[0-9;?]*[ -/]*[@-~]|[()][0-9A-Za-z]|[=>])|[\x07\x0e\x0f\r]")
# Become the session leader's controlling terminal (so Ctrl-C reaches the shell), then be `doover`.
CTTY = (
    "import fcntl, os, sys, termios; fcntl.ioctl(0, termios.TIOCSCTTY, 0); "
    "os.execv(sys.executable, [sys.executable, '-m', 'doover_cli', *sys.argv[1:]])"
)


@pytest.fixture(scope="module")
def bridges(tmp_path_factory) -> Iterator[LocalBridges]:
    store = tmp_path_factory.mktemp("shell") / "dda.sqlite3"
    with LocalBridges(store=store, modbus_sim=True) as running:
        DeviceAgentInterface("test", running.dda_uri).publish_to_channel("tank", {"level": 1})
        yield running


@pytest.fixture
def targets(bridges: LocalBridges) -> list[str]:
    return ["--dda-uri", bridges.dda_uri, "--plt-uri", bridges.plt_uri, "--modbus-uri", bridges.modbus_uri]


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    base = {k: v for k, v in os.environ.items() if k not in TARGET_ENV}
    return base | {
        "HOME": str(tmp_path),
        "XDG_STATE_HOME": str(tmp_path / "state"),
        "NO_COLOR": "1",
        "TERM": "xterm",
        "INPUTRC": "/dev/null",
    }


def free_uri() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return f"127.0.0.1:{sock.getsockname()[1]}"


# -- through a pipe --------------------------------------------------------------------------------


def piped(lines: list[str], targets: list[str], env: dict[str, str]) -> tuple[int, list[dict], str]:
    result = subprocess.run(
        [sys.executable, "-m", "doover_cli", "shell", *targets],
        input="".join(f"{line}\n" for line in lines),
        capture_output=True,
        text=True,
        env=env,
        timeout=30,
    )
    return result.returncode, [json.loads(line) for line in result.stdout.splitlines()], result.stderr


def test_piped_commands_print_one_json_result_per_line_and_exit_0(targets, env):
    lines = [
        "get-di 0",
        "",
        "# set the pump",
        "set-do 1 on",
        "io get-do 1",
        'channel publish pipe_tank {"level": 3}',
        "channel get pipe_tank",
        "modbus read --bus default --id 1 --count 2 --as float32",
        "help",
    ]
    code, out, _ = piped(lines, targets, env)
    assert code == 0
    assert [(r["line"], r["command"], r["exit_code"]) for r in out] == [
        (1, "get-di 0", 0),
        (4, "set-do 1 on", 0),
        (5, "io get-do 1", 0),
        (6, 'channel publish pipe_tank {"level": 3}', 0),
        (7, "channel get pipe_tank", 0),
        (8, "modbus read --bus default --id 1 --count 2 --as float32", 0),
        (9, "help", 0),
    ]
    assert out[0]["result"] == [{"pin": 0, "value": False}]
    assert out[2]["result"] == [{"pin": 1, "value": True}]
    assert out[4]["result"] == {"channel": "pipe_tank", "aggregate": {"level": 3}}
    assert out[5]["result"]["type"] == "float32" and len(out[5]["result"]["values"]) == 2
    assert "get-di" in out[6]["result"] and "Ctrl-D" in out[6]["result"]


def test_piped_errors_are_json_objects_and_the_exit_status_is_the_last_failure(targets, env):
    lines = ["get-di 9", "gte-di 0", f"channel get tank --dda-uri {free_uri()}", "get-di 0", "get-di --bogus 0"]
    code, out, _ = piped(lines[:-1], targets, env)
    assert [r["exit_code"] for r in out] == [2, 2, 3, 0]
    assert out[0]["error"] == "DI 9 does not exist; DI pins are 0-3"
    assert out[1]["error"].startswith("unknown command 'gte-di'; did you mean 'get-di'?")
    assert out[2]["error"].startswith("cannot reach the DDA bridge at")
    assert "result" not in out[2] and "error" not in out[3]
    assert code == 3, "the last command that failed, though a later one succeeded"
    code, out, _ = piped(lines, targets, env)
    assert code == 2 and out[-1]["error"] == "No such option: --bogus"


def test_piped_streams_give_a_record_line_each_then_a_closing_line(targets, env):
    code, out, _ = piped(["watch di0 ai1 --count 2 --interval 0.05", "tail tank --last 1 --count 1"], targets, env)
    assert code == 0
    watch, tail = [r for r in out if r["line"] == 1], [r for r in out if r["line"] == 2]
    assert [set(r["record"]["values"]) for r in watch[:2]] == [{"di0", "ai1"}] * 2
    assert watch[2] == {"line": 1, "command": "watch di0 ai1 --count 2 --interval 0.05", "exit_code": 0, "records": 2}
    assert tail[0]["record"]["payload"] == {"level": 1} and tail[1]["records"] == 1


def test_a_command_cannot_read_the_shells_own_stdin(targets, env):
    _, out, _ = piped(["channel publish tank", "get-di 0"], targets, env)
    assert [r["exit_code"] for r in out] == [2, 0], "the next line is still a command"
    assert "give the payload on the line" in out[0]["error"]


# -- in-process ------------------------------------------------------------------------------------


def test_lines_split_like_a_shell_but_inline_json_is_one_word():
    assert split_words('channel publish tank {"level": 3, "pump": {"on": true}}') == [
        "channel",
        "publish",
        "tank",
        '{"level": 3, "pump": {"on": true}}',
    ]
    assert split_words("publish 'a b' [1, 2] --no-log") == ["publish", "a b", "[1, 2]", "--no-log"]
    assert split_words("x {not json} y") == ["x", "{not json}", "y"], "the command reports the bad JSON"
    with pytest.raises(UsageError, match="closing quotation"):
        split_words("get 'tank")


def test_io_commands_need_no_group_and_tail_means_channel_tail():
    words = Vocabulary(
        groups=["io", "channel", "modbus", "help"], shortcuts=["get-di", "watch"], help_pages=["exit-codes"]
    )
    assert expand(["get-di", "0"], words) == ["io", "get-di", "0"]
    assert expand(["doover", "modbus", "watch"], words) == ["modbus", "watch"]
    assert expand(["tail", "tank"], words) == ["channel", "tail", "tank"]
    assert expand(["help", "watch"], words) == ["io", "watch", "--help"]
    assert expand(["help", "exit-codes"], words) == ["help", "exit-codes"]
    with pytest.raises(UsageError, match="did you mean 'watch'"):
        expand(["wtach"], words)


def test_session_options_go_to_the_commands_that_take_them(bridges):
    runner = Runner(Targets(plt_uri=bridges.plt_uri, dda_uri=bridges.dda_uri, yes=True), json_mode=True)
    assert runner.argv("get-di 0") == ["io", "get-di", "--plt-uri", bridges.plt_uri, "--json", "0"]
    assert runner.argv("set-do 1 on")[:6] == ["io", "set-do", "--plt-uri", bridges.plt_uri, "--yes", "--json"]
    assert runner.argv("tail x")[:4] == ["channel", "tail", "--dda-uri", bridges.dda_uri]
    assert runner.argv("get-di 0 --plt-uri 10.0.0.1:1")[2:4] == ["--json", "0"], "a typed option wins"


def spy_on_construction(monkeypatch, classes: tuple[type, ...], made: list[str]) -> None:
    """Record the class name of every instance of ``classes`` made from now on."""
    for cls in classes:

        def init(self, *args, _init=cls.__init__, **kwargs):
            made.append(type(self).__name__)
            _init(self, *args, **kwargs)

        monkeypatch.setattr(cls, "__init__", init)


def test_a_session_keeps_one_client_per_bridge_and_reads_the_layout_once(bridges, monkeypatch):
    made: list[str] = []
    layouts = []
    spy_on_construction(monkeypatch, (PlatformInterface, DeviceAgentInterface, modbus_client._Interface), made)
    fetch_layout = PlatformInterface.fetch_layout
    monkeypatch.setattr(PlatformInterface, "fetch_layout", lambda self: layouts.append(1) or fetch_layout(self))
    runner = Runner(Targets(bridges.dda_uri, bridges.plt_uri, bridges.modbus_uri), json_mode=True)
    commands = [
        "get-di 0",
        "set-do 2 on",
        "get-ai 1",
        "channel get tank",
        "channel list",
        "modbus buses",
        "modbus read",
    ]
    with clients.session():
        out = run_piped_in_process(runner, commands * 2)
    assert [r["exit_code"] for r in out] == [0] * 14
    assert sorted(made) == ["DeviceAgentInterface", "PlatformInterface", "_Interface"]
    assert len(layouts) == 1
    io_support.platform_for(bridges.plt_uri, None)
    io_support.platform_for(bridges.plt_uri, None)
    assert made.count("PlatformInterface") == 3, "outside a session every command makes its own client"


def run_piped_in_process(runner: Runner, lines: list[str] | Iterator) -> list[dict]:
    out = io.StringIO()
    run_lines(runner, Lines(lines), out, lambda: "")
    return [json.loads(line) for line in out.getvalue().splitlines()]


class Lines:
    """A stdin whose lines are given one by one; a callable among them runs between two lines."""

    def __init__(self, steps: list[str | Callable[[], object]]):
        self.steps = iter(steps)

    def readline(self) -> str:
        for step in self.steps:
            if callable(step):
                step()
                continue
            return f"{step}\n"
        return ""


def test_a_bridge_that_goes_away_is_reported_once_and_used_again(tmp_path, capsys):
    with LocalBridges(store=tmp_path / "dda.sqlite3") as own:
        runner = Runner(Targets(plt_uri=own.plt_uri), json_mode=True)
        with clients.session():
            out = run_piped_in_process(runner, ["get-di 0", own.stop, "get-di 0", own.start, "get-di 0", "get-di 1"])
    assert [r["exit_code"] for r in out] == [0, 3, 0, 0]
    assert out[1]["error"].startswith(f"cannot reach the Platform bridge at {own.plt_uri}")
    assert "\n" not in out[1]["error"]
    err = capsys.readouterr().err
    assert err.count("answers again") == 1, err


def test_a_write_to_a_non_local_target_needs_yes_when_piped(bridges, monkeypatch, capsys):
    monkeypatch.setattr(confirm, "is_local", lambda uri: False)
    for yes, expected in ((False, 2), (True, 0)):
        runner = Runner(Targets(plt_uri=bridges.plt_uri, yes=yes), json_mode=True)
        with clients.session():
            (result,) = run_piped_in_process(runner, ["set-do 3 on"])
        assert result["exit_code"] == expected
    assert "pass --yes" in json.dumps(
        run_piped_in_process(Runner(Targets(plt_uri=bridges.plt_uri), True), ["set-ao 0 1"])
    )
    assert "DO 3 at" in capsys.readouterr().err, "with --yes the current value is still shown"


def test_history_file_keeps_the_newest_commands_once_each_and_privately(tmp_path, monkeypatch):
    monkeypatch.setattr(history, "KEEP", 3)
    added: list[str] = []
    readline = SimpleNamespace(set_auto_history=lambda on: None, add_history=added.append)
    path = tmp_path / "state" / "doover" / "shell_history"
    fresh = History(readline, path)
    fresh.load()
    fresh.add("get-di 0")
    assert path.read_text() == "get-di 0\n" and path.stat().st_mode & 0o777 == 0o600
    path.write_text("a\nb\nc\nd\n")
    kept = History(readline, path)
    kept.load()
    assert added[-3:] == ["b", "c", "d"] and path.read_text() == "b\nc\nd\n"
    for line in ("d", "e", "e"):
        kept.add(line)
    assert path.read_text() == "b\nc\nd\ne\n"


# -- through a pseudo-terminal ---------------------------------------------------------------------


class Terminal:
    """`doover shell` on a pseudo-terminal that is its controlling terminal; :meth:`expect` waits
    (at most ``timeout`` s) for a pattern in the screen text that arrived since the last match."""

    def __init__(self, args: list[str], env: dict[str, str]):
        master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 160, 0, 0))
        self.proc = subprocess.Popen(
            [sys.executable, "-c", CTTY, "shell", *args],
            stdin=slave,
            stdout=slave,
            stderr=slave,
            start_new_session=True,
            env=env,
        )
        os.close(slave)
        self.master, self.text = master, ""

    def send(self, keys: str) -> None:
        os.write(self.master, keys.encode())

    def expect(self, pattern: str, timeout: float = 10.0) -> re.Match:
        deadline = time.monotonic() + timeout
        while (match := re.search(pattern, self.text)) is None:
            left = deadline - time.monotonic()
            if left <= 0 or not self._read(left):
                raise AssertionError(f"{pattern!r} did not appear; the screen had:\n{self.text[-2000:]}")
        self.text = self.text[match.end() :]
        return match

    def prompt(self) -> None:
        self.expect(r"doover> ")

    def _read(self, timeout: float) -> bool:
        ready, _, _ = select.select([self.master], [], [], min(timeout, 0.2))
        if not ready:
            return True
        try:
            data = os.read(self.master, 65536)
        except OSError:  # EIO: the child closed the terminal
            return False
        self.text += ANSI.sub("", data.decode(errors="replace"))
        return bool(data)

    def exit_code(self) -> int:
        """Press Ctrl-D (call after a prompt: typed earlier, the terminal would swallow it) and wait."""
        self.send("\x04")
        return self.proc.wait(10)

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(5)
        os.close(self.master)


@pytest.fixture
def terminal(targets, env) -> Iterator[Callable[[], Terminal]]:
    opened: list[Terminal] = []

    def open_terminal() -> Terminal:
        opened.append(Terminal(targets, env))
        opened[-1].prompt()
        return opened[-1]

    yield open_terminal
    for term in opened:
        term.close()


def test_tab_completes_commands_options_pins_channels_and_buses(terminal):
    term = terminal()
    for typed, completed in [
        ("syst", "system "),
        ("get-di --js", "get-di --json "),
        ("force d", "force di "),
        ("tail ta", "tail tank "),
        ("modbus read --bus d", "modbus read --bus default "),
        ("modbus read meter.v", "modbus read meter.voltage "),
    ]:
        term.send(f"{typed}\t")
        term.expect(re.escape(completed))
        term.send("\x15")  # Ctrl-U: drop the line
    term.send("get-ai \t\t")  # two Tabs list every candidate: the device's AI pins
    term.expect(r"0 +1 +2 +3 +4 +5")
    term.expect(r"doover> get-ai ")  # readline redraws the line under the list: not the prompt awaited below
    term.send("\x15\n")
    term.prompt()
    assert term.exit_code() == 0


def test_history_is_kept_across_sessions(terminal, tmp_path):
    first = terminal()
    first.send("get-di 0\n")
    first.expect(r"DI 0  off")
    first.prompt()
    assert first.exit_code() == 0
    assert (tmp_path / "state" / "doover" / "shell_history").read_text() == "get-di 0\n"
    second = terminal()
    second.send("\x1b[A")  # Up arrow
    second.expect(r"get-di 0")
    second.send("\n")
    second.expect(r"DI 0  off")
    second.prompt()
    assert second.exit_code() == 0


def test_ctrl_c_stops_a_watch_or_tail_and_never_leaves_the_shell(terminal):
    term = terminal()
    term.send("watch di0 --interval 0.1\n")
    term.expect(r"DI 0 +off")
    term.expect(r"Ctrl-C to stop")  # a second refresh: the watch is running
    term.send("\x03")
    term.prompt()
    term.send("tail tank --last 1\n")
    term.expect(r'tank +\{"level": 1\}')
    term.send("\x03")
    term.prompt()
    term.send("get-di 0")
    term.expect("get-di 0")
    # A person's Ctrl-C: CPython's readline can lose a SIGINT that lands in the microseconds between
    # handling a key and waiting for the next one (a second Ctrl-C then works).
    time.sleep(0.3)
    term.send("\x03")  # at the prompt: the line goes, the shell stays
    term.prompt()
    term.send("get-di 0\n")
    term.expect(r"DI 0  off")
    term.prompt()
    assert term.exit_code() == 0
