"""The technician publishes a document: encrypt, wrap the key for every device, upload, announce."""

from __future__ import annotations

import asyncio
import base64
from collections.abc import Iterable
from typing import Any

import aiohttp

from app.catalog import may_read
from app.doccrypto import DEFAULT_CHUNK_SIZE, encrypt_document, new_document_key, wrap_key
from app.errors import DomainError
from app.model import Device, MeetingState, ServerState, meeting_or_empty
from sync.client.connection import Connection
from sync.client.upload import upload_blob


def readers(
    devices: Iterable[Device], meeting_id: str, state: MeetingState | None = None, audience: str = "all"
) -> list[Device]:
    """Every device that may read the meeting's documents: its seats, presidium and display,
    and the technicians (who prepare and check them); never a revoked one. With the meeting's
    state, only those the audience allows (app.catalog.may_read, which the room enforces)."""
    found = [d for d in devices if not d.revoked and (d.meeting_id == meeting_id or d.role == "technician")]
    if audience == "all":
        return found
    if state is None or state.meeting is None:
        raise DomainError("not_found", "Chưa có danh sách đại biểu của kỳ họp để biết ai được đọc tài liệu.")
    return [d for d in found if may_read(state, d, audience)]


def wrap_for(devices: Iterable[Device], key: bytes, document_id: str, version: int) -> dict[str, str]:
    return {d.device_id: wrap_key(key, base64.b64decode(d.kex_pub), document_id, version) for d in devices}


async def current_devices(server_log: Connection, timeout: float = 10.0) -> list[Device]:
    """The devices of the server's own log once this replica has caught up with the head it
    was welcomed with: a key wrapped from a stale list would leave a new seat without it."""
    async with asyncio.timeout(timeout):
        while not (
            server_log.status.kind == "online"
            and server_log.head_seq is not None
            and server_log.state.seq >= server_log.head_seq
        ):
            await asyncio.sleep(0.05)
    state = server_log.state
    if not isinstance(state, ServerState):
        raise DomainError("bad_request", "Cần kết nối tới nhật ký máy chủ để biết các thiết bị.")
    return list(state.devices.values())


async def publish_document(
    meeting: Connection,
    server_log: Connection,
    http: aiohttp.ClientSession,
    ssl: Any,
    pdf: bytes,
    *,
    document_id: str,
    title: str,
    pages: int,
    item_id: str | None,
    classification: str = "public",
    audience: str = "all",
    version: int = 1,
    change_note: str = "",
    timeout: float = 30.0,
) -> dict[str, Any]:
    """Adds (version 1) or updates the document; returns the server's answer (ack or error)."""
    token = meeting.token
    if token is None or meeting.log_id is None:
        raise DomainError("not_found", "Chưa kết nối được máy chủ phòng họp để đăng tài liệu.")
    devices = await current_devices(server_log)
    key = new_document_key()
    blob = encrypt_document(key, document_id, version, pdf, DEFAULT_CHUNK_SIZE)
    sha = await upload_blob(http, meeting.identity.url, token, ssl, bytes(blob))
    args: dict[str, Any] = {
        "document_id": document_id,
        "title": title,
        "pages": pages,
        "blob": sha,
        "size": len(blob),
        "plain_size": len(pdf),
        "chunk_size": DEFAULT_CHUNK_SIZE,
        "classification": classification,
        "version": version,
        "audience": audience,
        "keys": wrap_for(readers(devices, meeting.log_id, meeting_or_empty(meeting.state), audience), key,
                         document_id, version),
    }
    # The publisher can always open what it published, whatever its replica knew.
    me = meeting.identity.device_id
    args["keys"][me] = wrap_key(key, base64.b64decode(meeting.keys.kex_pub_b64), document_id, version)
    if version == 1:
        return await meeting.request("document.add", {**args, "item_id": item_id}, timeout)
    return await meeting.request("document.update", {**args, "change_note": change_note}, timeout)
