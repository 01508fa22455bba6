"""The room's readiness before the sitting: what is missing, seat by seat, in words for a technician."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import aiohttp
import pytest

from app.device_status import DeviceReport, DeviceStatus, document_tag
from app.model import CHAIR, DELEGATE, DISPLAY, Device, ServerState
from app.readiness import Readiness, check
from app.storage.replica import Replica
from sync.client.blobs import BlobCache
from sync.client.connection import Connection
from sync.client.device import open_device
from sync.client.documents import DocumentFetcher
from sync.client.publish import publish_document
from sync.tls import client_ssl_context_pinned
from tests.domain_log import TECH_ACTOR, MemoryRoom
from tests.support import ServerProcess, enrolled_client, patience, wait_until
from tests.ui.pdfs import make_pdf

MEETING = "ninhbinh-2026-k1"
TITLE = "Tờ trình số 12"


def dev(device_id: str, role: str, delegate_id: str | None = None, name: str = "Máy", revoked: bool = False) -> Device:
    return Device(device_id, role, MEETING, delegate_id, None, name, "s", "k", revoked)


class Room:
    """The demo meeting with a device at every seat, the chair's and the display, all ready."""

    def __init__(self) -> None:
        self.room = MemoryRoom()
        delegates = sorted({s.delegate_id for s in self.room.meeting.seats.values() if s.delegate_id})
        devices = [dev(f"dev-{d}", DELEGATE, d) for d in delegates]
        devices += [dev("dev-chair", CHAIR, "db-001", "Bàn chủ tọa"), dev("dev-display", DISPLAY, None, "Màn hình")]
        self.server = ServerState(devices={d.device_id: d for d in devices})
        keys = {d.device_id: "k" * 40 for d in devices}
        for version, blob in ((1, "a"), (2, "b")):
            args = {"document_id": "tt-12", "title": TITLE, "pages": 3, "blob": blob * 64, "size": 900,
                    "plain_size": 800, "chunk_size": 65536, "keys": keys, "version": version}
            if version == 1:
                self.room.cmd(TECH_ACTOR, "document.add", {**args, "item_id": "item-06"})
            else:
                self.room.cmd(TECH_ACTOR, "document.update", args)
        held = (document_tag("tt-12", 2),)
        self.statuses = {d.device_id: DeviceStatus(d.device_id, True, report=DeviceReport("1.0", held, 120))
                         for d in devices}

    def check(self) -> Readiness:
        return check(self.room.meeting, self.server, self.statuses)

    def seat_of(self, delegate_id: str) -> str:
        seat = self.room.meeting.seat_of(delegate_id)
        assert seat is not None
        return seat.label

    def name(self, delegate_id: str) -> str:
        return self.room.meeting.delegates[delegate_id].name


def test_all_ready() -> None:
    room = Room()
    result = room.check()
    assert result.ready and result.problems == ()
    assert result.summary() == "Sẵn sàng: 85/85 ghế"
    assert result.verdict() == "Phòng họp đã sẵn sàng."


def test_a_seat_without_a_device_and_a_revoked_one() -> None:
    room = Room()
    devices = dict(room.server.devices)
    del devices["dev-db-012"]
    devices["dev-db-013"] = replace(devices["dev-db-013"], revoked=True)
    room.server = ServerState(devices=devices)
    result = room.check()
    assert not result.ready and result.summary() == "Sẵn sàng: 83/85 ghế"
    assert [(p.code, p.severity) for p in result.problems] == [("no_device", "blocker")] * 2
    first = {p.delegate: p for p in result.problems}[room.name("db-012")]
    assert first.seat == room.seat_of("db-012")
    assert first.text == (f"Ghế {room.seat_of('db-012')} ({room.name('db-012')}): "
                          "chưa có thiết bị nào được đăng ký cho đại biểu.")


def test_an_offline_seat_unless_a_spare_device_is_connected() -> None:
    room = Room()
    room.statuses["dev-db-030"] = DeviceStatus("dev-db-030", False)
    del room.statuses["dev-db-031"]  # never seen since the server started
    result = room.check()
    assert [p.code for p in result.problems] == ["offline", "offline"]
    assert result.problems[0].text.endswith("thiết bị chưa kết nối với phòng họp.")
    assert result.summary() == "Sẵn sàng: 83/85 ghế"
    # The delegate's tablet is connected and ready: the laptop left at home does not matter.
    spare = dev("dev-db-030-tablet", DELEGATE, "db-030")
    room.server = ServerState(devices={**room.server.devices, spare.device_id: spare})
    room.statuses[spare.device_id] = DeviceStatus(spare.device_id, True, report=DeviceReport(
        "1.0", (document_tag("tt-12", 2),), 0))
    assert [p.delegate for p in room.check().problems] == [room.name("db-031")]


def test_a_missing_document_version_names_the_title_and_version() -> None:
    room = Room()
    room.statuses["dev-db-012"] = DeviceStatus("dev-db-012", True, report=DeviceReport(
        "1.0", (document_tag("tt-12", 1),), 0))  # still the old version
    room.statuses["dev-db-040"] = DeviceStatus("dev-db-040", True)  # connected, no report yet
    result = room.check()
    codes = {p.delegate: p for p in result.problems}
    missing = codes[room.name("db-012")]
    assert missing.code == "missing_document" and missing.document_id == "tt-12"
    assert missing.text == (f"Ghế {room.seat_of('db-012')} ({room.name('db-012')}): "
                            f"chưa có tài liệu «{TITLE}» (phiên bản 2).")
    assert codes[room.name("db-040")].code == "no_report"
    assert result.summary() == "Sẵn sàng: 83/85 ghế"
    # A device the document is not shared with is not asked to hold it.
    room.room.cmd(TECH_ACTOR, "document.add", {
        "document_id": "bc-1", "title": "Báo cáo thẩm tra", "pages": 1, "blob": "c" * 64, "size": 900,
        "plain_size": 800, "chunk_size": 65536, "keys": {"dev-db-050": "k" * 40}})
    after = room.check()
    assert [(p.code, p.device_id, p.document_id) for p in after.problems if p.document_id == "bc-1"] == [
        ("missing_document", "dev-db-050", "bc-1")]


def test_clocks_must_agree_within_a_second() -> None:
    room = Room()
    for device_id, offset in (("dev-db-020", 1000), ("dev-db-021", -1000), ("dev-db-022", 2450),
                              ("dev-db-023", -1001)):
        room.statuses[device_id] = DeviceStatus(device_id, True, report=DeviceReport(
            "1.0", (document_tag("tt-12", 2),), offset))
    result = room.check()
    assert [(p.code, p.delegate) for p in result.problems] == [
        ("clock", room.name("db-022")), ("clock", room.name("db-023"))]
    assert result.problems[0].text.endswith("đồng hồ nhanh 2,5 giây so với máy chủ phòng họp.")
    assert result.problems[1].text.endswith("đồng hồ chậm 1,0 giây so với máy chủ phòng họp.")


def test_the_chair_is_a_blocker_the_display_a_warning_and_blockers_come_first() -> None:
    room = Room()
    devices = {k: v for k, v in room.server.devices.items() if k != "dev-chair"}
    room.server = ServerState(devices=devices)
    room.statuses["dev-display"] = DeviceStatus("dev-display", False)
    room.statuses["dev-db-085"] = DeviceStatus("dev-db-085", False)
    result = room.check()
    assert [(p.code, p.severity) for p in result.problems] == [
        ("no_chair_device", "blocker"), ("offline", "blocker"), ("display_offline", "warning")]
    assert result.problems[0].seat == "" and "chủ tọa" in result.problems[0].text
    assert result.verdict() == "Chưa sẵn sàng: 2 việc cần xử lý, 1 cảnh báo."
    # Without any display the room may still sit: a warning only.
    room.server = ServerState(devices={k: v for k, v in room.server.devices.items() if k != "dev-display"}
                              | {"dev-chair": dev("dev-chair", CHAIR, "db-001", "Bàn chủ tọa")})
    room.statuses["dev-db-085"] = DeviceStatus("dev-db-085", True, report=DeviceReport(
        "1.0", (document_tag("tt-12", 2),), 0))
    result = room.check()
    assert result.ready and [p.code for p in result.problems] == ["no_display"]
    assert result.verdict() == "Phòng họp đã sẵn sàng (1 cảnh báo)."
    # The chair's console offline blocks; its missing document too.
    room.statuses["dev-chair"] = DeviceStatus("dev-chair", True, report=DeviceReport("1.0", (), 0))
    chair = room.check().problems[0]
    assert chair.code == "missing_document" and chair.text.startswith("Máy chủ tọa (Bàn chủ tọa): chưa có tài liệu")
    room.statuses["dev-chair"] = DeviceStatus("dev-chair", False)
    assert room.check().problems[0].code == "chair_offline"


# -- `phonghop admin ready` against a real room server -------------------------------------------

PASSPHRASE = "mật khẩu kỹ thuật viên"


def phonghop(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PHONGHOP_PASSPHRASE": PASSPHRASE}
    return subprocess.run([sys.executable, "-m", "phonghop", *args], capture_output=True, text=True, env=env,
                          timeout=patience(60), stdin=subprocess.DEVNULL)


@pytest.mark.slow
async def test_admin_ready_reads_the_devices_reports(server: ServerProcess, tmp_path: Path) -> None:
    tech_dir = tmp_path / "technician"
    done = phonghop("enroll", server.card("technician")["link"], "--data", str(tech_dir), "--name", "Máy kỹ thuật")
    assert done.returncode == 0, done.stdout + done.stderr
    identity, keys, replica = open_device(tech_dir, PASSPHRASE)
    replica.close()
    tech_server = Connection(identity, keys, Replica(tmp_path / "t-server.db"), log_id=None)
    tech = Connection(identity, keys, Replica(tmp_path / "t-meeting.db"), log_id=MEETING)
    reading = await enrolled_client(tmp_path / "db-012", server.card("delegate", "db-012")["link"], "Ghế 12")
    away = await enrolled_client(tmp_path / "db-013", server.card("delegate", "db-013")["link"], "Ghế 13")
    fetcher = DocumentFetcher(reading, BlobCache(tmp_path / "db-012" / "blobs"))  # not started yet
    for connection in (tech_server, tech):
        connection.start()
    try:
        await wait_until(lambda: all(c.status.kind == "online" for c in (tech, tech_server, reading, away)),
                         what="online")
        await wait_until(lambda: {reading.identity.device_id, away.identity.device_id} <= set(
            tech_server.state.devices), what="seats known")  # type: ignore[union-attr]
        async with aiohttp.ClientSession() as http:
            answer = await publish_document(tech, tech_server, http, client_ssl_context_pinned(server.fingerprint),
                                            make_pdf(pages=2), document_id="tt-12", title=TITLE, pages=2,
                                            item_id="item-06")
        assert answer["type"] == "ack", answer
        await away.stop()
        seat_12 = reading.state.seat_of("db-012")  # type: ignore[union-attr]
        seat_13 = reading.state.seat_of("db-013")  # type: ignore[union-attr]
        name_12 = reading.state.delegates["db-012"].name  # type: ignore[union-attr]
        name_13 = reading.state.delegates["db-013"].name  # type: ignore[union-attr]
        assert seat_12 is not None and seat_13 is not None
        missing = f"Ghế {seat_12.label} ({name_12}): chưa có tài liệu «{TITLE}» (phiên bản 1)."
        offline = f"Ghế {seat_13.label} ({name_13}): thiết bị chưa kết nối với phòng họp."

        first = await asyncio.to_thread(phonghop, "admin", "ready", "--device", str(tech_dir), "--meeting", MEETING)
        assert first.returncode == 1, first.stdout + first.stderr
        lines = first.stdout.splitlines()
        assert lines[1] == "Sẵn sàng: 0/85 ghế" and lines[2].startswith("Chưa sẵn sàng: ")
        assert f"  [cần xử lý] {missing}" in lines and f"  [cần xử lý] {offline}" in lines
        assert "  [cần xử lý] Chưa có thiết bị nào của chủ tọa được đăng ký cho kỳ họp." in lines

        # The seat downloads the document while the technician waits: its line goes away.
        fetcher.start()
        await wait_until(lambda: fetcher.ready(reading.state.documents["tt-12"]), what="downloaded")  # type: ignore[union-attr]
        later = await asyncio.to_thread(phonghop, "admin", "ready", "--device", str(tech_dir), "--meeting", MEETING,
                                        "--wait", str(patience(6)))
        assert later.returncode == 1 and missing not in later.stdout and offline in later.stdout, later.stdout
        assert "Sẵn sàng: 1/85 ghế" in later.stdout
    finally:
        await fetcher.stop()
        for connection in (reading, away, tech, tech_server):
            await connection.stop()
