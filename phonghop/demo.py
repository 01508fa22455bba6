"""`phonghop demo`: a room server with the sample meeting, and devices that use it."""

from __future__ import annotations

import asyncio
import contextlib
import json
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from app.keys import DeviceKeys
from app.model import MeetingState
from app.storage.replica import Replica
from phonghop.follow import describe
from phonghop.signals import stop_event
from sync.client.connection import Changes, Connection
from sync.client.enroll import enroll

DEMO_SEATS = [f"db-{n:03d}" for n in range(20, 32)]


def run_demo(data_dir: Path | None) -> int:
    root = data_dir or Path(tempfile.mkdtemp(prefix="phonghop-demo-"))
    root.mkdir(parents=True, exist_ok=True)
    command = [
        sys.executable,
        "-m",
        "phonghop",
        "server",
        "--data",
        str(root / "server"),
        "--port",
        "0",
        "--seed-demo",
    ]
    # The child keeps its own handle on the log; ours can close at once.
    with open(root / "server.log", "a") as server_log:
        server = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=server_log, text=True)
    assert server.stdout is not None
    line = server.stdout.readline()
    if not line:
        print(f"Không khởi động được máy chủ phòng họp; xem {root / 'server.log'}", file=sys.stderr)
        return 1
    listening = json.loads(line)
    print(f"PhòngHọp — chạy thử. Máy chủ phòng họp: {listening['url']}")
    print(f"Vân tay chứng chỉ: {listening['fingerprint'][:16]}…   Dữ liệu: {root}")
    try:
        # SIGTERM or Ctrl+C end _follow by its own path; the room server is stopped after.
        asyncio.run(_follow(root))
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


async def _follow(root: Path) -> None:
    stop = stop_event()
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
            text = describe(current, event)
            if text:
                print(text, flush=True)

    display.subscribe(show)
    first = state.agenda_in_order()[0]
    await chair.request("agenda.activate", {"item_id": first.item_id})
    await chair.request("message.send", {"to": "all", "text": "Đề nghị các đại biểu điểm danh."})
    seats: list[Connection] = []

    async def arrive() -> None:
        for delegate_id in DEMO_SEATS:
            seat = await _device(root, by_delegate[delegate_id], f"Ghế {by_delegate[delegate_id]['seat']}")
            seats.append(seat)
            await seat.request("attendance.check_in", {})
            await asyncio.sleep(0.7)

    arrivals = asyncio.create_task(arrive())
    try:
        await stop.wait()
    finally:
        arrivals.cancel()
        await asyncio.gather(arrivals, return_exceptions=True)
        for connection in (*seats, chair, display):
            with contextlib.suppress(Exception):
                await connection.stop()
