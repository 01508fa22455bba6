"""Runs the hall display: its window over the display device's parts, full screen or in a window."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

from ui.display_model import DisplayViewModel
from ui.display_window import DisplayWindow
from ui.run import SeatParts, run_qt


def show_display(parts: SeatParts, title: str, full_screen: bool) -> DisplayWindow:
    """The display window over `parts` (a display device's connection, fetcher and decrypting
    reader; no search, no annotations), shown; it goes online once its first frame is painted.
    Used on a loop already running: `phonghop display` and the demo beside the seat."""
    model = DisplayViewModel(parts.connection, parts.fetcher)  # subscribed before the first Changes
    window = DisplayWindow(model, parts.document_bytes)
    window.setWindowTitle(parts.title or title)

    def go_online() -> None:
        parts.connection.start()
        parts.fetcher.start()

    # As the seat: the replica's meeting is painted first, then the network stack is loaded.
    window.window_did_paint.connect(go_online)
    if full_screen:
        window.show_on_hall_screen()
    else:
        window.show()
    return window


def run_display_with(open_parts: Callable[[], Awaitable[SeatParts | None]], title: str, full_screen: bool) -> int:
    """Shows the hall display until its window closes (Alt+F4, or the session ending); the
    parts are made on the Qt loop (enrolling shows a dialog). None from open_parts: the person
    left before anything was opened (exit status 1, no window)."""

    async def hall() -> int:
        parts = await open_parts()
        if parts is None:
            return 1
        closed = asyncio.Event()
        window = show_display(parts, title, full_screen)
        window.window_did_close.connect(closed.set)
        try:
            await closed.wait()
        finally:
            await parts.fetcher.stop()
            await parts.close()
            await parts.connection.stop()
            window.deleteLater()
        return 0

    return run_qt(hall)
