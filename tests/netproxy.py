"""A TCP proxy a test can cut and restore: the Wi-Fi of a hall, in miniature.

Beyond `cut`/`restore` (the access point off and on again), the faults of tests/faults/:
`drop` (some links die), `cut_mid_frame` (a link dies half way through what the server sent),
`stall` (links stop passing anything yet stay open: half-open, as when a laptop walks out of
range), `pause_to_client`/`resume_to_client` (a seat that stops reading what the server sends)."""

from __future__ import annotations

import asyncio
import contextlib
import random
import socket
from dataclasses import dataclass, field

# The proxy's own buffers when a link is held back: small, so the server sees a seat that does not
# read after kilobytes, not after the megabytes a loopback socket would otherwise swallow.
HELD_BUFFER = 4096


@dataclass(eq=False)
class _Link:
    """One proxied connection; `down` carries what the server sends, `up` what the device sends."""

    client: asyncio.StreamWriter
    server: asyncio.StreamWriter
    down: asyncio.Event = field(default_factory=asyncio.Event)
    up: asyncio.Event = field(default_factory=asyncio.Event)
    cut_mid_frame: bool = False

    def __post_init__(self) -> None:
        self.down.set()
        self.up.set()

    def abort(self) -> None:
        self.down.set()  # a held pipe wakes to find its link gone, and ends
        self.up.set()
        for writer in (self.client, self.server):
            with contextlib.suppress(Exception):
                writer.transport.abort()


class CuttableProxy:
    """lag_s: each chunk the server sends waits that long before it is passed on (a slow hall)."""

    def __init__(self, target_host: str, target_port: int, lag_s: float = 0.0):
        self.target = (target_host, target_port)
        self.lag_s = lag_s
        self.port = 0
        self._server: asyncio.Server | None = None
        self._links: set[_Link] = set()
        self.up = True
        self.connections = 0  # accepted since start: a reconnecting device adds one

    async def start(self) -> None:
        self._server = await asyncio.start_server(self._handle, "127.0.0.1", 0)
        self.port = self._server.sockets[0].getsockname()[1]

    @property
    def url(self) -> str:
        return f"https://127.0.0.1:{self.port}"

    @property
    def live(self) -> int:
        return len(self._links)

    def cut(self) -> None:
        """Every connection drops and new ones are refused until `restore`."""
        self.up = False
        for link in tuple(self._links):
            link.abort()
        self._links.clear()

    def restore(self) -> None:
        self.up = True

    def drop(self, fraction: float, rng: random.Random) -> int:
        """Some live links die at once (reset), the rest carry on; returns how many died."""
        victims = [link for link in self._links if rng.random() < fraction]
        for link in victims:
            link.abort()
            self._links.discard(link)
        return len(victims)

    def cut_mid_frame(self) -> None:
        """Each live link passes half of the next chunk the server sends, then dies."""
        for link in self._links:
            link.cut_mid_frame = True

    def stall(self) -> None:
        """Live links stop passing bytes either way and stay open; new links work."""
        for link in self._links:
            link.down.clear()
            link.up.clear()

    def pause_to_client(self) -> None:
        """Live links stop passing what the server sends (the device still sends)."""
        for link in self._links:
            link.down.clear()

    def resume_to_client(self) -> None:
        for link in self._links:
            link.down.set()
            link.up.set()

    async def close(self) -> None:
        self.cut()
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        if not self.up:
            writer.transport.abort()
            return
        self.connections += 1
        sock = socket.socket()
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, HELD_BUFFER)
        sock.setblocking(False)
        try:
            await asyncio.get_running_loop().sock_connect(sock, self.target)
            up_reader, up_writer = await asyncio.open_connection(sock=sock, limit=HELD_BUFFER)
        except OSError:
            sock.close()
            writer.transport.abort()
            return
        link = _Link(writer, up_writer)
        self._links.add(link)
        await asyncio.gather(self._pipe(link, reader, up_writer, link.up),
                             self._pipe(link, up_reader, writer, link.down, downstream=True))

    async def _pipe(self, link: _Link, reader: asyncio.StreamReader, writer: asyncio.StreamWriter,
                    flowing: asyncio.Event, downstream: bool = False) -> None:
        try:
            while True:
                await flowing.wait()  # held back: nothing is read, so the sender's buffers fill
                data = await reader.read(65536)
                if not data:
                    break
                await flowing.wait()
                if downstream and self.lag_s:
                    await asyncio.sleep(self.lag_s)
                if downstream and link.cut_mid_frame:
                    writer.write(data[: max(1, len(data) // 2)])
                    await writer.drain()
                    break
                writer.write(data)
                await writer.drain()
        except (ConnectionError, OSError):
            pass
        finally:
            self._links.discard(link)
            link.abort()
