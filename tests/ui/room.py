"""The technician's side of the seat tests: one device following the meeting and the server log,
publishing encrypted PDFs through the real path."""

from __future__ import annotations

from pathlib import Path

import aiohttp

from app.demo import DEMO_MEETING_ID
from app.storage.replica import Replica
from sync.client.connection import Connection
from sync.client.publish import publish_document
from sync.tls import client_ssl_context_pinned
from tests.support import ServerProcess, enrolled_client


async def technician(server: ServerProcess, tmp_path: Path) -> tuple[Connection, Connection]:
    """The technician on the meeting, and the same device on the server's own log (for the keys
    of every device it wraps document keys for)."""
    tech = await enrolled_client(tmp_path / "tech", server.card("technician")["link"], "Kỹ thuật",
                                 log_id=DEMO_MEETING_ID)
    devices = Connection(tech.identity, tech.keys, Replica(tmp_path / "tech-server.db"), log_id=None)
    devices.start()
    return tech, devices


async def publish_pdf(tech: Connection, devices: Connection, server: ServerProcess, pdf: bytes, *, document_id: str,
                      title: str, pages: int, item_id: str, classification: str = "public", version: int = 1,
                      change_note: str = "") -> None:
    ssl = client_ssl_context_pinned(server.fingerprint)
    async with aiohttp.ClientSession() as http:
        answer = await publish_document(tech, devices, http, ssl, pdf, document_id=document_id, title=title,
                                        pages=pages, item_id=item_id, classification=classification,
                                        version=version, change_note=change_note)
    assert answer["type"] == "ack", answer
