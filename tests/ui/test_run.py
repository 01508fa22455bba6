"""ui.run.run_seat: the composition root's entry starts, shows, and stops cleanly on close."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.model import Document
from sync.client.blobs import BlobCache
from sync.client.documents import DocumentFetcher
from tests.support import ServerProcess, enrolled_client, patience
from ui.run import run_seat
from ui.seat_window import SeatWindow

pytestmark = pytest.mark.slow


def test_run_seat_until_the_window_closes(server: ServerProcess, tmp_path: Path, qapp: QApplication, qtbot: QtBot) -> None:
    connection = asyncio.run(
        enrolled_client(tmp_path / "seat", server.card("delegate", "db-050")["link"], "Ghế", start=False)
    )
    cache = BlobCache(tmp_path / "blobs")
    fetcher = DocumentFetcher(connection, cache)
    seen: dict[str, object] = {}

    def document_bytes(document: Document) -> bytes:
        return cache.read_all(document.blob)

    def poll(tries: list[int] = [0]) -> None:  # noqa: B006 - a counter across timer shots
        tries[0] += 1
        windows = [w for w in qapp.topLevelWidgets() if isinstance(w, SeatWindow) and w.isVisible()]
        window = windows[0] if windows else None
        if window is not None and ((len(window.agenda.cards) == 9 and window.banner.kind == "online")
                                   or tries[0] > patience(20) * 10):
            seen["title"] = window.windowTitle()
            seen["cards"] = len(window.agenda.cards)
            seen["banner"] = window.banner.kind
            window.close()
            return
        QTimer.singleShot(100, poll)

    QTimer.singleShot(100, poll)
    assert run_seat(connection, fetcher, document_bytes, "PhòngHọp – Ghế thử") == 0
    assert seen == {"title": "PhòngHọp – Ghế thử", "cards": 9, "banner": "online"}
    assert connection.status.kind == "stopped"


def test_saved_settings_rebuild_the_seat_window_once_online(server: ServerProcess, tmp_path: Path, qapp: QApplication,
                                                            qtbot: QtBot) -> None:
    """"Lưu" in the settings: the window is built anew in English at 150 %, the choice is kept in the
    device folder, the seat stays online on the same connection (it never starts twice), and closing
    the new window ends the program."""
    from ui.run import SeatParts, run_seat_with
    from ui.settings_dialog import SeatSettings, apply_settings, load_settings

    connection = asyncio.run(
        enrolled_client(tmp_path / "seat", server.card("delegate", "db-051")["link"], "Ghế", start=False)
    )
    cache = BlobCache(tmp_path / "blobs")
    fetcher = DocumentFetcher(connection, cache)
    settings_file = tmp_path / "seat" / "seat-settings.json"
    seen: dict[str, object] = {}
    windows: list[SeatWindow] = []

    async def parts() -> SeatParts:
        return SeatParts(connection, fetcher, lambda document: cache.read_all(document.blob), settings=settings_file)

    def visible() -> list[SeatWindow]:
        return [w for w in qapp.topLevelWidgets() if isinstance(w, SeatWindow) and w.isVisible()]

    def poll(tries: list[int] = [0]) -> None:  # noqa: B006 - a counter across timer shots
        tries[0] += 1
        shown = visible()
        if tries[0] > patience(20) * 10:
            seen["gave up"] = True
            for w in shown:
                w.close()
            return
        if not windows and shown and shown[0].banner.kind == "online" and len(shown[0].agenda.cards) == 9:
            windows.append(shown[0])
            seen["before"] = shown[0].check_in_button.text()
            shown[0].settings_did_change.emit(SeatSettings(language="en", scale=150))
        elif windows and shown and shown[0] is not windows[0] and shown[0].banner.kind == "online":
            seen["after"] = shown[0].check_in_button.text()
            seen["windows"] = len(shown)
            seen["cards"] = len(shown[0].agenda.cards)
            shown[0].close()
            return
        QTimer.singleShot(100, poll)

    QTimer.singleShot(100, poll)
    try:
        assert run_seat_with(parts, "PhòngHọp – Ghế thử") == 0
    finally:
        apply_settings(qapp, SeatSettings())  # the next tests see the default look and Vietnamese
    assert seen == {"before": "Điểm danh", "after": "Check in", "windows": 1, "cards": 9}
    assert load_settings(settings_file) == SeatSettings(language="en", scale=150)
    assert connection.status.kind == "stopped"
