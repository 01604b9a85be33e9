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
EXIT_CODES = {"usage": exit_codes.USAGE, "unreachable": exit_codes.UNREACHABLE, "failed": exit_codes.FAILED}
WHEELHOUSE = "wheels"  # the build context's folder of wheels, when the Dockerfile installs from it


@contextlib.contextmanager
def container_errors() -> Iterator[None]:
    """ContainerError (and a Docker error nobody expected) as one line and a documented exit code."""
    from docker.errors import DockerException

    from pydoover.containers.errors import ContainerError

    try:
        yield
    except ContainerError as exc:
        raise CLIError(str(exc), EXIT_CODES[exc.kind]) from None
    except DockerException as exc:
        raise CLIError(f"the Docker engine refused: {' '.join(str(exc).split())}") from None


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
    if f"{WHEELHOUSE}" in text:
        version = python_version_of(client, base_image(request, text)) or f"{sys.version_info[0]}.{sys.version_info[1]}"
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
