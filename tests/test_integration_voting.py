"""Votes through the real room server over TLS: dozens of seats, a seat that drops mid-vote,
signatures both ways, secret ballots on disk, kill -9 after the ack, and a vote that closes itself."""

from __future__ import annotations

import asyncio
import json
import sqlite3
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from app.ballots import result_message
from app.clock import parse_iso
from app.keys import DeviceKeys, RoomKey, verify
from app.model import MeetingState, Vote
from app.storage.replica import Replica
from app.vote_rules import RESOLUTION_OPTIONS
from sync.client.ballot import cast_args, expected_receipt
from sync.client.connection import Backoff, Connection
from sync.client.enroll import enroll
from tests.netproxy import CuttableProxy
from tests.support import ServerProcess, enrolled_client, patience, wait_until

pytestmark = pytest.mark.slow

ITEM = "item-07"
COMMITTEE = {"head": "db-070", "secretary": "db-071", "members": [f"db-{i:03d}" for i in range(70, 77)]}


def vote_of(conn: Connection, vote_id: str) -> Vote | None:
    state = conn.state
    return state.votes.get(vote_id) if isinstance(state, MeetingState) else None


async def seats(server: ServerProcess, tmp_path: Path, count: int) -> list[Connection]:
    made = await asyncio.gather(*(
        enrolled_client(tmp_path / f"seat-{i:03d}", server.card("delegate", f"db-{i:03d}")["link"], f"Ghế {i}")
        for i in range(1, count + 1)
    ))
    await wait_until(lambda: all(c.status.kind == "online" for c in made), what="seats online")
    answers = await asyncio.gather(*(c.request("attendance.check_in", {}, timeout=patience(10)) for c in made))
    assert all(a["type"] == "ack" for a in answers), answers
    return list(made)


async def create_and_open(chair: Connection, **args: Any) -> str:
    body = {"item_id": ITEM, "title": "Thông qua Nghị quyết", "kind": "open", "options": list(RESOLUTION_OPTIONS),
            "rule": "majority_of_all", "duration_s": 0, **args}
    created = await chair.request("vote.create", body, timeout=patience(5))
    assert created["type"] == "ack", created
    vote_id = f"vote-{created['seq']}"
    opened = await chair.request("vote.open", {"vote_id": vote_id}, timeout=patience(5))
    assert opened["type"] == "ack", opened
    return vote_id


def room_key(server: ServerProcess) -> str:
    return RoomKey.load_or_create(server.data_dir / "room_key.pem").public_b64


async def test_dozens_of_seats_vote_one_drops_mid_vote_and_the_result_is_signed(
    server: ServerProcess, tmp_path: Path
) -> None:
    chair = await enrolled_client(tmp_path / "chair", server.card("chair")["link"], "Chủ tọa")
    display = await enrolled_client(tmp_path / "display", server.card("display")["link"], "Màn hình")
    hall = await seats(server, tmp_path, 30)
    # The 31st seat goes through a link that the test can cut: the hall's Wi-Fi in miniature.
    proxy = CuttableProxy("127.0.0.1", server.port)
    await proxy.start()
    keys = DeviceKeys.generate()
    identity = replace(await enroll(server.card("delegate", "db-031")["link"], "Ghế 31", keys), url=proxy.url)
    dropping = Connection(identity, keys, Replica(tmp_path / "seat-031.db"), backoff=Backoff(0.05, 0.3))
    dropping.start()
    try:
        await wait_until(lambda: dropping.status.kind == "online" and chair.status.kind == "online", what="online")
        assert (await dropping.request("attendance.check_in", {}, timeout=patience(5)))["type"] == "ack"
        vote_id = await create_and_open(chair)
        await wait_until(lambda: all(getattr(vote_of(c, vote_id), "status", "") == "open" for c in [*hall, dropping]),
                         what="every seat sees the vote open")

        # The Wi-Fi drops under one seat just as the delegate presses: the ballot waits in the outbox.
        proxy.cut()
        await wait_until(lambda: dropping.status.kind != "online", what="the seat offline")
        pending = await dropping.submit("vote.cast", cast_args(keys, vote_id, "khong_tan_thanh"))

        choices = ["tan_thanh"] * 25 + ["khong_tan_thanh"] * 3 + ["khong_bieu_quyet"] * 2
        answers = await asyncio.gather(*(
            seat.request("vote.cast", cast_args(seat.keys, vote_id, choice), timeout=patience(10))
            for seat, choice in zip(hall, choices, strict=True)
        ))
        assert [a["type"] for a in answers] == ["ack"] * 30, answers
        assert all("receipt" not in a for a in answers)  # receipts are for secret ballots

        # Refused, with nothing changed: a forged signature, a replay, a ballot signed for another vote.
        forged = {**cast_args(hall[0].keys, vote_id, "tan_thanh"), "sig": cast_args(keys, vote_id, "tan_thanh")["sig"]}
        bad = await hall[5].request("vote.cast", forged, timeout=patience(5))
        assert bad["code"] == "unauthorized" and "Chữ ký" in bad["message"], bad
        replayed = await hall[0].request("vote.cast", cast_args(hall[0].keys, vote_id, "khong_tan_thanh"),
                                         timeout=patience(5))
        assert replayed["code"] == "already_voted", replayed
        other = {**cast_args(hall[1].keys, "vote-1", "tan_thanh"), "vote_id": vote_id}
        assert (await hall[1].request("vote.cast", other, timeout=patience(5)))["code"] == "unauthorized"
        await wait_until(lambda: getattr(vote_of(chair, vote_id), "count", 0) == 30, what="30 ballots counted")
        progress = vote_of(chair, vote_id)
        assert progress is not None and "db-031" not in progress.voted and "db-001" in progress.voted

        # The network returns; the outbox sends the ballot by itself.
        proxy.restore()
        answer = await dropping.answer(pending, timeout=patience(10))
        assert answer["type"] == "ack", answer
        await wait_until(lambda: getattr(vote_of(chair, vote_id), "count", 0) == 31, what="the late ballot")

        closed = await chair.request("vote.close", {"vote_id": vote_id}, timeout=patience(5))
        assert closed["type"] == "ack", closed
        await wait_until(lambda: all(getattr(vote_of(c, vote_id), "status", "") == "closed"
                                     for c in [*hall, dropping, display]), what="every seat and the display see the result")
        vote = vote_of(display, vote_id)
        assert vote is not None and vote.result is not None
        result = dict(vote.result)
        assert result["tally"] == {"tan_thanh": 25, "khong_tan_thanh": 4, "khong_bieu_quyet": 2}
        assert (result["present"], result["participated"], result["not_voted"], result["outcome"]) == (31, 31, 0, "failed")
        assert result["ballots"]["db-031"] == "khong_tan_thanh"
        # The room key signed the result together with the log's head when the vote closed.
        event = next(e for e in display.replica.events(0) if e.name == "vote.closed")
        assert event.actor == chair.identity.device_id
        assert verify(room_key(server), result_message(result, event.prev), result["signature"])
        assert not verify(room_key(server), result_message({**result, "outcome": "passed"}, event.prev),
                          result["signature"])
        late = await hall[29].request("vote.cast", cast_args(hall[29].keys, vote_id, "tan_thanh"), timeout=patience(5))
        assert late["code"] == "vote_closed" and "kết thúc" in late["message"], late
    finally:
        await proxy.close()
        await asyncio.gather(*(c.stop() for c in [*hall, chair, display, dropping]))


async def test_secret_ballots_on_disk_name_nobody_and_survive_kill_9(server: ServerProcess, tmp_path: Path) -> None:
    chair = await enrolled_client(tmp_path / "chair", server.card("chair")["link"], "Chủ tọa")
    hall = await seats(server, tmp_path, 12)
    try:
        await wait_until(lambda: chair.status.kind == "online", what="chair online")
        vote_id = await create_and_open(chair, kind="secret", committee=COMMITTEE, title="Bỏ phiếu kín")
        await wait_until(lambda: all(vote_of(c, vote_id) is not None for c in hall), what="seats see the vote")
        choices = ["tan_thanh"] * 7 + ["khong_tan_thanh"] * 4
        args = [cast_args(seat.keys, vote_id, choice) for seat, choice in zip(hall, choices, strict=False)]
        answers = await asyncio.gather(*(s.request("vote.cast", a, timeout=patience(10)) for s, a in zip(hall, args, strict=False)))
        assert [a.get("receipt") for a in answers] == [expected_receipt(a) for a in args]
        # Acknowledged means on disk: the server dies at once and comes back.
        server.kill9()
        server.start()
        await wait_until(lambda: all(c.status.kind == "online" for c in [chair, *hall]), timeout=20, what="back online")
        again = await hall[0].request("vote.cast", cast_args(hall[0].keys, vote_id, "khong_bieu_quyet"),
                                      timeout=patience(10))
        assert again["code"] == "already_voted", again
        last = await hall[11].request("vote.cast", cast_args(hall[11].keys, vote_id, "khong_bieu_quyet"),
                                      timeout=patience(10))
        assert last["type"] == "ack" and last["receipt"], last

        db = sqlite3.connect(f"file:{server.data_dir / 'room.db'}?mode=ro", uri=True)
        try:
            stored = db.execute("SELECT * FROM secret_choices WHERE vote_id = ?", (vote_id,)).fetchall()
            # meeting, vote, a random key, the choice: nothing else, no delegate, no device, no time.
            assert sorted(json.loads(row[3]) for row in stored) == sorted([*choices, "khong_bieu_quyet"])
            assert all(len(row) == 4 and len(row[2]) == 32 for row in stored)
            voters = {row[0] for row in db.execute("SELECT delegate_id FROM secret_voters WHERE vote_id = ?", (vote_id,))}
            assert voters == {f"db-{i:03d}" for i in range(1, 13)}
            recorded = [json.loads(r[0]) for r in db.execute(
                "SELECT data FROM events WHERE name = 'vote.ballot_recorded' AND json_extract(data, '$.vote_id') = ?",
                (vote_id,))]
            assert all(set(d) == {"vote_id", "count"} for d in recorded) and len(recorded) == 12
            actors = {r[0] for r in db.execute("SELECT actor FROM events WHERE name = 'vote.ballot_recorded'")}
            assert actors == {None}
            everything = "\n".join(str(row) for row in db.execute("SELECT * FROM answers"))
            for choice in RESOLUTION_OPTIONS:  # remembered answers carry receipts, never a choice
                assert choice not in everything
        finally:
            db.close()

        assert (await chair.request("vote.close", {"vote_id": vote_id}, timeout=patience(5)))["type"] == "ack"
        await wait_until(lambda: getattr(vote_of(hall[0], vote_id), "status", "") == "closed", what="closed")
        result = vote_of(hall[0], vote_id).result  # type: ignore[union-attr]
        assert result is not None
        assert result["tally"] == {"tan_thanh": 7, "khong_tan_thanh": 4, "khong_bieu_quyet": 1}
        assert sorted(result["receipts"]) == result["receipts"]
        assert set(result["receipts"]) == {a["receipt"] for a in [*answers, last]}
        assert "ballots" not in result
    finally:
        await asyncio.gather(*(c.stop() for c in [*hall, chair]))


async def test_a_vote_closes_by_itself_when_its_time_is_up(server: ServerProcess, tmp_path: Path) -> None:
    chair = await enrolled_client(tmp_path / "chair", server.card("chair")["link"], "Chủ tọa")
    hall = await seats(server, tmp_path, 3)
    try:
        vote_id = await create_and_open(chair, duration_s=10)
        await wait_until(lambda: vote_of(hall[0], vote_id) is not None, what="the seat sees the vote")
        ack = await hall[0].request("vote.cast", cast_args(hall[0].keys, vote_id, "tan_thanh"), timeout=patience(5))
        assert ack["type"] == "ack"
        await wait_until(lambda: getattr(vote_of(hall[1], vote_id), "status", "") == "closed", timeout=20,
                         what="closed by the server at its time")
        event = next(e for e in hall[1].replica.events(0) if e.name == "vote.closed")
        assert event.actor is None and event.data["closed_by"] == "time"
        assert event.data["tally"]["tan_thanh"] == 1 and event.data["not_voted"] == 2
        late = await hall[1].request("vote.cast", cast_args(hall[1].keys, vote_id, "tan_thanh"), timeout=patience(5))
        assert late["code"] == "vote_closed", late
    finally:
        await asyncio.gather(*(c.stop() for c in [*hall, chair]))


async def test_a_vote_whose_time_ran_out_while_the_server_was_down_closes_on_restart(
    server: ServerProcess, tmp_path: Path
) -> None:
    chair = await enrolled_client(tmp_path / "chair", server.card("chair")["link"], "Chủ tọa")
    hall = await seats(server, tmp_path, 2)
    try:
        vote_id = await create_and_open(chair, duration_s=10)
        await wait_until(lambda: vote_of(hall[0], vote_id) is not None, what="the seat sees the vote")
        ack = await hall[0].request("vote.cast", cast_args(hall[0].keys, vote_id, "khong_tan_thanh"),
                                    timeout=patience(5))
        assert ack["type"] == "ack"
        server.kill9()
        closes_at = vote_of(chair, vote_id).closes_at  # type: ignore[union-attr]
        assert closes_at is not None
        while datetime.now(UTC) < parse_iso(closes_at):
            await asyncio.sleep(0.2)
        server.start()
        await wait_until(lambda: getattr(vote_of(hall[1], vote_id), "status", "") == "closed", timeout=20,
                         what="closed at restart, its time having passed")
        result = vote_of(hall[1], vote_id).result  # type: ignore[union-attr]
        assert result is not None and result["closed_by"] == "time"
        assert result["tally"]["khong_tan_thanh"] == 1 and result["participated"] == 1
    finally:
        await asyncio.gather(*(c.stop() for c in [*hall, chair]))
