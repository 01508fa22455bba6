"""What every attack drill needs: a raw WebSocket session that does exactly what the attacker
wants, a snapshot of everything the server must not change, and the technician's security log."""

from __future__ import annotations

import base64
import json
import sqlite3
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

import aiohttp

from app.demo import DEMO_MEETING_ID
from app.keys import DeviceKeys
from sync.client.enroll import Identity, enroll
from sync.tls import client_ssl_context_pinned
from tests.support import ServerProcess, patience, wait_until

SECURITY_LOGGER = "phonghop.security"
# Tables of the room database an attack must leave alone: the logs and the private ballot store.
GUARDED = ("events", "secret_voters", "secret_receipts", "secret_choices", "open_ballots")


async def enrolled(server: ServerProcess, role: str, delegate_id: str | None = None,
                   name: str = "Thiết bị") -> tuple[Identity, DeviceKeys]:
    keys = DeviceKeys.generate()
    return await enroll(server.card(role, delegate_id)["link"], name, keys), keys


def hello(identity: Identity, **overrides: Any) -> dict[str, Any]:
    meeting = identity.meeting_id if identity.role != "technician" else None
    return {"type": "hello", "v": 1, "device_id": identity.device_id, "meeting_id": meeting,
            "last_seq": 0, **overrides}


@dataclass
class Raw:
    """An open session driven frame by frame; `welcome` is the server's welcome."""

    ws: aiohttp.ClientWebSocketResponse
    welcome: dict[str, Any]

    async def send(self, frame: dict[str, Any] | str | bytes) -> None:
        if isinstance(frame, dict):
            await self.ws.send_str(json.dumps(frame, ensure_ascii=False))
        elif isinstance(frame, bytes):
            await self.ws.send_bytes(frame)
        else:
            await self.ws.send_str(frame)

    async def next(self, timeout: float = 5.0) -> dict[str, Any]:
        """The next frame that is not an event, presence or device report (those come unasked)."""
        while True:
            msg = await self.ws.receive(timeout=patience(timeout))
            if msg.type != aiohttp.WSMsgType.TEXT:
                raise AssertionError(f"session ended: {msg.type} {self.ws.close_code}")
            body: dict[str, Any] = json.loads(msg.data)
            if body["type"] not in ("event", "presence", "devices", "locate"):
                return body

    async def command(self, command_id: str, name: str, args: dict[str, Any]) -> dict[str, Any]:
        await self.send({"type": "command", "id": command_id, "name": name, "args": args})
        while True:
            answer = await self.next()
            if answer.get("id") == command_id:
                return answer


@asynccontextmanager
async def connect(server: ServerProcess, local_host: str | None = None) -> AsyncIterator[aiohttp.ClientWebSocketResponse]:
    """A bare WebSocket to the room over TLS, optionally from another loopback address."""
    connector = aiohttp.TCPConnector(local_addr=(local_host, 0) if local_host else None)
    ssl_ctx = client_ssl_context_pinned(server.fingerprint)
    async with (aiohttp.ClientSession(connector=connector) as http,
                http.ws_connect(f"{server.url}/v1/ws", ssl=ssl_ctx, max_msg_size=0, autoping=True) as ws):
        yield ws


def sign_auth(keys: DeviceKeys, device_id: str, nonce: str) -> dict[str, Any]:
    sig = keys.sign(f"phonghop/v1/auth|{device_id}|{nonce}".encode())
    return {"type": "auth", "sig": base64.b64encode(sig).decode()}


@asynccontextmanager
async def session(server: ServerProcess, identity: Identity, keys: DeviceKeys,
                  local_host: str | None = None) -> AsyncIterator[Raw]:
    """A session authenticated by the rules, past its catch-up, ready to misbehave."""
    async with connect(server, local_host) as ws:
        await ws.send_json(hello(identity))
        challenge = await ws.receive_json(timeout=patience(5))
        assert challenge["type"] == "challenge", challenge
        await ws.send_json(sign_auth(keys, identity.device_id, challenge["nonce"]))
        welcome = await ws.receive_json(timeout=patience(5))
        assert welcome["type"] == "welcome", welcome
        for _ in range(welcome["head_seq"]):
            assert (await ws.receive_json(timeout=patience(5)))["type"] == "event"
        yield Raw(ws, welcome)


async def refused_handshake(server: ServerProcess, frames: list[dict[str, Any] | str | bytes],
                            keys: DeviceKeys | None = None) -> tuple[dict[str, Any], int | None]:
    """Sends frames (answering a challenge when keys are given) until the server's last word:
    the error with id null, then the close code."""
    async with connect(server) as ws:
        raw = Raw(ws, {})
        for frame in frames:
            await raw.send(frame)
        while True:
            msg = await ws.receive(timeout=patience(5))
            assert msg.type == aiohttp.WSMsgType.TEXT, f"no refusal before the close: {msg.type}"
            body: dict[str, Any] = json.loads(msg.data)
            if body["type"] == "challenge" and keys is not None:
                device_id = next(f for f in frames if isinstance(f, dict))["device_id"]
                await ws.send_json(sign_auth(keys, device_id, body["nonce"]))
            elif body["type"] == "error":
                assert body["id"] is None, body
                await ws.receive(timeout=patience(5))
                return body, ws.close_code


# -- nothing changed ---------------------------------------------------------------------------------


def snapshot(server: ServerProcess) -> dict[str, Any]:
    """Each log's (seq, hash) head and the private ballot tables' rows: what an attack must not move."""
    db = sqlite3.connect(f"file:{server.data_dir / 'room.db'}?mode=ro", uri=True)
    try:
        heads = {log: (seq, digest) for log, seq, digest in db.execute(
            "SELECT log, seq, hash FROM events e WHERE seq = (SELECT MAX(seq) FROM events WHERE log = e.log)")}
        rows = {table: sorted(map(repr, db.execute(f"SELECT * FROM {table}"))) for table in GUARDED[1:]}
        return {"heads": heads, **rows}
    finally:
        db.close()


# -- logged for the technician -----------------------------------------------------------------------


class SecurityLog:
    """The server's stderr from a mark on: its `phonghop.security` lines as dicts of fields."""

    def __init__(self, server: ServerProcess):
        self.path = server.stderr_path
        self.mark = self.path.stat().st_size if self.path.exists() else 0

    def lines(self) -> list[dict[str, str]]:
        with open(self.path, encoding="utf-8", errors="replace") as fh:
            fh.seek(self.mark)
            text = fh.read()
        found = []
        for line in text.splitlines():
            message = security_message(line)
            if message is not None:
                found.append(dict(pair.split("=", 1) for pair in message.split(" ") if "=" in pair))
        return found

    def has(self, **fields: str) -> bool:
        return any(all(entry.get(k) == v for k, v in fields.items()) for entry in self.lines())

    async def shows(self, **fields: str) -> None:
        """Waits for a line with these fields (the server writes it as it answers)."""
        await wait_until(lambda: self.has(**fields), what=f"a security log line with {fields}")


def security_message(line: str) -> str | None:
    if line.startswith("{"):  # --json-logging
        entry = json.loads(line)
        return str(entry["message"]) if entry.get("logger") == SECURITY_LOGGER else None
    marker = f" {SECURITY_LOGGER}: "
    return line.split(marker, 1)[1] if marker in line else None


def meeting_of(identity: Identity) -> str:
    return identity.meeting_id or DEMO_MEETING_ID
