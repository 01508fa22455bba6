"""Runs the delegate seat: Qt application on the asyncio loop (qasync) until the window closes."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Callable

import qasync
from PySide6.QtWidgets import QApplication

from app.model import Document
from sync.client.connection import Connection
from sync.client.documents import DocumentFetcher
from ui.seat_model import SeatViewModel
from ui.seat_window import SeatWindow
from ui.theme import apply_theme


def run_seat(
    connection: Connection,
    fetcher: DocumentFetcher,
    document_bytes: Callable[[Document], bytes],
    title: str,
) -> int:
    """Shows the seat window for `connection`; returns the exit status once it is closed and
    the connection and fetcher have stopped."""
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv)
    # The loop ends when our window closes, after a clean stop, not when Qt decides.
    app.setQuitOnLastWindowClosed(False)
    apply_theme(app)
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)

    async def seat() -> None:
        closed = asyncio.Event()
        model = SeatViewModel(connection, fetcher)  # subscribed before the first Changes
        connection.start()
        fetcher.start()
        window = SeatWindow(model, document_bytes)
        window.setWindowTitle(title)
        window.window_did_close.connect(closed.set)
        window.show()
        try:
            await closed.wait()
        finally:
            await fetcher.stop()
            await connection.stop()
            window.deleteLater()

    try:
        loop.run_until_complete(seat())
    finally:
        loop.close()
        asyncio.set_event_loop(None)
    return 0
