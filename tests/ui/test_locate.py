"""Locating a seat: the technician asks through the real room server, the real seat window shows its
seat label over everything, flashing, until the time is up, a click or Escape."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
import qasync
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from app.model import MeetingState
from tests.support import ServerProcess, patience, wait_until
from tests.ui.room import seat_window, technician
from ui.locate_overlay import FLASH_MS, LOOKS

pytestmark = pytest.mark.slow

DELEGATE = "db-012"


def test_the_seat_flashes_its_label_when_located(
    server: ServerProcess, tmp_path: Path, qtbot: QtBot, qloop: qasync.QEventLoop, screens: Path
) -> None:
    qloop.run_until_complete(asyncio.wait_for(scenario(server, tmp_path, qtbot, screens), patience(60)))


async def scenario(server: ServerProcess, tmp_path: Path, qtbot: QtBot, screens: Path) -> None:
    meeting, tech = await technician(server, tmp_path)  # tech: the server's own log
    made = await seat_window(server, tmp_path, qtbot, DELEGATE)
    window, seat = made.window, made.connection
    overlay = window.locate_overlay
    seat_id = seat.identity.device_id
    try:
        await wait_until(lambda: seat_id in tech.devices and tech.devices[seat_id].online, what="seat online")
        await wait_until(lambda: isinstance(meeting.state, MeetingState) and meeting.state.seat_of(DELEGATE) is not None,
                         what="the technician knows the seats")
        assert isinstance(meeting.state, MeetingState)
        label = meeting.state.seat_of(DELEGATE).label  # type: ignore[union-attr]
        assert not overlay.isVisible()

        assert await tech.locate(seat_id)
        await wait_until(overlay.isVisible, what="the overlay shows")
        assert overlay.text == f"Ghế {label}"
        assert overlay.geometry() == window.rect()
        assert 5_000 < overlay.remaining_ms <= 10_500  # a coarse timer may run 5 % over

        def corner() -> str:
            return str(overlay.grab().toImage().pixelColor(5, 5).name())

        first = corner()
        assert first in (LOOKS[0][0], LOOKS[1][0])
        await wait_until(lambda: corner() != first, timeout=FLASH_MS / 1000 * 4, what="it flashes")
        assert {first, corner()} == {LOOKS[0][0], LOOKS[1][0]}
        overlay.grab().save(str(screens / "seat-located.png"))
        # Over everything: the buttons underneath take no click while it shows.
        check_in = window.check_in_button
        assert window.childAt(check_in.mapTo(window, QPoint(5, 5))) is overlay
        QTest.mouseClick(overlay, Qt.MouseButton.LeftButton)
        assert not overlay.isVisible()

        # Escape closes it too; a resized window stays covered.
        assert await tech.locate(seat_id)
        await wait_until(overlay.isVisible, what="the overlay again")
        window.resize(1100, 700)
        await wait_until(lambda: overlay.geometry() == window.rect(), what="the overlay follows the window")
        QTest.keyClick(overlay, Qt.Key.Key_Escape)
        assert not overlay.isVisible()
        assert isinstance(window.check_in_button, QPushButton)

        # Left alone, it goes by itself.
        overlay.show_seat("Ghế X", 1)
        assert overlay.isVisible()
        await wait_until(lambda: not overlay.isVisible(), timeout=3, what="the overlay times out")
    finally:
        await made.fetcher.stop()
        for conn in (seat, meeting, tech):
            await conn.stop()
