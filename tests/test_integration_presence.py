"""Presence through the real server: the consoles learn which seats are connected, seats never do."""

from __future__ import annotations

from pathlib import Path

import pytest

from sync.client.connection import Changes
from sync.protocol.errors import RemoteProtocolError
from sync.protocol.messages import Presence, decode_server
from tests.support import ServerProcess, enrolled_client, wait_until

pytestmark = pytest.mark.slow


async def test_the_chair_sees_seats_come_and_go_and_a_seat_hears_nothing(server: ServerProcess, tmp_path: Path) -> None:
    chair = await enrolled_client(tmp_path / "chair", server.card("chair")["link"], "Chủ tọa")
    secretary = await enrolled_client(tmp_path / "secretary", server.card("secretary")["link"], "Thư ký")
    first = await enrolled_client(tmp_path / "s1", server.card("delegate", "db-010")["link"], "Ghế 10")
    heard: list[Changes] = []
    first.subscribe(lambda changes: heard.append(changes) if changes.presence else None)
    second = await enrolled_client(tmp_path / "s2", server.card("delegate", "db-011")["link"], "Ghế 11", start=False)
    try:
        await wait_until(lambda: chair.online == frozenset({"db-010"}), what="the chair sees the first seat")
        second.start()
        await wait_until(lambda: chair.online == frozenset({"db-010", "db-011"}), what="the second seat")
        await wait_until(lambda: secretary.online == frozenset({"db-010", "db-011"}), what="the secretary too")
        await first.stop()
        await wait_until(lambda: chair.online == frozenset({"db-011"}), what="the first seat gone")
        assert first.online is None and heard == []  # a seat is never told who else is online
        await chair.stop()
        assert chair.online is None  # unknown once the console is offline itself
    finally:
        for conn in (second, secretary):
            await conn.stop()


def test_presence_frames_are_checked_like_any_other() -> None:
    msg = decode_server('{"type":"presence","meeting_id":"m-1","online":["db-001","db-002"]}')
    assert isinstance(msg, Presence) and msg.online == ["db-001", "db-002"]
    for bad in ('{"type":"presence","meeting_id":"m-1"}', '{"type":"presence","meeting_id":"m-1","online":[1]}',
                '{"type":"presence","meeting_id":"m-1","online":[],"extra":1}'):
        with pytest.raises(RemoteProtocolError):
            decode_server(bad)
