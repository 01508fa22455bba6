"""The hall's Wi-Fi at its worst, through tests/netproxy.py: links that drop, lag, die half way
through a frame, hang open without passing a byte, a seat that stops reading, and an access
point that reboots so every seat comes back at the same moment. Every seat recovers by itself
(online, caught up, its outbox sent exactly once) and the server keeps answering the others."""

from __future__ import annotations

import asyncio
import random
import time
from pathlib import Path

import pytest

import sync.client.connection as connection_module
from tests.faults.drill import (
    Tracked,
    acked_all,
    check_nothing_lost_or_doubled,
    enrol,
    server_events,
    settled,
    stop_all,
    through,
)
from tests.netproxy import CuttableProxy
from tests.support import ServerProcess, enrolled_client, patience, wait_until

pytestmark = pytest.mark.slow

TEXT = ("Thông báo của Thường trực Hội đồng nhân dân gửi toàn thể đại biểu dự kỳ họp. " * 30)[:2000]
# How long the chair may wait for an ack while the network misbehaves under some seats.
PROMPT_S = 1.0


async def toggle(hall: list[Tracked]) -> None:
    """Each seat leaves and checks in again: two commands in its outbox, in order."""
    for tracked in hall:
        await tracked.send("attendance.check_out", {})
        await tracked.send("attendance.check_in", {})


async def prompt_ack(chair: Tracked, text: str = "Đề nghị đại biểu giữ trật tự.") -> float:
    """The chair's message acked within PROMPT_S: the server is not held up. Returns seconds."""
    started = time.monotonic()
    answer = await chair.conn.answer(await chair.send("message.send", {"to": "all", "text": text}),
                                     timeout=patience(PROMPT_S))
    assert answer["type"] == "ack", answer
    return time.monotonic() - started


async def fleet_with_proxy(server: ServerProcess, tmp_path: Path, seats: int, lag_s: float = 0.0
                           ) -> tuple[CuttableProxy, list[Tracked], list[Tracked]]:
    proxy = CuttableProxy("127.0.0.1", server.port, lag_s=lag_s)
    await proxy.start()
    direct = await enrol(server, tmp_path / "direct", [])  # the chair, on the wire
    hall = await through(proxy.url, server, tmp_path / "hall", [f"db-{i:03d}" for i in range(1, seats + 1)])
    for tracked in hall:
        await tracked.send("attendance.check_in", {})
    return proxy, direct, hall


async def test_drops_lag_cuts_mid_frame_and_an_access_point_reboot(server: ServerProcess, tmp_path: Path) -> None:
    rng = random.Random(7)
    meeting_id = server.card("chair")["meeting_id"]
    proxy, direct, hall = await fleet_with_proxy(server, tmp_path, seats=16, lag_s=0.005)
    fleet, chair = [*direct, *hall], direct[0]
    try:
        await settled(server, meeting_id, fleet)

        # Links drop while the seats send and the chair talks.
        await toggle(hall)
        sending = asyncio.gather(*(chair.send("message.send", {"to": "all", "text": TEXT}) for _ in range(20)))
        await asyncio.sleep(0.03)
        assert proxy.drop(0.5, rng) > 0
        await sending
        check_nothing_lost_or_doubled(await settled(server, meeting_id, fleet), fleet)

        # Every link dies half way through what the server is sending.
        before = proxy.connections
        await asyncio.gather(*(chair.send("message.send", {"to": "all", "text": TEXT}) for _ in range(20)))
        proxy.cut_mid_frame()
        await toggle(hall)
        check_nothing_lost_or_doubled(await settled(server, meeting_id, fleet), fleet)
        assert proxy.connections >= before + len(hall), "every seat came back on a new link"

        # The access point reboots: the hall is offline, the seats keep working into their outboxes,
        # then every seat comes back at the same moment.
        proxy.cut()
        await wait_until(lambda: all(t.conn.status.kind != "online" for t in hall), what="the hall offline")
        await toggle(hall)
        await prompt_ack(chair)
        await asyncio.sleep(0.3)
        before = proxy.connections
        proxy.restore()
        check_nothing_lost_or_doubled(await settled(server, meeting_id, fleet), fleet)
        assert proxy.connections >= before + len(hall)
        acked_all(fleet)
        assert all(sum(1 for n in t.sent.values() if n == "attendance.check_in") == 4 for t in hall)
    finally:
        await proxy.close()
        await stop_all(fleet)


async def test_half_open_links_are_noticed_and_the_room_keeps_answering(
    server: ServerProcess, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The seats' ping interval, shortened from 10 s so a dead link shows within the test.
    monkeypatch.setattr(connection_module, "HEARTBEAT_S", 1.0)
    meeting_id = server.card("chair")["meeting_id"]
    proxy, direct, hall = await fleet_with_proxy(server, tmp_path, seats=8)
    fleet, chair = [*direct, *hall], direct[0]
    try:
        await settled(server, meeting_id, fleet)
        before = proxy.connections
        proxy.stall()  # open links that pass nothing: the seats' commands sit in the dead link
        await toggle(hall)
        for _ in range(3):
            assert await prompt_ack(chair) < patience(PROMPT_S)
        check_nothing_lost_or_doubled(await settled(server, meeting_id, fleet, timeout=20), fleet)
        assert proxy.connections >= before + len(hall), "each seat gave up its dead link and made a new one"
        # The dead links wake up and deliver the old frames late: the server answers from memory,
        # nothing is decided twice.
        proxy.resume_to_client()
        await asyncio.sleep(0.5)
        await prompt_ack(chair)
        check_nothing_lost_or_doubled(await settled(server, meeting_id, fleet), fleet)
        acked_all(fleet)
    finally:
        await proxy.close()
        await stop_all(fleet)


async def test_a_seat_that_stops_reading_holds_up_nobody(tmp_path: Path) -> None:
    server = ServerProcess(tmp_path / "room", env={"PHONGHOP_SEND_BACKLOG_BYTES": str(64 * 1024)})
    server.start()
    meeting_id = server.card("chair")["meeting_id"]
    proxy, direct, hall = await fleet_with_proxy(server, tmp_path, seats=2)
    display = Tracked(await enrolled_client(tmp_path / "display", server.card("display")["link"], "Màn hình"))
    # The technician fills the stuck seats' buffers: the chair's own commands are rate limited.
    tech = Tracked(await enrolled_client(tmp_path / "tech", server.card("technician")["link"], "Kỹ thuật",
                                         log_id=meeting_id))
    fleet, chair, stuck = [*direct, display, tech, *hall], direct[0], hall[0]
    try:
        await settled(server, meeting_id, fleet)
        proxy.pause_to_client()  # both seats stop reading; one of them leaves the room meanwhile
        await stuck.send("attendance.check_out", {})
        slowest, sent = 0.0, 0
        while "does not read" not in server.stderr_path.read_text() and sent < 2000:
            await asyncio.gather(*(tech.send("message.send", {"to": "all", "text": TEXT}) for _ in range(50)))
            sent += 50
            slowest = max(slowest, await prompt_ack(chair))
        assert "does not read" in server.stderr_path.read_text(), f"the server still feeds the stuck seats after {sent}"
        assert slowest < patience(PROMPT_S), slowest
        head = len(server_events(server, meeting_id))
        await wait_until(lambda: display.seq >= head, what="the display kept up")  # more may follow

        proxy.resume_to_client()
        log = await settled(server, meeting_id, fleet, timeout=30)
        check_nothing_lost_or_doubled(log, fleet)
        acked_all(fleet)
        assert [e.name for e in log if e.actor == stuck.conn.identity.device_id][-1] == "attendance.checked_out"
    finally:
        await proxy.close()
        await stop_all(fleet)
        server.kill9()
