"""What `doover build` and `doover run --container` share: the engine options, building a project's
image with a view of its progress, and turning container failures into the CLI's exit codes."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Annotated

import typer

from . import exit_codes
from .errors import CLIError

DockerHost = Annotated[
    str | None,
    typer.Option(
        "--docker-host",
        metavar="URL",
        help="Docker engine: unix://PATH, ssh://USER@HOST, tcp://HOST:PORT with TLS [default: DOCKER_HOST, "
        "else the local engine].",
        show_default=False,
    ),
]
Insecure = Annotated[
    bool, typer.Option("--insecure", help="Allow a Docker engine on plain tcp:// (no TLS): only on a network of yours.")
]
BuildArgs = Annotated[
    list[str] | None,
    typer.Option(
        "--build-arg", metavar="NAME=VALUE", help="An image build argument, e.g. BASE_IMAGE=... (repeatable)."
    ),
]
EXIT_CODES = {"usage": exit_codes.USAGE, "unreachable": exit_codes.UNREACHABLE, "failed": exit_codes.FAILED}
WHEELHOUSE = "wheels"  # the build context's folder of wheels, when the Dockerfile installs from it


@contextlib.contextmanager
def container_errors() -> Iterator[None]:
    """ContainerError (and a Docker error nobody expected) as one line and a documented exit code."""
    from docker.errors import DockerException
    from requests.exceptions import RequestException
    from urllib3.exceptions import HTTPError

    from pydoover.containers.errors import ContainerError

    try:
        yield
    except ContainerError as exc:
        raise CLIError(str(exc), EXIT_CODES[exc.kind]) from None
    except DockerException as exc:
        raise CLIError(f"the Docker engine refused: {' '.join(str(exc).split())}") from None
    except (RequestException, HTTPError) as exc:
        raise CLIError(f"the connection to the Docker engine broke: {' '.join(str(exc).split())}") from None


def connect(docker_host: str | None, insecure: bool):
    from pydoover.containers.engine import connect as connect_engine

    with container_errors():
        return connect_engine(docker_host, insecure)


def build_request(project, client, tag=None, platform=None, build_args=None, no_cache=False, pull=False):
    """The build of ``project``: its tag, and its wheelhouse filled for the base image's Python."""
    import sys

    from pydoover.containers.build import BuildRequest, base_image, dockerfile_text, image_tag, python_version_of
    from pydoover.containers.wheelhouse import fill_wheelhouse

    request = BuildRequest(project.root, tag or image_tag(project), platform=platform, build_args=build_args or {},
                           no_cache=no_cache, pull=pull)  # fmt: skip
    text = dockerfile_text(request)
    request.base = base_image(request, text)
    if f"{WHEELHOUSE}" in text:
        version = python_version_of(client, request.base) or f"{sys.version_info[0]}.{sys.version_info[1]}"
        fill_wheelhouse(project.root / WHEELHOUSE, version, extra=_build_backends(project))
    return request


def _build_backends(project) -> list[str]:
    """The project's build backend (installing the app builds it) and its own dependencies."""
    build_system = project.pyproject.get("build-system", {})
    own = [dep for dep in project.pyproject.get("project", {}).get("dependencies", []) if not _is_toolkit(dep)]
    return [*build_system.get("requires", []), *own]


def _is_toolkit(requirement: str) -> bool:
    import re

    name = re.split(r"[\s<>=!~;\[(]", requirement.strip(), maxsplit=1)[0].lower().replace("_", "-")
    return name in ("pydoover", "doover-toolkit")


def run_build(client, request, view: Callable[[object], None]) -> str:
    """Build, handing each event to ``view``; the image id."""
    from pydoover.containers.build import build_image

    image_id = ""
    for event in build_image(client, request):
        view(event)
        image_id = event.data.get("image_id", image_id)
    return image_id


def failure_lines(exc) -> list[str]:
    """The failing step's last lines, to print before the one-line error."""
    return [f"  {line}" for line in getattr(exc, "tail", [])]


def project_dir(path: Path):
    from pydoover.project import ProjectError, find_project

    try:
        return find_project(path)
    except ProjectError as exc:
        raise CLIError(str(exc), exit_codes.USAGE) from None


def build_args(items: list[str] | None) -> dict[str, str]:
    args = {}
    for item in items or []:
        name, sep, value = item.partition("=")
        if not sep or not name:
            raise CLIError(f"--build-arg {item!r}: expected NAME=VALUE", exit_codes.USAGE)
        args[name] = value
    return args


def use_containers(plans, docker_host: str | None, insecure: bool, json_output: bool, build_arg=None):
    """Build each app's image (cached steps make this quick) and run its apps as containers from it.

    Returns the engine's client. Containers left by a session that was killed are removed first."""
    from pydoover.containers.container import ContainerBackend, remove_leftovers

    from .output import note

    args = build_args(build_arg)
    client, host = connect(docker_host, insecure)
    with container_errors():
        for name in remove_leftovers(client):
            note(f"removed container {name}, left by a `doover run` that was killed")
        for plan in plans:
            request = build_request(plan.project, client, build_args=args)
            if not json_output:
                note(f"building {request.tag} for {plan.app_key} on {host} ...")
            _build_for_run(client, request, plan.app_key, json_output)
            rebuild = _rebuilder(client, plan.project, args)
            plan.backend = ContainerBackend(client, request.tag, rebuild, remote=not host.startswith("unix://"))
    return client


def _build_for_run(client, request, app_key: str, json_output: bool) -> None:
    """The build before a run, told briefly: its result (and with --json each step, as build-* events)."""
    import sys

    from .output import Output

    out = Output(json_output)

    def show(event) -> None:
        if event.kind == "built" or (json_output and event.kind == "step"):
            record = {**event.to_dict(), "kind": f"build-{event.kind}", "app": app_key}
            out.record(record, f"doover: {event.message}")

    try:
        run_build(client, request, show)
    except Exception as exc:
        for line in failure_lines(exc):
            print(line, file=sys.stderr)
        raise


def _rebuilder(client, project, args: dict[str, str]):
    """Build the image again before a restart, so --watch and `doover apps restart` run the current sources."""

    def rebuild() -> None:
        run_build(client, build_request(project, client, build_args=args), lambda event: None)

    return rebuild
