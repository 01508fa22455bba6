"""Simulated seats for the backbone benchmark: one process, one uvloop loop, many seats.

Run by bench_backbone.py as `python tests/perf/seat_worker.py`; it talks JSON lines: orders on
stdin, answers on stdout, logs on stderr. Every seat is a real TLS WebSocket. Against the room
server a seat enrolls with its link (POST /v1/enroll), does hello/challenge/auth/welcome with
the protocol's ClientSession, tracks last_seq and reconnects after a loss with the product's
Backoff(), sending hello with its last_seq. Against the bare floor server the same seat skips
enrollment and the handshake.

Times are time.monotonic(): CLOCK_MONOTONIC is one clock for every process on Linux, so the
orchestrator compares them with its own.

The seats share the 2 cores with the server they measure, while real seats are separate
machines, so the receive path costs as little CPU as it can: each seat is the minimal RFC 6455
client of `phonghop rehearse` (sync.rehearsal.wire: an asyncio.Protocol over the pinned TLS of
sync.tls, the upgrade, sending, the "next text frame" helper of the handshake), and a seat is
the rehearsal's seat (sync.rehearsal.seats: keys, Backoff, the handshake). What stays here is
what this benchmark measures its own way: the receive loop, which parses every frame of a TLS
read in one synchronous loop with no call per frame and also counts seq gaps, stamps the
moment a seat caught up and notes message.sent arrivals; the session, which stamps that moment
at the welcome and skips the handshake against the floor; the run loop, which logs. An event
costs a prefix check, a find and an int() for its seq (the server's encoder fixes the key
order); only the frames a measurement needs are decoded in full (msgspec): acks, errors and
message.sent. The measured latency includes the seat process's queueing, the same for the
room server and the floor.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
import sys
import time
import uuid
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

# Run as a script from /work/main: make the project importable like the tests do.
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import msgspec
import uvloop

from sync.client.enroll import enroll
from sync.rehearsal import seats as rehearsal
from sync.rehearsal import wire
from sync.rehearsal.seats import HANDSHAKE_TIMEOUT_S, Refused
from sync.rehearsal.wire import EVENT_PREFIX, MAX_PAYLOAD, SEQ_KEY, masked
from sync.tls import client_ssl_context_pinned

log = logging.getLogger("seat_worker")

# What the seats look for in a server frame. The server encodes with msgspec (and the floor
# with json.dumps, compact separators): the key order is fixed, an event starts with
# EVENT_PREFIX and carries '"seq":N,' (SEQ_KEY) right after its meeting_id.
MESSAGE_SENT = b'"name":"message.sent"'


class Envelope(msgspec.Struct):
    """The fields of a server frame the seats look at; the rest is skipped unparsed.

    Not wire.Envelope: this one keeps message.sent's data for the fan-out's arrivals."""

    type: str
    id: str | None = None
    seq: int | None = None
    name: str | None = None
    head_seq: int | None = None
    code: str | None = None
    data: msgspec.Raw = msgspec.Raw(b"null")


class MessageData(msgspec.Struct):
    text: str = ""


_decode_envelope = msgspec.json.Decoder(Envelope).decode
_decode_message = msgspec.json.Decoder(MessageData).decode


class Worker:
    """The seats of this process and what they measured."""

    def __init__(self, mode: str, url: str, fingerprint: str, meeting_id: str | None):
        self.mode = mode  # "real" (room server) or "floor" (bare server)
        self.url = url
        parts = urlsplit(url)
        self.host = parts.hostname or "127.0.0.1"
        self.port = parts.port or 443
        self.fingerprint = fingerprint
        self.meeting_id = meeting_id
        self.ssl = client_ssl_context_pinned(fingerprint)
        self.seats: list[Seat] = []
        self.sent: dict[str, float] = {}
        self.answers: dict[str, tuple[float, str]] = {}  # command id → (arrival, ack|error code)
        self.arrivals: dict[str, list[float]] = {}  # message.sent text → arrival times
        self.changed = asyncio.Event()

    def poke(self) -> None:
        self.changed.set()

    async def wait_for(self, predicate: Any, timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        while not predicate():
            left = deadline - time.monotonic()
            if left <= 0:
                return False
            self.changed.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.changed.wait(), min(left, 0.5))
        return True


class WsClient(wire.WsClient):
    """The rehearsal's client (upgrade, sending, handshake helpers) with this benchmark's receive
    path: after go_live() every text frame is dispatched synchronously inside data_received by
    the loop below, which also counts gaps, stamps catching up and notes message.sent. It writes
    the seat and the Worker itself: the Listener's answered() and moved() are never called.
    """

    seat: Seat

    def abort(self, why: str) -> None:
        log.warning("seat %d: %s", self.seat.index, why)
        super().abort(why)

    def go_live(self) -> None:
        """From now on every text frame goes to the seat's dispatch, starting with the buffer."""
        self.live = True
        if self.pending is not None:  # cannot happen after welcome, but lose nothing
            self.buf[:0] = b"\x81\x7f" + len(self.pending).to_bytes(8, "big") + self.pending
            self.pending = None
        self._parse()

    def _parse(self) -> None:
        """Every complete frame in the buffer, in one loop (FIN frames; the server never splits).

        An event costs a few C calls: its prefix up to the seq (learnt from the connection's
        first event), the expected next seq and its comma, the name's first letter. Anything
        else, and every frame a measurement needs, goes through msgspec (_slow).
        """
        buf = self.buf
        n = len(buf)
        pos = 0
        if n < 2 or self.closing or (self.pending is not None and not self.live):
            return
        live = self.live
        seat = self.seat
        fast = self.fast
        flen = len(fast)
        last = seat.last_seq
        gaps = 0
        now = time.monotonic()
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
                if b0 == 0x81:  # final text frame
                    if not live:
                        self.pending = bytes(buf[start:end])
                        self._wake()
                        break
                    if flen and buf.startswith(fast, start):
                        i = start + flen
                        expected = b"%d," % (last + 1)
                        if buf.startswith(expected, i):
                            last += 1
                        else:
                            j = buf.find(b",", i, end)
                            seq = int(buf[i:j])
                            if seq != last + 1:
                                gaps += 1
                            last = seq
                        if seat.caught_up_at is None and last >= seat.head_at_welcome:
                            seat.caught_up_at = now
                            seat.w.poke()
                        k = buf.find(b'"name":"', i, end)
                        if k >= 0 and buf[k + 8] == 0x6D and buf.startswith(b'message.sent"', k + 8):  # 'm'
                            self._message(bytes(buf[start:end]), now)
                    else:
                        if buf.startswith(EVENT_PREFIX, start):
                            i = buf.find(SEQ_KEY, start, end)
                            if i >= 0:
                                fast = self.fast = bytes(buf[start : i + len(SEQ_KEY)])
                                flen = len(fast)
                        seat.last_seq, seat.gaps = last, seat.gaps + gaps
                        gaps = 0
                        self._slow(bytes(buf[start:end]), now)
                        last = seat.last_seq
                elif b0 == 0x89:  # ping: a pong with the same payload
                    if self.transport is not None:
                        self.transport.write(masked(0x8A, bytes(buf[start:end])))
                elif b0 == 0x8A:  # pong
                    pass
                elif b0 == 0x88:  # close: answer it, then the server closes TCP
                    code = bytes(buf[start : start + 2]) if size >= 2 else b"\x03\xe8"
                    if self.transport is not None and not self.closing:
                        self.closing = True
                        self.transport.write(masked(0x88, code))
                        self.transport.close()
                    pos = n
                    break
                else:
                    self.abort(f"unexpected frame 0x{b0:02x}")
                    return
        finally:
            if live:
                seat.last_seq = last
                seat.gaps += gaps
            if pos:
                del buf[:pos]

    def _slow(self, payload: bytes, now: float) -> None:
        """A frame decoded in full: ack, error, message.sent, an event off the fast path."""
        seat = self.seat
        w = seat.w
        env = _decode_envelope(payload)
        if env.type == "event":
            seq = env.seq or 0
            if seq != seat.last_seq + 1:
                seat.gaps += 1
            seat.last_seq = seq
            if seat.caught_up_at is None and seq >= seat.head_at_welcome:
                seat.caught_up_at = now
                w.poke()
            if env.name == "message.sent":
                self._message(payload, now)
        elif env.type in ("ack", "error") and env.id is not None:
            w.answers[env.id] = (now, env.type if env.type == "ack" else f"error:{env.code}")
            w.poke()

    def _message(self, payload: bytes, now: float) -> None:
        env = _decode_envelope(payload)
        if env.name == "message.sent":
            w = self.seat.w
            w.arrivals.setdefault(_decode_message(env.data).text, []).append(now)
            w.poke()


class Seat(rehearsal.Seat):
    """The rehearsal's seat (keys, Backoff, start/stop, the handshake) on this process's Worker."""

    def __init__(self, worker: Worker, index: int, link: str | None):
        super().__init__(worker, index, link)  # type: ignore[arg-type]  # the Worker stands in for the Hall
        self.w = worker
        self.caught_up_at: float | None = None  # when last_seq reached the welcome's head
        self.gaps = 0

    def lost(self) -> None:
        """wire.Listener: nothing to do, _run counts the loss when the session ends."""

    async def enroll(self) -> None:
        assert self.link is not None
        identity = await enroll(self.link, f"Ghế {self.index}", self.keys)
        self.device_id = identity.device_id

    async def _run(self) -> None:
        attempt = 0
        while not self.stopping:
            try:
                if await self._session():
                    attempt = 0
            except Refused as exc:
                log.warning("seat %d refused: %s", self.index, exc)
            except (OSError, TimeoutError) as exc:  # WsClosed, ssl.SSLError are OSErrors
                log.debug("seat %d lost: %r", self.index, exc)
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("seat %d failed", self.index)
            finally:
                self.ws = None
            if self.stopping:
                break
            self.losses += 1
            await asyncio.sleep(self.backoff.delay(attempt))
            attempt += 1

    async def _session(self) -> bool:
        w = self.w
        loop = asyncio.get_running_loop()
        ws = WsClient(self)
        try:
            async with asyncio.timeout(HANDSHAKE_TIMEOUT_S):
                await loop.create_connection(lambda: ws, w.host, w.port, ssl=w.ssl, server_hostname="localhost")
                ws.upgrade(w.host, w.port)
                await ws.wait_upgraded()
                if w.mode == "real":
                    await self._handshake(ws)
                else:
                    self.head_at_welcome = 0
            self.ws = ws
            self.welcomes += 1
            self.caught_up_at = time.monotonic() if self.last_seq >= self.head_at_welcome else None
            w.poke()
            ws.go_live()
            await ws.done
            return True
        finally:
            if ws.transport is not None:  # refused, timed out, cancelled
                ws.closing = True
                ws.transport.abort()


async def _enroll_all(worker: Worker, concurrency: int = 16) -> dict[str, Any]:
    gate = asyncio.Semaphore(concurrency)
    failures: list[str] = []

    async def one(seat: Seat) -> None:
        async with gate:
            for attempt in range(3):
                try:
                    await seat.enroll()
                    return
                except Exception as exc:
                    if attempt == 2:
                        failures.append(f"{seat.index}: {exc!r}")
                    await asyncio.sleep(0.5)

    t0 = time.monotonic()
    await asyncio.gather(*(one(s) for s in worker.seats))
    return {"elapsed": time.monotonic() - t0, "failures": failures}


async def _connect_all(worker: Worker, timeout: float) -> dict[str, Any]:
    for seat in worker.seats:
        if seat.task is None:
            seat.start()
    ok = await worker.wait_for(lambda: all(s.welcomes > 0 and s.caught_up_at is not None for s in worker.seats), timeout)
    done = [s.caught_up_at for s in worker.seats if s.caught_up_at is not None]
    welcomed = sum(1 for s in worker.seats if s.welcomes > 0)
    return {"ok": ok, "t_done": max(done) if done else None, "welcomed": welcomed, "caught_up": len(done)}


async def _burst(worker: Worker, t0: float, n_total: int, spread_s: float, timeout: float) -> dict[str, Any]:
    ids: list[str] = []

    async def fire(seat: Seat) -> None:
        at = t0 + spread_s * seat.index / n_total
        delay = at - time.monotonic()
        if delay > 0:
            await asyncio.sleep(delay)
        command_id = str(uuid.uuid4())
        frame = msgspec.json.encode(
            {"type": "command", "id": command_id, "name": "attendance.check_in", "args": {}}
        ).decode()
        ws = seat.ws
        if ws is None:
            return
        ids.append(command_id)
        worker.sent[command_id] = time.monotonic()
        ws.send_text(frame)

    for result in await asyncio.gather(*(fire(s) for s in worker.seats), return_exceptions=True):
        if isinstance(result, BaseException):
            log.warning("a check-in was not sent: %r", result)
    ok = await worker.wait_for(lambda: all(i in worker.answers for i in ids), timeout)
    lat, errors = [], []
    for i in ids:
        if i in worker.answers:
            arrival, kind = worker.answers[i]
            if kind == "ack":
                lat.append((arrival - worker.sent[i]) * 1000.0)
            else:
                errors.append(kind)
    return {"ok": ok, "lat_ms": lat, "errors": errors, "sent": len(ids), "missing": len(ids) - len(lat) - len(errors),
            "first_send": min(worker.sent[i] for i in ids) if ids else None,
            "last_send": max(worker.sent[i] for i in ids) if ids else None}


async def _fanout(worker: Worker, texts: list[str], timeout: float) -> dict[str, Any]:
    n = len(worker.seats)
    ok = await worker.wait_for(lambda: all(len(worker.arrivals.get(t, ())) >= n for t in texts), timeout)
    return {"ok": ok, "arrivals": {t: worker.arrivals.get(t, []) for t in texts}}


async def _resync(worker: Worker, epoch: list[int], timeout: float) -> dict[str, Any]:
    def back(seat: Seat, before: int) -> bool:
        return seat.welcomes > before and seat.caught_up_at is not None

    pairs = list(zip(worker.seats, epoch, strict=True))
    ok = await worker.wait_for(lambda: all(back(s, e) for s, e in pairs), timeout)
    times = [s.caught_up_at for s, e in pairs if back(s, e)]
    return {"ok": ok, "times": times, "missing": len(pairs) - len(times),
            "losses": sum(s.losses for s in worker.seats), "gaps": sum(s.gaps for s in worker.seats)}


async def main() -> None:
    logging.basicConfig(level=os.environ.get("BENCH_LOG", "WARNING"), stream=sys.stderr,
                        format=f"worker[{os.getpid()}] %(levelname)s %(message)s")
    loop = asyncio.get_running_loop()
    reader = asyncio.StreamReader(limit=64 * 1024 * 1024)
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)
    out = sys.stdout

    def reply(obj: dict[str, Any]) -> None:
        out.write(json.dumps(obj) + "\n")
        out.flush()

    worker: Worker | None = None
    epoch: list[int] = []
    while True:
        line = await reader.readline()
        if not line:
            break
        order = json.loads(line)
        op = order["op"]
        if op == "init":
            worker = Worker(order["mode"], order["url"], order["fingerprint"], order.get("meeting_id"))
            worker.seats = [Seat(worker, s["i"], s.get("link")) for s in order["seats"]]
            reply({"op": "init", "n": len(worker.seats)})
        elif op == "enroll":
            assert worker is not None
            reply({"op": "enroll", **await _enroll_all(worker)})
        elif op == "connect":
            assert worker is not None
            reply({"op": "connect", **await _connect_all(worker, order["timeout"])})
        elif op == "burst":
            assert worker is not None
            reply({"op": "burst", **await _burst(worker, order["t0"], order["n_total"], order["spread_s"], order["timeout"])})
        elif op == "fanout":
            assert worker is not None
            reply({"op": "fanout", **await _fanout(worker, order["texts"], order["timeout"])})
        elif op == "epoch":
            assert worker is not None
            epoch = [s.welcomes for s in worker.seats]
            reply({"op": "epoch", "welcomes": sum(epoch)})
        elif op == "resync":
            assert worker is not None
            reply({"op": "resync", **await _resync(worker, epoch, order["timeout"])})
        elif op == "status":
            assert worker is not None
            reply({"op": "status", "online": sum(1 for s in worker.seats if s.ws is not None),
                   "last_seq": [s.last_seq for s in worker.seats][:3]})
        elif op == "close":
            if worker is not None:
                await asyncio.gather(*(s.stop() for s in worker.seats), return_exceptions=True)
            reply({"op": "close"})
            break


if __name__ == "__main__":
    uvloop.run(main())
