"""Real room servers announcing themselves over mDNS, and seats finding their room again by its
certificate when its address changed, never a server with another certificate."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.keys import DeviceKeys
from app.storage.replica import Replica
from sync.client.connection import Connection
from sync.client.enroll import Identity, enroll
from sync.client.finder import answers_pinned, find_room
from sync.client.status import Backoff
from sync.discovery import Announcer, FoundRoom, browse
from tests.support import ServerProcess, patience, wait_until
from tests.test_discovery import multicast  # noqa: F401 - the fixture, used by name

pytestmark = pytest.mark.slow


@pytest.fixture
def announced(tmp_path: Path, multicast: None) -> Iterator[ServerProcess]:  # noqa: F811
    proc = ServerProcess(tmp_path / "room", announce=True)
    proc.start()
    yield proc
    proc.kill9()


async def found(fingerprint: str, seconds: float = 10.0) -> FoundRoom | None:
    rooms = await browse(patience(seconds), until=lambda room: room.fingerprint == fingerprint)
    return next((room for room in rooms if room.fingerprint == fingerprint), None)


async def seat_of(server: ServerProcess, workdir: Path) -> tuple[Identity, DeviceKeys, Replica]:
    keys = DeviceKeys.generate()
    identity = await enroll(server.card("delegate", "db-070")["link"], "Ghế 70", keys)
    replica = Replica(workdir / "seat.db")
    replica.set_identity(identity.to_dict())
    return identity, keys, replica


async def test_the_room_server_announces_its_port_and_fingerprint(announced: ServerProcess, tmp_path: Path) -> None:
    quiet = ServerProcess(tmp_path / "quiet")  # tests' servers are silent on the LAN unless asked
    quiet.start()
    try:
        room = await found(announced.fingerprint)
        assert room is not None
        assert (room.name, room.port, room.fingerprint) == ("HĐND tỉnh Ninh Bình", announced.port, announced.fingerprint)
        assert f"https://127.0.0.1:{announced.port}" in room.urls()
        assert await found(quiet.fingerprint, seconds=3.0) is None
        out = await asyncio.to_thread(
            subprocess.run, [sys.executable, "-m", "phonghop", "rooms", "--json"],
            capture_output=True, text=True, timeout=patience(30),
        )
        listed = [r for r in json.loads(out.stdout) if r["fingerprint"] == announced.fingerprint]
        assert out.returncode == 0 and [(r["name"], r["port"]) for r in listed] == [("HĐND tỉnh Ninh Bình", announced.port)]
        text = await asyncio.to_thread(
            subprocess.run, [sys.executable, "-m", "phonghop", "rooms"], capture_output=True, text=True, timeout=patience(30),
        )
        short = ":".join(announced.fingerprint[i : i + 2] for i in range(0, 8, 2)).upper()
        assert f"HĐND tỉnh Ninh Bình – 127.0.0.1:{announced.port} (vân tay {short}…)" in text.stdout
        assert text.stdout.startswith("Tìm thấy ")
    finally:
        quiet.kill9()


async def test_a_seat_finds_its_room_on_a_new_port_by_its_certificate(announced: ServerProcess, tmp_path: Path) -> None:
    identity, keys, replica = await seat_of(announced, tmp_path)
    old_url = identity.url
    # The room server comes back elsewhere (as after DHCP gave it a new address): same data,
    # same certificate, another port. The seat's enrolled address no longer answers.
    assert announced.terminate() == 0
    announced.port = 0
    announced.start()
    assert announced.url != old_url
    seat = Connection(identity, keys, replica, backoff=Backoff(0.05, 0.5), finder=find_room)
    seat.start()
    try:
        await wait_until(lambda: seat.status.kind == "online" and len(seat.state.delegates) == 85, timeout=40,
                         what="seat synced at the new address")
        assert seat.identity.url == announced.url
        # Kept: the next start dials the new address at once.
        assert (replica.get_identity() or {})["url"] == announced.url
    finally:
        await seat.stop()
        replica.close()


async def test_a_server_with_another_certificate_is_never_used(
    server: ServerProcess, tmp_path: Path, multicast: None, caplog: pytest.LogCaptureFixture,  # noqa: F811
) -> None:
    identity, keys, replica = await seat_of(server, tmp_path)
    other = ServerProcess(tmp_path / "other", announce=True)  # a second room, announcing itself
    other.start()
    # And someone announcing our room's certificate at that other server's address.
    spoof = Announcer("HĐND tỉnh Ninh Bình", "127.0.0.1", lambda: "127.0.0.1", other.port, server.fingerprint)
    spoof.start()
    looks: list[Identity | None] = []

    async def finder(who: Identity) -> Identity | None:
        looks.append(await find_room(who))
        return looks[-1]

    seat = Connection(identity, keys, replica, backoff=Backoff(0.05, 0.3), finder=finder)
    try:
        await asyncio.wait_for(spoof.announced.wait(), patience(10))
        assert (await found(other.fingerprint)) is not None
        spoofed = await found(server.fingerprint)
        assert spoofed is not None and spoofed.port == other.port  # the finder will see the lie
        assert await answers_pinned(other.url, other.fingerprint)
        assert not await answers_pinned(other.url, server.fingerprint)
        assert server.terminate() == 0
        seat.start()
        await wait_until(lambda: len(looks) >= 2, timeout=40, what="the seat looked for its room twice")
        assert looks[:2] == [None, None]
        assert f"https://127.0.0.1:{other.port} announces this room's certificate but does not hold it" in caplog.text
        assert seat.status.kind != "online"
        assert seat.identity.url == identity.url
        assert (replica.get_identity() or {})["url"] == identity.url
    finally:
        await seat.stop()
        await spoof.stop()
        other.kill9()
        replica.close()
