"""The seat's composition: an enrolled device's connection, document fetcher, reader and search index."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from app.errors import DomainError
from app.keys import DeviceKeys
from app.keystore import keyring_available
from app.model import Document
from app.storage.annotation_store import ANNOTATIONS_FILE, AnnotationStore
from app.storage.replica import Replica
from app.storage.search_index import SearchIndex
from sync.client.backup import AnnotationBackup
from sync.client.blobs import BlobCache
from sync.client.connection import Connection
from sync.client.device import KEYS_DIR, REPLICA_FILE, keystore_for, open_device, wipe_revoked
from sync.client.documents import DocumentFetcher
from sync.client.enroll import Identity
from sync.client.finder import find_room
from sync.client.reader import DocumentReader
from ui.run import SeatParts, run_seat_with
from ui.settings_dialog import SETTINGS_FILE

# The index holds the documents' text, so it lives in memory only: what the seat keeps on disk
# stays encrypted. Rebuilt in the background at start (2,000 pages take about half a second).
IN_MEMORY = Path(":memory:")


def seat_parts(
    identity: Identity, keys: DeviceKeys, replica: Replica, blobs: Path, search: bool = True
) -> SeatParts:
    """The parts of one seat, closed together when its window closes. The delegate's annotations
    are kept in the seat's data dir, beside the replica and the blobs."""
    connection = Connection(identity, keys, replica, finder=find_room)  # a moved room server: docs/discovery.md
    # A revoked seat wipes its keys, documents and notes at once (issue 6, docs/events.md).
    connection.on_revoked(lambda: wipe_revoked(blobs.parent, identity.device_id))
    cache = BlobCache(blobs)
    reader = DocumentReader(identity.device_id, keys, cache)
    index = SearchIndex(IN_MEMORY) if search else None
    annotations = AnnotationStore(blobs.parent / ANNOTATIONS_FILE)
    # Waits for the connection to come online, then restores or backs up (only a delegate's seat).
    backup = AnnotationBackup(connection, annotations)
    backup.start()

    def document_bytes(document: Document) -> memoryview:
        return reader.plaintext(document)

    async def close() -> None:
        if index is not None:
            index.close()
        await backup.stop()  # before the store closes: it may still read it
        annotations.close()

    return SeatParts(connection, DocumentFetcher(connection, cache), document_bytes, close, index,
                     annotations=annotations, settings=blobs.parent / SETTINGS_FILE)


def enrolled_identity(data_dir: Path) -> Identity | None:
    """The identity of the device enrolled in data_dir, or None when none is (yet)."""
    if not (data_dir / REPLICA_FILE).exists():
        return None
    replica = Replica(data_dir / REPLICA_FILE)
    try:
        stored = replica.get_identity()
    finally:
        replica.close()
    return Identity.from_dict(stored) if stored is not None else None


def needs_passphrase(data_dir: Path) -> bool:
    """True when this device's keys are (or would be) kept under a passphrase, not in a keyring."""
    return not keyring_available() or any((data_dir / KEYS_DIR).glob("device-*.key"))


def check_passphrase(data_dir: Path, identity: Identity, passphrase: str) -> None:
    """Raises KeyStoreError (Vietnamese message) unless passphrase unlocks the device's keys."""
    if keystore_for(data_dir, passphrase).load(identity.device_id) is None:
        raise DomainError("not_found", "Không tìm thấy khóa của thiết bị. Hãy đăng ký lại thiết bị.")


def seat_title(identity: Identity) -> str:
    seat = f" – Ghế {identity.seat}" if identity.seat else ""
    return f"PhòngHọp{seat}"


def open_seat_parts(data_dir: Path, passphrase: str | None, search: bool = True) -> SeatParts:
    """The parts of the seat enrolled in data_dir, titled with its seat."""
    identity, keys, replica = open_device(data_dir, passphrase)
    parts = seat_parts(identity, keys, replica, data_dir / "blobs", search=search)
    parts.title = seat_title(identity)
    return parts


Parts = TypeVar("Parts")


async def open_or_enroll(
    data_dir: Path,
    passphrase: str | None,
    # Generic: the chair's console opens parts of its own (a connection, no document reader).
    open_parts: Callable[[Path, str | None], Parts] = open_seat_parts,  # type: ignore[assignment]
) -> Parts | None:
    """On the Qt loop: enrol the device first if the folder has none, ask for its passphrase if
    one is needed and was not given (PHONGHOP_PASSPHRASE), then its parts from `open_parts`
    (the seat's; the hall display passes its own). None: the person left one of the dialogs."""
    # Here, not at the top: an enrolled seat with its passphrase given never shows these dialogs.
    from ui.enroll_dialog import ask_passphrase, run_enrollment

    identity = enrolled_identity(data_dir)
    if identity is None:
        enrolled = await run_enrollment(data_dir, passphrase)
        if enrolled is None:
            return None
        return open_parts(data_dir, enrolled.passphrase)
    if passphrase is None and needs_passphrase(data_dir):
        known = identity
        passphrase = await ask_passphrase(lambda typed: check_passphrase(data_dir, known, typed))
        if passphrase is None:
            return None
    return open_parts(data_dir, passphrase)


def run_enrolled_seat(data_dir: Path, passphrase: str | None) -> int:
    """`phonghop seat`: the seat window for data_dir's device, enrolling it first when needed.
    A given passphrase (PHONGHOP_PASSPHRASE) is used as is; a wrong one fails as before."""
    identity = enrolled_identity(data_dir)
    title = seat_title(identity) if identity is not None else "PhòngHọp"
    if identity is not None and (passphrase is not None or not needs_passphrase(data_dir)):
        # Scripts and keyring machines: fail before any window, as the command always did.
        identity, keys, replica = open_device(data_dir, passphrase)

        async def parts() -> SeatParts:
            return seat_parts(identity, keys, replica, data_dir / "blobs")

        return run_seat_with(parts, title)

    async def first_start() -> SeatParts | None:
        return await open_or_enroll(data_dir, passphrase)

    return run_seat_with(first_start, title)
