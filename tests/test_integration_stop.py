"""A seat closed while it connects: Connection.stop() ends the session wherever it is."""

from __future__ import annotations

import asyncio
import time
from dataclasses import replace
from pathlib import Path

import pytest

from app.keys import DeviceKeys
from app.storage.replica import Replica
from sync.client.connection import Connection
from sync.client.enroll import enroll
from sync.client.status import Backoff
from tests.netproxy import CuttableProxy
from tests.support import ServerProcess, patience

pytestmark = pytest.mark.slow

LAG_S = 0.03  # each chunk from the server: the handshake takes several of them
STEP_S = 0.005
STEPS = 50  # stop() from 0 to 245 ms after start(): connecting, TLS, hello, auth, welcome, online


async def test_stop_at_any_point_of_connect_and_handshake_ends_the_session(server: ServerProcess, tmp_path: Path) -> None:
    proxy = CuttableProxy("127.0.0.1", server.port, lag_s=LAG_S)
    await proxy.start()
    keys = DeviceKeys.generate()
    identity = replace(await enroll(server.card("delegate", "db-031")["link"], "Ghế", keys), url=proxy.url)
    replica = Replica(tmp_path / "seat.db")
    commands: list[str] = []
    seen: set[str] = set()
    try:
        for step in range(STEPS):
            seat = Connection(identity, keys, replica, backoff=Backoff(0.05, 0.3))
            # One command per start, made before it: whenever stop() comes, the outbox keeps it.
            commands.append(await seat.submit("attendance.check_in", {}))
            seat.start()
            await asyncio.sleep(step * STEP_S)
            kind = seat.status.kind
            seen.add(kind)
            began = time.monotonic()
            try:
                await asyncio.wait_for(seat.stop(), patience(1.0))
            except TimeoutError:
                raise AssertionError(f"stop() {step * STEP_S * 1000:.0f} ms after start ({kind}) did not return") from None
            assert seat._task is not None and seat._task.done()
            assert seat.status.kind == "stopped", (step, seat.status)
            assert time.monotonic() - began < patience(1.0)
        # The sweep covered the way in and the way past it.
        assert {"connecting", "online"} <= seen, seen
        # Nothing was lost: a last start sends what is still in the outbox, and each has its answer.
        seat = Connection(identity, keys, replica, backoff=Backoff(0.05, 0.3))
        seat.start()
        try:
            answers = [await seat.answer(command_id, timeout=patience(10)) for command_id in commands]
        finally:
            await seat.stop()
        assert all(answer["type"] in ("ack", "error") for answer in answers)
        assert [answer["type"] for answer in answers].count("ack") == 1  # checked in once, then refused
        assert replica.pending() == []
    finally:
        await proxy.close()
        replica.close()
