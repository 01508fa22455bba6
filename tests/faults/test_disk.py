"""The room server's disk fills up, or stops taking writes: the server refuses commands with a
clear error (`unavailable`, in Vietnamese), writes nothing half way, and goes on by itself once
the disk takes writes again.

How the faults are made, for real and not with a mock: a full disk is a small tmpfs mounted
under the test's directory and filled to the last byte (SQLite then sees ENOSPC, "database or
disk is full"); a disk that refuses writes is `chattr +i` on the data files (root ignores
permission bits, so chmod proves nothing here; the immutable flag stops writes even through
the descriptors the server already holds, as a disk remounted read-only does). Both need root
(CAP_SYS_ADMIN, CAP_LINUX_IMMUTABLE): elsewhere the drills are skipped and say so."""

from __future__ import annotations

import contextlib
import os
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.faults.drill import Tracked, check_nothing_lost_or_doubled, enrol, server_events, settled, stop_all
from tests.support import ServerProcess, patience

pytestmark = [pytest.mark.slow, pytest.mark.skipif(os.geteuid() != 0, reason="mount and chattr need root")]


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    disk = tmp_path / "disk"
    disk.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(disk)],
                             capture_output=True, text=True)
    if mounted.returncode != 0:
        pytest.skip(f"no tmpfs here: {mounted.stderr.strip()}")
    try:
        yield disk
    finally:
        subprocess.run(["umount", "-l", str(disk)], check=False)


def fill(disk: Path) -> Path:
    """Writes a file until the disk says it is full; returns it (delete it to free the space)."""
    filler = disk / "filler.bin"
    with open(filler, "wb", buffering=0) as out, contextlib.suppress(OSError):
        while True:
            out.write(b"\0" * 4096)
    return filler


def chattr(flag: str, *paths: Path) -> None:
    subprocess.run(["chattr", flag, *map(str, paths)], check=True, capture_output=True)


async def refused(tracked: Tracked, name: str, args: dict[str, object]) -> dict[str, object]:
    answer = await tracked.conn.answer(await tracked.send(name, args), timeout=patience(10))
    assert answer["type"] == "error" and answer["code"] == "unavailable", answer
    assert "ổ đĩa" in str(answer["message"]), answer
    return answer


async def accepted(tracked: Tracked, name: str, args: dict[str, object]) -> None:
    answer = await tracked.conn.answer(await tracked.send(name, args), timeout=patience(10))
    assert answer["type"] == "ack", answer


def intact(server: ServerProcess, meeting_id: str) -> None:
    """SQLite's own check of the whole file, and the log's hash chain (checked in `settled`'s caller)."""
    db = sqlite3.connect(f"file:{server.data_dir / 'room.db'}?mode=ro", uri=True)
    try:
        assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    finally:
        db.close()
    assert server_events(server, meeting_id)


async def drill(server: ServerProcess, tmp_path: Path, break_disk: object, mend_disk: object) -> None:
    meeting_id = server.card("chair")["meeting_id"]
    fleet = await enrol(server, tmp_path / "devices", ["db-001", "db-002", "db-003"])
    chair, hall = fleet[0], fleet[1:]
    try:
        for seat in hall:
            await accepted(seat, "attendance.check_in", {})
        before = await settled(server, meeting_id, fleet)

        break_disk()  # type: ignore[operator]
        await refused(hall[0], "attendance.check_out", {})
        await refused(chair, "message.send", {"to": "all", "text": "Đề nghị đại biểu giữ trật tự."})
        assert server.proc is not None and server.proc.poll() is None, "the server died on a full disk"
        assert server_events(server, meeting_id) == before  # nothing written half way
        assert all(t.conn.status.kind == "online" for t in fleet)

        mend_disk()  # type: ignore[operator]
        await accepted(hall[0], "attendance.check_out", {})
        await accepted(chair, "message.send", {"to": "all", "text": "Mời đại biểu tiếp tục."})
        check_nothing_lost_or_doubled(await settled(server, meeting_id, fleet), fleet)
        intact(server, meeting_id)

        # What the server holds after it all loads again: a restart finds the same log.
        server.kill9()
        server.start()
        log = await settled(server, meeting_id, fleet)
        check_nothing_lost_or_doubled(log, fleet)
        assert [e.name for e in log[len(before):]] == ["attendance.checked_out", "message.sent"]
    finally:
        await stop_all(fleet)
        server.kill9()


async def test_a_full_disk_refuses_commands_and_recovers_when_space_returns(small_disk: Path, tmp_path: Path) -> None:
    server = ServerProcess(small_disk / "room")
    server.stderr_path = tmp_path / "server.log"  # the server's log must not need the full disk
    server.start()
    filler: list[Path] = []
    await drill(server, tmp_path, lambda: filler.append(fill(small_disk)), lambda: filler[0].unlink())
    assert "database or disk is full" in server.stderr_path.read_text()


async def test_a_disk_that_refuses_writes_refuses_commands_and_recovers(tmp_path: Path) -> None:
    server = ServerProcess(tmp_path / "room")
    server.start()
    data = server.data_dir
    files = [data / "room.db", data / "room.db-wal", data]
    probe = tmp_path / "probe"
    probe.touch()
    if subprocess.run(["chattr", "+i", str(probe)], capture_output=True).returncode != 0:
        server.kill9()
        pytest.skip("this filesystem has no immutable flag")
    chattr("-i", probe)
    try:
        await drill(server, tmp_path, lambda: chattr("+i", *files), lambda: chattr("-i", *files))
    finally:
        subprocess.run(["chattr", "-i", *map(str, files)], check=False, capture_output=True)
