"""Annotation backups over HTTP: each delegate's devices store and fetch their own sealed backup.

The server keeps the latest bytes per (meeting, delegate) and cannot read them; it is not in
the meeting's event log, which every seat receives and which would grow with every edit.
"""

from __future__ import annotations

import asyncio
import logging

from aiohttp import web

from app.annotation_backup import MAX_BACKUP
from app.clock import iso
from app.errors import DomainError
from app.model import DELEGATE, Device
from app.storage.backup_store import BackupStore

# The same bearer-token check as /v1/blobs, so the two routes cannot drift apart.
from sync.server.blobs import _bearer
from sync.server.room import Room

log = logging.getLogger(__name__)

READ_CHUNK = 256 * 1024
_TOO_LARGE = "Bản sao lưu ghi chú vượt quá giới hạn 8 MiB."


def _owner(device: Device) -> tuple[str, str]:
    """(meeting_id, delegate_id) of a delegate's seat device; forbidden for every other device."""
    if device.role != DELEGATE or device.delegate_id is None or device.meeting_id is None:
        raise DomainError("forbidden", "Chỉ thiết bị của đại biểu được sao lưu ghi chú của mình.")
    return device.meeting_id, device.delegate_id


async def _read_body(request: web.Request, limit: int) -> bytes:
    # A declared length over the limit is refused before reading a byte; an undeclared one
    # (chunked) is counted as it arrives, so nobody makes the server buffer more than the limit.
    if request.content_length is not None and request.content_length > limit:
        raise DomainError("too_large", _TOO_LARGE, {"limit": limit})
    parts: list[bytes] = []
    size = 0
    async for chunk in request.content.iter_chunked(READ_CHUNK):
        size += len(chunk)
        if size > limit:
            raise DomainError("too_large", _TOO_LARGE, {"limit": limit})
        parts.append(chunk)
    return b"".join(parts)


async def put_annotations(request: web.Request) -> web.Response:
    device = _bearer(request)
    meeting_id, delegate_id = _owner(device)
    body = await _read_body(request, MAX_BACKUP)
    if not body:
        raise DomainError("bad_request", "Bản sao lưu ghi chú trống.")
    room: Room = request.app["room"]
    store: BackupStore = request.app["backups"]
    # Answered only after the commit (synchronous=FULL): an acknowledged backup survives kill -9.
    stored = await asyncio.get_running_loop().run_in_executor(
        None, store.put, meeting_id, delegate_id, body, iso(room.clock.now())
    )
    log.info("stored the annotation backup of %s/%s (%d bytes) from %s",
             meeting_id, delegate_id, stored.size, device.device_id)
    return web.json_response({"sha256": stored.sha256, "size": stored.size})


async def get_annotations(request: web.Request) -> web.Response:
    device = _bearer(request)
    meeting_id, delegate_id = _owner(device)
    store: BackupStore = request.app["backups"]
    stored = await asyncio.get_running_loop().run_in_executor(None, store.get, meeting_id, delegate_id)
    if stored is None:
        raise DomainError("not_found", "Máy chủ chưa có bản sao lưu ghi chú của đại biểu.")
    return web.Response(
        body=stored.body,
        content_type="application/octet-stream",
        headers={"ETag": f'"{stored.sha256}"', "Cache-Control": "no-store"},
    )


async def get_recipients(request: web.Request) -> web.Response:
    """The delegate's current devices with their key-agreement keys: a seat follows only its
    meeting's log, which holds no devices, so it learns from here whom to seal the backup for."""
    device = _bearer(request)
    meeting_id, delegate_id = _owner(device)
    room: Room = request.app["room"]
    devices = sorted(
        (
            d
            for d in room.server.devices.values()
            if not d.revoked
            and d.role == DELEGATE
            and d.meeting_id == meeting_id
            and d.delegate_id == delegate_id
        ),
        key=lambda d: d.device_id,
    )
    return web.json_response(
        {
            "meeting_id": meeting_id,
            "delegate_id": delegate_id,
            "devices": [{"device_id": d.device_id, "kex_pub": d.kex_pub} for d in devices],
        }
    )


def add_backup_routes(app: web.Application, store: BackupStore) -> None:
    app["backups"] = store
    app.router.add_put("/v1/backup/annotations", put_annotations)
    app.router.add_get("/v1/backup/annotations", get_annotations, allow_head=False)
    app.router.add_get("/v1/backup/annotations/recipients", get_recipients, allow_head=False)
