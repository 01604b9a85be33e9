"""A local web page that shows an app's UI and the device, live: ``doover dashboard``.

The dashboard is a client like the CLI: it reads and writes through the SDK clients
(DeviceAgentInterface subscriptions, PlatformInterface, the local simulation's control client,
AppControllerInterface) and serves one page (a jinja2 template, plain JS and CSS shipped in this
package, no build step) that follows them over server-sent events::

    from pydoover.dashboard import Targets, serve
    serve(Targets.from_uris({"dda": "127.0.0.1:50051"}), host="127.0.0.1", port=8000)

Modules: ``targets`` (which bridges), ``hub`` (latest state and the pages listening),
``watchers`` (SDK streams and polls feeding the hub), ``actions`` (the writes a page may ask for),
``guard`` (token, host and cross-site checks), ``web`` (routes and pages), ``server`` (uvicorn),
``camera`` (where a camera source plugs in, and which camera an element shows), ``bridge_cameras``
(the Camera bridge as that source: its cameras and live frames, relayed once per camera).
"""

from .targets import Targets

__all__ = ["Targets"]
