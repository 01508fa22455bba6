"""Presence on the consoles: the seat map and a vote's progress mark present delegates whose seat dropped."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
import qasync
from pytestqt.qtbot import QtBot

from tests.domain_log import CHAIR_ACTOR, MemoryRoom, seat_of
from tests.support import ServerProcess, enrolled_client, patience, wait_until
from ui.chair_model import ChairViewModel
from ui.chair_vote_progress import ProgressBox
from ui.seat_map import SeatMap

pytestmark = pytest.mark.slow


def test_a_present_delegate_whose_seat_drops_is_marked_offline(
    server: ServerProcess, tmp_path: Path, qtbot: QtBot, qloop: qasync.QEventLoop
) -> None:
    async def scenario() -> None:
        chair = await enrolled_client(tmp_path / "chair", server.card("chair")["link"], "Chủ tọa")
        model = ChairViewModel(chair)
        hall = SeatMap(model)
        qtbot.addWidget(hall)
        hall.resize(1400, 800)
        hall.show()
        seat = await enrolled_client(tmp_path / "seat", server.card("delegate", "db-010")["link"], "Ghế 10")
        other = await enrolled_client(tmp_path / "other", server.card("delegate", "db-011")["link"], "Ghế 11")
        try:
            for conn in (seat, other):
                assert (await conn.request("attendance.check_in", {}, timeout=patience(5)))["type"] == "ack"
            seat_id = model.state.seat_of("db-010").seat_id  # type: ignore[union-attr]
            await wait_until(lambda: chair.online == frozenset({"db-010", "db-011"}), what="both online")
            await wait_until(lambda: hall.offline == frozenset(), what="nobody present is offline")
            assert "mất kết nối" in hall.legend_label.text()
            await seat.stop()
            await wait_until(lambda: hall.offline == frozenset({seat_id}), what="the dropped seat marked")
            tile = hall.tile(seat_id)
            assert tile is not None and tile.offline
            # A delegate who never checked in is absent on the map, not a device fault.
            assert all(model.state.seats[s].delegate_id in model.state.present for s in hall.offline)
            await chair.stop()
            await wait_until(lambda: hall.offline is None, what="unknown once the console is offline")
            assert "chưa có dữ liệu" in hall.legend_label.text()
        finally:
            await other.stop()

    qloop.run_until_complete(asyncio.wait_for(scenario(), patience(60)))


def test_the_vote_progress_names_present_delegates_whose_seat_is_offline(qtbot: QtBot) -> None:
    room = MemoryRoom()
    for delegate_id in ("db-001", "db-002", "db-003"):
        room.cmd(seat_of(delegate_id), "attendance.check_in", {})
    [created] = room.cmd(CHAIR_ACTOR, "vote.create", {
        "item_id": "item-07", "title": "Thông qua Nghị quyết", "kind": "secret", "committee": {
            "head": "db-070", "secretary": "db-071", "members": ["db-070", "db-071", "db-072"]},
        "options": ["tan_thanh", "khong_tan_thanh", "khong_bieu_quyet"], "rule": "majority_of_all",
        "duration_s": 60})
    vote_id = created.data["vote_id"]
    room.cmd(CHAIR_ACTOR, "vote.open", {"vote_id": vote_id})
    box = ProgressBox()
    qtbot.addWidget(box)
    box.show()
    vote = room.meeting.votes[vote_id]
    box.show_vote(vote, room.meeting, can_count=False, online=frozenset({"db-001", "db-003", "db-050"}))
    name = room.meeting.delegates["db-002"].name
    assert box.offline_label.isVisible()
    assert box.offline_label.text().startswith("Thiết bị mất kết nối (1): " + name)
    box.show_vote(vote, room.meeting, can_count=False, online=frozenset({"db-001", "db-002", "db-003"}))
    assert not box.offline_label.isVisible()
    box.show_vote(vote, room.meeting, can_count=False, online=None)  # unknown: nothing claimed
    assert not box.offline_label.isVisible()
