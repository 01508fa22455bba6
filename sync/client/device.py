"""A device's folder: its replica (with its identity) and its private keys, kept safe."""

from __future__ import annotations

import contextlib
import shutil
from pathlib import Path

from app.errors import DomainError
from app.keys import DeviceKeys
from app.keystore import KeyringStore, KeyStore, PassphraseFileStore, open_keystore
from app.storage.annotation_store import ANNOTATIONS_FILE
from app.storage.replica import Replica
from sync.client.enroll import Identity, enroll

REPLICA_FILE = "replica.db"
KEYS_DIR = "keys"
BLOBS_DIR = "blobs"


def keystore_for(data_dir: Path, passphrase: str | None) -> KeyStore:
    """The OS keyring, or a passphrase file store; keys already saved under a passphrase stay
    there even if a keyring appears later, so the device never looks unenrolled."""
    keys_dir = data_dir / KEYS_DIR
    if passphrase is not None and any(keys_dir.glob("device-*.key")):
        return PassphraseFileStore(keys_dir, passphrase)
    return open_keystore(keys_dir, passphrase)


async def enroll_device(data_dir: Path, link: str, device_name: str, passphrase: str | None) -> Identity:
    data_dir.mkdir(parents=True, exist_ok=True)
    store = keystore_for(data_dir, passphrase)
    replica = Replica(data_dir / REPLICA_FILE)
    try:
        if replica.get_identity() is not None:
            raise DomainError("conflict", "Thư mục này đã có một thiết bị được đăng ký.")
        keys = DeviceKeys.generate()
        identity = await enroll(link, device_name, keys)
        store.save(identity.device_id, keys)
        replica.set_identity(identity.to_dict())
        return identity
    finally:
        replica.close()


def wipe_revoked(data_dir: Path, device_id: str) -> None:
    """The server says this device is revoked: its keys and the meeting's documents and notes go.
    Without the private keys the document keys wrapped for this device in the replica open
    nothing; the replica stays so the device still says who it was ("đăng ký lại thiết bị")."""
    for path in (data_dir / KEYS_DIR).glob("device-*.key"):
        path.unlink(missing_ok=True)
    with contextlib.suppress(Exception):  # no keyring on this machine: nothing kept there
        KeyringStore().delete(device_id)
    shutil.rmtree(data_dir / BLOBS_DIR, ignore_errors=True)
    remove_notes(data_dir / ANNOTATIONS_FILE)


def remove_notes(path: Path) -> None:
    """The delegate's notes file with SQLite's companions, which hold recent writes too. A store
    still open keeps reading its unlinked file; SQLite refuses it any further write."""
    for part in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        part.unlink(missing_ok=True)


def open_device(data_dir: Path, passphrase: str | None) -> tuple[Identity, DeviceKeys, Replica]:
    replica = Replica(data_dir / REPLICA_FILE)
    stored = replica.get_identity()
    if stored is None:
        replica.close()
        raise DomainError("not_found", "Thiết bị chưa được đăng ký. Hãy quét mã trên thẻ ghế.")
    identity = Identity.from_dict(stored)
    try:
        keys = keystore_for(data_dir, passphrase).load(identity.device_id)
    except DomainError:
        replica.close()  # a wrong passphrase may be retried: leave nothing open
        raise
    if keys is None:
        replica.close()
        raise DomainError("not_found", "Không tìm thấy khóa của thiết bị. Hãy đăng ký lại thiết bị.")
    return identity, keys, replica
