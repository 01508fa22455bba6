"""Simulated seats for the backbone benchmark: one process, one asyncio loop, many seats.

Run by bench_backbone.py as `python tests/perf/seat_worker.py`; it talks JSON lines: orders on
stdin, answers on stdout, logs on stderr. Every seat is a real TLS WebSocket. Against the room
server a seat enrolls with its link (POST /v1/enroll), does hello/challenge/auth/welcome with
the protocol's ClientSession, tracks last_seq and reconnects after a loss with the product's
Backoff(), sending hello with its last_seq. Against the bare floor server the same seat skips
enrollment and the handshake.

Times are time.monotonic(): CLOCK_MONOTONIC is one clock for every process on Linux, so the
orchestrator compares them with its own.

The receive path decodes only the envelope (msgspec, C speed) so the seats' own cost stays
small next to the server's; the measured latency includes the seat process's queueing, the
same for the room server and the floor.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import sys
import time
import uuid
from pathlib import Path
from typing import Any

# Run as a script from /work/main: make the project importable like the tests do.
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import contextlib

import aiohttp
import msgspec

from app.keys import DeviceKeys
from sync.client.enroll import enroll
from sync.client.status import Backoff
from sync.protocol.handshake import (
    ChallengeReceived,
    ClientSession,
    ErrorReceived,
    Violation,
    Welcomed,
)
from sync.protocol.messages import MAX_FRAME
from sync.tls import client_ssl_context_pinned

log = logging.getLogger("seat_worker")

HEARTBEAT_S = 10.0  # as sync.client.connection
HANDSHAKE_TIMEOUT_S = 15.0


class Envelope(msgspec.Struct):
    """The fields of a server frame the seats look at; the rest is skipped unparsed."""

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


class Refused(Exception):
    pass


class Worker:
    """The seats of this process and what they measured."""

    def __init__(self, mode: str, url: str, fingerprint: str, meeting_id: str | None):
        self.mode = mode  # "real" (room server) or "floor" (bare server)
        self.url = url
        self.fingerprint = fingerprint
        self.meeting_id = meeting_id
        self.ssl = client_ssl_context_pinned(fingerprint)
        self.seats: list[Seat] = []
        self.sent: dict[str, float] = {}
        self.answers: dict[str, tuple[float, str]] = {}  # command id → (arrival, ack|error code)
        self.arrivals: dict[str, list[float]] = {}  # message.sent text → arrival times
        self.changed = asyncio.Event()
        self.http: aiohttp.ClientSession | None = None

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


class Seat:
    def __init__(self, worker: Worker, index: int, link: str | None):
        self.w = worker
        self.index = index
        self.link = link
        self.keys = DeviceKeys.generate()
        self.device_id: str | None = None
        self.last_seq = 0
        self.welcomes = 0
        self.head_at_welcome = 0
        self.caught_up_at: float | None = None  # when last_seq reached the welcome's head
        self.losses = 0
        self.gaps = 0
        self.ws: aiohttp.ClientWebSocketResponse | None = None
        self.task: asyncio.Task[None] | None = None
        self.stopping = False
        self.backoff = Backoff()  # the product's real policy

    async def enroll(self) -> None:
        assert self.link is not None
        identity = await enroll(self.link, f"Ghế {self.index}", self.keys)
        self.device_id = identity.device_id

    def start(self) -> None:
        self.task = asyncio.create_task(self._run())

    async def stop(self) -> None:
        self.stopping = True
        if self.ws is not None:
            await self.ws.close()
        if self.task is not None:
            self.task.cancel()
            await asyncio.gather(self.task, return_exceptions=True)

    async def _run(self) -> None:
        attempt = 0
        while not self.stopping:
            try:
                if await self._session():
                    attempt = 0
            except Refused as exc:
                log.warning("seat %d refused: %s", self.index, exc)
            except (aiohttp.ClientError, OSError, TimeoutError) as exc:
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
        assert self.w.http is not None
        async with self.w.http.ws_connect(
            f"{self.w.url}/v1/ws", ssl=self.w.ssl, heartbeat=HEARTBEAT_S, max_msg_size=4 * MAX_FRAME,
            autoping=True, timeout=aiohttp.ClientWSTimeout(ws_close=5.0), compress=0,
        ) as ws:
            if self.w.mode == "real":
                await self._handshake(ws)
            else:
                self.head_at_welcome = 0
            self.ws = ws
            self.welcomes += 1
            self.caught_up_at = time.monotonic() if self.last_seq >= self.head_at_welcome else None
            self.w.poke()
            await self._receive(ws)
            return True

    async def _handshake(self, ws: aiohttp.ClientWebSocketResponse) -> None:
        assert self.device_id is not None
        protocol = ClientSession()
        await ws.send_str(protocol.hello(self.device_id, self.w.meeting_id, self.last_seq))
        async with asyncio.timeout(HANDSHAKE_TIMEOUT_S):
            while True:
                msg = await ws.receive()
                if msg.type != aiohttp.WSMsgType.TEXT:
                    raise aiohttp.ClientConnectionError("closed during handshake")
                for item in protocol.receive(msg.data):
                    if isinstance(item, ChallengeReceived):
                        await ws.send_str(protocol.auth(self.keys.sign))
                    elif isinstance(item, Welcomed):
                        self.head_at_welcome = item.welcome.head_seq
                        return
                    elif isinstance(item, ErrorReceived):
                        raise Refused(item.error.code)
                    elif isinstance(item, Violation):
                        raise aiohttp.ClientConnectionError(item.error.code)

    async def _receive(self, ws: aiohttp.ClientWebSocketResponse) -> None:
        w = self.w
        while True:
            msg = await ws.receive()
            now = time.monotonic()
            if msg.type != aiohttp.WSMsgType.TEXT:
                if msg.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSING,
                                aiohttp.WSMsgType.CLOSED, aiohttp.WSMsgType.ERROR):
                    return
                continue
            env = _decode_envelope(msg.data)
            if env.type == "event":
                seq = env.seq or 0
                if self.w.mode == "real":
                    if seq != self.last_seq + 1:
                        self.gaps += 1
                    self.last_seq = seq
                    if self.caught_up_at is None and seq >= self.head_at_welcome:
                        self.caught_up_at = now
                        w.poke()
                if env.name == "message.sent":
                    text = _decode_message(env.data).text
                    w.arrivals.setdefault(text, []).append(now)
                    w.poke()
            elif env.type in ("ack", "error") and env.id is not None:
                w.answers[env.id] = (now, env.type if env.type == "ack" else f"error:{env.code}")
                w.poke()


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
        await ws.send_str(frame)

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
            worker.http = aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0))
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
                if worker.http is not None:
                    await worker.http.close()
            reply({"op": "close"})
            break


if __name__ == "__main__":
    asyncio.run(main())
