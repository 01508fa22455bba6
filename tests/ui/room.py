"""The technician's side of the seat tests: one device following the meeting and the server log,
publishing encrypted PDFs through the real path."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

import aiohttp
from pytestqt.qtbot import QtBot

from app.demo import DEMO_MEETING_ID
from app.model import Document
from app.storage.replica import Replica
from app.storage.search_index import SearchIndex
from sync.client.blobs import BlobCache
from sync.client.connection import Connection
from sync.client.documents import DocumentFetcher
from sync.client.publish import publish_document
from sync.client.reader import DocumentReader
from sync.tls import client_ssl_context_pinned
from tests.support import ServerProcess, enrolled_client
from ui.seat_model import SeatViewModel
from ui.seat_window import SeatWindow


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


@dataclass
class Seat:
    """A delegate's seat window composed as phonghop.seat does it (real connection, fetcher and
    decrypting reader), started; `opened` lists the documents the reader decrypted, in order."""

    connection: Connection
    fetcher: DocumentFetcher
    model: SeatViewModel
    window: SeatWindow
    opened: list[str] = field(default_factory=list)


async def seat_window(server: ServerProcess, tmp_path: Path, qtbot: QtBot, delegate_id: str,
                      search: SearchIndex | None = None, url: str | None = None) -> Seat:
    """`url`: where the seat connects after enrolling (a tests.netproxy proxy, to cut the hall's network)."""
    connection = await enrolled_client(tmp_path / "seat", server.card("delegate", delegate_id)["link"], "Ghế",
                                       start=False)
    if url is not None:
        connection.identity = replace(connection.identity, url=url)
    cache = BlobCache(tmp_path / "seat-blobs")
    fetcher = DocumentFetcher(connection, cache)
    reader = DocumentReader(connection.identity.device_id, connection.keys, cache)
    opened: list[str] = []

    def document_bytes(document: Document) -> memoryview:
        opened.append(document.document_id)
        return reader.plaintext(document)

    model = SeatViewModel(connection, fetcher)
    window = SeatWindow(model, document_bytes, search=search)
    qtbot.addWidget(window)
    window.resize(1366, 820)
    window.show()
    connection.start()
    fetcher.start()
    return Seat(connection, fetcher, model, window, opened)
