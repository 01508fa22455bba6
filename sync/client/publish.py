"""The technician publishes a document: encrypt, wrap the key for every device, upload, announce."""

from __future__ import annotations

import base64
from collections.abc import Iterable
from typing import Any

import aiohttp

from app.doccrypto import DEFAULT_CHUNK_SIZE, encrypt_document, new_document_key, wrap_key
from app.errors import DomainError
from app.model import Device
from sync.client.connection import Connection
from sync.client.upload import upload_blob


def readers(devices: Iterable[Device], meeting_id: str) -> list[Device]:
    """Every device that may read the meeting's documents: its seats, presidium and display,
    and the technicians (who prepare and check them); never a revoked one."""
    return [d for d in devices if not d.revoked and (d.meeting_id == meeting_id or d.role == "technician")]


def wrap_for(devices: Iterable[Device], key: bytes, document_id: str, version: int) -> dict[str, str]:
    return {d.device_id: wrap_key(key, base64.b64decode(d.kex_pub), document_id, version) for d in devices}


async def publish_document(
    meeting: Connection,
    devices: Iterable[Device],
    http: aiohttp.ClientSession,
    ssl: Any,
    pdf: bytes,
    *,
    document_id: str,
    title: str,
    pages: int,
    item_id: str | None,
    classification: str = "public",
    version: int = 1,
    change_note: str = "",
    timeout: float = 30.0,
) -> dict[str, Any]:
    """Adds (version 1) or updates the document; returns the server's answer (ack or error)."""
    token = meeting.token
    if token is None or meeting.log_id is None:
        raise DomainError("not_found", "Chưa kết nối được máy chủ phòng họp để đăng tài liệu.")
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
        "keys": wrap_for(readers(devices, meeting.log_id), key, document_id, version),
    }
    if version == 1:
        return await meeting.request("document.add", {**args, "item_id": item_id}, timeout)
    return await meeting.request("document.update", {**args, "change_note": change_note}, timeout)
