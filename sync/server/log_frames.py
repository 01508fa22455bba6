"""The encoded frames of a log's events, in two cuts: whole, and without sealed ballots' bodies.

A sealed ballot's body (its ciphertexts and proofs: ~1 KB for yes/no/abstain, ~20 KB for a
20-person confidence ballot) matters only to the devices that check the tally before they
decrypt: the counting committee's. Sent to every seat, a confidence vote of 500 seats would put
5 GB on the hall's Wi-Fi. Every other device receives the event without `ballot`; its hash still
checks, because the chain holds a ballot through its tracking hash (app/canonical.py)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from app.canonical import without_body
from app.events import Event
from app.model import MeetingState
from sync.protocol.messages import encode_event
from sync.server.wsframes import text_frame

# Encoded frames kept per log for catch-up (~0.4 MB): a reconnect storm is a few events behind
# (a whole hall's ballots at most); a device further behind reads the store a page at a time.
# Small enough to fill within the first quarter hour of a sitting, so the room's memory does not
# grow with it (issue 7's soak: 50,000 grew it 1.6 MB/h; 5,000 took an hour to fill).
FRAME_CACHE = 1_000


def frame(event: Event) -> bytes:
    return text_frame(encode_event(event))


def lean_frame(event: Event, whole: bytes | None = None) -> bytes:
    """The frame for a device that does not check the tally; `whole` when nothing differs."""
    data = without_body(event.name, event.data)  # the one rule, shared with the event hash
    if data is not event.data:
        return frame(replace(event, data=data))
    return whole if whole is not None else frame(event)


def tally_checkers(state: MeetingState | None) -> frozenset[str]:
    """The devices that receive sealed ballots whole: each sealed vote's key holders."""
    if state is None:
        return frozenset()
    return frozenset(device_id for vote in state.votes.values() if vote.sealed
                     for device_id, _kex in vote.committee_keys.values())


@dataclass
class FrameCache:
    """The last encoded frames of one log: whole[i] and lean[i] are the event with seq base + i + 1
    (the same bytes object unless the event is a sealed ballot)."""

    base: int = 0
    whole: list[bytes] = field(default_factory=list)
    lean: list[bytes] = field(default_factory=list)

    @classmethod
    def of(cls, events: list[Event]) -> FrameCache:
        tail = events[-FRAME_CACHE:]
        cache = cls(tail[0].seq - 1 if tail else 0)
        cache.extend(tail)
        return cache

    def extend(self, events: list[Event]) -> tuple[list[bytes], list[bytes]]:
        """Encodes and keeps the events; returns their whole and lean frames."""
        whole = [frame(e) for e in events]
        lean = [lean_frame(e, f) for e, f in zip(events, whole, strict=True)]
        self.whole.extend(whole)
        self.lean.extend(lean)
        excess = len(self.whole) - FRAME_CACHE
        if excess > 0:
            del self.whole[:excess]
            del self.lean[:excess]
            self.base += excess
        return whole, lean
