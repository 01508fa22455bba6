"""Slow HTTP clients: headers sent a byte at a time (slowloris), a blob or enrollment body that
never finishes. The server goes on answering everyone else at once and drops the slow ones after
its timeouts (shortened here through the environment); a stalled upload leaves no temp file."""

from __future__ import annotations

import asyncio
import contextlib
import time

import aiohttp
import pytest

from sync.tls import client_ssl_context_pinned
from tests.attacks.drill import SecurityLog, enrolled, session, snapshot
from tests.support import ServerProcess, patience, wait_until

pytestmark = pytest.mark.slow

IDLE_S = 1.5
SERVER_ENV = {"PHONGHOP_HTTP_IDLE_S": str(IDLE_S), "PHONGHOP_HTTP_BODY_IDLE_S": str(IDLE_S)}
SLOW_CLIENTS = 40
HONEST_BOUND_S = 1.0


async def open_tls(server: ServerProcess) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
    return await asyncio.open_connection("127.0.0.1", server.port, server_hostname="phonghop",
                                         ssl=client_ssl_context_pinned(server.fingerprint))


async def trickle(server: ServerProcess, data: bytes, pause_s: float) -> float:
    """Sends `data` a byte per pause until the server hangs up; how long the server bore it."""
    reader, writer = await open_tls(server)
    started = time.monotonic()
    try:
        for byte in data:
            writer.write(bytes([byte]))
            await writer.drain()
            with contextlib.suppress(TimeoutError):
                if not await asyncio.wait_for(reader.read(1), pause_s):
                    break  # EOF: the server let go
        else:
            await asyncio.wait_for(reader.read(), patience(10))
    except (ConnectionError, OSError):
        pass
    finally:
        writer.close()
    return time.monotonic() - started


async def honest_health(server: ServerProcess, http: aiohttp.ClientSession) -> float:
    started = time.monotonic()
    async with http.get(f"{server.url}/v1/health", ssl=client_ssl_context_pinned(server.fingerprint),
                        timeout=aiohttp.ClientTimeout(total=patience(5))) as response:
        assert response.status == 200
    return time.monotonic() - started


async def test_slowloris_headers_are_dropped_while_others_are_served(server: ServerProcess) -> None:
    head = b"GET /v1/health HTTP/1.1\r\nHost: phonghop\r\nX-Slow: " + b"a" * 200 + b"\r\n\r\n"
    slow = [asyncio.create_task(trickle(server, head, 0.2)) for _ in range(SLOW_CLIENTS)]
    await asyncio.sleep(0.3)
    async with aiohttp.ClientSession() as http:
        honest = []
        while not all(task.done() for task in slow):
            honest.append(await honest_health(server, http))
            await asyncio.sleep(0.1)
            assert len(honest) < 200, "the slow clients were never dropped"
    held = [task.result() for task in slow]
    print(f"slowloris: {SLOW_CLIENTS} clients held {min(held):.2f}-{max(held):.2f} s (timeout {IDLE_S} s); "
          f"honest health checks: {len(honest)}, slowest {max(honest) * 1000:.0f} ms")
    assert max(held) < IDLE_S + patience(3), held
    assert max(honest) < patience(HONEST_BOUND_S), honest


async def test_a_stalled_upload_is_dropped_logged_and_leaves_nothing(server: ServerProcess) -> None:
    tech, tech_keys = await enrolled(server, "technician", name="Kỹ thuật")
    async with session(server, tech, tech_keys) as console:
        token = console.welcome["token"]
        before, seen = snapshot(server), SecurityLog(server)
        sha = "cd" * 32
        requests = [
            f"PUT /v1/blobs/{sha} HTTP/1.1\r\nHost: phonghop\r\nAuthorization: Bearer {token}\r\n"
            "Content-Length: 100000\r\n\r\n".encode() + b"x" * 500,
            b"POST /v1/enroll HTTP/1.1\r\nHost: phonghop\r\nContent-Type: application/json\r\n"
            b"Content-Length: 5000\r\n\r\n" + b'{"code": "',
        ]
        async with aiohttp.ClientSession() as http:
            stalled = []
            for data in requests:
                reader, writer = await open_tls(server)
                writer.write(data)
                await writer.drain()
                stalled.append((reader, writer, time.monotonic()))
            # Meanwhile the server answers as usual.
            assert await honest_health(server, http) < patience(HONEST_BOUND_S)
            for reader, writer, started in stalled:
                with contextlib.suppress(ConnectionError, OSError):
                    await asyncio.wait_for(reader.read(), patience(IDLE_S + 5))
                held = time.monotonic() - started
                writer.close()
                assert IDLE_S * 0.8 < held < IDLE_S + patience(3), held
        assert snapshot(server) == before
        assert not list((server.data_dir / "blobs").rglob(".upload-*")), "a stalled upload left its temp file"
        await wait_until(lambda: seen.has(event="http", code="bad_request", path=f"/v1/blobs/{sha}"),
                         what="the stalled upload logged")
        await wait_until(lambda: seen.has(event="http", code="bad_request", path="/v1/enroll"),
                         what="the stalled enrollment logged")
