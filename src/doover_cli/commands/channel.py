"""`doover channel publish | get | list | tail`."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from ..command_target import Target, target_options
from ..errors import UsageError
from ..option_groups import DEFAULT, with_options
from ..output import note
from ..render import message_line
from ..streaming import run_stream

app = typer.Typer(
    help="Publish to, read, list and tail DDA channels.",
    no_args_is_help=True,
    rich_markup_mode=None,
    add_completion=False,
)

Channel = Annotated[str, typer.Argument(metavar="CHANNEL", help="Channel name, e.g. tag_values.", show_default=False)]


reading = target_options("dda")


def read_payload(payload: str | None, file: Path | None, as_text: bool):
    """The message from the argument, --file, or stdin ('-' or no argument with piped input)."""
    if payload is not None and file is not None:
        raise UsageError("give the payload as an argument or with --file, not both")
    if file is not None:
        try:
            source, text = str(file), file.read_text()
        except OSError as exc:
            raise UsageError(f"cannot read --file {file}: {exc.strerror}") from None
    elif payload is None or payload == "-":
        if payload is None and sys.stdin.isatty():
            raise UsageError("missing PAYLOAD: pass JSON as an argument, with --file, or on stdin")
        source, text = "stdin", sys.stdin.read()
    else:
        source, text = "PAYLOAD", payload
    if as_text:
        return text
    from pydoover.utils.channel_values import ValueRefused, load_value

    try:
        return load_value(text, source)
    except json.JSONDecodeError as exc:
        raise UsageError(
            f"invalid JSON in {source} at line {exc.lineno}, column {exc.colno}: {exc.msg} (use --text to send plain text)"
        ) from None
    except ValueRefused as exc:
        raise UsageError(f"{exc} (a channel cannot store it)") from None


@app.command("publish")
@with_options(target=target_options("dda", yes="Write to a non-local target without asking."))
def publish(
    channel: Channel,
    payload: Annotated[
        str | None,
        typer.Argument(metavar="PAYLOAD", help="JSON to publish; '-' or omitted reads stdin.", show_default=False),
    ] = None,
    file: Annotated[Path | None, typer.Option("--file", "-f", help="Read the JSON payload from a file.")] = None,
    as_text: Annotated[bool, typer.Option("--text", help="Send the payload as a plain string, not JSON.")] = False,
    no_log: Annotated[bool, typer.Option("--no-log", help="Do not keep this message in the channel's log.")] = False,
    max_age: Annotated[
        int | None,
        typer.Option(
            "--max-age",
            min=-1,
            max=2**31 - 1,
            help="Seconds the DDA may hold the message before syncing (-1: at once).",
        ),
    ] = None,
    target: Target = DEFAULT,
) -> None:
    """Publish a message to a channel (JSON objects merge into its aggregate). Asks first on a
    non-local DDA (--yes does not).

    Example: doover channel publish tank '{"level": 3.2}'
    """
    message = read_payload(payload, file, as_text)
    target.confirm("dda", f"publish to channel {channel}")
    agent = target.client("dda")
    message_id = agent.write_to_channel(channel, message, record_log=not no_log, max_age=max_age)
    target.output.result(
        {"channel": channel, "message_id": message_id}, f"published to {channel} (message {message_id})"
    )


@app.command("get")
@with_options(target=reading)
def get(channel: Channel, target: Target = DEFAULT) -> None:
    """Print a channel's aggregate (its merged current state).

    Example: doover channel get tag_values --json
    """
    aggregate = target.client("dda").get_channel_aggregate(channel)
    human = json.dumps(aggregate, indent=2, ensure_ascii=False) if not isinstance(aggregate, str) else aggregate
    target.output.result({"channel": channel, "aggregate": aggregate}, human)


@app.command("list")
@with_options(target=reading)
def list_channels(target: Target = DEFAULT) -> None:
    """List the channels the DDA knows.

    Example: doover channel list
    """
    names = sorted(target.client("dda").list_channels())
    target.output.table([{"channel": name} for name in names], ["channel"], [(name,) for name in names])


@app.command("tail")
@with_options(target=target_options("dda", deadline=None))
def tail(
    channels: Annotated[
        list[str], typer.Argument(metavar="CHANNEL...", help="One or more channel names.", show_default=False)
    ],
    since: Annotated[
        str | None, typer.Option("--since", help="Backfill history since a time: 30s, 10m, 2h, 1d or ISO 8601.")
    ] = None,
    last: Annotated[
        int | None, typer.Option("--last", min=0, help="Backfill the last N messages of each channel.")
    ] = None,
    count: Annotated[int | None, typer.Option("--count", min=1, help="Exit after N messages.")] = None,
    timeout: Annotated[
        float | None, typer.Option("--timeout", min=0, help="Exit after S seconds (exit 4 if --count was not reached).")
    ] = None,
    target: Target = DEFAULT,
) -> None:
    """Stream channel messages live, reconnecting if the bridge goes away.

    Example: doover channel tail tag_values ui_cmds --last 5
    """
    from pydoover.docker.device_agent.follow import ChannelFollower

    from ..timespec import parse_since

    start = parse_since(since) if since else None
    agent = target.client("dda")
    agent.test_comms()  # an unreachable bridge is reported now (exit 3), not retried forever
    out = target.output
    follower = ChannelFollower(agent, channels, last=last, since=start, on_status=note)
    if not target.json:
        note(f"waiting for messages on {', '.join(channels)} (Ctrl-C to stop)")

    async def stream() -> int:
        shown = 0
        async for message in follower:
            out.record(message.to_json(), message_line(message.timestamp, message.channel, message.payload))
            shown += 1
            if count is not None and shown >= count:
                break
        return shown

    run_stream(stream(), timeout, count, "messages")
