"""A real RTSP server for the camera tests: GStreamer's, serving a moving test pattern.

Run with Debian's own interpreter (its `gi` bindings exist only there):

    /usr/bin/python3 tests/support/rtsp_server.py [--port 0] [--codec h264|jpeg]

Prints the stream's URL (rtsp://127.0.0.1:PORT/test) once it listens; stops on SIGTERM/SIGINT.
"""

from __future__ import annotations

import argparse
import signal
import sys

import gi

gi.require_version("Gst", "1.0")
gi.require_version("GstRtspServer", "1.0")
from gi.repository import GLib, Gst, GstRtspServer  # noqa: E402

CAPS = "video/x-raw,width=320,height=240,framerate=15/1"
ENCODERS = {
    "h264": "x264enc tune=zerolatency speed-preset=ultrafast key-int-max=15 ! rtph264pay name=pay0 pt=96",
    "jpeg": "jpegenc ! rtpjpegpay name=pay0 pt=26",
}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", default="0")
    parser.add_argument("--codec", choices=sorted(ENCODERS), default="h264")
    args = parser.parse_args()
    Gst.init(None)
    codec = args.codec if Gst.ElementFactory.find("x264enc") or args.codec != "h264" else "jpeg"
    server = GstRtspServer.RTSPServer()
    server.set_address("127.0.0.1")
    server.set_service(args.port)
    factory = GstRtspServer.RTSPMediaFactory()
    factory.set_launch(f"( videotestsrc is-live=true pattern=ball ! {CAPS} ! {ENCODERS[codec]} )")
    factory.set_shared(True)
    server.get_mount_points().add_factory("/test", factory)
    if server.attach(None) == 0:
        print(f"cannot listen on port {args.port}", file=sys.stderr, flush=True)
        return 1
    loop = GLib.MainLoop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        GLib.unix_signal_add(GLib.PRIORITY_DEFAULT, sig, loop.quit)
    print(f"rtsp://127.0.0.1:{server.get_bound_port()}/test {codec}", flush=True)
    loop.run()
    return 0


if __name__ == "__main__":
    sys.exit(main())
