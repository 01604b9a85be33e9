"""A virtual serial line for testing serial Modbus without hardware: two ptys and a relay."""

from __future__ import annotations

import asyncio
import contextlib
import os


class PtyLine:
    """A virtual serial line: two pseudo-terminals joined like a null-modem cable (POSIX only).

        line = PtyLine()            # inside a running event loop
        line.device_end             # e.g. /dev/pts/3: a Modbus server opens this end ...
        line.client_end             # ... and a client this one, as it would open /dev/ttyUSB0
        line.close()

    Each end is a real tty that pyserial opens and configures as usual; the event loop relays
    the bytes written to one end to the other. Only bytes travel (baud rate, parity and framing errors are not simulated).
    """

    def __init__(self) -> None:
        import tty  # POSIX only, like os.openpty

        self._loop = asyncio.get_running_loop()
        self._fds: list[int] = []
        masters, paths = [], []
        try:
            for _ in range(2):
                master, slave = os.openpty()
                self._fds += [master, slave]  # holding the slave open keeps the master readable
                tty.setraw(slave)  # no echo or line editing before a client configures the port
                os.set_blocking(master, False)
                masters.append(master)
                paths.append(os.ttyname(slave))
        except BaseException:
            self.close()
            raise
        self.device_end, self.client_end = paths
        self._masters = tuple(masters)
        self._loop.add_reader(masters[0], self._relay, masters[0], masters[1])
        self._loop.add_reader(masters[1], self._relay, masters[1], masters[0])

    def _relay(self, source: int, target: int) -> None:
        try:
            data = os.read(source, 4096)
        except (BlockingIOError, InterruptedError):
            return
        except OSError:  # this end is gone: stop relaying it rather than spin on the error
            self._loop.remove_reader(source)
            return
        with contextlib.suppress(OSError):  # the other end's buffer is full or gone: bytes lost, as on a wire
            os.write(target, data)

    def close(self) -> None:
        for fd in getattr(self, "_masters", ()):
            self._loop.remove_reader(fd)
        self._masters = ()
        fds, self._fds = self._fds, []
        for fd in fds:
            with contextlib.suppress(OSError):
                os.close(fd)
