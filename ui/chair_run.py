"""Runs the chair's console: its window over the chair's (or secretary's) connection."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from PySide6.QtCore import QTimer

from app.clock import Clock
from sync.client.connection import Connection
from ui.chair_model import ChairViewModel
from ui.chair_window import ChairWindow
from ui.run import run_qt


async def _nothing() -> None:
    return None


@dataclass
class ChairParts:
    """What the console needs: the presidium device's connection (not started yet), the window
    title, and anything else to stop when the window closes. No document reader: the console
    presents documents by id and page, the hall display and the seats render them."""

    connection: Connection
    title: str | None = None
    close: Callable[[], Awaitable[None]] = field(default=_nothing)


def show_chair(parts: ChairParts, title: str, clock: Clock | None = None) -> ChairWindow:
    """The console over `parts`, shown; it goes online right after its first frame (the agenda
    comes from the replica first). Used on a loop already running: `phonghop chair` and the demo."""
    model = ChairViewModel(parts.connection, clock)  # subscribed before the first Changes
    window = ChairWindow(model)
    window.setWindowTitle(parts.title or title)
    window.show()
    QTimer.singleShot(0, parts.connection.start)
    return window


def run_chair_with(open_parts: Callable[[], Awaitable[ChairParts | None]], title: str) -> int:
    """Shows the console until its window closes; the parts are made on the Qt loop (enrolling
    shows a dialog). None from open_parts: the person left first (exit status 1, no window)."""

    async def console() -> int:
        parts = await open_parts()
        if parts is None:
            return 1
        closed = asyncio.Event()
        window = show_chair(parts, title)
        window.window_did_close.connect(closed.set)
        try:
            await closed.wait()
        finally:
            await parts.close()
            await parts.connection.stop()
            window.deleteLater()
        return 0

    return run_qt(console)
