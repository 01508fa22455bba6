"""Rooms on the LAN (sync/discovery.py): names, addresses, the Vietnamese listing, and a real
announcement found by a real browse over loopback multicast."""

from __future__ import annotations

import asyncio
import functools
import logging
import socket
import uuid

import pytest

from phonghop.rooms import NONE_FOUND, summary
from sync.discovery import Announcer, FoundRoom, browse, room_name
from tests.support import patience

FP = "abcdef01" + "23" * 28
OTHER_FP = "9" * 64


@functools.cache
def multicast_unavailable() -> str | None:
    """Why mDNS can't work on this machine, or None when it does: zeroconf itself (not our code)
    announces on loopback and browses on every interface, as the room server and seats do."""
    from zeroconf import InterfaceChoice, IPVersion
    from zeroconf.asyncio import AsyncServiceBrowser, AsyncServiceInfo, AsyncZeroconf

    kind = "_phonghop-probe._tcp.local."

    async def probe() -> str | None:
        seen = asyncio.Event()
        try:
            host = AsyncZeroconf(interfaces=["127.0.0.1"], ip_version=IPVersion.V4Only)
            peer = AsyncZeroconf(interfaces=InterfaceChoice.All, ip_version=IPVersion.V4Only)
        except OSError as exc:
            return f"no multicast socket: {type(exc).__name__}: {exc}"
        info = AsyncServiceInfo(kind, f"probe-{uuid.uuid4().hex[:8]}.{kind}", port=9,
                                parsed_addresses=["127.0.0.1"], server="phonghop-probe.local.")
        browser = AsyncServiceBrowser(peer.zeroconf, [kind], handlers=[lambda **_: seen.set()])
        try:
            await host.async_register_service(info)
            await asyncio.wait_for(seen.wait(), 5.0)
        except TimeoutError:
            return "a loopback mDNS announcement was not seen by a browser on this machine within 5 s"
        except OSError as exc:
            return f"mDNS announcement failed: {type(exc).__name__}: {exc}"
        finally:
            await browser.async_cancel()
            await peer.async_close()
            await host.async_close()
        return None

    return asyncio.run(probe())


@pytest.fixture
def multicast() -> None:
    reason = multicast_unavailable()
    if reason is not None:
        pytest.skip(f"multicast DNS is unavailable here: {reason}")


def test_a_room_is_named_after_its_council_as_people_say_it() -> None:
    assert room_name(["", "Hội đồng nhân dân tỉnh Ninh Bình"]) == "HĐND tỉnh Ninh Bình"
    assert room_name(["Hội đồng nhân dân huyện Kim Sơn", "   "]) == "HĐND huyện Kim Sơn"
    assert room_name([]) == f"PhòngHọp {socket.gethostname()}"


def test_a_room_offers_its_lan_address_first_and_never_link_local() -> None:
    room = FoundRoom("Phòng", ("127.0.0.1", "fe80::1", "fd00::5", "192.168.1.10"), 8443, FP)
    assert room.urls() == ["https://192.168.1.10:8443", "https://[fd00::5]:8443", "https://127.0.0.1:8443"]


def test_the_listing_speaks_vietnamese() -> None:
    ninh_binh = FoundRoom("HĐND tỉnh Ninh Bình", ("192.168.1.10",), 8443, FP)
    kim_son = FoundRoom("HĐND huyện Kim Sơn", ("192.168.1.20",), 8443, OTHER_FP)
    assert summary([ninh_binh]) == "Tìm thấy 1 phòng họp: HĐND tỉnh Ninh Bình – 192.168.1.10:8443 (vân tay AB:CD:EF:01…)"
    assert summary([ninh_binh, kim_son]).splitlines() == [
        "Tìm thấy 2 phòng họp:",
        "  HĐND tỉnh Ninh Bình – 192.168.1.10:8443 (vân tay AB:CD:EF:01…)",
        "  HĐND huyện Kim Sơn – 192.168.1.20:8443 (vân tay 99:99:99:99…)",
    ]
    assert summary([]) == NONE_FOUND


async def test_an_announcement_that_cannot_be_made_only_warns(caplog: pytest.LogCaptureFixture) -> None:
    # 203.0.113.7 (TEST-NET-3) is no interface of this machine: zeroconf gets no socket there.
    announcer = Announcer("HĐND tỉnh Ninh Bình", "203.0.113.7", lambda: "203.0.113.7", 8443, FP)
    with caplog.at_level(logging.WARNING, logger="sync.discovery"):
        announcer.start()
        await asyncio.sleep(0.5)
        await announcer.stop()
    assert not announcer.announced.is_set()
    assert "not announcing the room on the LAN" in caplog.text


async def test_a_room_announced_on_loopback_is_found_then_forgotten(multicast: None) -> None:
    # Longer than a DNS label (63 bytes): the instance is cut, the TXT record keeps it all.
    name = "Hội đồng nhân dân tỉnh Ninh Bình – Hội trường tầng 3, nhà B, khu liên cơ quan " + uuid.uuid4().hex[:6]
    announcer = Announcer(name, "127.0.0.1", lambda: "127.0.0.1", 45321, FP)
    other = Announcer("Phòng khác", "127.0.0.1", lambda: "127.0.0.1", 45322, OTHER_FP)
    announcer.start()
    other.start()
    try:
        await asyncio.wait_for(announcer.announced.wait(), patience(10))
        rooms = await browse(patience(5), until=lambda room: room.name == name)
        ours = [room for room in rooms if room.name == name]
        assert ours == [FoundRoom(name, ("127.0.0.1",), 45321, FP)]
    finally:
        await announcer.stop()
    await other.stop()
    # A stopped room no longer answers: a device looking now does not find it.
    rooms = await browse(2.0)
    assert all(room.name != name for room in rooms)


async def test_a_server_on_every_interface_announces_its_new_address(multicast: None) -> None:
    # Bound to 0.0.0.0, the server keeps serving when DHCP hands the machine a new address; the
    # announcement follows it (here on loopback only, with loopback addresses standing in).
    address = ["127.0.0.1"]
    name = f"HĐND tỉnh Ninh Bình {uuid.uuid4().hex[:6]}"
    announcer = Announcer(name, "0.0.0.0", lambda: address[0], 45323, FP, interfaces=["127.0.0.1"], follow_s=0.2)
    announcer.start()
    try:
        await asyncio.wait_for(announcer.announced.wait(), patience(10))
        address[0] = "127.0.0.2"
        deadline = asyncio.get_running_loop().time() + patience(15)
        while announcer.addresses != ["127.0.0.2"]:
            assert asyncio.get_running_loop().time() < deadline, "the new address was never announced"
            await asyncio.sleep(0.1)
        rooms = await browse(patience(5), until=lambda room: room.name == name)
        assert [room.addresses for room in rooms if room.name == name] == [("127.0.0.2",)]
    finally:
        await announcer.stop()
