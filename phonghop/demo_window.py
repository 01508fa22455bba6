"""The demo's windows: a delegate's laptop, the hall display, the chair's and the technician's consoles in the
sample sitting."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from pathlib import Path

from app.model import MeetingState
from app.storage.replica import Replica
from phonghop.demo import SEAT_DELEGATE, DemoRoom
from phonghop.seat import seat_parts
from ui.run import SeatParts, run_seat_with


def run_demo_window(room: DemoRoom, snapshot: Path | None) -> int:
    """Opens the hall display and the seat window at once; the technician publishes the
    documents meanwhile.
    With `snapshot`, the window is saved as PNG once every document is on the seat, then closed."""

    async def parts() -> SeatParts:
        # The hall display first: enrolled before the seat, it is among the devices the
        # technician wraps the document keys for once the seat is known (see DemoRoom._session).
        hall = await _hall_display(room)
        console = await _chair_console(room)
        technician = await _technician_console(room)
        card = room.card("delegate", SEAT_DELEGATE)
        identity, keys, replica = await room.enroll(card, f"Ghế {card['seat']}")
        folder = room.root / "devices" / identity.device_id
        made = seat_parts(identity, keys, replica, folder / "blobs")
        room.run_in_background(made.connection)
        close_seat = made.close

        async def close() -> None:
            await close_seat()  # first, while the room is still there for the last backup
            await hall()
            await console()
            await technician()
            await room.close()

        made.close = close
        if snapshot is not None:
            asyncio.get_running_loop().create_task(_snapshot(made, snapshot))
        return made

    return run_seat_with(parts, "PhòngHọp – chạy thử – Ghế đại biểu")


async def _hall_display(room: DemoRoom) -> Callable[[], Awaitable[None]]:
    """Opens the hall display (windowed, at the top right of the screen) connected with the
    demo's display card; returns what closes it."""
    from phonghop.display import display_parts
    from ui.display_run import show_display

    identity, keys, replica = await room.enroll(room.card("display"), "Màn hình hội trường")
    parts = display_parts(identity, keys, replica, room.root / "devices" / identity.device_id / "blobs")
    window = show_display(parts, "PhòngHọp – chạy thử – Màn hình hội trường", full_screen=False)
    window.place_beside()

    async def close() -> None:
        window.close()
        await parts.fetcher.stop()
        await parts.connection.stop()
        window.deleteLater()

    return close


async def _chair_console(room: DemoRoom) -> Callable[[], Awaitable[None]]:
    """Opens the chair's console with the demo's chair card; the demo's session acts as the
    chair through the same connection. Returns what closes it."""
    from sync.client.connection import Connection
    from ui.chair_run import ChairParts, show_chair

    identity, keys, replica = await room.enroll(room.card("chair"), "Bàn Chủ tọa")
    room.chair = Connection(identity, keys, replica)
    window = show_chair(ChairParts(room.chair), "PhòngHọp – chạy thử – Bàn chủ tọa")
    window.resize(1366, 768)

    async def close() -> None:
        window.close()
        await window.model.connection.stop()
        window.deleteLater()

    return close


async def _technician_console(room: DemoRoom) -> Callable[[], Awaitable[None]]:
    """Opens the technician's console as the demo's technician device (its own replicas beside
    the ones the demo's session publishes with). Returns what closes it."""
    from sync.client.connection import Connection
    from ui.tech_model import TechViewModel
    from ui.tech_run import show_technician

    identity, keys = await room.technician_device()
    folder = room.root / "devices" / identity.device_id / "console"
    folder.mkdir(parents=True, exist_ok=True)
    replica = Replica(folder / "replica.db")
    model = TechViewModel(identity, keys, Connection(identity, keys, replica), folder)
    window = show_technician(model, "PhòngHọp – chạy thử – Kỹ thuật viên")
    window.resize(1280, 800)

    async def close() -> None:
        window.close()
        await model.stop()
        replica.close()
        window.deleteLater()

    return close


async def _snapshot(parts: SeatParts, path: Path) -> None:
    from ui.snapshot import snapshot_seat_when

    def ready() -> bool:
        state = parts.connection.state
        documents = state.documents if isinstance(state, MeetingState) else {}
        return len(documents) >= 5 and all(parts.fetcher.ready(d) for d in documents.values())

    await snapshot_seat_when(ready, "tl-bctt-ns-2027", path)
