"""The offline lease: pure rules with an injected clock, and its hook on a real replica and blob cache."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from app.clock import FixedClock, iso
from app.errors import DomainError
from app.keys import DeviceKeys
from app.lease import DEFAULT_LEASE_H, Lease, lease_hours
from app.model import DELEGATE, MeetingState
from app.purge import PURGED_NOTICE
from app.reducer import replay
from app.storage.annotation_store import ANNOTATIONS_FILE, AnnotationStore
from app.storage.replica import Replica
from sync.client.blobs import BlobCache
from sync.client.connection import Connection
from sync.client.enroll import Identity
from sync.client.lease import LAST_CONTACT, DocumentLease
from tests.domain_log import T0, TECH_ACTOR, MemoryRoom

SHA = "ab" + "1" * 62


def test_a_lease_ends_strictly_after_its_hours() -> None:
    lease = Lease(T0, 12)
    assert lease.ends_at == T0 + timedelta(hours=12)
    assert not lease.expired(T0)
    assert not lease.expired(T0 + timedelta(hours=12))
    assert lease.expired(T0 + timedelta(hours=12, seconds=1))
    # A clock set back before the last contact does not lock the device.
    assert not lease.expired(T0 - timedelta(days=3))
    assert lease.message() == ("Tài liệu đã bị khóa vì máy mất kết nối quá 12 giờ. "
                               "Hãy kết nối lại với phòng họp để tải lại.")
    assert "quá 2 giờ" in Lease(T0, 2).message()


def test_the_hours_are_the_meetings_setting() -> None:
    room = MemoryRoom()
    assert DEFAULT_LEASE_H == 12 and lease_hours(room.meeting) == 12 and lease_hours(MeetingState()) == 12
    room.cmd(TECH_ACTOR, "meeting.update", {"settings": {"offline_lease_h": 4}})
    assert lease_hours(room.meeting) == 4
    with pytest.raises(DomainError) as refused:
        room.cmd(TECH_ACTOR, "meeting.update", {"settings": {"offline_lease_h": 0}})
    assert refused.value.code == "bad_request"


def device(tmp_path: Path, room: MemoryRoom, clock: FixedClock) -> tuple[Connection, BlobCache]:
    replica = Replica(tmp_path / "replica.db")
    replica.apply(room.events)
    identity = Identity("dev-x", DELEGATE, "ninhbinh-2026-k1", "db-020", "A-20", "https://127.0.0.1:1", "0" * 64, "Ghế 20")
    connection = Connection(identity, DeviceKeys.generate(), replica, clock=clock)
    cache = BlobCache(tmp_path / "blobs")
    return connection, cache


def put_blob(cache: BlobCache) -> Path:
    path = cache.path(SHA)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"ciphertext")
    return path


def test_an_expired_lease_wipes_the_blobs_and_a_restart_remembers_the_last_contact(tmp_path: Path) -> None:
    room = MemoryRoom()
    room.cmd(TECH_ACTOR, "meeting.update", {"settings": {"offline_lease_h": 2}})
    clock = FixedClock(T0)
    connection, cache = device(tmp_path, room, clock)
    blob = put_blob(cache)
    notes = AnnotationStore(tmp_path / ANNOTATIONS_FILE)
    notes.close()
    # A replica from before the lease: the lease starts now, nothing is wiped.
    lease = DocumentLease(connection, cache, notes=tmp_path / ANNOTATIONS_FILE)
    assert lease.locked is None and blob.exists()
    assert connection.replica.get_meta(LAST_CONTACT) == iso(T0)
    seen: list[str | None] = []
    lease.subscribe(lambda: seen.append(lease.locked))

    clock.advance(2 * 3600)
    lease.check()
    assert lease.locked is None and blob.exists() and seen == []
    clock.advance(1)
    lease.check()
    assert lease.locked == "lease" and not blob.exists() and cache.root.is_dir()
    assert seen == ["lease"]
    assert lease.message().startswith("Tài liệu đã bị khóa vì máy mất kết nối quá 2 giờ.")
    # The lease keeps the delegate's notes: they come back with the documents.
    assert (tmp_path / ANNOTATIONS_FILE).exists()
    lease.check()
    assert seen == ["lease"]  # nothing new to say

    # The laptop is opened again the next day, still offline: locked from the start.
    connection.replica.close()
    blob = put_blob(cache)  # say a copy was put back by hand
    connection = Connection(connection.identity, connection.keys, Replica(tmp_path / "replica.db"), clock=clock)
    again = DocumentLease(connection, cache)
    assert again.last_contact == T0 and again.locked == "lease" and not blob.exists()
    connection.replica.close()


def test_a_purged_meeting_wipes_blobs_and_notes_at_once(tmp_path: Path) -> None:
    room = MemoryRoom()
    clock = FixedClock(T0)
    connection, cache = device(tmp_path, room, clock)
    blob = put_blob(cache)
    AnnotationStore(tmp_path / ANNOTATIONS_FILE).close()
    lease = DocumentLease(connection, cache, notes=tmp_path / ANNOTATIONS_FILE)
    assert lease.locked is None and lease.message() == ""
    room.cmd(TECH_ACTOR, "meeting.purge", {"confirm": True})
    connection.replica.apply(room.events[-1:])
    connection.state = replay(connection.state, room.events[-1:])
    lease.check()
    assert lease.locked == "purged" and lease.message() == PURGED_NOTICE
    assert not blob.exists() and list(cache.root.iterdir()) == []
    assert not (tmp_path / ANNOTATIONS_FILE).exists()
    connection.replica.close()
