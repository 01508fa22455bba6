"""The seat's composition: an enrolled device's connection, document fetcher, reader and search index."""

from __future__ import annotations

from pathlib import Path

from app.keys import DeviceKeys
from app.model import Document
from app.storage.replica import Replica
from app.storage.search_index import SearchIndex
from sync.client.blobs import BlobCache
from sync.client.connection import Connection
from sync.client.device import open_device
from sync.client.documents import DocumentFetcher
from sync.client.enroll import Identity
from sync.client.reader import DocumentReader
from ui.run import SeatParts, run_seat_with

# The index holds the documents' text, so it lives in memory only: what the seat keeps on disk
# stays encrypted. Rebuilt in the background at start (2,000 pages take about half a second).
IN_MEMORY = Path(":memory:")


def seat_parts(
    identity: Identity, keys: DeviceKeys, replica: Replica, blobs: Path, search: bool = True
) -> SeatParts:
    """The parts of one seat, closed together when its window closes."""
    connection = Connection(identity, keys, replica)
    cache = BlobCache(blobs)
    reader = DocumentReader(identity.device_id, keys, cache)
    index = SearchIndex(IN_MEMORY) if search else None

    def document_bytes(document: Document) -> bytes:
        return bytes(reader.plaintext(document))

    async def close() -> None:
        if index is not None:
            index.close()

    return SeatParts(connection, DocumentFetcher(connection, cache), document_bytes, close, index)


def run_enrolled_seat(data_dir: Path, passphrase: str | None) -> int:
    identity, keys, replica = open_device(data_dir, passphrase)

    async def parts() -> SeatParts:
        return seat_parts(identity, keys, replica, data_dir / "blobs")

    seat = f" – Ghế {identity.seat}" if identity.seat else ""
    return run_seat_with(parts, f"PhòngHọp{seat}")
