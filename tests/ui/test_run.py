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
