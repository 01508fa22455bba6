"""`phonghop verify` of sealed votes (docs/sealed.md, "Verification"): a meeting with a sealed
secret ballot, confidence vote and election verifies from the archive alone; an insider who holds
the room key and mends every hash and signature still cannot slip a bad ballot, a false tally, a
lying decryption share, another key or another result past it."""

from __future__ import annotations

import base64
import json
from functools import cache
from typing import Any

from app.archive import build_archive
from app.archive_verify import Report, verify_archive
from app.ballots import result_message
from app.canonical import canonical_json, event_hash
from app.demo import DEMO_MEETING_ID
from app.events import Event, NewEvent
from app.keys import RoomKey, b64e
from app.tally.group import b64, base_mul, random_scalar
from tests.test_archive import EXPORTED_AT, found, is_event, rehash, reseal, rewrite
from tests.test_sealed_domain import (
    DELEGATES,
    MEMBERS,
    SealedRoom,
    cast,
    ceremony,
    confidence,
    count_sealed,
    create,
    election,
    present,
)

VOTERS = DELEGATES[:20]


class SignedSealedRoom(SealedRoom):
    """SealedRoom whose results the room key signs, as the room does when it appends them."""

    def __init__(self) -> None:
        self.room_key = RoomKey.generate()
        super().__init__()

    def append(self, actor: Any, decided: list[Any]) -> list[Event]:
        out = []
        for new in decided:  # one at a time: a result is signed over the head just before it
            if new.name == "vote.closed":
                signature = b64e(self.room_key.sign(result_message(new.data, self.meeting.head)))
                new = NewEvent(new.name, {**new.data, "signature": signature})
            out += super().append(actor, [new])
        return out

    def archive(self) -> bytes:
        return build_archive(meeting_id=DEMO_MEETING_ID, server_events=self.server_events, events=self.events,
                             open_ballots=[], secret_ballots=[], room_key=self.room_key, exported_at=EXPORTED_AT)


@cache
def sealed_meeting() -> tuple[SignedSealedRoom, dict[str, str], bytes]:
    room = SignedSealedRoom()
    present(room, VOTERS + MEMBERS)
    votes = {}
    for kind, make, choices in (
        ("secret", create, ["tan_thanh"] * 12 + ["khong_tan_thanh"] * 5 + ["khong_bieu_quyet"] * 3),
        ("confidence", confidence, [{"ub-01": "tin_nhiem_cao", "ub-02": "tin_nhiem_thap"}] * 8
         + [{"ub-01": "tin_nhiem", "ub-03": "tin_nhiem_thap"}] * 12),
        ("election", election, [["uv-1", "uv-2"]] * 11 + [["uv-3"]] * 6 + [[]] * 3),
    ):
        vote_id = make(room)
        ceremony(room, vote_id)
        room.cmd(room_chair(), "vote.open", {"vote_id": vote_id})
        for delegate_id, choice in zip(VOTERS, choices, strict=True):
            cast(room, delegate_id, vote_id, choice)
        count_sealed(room, vote_id, MEMBERS[1:5])
        votes[kind] = vote_id
    return room, votes, room.archive()


def room_chair() -> Any:
    from tests.domain_log import CHAIR_ACTOR

    return CHAIR_ACTOR


def insider(data: bytes, key: RoomKey, resign_results: bool = False) -> bytes:
    """What the room's operator can do to an archive: mend the chain and re-sign the manifest and,
    with resign_results, every result over its new place in the chain."""
    if not resign_results:
        return reseal(rehash(data), key)
    lines = data[:-1].split(b"\n")
    prev = "0" * 64
    for i, line in enumerate(lines):
        item = json.loads(line)
        if item.get("type") == "event" and item.get("meeting_id") is not None:
            item["prev"] = prev
            if item["name"] == "vote.closed":
                unsigned = {k: v for k, v in item["data"].items() if k != "signature"}
                item["data"]["signature"] = b64e(key.sign(result_message(unsigned, prev)))
            item["hash"] = prev = event_hash(prev, item["seq"], item["at"], item["actor"], item["name"], item["data"])
            lines[i] = canonical_json(item)
    return reseal(b"".join(line + b"\n" for line in lines), key)


def verified(data: bytes, room: SignedSealedRoom) -> Report:
    return verify_archive(data, room.room_key.public_b64)


def test_a_meeting_of_sealed_votes_verifies_from_its_archive_alone() -> None:
    room, votes, data = sealed_meeting()
    report = verified(data, room)
    assert report.valid, [(f.code, f.message) for f in report.findings]
    checks = {v.vote_id: v for v in report.votes}
    for vote_id in votes.values():
        assert checks[vote_id].recount == "ok" and checks[vote_id].signature_ok
        assert checks[vote_id].ballots == 20
    closed = next(e for e in room.events if e.name == "vote.closed" and e.data["vote_id"] == votes["secret"])
    assert closed.data["tally"] == {"tan_thanh": 12, "khong_tan_thanh": 5, "khong_bieu_quyet": 3}


def _flip(text: str) -> str:
    raw = bytearray(base64.b64decode(text))
    raw[0] ^= 1
    return base64.b64encode(bytes(raw)).decode()


def test_a_ballot_whose_proof_was_changed_is_named() -> None:
    room, votes, data = sealed_meeting()

    def change(item: dict[str, Any]) -> None:
        if item["data"].get("vote_id") == votes["secret"]:
            proof = item["data"]["ballot"]["questions"][0]["options"][1]["proof"]
            proof[2] = _flip(proof[2])

    edited, _line = rewrite(data, lambda i: is_event("vote.ballot_recorded")(i)
                            and i["data"]["vote_id"] == votes["secret"], change, nth=3)
    report = verified(insider(edited, room.room_key), room)
    assert found(report, "sealed_ballot", vote_id=votes["secret"]), [(f.code, f.message) for f in report.findings]


def test_a_tally_that_is_not_the_sum_of_the_ballots_is_named() -> None:
    room, votes, data = sealed_meeting()

    def change(item: dict[str, Any]) -> None:
        a, _b = item["data"]["tally"][0][0]
        item["data"]["tally"][0][0] = [a, b64(base_mul(random_scalar()))]

    edited, _ = rewrite(data, lambda i: is_event("vote.counting")(i) and i["data"]["vote_id"] == votes["secret"],
                        change)
    report = verified(insider(edited, room.room_key), room)
    assert found(report, "sealed_tally", vote_id=votes["secret"])


def test_a_decryption_share_that_lies_is_named() -> None:
    room, votes, data = sealed_meeting()

    def change(item: dict[str, Any]) -> None:
        item["data"]["shares"][0][0][0] = b64(base_mul(random_scalar()))

    edited, _ = rewrite(data, lambda i: is_event("vote.decryption_added")(i)
                        and i["data"]["vote_id"] == votes["election"], change)
    report = verified(insider(edited, room.room_key), room)
    assert found(report, "sealed_decryption", vote_id=votes["election"])


def test_another_public_key_is_named() -> None:
    room, votes, data = sealed_meeting()

    def change(item: dict[str, Any]) -> None:
        item["data"]["public_key"] = b64(base_mul(random_scalar()))

    edited, _ = rewrite(data, lambda i: is_event("vote.key_ready")(i) and i["data"]["vote_id"] == votes["confidence"],
                        change)
    report = verified(insider(edited, room.room_key), room)
    assert found(report, "sealed_key", vote_id=votes["confidence"])


def test_a_result_re_signed_by_the_room_with_other_counts_does_not_recount() -> None:
    room, votes, data = sealed_meeting()

    def change(item: dict[str, Any]) -> None:
        item["data"]["tally"] = {"tan_thanh": 15, "khong_tan_thanh": 2, "khong_bieu_quyet": 3}

    edited, _ = rewrite(data, lambda i: is_event("vote.closed")(i) and i["data"]["vote_id"] == votes["secret"], change)
    report = verified(insider(edited, room.room_key, resign_results=True), room)
    assert not found(report, "bad_result_signature")
    assert found(report, "recount_mismatch", vote_id=votes["secret"])


def test_more_ballots_than_delegates_checked_in_is_named() -> None:
    room, votes, data = sealed_meeting()

    def change(item: dict[str, Any]) -> None:
        item["data"]["present"] = 19

    edited, _ = rewrite(data, lambda i: is_event("vote.counting")(i) and i["data"]["vote_id"] == votes["secret"],
                        change)
    report = verified(insider(edited, room.room_key), room)
    assert found(report, "sealed_tally", vote_id=votes["secret"])
