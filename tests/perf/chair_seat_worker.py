"""Seats for bench_chair_broadcast.py: seat_worker.py's seats, timing every event they receive.

Run by bench_chair_broadcast.py as `python tests/perf/chair_seat_worker.py`; JSON lines, orders
on stdin, answers on stdout, logs on stderr, like seat_worker.py, whose seats it reuses as they
are (lean RFC 6455 clients, real TLS, enrollment and handshake against the room server, none
against the floor). What it adds:

- each seat notes (last_seq, time.monotonic()) whenever a TLS read moved its last_seq: the
  arrival of event seq S at a seat is the first read after which last_seq >= S. It works for
  any event name, on the room server and on the floor (whose frames start the same way), and
  costs one comparison and one append per read;
- orders to send one command from chosen seats (the delegates' speak.request), to wait until
  every seat has reached a seq, and to hand over the arrival times of a list of seqs.

CLOCK_MONOTONIC is one clock for every process on Linux: the orchestrator compares these times
with the moment its chair sent the command.
"""

from __future__ import annotations

import asyncio
import bisect
import json
import logging
import os
import sys
import time
import uuid
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import msgspec
import seat_worker
import uvloop
from seat_worker import Seat, Worker, _connect_all, _enroll_all

log = logging.getLogger("chair_seat_worker")


class TimedClient(seat_worker.WsClient):
    """seat_worker's client, noting when each TLS read moved the seat's last_seq."""

    def data_received(self, data: bytes) -> None:
        now = time.monotonic()
        seat = self.seat
        before = seat.last_seq
        super().data_received(data)
        after = seat.last_seq
        if after != before:
            w: TimedWorker = seat.w  # type: ignore[assignment]
            w.reached[seat.index].append((after, now))
            if before < w.target <= after:
                w.behind -= 1
                if w.behind <= 0:
                    w.poke()


# Seat._session builds its client from this module global: every seat of this process is timed.
seat_worker.WsClient = TimedClient  # type: ignore[misc]


class TimedWorker(Worker):
    def __init__(self, mode: str, url: str, fingerprint: str, meeting_id: str | None):
        super().__init__(mode, url, fingerprint, meeting_id)
        self.reached: dict[int, list[tuple[int, float]]] = {}
        self.target = 0
        self.behind = 0

    def arrival(self, seat: Seat, seq: int) -> float | None:
        marks = self.reached[seat.index]
        k = bisect.bisect_left(marks, (seq, 0.0))
        return marks[k][1] if k < len(marks) else None


async def send_from(w: TimedWorker, order: dict[str, Any]) -> dict[str, Any]:
    """One command from each chosen seat, all sent in one go; waits for every answer."""
    chosen = set(order["indices"])
    body = {"type": "command", "name": order["name"], "args": order["args"]}
    ids = []
    for seat in w.seats:
        if seat.index in chosen and seat.ws is not None:
            command_id = str(uuid.uuid4())
            w.sent[command_id] = time.monotonic()
            seat.ws.send_text(msgspec.json.encode({**body, "id": command_id}).decode())
            ids.append(command_id)
    ok = await w.wait_for(lambda: all(i in w.answers for i in ids), order["timeout"])
    kinds = [w.answers[i][1] for i in ids if i in w.answers]
    return {"ok": ok, "sent": len(ids), "acks": kinds.count("ack"),
            "errors": sorted({k for k in kinds if k != "ack"}), "missing": len(ids) - len(kinds)}


async def ballots(w: TimedWorker, order: dict[str, Any]) -> dict[str, Any]:
    """bench_vote.py: every chosen seat casts a signed ballot, spread evenly over `spread_s`
    from the orchestrator's t0 (CLOCK_MONOTONIC); signing happens before t0, as a delegate's
    press would already be signed when it is sent. Returns each ballot's ack latency (ms)."""
    from sync.client.ballot import cast_args

    chosen = [s for s in w.seats if s.index in set(order["indices"]) and s.ws is not None]
    frames = {}
    for seat in chosen:
        choice = order["choices"][seat.index % len(order["choices"])]
        args = cast_args(seat.keys, order["vote_id"], choice)
        frames[seat.index] = (str(uuid.uuid4()), args)
    ids: list[str] = []

    async def fire(seat: Seat) -> None:
        delay = order["t0"] + order["spread_s"] * seat.index / order["n_total"] - time.monotonic()
        if delay > 0:
            await asyncio.sleep(delay)
        command_id, args = frames[seat.index]
        if seat.ws is None:
            return
        ids.append(command_id)
        w.sent[command_id] = time.monotonic()
        seat.ws.send_text(msgspec.json.encode({"type": "command", "id": command_id, "name": "vote.cast",
                                               "args": args}).decode())

    await asyncio.gather(*(fire(s) for s in chosen))
    ok = await w.wait_for(lambda: all(i in w.answers for i in ids), order["timeout"])
    lat, errors = [], []
    for i in ids:
        if i in w.answers:
            arrival, kind = w.answers[i]
            if kind == "ack":
                lat.append((arrival - w.sent[i]) * 1000.0)
            else:
                errors.append(kind)
    return {"ok": ok, "lat_ms": lat, "errors": errors, "sent": len(ids)}


async def reach(w: TimedWorker, order: dict[str, Any]) -> dict[str, Any]:
    """Returns once every seat has received the event with this seq (or the timeout)."""
    seq = order["seq"]
    w.target = seq
    w.behind = sum(1 for s in w.seats if s.last_seq < seq)
    ok = await w.wait_for(lambda: all(s.last_seq >= seq for s in w.seats), order["timeout"])
    return {"ok": ok, "behind": sum(1 for s in w.seats if s.last_seq < seq)}


def arrivals(w: TimedWorker, order: dict[str, Any]) -> dict[str, Any]:
    return {
        "index": [s.index for s in w.seats],
        "times": {str(q): [w.arrival(s, q) for s in w.seats] for q in order["seqs"]},
        "losses": sum(s.losses for s in w.seats),
        "gaps": sum(s.gaps for s in w.seats),
    }


async def serve_orders() -> None:
    logging.basicConfig(level=os.environ.get("BENCH_LOG", "WARNING"), stream=sys.stderr,
                        format=f"chair_seat_worker[{os.getpid()}] %(levelname)s %(message)s")
    loop = asyncio.get_running_loop()
    reader = asyncio.StreamReader(limit=64 * 1024 * 1024)
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)
    w: TimedWorker | None = None
    while line := await reader.readline():
        order = json.loads(line)
        op = order["op"]
        answer: dict[str, Any] = {"op": op}
        if op == "init":
            w = TimedWorker(order["mode"], order["url"], order["fingerprint"], order.get("meeting_id"))
            w.seats = [Seat(w, s["i"], s.get("link")) for s in order["seats"]]
            w.reached = {s.index: [] for s in w.seats}
            answer["n"] = len(w.seats)
        elif w is None:
            answer["error"] = "init first"
        elif op == "enroll":
            answer.update(await _enroll_all(w))
        elif op == "connect":
            answer.update(await _connect_all(w, order["timeout"]))
        elif op == "send":
            answer.update(await send_from(w, order))
        elif op == "reach":
            answer.update(await reach(w, order))
        elif op == "ballots":
            answer.update(await ballots(w, order))
        elif op == "arrivals":
            answer.update(arrivals(w, order))
        elif op == "close":
            await asyncio.gather(*(s.stop() for s in w.seats), return_exceptions=True)
        sys.stdout.write(json.dumps(answer) + "\n")
        sys.stdout.flush()
        if op == "close":
            break


if __name__ == "__main__":
    uvloop.run(serve_orders())
