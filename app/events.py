"""Events: what the log holds, and the hash chain that makes it tamper-evident."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from app.canonical import ZERO_HASH, body_matches, event_hash


@dataclass(frozen=True, slots=True)
class NewEvent:
    """An event decided but not yet in the log: no seq, time or hash yet."""

    name: str
    data: dict[str, Any] = field(default_factory=dict)
    # What the room keeps apart from the log (a ballot's choice); never hashed or sent.
    private: Any = None
    # Secret ballots: the event names no actor, whoever sent the command.
    anonymous: bool = False


@dataclass(frozen=True, slots=True)
class Event:
    """One entry of a meeting's log (meeting_id None is the server's own log)."""

    meeting_id: str | None
    seq: int
    at: str
    actor: str | None
    name: str
    data: dict[str, Any]
    prev: str
    hash: str

    def to_wire(self) -> dict[str, Any]:
        return {
            "type": "event",
            "meeting_id": self.meeting_id,
            "seq": self.seq,
            "at": self.at,
            "actor": self.actor,
            "name": self.name,
            "data": self.data,
            "prev": self.prev,
            "hash": self.hash,
        }

    @classmethod
    def from_wire(cls, msg: dict[str, Any]) -> Event:
        return cls(
            meeting_id=msg["meeting_id"],
            seq=msg["seq"],
            at=msg["at"],
            actor=msg["actor"],
            name=msg["name"],
            data=msg["data"],
            prev=msg["prev"],
            hash=msg["hash"],
        )

    def hash_ok(self) -> bool:
        return (event_hash(self.prev, self.seq, self.at, self.actor, self.name, self.data) == self.hash
                and body_matches(self.name, self.data))


def seal(meeting_id: str | None, prev: str, seq: int, at: str, actor: str | None, new: NewEvent) -> Event:
    """Give a decided event its place in the chain."""
    digest = event_hash(prev, seq, at, actor, new.name, new.data)
    return Event(meeting_id, seq, at, actor, new.name, new.data, prev, digest)


class ChainError(Exception):
    """The log was edited, reordered or truncated: names the first seq that does not fit."""

    def __init__(self, seq: int, reason: str):
        self.seq = seq
        self.reason = reason
        super().__init__(f"seq {seq}: {reason}")


def verify_chain(events: Iterable[Event], prev: str = ZERO_HASH, first_seq: int = 1) -> str:
    """Check every link; returns the head hash or raises ChainError at the first broken link."""
    expected = first_seq
    for event in events:
        if event.seq != expected:
            raise ChainError(event.seq, f"expected seq {expected}")
        if event.prev != prev:
            raise ChainError(event.seq, "prev does not match the previous hash")
        if not event.hash_ok():
            raise ChainError(event.seq, "hash does not match the content")
        prev = event.hash
        expected += 1
    return prev
