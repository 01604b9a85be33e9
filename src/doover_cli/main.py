"""The `doover` typer app. Command groups are imported only when used, so `doover --help`
starts fast and never loads grpc."""

from __future__ import annotations

import importlib
import sys

import typer
from typer._click.exceptions import ClickException, NoArgsIsHelpError  # typer >= 0.29 carries click
from typer.core import TyperGroup

from . import exit_codes, help_text, negatives, output
from .errors import CLIError, from_bridge_error
from .failures import help_alias, json_requested, report, suggestion

# name -> (module, one-line help shown by `doover --help` without importing the module)
COMMAND_GROUPS = {
    "new": ("doover_cli.commands.new", "Make a new app project from the app template."),
    "upgrade": ("doover_cli.commands.upgrade", "Upgrade a project to a newer app template, keeping its edits."),
    "run": ("doover_cli.commands.run", "Run an app against the local bridges, as a device would."),
    "build": ("doover_cli.commands.build", "Build the app's container image (Docker SDK; local or a device's engine)."),
    "demo": ("doover_cli.commands.demo", "Run the bundled demo app (a tank-level controller) locally."),
    "bridge": ("doover_cli.commands.bridge", "Start the local bridges and check their health."),
    "channel": ("doover_cli.commands.channel", "Publish to, read, list and tail DDA channels."),
    "io": ("doover_cli.commands.io", "Read, drive, force and watch digital and analog I/O."),
    "modbus": ("doover_cli.commands.modbus", "Read, write, decode, watch and scan Modbus registers."),
    "config": ("doover_cli.commands.config", "Validate, export, show and generate an app's config."),
    "apps": ("doover_cli.commands.apps", "List, restart, stop apps and read their logs."),
    "camera": ("doover_cli.commands.camera", "List cameras, take snapshots, record clips and watch live."),
    "shell": ("doover_cli.commands.shell", "Poke I/O, Modbus and channels interactively."),
    "dashboard": ("doover_cli.commands.dashboard", "See the apps' UI and the device live in a browser."),
    "help": ("doover_cli.commands.help", "Reference pages: exit codes; `doover help COMMAND` shows its help."),
}

EPILOG = "Exit codes: 0 ok, 1 failed, 2 usage error, 3 bridge unreachable, 4 timeout. See `doover help exit-codes`."


class LazyGroup(TyperGroup):
    """Loads each command group's module on first use; help listings use the stored text."""

    _listing = False

    def list_commands(self, ctx) -> list[str]:
        return [*super().list_commands(ctx), *COMMAND_GROUPS]

    def get_command(self, ctx, cmd_name: str):
        if cmd_name not in COMMAND_GROUPS:
            return super().get_command(ctx, cmd_name)
        module_name, short_help = COMMAND_GROUPS[cmd_name]
        if self._listing:
            return typer.main.TyperCommand(cmd_name, short_help=short_help, help=short_help)
        module = importlib.import_module(module_name)
        command = typer.main.get_command(module.app)
        command.name = cmd_name
        return command

    def resolve_command(self, ctx, args):
        try:
            return super().resolve_command(ctx, args)
        except ClickException as exc:
            if args and "Did you mean" not in exc.message:
                exc.message = exc.message + suggestion(args[0], self.list_commands(ctx))
            raise

    def format_help(self, ctx, formatter) -> None:
        self._listing = True
        try:
            super().format_help(ctx, formatter)
        finally:
            self._listing = False


app = typer.Typer(
    cls=LazyGroup,
    name="doover",
    help="Build, run and poke Doover device apps, locally or on a device.",
    epilog=EPILOG,
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


def _print_version(wanted: bool) -> None:
    if wanted:
        from pydoover import __version__

        print(__version__)
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", help="Print the version and exit.", is_eager=True, callback=_print_version
    ),
) -> None:
    """Build, run and poke Doover device apps, locally or on a device."""


def main(argv: list[str] | None = None) -> int:
    """Run the CLI and return its exit code (tests call this; `run` is the console script)."""
    negatives.install()
    help_text.install()
    output.begin()
    args = help_alias(list(sys.argv[1:] if argv is None else argv))
    json_mode = json_requested(args)
    try:
        result = app(args=args, prog_name="doover", standalone_mode=False)
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    except NoArgsIsHelpError as exc:
        exc.show()
        return exc.exit_code
    except ClickException as exc:
        if not json_mode:
            exc.show()
            return exc.exit_code
        return report(exc.format_message(), exc.exit_code, json_mode)
    except typer.Abort:
        return report("aborted; nothing was done", exit_codes.FAILED, json_mode)
    except CLIError as exc:
        return report(str(exc), exc.exit_code, json_mode)
    except KeyboardInterrupt:
        return exit_codes.INTERRUPTED
    except Exception as exc:
        from pydoover.docker.errors import BridgeError

        if not isinstance(exc, BridgeError):
            raise
        failure = from_bridge_error(exc)
        return report(str(failure), failure.exit_code, json_mode)
    return result if isinstance(result, int) else exit_codes.OK


def run() -> None:
    sys.exit(main())
