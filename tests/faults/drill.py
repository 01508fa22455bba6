"""What every fault drill checks: the server's log on disk, the acks the devices received, and
the devices' own replicas, compared with each other after the fault has passed."""

from __future__ import annotations

import asyncio
import json
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from app.events import Event, verify_chain
from app.keys import DeviceKeys
from app.model import MeetingState
from app.storage.replica import Replica
from sync.client.connection import Changes, Connection
from sync.client.enroll import enroll
from sync.client.status import Backoff
from tests.support import ServerProcess, enrolled_client, wait_until

# The event each command of the drills leaves in the log, under the sender's name.
EVENT_OF = {
    "attendance.check_in": "attendance.checked_in",
    "attendance.check_out": "attendance.checked_out",
    "vote.create": "vote.created",
    "vote.open": "vote.opened",
    "vote.close": "vote.closed",
    "vote.cast": "vote.ballot_recorded",
    "message.send": "message.sent",
}


@dataclass
class Tracked:
    """One device and what it was told: every answer, and the hash of the event each ack
    named as the device held it at that moment (seq -> hash as the events arrived)."""

    conn: Connection
    seen: dict[int, str] = field(default_factory=dict)
    sent: dict[str, str] = field(default_factory=dict)  # command id -> command name
    acks: dict[str, tuple[int, str | None]] = field(default_factory=dict)  # id -> (seq, hash seen)
    errors: dict[str, dict[str, Any]] = field(default_factory=dict)
    notices: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.conn.subscribe(self._changes)

    def _changes(self, changes: Changes) -> None:
        if changes.reset:
            self.seen = {}
        for event in changes.events:
            if event.meeting_id is not None:
                self.seen[event.seq] = event.hash
        for command_id, answer in changes.answers:
            if answer["type"] == "ack":
                self.acks[command_id] = (answer["seq"], self.seen.get(answer["seq"]))
            else:
                self.errors[command_id] = answer
        self.notices.extend(n.code for n in changes.notices)

    async def send(self, name: str, args: dict[str, Any]) -> str:
        command_id = await self.conn.submit(name, args)
        self.sent[command_id] = name
        return command_id

    @property
    def seq(self) -> int:
        state = self.conn.state
        return state.seq if isinstance(state, MeetingState) else -1


async def enrol(server: ServerProcess, workdir: Path, delegates: Iterable[str], chair: bool = True) -> list[Tracked]:
    """The chair (first, when asked) and one seat per delegate, enrolled with the real cards."""
    cards = [server.card("chair")] if chair else []
    cards += [server.card("delegate", d) for d in delegates]
    made = await asyncio.gather(*(
        enrolled_client(workdir / f"dev-{i:03d}", card["link"], f"Thiết bị {i}") for i, card in enumerate(cards)
    ))
    return [Tracked(c) for c in made]


async def through(proxy_url: str, server: ServerProcess, workdir: Path, delegates: Iterable[str]) -> list[Tracked]:
    """Seats enrolled with their real cards that then reach the room through `proxy_url`."""
    async def one(delegate_id: str) -> Tracked:
        keys = DeviceKeys.generate()
        identity = replace(await enroll(server.card("delegate", delegate_id)["link"], delegate_id, keys), url=proxy_url)
        replica = Replica(workdir / f"seat-{delegate_id}.db")
        replica.set_identity(identity.to_dict())
        conn = Connection(identity, keys, replica, backoff=Backoff(base_s=0.05, cap_s=0.5))
        conn.start()
        return Tracked(conn)

    workdir.mkdir(parents=True, exist_ok=True)
    return list(await asyncio.gather(*(one(d) for d in delegates)))


def acked_all(fleet: list[Tracked]) -> None:
    """Every command the drill sent was accepted: a refusal here means a command was doubled."""
    refused = [answer for t in fleet for answer in t.errors.values()]
    assert refused == [], refused[:3]


def server_events(server: ServerProcess, meeting_id: str) -> list[Event]:
    """The meeting's log as the room server's database holds it (read-only, beside the server)."""
    db = sqlite3.connect(f"file:{server.data_dir / 'room.db'}?mode=ro", uri=True)
    try:
        rows = db.execute(
            "SELECT seq, at, actor, name, data, prev, hash FROM events WHERE log = ? ORDER BY seq", (meeting_id,)
        ).fetchall()
    finally:
        db.close()
    return [Event(meeting_id, seq, at, actor, name, json.loads(data), prev, digest)
            for seq, at, actor, name, data, prev, digest in rows]


async def settled(server: ServerProcess, meeting_id: str, fleet: list[Tracked], timeout: float = 30) -> list[Event]:
    """Every device back online by itself, every command it sent answered, and its state at the
    server's head; returns the server's log then."""
    def caught_up() -> bool:
        head = len(server_events(server, meeting_id))
        return all(t.conn.status.kind == "online" and t.seq == head
                   and set(t.sent) <= set(t.acks) | set(t.errors) for t in fleet)

    try:
        await wait_until(caught_up, timeout=timeout, what="every device online, answered and caught up")
    except AssertionError:
        head = len(server_events(server, meeting_id))
        behind = [(t.conn.identity.device_id[:8], t.conn.status.kind, t.seq, len(set(t.sent) - set(t.acks) - set(t.errors)))
                  for t in fleet if t.conn.status.kind != "online" or t.seq != head or set(t.sent) - set(t.acks) - set(t.errors)]
        raise AssertionError(f"server head {head}; devices (id, status, seq, unanswered): {behind[:10]}") from None
    return server_events(server, meeting_id)


def check_nothing_lost_or_doubled(log: list[Event], fleet: list[Tracked]) -> None:
    """The log's chain holds; each ack names its own event at its seq, with the hash the device
    was shown; each device's events in the log are exactly its acks (none lost, none twice);
    each replica holds the server's log, no device had to roll back."""
    verify_chain(log)
    for tracked in fleet:
        device = tracked.conn.identity.device_id
        assert "rolled_back" not in tracked.notices, "a device saw the server's log go back"
        named: list[str] = []
        for command_id, (seq, seen_hash) in tracked.acks.items():
            name = tracked.sent.get(command_id)
            if name is None:
                continue
            event = log[seq - 1]
            assert event.seq == seq and event.name == EVENT_OF[name], (name, event)
            assert event.actor in (device, None), (device, event)  # None: a secret ballot names nobody
            assert seen_hash == event.hash, f"the ack of #{seq} named another event than the log holds"
            if event.actor is not None:
                named.append(event.name)
        in_log = sorted(e.name for e in log if e.actor == device)
        assert in_log == sorted(named), f"{device}: the log holds {in_log}, the device was acked {sorted(named)}"
        replica = [(e.seq, e.hash) for e in tracked.conn.replica.events()]
        assert replica == [(e.seq, e.hash) for e in log], "a replica differs from the server's log"


async def stop_all(fleet: list[Tracked]) -> None:
    await asyncio.gather(*(t.conn.stop() for t in fleet), return_exceptions=True)
