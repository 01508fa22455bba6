"""The hall display's composition: the display device's connection, document fetcher and reader."""

from __future__ import annotations

from pathlib import Path

from app.keys import DeviceKeys
from app.model import DISPLAY
from app.storage.replica import Replica
from phonghop.device_role import open_checked, require_role
from phonghop.seat import enrolled_identity, needs_passphrase, open_or_enroll
from sync.client.blobs import BlobCache
from sync.client.connection import Connection
from sync.client.device import open_device
from sync.client.documents import DocumentFetcher
from sync.client.enroll import Identity
from sync.client.finder import find_room
from sync.client.reader import DocumentReader
from ui.display_run import run_display_with
from ui.run import SeatParts

TITLE = "PhòngHọp – Màn hình hội trường"


def display_parts(identity: Identity, keys: DeviceKeys, replica: Replica, blobs: Path) -> SeatParts:
    """The seat's reading path (blobs fetched encrypted, decrypted in memory for each page
    shown) without what a display has no use for: no search index, no annotations."""
    check_role(identity)
    connection = Connection(identity, keys, replica, finder=find_room)  # a moved room server: docs/discovery.md
    cache = BlobCache(blobs)
    reader = DocumentReader(identity.device_id, keys, cache)
    return SeatParts(connection, DocumentFetcher(connection, cache), reader.plaintext, title=TITLE)


def check_role(identity: Identity) -> None:
    """A seat's folder opened as the hall display would show its delegate's documents to the hall."""
    require_role(identity, (DISPLAY,), "«Màn hình hội trường»", "màn hình hội trường")


def open_display_parts(data_dir: Path, passphrase: str | None) -> SeatParts:
    identity, keys, replica = open_checked(data_dir, passphrase, check_role)
    return display_parts(identity, keys, replica, data_dir / "blobs")


def run_enrolled_display(data_dir: Path, passphrase: str | None, full_screen: bool = True) -> int:
    """`phonghop display`: the hall display for data_dir's device, enrolling it first from the
    display's link when the folder has none (the seat's dialogs, reused)."""
    identity = enrolled_identity(data_dir)
    if identity is not None and (passphrase is not None or not needs_passphrase(data_dir)):
        # Scripts and keyring machines: a wrong folder or passphrase fails before any window.
        check_role(identity)
        identity, keys, replica = open_device(data_dir, passphrase)

        async def parts() -> SeatParts:
            return display_parts(identity, keys, replica, data_dir / "blobs")

        return run_display_with(parts, TITLE, full_screen)

    async def first_start() -> SeatParts | None:
        return await open_or_enroll(data_dir, passphrase, open_display_parts)

    return run_display_with(first_start, TITLE, full_screen)
