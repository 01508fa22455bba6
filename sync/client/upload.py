"""The technician's side of documents: upload an encrypted blob, verified by its hash."""

from __future__ import annotations

import hashlib
from typing import Any

import aiohttp

from app.errors import DomainError


async def upload_blob(http: aiohttp.ClientSession, base_url: str, token: str, ssl: Any, blob: bytes) -> str:
    """PUTs the blob under its SHA-256 and returns that id; a blob already there is not sent twice."""
    sha = hashlib.sha256(blob).hexdigest()
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/octet-stream"}
    async with http.put(f"{base_url}/v1/blobs/{sha}", data=blob, headers=headers, ssl=ssl) as resp:
        body = await resp.json(content_type=None)
        if resp.status not in (200, 201):
            raise DomainError(str(body.get("code", "bad_request")), body.get("message"), body.get("detail"))
    return sha
