"""One camera in the bridge's event loop: decodes only while used, shares each JPEG among its viewers.

    camera = Camera(spec)
    frame = await camera.snapshot(Size(320, 240), quality=80)     # an EncodedFrame
    async for frame, dropped in camera.stream(Size(), quality=80, fps=5):
        ...

A worker thread runs the source (see :mod:`.sources`) while anyone uses the camera and for
``linger`` seconds after, reopening it with backoff when it fails. The newest frame is all the
camera keeps, so memory stays bounded whatever the viewers do; each viewer takes the newest frame
when it is ready for one, and the JPEG of a frame at a given size and quality is made once.
"""

from __future__ import annotations

import asyncio
import contextlib
import io
import logging
import threading
import time
from collections.abc import AsyncGenerator, Iterator
from dataclasses import dataclass
from typing import cast

from PIL import Image

from .errors import InvalidRequest, NoFrame, SourceUnavailable
from .sources import SourceFailed, StreamDetails, open_source
from .spec import MAX_FPS, MAX_HEIGHT, MAX_WIDTH, CameraSpec

log = logging.getLogger(__name__)

LINGER_SECONDS = 5.0  # keep decoding this long after the last use, so a burst of snapshots is cheap
FRAME_TIMEOUT = 10.0  # a snapshot waits this long for a source's first frame
MIN_BACKOFF, MAX_BACKOFF = 0.5, 10.0
DEFAULT_QUALITY = 80


@dataclass(frozen=True)
class Size:
    """A requested picture size; 0 keeps the source's (one alone keeps the aspect ratio)."""

    width: int = 0
    height: int = 0

    def checked(self) -> Size:
        if not (0 <= self.width <= MAX_WIDTH and 0 <= self.height <= MAX_HEIGHT):
            raise InvalidRequest(
                f"size {self.width}x{self.height} is out of range: width 1..{MAX_WIDTH}, height 1..{MAX_HEIGHT} (0 keeps the source's)"
            )
        return self

    def fit(self, width: int, height: int) -> tuple[int, int]:
        if self.width and self.height:
            return self.width, self.height
        if self.width:
            return self.width, max(1, round(height * self.width / width))
        if self.height:
            return max(1, round(width * self.height / height)), self.height
        return width, height


@dataclass
class RawFrame:
    seq: int  # frames decoded by this camera since the bridge started
    image: Image.Image
    timestamp_ms: int


@dataclass(frozen=True)
class EncodedFrame:
    jpeg: bytes
    width: int
    height: int
    seq: int
    timestamp_ms: int


def check_quality(quality: int) -> int:
    if quality == 0:
        return DEFAULT_QUALITY
    if not 1 <= quality <= 100:
        raise InvalidRequest(f"quality {quality} is out of range: 1..100 (0: {DEFAULT_QUALITY})")
    return quality


def frame_period(fps: float) -> float:
    """Seconds between a stream's frames; 0 (fps 0): every frame the source gives."""
    if fps == 0:
        return 0.0
    if not 0.1 <= fps <= MAX_FPS:
        raise InvalidRequest(f"fps {fps:g} is out of range: 0.1..{MAX_FPS:g} (0: the source's)")
    return 1.0 / fps


def encode(frame: RawFrame, size: Size, quality: int) -> EncodedFrame:
    width, height = size.fit(*frame.image.size)
    image = frame.image if (width, height) == frame.image.size else frame.image.resize((width, height))
    buffer = io.BytesIO()
    image.convert("RGB").save(buffer, "JPEG", quality=quality)
    return EncodedFrame(buffer.getvalue(), width, height, frame.seq, frame.timestamp_ms)


class Camera:
    def __init__(self, spec: CameraSpec, linger: float = LINGER_SECONDS, frame_timeout: float = FRAME_TIMEOUT):
        self.spec = spec
        self.source = open_source(spec)
        self.linger, self.frame_timeout = linger, frame_timeout
        self.state = "idle"
        self.last_error = ""
        self.viewers = 0
        self.frames = 0
        self._latest: RawFrame | None = None
        self._changed = asyncio.Event()  # replaced after every frame or failure
        self._encoded: dict[tuple[Size, int], asyncio.Future] = {}  # for the latest frame only
        self._users = 0
        self._stop: threading.Event | None = None
        self._idle_timer: asyncio.TimerHandle | None = None
        self._loop: asyncio.AbstractEventLoop | None = None

    @property
    def name(self) -> str:
        return self.spec.name

    @property
    def details(self) -> StreamDetails:
        return self.source.details

    # -- using the camera -------------------------------------------------------------------

    @contextlib.contextmanager
    def in_use(self) -> Iterator[None]:
        """Decode while the block runs (and ``linger`` seconds after the last user left)."""
        self._users += 1
        if self._idle_timer is not None:
            self._idle_timer.cancel()
            self._idle_timer = None
        if self._stop is None:
            self._start_worker()
        try:
            yield
        finally:
            self._users -= 1
            if self._users == 0:
                try:
                    self._idle_timer = asyncio.get_running_loop().call_later(self.linger, self._stop_worker)
                except RuntimeError:  # a stream finalised after its loop ended
                    self._stop_worker()

    async def snapshot(self, size: Size, quality: int) -> EncodedFrame:
        size, quality = size.checked(), check_quality(quality)
        with self.in_use():
            frame = await self._fresh_frame()
            return await self._encoded_frame(frame, size, quality)

    async def stream(self, size: Size, quality: int, fps: float) -> AsyncGenerator[tuple[EncodedFrame, int], None]:
        """(frame, source frames skipped since the last one) at most ``fps`` times a second."""
        size, quality = size.checked(), check_quality(quality)
        period = frame_period(fps)
        with self.in_use():
            self.viewers += 1
            try:
                last_seq, due = None, time.monotonic()
                while True:
                    await asyncio.sleep(max(0.0, due - time.monotonic()))
                    # The first frame fails fast when the source is down; later ones wait through outages.
                    frame = await (
                        self._fresh_frame() if last_seq is None else self._frame_after(last_seq, patient=True)
                    )
                    dropped = 0 if last_seq is None else frame.seq - last_seq - 1
                    yield await self._encoded_frame(frame, size, quality), dropped
                    last_seq, due = frame.seq, max(due + period, time.monotonic() - period)
            finally:
                self.viewers -= 1

    # -- frames -----------------------------------------------------------------------------

    async def _fresh_frame(self) -> RawFrame:
        """The newest frame if the worker is delivering, else the next one."""
        latest = self._latest
        if latest is not None and self.state == "streaming" and time.time() * 1000 - latest.timestamp_ms < 2000:
            return latest
        return await self._frame_after(latest.seq if latest else None)

    async def _frame_after(self, seq: int | None, patient: bool = False) -> RawFrame:
        """The first frame newer than ``seq``. Unless ``patient``, a failing source raises why and
        a source that gives nothing within ``frame_timeout`` raises NoFrame."""
        deadline = time.monotonic() + (float("inf") if patient else self.frame_timeout)
        while self._latest is None or (seq is not None and self._latest.seq <= seq):
            changed = self._changed
            if self.state == "retrying" and not patient:
                raise SourceUnavailable(f"camera {self.name}: {self.last_error}")
            try:
                await asyncio.wait_for(changed.wait(), min(60.0, max(0.0, deadline - time.monotonic())))
            except TimeoutError:
                if patient:
                    continue
                raise NoFrame(f"camera {self.name}: no frame within {self.frame_timeout:g} s ({self.state})") from None
        return self._latest

    async def _encoded_frame(self, frame: RawFrame, size: Size, quality: int) -> EncodedFrame:
        if self._latest is not frame:  # an older frame than the cache is for: encode it alone
            return await asyncio.to_thread(encode, frame, size, quality)
        key = (size, quality)
        future = self._encoded.get(key)
        if future is None:
            future = self._encoded[key] = asyncio.ensure_future(asyncio.to_thread(encode, frame, size, quality))
        return await asyncio.shield(future)

    # -- the worker thread ----------------------------------------------------------------------

    def _start_worker(self) -> None:
        self._loop = asyncio.get_running_loop()
        self._stop = threading.Event()
        self.state = "connecting"
        threading.Thread(target=self._work, args=(self._stop,), name=f"camera-{self.name}", daemon=True).start()

    def _stop_worker(self) -> None:
        self._idle_timer = None
        if self._stop is not None and self._users == 0:
            self._stop.set()
            self._stop = None
            self.state = "idle"

    def _work(self, stop: threading.Event) -> None:
        backoff = MIN_BACKOFF
        while not stop.is_set():
            self._post(stop, self._set_state, "connecting")
            try:
                for image in self.source.frames(stop):
                    self._post(stop, self._publish, image)
                    backoff = MIN_BACKOFF
                if stop.is_set():
                    return
                failure = "the source ended"
            except SourceFailed as exc:
                failure = str(exc)
            except Exception as exc:  # a decoder bug must not end the camera: report it and retry
                log.exception("camera %s: source failed", self.name)
                failure = f"{type(exc).__name__}: {exc}"
            self._post(stop, self._fail, failure)
            stop.wait(backoff)
            backoff = min(backoff * 2, MAX_BACKOFF)

    def _post(self, stop: threading.Event, callback, *args) -> None:
        if stop.is_set():
            return
        with contextlib.suppress(RuntimeError):  # the loop closed while the thread finished a read
            cast(asyncio.AbstractEventLoop, self._loop).call_soon_threadsafe(callback, *args)

    def _set_state(self, state: str) -> None:
        if self._stop is not None and state != self.state and self.state != "retrying":
            self.state = state

    def _publish(self, image: Image.Image) -> None:
        if self._stop is None:
            return
        self.frames += 1
        self._latest = RawFrame(self.frames, image, int(time.time() * 1000))
        self._encoded.clear()
        self.state, self.last_error = "streaming", ""
        self._notify()

    def _fail(self, why: str) -> None:
        if self._stop is None:
            return
        if why != self.last_error:  # one line per distinct failure, not one per retry
            log.warning("camera %s: %s; retrying", self.name, why)
        self.state, self.last_error = "retrying", why
        self._notify()

    def _notify(self) -> None:
        changed, self._changed = self._changed, asyncio.Event()
        changed.set()

    def close(self) -> None:
        if self._idle_timer is not None:
            self._idle_timer.cancel()
        if self._stop is not None:
            self._stop.set()
            self._stop = None
        self.state = "idle"
