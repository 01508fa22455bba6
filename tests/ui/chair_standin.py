"""A chair's console over a meeting built in memory (tests/domain_log.py), with an injected clock:
for the timer's colours, the secretary's disabled actions and the rendered screens."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from types import SimpleNamespace
from typing import Any

from app.clock import FixedClock, SystemClock, parse_iso
from app.model import Document, MeetingState
from sync.client.connection import Changes
from sync.client.status import ConnectionStatus
from tests.domain_log import CHAIR_ACTOR, MemoryRoom, seat_of

ITEM = "item-07"


class StandInConnection:
    """Just what ChairViewModel reads of a Connection; commands are recorded and acknowledged."""

    def __init__(self, state: MeetingState, role: str = "chair"):
        self.identity = SimpleNamespace(role=role, delegate_id=None, seat=None)
        self.state = state
        self.status = ConnectionStatus("online")
        self.listeners: list[Any] = []
        self.sent: list[tuple[str, dict[str, Any]]] = []
        self.kicks = 0
        self.room_clock = SystemClock()
        self.online: frozenset[str] | None = None

    def subscribe(self, listener: Any) -> None:
        self.listeners.append(listener)

    def reconnect_now(self) -> None:
        self.kicks += 1

    async def request(self, name: str, args: dict[str, Any], timeout: float | None = None) -> dict[str, Any]:
        self.sent.append((name, args))
        return {"type": "ack", "id": "x", "seq": 1}

    def show(self, state: MeetingState) -> None:
        self.state = state
        for listener in self.listeners:
            listener(Changes(events=(object(),)))  # type: ignore[arg-type]  # only "some events" is read


def busy_sitting() -> MemoryRoom:
    """Item 7 under discussion: one delegate speaking, seven waiting of every kind, two done."""
    room = MemoryRoom()
    for item in ("item-01", "item-02", "item-03"):
        room.cmd(CHAIR_ACTOR, "agenda.activate", {"item_id": item})
        room.cmd(CHAIR_ACTOR, "agenda.complete", {"item_id": item})
    room.cmd(CHAIR_ACTOR, "agenda.activate", {"item_id": ITEM})
    for n in range(26, 86):
        room.cmd(seat_of(f"db-{n:03d}"), "attendance.check_in", {})
    room.tick(600)
    for delegate_id in ("db-031", "db-032"):
        request_id = room.cmd(seat_of(delegate_id), "speak.request", {"kind": "discussion"})[0].data["request_id"]
        room.cmd(CHAIR_ACTOR, "speak.grant", {"request_id": request_id})
        room.tick(250)
        room.cmd(CHAIR_ACTOR, "speak.end", {"request_id": request_id})
    for delegate_id, kind in (("db-040", "discussion"), ("db-041", "question"), ("db-042", "discussion"),
                              ("db-043", "debate"), ("db-044", "discussion"), ("db-045", "point_of_order"),
                              ("db-046", "discussion"), ("db-047", "discussion")):
        room.cmd(seat_of(delegate_id), "speak.request", {"kind": kind})
    # The chair calls the first discussion, after the point of order that went ahead of it.
    first = next(r for r in room.meeting.speaking.waiting() if r.delegate_id == "db-040")
    room.cmd(CHAIR_ACTOR, "speak.grant", {"request_id": first.request_id})
    return room


def with_documents(state: MeetingState) -> MeetingState:
    docs = {
        "doc-plan": Document("doc-plan", ITEM, "Tờ trình về kế hoạch phát triển kinh tế – xã hội năm 2027", 1, 24,
                             "public", "a" * 64, 1, 1, 1),
        "doc-report": Document("doc-report", ITEM, "Báo cáo thẩm tra của Ban Kinh tế – Ngân sách", 1, 9,
                               "internal", "b" * 64, 1, 1, 1),
    }
    return replace(state, documents=docs)


def clock_at_speech(state: MeetingState, seconds_in: float) -> FixedClock:
    """A clock `seconds_in` after the current speaker was given the floor."""
    current = state.speaking.current()
    assert current is not None and current.granted_at is not None
    start: datetime = parse_iso(current.granted_at)
    return FixedClock(start + timedelta(seconds=seconds_in))
