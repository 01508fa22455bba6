"""A seat that stops reading is cut off; the others keep getting every event on time."""

from __future__ import annotations

import asyncio
import base64
import json
import os
import socket
import struct
from pathlib import Path

import pytest

from app.demo import DEMO_MEETING_ID
from app.keys import DeviceKeys
from sync.client.enroll import enroll
from sync.tls import client_ssl_context_pinned
from tests.support import ServerProcess, enrolled_client, patience, wait_until

pytestmark = pytest.mark.slow


class StuckSeat:
    """A raw TLS WebSocket with a tiny receive buffer, that stops reading after `auth`."""

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter):
        self.reader, self.writer = reader, writer

    @classmethod
    async def connect(cls, port: int, fingerprint: str) -> StuckSeat:
        sock = socket.socket()
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        sock.setblocking(False)
        await asyncio.get_running_loop().sock_connect(sock, ("127.0.0.1", port))
        reader, writer = await asyncio.open_connection(
            sock=sock, ssl=client_ssl_context_pinned(fingerprint), server_hostname="localhost", limit=4096
        )
        key = base64.b64encode(os.urandom(16)).decode()
        writer.write(
            f"GET /v1/ws HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n".encode()
        )
        head = await reader.readuntil(b"\r\n\r\n")
        assert head.startswith(b"HTTP/1.1 101")
        return cls(reader, writer)

    def send(self, message: dict) -> None:
        payload = json.dumps(message).encode()
        mask = os.urandom(4)
        header = bytes([0x81]) + (bytes([0x80 | len(payload)]) if len(payload) < 126 else bytes([0x80 | 126]) + struct.pack("!H", len(payload)))
        self.writer.write(header + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(payload)))

    async def receive(self) -> tuple[int, bytes]:
        first, second = await self.reader.readexactly(2)
        length = second & 0x7F
        if length == 126:
            length = struct.unpack("!H", await self.reader.readexactly(2))[0]
        elif length == 127:
            length = struct.unpack("!Q", await self.reader.readexactly(8))[0]
        return first & 0x0F, await self.reader.readexactly(length)


async def test_a_seat_that_does_not_read_does_not_hold_up_the_room(tmp_path: Path) -> None:
    server = ServerProcess(tmp_path / "room", env={"PHONGHOP_SEND_BACKLOG_BYTES": str(64 * 1024)})
    server.start()
    clients = []
    try:
        keys = DeviceKeys.generate()
        identity = await enroll(server.card("delegate", "db-080")["link"], "Ghế treo", keys)
        stuck = await StuckSeat.connect(server.port, server.fingerprint)
        stuck.send({"type": "hello", "v": 1, "device_id": identity.device_id, "meeting_id": DEMO_MEETING_ID, "last_seq": 0})
        _, challenge = await stuck.receive()
        nonce = json.loads(challenge)["nonce"]
        sig = keys.sign(f"phonghop/v1/auth|{identity.device_id}|{nonce}".encode())
        stuck.send({"type": "auth", "sig": base64.b64encode(sig).decode()})
        # From here on the stuck seat reads nothing.
        fast = await enrolled_client(tmp_path / "fast", server.card("display")["link"], "Màn hình")
        tech = await enrolled_client(tmp_path / "tech", server.card("technician")["link"], "Kỹ thuật", log_id=DEMO_MEETING_ID)
        clients = [fast, tech]
        await wait_until(lambda: fast.status.kind == "online" and tech.status.kind == "online", what="online")
        await wait_until(lambda: fast.head_seq is not None and fast.state.seq >= fast.head_seq, what="display caught up")
        start_seq = fast.state.seq
        text = ("Văn bản thông báo dài để lấp đầy bộ đệm của ghế không đọc. " * 40)[:2000]
        sent = 0
        log_path = server.stderr_path
        # Keep talking until the server gives up on the stuck seat (bounded: at most 3,000 messages).
        while "does not read" not in log_path.read_text() and sent < 3000:
            await asyncio.gather(*[tech.submit("message.send", {"to": "all", "text": text}) for _ in range(100)])
            sent += 100
            target = start_seq + sent
            await wait_until(lambda t=target: fast.state.seq >= t, timeout=20, what="the display keeps up")
        assert "does not read" in log_path.read_text(), f"still connected after {sent} messages"
        # The reading display got everything, in order, while the stuck seat sat there.
        assert fast.state.seq == start_seq + sent
        # When the stuck seat finally reads, its stream ends with a close frame 1013.
        async with asyncio.timeout(patience(30)):
            while True:
                opcode, payload = await stuck.receive()
                if opcode == 0x8:
                    assert struct.unpack("!H", payload[:2])[0] == 1013
                    break
        stuck.writer.transport.abort()
    finally:
        for client in clients:
            await client.stop()
        server.kill9()
