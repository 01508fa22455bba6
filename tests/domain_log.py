"""A meeting log in memory for domain tests: decide, seal and apply, as the room does."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from app import demo
from app.ballots import CastRecord, keep
from app.canonical import ZERO_HASH
from app.clock import iso
from app.devices import RoomView
from app.events import Event, seal
from app.model import (
    CHAIR,
    DELEGATE,
    DISPLAY,
    SECRETARY,
    SYSTEM,
    TECHNICIAN,
    Actor,
    MeetingState,
    ServerState,
)
from app.reducer import apply, decide_meeting, decide_server

T0 = datetime(2026, 12, 10, 7, 30, tzinfo=UTC)


class MemoryRoom:
    """The server log and one meeting log, with the demo meeting seeded through commands."""

    def __init__(self, seed: bool = True):
        self.now = T0
        self.server = ServerState()
        self.meeting = MeetingState()
        self.server_events: list[Event] = []
        self.events: list[Event] = []
        self.ballots: list[CastRecord] = []
        if seed:
            self.server_cmd(SYSTEM, "meeting.create", demo.demo_meeting_args())
            for name, args in demo.demo_commands():
                self.cmd(SYSTEM, name, args)

    def tick(self, seconds: float = 1.0) -> None:
        self.now += timedelta(seconds=seconds)

    def cmd(self, actor: Actor, name: str, args: dict[str, Any]) -> list[Event]:
        return self.append(actor, decide_meeting(self.meeting, actor, name, args, self.now))

    def append(self, actor: Actor, decided: list[Any]) -> list[Event]:
        out = []
        for new in decided:
            # As the room does: a ballot's choice goes to the box, a secret one names no actor.
            if isinstance(new.private, CastRecord):
                self.meeting = keep(self.meeting, new.private)
                self.ballots.append(new.private)
            who = None if new.anonymous else actor.device_id
            event = seal(demo.DEMO_MEETING_ID, self.meeting.head, self.meeting.seq + 1, iso(self.now), who, new)
            self.meeting = apply(self.meeting, event)
            self.events.append(event)
            out.append(event)
        return out

    def server_cmd(self, actor: Actor, name: str, args: dict[str, Any]) -> list[Event]:
        view = RoomView(self.server, {demo.DEMO_MEETING_ID: self.meeting} if self.meeting.meeting else {})
        out = []
        for new in decide_server(view, actor, name, args, self.now):
            event = seal(None, self.server.head, self.server.seq + 1, iso(self.now), actor.device_id, new)
            self.server = apply(self.server, event)
            self.server_events.append(event)
            out.append(event)
            if new.name == "meeting.created":
                first = seal(new.data["meeting_id"], ZERO_HASH, 1, iso(self.now), actor.device_id, new)
                self.meeting = apply(self.meeting, first)
                self.events.append(first)
        return out


def seat_of(delegate_id: str) -> Actor:
    return Actor(f"dev-{delegate_id}", DELEGATE, delegate_id)


CHAIR_ACTOR = Actor("dev-chair", CHAIR, "db-001")
SECRETARY_ACTOR = Actor("dev-secretary", SECRETARY, "db-013")
TECH_ACTOR = Actor("dev-tech", TECHNICIAN, None)
DISPLAY_ACTOR = Actor("dev-display", DISPLAY, None)
