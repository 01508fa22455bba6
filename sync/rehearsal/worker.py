"""One worker process of a rehearsal: a share of the seats on its own event loop.

The orchestrator (phonghop rehearse) sends orders over a multiprocessing pipe and gets one
answer per order: per-seat times in milliseconds and each failed seat with its cause. Seats
are spread over processes so 1,000 of them fit beside the room server on two cores.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import time
import uuid
from multiprocessing.connection import Connection
from typing import Any

import aiohttp
import msgspec

from app.orphans import die_with_parent
from app.tally.ballot import Question, seal_ballot
from sync.client.ballot import cast_args, sealed_cast_args
from sync.rehearsal.seats import Hall, Seat, cause_of, fetch_blob

Failures = list[tuple[int, str]]


def offline_cause(seat: Seat) -> str:
    return f"ghế không có kết nối ({seat.problem})" if seat.problem else "ghế không có kết nối"


async def enroll_all(hall: Hall, concurrency: int = 16) -> dict[str, Any]:
    gate = asyncio.Semaphore(concurrency)
    failures: Failures = []

    async def one(seat: Seat) -> None:
        async with gate:
            try:
                await seat.enroll()
            except Exception as exc:  # every cause goes to the report, none stops the others
                failures.append((seat.index, f"không đăng ký được thiết bị: {cause_of(exc)}"))

    await asyncio.gather(*(one(s) for s in hall.seats))
    return {"devices": {s.index: s.device_id for s in hall.seats if s.device_id}, "failures": failures}


def enrolled(hall: Hall) -> list[Seat]:
    return [s for s in hall.seats if s.device_id is not None]


def chosen(hall: Hall, order: dict[str, Any]) -> list[Seat]:
    """The seats an order names by `indices` (a soak drives part of the hall), else every one."""
    only = order.get("indices")
    return [s for s in enrolled(hall) if only is None or s.index in only]


async def connect_all(hall: Hall, timeout: float) -> dict[str, Any]:
    t0 = time.monotonic()
    seats = enrolled(hall)
    for seat in seats:
        seat.start()
    await hall.wait_for(lambda: all(s.caught_up for s in seats), timeout)
    ms = {s.index: (s.welcomed_at - t0) * 1000 for s in seats if s.caught_up and s.welcomed_at is not None}
    return {"ms": ms, "failures": [(s.index, offline_cause(s)) for s in seats if s.index not in ms]}


async def command_all(hall: Hall, order: dict[str, Any]) -> dict[str, Any]:
    """One command from every seat, the sends spread evenly over `spread_s` from the
    orchestrator's t0; a ballot is signed before t0, as a delegate's press is signed already."""
    seats = chosen(hall, order)
    frames: dict[int, tuple[str, bytes]] = {}
    for seat in seats:
        args = order["args"]
        choices = order.get("choices") or [""]
        choice = choices[seat.index % len(choices)]
        if order["name"] == "vote.cast":
            args = cast_args(seat.keys, order["vote_id"], choice)
        elif order["name"] == "vote.cast_sealed":
            args = sealed_args(order, seat, choice)
        command_id = str(uuid.uuid4())
        frames[seat.index] = (command_id, msgspec.json.encode(
            {"type": "command", "id": command_id, "name": order["name"], "args": args}))
    sent: dict[int, float] = {}
    failures: Failures = []

    async def fire(seat: Seat) -> None:
        delay = order["t0"] + order["spread_s"] * seat.index / order["n_total"] - time.monotonic()
        if delay > 0:
            await asyncio.sleep(delay)
        if seat.ws is None:
            failures.append((seat.index, offline_cause(seat)))
            return
        sent[seat.index] = time.monotonic()
        seat.ws.send_text(frames[seat.index][1])

    await asyncio.gather(*(fire(s) for s in seats))
    await hall.wait_for(lambda: all(frames[i][0] in hall.answers for i in sent), order["timeout"])
    ms: dict[int, float] = {}
    for index, at in sent.items():
        answer = hall.answers.get(frames[index][0])
        if answer is None:
            failures.append((index, f"máy chủ không trả lời sau {order['timeout']:g} giây"))
        elif answer[0] != "ack":
            failures.append((index, f"máy chủ từ chối lệnh [{answer[0].removeprefix('error:')}]"))
        else:
            ms[index] = (answer[1] - at) * 1000
    return {"ms": ms, "failures": failures}


def sealed_args(order: dict[str, Any], seat: Seat, choice: str) -> dict[str, Any]:
    """The seat's own encryption and proofs, made before t0 like the signature: the figure is
    the room's answer, the seat's own time is tests/perf/bench_sealed.py's other figure."""
    questions = tuple(Question(*q) for q in order["questions"])
    marks = [[int(option == choice) for option in order["options"]]]
    ballot = seal_ballot(order["vote_id"], base64.b64decode(order["public_key"]), questions, marks)
    return sealed_cast_args(seat.keys, order["vote_id"], ballot)


async def fetch_all(hall: Hall, blobs: list[tuple[str, int]], timeout: float) -> dict[str, Any]:
    """Every seat downloads every document at once, as a hall does when the pack is published."""
    ms: dict[int, float] = {}
    failures: Failures = []
    connector = aiohttp.TCPConnector(limit=0)
    async with aiohttp.ClientSession(connector=connector, timeout=aiohttp.ClientTimeout(total=timeout)) as http:

        async def one(seat: Seat) -> None:
            t0 = time.monotonic()
            try:
                for sha, size in blobs:
                    await fetch_blob(http, hall, seat, sha, size)
            except Exception as exc:  # reported per seat
                failures.append((seat.index, f"không tải được tài liệu: {cause_of(exc)}"))
            else:
                ms[seat.index] = (time.monotonic() - t0) * 1000

        await asyncio.gather(*(one(s) for s in enrolled(hall)))
    return {"ms": ms, "failures": failures}


async def arrivals(hall: Hall, name: str, seq: int, since: float, timeout: float) -> dict[str, Any]:
    """Until every seat has received event `seq` (named `name`, for the causes); ms from `since`."""
    seats = enrolled(hall)
    hall.awaited = seq
    await hall.wait_for(lambda: all(s.last_seq >= seq for s in seats), timeout)
    hall.awaited = 0
    ms = {s.index: (at - since) * 1000 for s in seats if (at := s.arrival(seq)) is not None}
    failures = [(s.index, offline_cause(s) if s.ws is None else f"không nhận được {name} sau {timeout:g} giây")
                for s in seats if s.index not in ms]
    return {"ms": ms, "failures": failures}


async def storm(hall: Hall, epoch: dict[int, int], since: float, timeout: float) -> dict[str, Any]:
    """After the sockets dropped at once: until each dropped seat is welcomed again and caught up."""
    seats = [s for s in enrolled(hall) if s.index in epoch]

    def back(seat: Seat) -> bool:
        return seat.welcomes > epoch[seat.index] and seat.caught_up

    await hall.wait_for(lambda: all(back(s) for s in seats), timeout)
    ms = {s.index: (s.welcomed_at - since) * 1000 for s in seats if back(s) and s.welcomed_at is not None}
    return {"ms": ms, "failures": [(s.index, offline_cause(s)) for s in seats if s.index not in ms]}


async def handle(hall: Hall, order: dict[str, Any], epoch: dict[int, int]) -> dict[str, Any]:
    op = order["op"]
    if op == "enroll":
        return await enroll_all(hall)
    if op == "connect":
        return await connect_all(hall, order["timeout"])
    if op == "command":
        return await command_all(hall, order)
    if op == "fetch":
        return await fetch_all(hall, [tuple(b) for b in order["blobs"]], order["timeout"])
    if op == "arrivals":
        return await arrivals(hall, order["name"], order["seq"], order["since"], order["timeout"])
    if op == "drop":
        dropped = chosen(hall, order)
        epoch.clear()
        epoch.update({s.index: s.welcomes for s in dropped})
        at = time.monotonic()
        for seat in dropped:
            seat.drop()
        return {"at": at}
    if op == "storm":
        return await storm(hall, epoch, order["since"], order["timeout"])
    if op == "forget":
        # Between a soak's rounds: what the measured steps noted would otherwise grow for hours.
        hall.answers.clear()
        for seat in hall.seats:
            seat.marks.clear()
        return {}
    if op == "online":
        return {"online": sum(1 for s in hall.seats if s.ws is not None)}
    if op == "close":
        await asyncio.gather(*(s.stop() for s in hall.seats), return_exceptions=True)
        return {}
    raise ValueError(f"unknown order {op}")


async def serve(pipe: Connection, url: str, fingerprint: str, meeting_id: str, seats: list[tuple[int, str]]) -> None:
    hall = Hall(url, fingerprint, meeting_id, seats)
    loop = asyncio.get_running_loop()
    epoch: dict[int, int] = {}
    while True:
        try:
            order = await loop.run_in_executor(None, pipe.recv)
        except (EOFError, OSError):  # the orchestrator is gone
            order = {"op": "close"}
        answer = await handle(hall, order, epoch)
        if order["op"] == "close":
            with contextlib.suppress(OSError):  # the orchestrator may be gone already
                pipe.send(answer)
            return
        pipe.send(answer)


def main(pipe: Connection, url: str, fingerprint: str, meeting_id: str, seats: list[tuple[int, str]]) -> None:
    """The process entry (multiprocessing spawn): uvloop where it exists, as the room server."""
    die_with_parent()
    try:
        import uvloop
    except ImportError:
        asyncio.run(serve(pipe, url, fingerprint, meeting_id, seats))
    else:
        uvloop.run(serve(pipe, url, fingerprint, meeting_id, seats))
