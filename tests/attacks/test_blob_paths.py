"""Path tricks on /v1/blobs, sent byte for byte (no client tidies them up): parent directories
plain and percent-encoded, absolute paths, backslashes, NULs, non-hex, uppercase and overlong
names. Each gets 400 or 404 with the error body, nothing outside the blob store is read or
written, and the technician's log shows the probing address."""

from __future__ import annotations

import asyncio
import hashlib
import json
import os
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from sync.tls import client_ssl_context_pinned
from tests.attacks.drill import SecurityLog, enrolled, session, snapshot
from tests.support import ServerProcess, patience, wait_until

pytestmark = pytest.mark.slow

CONTENT = b"ciphertext of a document" * 10
SHA = hashlib.sha256(CONTENT).hexdigest()
TRICKS = [
    "/v1/blobs/../room_key.pem",
    "/v1/blobs/..%2froom_key.pem",
    "/v1/blobs/%2e%2e%2froom_key.pem",
    "/v1/blobs/%2e%2e",
    "/v1/blobs/%2E%2E%2F%2E%2E%2Fetc%2Fpasswd",
    "/v1/blobs//etc/passwd",
    "/v1/blobs/%2fetc%2fpasswd",
    "/v1/blobs/..%5croom_key.pem",
    "/v1/blobs/" + SHA[:2] + "%2f" + SHA,
    "/v1/blobs/" + SHA + "%00",
    "/v1/blobs/" + SHA + "/../../room_key.pem",
    "/v1/blobs/" + SHA.upper(),
    "/v1/blobs/" + SHA + "0",
    "/v1/blobs/" + "z" * 64,
    "/v1/blobs/" + "a" * 4000,
    "/v1/blobs/~root",
]


async def raw_request(server: ServerProcess, method: str, path: str, token: str,
                      body: bytes = b"") -> tuple[int, bytes]:
    """One HTTP/1.1 request as written here, over the room's TLS; the status and the body."""
    reader, writer = await asyncio.open_connection(
        "127.0.0.1", server.port, ssl=client_ssl_context_pinned(server.fingerprint), server_hostname="phonghop")
    try:
        head = (f"{method} {path} HTTP/1.1\r\nHost: phonghop\r\nAuthorization: Bearer {token}\r\n"
                f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n")
        writer.write(head.encode() + body)
        await writer.drain()
        answer = await asyncio.wait_for(reader.read(), patience(5))
    finally:
        writer.close()
    status_line, _, rest = answer.partition(b"\r\n")
    return int(status_line.split()[1]), rest.partition(b"\r\n\r\n")[2]


def tree(root: Path) -> dict[str, float]:
    return {str(p): p.stat().st_mtime for p in root.rglob("*") if p.is_file() and not p.name.startswith("room.db") and not p.name.endswith("-server.log")}


async def test_path_tricks_read_and_write_nothing_outside_the_store(server: ServerProcess) -> None:
    tech, tech_keys = await enrolled(server, "technician", name="Kỹ thuật")
    async with session(server, tech, tech_keys) as console:
        token = console.welcome["token"]
        async with aiohttp.ClientSession() as http, http.put(
            f"{server.url}/v1/blobs/{SHA}", data=CONTENT, ssl=client_ssl_context_pinned(server.fingerprint),
            headers={"Authorization": f"Bearer {token}"}
        ) as response:
            assert response.status in (200, 201)
        secrets = [server.data_dir / "room_key.pem", Path("/etc/passwd")]
        before, seen, files = snapshot(server), SecurityLog(server), tree(server.data_dir.parent)
        for path in TRICKS:
            for method, body in (("GET", b""), ("PUT", CONTENT)):
                status, answer = await raw_request(server, method, path, token, body)
                assert status in (400, 404), (method, path, status, answer)
                error: dict[str, Any] = json.loads(answer)
                assert error["code"] in ("bad_request", "not_found") and error["message"], (path, error)
                assert any(ch in error["message"] for ch in "ảãạđươêôâấầ"), error  # Vietnamese, with its marks
                assert all(secret.read_bytes()[:40] not in answer for secret in secrets)
        assert snapshot(server) == before
        assert tree(server.data_dir.parent) == files, "a trick wrote a file"
        assert not [p for p in (server.data_dir / "blobs").rglob(".upload-*")]
        # The real name still serves the real bytes: the tricks broke nothing.
        status, answer = await raw_request(server, "GET", f"/v1/blobs/{SHA}", token)
        assert (status, answer) == (200, CONTENT)
        await wait_until(lambda: seen.has(event="http", code="bad_request", address="127.0.0.1"),
                         what="the malformed names logged")
        await wait_until(lambda: seen.has(event="http", code="not_found", address="127.0.0.1"),
                         what="the unknown paths logged")
        assert os.path.exists(server.data_dir / "room_key.pem")
