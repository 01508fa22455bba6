"""`phonghop demo`: a room server with the sample meeting, its documents published encrypted,
and a delegate's seat window (or, with no screen, the meeting narrated in the terminal)."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import aiohttp

from app.clock import vn_date
from app.demo_docs import demo_documents, render_demo_document
from app.documents import import_document
from app.keys import DeviceKeys
from app.model import MeetingState
from app.storage.replica import Replica
from phonghop.follow import describe
from phonghop.relaunch import phonghop_command
from phonghop.signals import stop_event
from sync.client.connection import Changes, Connection
from sync.client.enroll import Identity, enroll
from sync.client.publish import publish_document
from sync.client.sealed_agent import SealedAgent
from sync.tls import client_ssl_context_pinned

log = logging.getLogger(__name__)

MEETING = "ninhbinh-2026-k1"
SEAT_DELEGATE = "db-020"
ARRIVING = [f"db-{n:03d}" for n in range(21, 32)]


def screen_available() -> bool:
    if sys.platform != "linux":
        return True
    return any(os.environ.get(name) for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"))


def run_demo(data_dir: Path | None, snapshot: Path | None = None) -> int:
    root = data_dir or Path(tempfile.mkdtemp(prefix="phonghop-demo-"))
    root.mkdir(parents=True, exist_ok=True)
    command = phonghop_command("server", "--data", str(root / "server"), "--port", "0", "--seed-demo")
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
    room = DemoRoom(root, listening["fingerprint"])
    try:
        if screen_available():
            from phonghop.demo_window import run_demo_window

            run_demo_window(room, snapshot)
        else:
            print("Không có màn hình: chạy thử ở chế độ dòng lệnh.")
            # SIGTERM or Ctrl+C end the narration by its own path; the room server stops after.
            asyncio.run(room.narrate())
    finally:
        server.terminate()
        server.wait(timeout=10)
    print("Đã dừng chạy thử.")
    return 0


class DemoRoom:
    """The demo's devices: technician, chair, display and arriving seats, with keys in memory."""

    def __init__(self, root: Path, fingerprint: str):
        self.root = root
        self.fingerprint = fingerprint
        self.cards: list[dict[str, Any]] = json.loads((root / "server" / "enrollment.json").read_text("utf-8"))
        self.connections: list[Connection] = []
        # The chair console's connection, when the demo shows one: the session's chair acts
        # through it (the chair's enrollment link is single use).
        self.chair: Connection | None = None
        # The technician's device, enrolled once: the demo's session publishes with it and the
        # technician's console, when shown, is the same device (its link is single use too).
        self._technician: tuple[Identity, DeviceKeys] | None = None
        self._tasks: list[asyncio.Task[None]] = []
        self.agents: list[SealedAgent] = []

    def card(self, role: str, delegate_id: str | None = None) -> dict[str, Any]:
        return next(c for c in self.cards if c["role"] == role and (delegate_id is None or c["delegate_id"] == delegate_id))

    async def enroll(self, card: dict[str, Any], name: str, replica_name: str = "replica.db") -> tuple[Identity, DeviceKeys, Replica]:
        """Enrolls a demo device; its keys stay in memory (a demo keeps nothing secret on disk)."""
        keys = DeviceKeys.generate()
        identity = await enroll(card["link"], name, keys)
        folder = self.root / "devices" / identity.device_id
        folder.mkdir(parents=True, exist_ok=True)
        replica = Replica(folder / replica_name)
        replica.set_identity(identity.to_dict())
        return identity, keys, replica

    async def device(self, card: dict[str, Any], name: str) -> Connection:
        identity, keys, replica = await self.enroll(card, name)
        return self._started(Connection(identity, keys, replica))

    async def technician_device(self) -> tuple[Identity, DeviceKeys]:
        if self._technician is None:
            identity, keys, replica = await self.enroll(self.card("technician"), "Máy kỹ thuật viên")
            replica.close()
            self._technician = identity, keys
        return self._technician

    async def technician(self) -> tuple[Connection, Connection]:
        """One technician device following the meeting and the server's own log (for the keys of
        every device it wraps document keys for)."""
        identity, keys = await self.technician_device()
        replica = Replica(self.root / "devices" / identity.device_id / "replica.db")
        server_log = Replica(self.root / "devices" / identity.device_id / "server.db")
        meeting = self._started(Connection(identity, keys, replica, log_id=MEETING))
        return meeting, self._started(Connection(identity, keys, server_log, log_id=None))

    def _started(self, connection: Connection) -> Connection:
        connection.start()
        self.connections.append(connection)
        return connection

    def run_in_background(self, seat: Connection | None = None) -> None:
        self._tasks.append(asyncio.create_task(self._session(seat)))

    async def _session(self, seat: Connection | None) -> None:
        """What a technician and a chair do before and at the opening of the sitting."""
        try:
            tech, tech_server = await self.technician()
            chair = self.chair or await self.device(self.card("chair"), "Bàn Chủ tọa")
            await _online(tech, tech_server, chair)
            if seat is not None:
                await _until(lambda: seat.identity.device_id in getattr(tech_server.state, "devices", {}))
            await self.publish(tech, tech_server)
            await chair.request("agenda.activate", {"item_id": "item-01"})
            await chair.request("message.send", {"to": "all", "text": "Đề nghị các đại biểu điểm danh."})
            by_delegate = {c["delegate_id"]: c for c in self.cards if c["role"] == "delegate"}
            for delegate_id in ARRIVING:
                arriving = await self.device(by_delegate[delegate_id], f"Ghế {by_delegate[delegate_id]['seat']}")
                # As every seat program does: if the chair names this delegate to the Ban kiểm
                # phiếu of a sealed vote, the device makes the key and decrypts by itself.
                agent = SealedAgent(arriving)
                agent.start()
                self.agents.append(agent)
                await arriving.request("attendance.check_in", {})
                await asyncio.sleep(0.7)
        except asyncio.CancelledError:
            raise
        except Exception:
            log.exception("the demo's technician and chair stopped")

    async def publish(self, tech: Connection, tech_server: Connection) -> None:
        """Imports and publishes every demo document, encrypted for every device enrolled so far."""
        loop = asyncio.get_running_loop()
        ssl = client_ssl_context_pinned(self.fingerprint)
        async with aiohttp.ClientSession() as http:
            for doc in demo_documents():
                pdf = await loop.run_in_executor(None, render_demo_document, doc)
                imported = await loop.run_in_executor(
                    None, lambda pdf=pdf, doc=doc: import_document(
                        pdf, doc.filename, item_id=doc.item_id, title=doc.title, classification=doc.classification
                    )
                )
                answer = await publish_document(
                    tech, tech_server, http, ssl, pdf, document_id=doc.document_id,
                    title=imported.title, pages=imported.page_count, item_id=doc.item_id,
                    classification=imported.classification,
                )
                if answer["type"] != "ack":
                    log.warning("document %s not published: %s", doc.document_id, answer.get("message"))

    async def close(self) -> None:
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        for agent in self.agents:
            with contextlib.suppress(Exception):
                await agent.stop()
        for connection in self.connections:
            with contextlib.suppress(Exception):
                await connection.stop()

    async def narrate(self) -> None:
        """No screen: follow the sitting from the hall display's replica, in Vietnamese."""
        stop = stop_event()
        display = await self.device(self.card("display"), "Màn hình hội trường")
        await _until(lambda: len(getattr(display.state, "agenda", {})) > 0 and display.status.kind == "online")
        state = display.state
        assert isinstance(state, MeetingState) and state.meeting is not None
        print(f"\n{state.meeting.title}\n{state.meeting.venue}, ngày {vn_date(state.meeting.date)}")
        print(f"Tổng số đại biểu HĐND: {state.meeting.n_total}\n\nChương trình kỳ họp:")
        for item in state.agenda_in_order():
            print(f"  {item.position}. {item.title}")
        print("\nDiễn biến (Ctrl+C để dừng):")

        def show(changes: Changes) -> None:
            for event in changes.events:
                if event.name == "document.added":
                    print(f"  Đã đăng tài liệu (mã hóa): {event.data['title']} – {event.data['pages']} trang", flush=True)
                text = describe(display.state, event)
                if text:
                    print(text, flush=True)

        display.subscribe(show)
        self.run_in_background()
        try:
            await stop.wait()
        finally:
            await self.close()


async def _online(*connections: Connection) -> None:
    await _until(lambda: all(c.status.kind == "online" and c.token is not None for c in connections))


async def _until(predicate: Any, timeout: float = 30.0) -> None:
    async with asyncio.timeout(timeout):
        while not predicate():
            await asyncio.sleep(0.05)
