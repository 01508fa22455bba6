"""Encrypted blobs on the server: content-addressed files, uploaded by technicians, served
to the meeting's devices with HTTP range requests. The server only ever holds ciphertext."""

from __future__ import annotations

import asyncio
import hashlib
import logging
import os
import re
import tempfile
from pathlib import Path

from aiohttp import web

from app.errors import DomainError
from app.model import TECHNICIAN, Device
from app.purge import PURGED_MESSAGE
from sync.server.room import Room
from sync.server.session_registry import SessionRegistry

log = logging.getLogger(__name__)

MAX_BLOB = 2 * 1024**3
_SHA = re.compile(r"^[0-9a-f]{64}$")
# A request body that stops arriving (a slow or malicious client) frees its handler and socket
# after this long without a byte; tunable so that the attack drills need not wait.
BODY_IDLE_S = float(os.environ.get("PHONGHOP_HTTP_BODY_IDLE_S", 30.0))


def slow_body(request: web.Request) -> DomainError:
    """Drops a client whose body stalled; the refusal is for the log, the client is gone."""
    if request.transport is not None:
        request.transport.close()
    return DomainError("bad_request", "Dữ liệu gửi lên bị ngừng quá lâu; máy chủ đã ngắt kết nối.",
                       {"reason": "body_timeout"})


class BlobStore:
    """Files under root/ab/abcdef…; a blob appears whole (temp file, fsync, rename) or not at all."""

    def __init__(self, root: Path):
        self.root = root
        root.mkdir(parents=True, exist_ok=True)

    def path(self, sha: str) -> Path:
        return self.root / sha[:2] / sha

    def has(self, sha: str) -> bool:
        return bool(_SHA.match(sha)) and self.path(sha).is_file()

    async def receive(self, sha: str, request: web.Request) -> int:
        target = self.path(sha)
        target.parent.mkdir(exist_ok=True)
        digest = hashlib.sha256()
        size = 0
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".upload-")
        try:
            with os.fdopen(fd, "wb") as out:
                while True:
                    try:
                        async with asyncio.timeout(BODY_IDLE_S):
                            chunk = await request.content.read(1 << 20)
                    except TimeoutError:
                        raise slow_body(request) from None
                    if not chunk:
                        break
                    size += len(chunk)
                    if size > MAX_BLOB:
                        raise DomainError("too_large", "Tệp vượt quá giới hạn 2 GiB.")
                    digest.update(chunk)
                    out.write(chunk)
                out.flush()
                await asyncio.get_running_loop().run_in_executor(None, os.fsync, out.fileno())
            if digest.hexdigest() != sha:
                raise DomainError(
                    "bad_request",
                    "Nội dung tải lên không khớp mã băm SHA-256 của nó.",
                    {"sha256": digest.hexdigest()},
                )
            os.replace(tmp, target)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
        return size


def _bearer(request: web.Request) -> Device:
    registry: SessionRegistry = request.app["sessions"]
    room: Room = request.app["room"]
    header = request.headers.get("Authorization", "")
    token = header[7:].strip() if header.startswith("Bearer ") else ""
    device_id = registry.tokens.get(token) if token else None
    device = room.device(device_id) if device_id else None
    if device is None or device.revoked:
        raise DomainError("unauthorized", "Thiết bị chưa xác thực hoặc phiên làm việc đã hết hạn.")
    meeting = room.meetings.get(device.meeting_id or "")
    if meeting is not None and meeting.purged_at is not None:
        # Neither the documents' blobs nor the notes on them (the annotation backups, which share
        # this check) go to a purged meeting's devices any more: docs/lifecycle.md.
        raise DomainError("forbidden", PURGED_MESSAGE, {"reason": "purged", "meeting_id": device.meeting_id})
    return device


def _sha(request: web.Request) -> str:
    sha = request.match_info["sha256"]
    if not _SHA.match(sha):
        raise DomainError("bad_request", "Mã blob phải là 64 chữ số hex thường.")
    return sha


def _may_read(room: Room, device: Device, sha: str) -> bool:
    if device.role == TECHNICIAN:
        return True
    meeting = room.meetings.get(device.meeting_id or "")
    return meeting is not None and any(doc.blob == sha for doc in meeting.documents.values())


async def get_blob(request: web.Request) -> web.StreamResponse:
    """GET and HEAD, with Range (aiohttp's FileResponse answers 206 and 416 by the book)."""
    device = _bearer(request)
    sha = _sha(request)
    store: BlobStore = request.app["blobs"]
    if not _may_read(request.app["room"], device, sha) or not store.has(sha):
        raise DomainError("not_found", "Không có tệp này cho thiết bị của đại biểu.")
    return web.FileResponse(
        store.path(sha),
        headers={
            "Content-Type": "application/octet-stream",
            "Cache-Control": "private, max-age=31536000, immutable",
        },
    )


async def put_blob(request: web.Request) -> web.Response:
    device = _bearer(request)
    if device.role != TECHNICIAN:
        raise DomainError("forbidden", "Chỉ kỹ thuật viên được tải tài liệu lên máy chủ.")
    sha = _sha(request)
    store: BlobStore = request.app["blobs"]
    if store.has(sha):
        return web.json_response({"blob": sha, "size": store.path(sha).stat().st_size}, status=200)
    size = await store.receive(sha, request)
    log.info("stored blob %s (%d bytes) from %s", sha[:12], size, device.device_id)
    return web.json_response({"blob": sha, "size": size}, status=201)
