"""Simulated seats of one worker process: enrollment, the session, what each seat measured.

Each seat is a device enrolled through the real /v1/enroll with its own keys, on a real TLS
WebSocket (sync.rehearsal.wire), doing the protocol's hello/challenge/auth/welcome, following
the meeting's log and reconnecting after a loss with the product's Backoff and its last seq.
Times are time.monotonic(): one system-wide clock, so the orchestrator in another process
compares them with its own (the chair's send of vote.close, the moment the sockets dropped).
"""

from __future__ import annotations

import asyncio
import bisect
import contextlib
import hashlib
import time
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from app.errors import DomainError
from app.keys import DeviceKeys
from sync.client.enroll import enroll
from sync.client.status import Backoff
from sync.protocol.handshake import ChallengeReceived, ClientSession, ErrorReceived, Violation, Welcomed
from sync.rehearsal.wire import WsClient, WsClosed
from sync.tls import client_ssl_context_pinned

HANDSHAKE_TIMEOUT_S = 15.0


class Refused(Exception):
    pass


class Hall:
    """The seats of this process and the answers, arrivals and failures they noted."""

    def __init__(self, url: str, fingerprint: str, meeting_id: str, seats: list[tuple[int, str]]):
        parts = urlsplit(url)
        self.url = url
        self.host = parts.hostname or "127.0.0.1"
        self.port = parts.port or 443
        self.meeting_id = meeting_id
        self.ssl = client_ssl_context_pinned(fingerprint)
        self.seats = [Seat(self, index, link) for index, link in seats]
        self.answers: dict[str, tuple[str, float]] = {}  # command id → (ack or error:code, arrival)
        self.awaited = 0  # the seq an order waits for at every seat
        self.changed = asyncio.Event()

    def poke(self) -> None:
        self.changed.set()

    async def wait_for(self, predicate: Callable[[], bool], timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        while not predicate():
            left = deadline - time.monotonic()
            if left <= 0:
                return False
            self.changed.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.changed.wait(), min(left, 0.25))
        return True


class Seat:
    def __init__(self, hall: Hall, index: int, link: str):
        self.hall = hall
        self.index = index
        self.link = link
        self.keys = DeviceKeys.generate()
        self.device_id: str | None = None
        self.token: str | None = None
        self.last_seq = 0
        self.head_at_welcome = 0
        self.welcomes = 0
        self.welcomed_at: float | None = None
        self.losses = 0
        self.problem = ""  # the last reason a session failed, for the report
        self.marks: list[tuple[int, float]] = []  # (last seq, time) after each read that moved it
        self.ws: WsClient | None = None
        self.task: asyncio.Task[None] | None = None
        self.stopping = False
        self.backoff = Backoff()  # the product's real policy: a storm of seats spreads itself

    @property
    def caught_up(self) -> bool:
        return self.ws is not None and self.last_seq >= self.head_at_welcome

    # -- wire.Listener --

    def answered(self, command_id: str, kind: str, at: float) -> None:
        self.hall.answers[command_id] = (kind, at)
        self.hall.poke()

    def moved(self, seq: int, at: float) -> None:
        self.marks.append((seq, at))
        if self.hall.awaited and seq >= self.hall.awaited:
            self.hall.poke()

    def arrival(self, seq: int) -> float | None:
        """When the event `seq` arrived: the first read that moved the seat's seq to it or past."""
        k = bisect.bisect_left(self.marks, (seq, 0.0))
        return self.marks[k][1] if k < len(self.marks) else None

    def lost(self) -> None:
        self.hall.poke()

    # -- life --

    async def enroll(self) -> None:
        identity = await enroll(self.link, f"Ghế diễn tập {self.index + 1:03d}", self.keys)
        self.device_id = identity.device_id

    def start(self) -> None:
        self.task = asyncio.create_task(self._run())

    def drop(self) -> None:
        """The access point went away: the socket dies under the seat, which reconnects."""
        if self.ws is not None:
            self.ws.abort("dropped")

    async def stop(self) -> None:
        self.stopping = True
        ws = self.ws
        if ws is not None:
            ws.close()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(asyncio.shield(ws.done), 3.0)
        if self.task is not None:
            self.task.cancel()
            await asyncio.gather(self.task, return_exceptions=True)

    def stopped(self) -> bool:
        return self.stopping

    async def _run(self) -> None:
        attempt = 0
        while not self.stopping:
            try:
                await self._session()
                attempt = 0
            except Refused as exc:
                self.problem = f"máy chủ từ chối kết nối [{exc}]"
            except (OSError, TimeoutError) as exc:  # WsClosed and ssl errors are OSErrors
                self.problem = _network_problem(exc)
            except Exception as exc:  # a fault of ours must show in the report, not end the seat silently
                self.problem = f"lỗi trong ghế mô phỏng: {exc!r}"
            finally:
                self.ws = None
            if self.stopped():
                break
            self.losses += 1
            self.hall.poke()
            await asyncio.sleep(self.backoff.delay(attempt))
            attempt += 1

    async def _session(self) -> None:
        hall = self.hall
        ws = WsClient(self)
        try:
            async with asyncio.timeout(HANDSHAKE_TIMEOUT_S):
                await asyncio.get_running_loop().create_connection(
                    lambda: ws, hall.host, hall.port, ssl=hall.ssl, server_hostname="localhost")
                ws.upgrade(hall.host, hall.port)
                await ws.wait_upgraded()
                await self._handshake(ws)
            self.ws = ws
            self.welcomes += 1
            self.welcomed_at = time.monotonic()
            self.problem = ""
            ws.go_live()
            hall.poke()
            await ws.done
            if not self.stopping:
                self.problem = f"mất kết nối ({ws.failure})" if ws.failure else "máy chủ đóng kết nối"
        finally:
            if ws.transport is not None:
                ws.closing = True
                ws.transport.abort()

    async def _handshake(self, ws: WsClient) -> None:
        assert self.device_id is not None
        protocol = ClientSession()
        ws.send_text(protocol.hello(self.device_id, self.hall.meeting_id, self.last_seq))
        while True:
            for item in protocol.receive(await ws.next_text()):
                if isinstance(item, ChallengeReceived):
                    ws.send_text(protocol.auth(self.keys.sign))
                elif isinstance(item, Welcomed):
                    self.head_at_welcome = item.welcome.head_seq
                    self.token = item.welcome.token
                    return
                elif isinstance(item, ErrorReceived):
                    raise Refused(item.error.code)
                elif isinstance(item, Violation):
                    raise WsClosed(item.error.code)


def _network_problem(exc: BaseException) -> str:
    if isinstance(exc, TimeoutError):
        return "máy chủ không trả lời khi kết nối"
    if isinstance(exc, ConnectionRefusedError):
        return "máy chủ không nhận kết nối (đã tắt?)"
    return f"lỗi mạng: {exc or type(exc).__name__}"


def cause_of(exc: BaseException) -> str:
    """Why an enrollment or a download failed, for a technician."""
    if isinstance(exc, DomainError):
        return f"{exc.message} [{exc.code}]"
    if isinstance(exc, (OSError, TimeoutError)):
        return _network_problem(exc)
    return f"{type(exc).__name__}: {exc}"


async def fetch_blob(http: Any, hall: Hall, seat: Seat, sha: str, size: int) -> None:
    """The seat's GET /v1/blobs/<sha> with its session token, read whole and checked by hash."""
    if seat.token is None:
        raise DomainError("unavailable", "ghế chưa kết nối nên chưa có quyền tải tài liệu")
    digest = hashlib.sha256()
    got = 0
    async with http.get(f"{hall.url}/v1/blobs/{sha}", headers={"Authorization": f"Bearer {seat.token}"},
                        ssl=hall.ssl) as resp:
        if resp.status != 200:
            body = await resp.json(content_type=None)
            raise DomainError(str(body.get("code", "not_found")), str(body.get("message", f"HTTP {resp.status}")))
        async for chunk in resp.content.iter_chunked(256 * 1024):
            digest.update(chunk)
            got += len(chunk)
    if got != size or digest.hexdigest() != sha:
        raise DomainError("conflict", f"tệp tải về bị hỏng ({got} của {size} byte)")
