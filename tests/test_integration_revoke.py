"""A revoked seat: disconnected at once, refused from then on with the reason, and it wipes its
keys, cached documents and notes by itself; a device merely unknown to a server wipes nothing."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from app.errors import DomainError
from app.storage.annotation_store import ANNOTATIONS_FILE
from phonghop.seat import seat_parts
from sync.client.connection import revoked
from sync.client.device import BLOBS_DIR, KEYS_DIR, enroll_device, open_device
from tests.support import ServerProcess, enrolled_client, patience, wait_until

pytestmark = pytest.mark.slow

PASSPHRASE = "mật khẩu ghế"


async def test_a_revoked_seat_wipes_its_keys_documents_and_notes(server: ServerProcess, tmp_path: Path) -> None:
    seat_dir = tmp_path / "seat"
    await enroll_device(seat_dir, server.card("delegate", "db-021")["link"], "Ghế 21", PASSPHRASE)
    identity, keys, replica = open_device(seat_dir, PASSPHRASE)
    parts = seat_parts(identity, keys, replica, seat_dir / BLOBS_DIR, search=False)
    blob = seat_dir / BLOBS_DIR / "ab" / ("ab" + "0" * 62)
    blob.parent.mkdir(parents=True, exist_ok=True)
    blob.write_bytes(b"encrypted document bytes")
    tech = await enrolled_client(tmp_path / "tech", server.card("technician")["link"], "Kỹ thuật")
    try:
        parts.connection.start()
        await wait_until(lambda: parts.connection.status.kind == "online" and tech.status.kind == "online",
                         what="online")
        assert list((seat_dir / KEYS_DIR).glob("device-*.key")) and (seat_dir / ANNOTATIONS_FILE).exists()
        answer = await tech.request("device.revoke", {"device_id": identity.device_id}, timeout=patience(5))
        assert answer["type"] == "ack", answer
        await wait_until(lambda: parts.connection.status.kind == "refused", what="refused after revocation")
        assert revoked(parts.connection.status.error)
        assert parts.connection.status.error is not None and "thu hồi" in parts.connection.status.error.message
        await wait_until(lambda: not (seat_dir / BLOBS_DIR).exists(), what="documents wiped")
        assert not list((seat_dir / KEYS_DIR).glob("device-*.key")) and not (seat_dir / ANNOTATIONS_FILE).exists()
        # It stops knocking: the session task ends instead of retrying for ever.
        await asyncio.sleep(0.5)
        assert parts.connection._task is not None and parts.connection._task.done()
        with pytest.raises(DomainError) as gone:
            open_device(seat_dir, PASSPHRASE)
        assert gone.value.code == "not_found" and "đăng ký lại" in gone.value.message
    finally:
        await parts.connection.stop()
        await parts.close()
        await tech.stop()


def test_only_a_revocation_wipes_a_device() -> None:
    assert revoked(DomainError("unauthorized", "x", {"reason": "revoked"}))
    # A device unknown to this server (a server restored from an older backup, another room)
    # must not destroy its keys and documents.
    assert not revoked(DomainError("unauthorized", "Thiết bị chưa được đăng ký trên máy chủ này."))
    assert not revoked(DomainError("forbidden", "x", {"reason": "revoked"}))
    assert not revoked(None)
