"""The end of a meeting's documents through a real room server: the purge reaches every seat (at
once, or when a seat that was off comes back) and the server stops serving the files; an expired
offline lease wipes a seat's files until it is welcomed again, and then they are fetched again."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import aiohttp
import pytest

from app.clock import FixedClock, iso
from app.keys import DeviceKeys
from app.model import MeetingState
from app.purge import PURGED_MESSAGE, PURGED_NOTICE
from app.storage.annotation_store import ANNOTATIONS_FILE, AnnotationStore
from app.storage.replica import Replica
from sync.client.blobs import BlobCache
from sync.client.connection import Connection
from sync.client.device import open_device
from sync.client.documents import DocumentFetcher
from sync.client.enroll import enroll
from sync.client.lease import LAST_CONTACT
from sync.client.publish import publish_document
from sync.client.reader import DocumentReader
from sync.client.status import Backoff
from sync.tls import client_ssl_context_pinned
from tests.support import ServerProcess, patience, wait_until
from tests.ui.pdfs import make_pdf

pytestmark = pytest.mark.slow

MEETING = "ninhbinh-2026-k1"
PASSPHRASE = "mật khẩu kỹ thuật viên"


def phonghop(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PHONGHOP_PASSPHRASE": PASSPHRASE}
    return subprocess.run([sys.executable, "-m", "phonghop", *args], capture_output=True, text=True, env=env,
                          timeout=patience(60), stdin=subprocess.DEVNULL)


def files_under(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file()]


class Seat:
    """A delegate's device as the seat runs it: connection, fetcher (with its lease), reader."""

    def __init__(self, connection: Connection, folder: Path):
        self.connection = connection
        self.folder = folder
        self.cache = BlobCache(folder / "blobs")
        self.fetcher = DocumentFetcher(connection, self.cache)
        self.reader = DocumentReader(connection.identity.device_id, connection.keys, self.cache)

    def start(self) -> None:
        self.connection.start()
        self.fetcher.start()

    async def stop(self) -> None:
        await self.fetcher.stop()
        await self.connection.stop()

    @property
    def state(self) -> MeetingState:
        assert isinstance(self.connection.state, MeetingState)
        return self.connection.state


async def seat(server: ServerProcess, folder: Path, delegate_id: str, clock: FixedClock | None = None) -> Seat:
    keys = DeviceKeys.generate()
    identity = await enroll(server.card("delegate", delegate_id)["link"], f"Ghế {delegate_id}", keys)
    folder.mkdir(parents=True)
    replica = Replica(folder / "replica.db")
    replica.set_identity(identity.to_dict())
    connection = Connection(identity, keys, replica, clock=clock, backoff=Backoff(base_s=0.05, cap_s=0.5))
    return Seat(connection, folder)


async def publish(server: ServerProcess, tech: Path, pdf: bytes, document_id: str, seats: list[Seat]) -> None:
    identity, keys, replica = open_device(tech, PASSPHRASE)
    replica.close()
    server_log = Connection(identity, keys, Replica(tech.parent / f"{document_id}-server.db"),
                            backoff=Backoff(base_s=0.05, cap_s=0.5), log_id=None)
    meeting = Connection(identity, keys, Replica(tech.parent / f"{document_id}-meeting.db"),
                         backoff=Backoff(base_s=0.05, cap_s=0.5), log_id=MEETING)
    server_log.start()
    meeting.start()
    try:
        await wait_until(lambda: server_log.status.kind == "online" and meeting.status.kind == "online", what="online")
        await wait_until(lambda: all(s.connection.identity.device_id in server_log.state.devices  # type: ignore[union-attr]
                                     for s in seats), what="seats known to the technician")
        async with aiohttp.ClientSession() as http:
            answer = await publish_document(meeting, server_log, http, client_ssl_context_pinned(server.fingerprint),
                                            pdf, document_id=document_id, title="Tờ trình số 12", pages=3,
                                            item_id="item-06")
        assert answer["type"] == "ack", answer
    finally:
        for connection in (server_log, meeting):
            await connection.stop()
            connection.replica.close()


async def get_blob(server: ServerProcess, token: str, sha: str) -> tuple[int, dict[str, object]]:
    async with aiohttp.ClientSession() as http, http.get(
        f"{server.url}/v1/blobs/{sha}", headers={"Authorization": f"Bearer {token}"},
        ssl=client_ssl_context_pinned(server.fingerprint),
    ) as resp:
        body = await resp.json(content_type=None) if resp.status >= 400 else {}
        return resp.status, body


def enrolled_technician(server: ServerProcess, tmp_path: Path) -> Path:
    tech = tmp_path / "technician"
    done = phonghop("enroll", server.card("technician")["link"], "--data", str(tech), "--name", "Máy kỹ thuật")
    assert done.returncode == 0, done.stdout + done.stderr
    return tech


async def test_a_purge_wipes_every_seat_and_the_server_stops_serving(server: ServerProcess, tmp_path: Path) -> None:
    tech = enrolled_technician(server, tmp_path)
    here, away = await seat(server, tmp_path / "db-012", "db-012"), await seat(server, tmp_path / "db-013", "db-013")
    for s in (here, away):
        AnnotationStore(s.folder / ANNOTATIONS_FILE).close()
        s.start()
    pdf = make_pdf(pages=3, title="Tờ trình số 12 về dự toán ngân sách")
    try:
        await wait_until(lambda: here.connection.status.kind == "online" and away.connection.status.kind == "online",
                         what="seats online")
        await publish(server, tech, pdf, "tt-12", [here, away])
        for s in (here, away):
            await wait_until(lambda s=s: "tt-12" in s.state.documents and s.fetcher.ready(s.state.documents["tt-12"]),
                             timeout=20, what="the document on the seat")
        blob = here.state.documents["tt-12"].blob
        assert bytes(here.reader.plaintext(here.state.documents["tt-12"])) == pdf
        assert here.connection.token is not None
        assert (await get_blob(server, here.connection.token, blob))[0] == 200
        await away.stop()  # this laptop is switched off when the meeting ends

        asked = await asyncio.to_thread(phonghop, "admin", "purge", "--device", str(tech), "--meeting", MEETING)
        assert asked.returncode == 2 and "--yes" in asked.stderr, asked.stdout + asked.stderr
        assert here.state.purged_at is None
        done = await asyncio.to_thread(phonghop, "admin", "purge", "--device", str(tech), "--meeting", MEETING, "--yes")
        assert done.returncode == 0, done.stdout + done.stderr
        assert "Đã xóa 1 tài liệu của kỳ họp" in done.stdout

        await wait_until(lambda: here.state.purged_at is not None, what="the purge on the seat")
        await wait_until(lambda: here.fetcher.lease.locked == "purged", what="the seat wiped")
        assert here.state.documents == {} and here.state.presenting is None
        assert files_under(here.folder / "blobs") == [] and (here.folder / "blobs").is_dir()
        assert not (here.folder / ANNOTATIONS_FILE).exists()
        assert here.fetcher.lease.message() == PURGED_NOTICE
        # The server hands out the file no more, to the seat of this meeting.
        token = here.connection.token
        assert token is not None
        status, body = await get_blob(server, token, blob)
        assert status == 403 and body["code"] == "forbidden" and body["message"] == PURGED_MESSAGE
        assert body["detail"] == {"reason": "purged", "meeting_id": MEETING}
        # Neither the delegates' annotation backups.
        async with aiohttp.ClientSession() as http, http.get(
            f"{server.url}/v1/backup/annotations", headers={"Authorization": f"Bearer {token}"},
            ssl=client_ssl_context_pinned(server.fingerprint),
        ) as resp:
            assert resp.status == 403
        # A second purge, or another document, is refused with the reason.
        again = await asyncio.to_thread(phonghop, "admin", "purge", "--device", str(tech), "--meeting", MEETING, "--yes")
        assert again.returncode == 1 and PURGED_MESSAGE in again.stdout, again.stdout + again.stderr

        # The laptop that was off wipes its copy as soon as it is back.
        assert files_under(away.folder / "blobs") and (away.folder / ANNOTATIONS_FILE).exists()
        back = Seat(Connection(away.connection.identity, away.connection.keys, away.connection.replica,
                               backoff=Backoff(base_s=0.05, cap_s=0.5)), away.folder)
        back.start()
        try:
            await wait_until(lambda: back.state.purged_at is not None and back.fetcher.lease.locked == "purged",
                             what="the purge on the seat that was off")
            assert files_under(away.folder / "blobs") == [] and not (away.folder / ANNOTATIONS_FILE).exists()
        finally:
            await back.stop()
    finally:
        await here.stop()
        await away.stop()


async def test_an_expired_lease_wipes_the_seat_until_it_is_welcomed_again(server: ServerProcess, tmp_path: Path) -> None:
    tech = enrolled_technician(server, tmp_path)
    clock = FixedClock(datetime.now(UTC))
    s = await seat(server, tmp_path / "db-020", "db-020", clock)
    s.start()
    pdf = make_pdf(pages=3, title="Tờ trình số 12 về dự toán ngân sách")
    restarted: ServerProcess | None = None
    try:
        await wait_until(lambda: s.connection.status.kind == "online", what="seat online")
        await publish(server, tech, pdf, "tt-12", [s])
        await wait_until(lambda: "tt-12" in s.state.documents and s.fetcher.ready(s.state.documents["tt-12"]),
                         timeout=20, what="the document on the seat")
        document = s.state.documents["tt-12"]
        await wait_until(lambda: s.connection.replica.get_meta(LAST_CONTACT) == iso(clock.now()),
                         what="the welcome remembered")

        server.kill9()  # the room's server is gone; the laptop goes home
        await wait_until(lambda: s.connection.status.kind != "online", what="seat offline")
        clock.advance(timedelta(hours=12).total_seconds())
        s.fetcher.lease.check()  # what the lease's minute timer runs while offline
        assert s.fetcher.lease.locked is None and s.fetcher.ready(document)
        clock.advance(1)
        s.fetcher.lease.check()
        assert s.fetcher.lease.locked == "lease" and files_under(s.folder / "blobs") == []
        assert s.fetcher.lease.message() == ("Tài liệu đã bị khóa vì máy mất kết nối quá 12 giờ. "
                                            "Hãy kết nối lại với phòng họp để tải lại.")

        # Back in the room: welcomed again, the lease lifts and the fetcher downloads the file again.
        restarted = ServerProcess(server.data_dir, port=server.port, seed=False)
        restarted.start()
        await wait_until(lambda: s.connection.status.kind == "online", timeout=20, what="seat back online")
        await wait_until(lambda: s.fetcher.lease.locked is None, what="lease lifted")
        await wait_until(lambda: s.fetcher.ready(document), timeout=20, what="the document fetched again")
        assert bytes(s.reader.plaintext(document)) == pdf
        await wait_until(lambda: s.connection.replica.get_meta(LAST_CONTACT) == iso(clock.now()),
                         what="the new welcome remembered")
    finally:
        await s.stop()
        if restarted is not None:
            restarted.kill9()
