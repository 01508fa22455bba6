"""The seat's composition: an enrolled device's connection, document fetcher and reader."""

from __future__ import annotations

from pathlib import Path

from app.keys import DeviceKeys
from app.model import Document
from app.storage.replica import Replica
from sync.client.blobs import BlobCache
from sync.client.connection import Connection
from sync.client.device import open_device
from sync.client.documents import DocumentFetcher
from sync.client.enroll import Identity
from sync.client.reader import DocumentReader
from ui.run import SeatParts, run_seat_with


def seat_parts(identity: Identity, keys: DeviceKeys, replica: Replica, blobs: Path) -> SeatParts:
    connection = Connection(identity, keys, replica)
    cache = BlobCache(blobs)
    reader = DocumentReader(identity.device_id, keys, cache)

    def document_bytes(document: Document) -> bytes:
        return bytes(reader.plaintext(document))

    return SeatParts(connection, DocumentFetcher(connection, cache), document_bytes)


def run_enrolled_seat(data_dir: Path, passphrase: str | None) -> int:
    identity, keys, replica = open_device(data_dir, passphrase)

    async def parts() -> SeatParts:
        return seat_parts(identity, keys, replica, data_dir / "blobs")

    seat = f" – Ghế {identity.seat}" if identity.seat else ""
    return run_seat_with(parts, f"PhòngHọp{seat}")
