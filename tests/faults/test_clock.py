"""Seats whose own clocks are hours off (a dead CMOS battery, a laptop left on another zone's
time): they connect, follow the room's time, and their vote countdowns count by the room."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from app.clock import parse_iso
from app.keys import DeviceKeys
from app.model import MeetingState
from app.storage.replica import Replica
from app.vote_rules import RESOLUTION_OPTIONS
from sync.client.ballot import cast_args
from sync.client.connection import Connection
from sync.client.enroll import enroll
from sync.client.status import Backoff
from tests.faults.drill import Tracked, check_nothing_lost_or_doubled, enrol, settled, stop_all
from tests.support import ServerProcess, patience, wait_until
from ui.seat_vote_model import SeatVoteModel

pytestmark = pytest.mark.slow

SKEWS = (timedelta(hours=-7), timedelta(hours=11, minutes=23))


class SkewedClock:
    """The system clock moved by a fixed amount: this device's idea of the time."""

    def __init__(self, skew: timedelta):
        self.skew = skew

    def now(self) -> datetime:
        return datetime.now(UTC) + self.skew


async def skewed_seat(link: str, workdir: Path, skew: timedelta) -> Tracked:
    keys = DeviceKeys.generate()
    identity = await enroll(link, f"Ghế lệch giờ {skew}", keys)
    workdir.mkdir(parents=True)
    replica = Replica(workdir / "replica.db")
    replica.set_identity(identity.to_dict())
    conn = Connection(identity, keys, replica, clock=SkewedClock(skew), backoff=Backoff(0.05, 0.5))
    conn.start()
    return Tracked(conn)


def near(moment: datetime, seconds: float = 5.0) -> bool:
    return abs((moment - datetime.now(UTC)).total_seconds()) < patience(seconds)


async def test_seats_with_clocks_hours_off_follow_the_room(server: ServerProcess, tmp_path: Path) -> None:
    meeting_id = server.card("chair")["meeting_id"]
    chair = (await enrol(server, tmp_path / "chair", []))[0]
    seats = [await skewed_seat(server.card("delegate", f"db-00{i + 1}")["link"], tmp_path / f"seat-{i}", skew)
             for i, skew in enumerate(SKEWS)]
    fleet = [chair, *seats]
    try:
        await settled(server, meeting_id, fleet)
        for seat, skew in zip(seats, SKEWS, strict=True):
            assert not near(seat.conn.clock.now(), 3600)  # its own clock is hours off...
            assert near(seat.conn.room_clock.now(), 2)  # ...the room's time on it is not
            assert abs(seat.conn.room_clock.offset + skew) < timedelta(seconds=patience(2))
            answer = await seat.conn.answer(await seat.send("attendance.check_in", {}), timeout=patience(10))
            assert answer["type"] == "ack", answer
        log = await settled(server, meeting_id, fleet)
        assert all(near(parse_iso(e.at)) for e in log[-2:])  # the room stamps events with its own time

        created = await chair.conn.answer(await chair.send("vote.create", {
            "item_id": "item-07", "title": "Thông qua Nghị quyết", "kind": "open",
            "options": list(RESOLUTION_OPTIONS), "rule": "majority_of_all", "duration_s": 60}), timeout=patience(5))
        vote_id = f"vote-{created['seq']}"
        opened = await chair.conn.answer(await chair.send("vote.open", {"vote_id": vote_id}), timeout=patience(5))
        assert opened["type"] == "ack", opened
        await settled(server, meeting_id, fleet)
        for seat in seats:
            model = SeatVoteModel(seat.conn)
            remaining = model.remaining_s()
            # The countdown a delegate sees: a minute by the room, not "closed" or "12 hours left".
            assert remaining is not None and 60 - patience(3) < remaining <= 60, remaining
            state = seat.conn.state
            assert isinstance(state, MeetingState)
            closes_at = parse_iso(state.votes[vote_id].closes_at or "")
            assert abs((closes_at - seat.conn.clock.now()).total_seconds()) > 3600  # by its own clock: way off
            cast = cast_args(seat.conn.keys, vote_id, "tan_thanh")
            answer = await seat.conn.answer(await seat.send("vote.cast", cast), timeout=patience(10))
            assert answer["type"] == "ack", answer
        check_nothing_lost_or_doubled(await settled(server, meeting_id, fleet), fleet)

        # After a restart of the room server (a new welcome), the room's time is set again.
        server.kill9()
        await wait_until(lambda: all(s.conn.status.kind != "online" for s in seats), what="seats offline")
        await asyncio.to_thread(server.start)
        await settled(server, meeting_id, fleet)
        assert all(near(s.conn.room_clock.now(), 2) for s in seats)
    finally:
        await stop_all(fleet)
