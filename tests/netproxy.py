"""A TCP proxy a test can cut and restore: the Wi-Fi of a hall, in miniature."""

from __future__ import annotations

import asyncio
import contextlib


class CuttableProxy:
    """lag_s: each chunk the server sends waits that long before it is passed on (a slow hall)."""

    def __init__(self, target_host: str, target_port: int, lag_s: float = 0.0):
        self.target = (target_host, target_port)
        self.lag_s = lag_s
        self.port = 0
        self._server: asyncio.Server | None = None
        self._writers: set[asyncio.StreamWriter] = set()
        self.up = True

    async def start(self) -> None:
        self._server = await asyncio.start_server(self._handle, "127.0.0.1", 0)
        self.port = self._server.sockets[0].getsockname()[1]

    @property
    def url(self) -> str:
        return f"https://127.0.0.1:{self.port}"

    def cut(self) -> None:
        """Every connection drops and new ones are refused until `restore`."""
        self.up = False
        for writer in tuple(self._writers):
            writer.transport.abort()
        self._writers.clear()

    def restore(self) -> None:
        self.up = True

    async def close(self) -> None:
        self.cut()
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        if not self.up:
            writer.transport.abort()
            return
        try:
            up_reader, up_writer = await asyncio.open_connection(*self.target)
        except OSError:
            writer.transport.abort()
            return
        self._writers.update((writer, up_writer))
        await asyncio.gather(self._pipe(reader, up_writer), self._pipe(up_reader, writer, self.lag_s))

    async def _pipe(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, lag_s: float = 0.0) -> None:
        try:
            while data := await reader.read(65536):
                if lag_s:
                    await asyncio.sleep(lag_s)
                writer.write(data)
                await writer.drain()
        except (ConnectionError, OSError):
            pass
        finally:
            self._writers.discard(writer)
            with contextlib.suppress(Exception):
                writer.transport.abort()
