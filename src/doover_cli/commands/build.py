"""`doover build`: build the app's image with the Docker SDK, locally or on a device's engine."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from ..container_support import (
    BuildArgs,
    DockerHost,
    Insecure,
    build_args,
    build_request,
    connect,
    container_errors,
    failure_lines,
    project_dir,
    run_build,
)
from ..output import Output, note
from ..targets import AppDir, Json

app = typer.Typer(rich_markup_mode=None, add_completion=False)


@app.command("build")
def build(
    app_dir: AppDir = Path("."),
    tag: Annotated[
        str | None,
        typer.Option(
            "--tag", "-t", help="Image name:tag [default: image_name in doover_config.json, else APP:latest]."
        ),
    ] = None,
    platform: Annotated[str | None, typer.Option("--platform", help="Target platform, e.g. linux/arm64.")] = None,
    build_arg: BuildArgs = None,
    no_cache: Annotated[bool, typer.Option("--no-cache", help="Build every step again.")] = False,
    pull: Annotated[bool, typer.Option("--pull/--no-pull", help="Pull a newer base image first.")] = False,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Show the build's full output.")] = False,
    docker_host: DockerHost = None,
    insecure: Insecure = False,
    json_output: Json = False,
) -> None:
    """Build the image of the app in APP_DIR from its Dockerfile (on DOCKER_HOST or --docker-host).

    The Dockerfile from `doover new` installs this toolkit from the wheels doover puts in wheels/,
    so a build needs no package index. Exit 1 when the build fails (its failing step is shown).

    Example: doover build --build-arg BASE_IMAGE=python:3.12-slim
    """
    args = build_args(build_arg)
    project = project_dir(app_dir)
    client, host = connect(docker_host, insecure)
    view = _view(Output(json_output), verbose, json_output)
    with container_errors(), view:
        request = build_request(project, client, tag, platform, args, no_cache, pull)
        try:
            run_build(client, request, view)
        except Exception as exc:
            view.failed(exc)
            raise
    if not json_output:
        note(f"{request.tag} is on the engine at {host}")


def _view(out: Output, verbose: bool, json_mode: bool):
    if json_mode:
        return JsonView(out)
    if verbose or not sys.stdout.isatty():
        return LineView(verbose)
    return ProgressView()


class JsonView:
    """Every event as an NDJSON line."""

    def __init__(self, out: Output):
        self.out = out

    def __call__(self, event) -> None:
        self.out.record(event.to_dict(), event.message)

    def failed(self, exc) -> None:
        self.out.record({"kind": "error", "message": str(exc), "step": getattr(exc, "step", None),
                         "tail": getattr(exc, "tail", [])}, "")  # fmt: skip

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        return None


class LineView(JsonView):
    """A line per step (and with --verbose every line of the build's output)."""

    def __init__(self, verbose: bool):
        self.verbose = verbose

    def __call__(self, event) -> None:
        if event.kind in ("step", "built") or (self.verbose and event.kind in ("log", "cached", "pull")):
            print(event.message if event.kind != "cached" else f"  {event.message}", flush=True)

    def failed(self, exc) -> None:
        for line in failure_lines(exc):
            print(line, file=sys.stderr)


class ProgressView(LineView):
    """A live line for the step being built; each finished step stays, marked cached or with its time."""

    def __init__(self):
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

        self.console = Console(highlight=False)
        self.progress = Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(),
                                 MofNCompleteColumn(), TimeElapsedColumn(), console=self.console, transient=True)  # fmt: skip
        self.task = self.progress.add_task("starting the build", total=None)
        self.current: dict | None = None

    def __enter__(self):
        self.progress.start()
        return self

    def __exit__(self, *exc) -> None:
        self.progress.stop()

    def __call__(self, event) -> None:
        from rich.markup import escape

        if event.kind == "step":
            self._finish(event.data["elapsed"])
            self.current = {**event.data, "cached": False}
            self.progress.update(self.task, description=escape(_one_line(event.message, 60)), total=event.data["steps"],
                                 completed=event.data["step"] - 1)  # fmt: skip
        elif event.kind == "cached" and self.current:
            self.current["cached"] = True
        elif event.kind == "built":
            self._finish(event.data["seconds"])
            self.progress.update(self.task, completed=event.data["steps"])
            self.console.print(event.message)

    def _finish(self, now: float) -> None:
        from rich.markup import escape

        if self.current:
            how = "cached" if self.current["cached"] else f"{now - self.current['elapsed']:.1f} s"
            text = _one_line(self.current["instruction"], self.console.width - 30)
            self.console.print(f"[green]✓[/green] step {self.current['step']}/{self.current['steps']} "
                               f"{escape(text)}  [dim]({how})[/dim]", markup=True)  # fmt: skip
        self.current = None

    def failed(self, exc) -> None:
        self.progress.stop()
        for line in failure_lines(exc):
            self.console.print(line, markup=False, style="dim")


def _one_line(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= max(width, 20) else text[: max(width, 20) - 1] + "…"
