"""A room server restored from an older backup: every device resyncs by itself, keeping its
identity and its outbox; what only the lost server had acknowledged is reported, not replayed."""

from __future__ import annotations

import asyncio
import logging
import sqlite3
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from app.demo import DEMO_MEETING_ID
from app.errors import DomainError
from app.events import Event
from app.keys import DeviceKeys
from app.storage.replica import ApplyResult, LogForked, Replica
from app.storage.room_backup import backup, restore
from sync.client.ballot import cast_args
from sync.client.connection import Changes, Connection, ahead
from sync.client.enroll import enroll
from sync.client.status import Backoff
from tests.support import ServerProcess, enrolled_client, patience, wait_until

pytestmark = pytest.mark.slow

MEETING = DEMO_MEETING_ID
ITEM = "item-07"
RESUME_S = 10.0  # "within a few seconds", with room for a slow test machine


def server_head(data_dir: Path) -> tuple[int, str]:
    """The meeting log's head in a (possibly running) server's room.db, read only."""
    conn = sqlite3.connect(f"{(data_dir / 'room.db').resolve().as_uri()}?mode=ro", uri=True)
    try:
        seq, digest = conn.execute(
            "SELECT seq, hash FROM events WHERE log = ? ORDER BY seq DESC LIMIT 1", (MEETING,)
        ).fetchone()
    finally:
        conn.close()
    return int(seq), str(digest)


def server_events(data_dir: Path) -> list[tuple[int, str, str | None]]:
    conn = sqlite3.connect(f"{(data_dir / 'room.db').resolve().as_uri()}?mode=ro", uri=True)
    try:
        rows = conn.execute("SELECT seq, name, actor FROM events WHERE log = ? ORDER BY seq", (MEETING,)).fetchall()
    finally:
        conn.close()
    return [(int(seq), str(name), actor) for seq, name, actor in rows]


class Watch:
    """Everything a connection told its listeners."""

    def __init__(self, connection: Connection):
        self.connection = connection
        self.changes: list[Changes] = []
        self.statuses: list[str] = []
        connection.subscribe(self._seen)

    def _seen(self, changes: Changes) -> None:
        self.changes.append(changes)
        if changes.status:
            self.statuses.append(self.connection.status.kind)

    @property
    def resets(self) -> list[Changes]:
        return [c for c in self.changes if c.reset]

    def notices(self, code: str) -> list[str]:
        return [n.message for c in self.changes for n in c.notices if n.code == code]


def restart(conn: Connection) -> Connection:
    """The same device (identity, keys, replica file) started again, as a seat restarted."""
    again = Connection(conn.identity, conn.keys, conn.replica, backoff=Backoff(base_s=0.05, cap_s=0.5))
    again.start()
    return again


def in_step(conn: Connection, head: tuple[int, str]) -> bool:
    return (
        conn.status.kind == "online"
        and conn.replica.cursor() == head[0]
        and conn.replica.head_hash() == head[1]
        and conn.state.seq == head[0]
        and conn.state.head == head[1]
    )


def rolled_back(answer: dict[str, Any], reason: str) -> bool:
    return answer["type"] == "error" and answer["code"] == "rolled_back" and answer["detail"]["reason"] == reason


async def test_seats_ahead_of_a_restored_server_resync_by_themselves(
    server: ServerProcess, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, logger="sync.client.connection")
    chair = await enrolled_client(tmp_path / "chair", server.card("chair")["link"], "Chủ tọa")
    a = await enrolled_client(tmp_path / "a", server.card("delegate", "db-001")["link"], "Ghế 1")
    b = await enrolled_client(tmp_path / "b", server.card("delegate", "db-002")["link"], "Ghế 2")
    c = await enrolled_client(tmp_path / "c", server.card("delegate", "db-003")["link"], "Ghế 3")
    ahead = [chair, a, b]
    watches = {conn: Watch(conn) for conn in ahead}
    running = [*ahead, c]
    servers = [server]
    try:
        await wait_until(lambda: all(x.status.kind == "online" for x in running), what="everyone online")
        for seat in (a, b, c):
            assert (await seat.request("attendance.check_in", {}, timeout=patience(10)))["type"] == "ack"
        assert (await chair.request("agenda.activate", {"item_id": ITEM}, timeout=patience(5)))["type"] == "ack"
        await wait_until(lambda: len({x.state.head for x in running}) == 1, what="everyone at the head")
        identities = {x: x.replica.get_identity() for x in running}
        await c.stop()  # seat 3 holds no more than the backup will: it is never ahead
        running.remove(c)

        summary = await asyncio.to_thread(backup, server.data_dir, tmp_path / "backup", pause_s=0)
        backed_up = next(h for h in summary.manifest.logs if h.log == MEETING)

        # After the backup the room goes on; the server about to be lost acknowledges all of it.
        created_id = await chair.submit("vote.create", {
            "item_id": ITEM, "title": "Thông qua Nghị quyết", "kind": "open",
            "options": ["tan_thanh", "khong_tan_thanh", "khong_bieu_quyet"], "rule": "majority_of_all",
            "duration_s": 0})
        created = await chair.answer(created_id, timeout=patience(5))
        assert created["type"] == "ack", created
        vote_id = f"vote-{created['seq']}"
        assert (await chair.request("vote.open", {"vote_id": vote_id}, timeout=patience(5)))["type"] == "ack"
        await wait_until(lambda: vote_id in a.state.votes, what="the vote at seat 1")
        ballot = await a.submit("vote.cast", cast_args(a.keys, vote_id, "tan_thanh"))
        assert (await a.answer(ballot, timeout=patience(5)))["type"] == "ack"
        leave = await b.submit("attendance.check_out", {})
        assert (await b.answer(leave, timeout=patience(5)))["type"] == "ack"
        await wait_until(lambda: len({x.state.head for x in ahead}) == 1, what="the lost events everywhere")
        lost_seq = chair.state.seq
        assert lost_seq > backed_up.seq

        server.kill9()  # the machine is lost; the room server comes back from the backup
        await wait_until(lambda: all(x.status.kind != "online" for x in ahead), what="seats offline")
        # Offline, seat 2 asks for the floor on the item (which the backup has): it is delivered.
        # Seat 1 changes its ballot in a vote only the lost server had: it is never sent.
        ask = await b.submit("speak.request", {"kind": "discussion", "item_id": ITEM})
        changed = await a.submit("vote.cast", cast_args(a.keys, vote_id, "khong_tan_thanh"))

        restored_dir = tmp_path / "restored"
        await asyncio.to_thread(restore, tmp_path / "backup", restored_dir)
        restored = ServerProcess(restored_dir, port=server.port, seed=False)
        servers.append(restored)
        restored.start()
        assert server_head(restored_dir) == (backed_up.seq, backed_up.hash)

        # Every seat ahead of it comes back by itself, on the restored server's log.
        await wait_until(lambda: all(x.status.kind == "online" for x in ahead), timeout=RESUME_S,
                         what="the seats ahead back online")
        asked = await b.answer(ask, timeout=patience(5))
        assert asked["type"] == "ack" and asked["seq"] == backed_up.seq + 1, asked
        head = server_head(restored_dir)
        assert head[0] == backed_up.seq + 1
        await wait_until(lambda: all(in_step(x, head) for x in ahead), timeout=RESUME_S,
                         what="the seats on the restored log")
        for x in ahead:
            assert x.replica.get_identity() == identities[x]
            assert x.replica.pending() == []
            assert watches[x].resets, "the views were told to redraw"
            assert "refused" not in watches[x].statuses, watches[x].statuses
            assert x.replica.events()[backed_up.seq - 1].hash == backed_up.hash
        assert b.state.speaking.requests[f"req-{head[0]}"].delegate_id == "db-002"

        # What only the lost server acknowledged is reported, not replayed; so is the ballot
        # that names a vote the restored room does not have.
        assert rolled_back(await a.answer(ballot), "lost")
        assert rolled_back(await b.answer(leave), "lost")
        assert rolled_back(await chair.answer(created_id), "lost")
        assert rolled_back(await a.answer(changed, timeout=patience(5)), "unsent")
        assert ("db-002" in b.state.present) and vote_id not in a.state.votes
        assert [n for _, n, _ in server_events(restored_dir)[backed_up.seq:]] == ["speak.requested"]
        for x, lost in ((a, 1), (b, 1), (chair, 2)):  # chair: vote.create and vote.open
            notices = watches[x].notices("rolled_back")
            assert len(notices) == 1 and "khôi phục" in notices[0] and f"{lost} thao tác" in notices[0], notices
        reset_answers = dict(watches[a].resets[-1].answers)
        assert set(reset_answers) == {ballot, changed}
        assert "the room server's log is behind this device's: resyncing from the start" in caplog.text

        # A seat that was not ahead simply continues: no reset, no notice.
        c_identity = identities[c]
        c = restart(c)
        running.append(c)
        seen = Watch(c)
        await wait_until(lambda: in_step(c, head), timeout=RESUME_S, what="seat 3 in step")
        assert not seen.resets and not seen.notices("rolled_back")
        assert c.replica.get_identity() == c_identity and "refused" not in seen.statuses

        # The room goes on from the restored log, with everyone.
        answer = await a.request("vote.cast", cast_args(a.keys, vote_id, "tan_thanh"), timeout=patience(5))
        assert answer["type"] == "error" and answer["code"] == "not_found", answer
        left = await b.request("attendance.check_out", {}, timeout=patience(5))
        assert left["type"] == "ack" and left["seq"] == head[0] + 1
        await wait_until(lambda: all(x.state.seq == head[0] + 1 for x in running), what="the new event everywhere")
    finally:
        for x in running:
            await x.stop()
        for proc in servers:
            proc.kill9()


async def test_a_restored_server_that_went_on_without_the_seats_is_followed_from_the_start(
    server: ServerProcess, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, logger="sync.client.connection")
    seats = [await enrolled_client(tmp_path / f"seat-{n}", server.card("delegate", f"db-0{n}")["link"], f"Ghế {n}")
             for n in (31, 32, 33)]
    # Enrolled before the backup (the restored server knows it) and started only after the restore.
    secretary = await enrolled_client(tmp_path / "secretary", server.card("secretary")["link"], "Thư ký", start=False)
    running = list(seats)
    servers = [server]
    try:
        await wait_until(lambda: all(s.status.kind == "online" for s in seats), what="seats online")
        for seat in seats:
            assert (await seat.request("attendance.check_in", {}, timeout=patience(10)))["type"] == "ack"
        await wait_until(lambda: len({s.state.head for s in seats}) == 1, what="seats at the head")
        summary = await asyncio.to_thread(backup, server.data_dir, tmp_path / "backup", pause_s=0)
        backed_up = next(h for h in summary.manifest.logs if h.log == MEETING)

        # One by one, each seat checks out (acknowledged, then lost) and stops: their cursors
        # end one apart, K, K+1 and K+2.
        leaves: dict[Connection, str] = {}
        for seat in seats:
            leaves[seat] = await seat.submit("attendance.check_out", {})
            assert (await seat.answer(leaves[seat], timeout=patience(5)))["type"] == "ack"
            await seat.stop()
            running.remove(seat)
        cursors = [s.replica.cursor() for s in seats]
        assert cursors == [cursors[0], cursors[0] + 1, cursors[0] + 2] and cursors[0] > backed_up.seq
        server.kill9()

        restored_dir = tmp_path / "restored"
        await asyncio.to_thread(restore, tmp_path / "backup", restored_dir)
        restored = ServerProcess(restored_dir, port=server.port, seed=False)
        servers.append(restored)
        restored.start()
        # The room goes on without the seats: the restored log reaches the second seat's cursor
        # with other events. The first seat then holds another event at its cursor and before;
        # the second the same at its cursor; the third is one ahead of the server.
        secretary.start()
        running.append(secretary)
        await wait_until(lambda: secretary.status.kind == "online", what="secretary online")
        while server_head(restored_dir)[0] < cursors[1]:
            sent = await secretary.request("message.send", {"to": "all", "text": "Xin mời các đại biểu về chỗ."},
                                           timeout=patience(5))
            assert sent["type"] == "ack", sent
        head = server_head(restored_dir)
        assert head[0] == cursors[1]

        again = [restart(s) for s in seats]
        running.extend(again)
        watches = [Watch(s) for s in again]
        await wait_until(lambda: all(in_step(s, head) for s in again), timeout=RESUME_S,
                         what="the seats on the restored log")
        for before, seat, watch in zip(seats, again, watches, strict=True):
            assert watch.resets and "refused" not in watch.statuses, watch.statuses
            assert rolled_back(await seat.answer(leaves[before]), "lost")
            assert seat.identity.delegate_id in seat.state.present  # the check-out is gone
        assert len(secretary.state.present) == len(again[0].state.present)
        # Each seat saw it its own way: another event where it had one (every hello asks for
        # the last event held again), or a welcome whose head is below its cursor.
        assert caplog.text.count("the room server's log is not this device's: resyncing from the start") == 2
        assert caplog.text.count("the room server's log is behind this device's: resyncing from the start") == 1
        # And the room goes on with them.
        answer = await again[0].request("attendance.check_out", {}, timeout=patience(5))
        assert answer["type"] == "ack" and answer["seq"] == head[0] + 1
    finally:
        for conn in running:
            await conn.stop()
        for proc in servers:
            proc.kill9()


def test_only_a_refusal_for_being_ahead_starts_a_resync() -> None:
    assert ahead(DomainError("conflict", "x", {"reason": "ahead", "head_seq": 12}))
    # Other refusals never make a device forget its log: a revoked one stops (revoked()).
    assert not ahead(DomainError("conflict", "Dữ liệu trên thiết bị mới hơn máy chủ."))
    assert not ahead(DomainError("unauthorized", "x", {"reason": "revoked"}))
    assert not ahead(DomainError("forbidden", "x", {"reason": "ahead"}))
    assert not ahead(None)


class ForkingReplica(Replica):
    """A replica to which every event the server sends contradicts the log held: what a server
    that keeps going back (or a broken one) looks like to a seat."""

    forgets = 0

    def apply_and_settle(self, events: Sequence[Event], settled: Sequence[tuple[str, dict[str, Any]]]) -> ApplyResult:
        if events:
            raise LogForked(events[0].seq, "every event forks")
        return super().apply_and_settle(events, settled)

    def forget_log(self, at: str) -> int:
        self.forgets += 1
        return super().forget_log(at)


async def test_a_rollback_that_comes_back_at_once_waits_for_the_backoff(server: ServerProcess, tmp_path: Path) -> None:
    keys = DeviceKeys.generate()
    identity = await enroll(server.card("delegate", "db-040")["link"], "Ghế 40", keys)
    replica = ForkingReplica(tmp_path / "seat.db")
    seat = Connection(identity, keys, replica, backoff=Backoff(base_s=0.4, cap_s=0.8))
    watch = Watch(seat)
    seat.start()
    try:
        await asyncio.sleep(2.0)
        # The first rollback resyncs at once; each one after it waits 0.2-0.8 s: a handful, not hundreds.
        assert 2 <= replica.forgets <= 8, replica.forgets
        assert "refused" not in watch.statuses and seat.status.kind == "connecting"
        assert replica.pending() == [] and replica.get_identity() is None  # nothing else touched
    finally:
        await seat.stop()
        replica.close()
