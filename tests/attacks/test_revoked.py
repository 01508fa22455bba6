"""A revoked device knocking again: its hello, its old bearer token, its used enrollment code.
Each refused with its code and a Vietnamese message, logged, and nothing changes."""

from __future__ import annotations

import aiohttp
import pytest

from sync.links import parse_link
from sync.tls import client_ssl_context_pinned
from tests.attacks.drill import SecurityLog, enrolled, hello, refused_handshake, session, snapshot
from tests.support import ServerProcess, patience, wait_until

pytestmark = pytest.mark.slow

SOME_BLOB = "ab" * 32


async def test_a_revoked_device_is_refused_everywhere_logged_and_changes_nothing(server: ServerProcess) -> None:
    seat, seat_keys = await enrolled(server, "delegate", "db-020", "Ghế 20")
    tech, tech_keys = await enrolled(server, "technician", name="Kỹ thuật")
    async with session(server, seat, seat_keys) as raw:
        token = raw.welcome["token"]
        async with session(server, tech, tech_keys) as console:
            answer = await console.command("revoke-1", "device.revoke", {"device_id": seat.device_id})
            assert answer["type"] == "ack", answer
        expelled = await raw.next()
        assert expelled["code"] == "unauthorized" and expelled["detail"] == {"reason": "revoked"}, expelled

    before, seen = snapshot(server), SecurityLog(server)
    error, close_code = await refused_handshake(server, [hello(seat)], seat_keys)
    assert (error["code"], close_code) == ("unauthorized", 1008), error
    assert error["detail"] == {"reason": "revoked"} and "thu hồi" in error["message"], error

    ssl_ctx = client_ssl_context_pinned(server.fingerprint)
    async with aiohttp.ClientSession() as http:
        async with http.get(f"{server.url}/v1/blobs/{SOME_BLOB}", ssl=ssl_ctx,
                            headers={"Authorization": f"Bearer {token}"}) as response:
            body = await response.json()
            assert (response.status, body["code"]) == (401, "unauthorized") and "xác thực" in body["message"], body
        code = parse_link(server.card("delegate", "db-020")["link"]).code
        enroll = {"code": code, "device_name": "Ghế 20", "sign_pub": "AAAA", "kex_pub": "AAAA"}
        async with http.post(f"{server.url}/v1/enroll", ssl=ssl_ctx, json=enroll,
                             timeout=aiohttp.ClientTimeout(total=patience(5))) as response:
            body = await response.json()
            assert (response.status, body["code"]) == (403, "forbidden") and body["message"], body

    assert snapshot(server) == before
    await wait_until(lambda: seen.has(event="handshake", code="unauthorized", claimed=seat.device_id,
                                      reason="revoked"), what="the refused hello logged")
    await wait_until(lambda: seen.has(event="http", code="unauthorized", path=f"/v1/blobs/{SOME_BLOB}"),
                     what="the refused token logged")
    await wait_until(lambda: seen.has(event="http", code="forbidden", path="/v1/enroll"), what="the used code logged")
