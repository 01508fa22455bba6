"""The benchmark's floor: a bare aiohttp WebSocket server over TLS that only echoes and broadcasts.

For each text frame it receives it parses the JSON, broadcasts one event frame of the size of
an `attendance.checked_in` event (~300 bytes; for a `message.send` it carries the text) to every
connected socket, then answers the sender with {"type":"ack","id":...,"seq":n}. No
authentication, no storage, no validation: the least work the room server must also do per
check-in. Same TLS stack (sync.tls), same WebSocket settings as the room server.

`python tests/perf/floor_server.py [--port 0]` prints {"event":"listening","url","fingerprint"}.

Two experiments, off by default (the floor proper is the bare stdlib/aiohttp path), to show
what the room server could gain; bench_backbone.py passes its environment through:
- FLOOR_COALESCE=1: frames for one socket queued in the same loop iteration go out as ONE
  transport write (one TLS record, one send syscall) instead of one write per frame;
- FLOOR_SSL_MAX_SIZE=N: asyncio's SSLProtocol read buffer (256 KiB per connection in
  Python 3.11, asyncio/sslproto.py `max_size`) set to N bytes.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import json
import logging
import os
import signal
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from aiohttp import WSMsgType, web

from sync.protocol.messages import MAX_FRAME
from sync.tls import ensure_room_certificate, server_ssl_context

log = logging.getLogger("floor")

COALESCE = os.environ.get("FLOOR_COALESCE") == "1"
if os.environ.get("FLOOR_SSL_MAX_SIZE"):
    import asyncio.sslproto

    asyncio.sslproto.SSLProtocol.max_size = int(os.environ["FLOOR_SSL_MAX_SIZE"])


def ws_text_frame(payload: bytes) -> bytes:
    """An unmasked, final text frame (server to client), RFC 6455 §5.2."""
    n = len(payload)
    if n < 126:
        return bytes((0x81, n)) + payload
    if n < 65536:
        return bytes((0x81, 126)) + n.to_bytes(2, "big") + payload
    return bytes((0x81, 127)) + n.to_bytes(8, "big") + payload


class Coalescer:
    """Per-socket pending frames, flushed once per loop iteration as one write."""

    def __init__(self) -> None:
        self.pending: dict[web.WebSocketResponse, list[bytes]] = {}
        self.transports: dict[web.WebSocketResponse, asyncio.BaseTransport] = {}
        self.scheduled = False

    def send(self, ws: web.WebSocketResponse, frame: bytes) -> None:
        self.pending.setdefault(ws, []).append(frame)
        if not self.scheduled:
            self.scheduled = True
            asyncio.get_running_loop().call_soon(self.flush)

    def flush(self) -> None:
        self.scheduled = False
        pending, self.pending = self.pending, {}
        for ws, frames in pending.items():
            transport = self.transports.get(ws)
            if transport is not None and not transport.is_closing():
                transport.write(b"".join(frames))  # type: ignore[attr-defined]


class Floor:
    def __init__(self) -> None:
        self.sockets: set[web.WebSocketResponse] = set()
        self.seq = 0
        self.prev = "0" * 64
        self.coalescer = Coalescer() if COALESCE else None

    def event_frame(self, name: str, data: dict[str, object]) -> str:
        self.seq += 1
        at = datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")
        digest = hashlib.sha256(f"{self.seq}{at}".encode()).hexdigest()
        frame = json.dumps({
            "type": "event", "meeting_id": "floor", "seq": self.seq, "at": at, "actor": "dev-floor-000001",
            "name": name, "data": data, "prev": self.prev, "hash": digest,
        }, ensure_ascii=False, separators=(",", ":"))
        self.prev = digest
        return frame

    async def handler(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse(max_msg_size=4 * MAX_FRAME, compress=False, heartbeat=20.0)
        await ws.prepare(request)
        if self.coalescer is not None:
            self.coalescer.transports[ws] = request.transport  # type: ignore[assignment]
        self.sockets.add(ws)
        try:
            async for msg in ws:
                if msg.type != WSMsgType.TEXT:
                    continue
                try:
                    command = json.loads(msg.data)
                except ValueError:
                    continue
                args = command.get("args") or {}
                if command.get("name") == "message.send":
                    frame = self.event_frame("message.sent", {
                        "message_id": f"msg-{self.seq + 1}", "to": args.get("to", "all"),
                        "text": args.get("text", ""), "from_role": "chair",
                    })
                else:
                    frame = self.event_frame("attendance.checked_in", {"delegate_id": f"db-{self.seq + 1:04d}"})
                seq = self.seq
                if self.coalescer is not None:
                    wire = ws_text_frame(frame.encode())
                    for peer in tuple(self.sockets):
                        self.coalescer.send(peer, wire)
                    ack = json.dumps({"type": "ack", "id": command.get("id"), "seq": seq})
                    self.coalescer.send(ws, ws_text_frame(ack.encode()))
                    continue
                for peer in tuple(self.sockets):
                    try:
                        await peer.send_str(frame)
                    except (ConnectionError, RuntimeError):
                        self.sockets.discard(peer)
                await ws.send_str(json.dumps({"type": "ack", "id": command.get("id"), "seq": seq}))
        finally:
            self.sockets.discard(ws)
            if self.coalescer is not None:
                self.coalescer.transports.pop(ws, None)
        return ws


async def serve(host: str, port: int) -> None:
    data = Path(tempfile.mkdtemp(prefix="phonghop-floor-"))
    cert = ensure_room_certificate(data, [host])
    floor = Floor()
    app = web.Application()
    app.router.add_get("/v1/ws", floor.handler)
    runner = web.AppRunner(app, handle_signals=False, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, host, port, ssl_context=server_ssl_context(cert), backlog=2048)
    await site.start()
    bound = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    sys.stdout.write(json.dumps({"event": "listening", "url": f"https://{host}:{bound}",
                                 "fingerprint": cert.fingerprint}) + "\n")
    sys.stdout.flush()
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    await stop.wait()
    for ws in tuple(floor.sockets):
        await ws.close()
    await runner.cleanup()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr)
    asyncio.run(serve(args.host, args.port))


if __name__ == "__main__":
    main()
