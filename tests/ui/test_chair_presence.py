"""The seat map marks a checked-in delegate whose device dropped, from the server's presence."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
import qasync
from pytestqt.qtbot import QtBot

from tests.support import ServerProcess, enrolled_client, patience, wait_until
from ui.chair_model import ChairViewModel
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
