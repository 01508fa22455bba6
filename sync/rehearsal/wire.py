"""A lean WebSocket client for simulated seats: RFC 6455 over the pinned TLS of sync.tls.

A rehearsal puts up to 1,000 seats on the same two cores as the room server it measures, and
every seat receives every event of the meeting: a check-in burst of 1,000 seats is a million
frames. aiohttp's client costs a coroutine and a full decode per frame; here every frame of a
TLS read is parsed in one synchronous loop, an event costs a prefix check and an int() for its
seq (the server's encoder fixes the key order), and only acks and errors are decoded in full.
An event's arrival is the TLS read that moved the seat's seq past it: one note per read. The same technique as the benchmarks'
tests/perf/seat_worker.py, as product code so `phonghop rehearse` carries it.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import os
import time
from typing import Protocol

import msgspec

from sync.protocol.messages import MAX_FRAME

MAX_PAYLOAD = 4 * MAX_FRAME  # as the room server's max_msg_size
WS_GUID = b"258EAFA5-E914-47DA-95CA-C5AB0DC85B11"  # RFC 6455 §1.3
EVENT_PREFIX = b'{"type":"event","meeting_id":'
SEQ_KEY = b'"seq":'


class Envelope(msgspec.Struct):
    """The fields of a server frame a seat looks at; the rest is skipped unparsed."""

    type: str
    id: str | None = None
    seq: int | None = None
    name: str | None = None
    code: str | None = None
    message: str | None = None


decode_envelope = msgspec.json.Decoder(Envelope).decode


class Listener(Protocol):
    """The seat behind a client: what it is told as frames arrive."""

    last_seq: int

    def answered(self, command_id: str, kind: str, at: float) -> None: ...

    def moved(self, seq: int, at: float) -> None: ...

    def lost(self) -> None: ...


class WsClosed(ConnectionError):
    pass


def masked(opcode: int, payload: bytes) -> bytes:
    """A final client frame (RFC 6455 §5.3)."""
    key = os.urandom(4)
    n = len(payload)
    if n < 126:
        head = bytes((opcode, 0x80 | n))
    elif n < 65536:
        head = bytes((opcode, 0x80 | 126)) + n.to_bytes(2, "big")
    else:
        head = bytes((opcode, 0x80 | 127)) + n.to_bytes(8, "big")
    if n:
        stream = (key * (n // 4 + 1))[:n]
        payload = (int.from_bytes(payload, "little") ^ int.from_bytes(stream, "little")).to_bytes(n, "little")
    return head + key + payload


class WsClient(asyncio.Protocol):
    """One seat's WebSocket. Until go_live() (the handshake) text frames are handed out one at a
    time by next_text(); after it every frame is dispatched inside data_received."""

    def __init__(self, seat: Listener) -> None:
        self.seat = seat
        self.transport: asyncio.Transport | None = None
        self.buf = bytearray()
        self.key = b""
        self.upgraded = False
        self.live = False
        self.pending: bytes | None = None
        self.closing = False
        self.waiter: asyncio.Future[None] | None = None
        self.done: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self.failure = ""
        self.fast = b""  # an event's bytes up to its seq

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]  # uvloop's is no asyncio.Transport subclass

    def data_received(self, data: bytes) -> None:
        self.buf += data
        if not self.upgraded:
            self._upgrade_answer()
            if not self.upgraded:
                return
        self._parse()

    def eof_received(self) -> bool | None:
        return None

    def connection_lost(self, exc: Exception | None) -> None:
        self.transport = None
        self._wake()
        if self.live:
            self.seat.lost()
        if not self.done.done():
            self.done.set_result(None)

    # -- sending --

    def upgrade(self, host: str, port: int) -> None:
        self.key = base64.b64encode(os.urandom(16))
        assert self.transport is not None
        self.transport.write(
            b"GET /v1/ws HTTP/1.1\r\nHost: %s:%d\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            b"Sec-WebSocket-Key: %s\r\nSec-WebSocket-Version: 13\r\n\r\n" % (host.encode(), port, self.key))

    def send_text(self, text: str | bytes) -> None:
        if self.transport is None or self.closing:
            raise WsClosed("not connected")
        self.transport.write(masked(0x81, text.encode() if isinstance(text, str) else text))

    def close(self) -> None:
        if self.transport is None:
            return
        if not self.closing:
            self.closing = True
            self.transport.write(masked(0x88, (1000).to_bytes(2, "big")))
        self.transport.close()

    def abort(self, why: str) -> None:
        self.failure = self.failure or why
        self.closing = True
        if self.transport is not None:
            self.transport.abort()

    # -- the handshake --

    def _wake(self) -> None:
        if self.waiter is not None and not self.waiter.done():
            self.waiter.set_result(None)

    async def _wait(self) -> None:
        if self.transport is None:
            raise WsClosed(self.failure or "connection lost")
        self.waiter = asyncio.get_running_loop().create_future()
        try:
            await self.waiter
        finally:
            self.waiter = None

    async def wait_upgraded(self) -> None:
        while not self.upgraded:
            await self._wait()

    async def next_text(self) -> bytes:
        while self.pending is None:
            if self.closing:
                raise WsClosed(self.failure or "closed during handshake")
            await self._wait()
        frame, self.pending = self.pending, None
        self._parse()
        return frame

    def go_live(self) -> None:
        self.live = True
        if self.pending is not None:  # the first event after the welcome, held while not live
            frame, self.pending = self.pending, None
            before, now = self.seat.last_seq, time.monotonic()
            self._text(bytearray(frame), 0, len(frame), now)
            if self.seat.last_seq != before:
                self.seat.moved(self.seat.last_seq, now)
        self._parse()

    # -- receiving --

    def _upgrade_answer(self) -> None:
        end = self.buf.find(b"\r\n\r\n")
        if end < 0:
            if len(self.buf) > 16384:
                self.abort("upgrade answer too long")
            return
        head = bytes(self.buf[:end]).decode("latin-1").split("\r\n")
        del self.buf[: end + 4]
        status = head[0].split(" ", 2)
        if len(status) < 2 or status[1] != "101":
            self.abort(f"upgrade refused: {head[0]}")
            return
        headers = {}
        for line in head[1:]:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        accept = base64.b64encode(hashlib.sha1(self.key + WS_GUID).digest()).decode()
        if headers.get("sec-websocket-accept") != accept:
            self.abort("bad upgrade answer")
            return
        self.upgraded = True
        self._wake()

    def _parse(self) -> None:
        """Every complete frame in the buffer, in one loop (the server never fragments)."""
        buf = self.buf
        n = len(buf)
        pos = 0
        if self.closing or (self.pending is not None and not self.live):
            return
        now = time.monotonic()
        before = self.seat.last_seq
        try:
            while n - pos >= 2:
                b1 = buf[pos + 1]
                size = b1 & 0x7F
                if size == 126:
                    if n - pos < 4:
                        break
                    size = (buf[pos + 2] << 8) | buf[pos + 3]
                    start = pos + 4
                elif size < 126:
                    start = pos + 2
                else:
                    if n - pos < 10:
                        break
                    size = int.from_bytes(buf[pos + 2 : pos + 10], "big")
                    start = pos + 10
                    if size > MAX_PAYLOAD:
                        self.abort(f"frame of {size} bytes")
                        return
                end = start + size
                if end > n:
                    break
                b0 = buf[pos]
                if b1 & 0x80:
                    self.abort("masked server frame")
                    return
                pos = end
                if b0 == 0x81:
                    if not self.live:
                        self.pending = bytes(buf[start:end])
                        self._wake()
                        break
                    self._text(buf, start, end, now)
                elif b0 == 0x89 and self.transport is not None:
                    self.transport.write(masked(0x8A, bytes(buf[start:end])))
                elif b0 == 0x88:
                    if self.transport is not None and not self.closing:
                        self.closing = True
                        self.transport.write(masked(0x88, bytes(buf[start : start + 2]) or b"\x03\xe8"))
                        self.transport.close()
                    pos = n
                    break
                elif b0 != 0x8A:
                    self.abort(f"unexpected frame 0x{b0:02x}")
                    return
        finally:
            if pos:
                del buf[:pos]
            if self.seat.last_seq != before:
                self.seat.moved(self.seat.last_seq, now)

    def _text(self, buf: bytearray, start: int, end: int, now: float) -> None:
        seat = self.seat
        fast = self.fast
        if fast and buf.startswith(fast, start):
            i = start + len(fast)
            expected = b"%d," % (seat.last_seq + 1)
            if buf.startswith(expected, i):
                seat.last_seq += 1
            else:
                seat.last_seq = max(seat.last_seq, int(buf[i : buf.find(b",", i, end)]))
            return
        if buf.startswith(EVENT_PREFIX, start):
            # The bytes up to the seq are the same in every event of this log: learnt once.
            i = buf.find(SEQ_KEY, start, end) + len(SEQ_KEY)
            self.fast = bytes(buf[start:i])
            seat.last_seq = max(seat.last_seq, int(buf[i : buf.find(b",", i, end)]))
            return
        env = decode_envelope(bytes(buf[start:end]))
        if env.type in ("ack", "error") and env.id is not None:
            seat.answered(env.id, "ack" if env.type == "ack" else f"error:{env.code}", now)
