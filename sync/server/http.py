"""The room server's HTTP routes: health, enrollment with one-time codes, the WebSocket."""

from __future__ import annotations

import asyncio
import logging
import time
from collections import deque
from typing import Annotated, Any

import msgspec
from aiohttp import web

from app.errors import DomainError
from app.keys import code_hash
from app.storage.backup_store import BackupStore
from sync.server.backups import add_backup_routes
from sync.server.blobs import BODY_IDLE_S, BlobStore, get_blob, put_blob, slow_body
from sync.server.room import Room
from sync.server.security import refused
from sync.server.session_registry import SessionRegistry
from sync.server.sessions import websocket_handler

log = logging.getLogger(__name__)

VERSION = "0.1.0"
ENROLL_FAILURES_ALLOWED = 10
ENROLL_WINDOW_S = 60.0

Short = Annotated[str, msgspec.Meta(min_length=1, max_length=200)]
Key = Annotated[str, msgspec.Meta(min_length=1, max_length=100)]


class EnrollRequest(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    code: Short
    device_name: Short
    sign_pub: Key
    kex_pub: Key


def error_response(error: DomainError, status: int) -> web.Response:
    return web.json_response(error.to_dict(), status=status, dumps=lambda o: msgspec.json.encode(o).decode())


STATUS = {
    "bad_request": 400,
    "unauthorized": 401,
    "forbidden": 403,
    "not_found": 404,
    "conflict": 409,
    "too_large": 413,
    "rate_limited": 429,
    "internal": 500,
}


class FailureLimiter:
    """Counts wrong enrollment codes per address so codes cannot be guessed."""

    def __init__(self, allowed: int = ENROLL_FAILURES_ALLOWED, window_s: float = ENROLL_WINDOW_S):
        self.allowed, self.window_s = allowed, window_s
        self._failures: dict[str, deque[float]] = {}

    def blocked(self, address: str) -> bool:
        stamps = self._failures.get(address)
        if not stamps:
            return False
        cutoff = time.monotonic() - self.window_s
        while stamps and stamps[0] < cutoff:
            stamps.popleft()
        return len(stamps) >= self.allowed

    def failed(self, address: str) -> None:
        self._failures.setdefault(address, deque()).append(time.monotonic())


async def health(request: web.Request) -> web.Response:
    return web.json_response({"status": "ok", "version": VERSION})


async def enroll(request: web.Request) -> web.Response:
    room: Room = request.app["room"]
    limiter: FailureLimiter = request.app["enroll_limiter"]
    address = request.remote or "?"
    if limiter.blocked(address):
        return error_response(DomainError("rate_limited"), 429)
    try:
        async with asyncio.timeout(BODY_IDLE_S):  # at most 64 KiB: a whole body, not a pause
            body = await request.read()
        req = msgspec.json.decode(body, type=EnrollRequest)
    except TimeoutError:
        return error_response(slow_body(request), 400)
    except (msgspec.DecodeError, msgspec.ValidationError, RecursionError) as exc:
        return error_response(
            DomainError("bad_request", "Yêu cầu đăng ký thiết bị không hợp lệ.", {"reason": str(exc)}), 400
        )
    try:
        device = await room.enroll(code_hash(req.code), req.device_name, req.sign_pub, req.kex_pub)
    except DomainError as exc:
        if exc.code == "forbidden":
            limiter.failed(address)
        return error_response(exc, STATUS.get(exc.code, 400))
    log.info("enrolled device %s as %s", device.device_id, device.role)
    answer: dict[str, Any] = {
        "device_id": device.device_id,
        "role": device.role,
        "meeting_id": device.meeting_id,
        "delegate_id": device.delegate_id,
        "seat": device.seat,
    }
    return web.json_response(answer)


@web.middleware
async def errors_as_json(request: web.Request, handler: Any) -> web.StreamResponse:
    """Every HTTP error, even aiohttp's own 404 or 413, has the protocol's error body; every
    refusal is logged for the technician (sync/server/security.py)."""
    try:
        response: web.StreamResponse = await handler(request)
    except DomainError as exc:
        response = error_response(exc, STATUS.get(exc.code, 400))
    except web.HTTPException as exc:
        if exc.status < 400:
            raise
        code = {v: k for k, v in STATUS.items()}.get(exc.status, "bad_request")
        if exc.status == 405:
            code = "bad_request"
        response = error_response(DomainError(code), exc.status)
    if response.status >= 400:
        body = response.body if isinstance(response, web.Response) else None
        try:
            code = msgspec.json.decode(body)["code"] if isinstance(body, bytes) else str(response.status)
        except (msgspec.DecodeError, KeyError, TypeError):
            code = str(response.status)
        refused("http", code, address=request.remote, method=request.method, path=request.raw_path)
    return response


def make_app(
    room: Room, registry: SessionRegistry, blobs: BlobStore, backups: BackupStore | None = None
) -> web.Application:
    app = web.Application(middlewares=[errors_as_json], client_max_size=64 * 1024)
    app["room"] = room
    app["sessions"] = registry
    app["enroll_limiter"] = FailureLimiter()
    app["blobs"] = blobs
    app.router.add_get("/v1/health", health)
    app.router.add_post("/v1/enroll", enroll)
    app.router.add_get("/v1/ws", websocket_handler)
    app.router.add_get("/v1/blobs/{sha256}", get_blob)  # HEAD comes with GET
    app.router.add_put("/v1/blobs/{sha256}", put_blob)
    if backups is not None:
        add_backup_routes(app, backups)
    return app
