"""Saves the seat window as PNG once a condition holds (the demo's `--snapshot`, docs, checks)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QApplication

from ui.seat_window import SeatWindow


def _window() -> SeatWindow | None:
    found = [w for w in QApplication.topLevelWidgets() if isinstance(w, SeatWindow) and w.isVisible()]
    return found[0] if found else None


async def snapshot_seat_when(ready: Callable[[], bool], document_id: str | None, path: Path, timeout: float = 120) -> None:
    """Waits for `ready`, opens `document_id`, saves the window to `path`, then closes it."""
    async with asyncio.timeout(timeout):
        while not (ready() and _window() is not None):
            await asyncio.sleep(0.2)
    window = _window()
    assert window is not None
    if document_id is not None:
        window.open_document(document_id)
    await asyncio.sleep(1.5)
    window.grab().save(str(path))
    window.close()
