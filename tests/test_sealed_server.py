"""A sealed secret vote through the real room server over TLS (docs/sealed.md): the committee's
seven seat devices make the key, seats cast encrypted ballots, forged and copied ones are refused,
the server is killed twice (mid-vote and mid-count) and the signed result is the choices' sum."""

from __future__ import annotations

import asyncio
import base64
import json
import secrets
import sqlite3
import time
from pathlib import Path
from typing import Any

import pytest

from app.ballots import ballot_message, result_message
from app.demo import DEMO_MEETING_ID
from app.keys import RoomKey, b64e, verify
from app.model import MeetingState, Vote
from app.tally.ballot import marks_for, seal_ballot, tracking, tracking_code, vote_questions
from app.tally.decrypt import decryption_shares
from app.tally.dkg import make_deal, open_share, secret_share, share_ok, threshold
from app.tally.elgamal import tally_from_json
from app.tally.group import point_from_b64
from app.vote_rules import RESOLUTION_OPTIONS
from sync.client.connection import Connection
from tests.support import ServerProcess, enrolled_client, patience, wait_until
from tests.test_archive import phonghop

pytestmark = pytest.mark.slow

ITEM = "item-07"
MEMBERS = [f"db-{i:03d}" for i in range(70, 77)]
COMMITTEE = {"head": MEMBERS[0], "secretary": MEMBERS[1], "members": MEMBERS}
VOTERS = [f"db-{i:03d}" for i in range(2, 22)]


def vote_of(conn: Connection, vote_id: str) -> Vote | None:
    state = conn.state
    return state.votes.get(vote_id) if isinstance(state, MeetingState) else None


def status_of(conn: Connection, vote_id: str) -> str:
    vote = vote_of(conn, vote_id)
    return "" if vote is None else vote.status


def deals_seen(conn: Connection, vote_id: str) -> int:
    vote = vote_of(conn, vote_id)
    return 0 if vote is None else len(vote.ceremony.deals)


def key_ready(conn: Connection, vote_id: str) -> bool:
    vote = vote_of(conn, vote_id)
    return vote is not None and vote.ceremony.ready is not None


async def seats(server: ServerProcess, tmp_path: Path, delegates: list[str]) -> dict[str, Connection]:
    made = await asyncio.gather(*(
        enrolled_client(tmp_path / f"seat-{d}", server.card("delegate", d)["link"], f"Ghế {d}") for d in delegates
    ))
    await wait_until(lambda: all(c.status.kind == "online" for c in made), what="seats online")
    answers = await asyncio.gather(*(c.request("attendance.check_in", {}, timeout=patience(10)) for c in made))
    assert all(a["type"] == "ack" for a in answers), answers
    return dict(zip(delegates, made, strict=True))


def signed(seat: Connection, vote_id: str, ballot: dict[str, Any]) -> dict[str, Any]:
    nonce = secrets.token_urlsafe(12)
    sig = b64e(seat.keys.sign(ballot_message(vote_id, ballot, nonce)))
    return {"vote_id": vote_id, "ballot": ballot, "nonce": nonce, "sig": sig}


def sealed_ballot(seat: Connection, vote_id: str, choice: Any) -> dict[str, Any]:
    vote = vote_of(seat, vote_id)
    assert vote is not None and vote.ceremony.ready is not None
    key = point_from_b64(vote.ceremony.ready["public_key"], "public_key")
    return seal_ballot(vote_id, key, vote_questions(vote), marks_for(vote, choice))


def opened(member: Connection, vote_id: str, delegate_id: str) -> tuple[dict[str, bytes], list[str]]:
    """What a member's device does with the deals in its own replica."""
    vote = vote_of(member, vote_id)
    assert vote is not None
    index = MEMBERS.index(delegate_id) + 1
    good, complaints = {}, []
    for dealer, deal in vote.ceremony.deals.items():
        share = open_share(member.keys, vote_id, dealer, delegate_id, deal["shares"][delegate_id])
        if share_ok([point_from_b64(c, "c") for c in deal["commitments"]], index, share):
            good[dealer] = share
        else:
            complaints.append(dealer)
    return good, complaints


async def key_ceremony(committee: dict[str, Connection], vote_id: str) -> None:
    await wait_until(lambda: all(vote_of(c, vote_id) is not None for c in committee.values()), what="members see it")
    first = vote_of(committee[MEMBERS[0]], vote_id)
    assert first is not None
    pubs = [(m, base64.b64decode(first.committee_keys[m][1])) for m in MEMBERS]
    deals = await asyncio.gather(*(
        conn.request("vote.key_deal", {"vote_id": vote_id, **make_deal(vote_id, m, pubs, threshold(len(MEMBERS)))},
                     timeout=patience(10))
        for m, conn in committee.items()
    ))
    assert all(a["type"] == "ack" for a in deals), deals
    await wait_until(lambda: all(deals_seen(c, vote_id) == 7 for c in committee.values()),
                     what="every member's device has read every deal")
    checks = []
    for m, conn in committee.items():
        _good, complaints = opened(conn, vote_id, m)
        assert complaints == []
        checks.append(conn.request("vote.key_check", {"vote_id": vote_id, "dealers": MEMBERS, "complaints": []},
                                   timeout=patience(10)))
    answers = await asyncio.gather(*checks)
    assert all(a["type"] == "ack" for a in answers), answers


async def decrypt(member: Connection, delegate_id: str, vote_id: str) -> dict[str, Any]:
    vote = vote_of(member, vote_id)
    assert vote is not None and vote.counting is not None and vote.ceremony.ready is not None
    good, _ = opened(member, vote_id, delegate_id)
    x = secret_share(good, vote.ceremony.ready["qualified"])
    shares = decryption_shares(vote_id, delegate_id, x, tally_from_json(vote.counting["tally"]))
    return await member.request("vote.decrypt", {"vote_id": vote_id, "shares": shares}, timeout=patience(10))


async def test_a_sealed_vote_end_to_end_with_the_server_killed_mid_vote_and_mid_count(
    server: ServerProcess, tmp_path: Path
) -> None:
    chair = await enrolled_client(tmp_path / "chair", server.card("chair")["link"], "Chủ tọa")
    display = await enrolled_client(tmp_path / "display", server.card("display")["link"], "Màn hình")
    committee = await seats(server, tmp_path, MEMBERS)
    hall = await seats(server, tmp_path, VOTERS)
    everyone = [chair, display, *committee.values(), *hall.values()]
    try:
        await wait_until(lambda: chair.status.kind == "online", what="chair online")
        created = await chair.request("vote.create", {
            "item_id": ITEM, "title": "Bỏ phiếu kín: bãi nhiệm", "kind": "secret", "options": list(RESOLUTION_OPTIONS),
            "rule": "majority_of_all", "duration_s": 0, "committee": COMMITTEE, "sealed": True,
        }, timeout=patience(5))
        assert created["type"] == "ack", created
        vote_id = f"vote-{created['seq']}"
        await wait_until(lambda: vote_of(chair, vote_id) is not None, what="the chair sees the vote")
        vote = vote_of(chair, vote_id)
        assert vote is not None and vote.sealed
        # The room named each member's own enrolled seat device.
        assert {m: k[0] for m, k in vote.committee_keys.items()} == {
            m: c.identity.device_id for m, c in committee.items()}
        early = await chair.request("vote.open", {"vote_id": vote_id}, timeout=patience(5))
        assert early["code"] == "conflict" and early["detail"]["reason"] == "key_not_ready", early

        await key_ceremony(committee, vote_id)
        await wait_until(lambda: key_ready(chair, vote_id), what="key ready")
        opened_ack = await chair.request("vote.open", {"vote_id": vote_id}, timeout=patience(5))
        assert opened_ack["type"] == "ack", opened_ack
        await wait_until(lambda: all(status_of(c, vote_id) == "open" for c in hall.values()), what="seats see it open")

        choices = dict(zip(VOTERS, ["tan_thanh"] * 11 + ["khong_tan_thanh"] * 6 + ["khong_bieu_quyet"] * 3,
                           strict=True))
        sent = {d: signed(hall[d], vote_id, sealed_ballot(hall[d], vote_id, choices[d])) for d in VOTERS}
        first, rest = VOTERS[:10], VOTERS[10:]
        started = time.perf_counter()
        answers = await asyncio.gather(*(hall[d].request("vote.cast_sealed", sent[d], timeout=patience(10))
                                         for d in first))
        took = time.perf_counter() - started
        assert [a["type"] for a in answers] == ["ack"] * 10, answers
        assert [a["receipt"] for a in answers] == [tracking_code(tracking(sent[d]["ballot"])) for d in first]
        assert took < patience(5)

        # Refused: a forged proof, a ballot copied from the board and signed by another seat, a
        # signature that is not the device's.
        forged = json.loads(json.dumps(sealed_ballot(hall[rest[0]], vote_id, "tan_thanh")))
        option = forged["questions"][0]["options"]
        option[0]["proof"], option[1]["proof"] = option[1]["proof"], option[0]["proof"]
        bad = await hall[rest[0]].request("vote.cast_sealed", signed(hall[rest[0]], vote_id, forged),
                                          timeout=patience(5))
        assert bad["code"] == "bad_request" and bad["detail"]["reason"] == "proof", bad
        copied = signed(hall[rest[0]], vote_id, sent[first[0]]["ballot"])
        dup = await hall[rest[0]].request("vote.cast_sealed", copied, timeout=patience(5))
        assert dup["code"] == "conflict" and dup["detail"]["reason"] == "duplicate", dup
        stolen = {**sent[rest[0]], "sig": sent[rest[1]]["sig"]}
        assert (await hall[rest[0]].request("vote.cast_sealed", stolen, timeout=patience(5)))["code"] == "unauthorized"
        await wait_until(lambda: len(getattr(vote_of(display, vote_id), "ballots", ())) == 10, what="10 on the board")
        board = vote_of(display, vote_id)
        assert board is not None
        assert {b["tracking"] for b in board.ballots} == {tracking(sent[d]["ballot"]) for d in first}

        # Killed mid-vote: the ballots, who voted and the seen ciphertexts come back.
        server.kill9()
        server.start()
        await wait_until(lambda: all(c.status.kind == "online" for c in everyone), timeout=20, what="back online")
        again = await hall[first[0]].request("vote.cast_sealed", signed(
            hall[first[0]], vote_id, sealed_ballot(hall[first[0]], vote_id, "khong_tan_thanh")), timeout=patience(5))
        assert again["code"] == "already_voted", again
        dup = await hall[rest[0]].request("vote.cast_sealed", signed(hall[rest[0]], vote_id, sent[first[1]]["ballot"]),
                                          timeout=patience(5))
        assert dup["code"] == "conflict" and dup["detail"]["reason"] == "duplicate", dup
        away = committee[MEMBERS[6]]  # a committee device away while the rest are cast catches up whole
        everyone.remove(away)
        await away.stop()
        answers = await asyncio.gather(*(hall[d].request("vote.cast_sealed", sent[d], timeout=patience(10))
                                         for d in rest))
        assert [a["type"] for a in answers] == ["ack"] * 10, answers
        away = committee[MEMBERS[6]] = Connection(away.identity, away.keys, away.replica)
        everyone.append(away)
        away.start()
        await wait_until(lambda: len(getattr(vote_of(away, vote_id), "ballots", ())) == 20, what="caught up")

        closing = await chair.request("vote.close", {"vote_id": vote_id}, timeout=patience(5))
        assert closing["type"] == "ack", closing
        await wait_until(lambda: all(status_of(c, vote_id) == "counting" for c in committee.values()), what="counting")
        counting = vote_of(chair, vote_id)
        assert counting is not None and counting.counting is not None and counting.counting["collected"] == 20
        assert (await decrypt(committee[MEMBERS[0]], MEMBERS[0], vote_id))["type"] == "ack"
        assert (await decrypt(committee[MEMBERS[3]], MEMBERS[3], vote_id))["type"] == "ack"

        # Killed mid-count: the decryptions already in stay; two more give the result.
        server.kill9()
        server.start()
        await wait_until(lambda: all(c.status.kind == "online" for c in everyone), timeout=20, what="back online")
        twice = await decrypt(committee[MEMBERS[0]], MEMBERS[0], vote_id)
        assert twice["code"] == "conflict", twice
        counted_at = time.perf_counter()
        answers = await asyncio.gather(decrypt(committee[MEMBERS[5]], MEMBERS[5], vote_id),
                                       decrypt(committee[MEMBERS[6]], MEMBERS[6], vote_id))
        assert all(a["type"] == "ack" for a in answers), answers
        await wait_until(lambda: all(status_of(c, vote_id) == "closed" for c in everyone), what="every device sees it")
        assert time.perf_counter() - counted_at < patience(2)
        # The ballots' bodies reached the committee's devices only, live, after the restarts and
        # in a catch-up; the others hold each ballot by its tracking hash and their chains check.
        def bodies(conn: Connection) -> set[bool]:
            return {"ballot" in e.data for e in conn.replica.events(0) if e.name == "vote.ballot_recorded"}

        assert all(bodies(c) == {True} for c in committee.values())
        assert all(bodies(c) == {False} for c in [chair, display, *hall.values()])
        result = dict(vote_of(display, vote_id).result or {})  # type: ignore[union-attr]
        assert result["tally"] == {"tan_thanh": 11, "khong_tan_thanh": 6, "khong_bieu_quyet": 3}
        assert (result["participated"], result["outcome"], result["closed_by"]) == (20, "failed", "chair")
        assert result["sealed"]["threshold"] == 4 and len(result["sealed"]["decrypted_by"]) == 4
        assert "counted" not in result and "receipts" not in result
        event = next(e for e in display.replica.events(0) if e.name == "vote.closed")
        room_key = RoomKey.load_or_create(server.data_dir / "room_key.pem").public_b64
        assert verify(room_key, result_message(result, event.prev), result["signature"])

        # On the server's disk: who voted, nothing else beside the log's encrypted ballots.
        db = sqlite3.connect(f"file:{server.data_dir / 'room.db'}?mode=ro", uri=True)
        try:
            voters = {r[0] for r in db.execute("SELECT delegate_id FROM secret_voters WHERE vote_id = ?", (vote_id,))}
            assert voters == set(VOTERS)
            assert db.execute("SELECT count(*) FROM secret_choices WHERE vote_id = ?", (vote_id,)).fetchone()[0] == 0
            assert db.execute("SELECT count(*) FROM secret_receipts WHERE vote_id = ?", (vote_id,)).fetchone()[0] == 0
        finally:
            db.close()

        # `phonghop export` then `phonghop verify`: every proof re-checked, the result recounted.
        archive = tmp_path / "ky-hop.jsonl"
        done = phonghop("export", "--data", str(server.data_dir), "--meeting", DEMO_MEETING_ID, "--out", str(archive))
        assert done.returncode == 0, done.stderr
        checked = phonghop("verify", "--json", "--room-key", room_key, str(archive))
        report = json.loads(checked.stdout)
        assert checked.returncode == 0 and report["status"] == "valid", report["findings"]
        assert {v["vote_id"]: v["recount"] for v in report["votes"]}[vote_id] == "ok"
    finally:
        await asyncio.gather(*(c.stop() for c in everyone))


async def test_heavy_ballots_are_checked_off_the_loop_in_each_devices_order_and_time_closes_the_vote(
    server: ServerProcess, tmp_path: Path
) -> None:
    chair = await enrolled_client(tmp_path / "chair", server.card("chair")["link"], "Chủ tọa")
    committee = await seats(server, tmp_path, MEMBERS)
    voters = VOTERS[:13]
    hall = await seats(server, tmp_path, voters)
    try:
        await wait_until(lambda: chair.status.kind == "online", what="chair online")
        subjects = [{"id": f"ub-{i:02d}", "name": f"Người được lấy phiếu {i}", "position": "Giám đốc Sở"}
                    for i in range(1, 21)]
        levels = ["tin_nhiem_cao", "tin_nhiem", "tin_nhiem_thap"]
        created = await chair.request("vote.create", {
            "item_id": ITEM, "title": "Lấy phiếu tín nhiệm", "kind": "confidence", "options": levels,
            "rule": "confidence", "duration_s": 10, "subjects": subjects, "committee": COMMITTEE, "sealed": True,
        }, timeout=patience(5))
        assert created["type"] == "ack", created
        vote_id = f"vote-{created['seq']}"
        await key_ceremony(committee, vote_id)
        await wait_until(lambda: key_ready(chair, vote_id), what="key ready")
        assert (await chair.request("vote.open", {"vote_id": vote_id}, timeout=patience(5)))["type"] == "ack"
        await wait_until(lambda: all(status_of(c, vote_id) == "open" for c in hall.values()), what="seats see it open")

        choices = {d: {s["id"]: levels[(i + j) % 3] for j, s in enumerate(subjects)} for i, d in enumerate(voters)}
        sent = {d: signed(hall[d], vote_id, sealed_ballot(hall[d], vote_id, choices[d])) for d in voters}
        # A seat that checks out right after voting: its ballot, checked in a worker thread, is
        # still decided first (checked out first, it would be refused as not checked in).
        leaving = voters[0]
        ballot_id = await hall[leaving].submit("vote.cast_sealed", sent[leaving])
        out_id = await hall[leaving].submit("attendance.check_out", {})
        # Twelve 60-option ballots (about 0.1 s of proofs each) while the chair keeps working.
        casting = [asyncio.ensure_future(hall[d].request("vote.cast_sealed", sent[d], timeout=patience(20)))
                   for d in voters[1:]]
        waits = []
        for n in range(5):
            started = time.perf_counter()
            answer = await chair.request("message.send", {"to": "all", "text": f"Tin nhắn {n}"}, timeout=patience(5))
            assert answer["type"] == "ack", answer
            waits.append(time.perf_counter() - started)
        ballot_ack = await hall[leaving].answer(ballot_id, timeout=patience(20))
        out_ack = await hall[leaving].answer(out_id, timeout=patience(20))
        assert ballot_ack["type"] == "ack" and out_ack["type"] == "ack", (ballot_ack, out_ack)
        assert ballot_ack["seq"] < out_ack["seq"]
        assert all(a["type"] == "ack" for a in await asyncio.gather(*casting))
        assert max(waits) < patience(0.5), waits

        # Ten seconds after opening the room closes it by itself and counts.
        await wait_until(lambda: all(status_of(c, vote_id) == "counting" for c in committee.values()), timeout=20,
                         what="counting at its time")
        vote = vote_of(chair, vote_id)
        assert vote is not None and vote.counting is not None
        assert (vote.counting["closed_by"], vote.counting["collected"]) == ("time", 13)
        answers = await asyncio.gather(*(decrypt(committee[m], m, vote_id) for m in MEMBERS[:4]))
        assert all(a["type"] == "ack" for a in answers), answers
        await wait_until(lambda: status_of(chair, vote_id) == "closed", what="the result")
        result = dict(vote_of(chair, vote_id).result or {})  # type: ignore[union-attr]
        assert result["closed_by"] == "time" and result["collected"] == 13
        for subject in subjects:
            expected = {level: sum(c[subject["id"]] == level for c in choices.values()) for level in levels}
            assert result["results"][subject["id"]]["counts"] == expected
            assert result["results"][subject["id"]]["valid"] == 13
    finally:
        await asyncio.gather(*(c.stop() for c in [chair, *committee.values(), *hall.values()]))
