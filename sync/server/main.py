"""Runs the room server: certificate, store, room, routes; prints the listening line."""

from __future__ import annotations

import asyncio
import asyncio.sslproto
import json
import logging
import os
import signal
import socket
import sys
from pathlib import Path

from aiohttp import web

from app.clock import SystemClock
from app.keys import RoomKey
from app.storage.backup_store import BackupStore
from app.storage.server_store import ServerStore
from sync.discovery import Announcer, room_name
from sync.server.blobs import BlobStore
from sync.server.collector import IdleCollector
from sync.server.http import make_app
from sync.server.room import Room
from sync.server.seed import seed_demo
from sync.server.session_registry import SessionRegistry
from sync.tls import ensure_room_certificate, server_ssl_context

log = logging.getLogger(__name__)

CLOSE_GOING_AWAY = 1001
# asyncio gives every TLS connection a 256 KiB read buffer (SSLProtocol.max_size); a TLS
# record is at most 16 KiB, so 16 KiB reads lose nothing and save 240 KiB per seat.
TLS_READ_BUFFER = 16 * 1024
# An HTTP connection that has not sent a whole request this long after it opened (or after its
# last answer) is closed: a client trickling its headers byte by byte holds a socket only so
# long. aiohttp's default is an hour. Tunable so that the attack drills need not wait.
HTTP_IDLE_S = float(os.environ.get("PHONGHOP_HTTP_IDLE_S", 20.0))


async def dump_memory_snapshots(folder: Path, every_s: float = 60.0) -> None:
    """PHONGHOP_TRACEMALLOC=FOLDER: a tracemalloc snapshot there every minute, to find what grows
    in a long soak (tests/perf/soak.py compares them). Slows the server: diagnosis only."""
    import tracemalloc

    tracemalloc.start(12)
    folder.mkdir(parents=True, exist_ok=True)
    n = 0
    while True:
        await asyncio.sleep(every_s)
        n += 1
        tracemalloc.take_snapshot().dump(str(folder / f"server-{n:04d}.tracemalloc"))


def tune_tls_buffers() -> None:
    asyncio.sslproto.SSLProtocol.max_size = TLS_READ_BUFFER


def advertised_host(host: str) -> str:
    """The address seats should dial: the LAN address when listening on every interface."""
    if host not in ("", "0.0.0.0", "::"):
        return host
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            probe.connect(("10.255.255.255", 1))  # no packet is sent for UDP connect
            return str(probe.getsockname()[0])
    except OSError:
        return "127.0.0.1"


async def serve(
    data_dir: Path, host: str, port: int, seed: bool, announce: bool = True, name: str | None = None
) -> None:
    tune_tls_buffers()
    tracing = os.environ.get("PHONGHOP_TRACEMALLOC")
    tracer = asyncio.create_task(dump_memory_snapshots(Path(tracing))) if tracing else None
    data_dir.mkdir(parents=True, exist_ok=True)
    public_host = advertised_host(host)
    cert = ensure_room_certificate(data_dir, sorted({public_host, host} - {"", "0.0.0.0", "::"}))
    room_key = RoomKey.load_or_create(data_dir / "room_key.pem")
    store = ServerStore(data_dir / "room.db")
    room = Room(store, SystemClock(), room_key.sign)
    room.load()
    room.start()
    registry = SessionRegistry(room_key.public_b64)
    room.on_revoked = registry.revoke
    blobs = BlobStore(data_dir / "blobs")
    room.has_blob = blobs.has
    backups = BackupStore(data_dir / "backups.db")
    runner = web.AppRunner(make_app(room, registry, blobs, backups), handle_signals=False, access_log=None,
                           keepalive_timeout=HTTP_IDLE_S)
    await runner.setup()
    site = web.TCPSite(runner, host, port, ssl_context=server_ssl_context(cert), backlog=2048)
    await site.start()
    bound = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    if seed:
        await seed_demo(room, data_dir, public_host, bound, cert.fingerprint)
    # What was loaded lives as long as the server: frozen now, so collections never rescan it;
    # later full collections run only at quiet moments, never inside a fan-out to the hall.
    collector = IdleCollector(lambda: room.last_busy, closed=lambda: registry.closed)
    collector.start()
    # Signals are ours before anyone learns we listen: a SIGTERM right after the line is clean.
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    shown = f"[{public_host}]" if ":" in public_host else public_host
    line = {"event": "listening", "url": f"https://{shown}:{bound}", "fingerprint": cert.fingerprint}
    sys.stdout.write(json.dumps(line) + "\n")
    sys.stdout.flush()
    log.info("listening on %s:%d", host, bound)
    # After the listening line: the LAN announcement is a convenience and never delays a start.
    councils = (m.council for m in room.server.meetings.values())
    announcer = Announcer(name or room_name(councils), host, lambda: advertised_host(host), bound, cert.fingerprint)
    if announce:
        announcer.start()
    try:
        await stop.wait()
    finally:
        await announcer.stop()
        if tracer is not None:
            tracer.cancel()
        log.info("stopping: closing %d sessions", len(registry.all()))
        for session in registry.all():
            session.close(CLOSE_GOING_AWAY, b"server stopping")
        await site.stop()
        await runner.cleanup()
        await room.stop()
        await collector.stop()
        backups.close()
        store.close()
        log.info("stopped cleanly")
