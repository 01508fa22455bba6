"""Catch-up frames (sync/server/log_frames.py, Room.frames): a device far behind reads the store
page by page, then the cache, and gets exactly the log's frames; whole or without the bodies of
sealed ballots, as its role needs. A real SQLite store and the room's own loading."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import sync.server.log_frames as log_frames
import sync.server.room as room_module
from app.clock import SystemClock
from app.storage.server_store import ServerStore
from sync.server.log_frames import frame, lean_frame, tally_checkers
from sync.server.room import Room
from tests.domain_log import CHAIR_ACTOR
from tests.test_sealed_domain import DELEGATES, MEMBERS, cast, ready_room


async def _frames(room: Room, log_id: str, after: int, upto: int, whole: bool) -> list[bytes]:
    return [f async for f in room.frames(log_id, after, upto, whole)]


def _decoded(frames: list[bytes]) -> list[dict[str, Any]]:
    # The store gives data back in canonical key order: compare what the frames say.
    return [json.loads(f[f.index(b"{"):]) for f in frames]


def _names_and_bodies(frames: list[bytes]) -> list[tuple[str, bool]]:
    return [(m["name"], "ballot" in m["data"]) for m in _decoded(frames)]


async def test_a_device_far_behind_catches_up_from_the_store_then_the_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(log_frames, "FRAME_CACHE", 2)  # the last two ballots; the first from the store
    monkeypatch.setattr(room_module, "STORE_PAGE", 7)
    memory, vote_id = ready_room()
    memory.cmd(CHAIR_ACTOR, "vote.open", {"vote_id": vote_id})
    for delegate_id in DELEGATES[:3]:
        cast(memory, delegate_id, vote_id, "tan_thanh")
    events = memory.events
    log_id = events[0].meeting_id
    assert log_id is not None and len(events) > 100

    store = ServerStore(tmp_path / "room.db")
    store.commit(memory.server_events, [])
    store.commit(events, [])
    room = Room(store, SystemClock())
    try:
        room.load()
        head = room.head(log_id)
        assert head == len(events)
        whole = await _frames(room, log_id, 0, head, whole=True)
        # From 0: pages of the store, then the cache.
        assert _decoded(whole) == _decoded([frame(e) for e in events])
        lean = await _frames(room, log_id, 0, head, whole=False)
        assert _decoded(lean) == _decoded([lean_frame(e) for e in events])
        ballots = [(n, b) for n, b in _names_and_bodies(lean) if n == "vote.ballot_recorded"]
        assert ballots == [("vote.ballot_recorded", False)] * 3
        assert [b for n, b in _names_and_bodies(whole) if n == "vote.ballot_recorded"] == [True] * 3
        # From the middle of the store, from the cache's edge, from within it.
        for after in (5, head - 2, head - 1):
            assert await _frames(room, log_id, after, head, whole=True) == whole[after:]
        # Who gets the bodies: the vote's key holders' devices, nobody else.
        checkers = tally_checkers(room.meetings[log_id])
        assert checkers == {device for device, _ in memory.vote(vote_id).committee_keys.values()}
        assert len(checkers) == len(MEMBERS)
        assert room.whole_ballots(log_id, next(iter(checkers)))
        assert not room.whole_ballots(log_id, "dev-somebody-else") and not room.whole_ballots(log_id, None)
    finally:
        await room.prechecks.stop()
        store.close()
