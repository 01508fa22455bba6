"""`phonghop follow`: a registered device follows its meeting in the terminal."""

from __future__ import annotations

from pathlib import Path

from app.clock import parse_iso
from app.events import Event
from app.model import MeetingState, ServerState
from phonghop.signals import stop_event
from sync.client.connection import Changes, Connection
from sync.client.device import open_device
from sync.client.finder import find_room


def describe(state: MeetingState | ServerState, event: Event) -> str | None:
    """One line for a person, in Vietnamese, or None for events nobody needs to read here."""
    at = f"{parse_iso(event.at).astimezone():%H:%M:%S}"
    if isinstance(state, ServerState):
        return f"{at}  {event.name}"
    if event.name in ("attendance.checked_in", "attendance.checked_out"):
        who = state.delegates.get(event.data["delegate_id"])
        verb = "điểm danh có mặt" if event.name.endswith("in") else "rời phòng họp"
        total = state.meeting.n_total if state.meeting else 0
        return f"{at}  Đại biểu {who.name if who else '?'} {verb} ({len(state.present)}/{total})"
    if event.name == "agenda.activated":
        item = state.agenda.get(event.data["item_id"])
        return f"{at}  Chủ tọa chuyển sang nội dung: {item.title if item else '?'}"
    if event.name == "agenda.completed":
        item = state.agenda.get(event.data["item_id"])
        return f"{at}  Kết thúc nội dung: {item.title if item else '?'}"
    if event.name == "message.sent":
        return f"{at}  Thông báo: {event.data['text']}"
    return None


async def follow(data_dir: Path, passphrase: str | None) -> int:
    identity, keys, replica = open_device(data_dir, passphrase)
    connection = Connection(identity, keys, replica, finder=find_room)  # a moved room server: docs/discovery.md

    def show(changes: Changes) -> None:
        if changes.status:
            print(f"[{connection.status.label()}]", flush=True)
            if connection.status.error is not None:
                print(f"  {connection.status.error.message}", flush=True)
        for event in changes.events:
            line = describe(connection.state, event)
            if line:
                print(line, flush=True)
        for notice in changes.notices:
            print(f"  {notice.message}", flush=True)

    connection.subscribe(show)
    connection.start()
    try:
        await stop_event().wait()
    finally:
        await connection.stop()
    return 0
