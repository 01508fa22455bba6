"""The device monitor's bookkeeping (sync.server.device_status) and rows (app.device_monitor)."""

from __future__ import annotations

import asyncio
from dataclasses import replace

import msgspec

from app.clock import FixedClock, iso
from app.device_monitor import (
    CLOCK,
    NEVER,
    NO_REPORT,
    OFFLINE,
    OK,
    OLD_VERSION,
    RANK,
    REVOKED,
    UNSYNCED,
    DeviceMonitor,
    natural_key,
    summary,
    version_key,
)
from app.device_status import DeviceReport, DeviceStatus, document_tag, merged
from app.model import Delegate, Device, Document, Meeting, MeetingState, Seat, ServerState
from sync.server.device_status import SEND_INTERVAL_S, DeviceBoard, locate, seat_name

MEETING = "ky-hop-1"


def device(n: int, role: str = "delegate", revoked: bool = False) -> Device:
    delegate = f"db-{n:03d}" if role == "delegate" else None
    meeting = None if role == "technician" else MEETING
    return Device(f"dev-{n:03d}", role, meeting, delegate, None, f"Máy {n}", "pub", "kex", revoked)


def meeting_with(devices: list[Device], documents: int = 2) -> MeetingState:
    delegates = {f"db-{n:03d}": Delegate(f"db-{n:03d}", f"Đại biểu {n}", "", "g", "Tổ", "nam", ("delegate",), False)
                 for n in range(1, 30)}
    seats = {f"S{n}": Seat(f"S{n}", f"A-{n}", 1, n, "hall", f"db-{n:03d}") for n in range(1, 30)}
    keys = {d.device_id: "wrapped" for d in devices}
    docs = {f"doc-{k}": Document(f"doc-{k}", None, f"Tài liệu {k}", 2, 1, "public", "0" * 64, 1, 1, 1, keys)
            for k in range(documents)}
    meeting = Meeting(MEETING, "regular", "Kỳ họp", "HĐND", "2026–2031", "2026-12-01", "Hội trường", 29)
    return MeetingState(meeting=meeting, delegates=delegates, seats=seats, documents=docs)


ALL_DOCS = tuple(document_tag(f"doc-{k}", 2) for k in range(2))
TIME = "2026-12-01T08:00:00.000Z"


def test_rows_put_problems_first_in_the_promised_order() -> None:
    devices = [device(n) for n in range(1, 11)] + [device(20, "technician"), device(21, revoked=True)]
    meeting = meeting_with(devices)
    statuses = {
        "dev-001": DeviceStatus("dev-001", True, TIME, TIME, DeviceReport("0.1.0", ALL_DOCS, 5)),  # fine
        "dev-002": DeviceStatus("dev-002", False, TIME, TIME, DeviceReport("0.1.0", ALL_DOCS, 5)),  # went offline
        "dev-003": DeviceStatus("dev-003", True, TIME, TIME, DeviceReport("0.1.0", ALL_DOCS[:1], 5)),  # 1 of 2
        "dev-004": DeviceStatus("dev-004", True, TIME, TIME, DeviceReport("0.1.0", ALL_DOCS, -1500)),  # clock
        "dev-005": DeviceStatus("dev-005", True, TIME, TIME, DeviceReport("0.0.9", ALL_DOCS, 0)),  # old app
        "dev-006": DeviceStatus("dev-006", True, TIME, TIME, None),  # no report yet
        # dev-007..009 never seen since the server started
        "dev-010": DeviceStatus("dev-010", True, TIME, TIME, DeviceReport("0.1.0", (*ALL_DOCS[1:], "doc-0@1"), 0)),
        "dev-020": DeviceStatus("dev-020", True, TIME, TIME, DeviceReport("0.1.0", (), 0)),  # technician
        "dev-021": DeviceStatus("dev-021", False, TIME, TIME, None),
    }
    rows = DeviceMonitor("0.1.0").rows(ServerState(devices={d.device_id: d for d in devices}), meeting, statuses)
    problems = {r.device_id: r.problem for r in rows}
    assert problems == {"dev-001": OK, "dev-002": OFFLINE, "dev-003": UNSYNCED, "dev-004": CLOCK,
                        "dev-005": OLD_VERSION, "dev-006": NO_REPORT, "dev-007": NEVER, "dev-008": NEVER,
                        "dev-009": NEVER, "dev-010": UNSYNCED, "dev-020": OK, "dev-021": REVOKED}
    assert [RANK[r.problem] for r in rows] == sorted(RANK[r.problem] for r in rows)
    assert [r.device_id for r in rows][:4] == ["dev-002", "dev-007", "dev-008", "dev-009"]  # by seat
    assert rows[-1].device_id == "dev-021" and rows[-1].problem_text == "Đã thu hồi"
    by_id = {r.device_id: r for r in rows}
    assert by_id["dev-003"].synced == 0.5 and by_id["dev-003"].problem_text == "Thiếu tài liệu"
    assert by_id["dev-001"].seat_label == "A-1" and by_id["dev-001"].name == "Đại biểu 1"
    assert by_id["dev-020"].synced is None and by_id["dev-020"].seat_label == ""  # a technician holds nothing
    assert by_id["dev-020"].role_label == "Kỹ thuật viên"
    # An old version of a document held is not the current one.
    assert (by_id["dev-010"].held, by_id["dev-010"].readable) == (1, 2)
    assert summary(rows) == (11, 7, 9)


def test_rows_of_another_meeting_are_left_out_and_revocation_is_seen() -> None:
    devices = [device(1), replace(device(2), meeting_id="other"), device(3, "technician")]
    server = ServerState(devices={d.device_id: d for d in devices})
    monitor = DeviceMonitor()
    assert [r.device_id for r in monitor.rows(server, meeting_with(devices), {})] == ["dev-001", "dev-003"]
    assert len(monitor.rows(server, None, {})) == 3  # no meeting followed: every device
    revoked = ServerState(devices={**server.devices, "dev-001": replace(devices[0], revoked=True)})
    assert monitor.rows(revoked, meeting_with(devices), {})[-1].problem == REVOKED


def test_versions_and_seats_compare_as_people_expect() -> None:
    assert version_key("0.10.0") > version_key("0.9.3")  # type: ignore[operator]
    assert version_key("1.0.0+local") == (1, 0, 0) and version_key("dev") is None
    assert sorted(["A-12", "A-2", "B-1", "a-3"], key=natural_key) == ["A-2", "a-3", "A-12", "B-1"]


def test_merged_replaces_on_full_and_overrides_otherwise() -> None:
    a, b = DeviceStatus("a", True), DeviceStatus("b", False)
    known = merged({}, [a, b], full=True)
    assert merged(known, [replace(a, online=False)], full=False) == {"a": replace(a, online=False), "b": b}
    assert merged(known, [a], full=True) == {"a": a}
    assert DeviceStatus.from_wire(replace(a, report=DeviceReport("0.1.0", ("d@1",), 3)).to_wire()).report == \
        DeviceReport("0.1.0", ("d@1",), 3)


# -- the server's board ---------------------------------------------------------------------------


async def test_the_board_coalesces_a_burst_into_one_message_per_interval() -> None:
    clock = FixedClock()
    board = DeviceBoard(clock)
    board.connected("dev-001")  # before any watcher: nothing to send, still known
    got: list[dict[str, object]] = []
    board.watch("console", lambda frame: got.append(msgspec.json.decode(frame)))
    assert got == [{"type": "devices", "full": True, "devices": [
        {"device_id": "dev-001", "online": True, "since": iso(clock.now()), "last_seen": iso(clock.now()),
         "version": None, "documents": None, "clock_offset_ms": None}]}]
    loop = asyncio.get_running_loop()
    start = loop.time()
    for n in range(500):
        board.connected(f"dev-{n:03d}")
        board.reported(f"dev-{n:03d}", DeviceReport("0.1.0", (), n))
    await asyncio.sleep(0)  # a lone change goes out at once
    await asyncio.sleep(0)
    assert len(got) == 2 and len(got[1]["devices"]) == 500  # type: ignore[arg-type]
    for n in range(500):
        board.reported(f"dev-{n:03d}", DeviceReport("0.1.0", (), n + 1))
    for n in range(100):
        board.disconnected(f"dev-{n:03d}")
    while len(got) < 3:
        await asyncio.sleep(0.01)
    assert loop.time() - start >= SEND_INTERVAL_S * 0.9
    third = got[2]
    assert third["full"] is False and len(third["devices"]) == 500  # type: ignore[arg-type]
    await asyncio.sleep(SEND_INTERVAL_S * 1.5)
    assert len(got) == 3  # nothing changed, nothing sent


async def test_frames_only_stamp_last_seen_and_offline_keeps_it() -> None:
    clock = FixedClock()
    board = DeviceBoard(clock)
    sent: list[bytes] = []
    board.watch("console", sent.append)
    board.connected("dev-001")
    await asyncio.sleep(0.01)
    count = len(sent)
    clock.advance(30)
    board.seen("dev-001")
    await asyncio.sleep(SEND_INTERVAL_S * 1.2)
    assert len(sent) == count  # a frame is no news
    seen_at = iso(clock.now())
    clock.advance(5)
    board.disconnected("dev-001")
    status = board.status("dev-001")
    assert status is not None and not status.online
    assert status.last_seen == seen_at and status.since == iso(clock.now())
    # The same report twice is no news either; a technician's server-log session keeps the documents.
    board.reported("dev-001", DeviceReport("0.1.0", ("d@1",), 0))
    board.reported("dev-001", DeviceReport("0.1.0", (), 0), holds_documents=False)
    status = board.status("dev-001")
    assert status is not None and status.report == DeviceReport("0.1.0", ("d@1",), 0)
    board.unwatch("console")


def test_locate_is_for_technicians_and_live_devices_only() -> None:
    seat_device = replace(device(7), seat="S7")
    meetings = {MEETING: meeting_with([seat_device])}
    sent: list[bytes] = []
    tech = device(1, "technician")
    refused = locate(device(2), "dev-007", seat_device, [sent.append], meetings)
    assert refused is not None and refused.code == "forbidden" and sent == []
    missing = locate(tech, "dev-404", None, [], meetings)
    assert missing is not None and missing.code == "not_found" and missing.detail == {"device_id": "dev-404"}
    offline = locate(tech, "dev-007", seat_device, [], meetings)
    assert offline is not None and offline.code == "not_found"
    assert locate(tech, "dev-007", seat_device, [sent.append, sent.append], meetings) is None
    assert [msgspec.json.decode(f) for f in sent] == [{"type": "locate", "seat": "A-7", "seconds": 10}] * 2
    assert seat_name(device(3, "display"), meetings) == "Máy 3"
