"""The demo's seat window: a delegate's laptop in the sample sitting."""

from __future__ import annotations

import asyncio
from pathlib import Path

from app.model import MeetingState
from phonghop.demo import SEAT_DELEGATE, DemoRoom
from phonghop.seat import seat_parts
from ui.run import SeatParts, run_seat_with


def run_demo_window(room: DemoRoom, snapshot: Path | None) -> int:
    """Opens the seat window at once; the technician publishes the documents meanwhile.
    With `snapshot`, the window is saved as PNG once every document is on the seat, then closed."""

    async def parts() -> SeatParts:
        card = room.card("delegate", SEAT_DELEGATE)
        identity, keys, replica = await room.enroll(card, f"Ghế {card['seat']}")
        folder = room.root / "devices" / identity.device_id
        made = seat_parts(identity, keys, replica, folder / "blobs")
        room.run_in_background(made.connection)
        close_seat = made.close

        async def close() -> None:
            await close_seat()  # first, while the room is still there for the last backup
            await room.close()

        made.close = close
        if snapshot is not None:
            asyncio.get_running_loop().create_task(_snapshot(made, snapshot))
        return made

    return run_seat_with(parts, "PhòngHọp – chạy thử – Ghế đại biểu")


async def _snapshot(parts: SeatParts, path: Path) -> None:
    from ui.snapshot import snapshot_seat_when

    def ready() -> bool:
        state = parts.connection.state
        documents = state.documents if isinstance(state, MeetingState) else {}
        return len(documents) >= 5 and all(parts.fetcher.ready(d) for d in documents.values())

    await snapshot_seat_when(ready, "tl-bctt-ns-2027", path)
