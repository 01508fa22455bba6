"""Runs the technician's console: its window over the technician device's connections."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

from PySide6.QtCore import QTimer

from ui.run import run_qt
from ui.tech_model import TechViewModel
from ui.tech_window import TechWindow


def show_technician(model: TechViewModel, title: str | None = None) -> TechWindow:
    """The console over `model`, shown; it goes online right after its first frame (meetings come
    from the replica first) and follows the only meeting on the server, or the one it had chosen."""
    window = TechWindow(model)
    if title:
        window.setWindowTitle(title)
    window.show()
    QTimer.singleShot(0, model.server.start)
    return window


def run_technician_with(open_model: Callable[[], Awaitable[TechViewModel | None]]) -> int:
    """Shows the console until its window closes. None from open_model: the person left the
    enrollment or passphrase dialog first (exit status 1, no window)."""

    async def console() -> int:
        model = await open_model()
        if model is None:
            return 1
        closed = asyncio.Event()
        window = show_technician(model)
        window.window_did_close.connect(closed.set)
        try:
            await closed.wait()
        finally:
            await model.stop()
            model.server.replica.close()
            window.deleteLater()
        return 0

    return run_qt(console)
