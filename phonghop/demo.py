"""`phonghop demo`: a room server with the sample meeting, and devices that use it."""

from __future__ import annotations

import asyncio
import contextlib
import json
import signal
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from app.clock import parse_iso
from app.events import Event
from app.keys import DeviceKeys
from app.model import MeetingState
from app.storage.replica import Replica
from sync.client.connection import Changes, Connection
from sync.client.enroll import enroll

DEMO_SEATS = [f"db-{n:03d}" for n in range(20, 32)]


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def run_demo(data_dir: Path | None) -> int:
    root = data_dir or Path(tempfile.mkdtemp(prefix="phonghop-demo-"))
    root.mkdir(parents=True, exist_ok=True)
    server = subprocess.Popen(
        [sys.executable, "-m", "phonghop", "server", "--data", str(root / "server"), "--port", "0", "--seed-demo"],
        stdout=subprocess.PIPE, stderr=open(root / "server.log", "a"), text=True,  # noqa: SIM115
    )
    assert server.stdout is not None
    line = server.stdout.readline()
    if not line:
        print(f"Không khởi động được máy chủ phòng họp; xem {root / 'server.log'}", file=sys.stderr)
        return 1
    listening = json.loads(line)
    # `kill` or a closed terminal must stop the room server too, not orphan it.
    signal.signal(signal.SIGTERM, _interrupt)
    print(f"PhòngHọp — chạy thử. Máy chủ phòng họp: {listening['url']}")
    print(f"Vân tay chứng chỉ: {listening['fingerprint'][:16]}…   Dữ liệu: {root}")
    try:
        asyncio.run(_follow(root))
    except KeyboardInterrupt:
        pass
    finally:
        server.terminate()
        server.wait(timeout=10)
    print("Đã dừng chạy thử.")
    return 0


async def _device(root: Path, card: dict[str, Any], name: str) -> Connection:
    keys = DeviceKeys.generate()
    identity = await enroll(card["link"], name, keys)
    folder = root / "devices" / identity.device_id
    folder.mkdir(parents=True, exist_ok=True)
    replica = Replica(folder / "replica.db")
    replica.set_identity(identity.to_dict())
    connection = Connection(identity, keys, replica)
    connection.start()
    return connection


def _describe(state: MeetingState, event: Event) -> str | None:
    at = f"{parse_iso(event.at).astimezone():%H:%M:%S}"
    if event.name in ("attendance.checked_in", "attendance.checked_out"):
        who = state.delegates.get(event.data["delegate_id"])
        verb = "điểm danh có mặt" if event.name.endswith("in") else "rời phòng họp"
        total = state.meeting.n_total if state.meeting else 0
        return f"{at}  Đại biểu {who.name if who else '?'} {verb} ({len(state.present)}/{total})"
    if event.name == "agenda.activated":
        item = state.agenda.get(event.data["item_id"])
        return f"{at}  Chủ tọa chuyển sang nội dung: {item.title if item else '?'}"
    if event.name == "message.sent":
        return f"{at}  Thông báo: {event.data['text']}"
    return None


async def _follow(root: Path) -> None:
    cards = json.loads((root / "server" / "enrollment.json").read_text(encoding="utf-8"))
    by_delegate = {c["delegate_id"]: c for c in cards if c["role"] == "delegate"}
    chair = await _device(root, next(c for c in cards if c["role"] == "chair"), "Bàn Chủ tọa")
    display = await _device(root, next(c for c in cards if c["role"] == "display"), "Màn hình hội trường")
    while len(display.state.agenda) == 0 or display.status.kind != "online":
        await asyncio.sleep(0.1)
    state = display.state
    assert isinstance(state, MeetingState) and state.meeting is not None
    year, month, day = state.meeting.date.split("-")
    print(f"\n{state.meeting.title}\n{state.meeting.venue}, ngày {day}/{month}/{year}")
    print(f"Tổng số đại biểu HĐND: {state.meeting.n_total}\n\nChương trình kỳ họp:")
    for item in state.agenda_in_order():
        print(f"  {item.position}. {item.title}")
    print("\nDiễn biến (Ctrl+C để dừng):")

    def show(changes: Changes) -> None:
        current = display.state
        assert isinstance(current, MeetingState)
        for event in changes.events:
            text = _describe(current, event)
            if text:
                print(text, flush=True)

    display.subscribe(show)
    first = state.agenda_in_order()[0]
    await chair.request("agenda.activate", {"item_id": first.item_id})
    await chair.request("message.send", {"to": "all", "text": "Đề nghị các đại biểu điểm danh."})
    seats = []
    for delegate_id in DEMO_SEATS:
        seat = await _device(root, by_delegate[delegate_id], f"Ghế {by_delegate[delegate_id]['seat']}")
        seats.append(seat)
        await seat.request("attendance.check_in", {})
        await asyncio.sleep(0.7)
    try:
        await asyncio.Event().wait()
    finally:
        for connection in (*seats, chair, display):
            with contextlib.suppress(Exception):
                await connection.stop()
