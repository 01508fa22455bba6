"""The device monitor's frames (docs/devices.md): strict schemas, and the session state machines
accept them only once the session is open."""

from __future__ import annotations

import base64
import json
from typing import Any

import msgspec
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from app.device_status import DeviceReport, DeviceStatus, merged
from sync.protocol import (
    ClientSession,
    ClientState,
    RemoteProtocolError,
    ServerSession,
    ServerState,
    Violation,
)
from sync.protocol.handshake import (
    DevicesReceived,
    LocateReceived,
    LocateRequested,
    StatusReceived,
)
from sync.protocol.messages import (
    MAX_FRAME,
    MAX_REPORTED_DOCUMENTS,
    Devices,
    Locate,
    LocateSeat,
    Status,
    decode_client,
    decode_server,
)
from sync.server.device_status import FRAME_BUDGET, frames

NONCE = base64.b64encode(bytes(range(32))).decode()
ROOM_KEY = base64.b64encode(bytes(32)).decode()
TIME = "2026-12-01T08:00:00.000Z"
STATUS = {"type": "status", "version": "0.1.0", "documents": ["doc-3@2", "to-trinh@ngan-sach@1"], "clock_offset_ms": -12}
ENTRY = {"device_id": "dev-7", "online": True, "since": TIME, "last_seen": TIME, "version": "0.1.0",
         "documents": ["doc-3@2"], "clock_offset_ms": 40}


def _open_pair() -> tuple[ClientSession, ServerSession]:
    key = Ed25519PrivateKey.generate()
    client, server = ClientSession(), ServerSession()
    server.receive(client.hello("dev-1", None, 0))
    client.receive(server.challenge(NONCE))
    server.receive(client.auth(key.sign))
    assert server.verify(key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw))
    client.receive(server.welcome("technician", None, TIME, 0, "token-1", ROOM_KEY))
    assert client.state is ClientState.OPEN and server.state is ServerState.OPEN
    return client, server


def _with(base: dict[str, Any], **changes: Any) -> str:
    out = {**base, **changes}
    return json.dumps({k: v for k, v in out.items() if v is not ...})


# -- schemas ----------------------------------------------------------------------------------------


def test_good_frames_decode() -> None:
    assert decode_client(json.dumps(STATUS)) == Status("0.1.0", ["doc-3@2", "to-trinh@ngan-sach@1"], -12)
    assert decode_client(_with(STATUS, documents=[], clock_offset_ms=None)) == Status("0.1.0", [], None)
    assert decode_client('{"type":"locate","device_id":"dev-7"}') == Locate("dev-7")
    devices = decode_server(json.dumps({"type": "devices", "full": True, "devices": [ENTRY]}))
    assert isinstance(devices, Devices) and devices.full and devices.devices[0].device_id == "dev-7"
    never = {**ENTRY, "online": False, "since": None, "last_seen": None, "version": None, "documents": None,
             "clock_offset_ms": None}
    assert isinstance(decode_server(json.dumps({"type": "devices", "full": False, "devices": [never]})), Devices)
    assert decode_server('{"type":"locate","seat":"A-12","seconds":10}') == LocateSeat("A-12", 10)


@pytest.mark.parametrize("frame", [
    _with(STATUS, version=""),
    _with(STATUS, version="0.1.0 beta"),
    _with(STATUS, version="9" * 65),
    _with(STATUS, version=None),
    _with(STATUS, documents=["doc-3"]),  # no version
    _with(STATUS, documents=["doc 3@2"]),  # a space
    _with(STATUS, documents=["doc-3@2\n"]),
    _with(STATUS, documents=["doc-3@v2"]),
    _with(STATUS, documents=[3]),
    _with(STATUS, documents="doc-3@2"),
    _with(STATUS, documents=["d@1"] * (MAX_REPORTED_DOCUMENTS + 1)),
    _with(STATUS, clock_offset_ms=1.5),
    _with(STATUS, clock_offset_ms="12"),
    _with(STATUS, clock_offset_ms=2**60),
    _with(STATUS, clock_offset_ms=...),  # missing
    _with(STATUS, extra=1),
    '{"type":"locate"}',
    '{"type":"locate","device_id":""}',
    '{"type":"locate","device_id":"a|b"}',
    '{"type":"locate","device_id":"dev-7","seat":"A-1"}',
])
def test_bad_client_frames_are_remote_errors(frame: str) -> None:
    with pytest.raises(RemoteProtocolError) as info:
        decode_client(frame)
    assert info.value.code == "bad_request"


@pytest.mark.parametrize("frame", [
    json.dumps({"type": "devices", "full": True}),
    json.dumps({"type": "devices", "full": 1, "devices": []}),
    json.dumps({"type": "devices", "full": True, "devices": [{**ENTRY, "online": "yes"}]}),
    json.dumps({"type": "devices", "full": True, "devices": [{**ENTRY, "colour": "red"}]}),
    json.dumps({"type": "devices", "full": True, "devices": [{k: v for k, v in ENTRY.items() if k != "since"}]}),
    json.dumps({"type": "devices", "full": True, "devices": [{**ENTRY, "documents": ["x"]}]}),
    json.dumps({"type": "devices", "full": True, "devices": [{**ENTRY, "documents": ["d@1"] * 2001}]}),
    json.dumps({"type": "devices", "full": True, "devices": [{**ENTRY, "documents": [1]}]}),
    '{"type":"locate","seat":"","seconds":10}',
    '{"type":"locate","seat":"A-12","seconds":0}',
    '{"type":"locate","seat":"A-12","seconds":3600}',
    '{"type":"locate","seat":"A-12"}',
])
def test_bad_server_frames_are_remote_errors(frame: str) -> None:
    with pytest.raises(RemoteProtocolError):
        decode_server(frame)


# -- the state machines -----------------------------------------------------------------------------


def test_an_open_session_carries_reports_and_locates_both_ways() -> None:
    client, server = _open_pair()
    report = DeviceReport("0.1.0", ("doc-3@2",), -12)
    assert server.receive(client.status(report)) == [StatusReceived(report)]
    assert server.receive(client.locate("dev-7")) == [LocateRequested("dev-7")]
    [snapshot] = frames([DeviceStatus("dev-7", True, TIME, TIME, report), DeviceStatus("dev-8", False)], full=True)
    [got] = client.receive(snapshot)
    assert got == DevicesReceived(True, (DeviceStatus("dev-7", True, TIME, TIME, report), DeviceStatus("dev-8", False)))
    assert client.receive('{"type":"locate","seat":"A-12","seconds":10}') == [LocateReceived("A-12", 10)]
    assert client.state is ClientState.OPEN and server.state is ServerState.OPEN


@pytest.mark.parametrize("frame", [json.dumps(STATUS), '{"type":"locate","device_id":"dev-7"}'])
def test_before_the_welcome_a_report_or_locate_ends_the_handshake(frame: str) -> None:
    server = ServerSession()
    [got] = server.receive(frame)
    assert isinstance(got, Violation) and got.fatal and server.state is ServerState.CLOSED
    assert got.error.detail is not None and got.error.detail["reason"] == "unexpected_message"
    # And after the hello, before the auth: still the handshake.
    client, server = ClientSession(), ServerSession()
    server.receive(client.hello("dev-1", None, 0))
    [got] = server.receive(frame)
    assert isinstance(got, Violation) and got.fatal


def test_a_malformed_report_once_open_is_answered_not_fatal() -> None:
    _client, server = _open_pair()
    [got] = server.receive(_with(STATUS, documents=["nope"]))
    assert isinstance(got, Violation) and not got.fatal and server.state is ServerState.OPEN


def test_a_client_cannot_report_before_it_is_open_nor_receive_devices_early() -> None:
    client = ClientSession()
    with pytest.raises(Exception) as info:
        client.status(DeviceReport("0.1.0"))
    assert "misuse" in str(getattr(info.value, "detail", ""))
    client.hello("dev-1", None, 0)
    [got] = client.receive(json.dumps({"type": "devices", "full": True, "devices": []}))
    assert isinstance(got, Violation) and got.fatal


# -- the server's messages --------------------------------------------------------------------------


def test_a_big_snapshot_is_split_under_the_frame_limit_and_merges_back_whole() -> None:
    tags = tuple(f"tai-lieu-{n:04d}@1" for n in range(MAX_REPORTED_DOCUMENTS))
    statuses = [DeviceStatus(f"dev-{n:03d}", True, TIME, TIME, DeviceReport("0.1.0", tags, 0)) for n in range(60)]
    out = frames(statuses, full=True)
    assert len(out) > 1 and all(len(f) <= min(MAX_FRAME, FRAME_BUDGET + 64 * 1024) for f in out)
    decoded = [decode_server(f) for f in out]
    assert [d.full for d in decoded if isinstance(d, Devices)] == [True] + [False] * (len(out) - 1)
    client, _ = _open_pair()
    got: dict[str, DeviceStatus] = {}
    for frame in out:
        [item] = client.receive(frame)
        assert isinstance(item, DevicesReceived)
        got = merged(got, item.devices, item.full)
    assert got == {s.device_id: s for s in statuses}


def test_an_empty_snapshot_is_still_one_message() -> None:
    [frame] = frames([], full=True)
    assert msgspec.json.decode(frame) == {"type": "devices", "full": True, "devices": []}
