"""run_app: start an app the way a device does, from flags and environment variables.

    if __name__ == "__main__":
        run_app(PumpApp(config=PumpConfig()))

Flags and variables (sdk-contract.md §2): ``--app-key``/``APP_KEY``, ``--dda-uri``/``DDA_URI``,
``--plt-uri``/``PLT_URI``, ``--modbus-uri``/``MODBUS_URI``, ``--cam-uri``/``CAM_URI``, ``--remote-dev``/``REMOTE_DEV``,
``--config-fp``/``CONFIG_FP``, ``--healthcheck-port``/``HEALTHCHECK_PORT``, ``--debug``/``DEBUG``,
``--strict-config``/``DOOVER_STRICT_CONFIG=1`` (refuse an invalid config instead of warning).
A flag wins over its variable. Unlike classic pydoover, ``PLT_URI`` and ``MODBUS_URI`` are honoured.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import inspect
import logging
import os
import signal
import sys
from collections.abc import Callable, Coroutine, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ...endpoints import endpoint
from .app import AppFailed, Application
from .deployment import strict_from_env

DEFAULT_URIS = {name: endpoint(name).default_uri for name in ("dda", "platform", "modbus", "camera")}
DEFAULT_HEALTHCHECK_PORT = 49200
LOG_FORMAT = "%(asctime)s - %(name)s - %(levelname)s - %(message)s (%(filename)s:%(lineno)d)"


@dataclass
class RunSettings:
    app_key: str | None
    uris: dict[str, str | None]  # None: not given, keep the interface's own
    remote: str | None
    config_fp: Path | None
    healthcheck_port: int
    debug: bool
    strict_config: bool = False


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(add_help=False, allow_abbrev=False)  # foreign flags pass through whole
    for flag in ("--app-key", "--dda-uri", "--plt-uri", "--modbus-uri", "--cam-uri", "--remote-dev", "--config-fp"):
        parser.add_argument(flag)
    parser.add_argument("--healthcheck-port", type=int)
    parser.add_argument("--debug", action="store_true", default=None)
    parser.add_argument("--strict-config", action="store_true")
    return parser


def read_settings(argv: list[str] | None = None, environ: dict[str, str] | None = None) -> RunSettings:
    """Flags (unknown ones ignored, so test runners' arguments pass through) over variables."""
    args, _ = _parser().parse_known_args(sys.argv[1:] if argv is None else argv)
    env = os.environ if environ is None else environ

    def pick(flag_value: str | None, name: str) -> str | None:
        return flag_value if flag_value not in (None, "") else (env.get(name) or None)

    config_fp = pick(args.config_fp, "CONFIG_FP")
    port = args.healthcheck_port if args.healthcheck_port is not None else env.get("HEALTHCHECK_PORT")
    return RunSettings(
        app_key=pick(args.app_key, "APP_KEY"),
        uris={
            "dda": pick(args.dda_uri, "DDA_URI"),
            "platform": pick(args.plt_uri, "PLT_URI"),
            "modbus": pick(args.modbus_uri, "MODBUS_URI"),
            "camera": pick(args.cam_uri, "CAM_URI"),
        },
        remote=pick(args.remote_dev, "REMOTE_DEV"),
        config_fp=Path(config_fp) if config_fp else None,
        healthcheck_port=int(port) if port not in (None, "") else DEFAULT_HEALTHCHECK_PORT,
        debug=bool(args.debug) or env.get("DEBUG", "") in ("1", "true", "True"),
        strict_config=args.strict_config or strict_from_env(env),
    )


def _with_remote(uri: str, remote: str | None) -> str:
    if not remote:
        return uri
    host, sep, port = uri.rpartition(":")
    return f"{remote}{sep}{port}" if host in ("localhost", "127.0.0.1") else uri


def configure(app: Application, settings: RunSettings) -> None:
    """Apply ``settings`` to ``app``: key, URIs (the app's own interfaces get the defaults), files, mode."""
    if settings.app_key:
        app.set_app_key(settings.app_key)
    interfaces = {"dda": app.device_agent, "platform": app.platform_iface, "modbus": app.modbus_iface}
    interfaces["camera"] = app.camera_iface
    for kind, iface in interfaces.items():
        uri = settings.uris.get(kind) or (DEFAULT_URIS[kind] if kind in app._own_interfaces else None)
        if uri:
            iface.uri = _with_remote(uri, settings.remote)
        elif settings.remote:
            iface.uri = _with_remote(iface.uri, settings.remote)
    if settings.config_fp is not None:
        app._config_fp = settings.config_fp
    if app._healthcheck_port is None:
        app._healthcheck_port = settings.healthcheck_port
    if app._is_async is None:
        app.set_async(_is_async_app(app))
    if settings.strict_config or app.strict_config is None:
        app.strict_config = settings.strict_config


def _is_async_app(app: Application) -> bool:
    """Async when the app's own setup or main_loop is a coroutine function (or it overrides neither)."""
    own = [getattr(app, name) for name in ("setup", "main_loop") if name in _overridden(app)]
    return not own or any(inspect.iscoroutinefunction(method) for method in own)


def _overridden(app: Application) -> set[str]:
    return {name for name in ("setup", "main_loop") if getattr(type(app), name) is not getattr(Application, name)}


def configure_logging(
    debug: bool,
    formatter: logging.Formatter | None = None,
    filters: Iterable[logging.Filter | Callable[[logging.LogRecord], Any]] | None = None,
) -> None:
    handler = logging.StreamHandler()
    handler.setFormatter(formatter or logging.Formatter(LOG_FORMAT))
    for log_filter in filters or ():
        handler.addFilter(log_filter)
    logging.basicConfig(level=logging.DEBUG if debug else logging.INFO, handlers=[handler], force=True)
    for noisy in ("grpc", "asyncio", "pymodbus"):
        logging.getLogger(noisy).setLevel(logging.WARNING)


def run_app(
    app: Application,
    start: bool = True,
    setup_logging: bool = True,
    log_formatter: logging.Formatter | None = None,
    log_filters: Iterable[logging.Filter | Callable[[logging.LogRecord], Any]] | None = None,
) -> Coroutine[Any, Any, None]:
    """Run ``app`` until SIGINT/SIGTERM (exit 0) or a failure (exit 1); ``start=False`` returns the
    coroutine instead, for test mode: ``asyncio.create_task(run_app(app, start=False))``."""
    settings = read_settings()
    if setup_logging:
        configure_logging(settings.debug, log_formatter, log_filters)
    configure(app, settings)
    if not start:
        return app.run()
    sys.exit(asyncio.run(_serve(app)))


async def _serve(app: Application) -> int:
    """Run the app as the main task; SIGINT/SIGTERM cancel it cleanly. Returns the exit code."""
    task = asyncio.current_task()
    assert task is not None  # asyncio.run runs this coroutine as a task
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError, RuntimeError):
            loop.add_signal_handler(sig, task.cancel)
    try:
        await app.run()
    except asyncio.CancelledError:
        logging.getLogger(__name__).info("%s stopped", app.name)
        return 0
    except AppFailed:
        return 1
    return 0
