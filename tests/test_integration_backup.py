"""Annotation backups over /v1/backup/annotations with the real server: each delegate's own,
sealed so the server cannot read them, durable once acknowledged, restored into an empty store."""

from __future__ import annotations

import asyncio
import hashlib
import os
from collections.abc import AsyncIterator
from dataclasses import replace
from pathlib import Path

import aiohttp
import pytest

from app.annotation_backup import MAX_BACKUP, open_backup, seal_backup, sealed_for
from app.annotations import NOTE_COLOR, Annotation
from app.keys import DeviceKeys, b64d, code_hash, new_code
from app.storage.annotation_store import AnnotationStore
from app.storage.backup_store import BackupStore
from app.storage.replica import Replica
from sync.client.backup import AnnotationBackup, fetch_backup, fetch_recipients, store_backup
from sync.client.connection import Connection
from sync.client.enroll import enroll
from sync.client.status import Backoff
from sync.tls import client_ssl_context_pinned
from tests.netproxy import CuttableProxy
from tests.support import ServerProcess, enrolled_client, patience, wait_until

pytestmark = pytest.mark.slow

MEETING = "ninhbinh-2026-k1"
SECRET = "Ghi chú riêng: hỏi Sở Tài chính khoản chi 7f3a9c"  # must never be readable on the server
URL = "/v1/backup/annotations"


def note(n: int, text: str = SECRET, at: str = "2026-12-01T08:00:00+07:00") -> Annotation:
    return Annotation(
        annotation_id=f"ann-{n}", document_id="doc-1", document_version=1, page=n % 3, kind="note",
        color=NOTE_COLOR, created_at="2026-12-01T08:00:00+07:00", updated_at=at,
        rects=((10.0, 10.0 + n, 30.0, 30.0 + n),), text=f"{text} #{n}",
    )


async def online(server: ServerProcess, tmp_path: Path, role: str, delegate_id: str | None = None,
                 log_id: str | None = None) -> Connection:
    conn = await enrolled_client(tmp_path / f"{role}-{delegate_id}", server.card(role, delegate_id)["link"], "Máy",
                                 log_id=log_id)
    await wait_until(lambda: conn.status.kind == "online" and conn.token is not None, what=f"{role} online")
    return conn


def auth(conn: Connection) -> dict[str, str]:
    return {"Authorization": f"Bearer {conn.token}"}


def recipients_of(*conns: Connection) -> dict[str, bytes]:
    return {c.identity.device_id: b64d(c.keys.kex_pub_b64) for c in conns}


def fast(conn: Connection, store: AnnotationStore, **overrides: float) -> AnnotationBackup:
    timing = {"debounce_s": 0.1, "min_interval_s": 0.3, "retry_s": 0.1, **overrides}
    return AnnotationBackup(conn, store, **{k: patience(v) for k, v in timing.items()})


async def test_each_delegate_stores_and_fetches_only_their_own(server: ServerProcess, tmp_path: Path) -> None:
    a = await online(server, tmp_path, "delegate", "db-040")
    b = await online(server, tmp_path, "delegate", "db-041")
    ssl = client_ssl_context_pinned(server.fingerprint)
    try:
        async with aiohttp.ClientSession() as http:
            async with http.get(f"{server.url}{URL}", headers=auth(a), ssl=ssl) as resp:
                assert resp.status == 404 and (await resp.json())["code"] == "not_found"
            async with http.put(f"{server.url}{URL}", data=b"x", ssl=ssl) as resp:
                assert resp.status == 401 and (await resp.json())["code"] == "unauthorized"

            mine = await fetch_recipients(http, server.url, a.token or "", ssl)
            assert mine == recipients_of(a)
            blob_a = seal_backup(b"records of A", MEETING, "db-040", mine)
            answer = await store_backup(http, server.url, a.token or "", ssl, blob_a)
            assert answer == {"sha256": hashlib.sha256(blob_a).hexdigest(), "size": len(blob_a)}
            assert await fetch_backup(http, server.url, a.token or "", ssl) == blob_a
            assert open_backup(blob_a, a.identity.device_id, a.keys, "db-040", MEETING) == b"records of A"

            # Another delegate's device sees only its own: nothing yet, then its own bytes.
            assert await fetch_backup(http, server.url, b.token or "", ssl) is None
            blob_b = seal_backup(b"records of B", MEETING, "db-041", recipients_of(b))
            await store_backup(http, server.url, b.token or "", ssl, blob_b)
            assert await fetch_backup(http, server.url, b.token or "", ssl) == blob_b
            assert await fetch_backup(http, server.url, a.token or "", ssl) == blob_a
            assert await fetch_recipients(http, server.url, b.token or "", ssl) == recipients_of(b)

            # Last writer wins.
            newer = seal_backup(b"records of A, later", MEETING, "db-040", mine)
            await store_backup(http, server.url, a.token or "", ssl, newer)
            async with http.get(f"{server.url}{URL}", headers=auth(a), ssl=ssl) as resp:
                assert resp.status == 200 and await resp.read() == newer
                assert resp.headers["ETag"] == f'"{hashlib.sha256(newer).hexdigest()}"'
            async with http.put(f"{server.url}{URL}", data=b"", headers=auth(a), ssl=ssl) as resp:
                assert resp.status == 400 and (await resp.json())["code"] == "bad_request"
    finally:
        await a.stop()
        await b.stop()


async def test_devices_not_bound_to_a_delegate_are_forbidden(server: ServerProcess, tmp_path: Path) -> None:
    tech = await online(server, tmp_path, "technician", log_id=MEETING)
    display = await online(server, tmp_path, "display")
    chair = await online(server, tmp_path, "chair")  # bound to db-001, but a console, not a seat
    ssl = client_ssl_context_pinned(server.fingerprint)
    try:
        async with aiohttp.ClientSession() as http:
            for conn in (tech, display, chair):
                for method, path in (("PUT", URL), ("GET", URL), ("GET", f"{URL}/recipients")):
                    async with http.request(method, f"{server.url}{path}", data=b"sealed", headers=auth(conn),
                                            ssl=ssl) as resp:
                        body = await resp.json()
                        assert resp.status == 403 and body["code"] == "forbidden", (conn.identity.role, method, path)
                        assert "đại biểu" in body["message"]
    finally:
        for conn in (tech, display, chair):
            await conn.stop()


async def test_oversized_backups_are_refused_with_413(server: ServerProcess, tmp_path: Path) -> None:
    a = await online(server, tmp_path, "delegate", "db-042")
    ssl = client_ssl_context_pinned(server.fingerprint)
    try:
        async with aiohttp.ClientSession() as http:
            async with http.put(f"{server.url}{URL}", data=os.urandom(MAX_BACKUP + 1), headers=auth(a),
                                ssl=ssl) as resp:
                body = await resp.json()
                assert resp.status == 413 and body["code"] == "too_large" and "8 MiB" in body["message"]

            async def chunks() -> AsyncIterator[bytes]:  # no Content-Length: counted as it comes
                for _ in range(9):
                    yield b"\0" * (1024 * 1024)

            async with http.put(f"{server.url}{URL}", data=chunks(), headers=auth(a), ssl=ssl) as resp:
                assert resp.status == 413 and (await resp.json())["code"] == "too_large"
            assert await fetch_backup(http, server.url, a.token or "", ssl) is None
            exactly = os.urandom(MAX_BACKUP)
            await store_backup(http, server.url, a.token or "", ssl, exactly)
            assert await fetch_backup(http, server.url, a.token or "", ssl) == exactly
    finally:
        await a.stop()


async def test_an_acknowledged_backup_survives_kill_9_and_is_unreadable_on_disk(
    server: ServerProcess, tmp_path: Path
) -> None:
    a = await online(server, tmp_path, "delegate", "db-043")
    store = AnnotationStore(tmp_path / "a-annotations.sqlite")
    for n in range(5):
        store.add(note(n))
    payload = store.export_records()
    assert SECRET.encode() in payload
    ssl = client_ssl_context_pinned(server.fingerprint)
    try:
        async with aiohttp.ClientSession() as http:
            blob = seal_backup(payload, MEETING, "db-043", await fetch_recipients(http, server.url, a.token or "", ssl))
            await store_backup(http, server.url, a.token or "", ssl, blob)
        old_token = a.token
        server.kill9()  # right after the answer: no clean shutdown, no checkpoint
        on_disk = BackupStore(server.data_dir / "backups.db")
        try:
            kept = on_disk.get(MEETING, "db-043")
        finally:
            on_disk.close()
        assert kept is not None and kept.body == blob and kept.sha256 == hashlib.sha256(blob).hexdigest()

        # Nothing the server wrote (databases, WAL, blobs, its log) holds the delegate's words.
        files = [p for p in server.data_dir.rglob("*") if p.is_file()] + [server.stderr_path]
        assert any(p.name.startswith("backups.db") for p in files)
        needles = [SECRET.encode(), SECRET.encode("utf-16-le"), b"7f3a9c"]
        leaks = [str(p) for p in files for needle in needles if needle in p.read_bytes()]
        assert leaks == []

        server.start()  # the same port: the seat reconnects by itself, with a new token
        await wait_until(lambda: a.token not in (None, old_token), timeout=15, what="reconnected")
        async with aiohttp.ClientSession() as http:
            assert await fetch_backup(http, server.url, a.token or "", ssl) == blob
    finally:
        await a.stop()
        store.close()


async def test_the_seat_backs_up_after_changes_and_restores_into_an_empty_store(
    server: ServerProcess, tmp_path: Path
) -> None:
    a = await online(server, tmp_path, "delegate", "db-044")
    first = AnnotationStore(tmp_path / "first.sqlite")
    backup = fast(a, first, debounce_s=0.2, min_interval_s=2.0)
    backup.start()
    loop = asyncio.get_running_loop()
    try:
        await wait_until(lambda: backup.checked, what="the first look at the server")
        assert backup.restored is None and backup.sent == 0  # empty store, empty server: nothing to do
        for n in range(8):  # a burst of changes: one backup once it is quiet
            first.add(note(n))
        await wait_until(lambda: backup.sent == 1, timeout=10, what="a backup after the burst")
        first_done = loop.time()
        assert backup.last_error is None and backup.last_backup is not None
        first.remove("ann-0")
        first.add(note(9, "Thêm một ý"))
        await wait_until(lambda: backup.sent == 2, timeout=10, what="the next backup")
        # Not before the interval has passed since the first one started (well past the debounce).
        assert loop.time() - first_done >= patience(2.0) - 0.5
    finally:
        await backup.stop()
    await a.stop()

    # Reinstalled on the same device: same keys and identity, an empty store and replica.
    seat = Connection(a.identity, a.keys, Replica(tmp_path / "reinstalled.db"), backoff=Backoff(0.05, 0.3))
    second = AnnotationStore(tmp_path / "second.sqlite")
    restore = fast(seat, second)
    seat.start()
    restore.start()
    try:
        await wait_until(lambda: restore.restored is not None, what="the restore")
        assert restore.restored == 8 and second.all() == first.all()
        assert "ann-0" not in {x.annotation_id for x in second.all()}
        assert restore.sent == 0  # what it restored is what the server has: nothing sent back
    finally:
        await restore.stop()
        await seat.stop()
        first.close()
        second.close()


async def test_offline_changes_are_backed_up_when_the_network_returns_and_on_close(
    server: ServerProcess, tmp_path: Path
) -> None:
    proxy = CuttableProxy("127.0.0.1", server.port)
    await proxy.start()
    keys = DeviceKeys.generate()
    identity = replace(await enroll(server.card("delegate", "db-045")["link"], "Ghế", keys), url=proxy.url)
    seat = Connection(identity, keys, Replica(tmp_path / "seat.db"), backoff=Backoff(0.05, 0.3))
    store = AnnotationStore(tmp_path / "seat.sqlite")
    store.add(note(1))  # annotated before the first start: backed up once online
    backup = fast(seat, store)
    seat.start()
    backup.start()
    ssl = client_ssl_context_pinned(server.fingerprint)

    async def on_server() -> set[str]:
        token = seat.token or ""
        async with aiohttp.ClientSession() as http:
            blob = await fetch_backup(http, proxy.url, token, ssl)
        assert blob is not None
        payload = open_backup(blob, identity.device_id, keys, "db-045", MEETING)
        probe = AnnotationStore(tmp_path / f"probe-{os.urandom(4).hex()}.sqlite")
        try:
            probe.import_records(payload)
            return {x.annotation_id for x in probe.all()}
        finally:
            probe.close()

    try:
        await wait_until(lambda: backup.sent == 1, what="the backup of what was there at start")
        assert await on_server() == {"ann-1"}
        proxy.cut()
        await wait_until(lambda: seat.status.kind != "online", what="offline")
        store.add(note(2))
        store.add(note(3))
        await wait_until(lambda: backup._delay() == 0.0, what="a backup due")  # due, but no network
        assert backup.sent == 1
        proxy.restore()
        await wait_until(lambda: backup.sent == 2, timeout=15, what="the backup once back online")
        assert await on_server() == {"ann-1", "ann-2", "ann-3"}

        slow = fast(seat, store, debounce_s=60.0)  # only closing will send it
        await backup.stop()
        slow.start()
        # A new run backs a non-empty store up once (sealed for the devices of now)...
        await wait_until(lambda: slow.sent == 1, what="the second run's first backup")
        store.add(note(4))
        await slow.stop()  # ...and the change made just before closing goes with the close.
        assert slow.sent == 2 and slow.last_error is None
        assert await on_server() == {"ann-1", "ann-2", "ann-3", "ann-4"}
    finally:
        await backup.stop()
        await seat.stop()
        await proxy.close()
        store.close()


async def test_sealed_for_each_current_device_of_the_delegate(server: ServerProcess, tmp_path: Path) -> None:
    tech = await online(server, tmp_path, "technician")
    first = await online(server, tmp_path, "delegate", "db-046")
    code = new_code()
    args = {"code_hash": code_hash(code), "role": "delegate", "meeting_id": MEETING, "delegate_id": "db-046"}
    assert (await tech.request("device.enroll", args, timeout=patience(5)))["type"] == "ack"
    link = server.card("delegate", "db-046")["link"].split("code=")[0] + f"code={code}&fp={server.fingerprint}"
    second_keys = DeviceKeys.generate()
    second_identity = await enroll(link, "Máy tính bảng", second_keys)
    second = Connection(second_identity, second_keys, Replica(tmp_path / "second.db"), backoff=Backoff(0.05, 0.3))
    second.start()
    first_store = AnnotationStore(tmp_path / "first.sqlite")
    second_store = AnnotationStore(tmp_path / "second.sqlite")
    backup = fast(first, first_store)
    backup.start()
    ssl = client_ssl_context_pinned(server.fingerprint)
    try:
        first_store.add(note(1))
        await wait_until(lambda: backup.sent == 1, what="a backup")
        async with aiohttp.ClientSession() as http:
            blob = await fetch_backup(http, server.url, first.token or "", ssl)
        assert blob is not None and sealed_for(blob) == {first.identity.device_id, second_identity.device_id}

        # The delegate's tablet, with nothing of its own yet, restores what the seat wrote.
        restore = fast(second, second_store)
        restore.start()
        await wait_until(lambda: restore.restored is not None, what="the tablet's restore")
        assert second_store.all() == first_store.all()
        await restore.stop()

        # Revoked: the next backup is no longer sealed for it.
        answer = await tech.request("device.revoke", {"device_id": second_identity.device_id}, timeout=patience(5))
        assert answer["type"] == "ack"
        first_store.add(note(2))
        await wait_until(lambda: backup.sent == 2, what="the backup after the revocation")
        async with aiohttp.ClientSession() as http:
            blob = await fetch_backup(http, server.url, first.token or "", ssl)
        assert blob is not None and sealed_for(blob) == {first.identity.device_id}
    finally:
        await backup.stop()
        for conn in (second, first, tech):
            await conn.stop()
        first_store.close()
        second_store.close()
