"""Guessing enrollment codes: each wrong code is `forbidden`; after ENROLL_FAILURES_ALLOWED of
them the guessing address is `rate_limited`, even with a right code, while a seat elsewhere in
the hall enrolls as usual. Logged with the address; the server's log never moves."""

from __future__ import annotations

import secrets
from typing import Any

import aiohttp
import pytest

from app.keys import DeviceKeys
from sync.client.enroll import enroll
from sync.links import parse_link
from sync.server.http import ENROLL_FAILURES_ALLOWED
from sync.tls import client_ssl_context_pinned
from tests.attacks.drill import SecurityLog, snapshot
from tests.support import ServerProcess, patience, wait_until

pytestmark = pytest.mark.slow

GUESSER = "127.0.0.7"


async def try_code(http: aiohttp.ClientSession, server: ServerProcess, code: str) -> tuple[int, dict[str, Any]]:
    keys = DeviceKeys.generate()
    body = {"code": code, "device_name": "Máy lạ", "sign_pub": keys.sign_pub_b64, "kex_pub": keys.kex_pub_b64}
    async with http.post(f"{server.url}/v1/enroll", json=body, ssl=client_ssl_context_pinned(server.fingerprint),
                         timeout=aiohttp.ClientTimeout(total=patience(5))) as response:
        return response.status, await response.json()


async def test_guessing_codes_is_limited_per_address_logged_and_changes_nothing(server: ServerProcess) -> None:
    right_code = parse_link(server.card("delegate", "db-040")["link"]).code
    before, seen = snapshot(server), SecurityLog(server)
    connector = aiohttp.TCPConnector(local_addr=(GUESSER, 0))
    async with aiohttp.ClientSession(connector=connector) as http:
        for _ in range(ENROLL_FAILURES_ALLOWED):
            status, body = await try_code(http, server, secrets.token_urlsafe(9))
            assert (status, body["code"]) == (403, "forbidden") and body["message"], body
        status, body = await try_code(http, server, right_code)
        assert (status, body["code"]) == (429, "rate_limited") and "thử lại" in body["message"], body
    assert snapshot(server) == before
    await wait_until(lambda: seen.has(event="http", code="forbidden", address=GUESSER, path="/v1/enroll"),
                     what="the wrong codes logged")
    await wait_until(lambda: seen.has(event="http", code="rate_limited", address=GUESSER, path="/v1/enroll"),
                     what="the blocked address logged")
    # The honest seat, another address, with the very code the guesser was refused.
    identity = await enroll(server.card("delegate", "db-040")["link"], "Ghế 40", DeviceKeys.generate())
    assert identity.delegate_id == "db-040"
