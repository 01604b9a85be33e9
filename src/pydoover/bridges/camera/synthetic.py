"""The simulated camera's scene: a ball moving over a gradient, with a clock and a frame counter.

``render(n)`` is a pure function of the seed, the size and the frame number ``n`` (the clock text
shows ``start + n / fps``), so a test can check pixels. The counter is burned in twice: as text and
as a strip of 32 black/white cells along the bottom edge (bit 31 first), which survives JPEG and
scaling and which :func:`read_counter` decodes::

    scene = Scene(seed=3, width=640, height=480, fps=15)
    image = scene.render(42)          # a PIL image
    read_counter(image)               # 42
"""

from __future__ import annotations

import math
import random
import time
from functools import cached_property
from typing import cast

from PIL import Image, ImageDraw, ImageFont

COUNTER_BITS = 32
STRIP_FRACTION = 1 / 24  # the counter strip's height, of the picture's


class Scene:
    def __init__(
        self, seed: int = 0, width: int = 640, height: int = 480, fps: float = 15.0, start: float | None = None
    ):
        self.seed, self.width, self.height, self.fps = seed, width, height, fps
        self.start = time.time() if start is None else start
        rng = random.Random(seed)
        self.top = tuple(rng.randrange(0, 96) for _ in range(3))
        self.bottom = tuple(rng.randrange(96, 200) for _ in range(3))
        self.ball = tuple(rng.randrange(200, 256) for _ in range(3))
        self.periods = (rng.uniform(3.0, 6.0), rng.uniform(4.0, 8.0))  # seconds per swing, x and y
        self.phases = (rng.uniform(0, math.tau), rng.uniform(0, math.tau))

    @cached_property
    def background(self) -> Image.Image:
        column = Image.new("RGB", (1, self.height))
        for y in range(self.height):
            mix = y / max(1, self.height - 1)
            column.putpixel((0, y), tuple(round(a + (b - a) * mix) for a, b in zip(self.top, self.bottom, strict=True)))
        return column.resize((self.width, self.height))

    @cached_property
    def font(self) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
        return ImageFont.load_default(size=max(10, self.height // 18))

    @property
    def strip_height(self) -> int:
        return max(4, round(self.height * STRIP_FRACTION))

    def ball_centre(self, n: int) -> tuple[int, int]:
        """Where the ball is in frame ``n``."""
        t = n / self.fps
        radius = self.ball_radius
        span_x, span_y = self.width / 2 - radius, (self.height - self.strip_height) / 2 - radius
        x = self.width / 2 + span_x * math.sin(math.tau * t / self.periods[0] + self.phases[0])
        y = (self.height - self.strip_height) / 2 + span_y * math.sin(math.tau * t / self.periods[1] + self.phases[1])
        return round(x), round(y)

    @property
    def ball_radius(self) -> int:
        return max(3, min(self.width, self.height) // 10)

    def render(self, n: int) -> Image.Image:
        image = self.background.copy()
        draw = ImageDraw.Draw(image)
        x, y = self.ball_centre(n)
        r = self.ball_radius
        draw.ellipse((x - r, y - r, x + r, y + r), fill=self.ball)
        clock = time.strftime("%H:%M:%S", time.localtime(self.start + n / self.fps))
        tenths = int((self.start + n / self.fps) % 1 * 10)
        draw.text(
            (6, 4),
            f"{clock}.{tenths}  #{n}",
            fill=(255, 255, 255),
            font=self.font,
            stroke_width=2,
            stroke_fill=(0, 0, 0),
        )
        self._draw_counter(draw, n)
        return image

    def _draw_counter(self, draw: ImageDraw.ImageDraw, n: int) -> None:
        top = self.height - self.strip_height
        for bit in range(COUNTER_BITS):
            left, right = cell_bounds(bit, self.width)
            on = (n >> (COUNTER_BITS - 1 - bit)) & 1
            draw.rectangle((left, top, right - 1, self.height - 1), fill=(255, 255, 255) if on else (0, 0, 0))


def cell_bounds(bit: int, width: int) -> tuple[int, int]:
    return bit * width // COUNTER_BITS, (bit + 1) * width // COUNTER_BITS


def read_counter(image: Image.Image) -> int:
    """The frame counter burned into a simulated camera's picture (any size, after JPEG)."""
    gray = image.convert("L")
    width, height = gray.size
    strip = max(2, round(height * STRIP_FRACTION))
    y = height - strip // 2 - 1
    value = 0
    for bit in range(COUNTER_BITS):
        left, right = cell_bounds(bit, width)
        samples = [
            cast(int, gray.getpixel((x, y)))  # a grayscale picture: one int per pixel
            for x in range(left + (right - left) // 4, right - (right - left) // 4 or right)
        ]
        value = value << 1 | (sum(samples) / max(1, len(samples)) > 127)
    return value
