"""Offline seats, replayed outboxes and a server killed mid-burst: nothing acknowledged is lost."""

from __future__ import annotations

import asyncio
import base64
import json
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from app.demo import DEMO_MEETING_ID
from app.keys import DeviceKeys
from app.storage.replica import Replica
from app.storage.server_store import ServerStore
from sync.client.connection import Changes, Connection
from sync.client.enroll import enroll
from sync.client.status import Backoff
from sync.tls import client_ssl_context_pinned
from tests.netproxy import CuttableProxy
from tests.support import ServerProcess, enrolled_client, patience, wait_until

pytestmark = pytest.mark.slow


async def test_offline_seat_keeps_working_and_replays_its_outbox_once(server: ServerProcess, tmp_path: Path) -> None:
    proxy = CuttableProxy("127.0.0.1", server.port)
    await proxy.start()
    keys = DeviceKeys.generate()
    identity = replace(await enroll(server.card("delegate", "db-070")["link"], "Ghế", keys), url=proxy.url)
    seat = Connection(identity, keys, Replica(tmp_path / "seat.db"), backoff=Backoff(0.05, 0.3))
    watcher = await enrolled_client(tmp_path / "display", server.card("display")["link"], "Màn hình")
    seat.start()
    try:
        await wait_until(lambda: seat.status.kind == "online" and len(seat.state.delegates) == 85, what="seat synced")
        proxy.cut()
        await wait_until(lambda: seat.status.offline_since is not None and seat.status.kind != "online", what="seat offline")
        assert seat.status.label().startswith("Mất kết nối từ ")
        # Offline, the seat still has the whole meeting and takes the delegate's check-in.
        assert len(seat.state.agenda) >= 6 and seat.state.meeting is not None
        command_id = await seat.submit("attendance.check_in", {})
        assert [e.command_id for e in seat.replica.pending()] == [command_id]
        await asyncio.sleep(0.5)
        assert "db-070" not in watcher.state.present
        proxy.restore()
        answer = await seat.answer(command_id, timeout=patience(10))
        assert answer["type"] == "ack"
        await wait_until(lambda: "db-070" in watcher.state.present, what="check-in reached the display")
        assert seat.replica.pending() == [] and seat.status.label() == "Đã kết nối"
        # The outbox is replayed on every reconnect until answered; cut again and make sure
        # the command did not run twice.
        proxy.cut()
        proxy.restore()
        await wait_until(lambda: seat.status.kind == "online", what="back online")
        checked_in = [e for e in watcher.replica.events() if e.name == "attendance.checked_in" and e.data["delegate_id"] == "db-070"]
        assert len(checked_in) == 1 and checked_in[0].seq == answer["seq"]
    finally:
        await seat.stop()
        await watcher.stop()
        await proxy.close()


async def _command_once(server: ServerProcess, device_id: str, keys: DeviceKeys, command: dict[str, Any]) -> tuple[dict, int]:
    ssl_ctx = client_ssl_context_pinned(server.fingerprint)
    async with aiohttp.ClientSession() as http, http.ws_connect(f"{server.url}/v1/ws", ssl=ssl_ctx) as ws:
        await ws.send_json({"type": "hello", "v": 1, "device_id": device_id, "meeting_id": DEMO_MEETING_ID, "last_seq": 0})
        nonce = (await ws.receive_json(timeout=patience(5)))["nonce"]
        sig = keys.sign(f"phonghop/v1/auth|{device_id}|{nonce}".encode())
        await ws.send_json({"type": "auth", "sig": base64.b64encode(sig).decode()})
        welcome = await ws.receive_json(timeout=patience(5))
        assert welcome["type"] == "welcome"
        await ws.send_json(command)
        while True:
            msg = json.loads((await ws.receive(timeout=patience(5))).data)
            if msg["type"] in ("ack", "error") and msg["id"] == command["id"]:
                return msg, welcome["head_seq"]


async def test_a_repeated_command_id_gets_the_original_answer_even_after_a_crash(server: ServerProcess) -> None:
    keys = DeviceKeys.generate()
    identity = await enroll(server.card("delegate", "db-071")["link"], "Ghế", keys)
    command = {"type": "command", "id": "c-1", "name": "attendance.check_in", "args": {}}
    first, _ = await _command_once(server, identity.device_id, keys, command)
    again, head = await _command_once(server, identity.device_id, keys, command)
    assert first["type"] == "ack" and again == first and head == first["seq"]
    bad = {"type": "command", "id": "c-2", "name": "attendance.check_in", "args": {"delegate_id": "db-001"}}
    refused, _ = await _command_once(server, identity.device_id, keys, bad)
    assert refused["code"] == "forbidden"
    server.kill9()
    server.start()
    after_crash, head_after = await _command_once(server, identity.device_id, keys, command)
    assert after_crash == first and head_after == head
    assert (await _command_once(server, identity.device_id, keys, bad))[0] == refused


async def test_server_killed_mid_burst_loses_nothing_acknowledged(server: ServerProcess, tmp_path: Path) -> None:
    seats = [
        await enrolled_client(tmp_path / d, server.card("delegate", d)["link"], f"Ghế {d}")
        for d in (f"db-{n:03d}" for n in range(2, 12))
    ]
    secretary = await enrolled_client(tmp_path / "secretary", server.card("secretary")["link"], "Thư ký")
    clients = [*seats, secretary]
    acked: dict[str, tuple[dict, float]] = {}

    def record(changes: Changes) -> None:
        for command_id, answer in changes.answers:
            acked.setdefault(command_id, (answer, time.monotonic()))

    for client in clients:
        client.subscribe(record)
    try:
        await wait_until(lambda: all(c.status.kind == "online" for c in clients), what="all online")
        submitted: list[str] = []
        for round_no in range(15):
            for seat in seats:
                name = "attendance.check_in" if round_no % 2 == 0 else "attendance.check_out"
                submitted.append(await seat.submit(name, {}))
            for k in range(3):
                submitted.append(await secretary.submit("message.send", {"to": "all", "text": f"Thông báo {round_no}.{k}"}))
            if round_no == 6:
                await wait_until(lambda: len(acked) >= 20, what="some acks before the kill")
                server.kill9()
                killed_at = time.monotonic()
                acked_before = {cid: a for cid, (a, t) in acked.items() if t < killed_at}
                server.start()
        await wait_until(lambda: all(cid in acked for cid in submitted), timeout=30, what="every command answered")
        assert all(a["type"] == "ack" for a, _ in acked.values()), [a for a, _ in acked.values() if a["type"] != "ack"]
        head = max(a["seq"] for a, _ in acked.values())
        await wait_until(lambda: all(c.state.seq >= head for c in clients), what="replicas caught up")
        assert len({c.state.head for c in clients}) == 1
    finally:
        for client in clients:
            await client.stop()
    assert server.terminate() == 0
    store = ServerStore(server.data_dir / "room.db")
    try:
        log = {e.seq: e for e in store.events_after(DEMO_MEETING_ID, 0)}
    finally:
        store.close()
    assert len(acked_before) >= 20
    for answer in acked_before.values():
        assert answer["seq"] in log
    checkins = [e for e in log.values() if e.name.startswith("attendance.")]
    assert len(checkins) == 15 * len(seats)
    assert sum(1 for e in log.values() if e.name == "message.sent") == 45


async def test_reconnect_now_skips_the_backoff_wait(server: ServerProcess, tmp_path: Path) -> None:
    proxy = CuttableProxy("127.0.0.1", server.port)
    await proxy.start()
    keys = DeviceKeys.generate()
    identity = replace(await enroll(server.card("delegate", "db-072")["link"], "Ghế", keys), url=proxy.url)
    # A long backoff: without the button the seat would wait many seconds.
    seat = Connection(identity, keys, Replica(tmp_path / "seat.db"), backoff=Backoff(base_s=20.0, cap_s=60.0))
    seat.start()
    try:
        await wait_until(lambda: seat.status.kind == "online", what="online")
        proxy.cut()
        await wait_until(lambda: seat.status.kind == "offline", what="offline")
        proxy.restore()
        await asyncio.sleep(0.5)
        assert seat.status.kind == "offline"
        seat.reconnect_now()
        await wait_until(lambda: seat.status.kind == "online", timeout=3, what="online again at once")
    finally:
        await seat.stop()
        await proxy.close()
