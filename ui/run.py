"""Runs the delegate seat: Qt application on the asyncio loop (qasync) until the window closes."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path

import qasync
from PySide6.QtWidgets import QApplication

from app.model import Document
from app.storage.annotation_store import AnnotationStore
from app.storage.search_index import SearchIndex
from sync.client.connection import Connection
from sync.client.documents import DocumentFetcher
from ui.collector import GuiThreadCollector
from ui.i18n import install_translator
from ui.seat_model import SeatViewModel
from ui.seat_window import SeatWindow
from ui.settings_dialog import SeatSettings, apply_settings, load_settings, save_settings
from ui.theme import apply_theme


async def _nothing() -> None:
    return None


@dataclass
class SeatParts:
    """What the composition root hands the seat window: the connection (not started yet), its
    document fetcher, the decrypting reader, anything else to stop when the window closes, and
    the device's search index (None: no search box), the window title once known (None: the
    title given to run_seat_with), and the delegate's annotation store (None: no annotation tools),
    and where the seat's settings are kept (None: the defaults, changes last until the window closes)."""

    connection: Connection
    fetcher: DocumentFetcher
    document_bytes: Callable[[Document], bytes]
    close: Callable[[], Awaitable[None]] = field(default=_nothing)
    search: SearchIndex | None = None
    title: str | None = None
    annotations: AnnotationStore | None = None
    settings: Path | None = None


def run_seat(
    connection: Connection,
    fetcher: DocumentFetcher,
    document_bytes: Callable[[Document], bytes],
    title: str,
) -> int:
    """Shows the seat window for `connection`; returns the exit status once it is closed and
    the connection and fetcher have stopped."""

    async def parts() -> SeatParts:
        return SeatParts(connection, fetcher, document_bytes)

    return run_seat_with(parts, title)


def run_qt(main: Callable[[], Awaitable[int]]) -> int:
    """Runs `main` on an asyncio loop that is Qt's (qasync), with the theme and the interface
    language installed; returns its exit status. Every window of the program (the seat, the
    hall display) starts here."""
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv)
    # The loop ends when our window closes, after a clean stop, not when Qt decides.
    app.setQuitOnLastWindowClosed(False)
    apply_theme(app)
    install_translator(app, None)  # Vietnamese unless PHONGHOP_LANG=en
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    collector = GuiThreadCollector(app)
    try:
        status: int = loop.run_until_complete(main())
    finally:
        collector.stop()
        loop.close()
        asyncio.set_event_loop(None)
    return status


def run_seat_with(open_seat: Callable[[], Awaitable[SeatParts | None]], title: str) -> int:
    """Like run_seat, with the parts made on the Qt event loop itself (enrolling, starting a demo
    room), so everything shares one loop. open_seat may show dialogs first; None means the person
    left before a seat was opened (exit status 1, no window)."""

    async def seat() -> int:
        parts = await open_seat()
        if parts is None:
            return 1
        closed = asyncio.Event()
        model = SeatViewModel(parts.connection, parts.fetcher)  # subscribed before the first Changes
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        settings = load_settings(parts.settings)
        apply_settings(app, settings)

        def build(chosen: SeatSettings) -> SeatWindow:
            made = SeatWindow(model, parts.document_bytes, search=parts.search, annotations=parts.annotations,
                              settings=chosen)
            made.setWindowTitle(parts.title or title)
            made.window_did_close.connect(closed.set)
            made.settings_did_change.connect(rebuild)
            return made

        def rebuild(chosen: SeatSettings) -> None:
            # Every widget takes the look and the words when it is built: the window is built
            # anew over the same model (the meeting, the ballot being cast, the outbox stay).
            nonlocal window
            if parts.settings is not None:
                save_settings(parts.settings, chosen)
            apply_settings(app, chosen)
            old = window
            window = build(chosen)
            window.setGeometry(old.geometry())
            old.window_did_close.disconnect(closed.set)
            reading = old.open_document_id
            old.close()
            old.deleteLater()
            window.show()
            if reading is not None:
                window.agenda.choose(reading)

        window = build(settings)
        started = False

        def go_online() -> None:
            nonlocal started
            if started:  # a rebuilt window paints its first frame too
                return
            started = True
            parts.connection.start()
            parts.fetcher.start()

        # The replica holds the meeting: its agenda is painted first, then the seat goes online
        # (importing the network stack and the TLS handshake would hold up the first frame).
        window.window_did_paint.connect(go_online)  # the first window's: the seat goes online once
        window.show()
        try:
            await closed.wait()
        finally:
            await parts.fetcher.stop()
            # The parts first: the last annotation backup still needs the session's token.
            await parts.close()
            await parts.connection.stop()
            window.deleteLater()
        return 0

    return run_qt(seat)
