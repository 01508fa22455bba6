"""Backing up a running room server and restoring it elsewhere: the same log, keys, certificate
and documents; corrupted, interrupted or misplaced backups refused with the file named."""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import tarfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from app.canonical import canonical_json
from app.events import Event, verify_chain
from app.storage.replica import Replica
from app.storage.room_backup import BackupError, backup, restore
from sync.client.ballot import cast_args
from sync.client.connection import Connection
from sync.client.publish import publish_document
from sync.tls import client_ssl_context_pinned
from tests.support import ServerProcess, enrolled_client, patience, wait_until
from tests.ui.pdfs import make_pdf

pytestmark = pytest.mark.slow

MEETING = "ninhbinh-2026-k1"
ITEM = "item-07"
Logs = dict[str | None, list[Event]]


# -- helpers -------------------------------------------------------------------------------------


def admin(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "phonghop", "admin", *args], capture_output=True, text=True,
                          timeout=patience(120))


async def admin_async(*args: str) -> tuple[int, str, str]:
    proc = await asyncio.create_subprocess_exec(sys.executable, "-m", "phonghop", "admin", *args,
                                                stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    out, err = await asyncio.wait_for(proc.communicate(), timeout=patience(120))
    assert proc.returncode is not None
    return proc.returncode, out.decode(), err.decode()


def read_logs(db: Path) -> Logs:
    """Every log of a room.db, each chain checked (read-only: the file may belong to a live server)."""
    conn = sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True)
    try:
        rows = conn.execute("SELECT log, seq, at, actor, name, data, prev, hash FROM events ORDER BY log, seq").fetchall()
    finally:
        conn.close()
    logs: Logs = {}
    for log, seq, at, actor, name, data, prev, digest in rows:
        meeting_id = None if log == "" else log
        logs.setdefault(meeting_id, []).append(Event(meeting_id, seq, at, actor, name, json.loads(data), prev, digest))
    for events in logs.values():
        verify_chain(events)
    return logs


def heads(logs: Logs) -> dict[str | None, tuple[int, str]]:
    return {log: (events[-1].seq, events[-1].hash) for log, events in logs.items()}


def manifest_of(backup_path: Path) -> dict[str, Any]:
    if backup_path.is_dir():
        return json.loads((backup_path / "manifest.json").read_text(encoding="utf-8"))  # type: ignore[no-any-return]
    with tarfile.open(backup_path) as tar:
        fh = tar.extractfile("manifest.json")
        assert fh is not None
        return json.loads(fh.read())  # type: ignore[no-any-return]


def manifest_heads(backup_path: Path) -> dict[str | None, tuple[int, str]]:
    return {h["log"]: (h["head_seq"], h["head_hash"]) for h in manifest_of(backup_path)["logs"]}


def meeting_seq(conn: Connection) -> int:
    return conn.state.seq


def flip(path: Path, offset: int) -> None:
    data = bytearray(path.read_bytes())
    data[offset] ^= 0x01
    path.write_bytes(bytes(data))


def leftovers(parent: Path) -> list[str]:
    return sorted(p.name for p in parent.iterdir() if ".partial-" in p.name or ".restore-" in p.name)


# -- a backup under load, restored, and the meeting resumed ---------------------------------------


async def test_backup_under_load_restores_and_the_meeting_resumes_with_the_same_log(
    server: ServerProcess, tmp_path: Path
) -> None:
    chair = await enrolled_client(tmp_path / "chair", server.card("chair")["link"], "Chủ tọa")
    tech_server = await enrolled_client(tmp_path / "tech", server.card("technician")["link"], "Kỹ thuật")
    tech = Connection(tech_server.identity, tech_server.keys, Replica(tmp_path / "tech-meeting.db"), log_id=MEETING)
    tech.start()
    seats = list(await asyncio.gather(*(
        enrolled_client(tmp_path / f"seat-{i}", server.card("delegate", f"db-{i:03d}")["link"], f"Ghế {i}")
        for i in range(1, 7)
    )))
    clients = [chair, tech_server, tech, *seats]
    meeting_clients = [chair, tech, *seats]
    servers: list[ServerProcess] = [server]
    ssl = client_ssl_context_pinned(server.fingerprint)
    notes = os.urandom(3000)  # a delegate's sealed annotation backup, opaque to the server
    try:
        await wait_until(lambda: all(c.status.kind == "online" for c in clients), what="everyone online")
        checked = await asyncio.gather(*(s.request("attendance.check_in", {}, timeout=patience(10)) for s in seats))
        assert all(a["type"] == "ack" for a in checked), checked

        # A document published the real way: encrypted, uploaded, announced.
        await wait_until(lambda: all(s.identity.device_id in getattr(tech_server.state, "devices", {}) for s in seats),
                         what="the seats known to the technician")
        async with aiohttp.ClientSession() as http:
            published = await publish_document(tech, tech_server, http, ssl, make_pdf(pages=2), document_id="tt-ngan-sach",
                                               title="Tờ trình dự toán ngân sách 2027", pages=2, item_id=ITEM)
            assert published["type"] == "ack", published
            async with http.put(f"{server.url}/v1/backup/annotations", data=notes, ssl=ssl,
                                headers={"Authorization": f"Bearer {seats[0].token}"}) as resp:
                assert resp.status == 200
        await wait_until(lambda: "tt-ngan-sach" in getattr(tech.state, "documents", {}), what="document known")
        blob = tech.state.documents["tt-ngan-sach"].blob  # type: ignore[union-attr]

        # A vote, opened, cast and closed.
        created = await chair.request("vote.create", {"item_id": ITEM, "title": "Thông qua Nghị quyết", "kind": "open",
                                                      "options": ["tan_thanh", "khong_tan_thanh", "khong_bieu_quyet"],
                                                      "rule": "majority_of_all", "duration_s": 0}, timeout=patience(5))
        assert created["type"] == "ack", created
        vote_id = f"vote-{created['seq']}"
        assert (await chair.request("vote.open", {"vote_id": vote_id}, timeout=patience(5)))["type"] == "ack"
        await wait_until(lambda: all(vote_id in getattr(s.state, "votes", {}) for s in seats), what="vote seen")
        ballots = await asyncio.gather(*(s.request("vote.cast", cast_args(s.keys, vote_id, "tan_thanh"),
                                                   timeout=patience(10)) for s in seats))
        assert all(b["type"] == "ack" for b in ballots), ballots
        assert (await chair.request("vote.close", {"vote_id": vote_id}, timeout=patience(5)))["type"] == "ack"

        # Four seats keep checking out and in while the backup runs.
        stop = asyncio.Event()
        acks: list[float] = []

        async def busy(seat: Connection) -> None:
            while not stop.is_set():
                for name in ("attendance.check_out", "attendance.check_in"):
                    answer = await seat.request(name, {}, timeout=patience(10))
                    if answer["type"] == "ack":
                        acks.append(time.monotonic())

        load = [asyncio.create_task(busy(s)) for s in seats[:4]]
        await wait_until(lambda: len(acks) >= 8, what="the load running")
        started = time.monotonic()
        live = tmp_path / "backups" / "live"
        code, out, err = await admin_async("backup", "--data", str(server.data_dir), "--out", str(live), "--pause-ms", "20")
        finished = time.monotonic()
        assert code == 0, err
        assert "Đã sao lưu phòng họp" in out and "ninhbinh-2026-k1 #" in out
        during = [t for t in acks if started <= t <= finished]
        assert len(during) >= 3, "the seats kept sending commands while the backup ran"
        await wait_until(lambda: any(t > finished for t in acks), what="events after the live backup")
        stop.set()
        await asyncio.gather(*load)

        # The room is quiet: a second backup (one .tar file) holds everything.
        room_db = server.data_dir / "room.db"
        quiet = tmp_path / "backups" / "quiet.tar"
        code, out, err = await admin_async("backup", "--data", str(server.data_dir), "--out", str(quiet))
        assert code == 0, err
        original = read_logs(room_db)
        assert manifest_heads(quiet) == heads(original)
        await wait_until(lambda: all(meeting_seq(c) == original[MEETING][-1].seq for c in meeting_clients),
                         what="every seat at the head")

        # The live backup is a consistent prefix of the log: same events, same hashes.
        live_heads = manifest_heads(live)
        assert live_heads[MEETING][0] < original[MEETING][-1].seq
        for log, (seq, digest) in live_heads.items():
            assert original[log][seq - 1].hash == digest

        server.kill9()  # the machine is lost
        assert sorted((tmp_path / "backups").iterdir()) == sorted([live, quiet])  # no partial left behind

        # Restored from the live backup, the room lacks what came after it: seats that hold
        # those events forget them and resync by themselves (tests/test_integration_rollback.py),
        # a device whose replica is not ahead resumes.
        early_dir = tmp_path / "restored-live"
        result = admin("restore", "--from", str(live), "--data", str(early_dir))
        assert result.returncode == 0, result.stderr
        assert "Đã kiểm tra và khôi phục" in result.stdout
        early = read_logs(early_dir / "room.db")
        assert heads(early) == live_heads
        for log, events in early.items():
            assert events == original[log][: len(events)]
        early_server = ServerProcess(early_dir, port=server.port, seed=False)
        servers.append(early_server)
        early_server.start()
        assert early_server.fingerprint == server.fingerprint
        early_head = live_heads[MEETING]
        await wait_until(lambda: all(c.status.kind == "online" and c.replica.cursor() == early_head[0]
                                     and c.replica.head_hash() == early_head[1] for c in meeting_clients),
                         timeout=20, what="seats ahead of the restored log resynced to it")
        assert all(meeting_seq(c) == early_head[0] for c in meeting_clients)
        assert live_heads[None] == heads(original)[None]  # nobody enrolled after the live backup
        await wait_until(lambda: tech_server.status.kind == "online", what="the server log resumes")
        assert early_server.terminate() == 0

        # Restored from the backup taken after the last event: nothing lost, everyone resumes.
        new_dir = tmp_path / "restored"
        result = admin("restore", "--from", str(quiet), "--data", str(new_dir))
        assert result.returncode == 0, result.stderr
        restored = ServerProcess(new_dir, port=server.port, seed=False)
        servers.append(restored)
        restored.start()
        assert restored.fingerprint == server.fingerprint  # devices pin it
        await wait_until(lambda: all(c.status.kind == "online" for c in clients), timeout=20,
                         what="every device back online (its keys and the device log restored)")
        head = original[MEETING][-1].seq
        # The seats resynced to the earlier restore catch up with what this backup has on top.
        await wait_until(lambda: all(meeting_seq(c) == head for c in meeting_clients), what="every seat at the head")
        vote = chair.state.votes[vote_id]  # type: ignore[union-attr]
        assert vote.status == "closed" and vote.count == 6

        # A new command appends to the same log.
        answer = await seats[4].request("attendance.check_out", {}, timeout=patience(10))
        assert answer["type"] == "ack" and answer["seq"] == head + 1, answer
        newcomer = await enrolled_client(tmp_path / "seat-10", restored.card("delegate", "db-010")["link"], "Ghế 10")
        clients.append(newcomer)
        await wait_until(lambda: newcomer.status.kind == "online", what="a device enrolled after the restore")
        assert (await newcomer.request("attendance.check_in", {}, timeout=patience(10)))["type"] == "ack"
        after = read_logs(new_dir / "room.db")
        for log, events in original.items():
            assert after[log][: len(events)] == events
        assert after[MEETING][head].prev == original[MEETING][-1].hash
        await wait_until(lambda: all(meeting_seq(c) == after[MEETING][-1].seq for c in meeting_clients),
                         what="the new events reach every seat")

        # Documents and annotation backups came back too.
        async with aiohttp.ClientSession() as http:
            auth = {"Authorization": f"Bearer {seats[1].token}"}
            async with http.get(f"{restored.url}/v1/blobs/{blob}", ssl=ssl, headers=auth) as resp:
                assert resp.status == 200
                assert hashlib.sha256(await resp.read()).hexdigest() == blob
            async with http.get(f"{restored.url}/v1/backup/annotations", ssl=ssl,
                                headers={"Authorization": f"Bearer {seats[0].token}"}) as resp:
                assert resp.status == 200 and await resp.read() == notes
    finally:
        for client in clients:
            await client.stop()
        for proc in servers:
            proc.kill9()


# -- refusals: corrupted, misplaced, interrupted -------------------------------------------------


@pytest.fixture(scope="module")
def room_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A stopped seeded room with three blobs (content-addressed bytes; no document names them)."""
    root = tmp_path_factory.mktemp("room")
    proc = ServerProcess(root / "data")
    proc.start()
    assert proc.terminate() == 0
    for n in range(3):
        data = os.urandom(50_000 + n)
        sha = hashlib.sha256(data).hexdigest()
        (root / "data" / "blobs" / sha[:2]).mkdir(exist_ok=True)
        (root / "data" / "blobs" / sha[:2] / sha).write_bytes(data)
    return root / "data"


@pytest.fixture
def made(room_dir: Path, tmp_path: Path) -> Path:
    """A whole folder backup of room_dir."""
    out = tmp_path / "backup"
    backup(room_dir, out, pause_s=0)
    return out


def refused(source: Path, target: Path) -> BackupError:
    with pytest.raises(BackupError) as caught:
        restore(source, target)
    assert not target.exists(), "nothing restored from a refused backup"
    assert leftovers(target.parent) == []
    return caught.value


def blob_paths(folder: Path) -> list[Path]:
    return sorted(p for p in (folder / "blobs").rglob("*") if p.is_file())


def test_folder_and_tar_backups_restore_to_the_same_files(room_dir: Path, tmp_path: Path) -> None:
    result = admin("backup", "--data", str(room_dir), "--out", str(tmp_path / "b.tar"))
    assert result.returncode == 0, result.stderr
    assert "3 tài liệu mã hóa" in result.stdout
    backup(room_dir, tmp_path / "b", pause_s=0)
    restore(tmp_path / "b.tar", tmp_path / "from-tar")
    (tmp_path / "from-folder").mkdir()  # an empty folder is as good as none
    restore(tmp_path / "b", tmp_path / "from-folder")
    for name in ("room_key.pem", "tls/cert.pem", "tls/key.pem", "enrollment.json", *(
            str(p.relative_to(room_dir)) for p in blob_paths(room_dir))):
        assert (tmp_path / "from-tar" / name).read_bytes() == (room_dir / name).read_bytes()
        assert (tmp_path / "from-folder" / name).read_bytes() == (room_dir / name).read_bytes()
    assert read_logs(tmp_path / "from-tar" / "room.db") == read_logs(room_dir / "room.db")
    assert read_logs(tmp_path / "from-folder" / "room.db") == read_logs(room_dir / "room.db")
    assert not list((room_dir / "blobs").rglob(".upload-*"))

    # Again into the same folder: the blobs are reused, the old backup replaced only when whole.
    again = backup(room_dir, tmp_path / "b", pause_s=0)
    assert again.reused_blobs == 3 and leftovers(tmp_path) == []
    assert manifest_of(tmp_path / "b")["created_at"] == again.manifest.created_at


def test_a_flipped_byte_anywhere_is_refused_naming_the_file(made: Path, tmp_path: Path) -> None:
    for case in ("blob", "room.db", "manifest"):
        copy = tmp_path / f"copy-{case}"
        shutil.copytree(made, copy)
        if case == "blob":
            target = blob_paths(copy)[1]
            flip(target, 1234)
            name = str(target.relative_to(copy))
        elif case == "room.db":
            flip(copy / "room.db", (copy / "room.db").stat().st_size // 2)
            name = "room.db"
        else:
            text = (copy / "manifest.json").read_bytes()
            flip(copy / "manifest.json", text.index(b'"sha256": "') + 20)  # inside a hash
            name = "manifest.json"
        error = refused(copy, tmp_path / f"new-{case}")
        assert error.code == "backup_corrupt" and error.path == name and name in error.message, error

    # The CLI says the same on stderr, with the code, and exits 2.
    result = admin("restore", "--from", str(tmp_path / "copy-room.db"), "--data", str(tmp_path / "cli"))
    assert result.returncode == 2 and result.stderr.startswith("Lỗi: ") and "room.db" in result.stderr
    assert result.stderr.rstrip().endswith("[backup_corrupt]")


def test_a_consistent_but_edited_log_fails_its_hash_chain(made: Path, tmp_path: Path) -> None:
    conn = sqlite3.connect(made / "room.db")
    conn.execute("UPDATE events SET actor = 'db-099' WHERE log = ? AND seq = 5", (MEETING,))
    conn.commit()
    conn.close()
    manifest = manifest_of(made)
    del manifest["manifest_sha256"]
    data = (made / "room.db").read_bytes()
    manifest["files"]["room.db"] = {"size": len(data), "sha256": hashlib.sha256(data).hexdigest()}
    manifest["manifest_sha256"] = hashlib.sha256(canonical_json(manifest)).hexdigest()
    (made / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    error = refused(made, tmp_path / "new")
    assert error.code == "backup_corrupt" and error.path == "room.db"
    assert f"kỳ họp {MEETING}" in error.message and "#5" in error.message


def test_a_flipped_byte_in_a_tar_is_refused(room_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "b.tar"
    backup(room_dir, out, pause_s=0)
    first = blob_paths(room_dir)[0]
    data = out.read_bytes()
    flip(out, data.index(first.read_bytes()[:64]) + 100)
    error = refused(out, tmp_path / "new")
    assert error.code == "backup_corrupt" and error.path == str(first.relative_to(room_dir))


def test_restore_refuses_a_data_dir_in_use_and_a_missing_backup(made: Path, tmp_path: Path) -> None:
    used = tmp_path / "used"
    used.mkdir()
    (used / "room.db").write_bytes(b"someone else's room")
    with pytest.raises(BackupError) as caught:
        restore(made, used)
    assert caught.value.code == "not_empty" and (used / "room.db").read_bytes() == b"someone else's room"
    result = admin("restore", "--from", str(made), "--data", str(used))
    assert result.returncode == 2 and "[not_empty]" in result.stderr and "đã có dữ liệu" in result.stderr
    result = admin("restore", "--from", str(tmp_path / "nowhere"), "--data", str(tmp_path / "new"))
    assert result.returncode == 2 and "[not_found]" in result.stderr
    assert not (tmp_path / "new").exists()


def test_backup_refuses_to_overwrite_other_things_and_a_damaged_blob(room_dir: Path, tmp_path: Path) -> None:
    other = tmp_path / "photos"
    other.mkdir()
    (other / "a.jpg").write_bytes(b"x")
    result = admin("backup", "--data", str(room_dir), "--out", str(other))
    assert result.returncode == 2 and "[output_exists]" in result.stderr
    assert sorted(p.name for p in other.iterdir()) == ["a.jpg"]
    result = admin("backup", "--data", str(tmp_path / "nothing"), "--out", str(tmp_path / "b"))
    assert result.returncode == 2 and "[not_found]" in result.stderr

    damaged = tmp_path / "damaged"
    shutil.copytree(room_dir, damaged)
    flip(blob_paths(damaged)[2], 10)
    with pytest.raises(BackupError) as caught:
        backup(damaged, tmp_path / "b", pause_s=0)
    assert caught.value.code == "source_corrupt" and caught.value.path == str(blob_paths(damaged)[2].relative_to(damaged))
    assert not (tmp_path / "b").exists() and leftovers(tmp_path) == []


@contextlib.contextmanager
def running(*args: str) -> Iterator[subprocess.Popen[str]]:
    proc = subprocess.Popen([sys.executable, "-m", "phonghop", "admin", *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    try:
        yield proc
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait()


@pytest.mark.parametrize("name", ["b", "b.tar"])
def test_an_interrupted_backup_is_never_taken_for_a_whole_one(room_dir: Path, tmp_path: Path, name: str) -> None:
    big = tmp_path / "room"
    shutil.copytree(room_dir, big)
    for _ in range(20):
        data = os.urandom(128 * 1024)
        sha = hashlib.sha256(data).hexdigest()
        (big / "blobs" / sha[:2]).mkdir(exist_ok=True)
        (big / "blobs" / sha[:2] / sha).write_bytes(data)
    out = tmp_path / "out" / name
    out.parent.mkdir()
    with running("backup", "--data", str(big), "--out", str(out), "--pause-ms", "300") as proc:
        deadline = time.monotonic() + patience(30)

        def partial_has_a_blob() -> bool:
            for path in out.parent.glob(f".{name}.partial-*"):
                if path.is_dir() and any(p.is_file() for p in (path / "blobs").rglob("*")):
                    return True
                if path.is_file() and path.stat().st_size > 256 * 1024:
                    return True
            return False

        while not partial_has_a_blob():
            assert proc.poll() is None, "the backup ended before it could be interrupted"
            assert time.monotonic() < deadline, "no blob copied yet"
            time.sleep(0.01)
        os.kill(proc.pid, signal.SIGKILL)
    assert not out.exists(), "an interrupted backup never takes the final name"
    partials = [p for p in out.parent.iterdir() if p.name.startswith(f".{name}.partial-")]
    assert partials
    with pytest.raises(BackupError) as caught:
        restore(out, tmp_path / "new")
    assert caught.value.code == "not_found"
    partial = next(p for p in partials if p.is_dir() == (name == "b"))
    error = refused(partial, tmp_path / "new")
    assert error.code in ("backup_incomplete", "backup_corrupt"), error
    if name == "b":
        assert error.code == "backup_incomplete" and "manifest.json" in error.message

    # The next backup is whole, whatever the dead one left.
    result = admin("backup", "--data", str(big), "--out", str(out))
    assert result.returncode == 0, result.stderr
    restore(out, tmp_path / "new")
    assert len(blob_paths(tmp_path / "new")) == 23
