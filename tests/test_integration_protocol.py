"""The wire contract over a real socket: handshake refusals and bad frames."""

from __future__ import annotations

import base64
import json
from typing import Any

import aiohttp
import pytest

from app.demo import DEMO_MEETING_ID
from app.keys import DeviceKeys
from sync.client.enroll import Identity, enroll
from sync.tls import client_ssl_context_pinned
from tests.support import ServerProcess, patience

pytestmark = pytest.mark.slow


async def seat(server: ServerProcess, delegate_id: str) -> tuple[Identity, DeviceKeys]:
    keys = DeviceKeys.generate()
    return await enroll(server.card("delegate", delegate_id)["link"], "Ghế", keys), keys


async def exchange(server: ServerProcess, frames: list[Any], keys: DeviceKeys | None = None,
                   until: int = 1) -> tuple[list[dict], int | None]:
    """Sends frames in order (a dict as JSON, str/bytes as they are); answers the challenge."""
    ssl_ctx = client_ssl_context_pinned(server.fingerprint)
    got: list[dict] = []
    async with aiohttp.ClientSession() as http, http.ws_connect(f"{server.url}/v1/ws", ssl=ssl_ctx, max_msg_size=0) as ws:
        for frame in frames:
            if isinstance(frame, dict):
                await ws.send_str(json.dumps(frame))
            elif isinstance(frame, bytes):
                await ws.send_bytes(frame)
            else:
                await ws.send_str(frame)
        errors = 0
        while True:
            msg = await ws.receive(timeout=patience(5))
            if msg.type != aiohttp.WSMsgType.TEXT:
                break
            body = json.loads(msg.data)
            got.append(body)
            if body["type"] == "challenge" and keys is not None:
                device_id = frames[0]["device_id"]
                sig = keys.sign(f"phonghop/v1/auth|{device_id}|{body['nonce']}".encode())
                await ws.send_json({"type": "auth", "sig": base64.b64encode(sig).decode()})
            if body["type"] == "error":
                errors += 1
                if errors >= until:
                    break
        if got and got[-1]["type"] == "error" and got[-1]["id"] is None:
            await ws.receive(timeout=patience(5))
        return got, ws.close_code


def hello(identity: Identity, **overrides: Any) -> dict:
    return {"type": "hello", "v": 1, "device_id": identity.device_id, "meeting_id": DEMO_MEETING_ID,
            "last_seq": 0, **overrides}


@pytest.mark.parametrize(
    ("frame", "code"),
    [
        ("not json", "bad_request"),
        ('{"type":"auth","sig":"AAAA"}', "bad_request"),
        ('{"type":"hello","v":1,"device_id":"x","meeting_id":null,"last_seq":0,"extra":1}', "bad_request"),
        ('{"type":"hello","v":2,"device_id":"x","meeting_id":null,"last_seq":0}', "unsupported_version"),
        ('{"type":"hello","v":1,"device_id":"dev-unknown","meeting_id":null,"last_seq":0}', "unauthorized"),
    ],
)
async def test_bad_handshakes_end_with_an_error_and_1008(server: ServerProcess, frame: str, code: str) -> None:
    got, close_code = await exchange(server, [frame])
    assert got[-1]["type"] == "error" and got[-1]["code"] == code and got[-1]["id"] is None
    assert got[-1]["message"]
    assert close_code == 1008


async def test_wrong_meeting_and_future_cursor_are_refused(server: ServerProcess) -> None:
    identity, keys = await seat(server, "db-061")
    got, close_code = await exchange(server, [hello(identity, meeting_id="another")], keys)
    assert got[-1]["code"] == "forbidden" and close_code == 1008
    got, close_code = await exchange(server, [hello(identity, last_seq=10**6)], keys)
    assert got[-1]["code"] == "conflict" and close_code == 1008


async def test_bad_frames_in_an_open_session_are_answered_and_the_session_goes_on(server: ServerProcess) -> None:
    identity, keys = await seat(server, "db-062")
    ssl_ctx = client_ssl_context_pinned(server.fingerprint)
    async with aiohttp.ClientSession() as http, http.ws_connect(f"{server.url}/v1/ws", ssl=ssl_ctx, max_msg_size=0) as ws:
        await ws.send_json(hello(identity))
        nonce = (await ws.receive_json(timeout=patience(5)))["nonce"]
        sig = keys.sign(f"phonghop/v1/auth|{identity.device_id}|{nonce}".encode())
        await ws.send_json({"type": "auth", "sig": base64.b64encode(sig).decode()})
        welcome = await ws.receive_json(timeout=patience(5))
        for _ in range(welcome["head_seq"]):
            assert (await ws.receive_json(timeout=patience(5)))["type"] == "event"
        bad_frames: list[str | bytes] = [
            "{not json", "[" * 10_000, '{"type":"command","id":"a","name":"attendance.check_in","args":{"x":1.5}}',
            '{"type":"command","id":"b","name":"attendance.check_in","args":{},"more":true}',
            "x" * (1024 * 1024 + 1), b"\x00\x01binary",
        ]
        for frame in bad_frames:
            if isinstance(frame, bytes):
                await ws.send_bytes(frame)
            else:
                await ws.send_str(frame)
            answer = await ws.receive_json(timeout=patience(5))
            assert answer["type"] == "error" and answer["id"] is None, answer
            assert answer["code"] in ("bad_request", "too_large") and answer["message"]
        await ws.send_json({"type": "command", "id": "ok-1", "name": "attendance.check_in", "args": {}})
        seen = [await ws.receive_json(timeout=patience(5)) for _ in range(2)]
        assert [m["type"] for m in seen] == ["event", "ack"]
        assert seen[0]["name"] == "attendance.checked_in" and seen[1]["seq"] == seen[0]["seq"]
        await ws.send_json({"type": "command", "id": "bad-args", "name": "attendance.check_in", "args": {"colour": 1}})
        refused = await ws.receive_json(timeout=patience(5))
        assert refused == {**refused, "type": "error", "id": "bad-args", "code": "bad_request"}
        await ws.send_json({"type": "command", "id": "nope", "name": "vote.unknown", "args": {}})
        unknown = await ws.receive_json(timeout=patience(5))
        assert unknown["id"] == "nope" and unknown["code"] == "bad_request"
