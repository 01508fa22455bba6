"""The room server as a subprocess, real TLS, several enrolled clients."""

from __future__ import annotations

import asyncio
import base64
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import aiohttp
import pytest

from app.clock import FixedClock
from app.demo import DEMO_MEETING_ID
from app.errors import DomainError
from app.keys import DeviceKeys, code_hash, new_code
from app.storage.replica import Replica
from sync.client.connection import Connection
from sync.client.enroll import enroll
from sync.links import enrollment_link
from sync.tls import client_ssl_context_pinned
from tests.support import ServerProcess, enrolled_client, patience, wait_until

pytestmark = pytest.mark.slow


async def test_listening_line_and_health(server: ServerProcess) -> None:
    assert server.url.startswith("https://127.0.0.1:")
    assert len(server.fingerprint) == 64 and server.fingerprint == server.fingerprint.lower()
    ssl_ctx = client_ssl_context_pinned(server.fingerprint)
    async with aiohttp.ClientSession() as http, http.get(f"{server.url}/v1/health", ssl=ssl_ctx) as resp:
        assert resp.status == 200
        body = await resp.json()
    assert body["status"] == "ok" and body["version"]
    async with aiohttp.ClientSession() as http:
        async with http.get(f"{server.url}/v1/nothing", ssl=ssl_ctx) as resp:
            missing = await resp.json()
            assert resp.status == 404 and missing["code"] == "not_found" and missing["message"]
        async with http.put(f"{server.url}/v1/health", ssl=ssl_ctx) as resp:
            assert resp.status == 405 and (await resp.json())["code"] == "bad_request"
        async with http.post(f"{server.url}/v1/enroll", data=b"x" * (100 * 1024), ssl=ssl_ctx) as resp:
            assert resp.status == 413 and (await resp.json())["code"] == "too_large"


async def test_seed_writes_one_card_per_seat_and_role(server: ServerProcess) -> None:
    cards = server.cards()
    delegates = [c for c in cards if c["role"] == "delegate"]
    assert len(delegates) == 85 and all(c["seat"] for c in delegates)
    assert sorted(c["role"] for c in cards if c["role"] != "delegate") == ["chair", "display", "secretary", "technician"]
    assert all(c["link"].startswith("phonghop://127.0.0.1:") and server.fingerprint in c["link"] for c in cards)
    assert all(set(c) == {"role", "delegate_id", "seat", "meeting_id", "link"} for c in cards)


async def _raw_enroll(server: ServerProcess, code: str) -> tuple[int, dict]:
    keys = DeviceKeys.generate()
    body = {"code": code, "device_name": "Máy thử", "sign_pub": keys.sign_pub_b64, "kex_pub": keys.kex_pub_b64}
    ssl_ctx = client_ssl_context_pinned(server.fingerprint)
    async with aiohttp.ClientSession() as http, http.post(f"{server.url}/v1/enroll", json=body, ssl=ssl_ctx) as resp:
        return resp.status, await resp.json()


async def test_enrollment_refuses_used_unknown_and_expired_codes(server: ServerProcess, tmp_path: Path) -> None:
    card = server.card("delegate", "db-010")
    first = await enroll(card["link"], "Ghế A01", DeviceKeys.generate())
    assert (first.role, first.delegate_id, first.meeting_id) == ("delegate", "db-010", DEMO_MEETING_ID)
    with pytest.raises(DomainError) as used:
        await enroll(card["link"], "Ghế A01 lần hai", DeviceKeys.generate())
    assert used.value.code == "forbidden" and "hết hạn" in used.value.message

    status, body = await _raw_enroll(server, new_code())
    assert status == 403 and body["code"] == "forbidden"

    # A code the technician made valid for one second, used two seconds later.
    tech = await enrolled_client(tmp_path / "tech", server.card("technician")["link"], "Kỹ thuật")
    try:
        await wait_until(lambda: tech.status.kind == "online", what="technician online")
        code = new_code()
        args = {"code_hash": code_hash(code), "role": "display", "meeting_id": DEMO_MEETING_ID, "ttl_s": 1}
        answer = await tech.request("device.enroll", args, timeout=patience(5))
        assert answer["type"] == "ack"
        await asyncio.sleep(2.0)
        status, body = await _raw_enroll(server, code)
        assert status == 403 and body["code"] == "forbidden"
    finally:
        await tech.stop()


async def test_repeated_wrong_codes_are_rate_limited(server: ServerProcess) -> None:
    statuses = [(await _raw_enroll(server, new_code()))[0] for _ in range(12)]
    assert statuses[:10] == [403] * 10
    assert statuses[-1] == 429
    # Even a good code waits out the limit from this address.
    good = server.card("delegate", "db-020")["link"]
    with pytest.raises(DomainError) as limited:
        await enroll(good, "Ghế", DeviceKeys.generate())
    assert limited.value.code == "rate_limited"


async def test_malformed_enroll_body_is_refused_with_a_coded_error(server: ServerProcess) -> None:
    ssl_ctx = client_ssl_context_pinned(server.fingerprint)
    async with aiohttp.ClientSession() as http:
        for body in (b"not json", b"[]", json.dumps({"code": "x", "extra": 1}).encode(), b"{" * 5000):
            async with http.post(f"{server.url}/v1/enroll", data=body, ssl=ssl_ctx) as resp:
                answer = await resp.json()
                assert resp.status == 400 and answer["code"] == "bad_request" and answer["message"]


async def _raw_session(server: ServerProcess, device_id: str, sign) -> tuple[list[dict], int | None]:
    ssl_ctx = client_ssl_context_pinned(server.fingerprint)
    received: list[dict] = []
    async with aiohttp.ClientSession() as http, http.ws_connect(f"{server.url}/v1/ws", ssl=ssl_ctx) as ws:
        await ws.send_json({"type": "hello", "v": 1, "device_id": device_id, "meeting_id": DEMO_MEETING_ID, "last_seq": 0})
        challenge = await ws.receive_json(timeout=patience(5))
        received.append(challenge)
        message = f"phonghop/v1/auth|{device_id}|{challenge['nonce']}".encode()
        await ws.send_json({"type": "auth", "sig": base64.b64encode(sign(message)).decode()})
        async for msg in ws:
            if msg.type == aiohttp.WSMsgType.TEXT:
                received.append(json.loads(msg.data))
                if received[-1]["type"] in ("welcome", "error"):
                    break
        if received[-1]["type"] == "error":
            await ws.receive(timeout=patience(5))
        return received, ws.close_code


async def test_wrong_signature_is_refused_and_the_connection_closed(server: ServerProcess) -> None:
    keys = DeviceKeys.generate()
    identity = await enroll(server.card("delegate", "db-030")["link"], "Ghế", keys)
    stranger = DeviceKeys.generate()
    received, close_code = await _raw_session(server, identity.device_id, stranger.sign)
    assert received[-1]["type"] == "error" and received[-1]["id"] is None
    assert received[-1]["code"] == "unauthorized"
    assert close_code == 1008
    received, _ = await _raw_session(server, identity.device_id, keys.sign)
    assert received[-1]["type"] == "welcome" and received[-1]["role"] == "delegate"
    assert received[-1]["delegate_id"] == "db-030" and received[-1]["head_seq"] > 0


async def test_check_in_is_seen_by_every_device(server: ServerProcess, tmp_path: Path) -> None:
    seats = [
        await enrolled_client(tmp_path / d, server.card("delegate", d)["link"], f"Ghế {d}")
        for d in ("db-040", "db-041", "db-042")
    ]
    display = await enrolled_client(tmp_path / "display", server.card("display")["link"], "Màn hình")
    everyone = [*seats, display]
    try:
        await wait_until(lambda: all(c.status.kind == "online" for c in everyone), what="all online")
        await wait_until(lambda: all(len(c.state.delegates) == 85 for c in everyone), what="replicas synced")
        answer = await seats[0].request("attendance.check_in", {}, timeout=patience(5))
        assert answer["type"] == "ack"
        await wait_until(lambda: all("db-040" in c.state.present for c in everyone), what="check-in everywhere")
        again = await seats[0].request("attendance.check_in", {}, timeout=patience(5))
        assert again["type"] == "error" and again["code"] == "conflict"
        refused = await display.request("attendance.check_in", {"delegate_id": "db-041"}, timeout=patience(5))
        assert refused["code"] == "forbidden" and "Màn hình hội trường" in refused["message"]
        heads = {c.state.head for c in everyone}
        assert len(heads) == 1
    finally:
        for client in everyone:
            await client.stop()


async def test_revoked_device_is_disconnected_at_once(server: ServerProcess, tmp_path: Path) -> None:
    seat = await enrolled_client(tmp_path / "seat", server.card("delegate", "db-050")["link"], "Ghế")
    tech = await enrolled_client(tmp_path / "tech", server.card("technician")["link"], "Kỹ thuật")
    try:
        await wait_until(lambda: seat.status.kind == "online" and tech.status.kind == "online", what="online")
        answer = await tech.request("device.revoke", {"device_id": seat.identity.device_id}, timeout=patience(5))
        assert answer["type"] == "ack"
        await wait_until(lambda: seat.status.kind == "refused", timeout=3, what="seat refused")
        assert seat.status.error is not None and seat.status.error.code == "unauthorized"
        assert seat.identity.device_id in tech.state.devices and tech.state.devices[seat.identity.device_id].revoked
    finally:
        await seat.stop()
        await tech.stop()


async def test_sigterm_stops_cleanly_and_seed_is_not_repeated(server: ServerProcess, tmp_path: Path) -> None:
    cards_before = (server.data_dir / "enrollment.json").read_bytes()
    assert server.terminate() == 0
    again = ServerProcess(server.data_dir, port=server.port)
    again.start()
    try:
        assert again.fingerprint == server.fingerprint
        assert (server.data_dir / "enrollment.json").read_bytes() == cards_before
        link = next(c for c in json.loads(cards_before) if c["delegate_id"] == "db-060")["link"]
        identity = await enroll(link, "Ghế", DeviceKeys.generate())
        assert identity.delegate_id == "db-060"
    finally:
        again.kill9()


async def test_unknown_link_is_refused_with_a_vietnamese_message() -> None:
    with pytest.raises(DomainError) as bad:
        await enroll("https://example/enroll?code=x", "Ghế", DeviceKeys.generate())
    assert bad.value.code == "bad_request" and "Liên kết" in bad.value.message
    link = enrollment_link("127.0.0.1", 1, "AAAA", "0" * 64)
    with pytest.raises(DomainError) as unreachable:
        await enroll(link, "Ghế", DeviceKeys.generate(), timeout_s=2)
    assert unreachable.value.code == "not_found"


async def test_several_meetings_on_one_server_keep_their_own_logs(server: ServerProcess, tmp_path: Path) -> None:
    tech = await enrolled_client(tmp_path / "tech", server.card("technician")["link"], "Kỹ thuật")
    hall_seat = await enrolled_client(tmp_path / "hall", server.card("delegate", "db-005")["link"], "Ghế")
    try:
        await wait_until(lambda: tech.status.kind == "online" and hall_seat.status.kind == "online", what="online")
        created = await tech.request("meeting.create", {"kind": "standing_committee", "meeting_id": "tt-2026-12",
                                                        "title": "Phiên họp Thường trực HĐND tỉnh tháng 12", "n_total": 7},
                                     timeout=patience(5))
        assert created["type"] == "ack"
        # The same technician device works on the new meeting through a second connection.
        tt = Connection(tech.identity, tech.keys, Replica(tmp_path / "tt.db"), log_id="tt-2026-12")
        tt.start()
        try:
            await wait_until(lambda: tt.status.kind == "online", what="technician on the new meeting")
            answers = [
                await tt.request("delegate.add", {"delegate_id": "tt-1", "name": "Vũ Đình Khiêm", "title": "Chủ tịch HĐND tỉnh",
                                                  "group_id": "tt", "group_name": "Thường trực", "gender": "male",
                                                  "roles": ["delegate", "chair"]}, timeout=patience(5)),
                await tt.request("seat.add", {"seat_id": "TT-1", "label": "TT-1", "row": 0, "col": 1, "delegate_id": "tt-1"},
                                 timeout=patience(5)),
            ]
            assert [a["type"] for a in answers] == ["ack", "ack"]
            code = new_code()
            enrolled = await tech.request("device.enroll", {"code_hash": code_hash(code), "role": "delegate",
                                                            "meeting_id": "tt-2026-12", "delegate_id": "tt-1"},
                                          timeout=patience(5))
            assert enrolled["type"] == "ack"
            link = enrollment_link("127.0.0.1", server.port, code, server.fingerprint)
            tt_seat = await enrolled_client(tmp_path / "tt-seat", link, "Ghế Thường trực")
            try:
                await wait_until(lambda: tt_seat.status.kind == "online" and "tt-1" in tt_seat.state.delegates, what="tt seat")
                assert tt_seat.identity.seat == "TT-1"
                await hall_seat.request("attendance.check_in", {}, timeout=patience(5))
                await tt_seat.request("attendance.check_in", {}, timeout=patience(5))
                await wait_until(lambda: "tt-1" in tt.state.present, what="tt check-in")
                assert tt_seat.state.present == frozenset({"tt-1"})
                assert "tt-1" not in hall_seat.state.present and "db-005" in hall_seat.state.present
                assert all(e.meeting_id == "tt-2026-12" for e in tt_seat.replica.events())
            finally:
                await tt_seat.stop()
        finally:
            await tt.stop()
    finally:
        await tech.stop()
        await hall_seat.stop()


async def test_a_device_with_a_wrong_clock_counts_in_the_room_s_time(server: ServerProcess, tmp_path: Path) -> None:
    # A laptop whose clock is off by a day: countdowns must still use the server's time.
    seat = await enrolled_client(tmp_path / "seat", server.card("delegate", "db-003")["link"], "Ghế", start=False)
    wrong = FixedClock(datetime.now(UTC) - timedelta(days=1))
    skewed = Connection(seat.identity, seat.keys, seat.replica, clock=wrong)
    skewed.start()
    try:
        await wait_until(lambda: skewed.status.kind == "online", what="online")
        assert abs((skewed.room_clock.now() - datetime.now(UTC)).total_seconds()) < 5
        assert skewed.clock.now() == wrong.now()  # the device's own clock is left alone
    finally:
        await skewed.stop()
