"""Sealed votes through the real command pipeline with the real cryptography (docs/sealed.md):
the committee's key ceremony, opening, casting, counting and the committee's decryption."""

from __future__ import annotations

import base64
import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from app import demo
from app.canonical import without_body
from app.doccrypto import seal_for
from app.events import Event
from app.keys import DeviceKeys
from app.model import DELEGATE, Actor, Device, MeetingState
from app.reducer import decide_meeting, replay
from app.storage.replica import Replica, ReplicaError
from app.tally.ballot import marks_for, seal_ballot, tracking, tracking_code, vote_questions
from app.tally.decrypt import decryption_shares, lagrange_at_zero
from app.tally.dkg import SHARE_CONTEXT, make_deal, open_share, secret_share, share_ok, threshold
from app.tally.elgamal import tally_from_json, tally_of, tally_to_json
from app.tally.group import b64, base_mul, point_from_b64, random_scalar, s_add, s_mul
from app.vote_rules import CONFIDENCE_LEVELS, RESOLUTION_OPTIONS
from app.voting import closing
from app.voting_sealed import current_checks, holders, key_status, threshold_of, with_committee_keys
from app.voting_sealed_checks import decide_checked, precheck
from app.voting_sealed_count import counting, counting_status, pretally
from sync.protocol.messages import MAX_FRAME
from tests.domain_log import CHAIR_ACTOR, SECRETARY_ACTOR, MemoryRoom, seat_of
from tests.test_domain_commands import refused

ITEM = "item-07"
DELEGATES = [f"db-{i:03d}" for i in range(1, 86)]
MEMBERS = [f"db-{i:03d}" for i in range(70, 77)]
COMMITTEE = {"head": MEMBERS[0], "secretary": MEMBERS[1], "members": MEMBERS}
_counter = iter(range(10**9))


def sig() -> str:
    # The room checks a ballot's signature before deciding; the domain takes any well-formed one.
    return f"{next(_counter):012d}".ljust(88, "A")


class SealedRoom(MemoryRoom):
    """The demo meeting with a seat device (real keys) for every delegate, and the room's step
    that fills a sealed vote's committee devices in."""

    def __init__(self) -> None:
        self.devices: dict[str, Device] = {}
        super().__init__()
        self.keys = {d: DeviceKeys.generate() for d in MEMBERS}
        self.devices = {
            f"dev-{d}": Device(f"dev-{d}", DELEGATE, demo.DEMO_MEETING_ID, d, None, f"Ghế {d}", k.sign_pub_b64,
                               k.kex_pub_b64)
            for d, k in self.keys.items()
        }

    def cmd(self, actor: Actor, name: str, args: dict[str, Any]) -> list[Event]:
        decided = with_committee_keys(self.meeting, self.devices, decide_meeting(self.meeting, actor, name, args, self.now))
        return self.append(actor, decided)

    def vote(self, vote_id: str) -> Any:
        return self.meeting.votes[vote_id]


def present(room: MemoryRoom, delegates: list[str]) -> None:
    for delegate_id in delegates:
        room.cmd(seat_of(delegate_id), "attendance.check_in", {})


def create(room: SealedRoom, kind: str = "secret", sealed: bool = True, **extra: Any) -> str:
    args: dict[str, Any] = {"item_id": ITEM, "title": "Bỏ phiếu kín", "kind": kind, "options": list(RESOLUTION_OPTIONS),
                            "rule": "majority_of_all", "duration_s": 0, "committee": COMMITTEE, **extra}
    if sealed:
        args["sealed"] = True
    [event] = room.cmd(CHAIR_ACTOR, "vote.create", args)
    return str(event.data["vote_id"])


def confidence(room: SealedRoom, subjects: int = 3, sealed: bool = True) -> str:
    people = [{"id": f"ub-{i:02d}", "name": f"Người {i}", "position": "Giám đốc Sở"} for i in range(1, subjects + 1)]
    return create(room, "confidence", sealed, rule="confidence", options=list(CONFIDENCE_LEVELS), subjects=people)


def election(room: SealedRoom, sealed: bool = True) -> str:
    people = [{"id": f"uv-{i}", "name": f"Ứng viên {i}", "position": ""} for i in range(1, 5)]
    return create(room, "election", sealed, rule="election", options=[p["id"] for p in people], candidates=people,
                  seats=2)


def kex(room: SealedRoom, vote_id: str) -> list[tuple[str, bytes]]:
    keys = room.vote(vote_id).committee_keys
    return [(m, base64.b64decode(keys[m][1])) for m in MEMBERS]


def deal(room: SealedRoom, vote_id: str, member: str) -> dict[str, Any]:
    made = make_deal(vote_id, member, kex(room, vote_id), threshold(len(MEMBERS)))
    room.cmd(seat_of(member), "vote.key_deal", {"vote_id": vote_id, **made})
    return made


def opened_shares(room: SealedRoom, vote_id: str, member: str) -> tuple[dict[str, bytes], list[str]]:
    """What a member's device does: open each share and check it against its dealer's commitments."""
    deals = room.vote(vote_id).ceremony.deals
    index = MEMBERS.index(member) + 1
    opened, complaints = {}, []
    for dealer, d in deals.items():
        share = open_share(room.keys[member], vote_id, dealer, member, d["shares"][member])
        if share_ok([point_from_b64(c, "c") for c in d["commitments"]], index, share):
            opened[dealer] = share
        else:
            complaints.append(dealer)
    return opened, complaints


def check(room: SealedRoom, vote_id: str, member: str, complaints: list[str] | None = None) -> list[Event]:
    _opened, found = opened_shares(room, vote_id, member)
    args = {"vote_id": vote_id, "dealers": list(room.vote(vote_id).ceremony.deals),
            "complaints": found if complaints is None else complaints}
    return room.cmd(seat_of(member), "vote.key_check", args)


def ceremony(room: SealedRoom, vote_id: str, members: list[str] = MEMBERS) -> list[Event]:
    for member in members:
        deal(room, vote_id, member)
    events: list[Event] = []
    for member in members:
        events = check(room, vote_id, member)
    return events


def cast(room: SealedRoom, delegate_id: str, vote_id: str, choice: Any) -> dict[str, Any]:
    vote = room.vote(vote_id)
    key = point_from_b64(vote.ceremony.ready["public_key"], "public_key")
    ballot = seal_ballot(vote_id, key, vote_questions(vote), marks_for(vote, choice))
    args = {"vote_id": vote_id, "ballot": ballot, "nonce": f"nonce-{next(_counter):06d}", "sig": sig()}
    [event] = room.cmd(seat_of(delegate_id), "vote.cast_sealed", args)
    assert event.actor is None and event.data["tracking"] == tracking(ballot)
    return args


def decrypt(room: SealedRoom, vote_id: str, member: str) -> list[Event]:
    vote = room.vote(vote_id)
    opened, _ = opened_shares(room, vote_id, member)
    x = secret_share(opened, vote.ceremony.ready["qualified"])
    tally = tally_from_json(vote.counting["tally"])
    shares = decryption_shares(vote_id, member, x, tally)
    return room.cmd(seat_of(member), "vote.decrypt", {"vote_id": vote_id, "shares": shares})


def count_sealed(room: SealedRoom, vote_id: str, members: list[str] | None = None) -> dict[str, Any]:
    room.cmd(CHAIR_ACTOR, "vote.close", {"vote_id": vote_id})
    t = threshold_of(room.vote(vote_id))
    events: list[Event] = []
    for member in (members or list(holders(room.vote(vote_id))))[:t]:
        events = decrypt(room, vote_id, member)
    assert events[-1].name == "vote.closed"
    return events[-1].data


def plain_result(room: SealedRoom, make: Any, choices: dict[str, Any]) -> dict[str, Any]:
    vote_id = make(room, sealed=False)
    room.cmd(CHAIR_ACTOR, "vote.open", {"vote_id": vote_id})
    for delegate_id, choice in choices.items():
        room.cmd(seat_of(delegate_id), "vote.cast", {"vote_id": vote_id, "choice": choice,
                                                      "nonce": f"nonce-{next(_counter):06d}", "sig": sig()})
    [closed] = room.cmd(CHAIR_ACTOR, "vote.close", {"vote_id": vote_id})
    return closed.data


def same_result(sealed: dict[str, Any], plain: dict[str, Any]) -> None:
    """The sealed path gives the plaintext path's fields, without counted/receipts, with `sealed`."""
    assert {k: v for k, v in sealed.items() if k not in ("vote_id", "sealed")} == {
        k: v for k, v in plain.items() if k not in ("vote_id", "counted", "receipts")}


def ready_room(make: Any = create) -> tuple[SealedRoom, str]:
    room = SealedRoom()
    present(room, DELEGATES[:60] + MEMBERS)
    vote_id = make(room)
    ceremony(room, vote_id)
    return room, vote_id


# -- creation --------------------------------------------------------------------------------------


def test_a_sealed_vote_names_every_members_device_and_only_secret_kinds_are_sealed() -> None:
    room = SealedRoom()
    vote_id = create(room)
    vote = room.vote(vote_id)
    assert vote.sealed and vote.status == "created"
    assert vote.committee_keys == {m: (f"dev-{m}", room.keys[m].kex_pub_b64) for m in MEMBERS}
    assert threshold_of(vote) == 4 and holders(vote) == ()
    refused(room, CHAIR_ACTOR, "vote.create", {"item_id": ITEM, "title": "Biểu quyết công khai", "kind": "open",
                                               "options": list(RESOLUTION_OPTIONS), "rule": "majority_of_all",
                                               "duration_s": 0, "sealed": True}, "bad_request")
    # A member whose seat has no device: the chair is told who.
    del room.devices["dev-db-073"]
    error = refused(room, CHAIR_ACTOR, "vote.create", {
        "item_id": ITEM, "title": "Bỏ phiếu kín", "kind": "secret", "options": list(RESOLUTION_OPTIONS),
        "rule": "majority_of_all", "duration_s": 0, "committee": COMMITTEE, "sealed": True}, "bad_request")
    assert error.detail == {"field": "committee", "delegate_id": "db-073"}
    assert room.meeting.delegates["db-073"].name in error.message
    # A revoked device does not count either; an unsealed secret vote needs no device.
    room.devices["dev-db-073"] = replace(room.devices["dev-db-072"], device_id="dev-x", delegate_id="db-073",
                                         revoked=True)
    refused(room, CHAIR_ACTOR, "vote.create", {
        "item_id": ITEM, "title": "Bỏ phiếu kín", "kind": "secret", "options": list(RESOLUTION_OPTIONS),
        "rule": "majority_of_all", "duration_s": 0, "committee": COMMITTEE, "sealed": True}, "bad_request")
    assert not room.vote(create(room, sealed=False)).sealed


# -- the key ceremony -------------------------------------------------------------------------------


def test_seven_members_deal_and_check_and_the_room_declares_the_key_ready() -> None:
    room = SealedRoom()
    vote_id = create(room)
    for member in MEMBERS:
        [dealt] = room.cmd(seat_of(member), "vote.key_deal", {
            "vote_id": vote_id, **make_deal(vote_id, member, kex(room, vote_id), 4)})
        assert dealt.name == "vote.key_dealt" and dealt.data["member"] == member and dealt.actor == f"dev-{member}"
    status = key_status(room.vote(vote_id), room.meeting.present)
    assert (status.dealt, status.checked, status.ready, status.can_finish) == (7, 0, False, False)
    for member in MEMBERS[:-1]:
        [checked] = check(room, vote_id, member)
        assert checked.data == {"vote_id": vote_id, "member": member, "dealers": MEMBERS, "complaints": []}
    assert key_status(room.vote(vote_id), room.meeting.present).can_finish
    [_checked, ready] = check(room, vote_id, MEMBERS[-1])
    assert ready.name == "vote.key_ready" and ready.actor == "dev-db-076"
    assert ready.data["threshold"] == 4 and ready.data["qualified"] == MEMBERS and ready.data["holders"] == MEMBERS
    assert set(ready.data["verification_keys"]) == set(MEMBERS)
    vote = room.vote(vote_id)
    assert vote.ceremony.ready == ready.data and holders(vote) == tuple(MEMBERS)
    # The key really is the members' together: any t of their shares rebuild its public part.
    shares = {MEMBERS.index(m) + 1: secret_share(opened_shares(room, vote_id, m)[0], MEMBERS) for m in MEMBERS[2:6]}
    lam = lagrange_at_zero(sorted(shares))
    x = bytes(32)
    for j, share in shares.items():
        x = s_add(x, s_mul(lam[j], share))
    assert b64(base_mul(x)) == ready.data["public_key"]
    assert replay(MeetingState(), room.events).votes[vote_id] == vote
    # Over: no more deals or checks.
    refused(room, seat_of(MEMBERS[0]), "vote.key_check", {"vote_id": vote_id, "dealers": MEMBERS, "complaints": []},
            "conflict")


def test_only_a_members_own_seat_device_deals_once_with_a_valid_proof() -> None:
    room = SealedRoom()
    vote_id = create(room)
    good = make_deal(vote_id, MEMBERS[0], kex(room, vote_id), 4)
    args = {"vote_id": vote_id, **good}
    refused(room, seat_of("db-010"), "vote.key_deal", args, "forbidden")
    refused(room, Actor("dev-other", DELEGATE, MEMBERS[0]), "vote.key_deal", args, "forbidden")
    refused(room, CHAIR_ACTOR, "vote.key_deal", args, "forbidden")
    # The proof is bound to its dealer: another member cannot send it as theirs.
    assert refused(room, seat_of(MEMBERS[1]), "vote.key_deal", args, "bad_request").detail["reason"] == "proof"
    short = {**args, "commitments": good["commitments"][:3]}
    refused(room, seat_of(MEMBERS[0]), "vote.key_deal", short, "bad_request")
    room.cmd(seat_of(MEMBERS[0]), "vote.key_deal", args)
    assert refused(room, seat_of(MEMBERS[0]), "vote.key_deal", args, "conflict").detail["reason"] == "dealt"


def test_a_check_is_stale_once_another_member_deals() -> None:
    room = SealedRoom()
    vote_id = create(room)
    for member in MEMBERS[:3]:
        deal(room, vote_id, member)
    check(room, vote_id, MEMBERS[0])
    assert list(current_checks(room.vote(vote_id))) == [MEMBERS[0]]
    deal(room, vote_id, MEMBERS[3])
    assert current_checks(room.vote(vote_id)) == {}
    stale = {"vote_id": vote_id, "dealers": MEMBERS[:3], "complaints": []}
    assert refused(room, seat_of(MEMBERS[1]), "vote.key_check", stale, "conflict").detail["reason"] == "stale"
    check(room, vote_id, MEMBERS[0])  # its device checks again
    assert refused(room, seat_of(MEMBERS[0]), "vote.key_check", {**stale, "dealers": MEMBERS[:4]},
                   "conflict").detail["reason"] == "checked"
    assert refused(room, seat_of(MEMBERS[1]), "vote.key_check", {**stale, "dealers": MEMBERS[:4],
                   "complaints": ["db-001"]}, "bad_request")


def _bad_deal(room: SealedRoom, vote_id: str, dealer: str, victim: str) -> None:
    made = make_deal(vote_id, dealer, kex(room, vote_id), 4)
    context = f"{SHARE_CONTEXT}{vote_id}|{dealer}|{victim}".encode()
    made["shares"][victim] = seal_for(base64.b64decode(room.keys[victim].kex_pub_b64), random_scalar(), context)
    room.cmd(seat_of(dealer), "vote.key_deal", {"vote_id": vote_id, **made})


def test_a_complaint_disqualifies_the_dealer_and_the_vote_still_counts() -> None:
    room = SealedRoom()
    present(room, DELEGATES[:20] + MEMBERS)
    vote_id = create(room)
    _bad_deal(room, vote_id, MEMBERS[2], MEMBERS[5])
    for member in MEMBERS:
        if member != MEMBERS[2]:
            deal(room, vote_id, member)
    events = []
    for member in MEMBERS:
        events = check(room, vote_id, member)
    assert room.vote(vote_id).ceremony.checks[MEMBERS[5]]["complaints"] == [MEMBERS[2]]
    ready = events[-1]
    assert ready.name == "vote.key_ready"
    assert ready.data["qualified"] == [m for m in MEMBERS if m != MEMBERS[2]] and ready.data["holders"] == MEMBERS
    room.cmd(CHAIR_ACTOR, "vote.open", {"vote_id": vote_id})
    choices = ["tan_thanh"] * 12 + ["khong_tan_thanh"] * 5 + ["khong_bieu_quyet"] * 3
    for delegate_id, choice in zip(DELEGATES, choices, strict=False):
        cast(room, delegate_id, vote_id, choice)
    # The complaining member and the disqualified dealer both decrypt with what they hold.
    result = count_sealed(room, vote_id, [MEMBERS[5], MEMBERS[2], MEMBERS[0], MEMBERS[6]])
    assert result["tally"] == {"tan_thanh": 12, "khong_tan_thanh": 5, "khong_bieu_quyet": 3}
    assert result["sealed"]["decrypted_by"] == [MEMBERS[5], MEMBERS[2], MEMBERS[0], MEMBERS[6]]


def test_a_ceremony_with_too_few_dealers_beyond_complaint_fails_before_any_ballot() -> None:
    room = SealedRoom()
    present(room, MEMBERS)
    vote_id = create(room)
    for member in MEMBERS:
        deal(room, vote_id, member)
    for member in MEMBERS[:-1]:
        check(room, vote_id, member)
    # One false complaint against four dealers leaves three: fewer than t = 4.
    [_checked, failed] = check(room, vote_id, MEMBERS[-1], complaints=MEMBERS[:4])
    assert failed.name == "vote.key_failed" and "cần ít nhất 4" in failed.data["reason"]
    vote = room.vote(vote_id)
    assert vote.ceremony.failed == failed.data["reason"] and vote.ceremony.ready is None
    status = key_status(vote, room.meeting.present)
    assert not status.can_open and not status.can_finish and failed.data["reason"] in status.reason
    error = refused(room, CHAIR_ACTOR, "vote.open", {"vote_id": vote_id}, "conflict")
    assert error.detail == {"vote_id": vote_id, "reason": "key_not_ready"}
    refused(room, SECRETARY_ACTOR, "vote.key_finish", {"vote_id": vote_id}, "conflict")
    room.cmd(CHAIR_ACTOR, "vote.cancel", {"vote_id": vote_id, "reason": "Tạo lại với Ban kiểm phiếu khác"})
    assert room.vote(vote_id).status == "cancelled"


def test_the_chair_finishes_a_ceremony_some_members_missed() -> None:
    room = SealedRoom()
    vote_id = create(room)
    for member in MEMBERS[:5]:
        deal(room, vote_id, member)
    for member in MEMBERS[:3]:
        check(room, vote_id, member)
    error = refused(room, CHAIR_ACTOR, "vote.key_finish", {"vote_id": vote_id}, "conflict")
    assert error.detail == {"vote_id": vote_id, "reason": "too_few", "dealt": 5, "checked": 3, "threshold": 4}
    check(room, vote_id, MEMBERS[3])
    check(room, vote_id, MEMBERS[6])  # checks without having dealt: still a holder
    refused(room, seat_of(MEMBERS[0]), "vote.key_finish", {"vote_id": vote_id}, "forbidden")
    [ready] = room.cmd(SECRETARY_ACTOR, "vote.key_finish", {"vote_id": vote_id})
    assert ready.name == "vote.key_ready"
    assert ready.data["qualified"] == MEMBERS[:5]
    assert ready.data["holders"] == [*MEMBERS[:4], MEMBERS[6]]
    assert holders(room.vote(vote_id)) == (*MEMBERS[:4], MEMBERS[6])
    refused(room, seat_of(MEMBERS[5]), "vote.key_deal", {"vote_id": vote_id, **make_deal(
        vote_id, MEMBERS[5], kex(room, vote_id), 4)}, "conflict")


# -- opening ------------------------------------------------------------------------------------------


def test_the_vote_opens_only_with_the_key_ready_and_t_holders_checked_in() -> None:
    room = SealedRoom()
    present(room, DELEGATES[:30])
    vote_id = create(room)
    error = refused(room, CHAIR_ACTOR, "vote.open", {"vote_id": vote_id}, "conflict")
    assert error.detail == {"vote_id": vote_id, "reason": "key_not_ready"} and "0/7" in error.message
    ceremony(room, vote_id)
    present(room, MEMBERS[:3])
    error = refused(room, CHAIR_ACTOR, "vote.open", {"vote_id": vote_id}, "conflict")
    assert error.detail == {"vote_id": vote_id, "reason": "committee_absent", "holders_present": 3, "threshold": 4}
    assert "3/4" in error.message
    present(room, MEMBERS[3:4])
    assert key_status(room.vote(vote_id), room.meeting.present).can_open
    [opened] = room.cmd(CHAIR_ACTOR, "vote.open", {"vote_id": vote_id})
    assert opened.name == "vote.opened"


# -- casting, counting, decrypting ------------------------------------------------------------------------


def test_a_sealed_secret_ballot_from_casting_to_the_result_of_the_plaintext_path() -> None:
    room, vote_id = ready_room()
    voters = DELEGATES[:40]
    choices = dict(zip(voters, ["tan_thanh"] * 25 + ["khong_tan_thanh"] * 10 + ["khong_bieu_quyet"] * 5, strict=True))
    refused(room, seat_of(voters[0]), "vote.cast_sealed", {"vote_id": vote_id, "ballot": {"v": 1, "questions": []},
                                                          "nonce": "nonce-closed", "sig": sig()}, "vote_closed")
    room.cmd(CHAIR_ACTOR, "vote.open", {"vote_id": vote_id})
    sent = {}
    for delegate_id, choice in choices.items():
        sent[delegate_id] = cast(room, delegate_id, vote_id, choice)
    vote = room.vote(vote_id)
    assert vote.count == 40 and len(vote.ballots) == 40 and vote.voted == frozenset()
    assert room.meeting.boxes[vote_id].voters == frozenset(voters) and room.meeting.boxes[vote_id].secret == ()
    assert room.ballots[-1].receipt == tracking_code(tracking(sent[voters[-1]]["ballot"]))
    assert all(e.actor is None for e in room.events if e.name == "vote.ballot_recorded")

    # Refused with nothing changed: a plaintext ballot, a second ballot, a copied one, a forged proof,
    # a delegate not checked in.
    refused(room, seat_of("db-041"), "vote.cast", {"vote_id": vote_id, "choice": "tan_thanh", "nonce": "nonce-plain",
                                                   "sig": sig()}, "bad_request")
    again = {**sent[voters[0]], "nonce": "nonce-again"}
    refused(room, seat_of(voters[0]), "vote.cast_sealed", again, "already_voted")
    copied = {**sent[voters[1]], "nonce": "nonce-copied"}
    assert refused(room, seat_of("db-041"), "vote.cast_sealed", copied, "conflict").detail["reason"] == "duplicate"
    mixed = json.loads(json.dumps(sent[voters[2]]["ballot"]))
    forged = cast_args_of(room, vote_id, "tan_thanh")
    forged["ballot"]["questions"][0]["options"][0]["proof"][0] = mixed["questions"][0]["options"][0]["proof"][0]
    error = refused(room, seat_of("db-041"), "vote.cast_sealed", forged, "bad_request")
    assert error.detail == {"reason": "proof", "question": 0, "option": 0}
    refused(room, seat_of("db-080"), "vote.cast_sealed", cast_args_of(room, vote_id, "tan_thanh"), "not_eligible")

    [counting_event] = room.cmd(CHAIR_ACTOR, "vote.close", {"vote_id": vote_id})
    assert counting_event.name == "vote.counting"
    data = counting_event.data
    assert (data["closed_by"], data["present"], data["collected"]) == ("chair", 67, 40)
    assert data["tally"] == tally_to_json(tally_of(vote_questions(vote), vote.ballots))
    assert room.vote(vote_id).status == "counting" and vote_id not in room.meeting.boxes
    assert counting_status(room.vote(vote_id)) == type(counting_status(room.vote(vote_id)))(0, 4, tuple(MEMBERS))
    refused(room, seat_of("db-042"), "vote.cast_sealed", cast_args_of(room, vote_id, "tan_thanh"), "vote_closed")

    for member in MEMBERS[:3]:
        [added] = decrypt(room, vote_id, member)
        assert added.name == "vote.decryption_added" and added.data["member"] == member
    assert counting_status(room.vote(vote_id)).waiting_for == tuple(MEMBERS[3:])
    refused(room, seat_of(MEMBERS[0]), "vote.decrypt", {"vote_id": vote_id,
                                                        "shares": room.vote(vote_id).decryptions[MEMBERS[0]]["shares"]},
            "conflict")
    # Another member's shares sent as its own: the proof is bound to the member.
    error = refused(room, seat_of(MEMBERS[4]), "vote.decrypt", {
        "vote_id": vote_id, "shares": room.vote(vote_id).decryptions[MEMBERS[1]]["shares"]}, "bad_request")
    assert error.detail["reason"] == "proof"
    [_added, closed] = decrypt(room, vote_id, MEMBERS[6])
    result = closed.data
    assert result["tally"] == {"tan_thanh": 25, "khong_tan_thanh": 10, "khong_bieu_quyet": 5}
    assert result["sealed"] == {"public_key": vote.ceremony.ready["public_key"], "threshold": 4,
                                "decrypted_by": [*MEMBERS[:3], MEMBERS[6]]}
    assert room.vote(vote_id).status == "closed" and room.vote(vote_id).result == result
    refused(room, seat_of(MEMBERS[5]), "vote.decrypt", {"vote_id": vote_id, "shares": []}, "conflict")
    same_result(result, plain_result(room, create, choices))
    # Every seat reaches the same state from the log alone.
    assert replay(MeetingState(), room.events).votes == room.meeting.votes


def cast_args_of(room: SealedRoom, vote_id: str, choice: Any) -> dict[str, Any]:
    vote = room.vote(vote_id)
    key = point_from_b64(vote.ceremony.ready["public_key"], "public_key")
    ballot = seal_ballot(vote_id, key, vote_questions(vote), marks_for(vote, choice))
    return {"vote_id": vote_id, "ballot": ballot, "nonce": f"nonce-{next(_counter):06d}", "sig": sig()}


def test_a_ballot_is_in_the_chain_by_its_tracking_hash_so_a_seat_checks_it_without_the_body(
    tmp_path: Path,
) -> None:
    """The room sends most devices each sealed ballot without its body (sync/server/log_frames.py);
    the chain must check either way, and a body must be the one its tracking hash names."""
    room, vote_id = ready_room()
    room.cmd(CHAIR_ACTOR, "vote.open", {"vote_id": vote_id})
    for delegate_id, choice in zip(DELEGATES[:3], ["tan_thanh", "khong_tan_thanh", "tan_thanh"], strict=True):
        cast(room, delegate_id, vote_id, choice)
    events = room.events
    ballots = [i for i, e in enumerate(events) if e.name == "vote.ballot_recorded"]
    lean = [replace(e, data=without_body(e.name, e.data)) if i in ballots else e for i, e in enumerate(events)]
    assert all("ballot" not in lean[i].data and "tracking" in lean[i].data for i in ballots)
    assert all(e.hash_ok() for e in events) and all(e.hash_ok() for e in lean)
    first, second = events[ballots[0]], events[ballots[1]]
    swapped = replace(first, data={**first.data, "ballot": second.data["ballot"]})
    assert not swapped.hash_ok()  # another valid ballot in its place: refused
    retracked = replace(lean[ballots[0]], data={**lean[ballots[0]].data, "tracking": second.data["tracking"]})
    assert not retracked.hash_ok()

    # A seat's replica takes the lean events; its board has every tracking code, no body.
    seat = Replica(tmp_path / "seat.db")
    try:
        seat.apply(lean)
        state = replay(MeetingState(), seat.events(0))
        board = state.votes[vote_id].ballots
        assert [b["tracking"] for b in board] == [events[i].data["tracking"] for i in ballots]
        assert all("ballot" not in b for b in board)
    finally:
        seat.close()
    # A device that receives bodies refuses one that is not the ballot the chain names.
    checker = Replica(tmp_path / "checker.db")
    try:
        with pytest.raises(ReplicaError, match="hash"):
            checker.apply([*events[:ballots[0]], swapped])
    finally:
        checker.close()


def test_a_sealed_confidence_vote_gives_the_plaintext_result() -> None:
    room, vote_id = ready_room(confidence)
    room.cmd(CHAIR_ACTOR, "vote.open", {"vote_id": vote_id})
    levels = list(CONFIDENCE_LEVELS)
    choices: dict[str, Any] = {}
    for i, delegate_id in enumerate(DELEGATES[:30]):
        # Every mix, a subject left blank now and then (no valid mark for that subject).
        choice = {f"ub-{s:02d}": levels[(i + s) % 3] for s in range(1, 4) if (i + s) % 7}
        choices[delegate_id] = choice
        cast(room, delegate_id, vote_id, choice)
    result = count_sealed(room, vote_id)
    assert result["collected"] == 30 and result["issued"] == 67
    assert result["results"]["ub-01"]["valid"] == sum(result["results"]["ub-01"]["counts"].values()) < 30
    same_result(result, plain_result(room, confidence, choices))


def test_a_sealed_election_gives_the_plaintext_result_with_no_invalid_ballot() -> None:
    room, vote_id = ready_room(election)
    room.cmd(CHAIR_ACTOR, "vote.open", {"vote_id": vote_id})
    picks = [["uv-1", "uv-2"], ["uv-1"], ["uv-3", "uv-1"], [], ["uv-4"]]
    choices = {d: picks[i % len(picks)] for i, d in enumerate(DELEGATES[:50])}
    for delegate_id, choice in choices.items():
        cast(room, delegate_id, vote_id, choice)
    result = count_sealed(room, vote_id)
    assert result["invalid"] == 0 and result["valid"] == 50 and result["results"]["uv-1"] == {"votes": 30}
    same_result(result, plain_result(room, election, choices))


def test_a_vote_closed_without_ballots_counts_zero_and_a_counting_vote_can_be_cancelled() -> None:
    room, vote_id = ready_room()
    room.cmd(CHAIR_ACTOR, "vote.open", {"vote_id": vote_id})
    result = count_sealed(room, vote_id)
    assert result["tally"] == dict.fromkeys(RESOLUTION_OPTIONS, 0) and result["participated"] == 0
    second = create(room)
    ceremony(room, second)
    room.cmd(CHAIR_ACTOR, "vote.open", {"vote_id": second})
    cast(room, DELEGATES[0], second, "tan_thanh")
    [event] = room.cmd(CHAIR_ACTOR, "vote.close", {"vote_id": second})
    assert event.name == "vote.counting"
    refused(room, seat_of(MEMBERS[0]), "vote.decrypt", {"vote_id": vote_id, "shares": []}, "conflict")
    room.cmd(CHAIR_ACTOR, "vote.cancel", {"vote_id": second, "reason": "Ban kiểm phiếu không đủ người"})
    assert room.vote(second).status == "cancelled"


def test_only_holders_decrypt_and_only_once_counting() -> None:
    room = SealedRoom()
    present(room, DELEGATES[:10] + MEMBERS)
    vote_id = create(room)
    for member in MEMBERS[:5]:
        deal(room, vote_id, member)
    for member in MEMBERS[:4]:
        check(room, vote_id, member)
    room.cmd(CHAIR_ACTOR, "vote.key_finish", {"vote_id": vote_id})
    room.cmd(CHAIR_ACTOR, "vote.open", {"vote_id": vote_id})
    refused(room, seat_of(MEMBERS[0]), "vote.decrypt", {"vote_id": vote_id, "shares": []}, "conflict")
    cast(room, DELEGATES[1], vote_id, "khong_tan_thanh")
    room.cmd(CHAIR_ACTOR, "vote.close", {"vote_id": vote_id})
    # A member who dealt but never checked holds no share of the key.
    refused(room, seat_of(MEMBERS[4]), "vote.decrypt", {"vote_id": vote_id, "shares": []}, "forbidden")
    refused(room, seat_of("db-010"), "vote.decrypt", {"vote_id": vote_id, "shares": []}, "forbidden")
    for member in MEMBERS[:4]:
        events = decrypt(room, vote_id, member)
    assert events[-1].data["tally"] == {"tan_thanh": 0, "khong_tan_thanh": 1, "khong_bieu_quyet": 0}


# -- the room's two steps, and the costs ---------------------------------------------------------------------


def test_work_done_beforehand_gives_the_same_events_as_the_writer_alone() -> None:
    room, vote_id = ready_room()
    room.cmd(CHAIR_ACTOR, "vote.open", {"vote_id": vote_id})
    for delegate_id in DELEGATES[:5]:
        cast(room, delegate_id, vote_id, "tan_thanh")
    voter = seat_of(DELEGATES[5])
    args = cast_args_of(room, vote_id, "khong_tan_thanh")
    checked = precheck(room.meeting, voter, "vote.cast_sealed", args)
    assert checked is not None and checked.error is None and len(checked.points) == 3
    inline = decide_meeting(room.meeting, voter, "vote.cast_sealed", args, room.now)
    assert decide_checked(room.meeting, voter, "vote.cast_sealed", args, room.now, checked) == inline
    # A failed proof found beforehand is refused by the writer, after the rules of eligibility.
    bad = json.loads(json.dumps(args))
    bad["ballot"]["questions"][0]["total"][0] = args["ballot"]["questions"][0]["options"][0]["proof"][0]
    failed = precheck(room.meeting, voter, "vote.cast_sealed", bad)
    assert failed is not None and failed.error is not None and failed.error.detail["option"] == -1
    with pytest.raises(Exception) as exc:
        decide_checked(room.meeting, seat_of("db-080"), "vote.cast_sealed", bad, room.now, failed)
    assert getattr(exc.value, "code", "") == "not_eligible"
    assert precheck(room.meeting, CHAIR_ACTOR, "vote.cast_sealed", args) is None
    room.append(voter, inline)
    # The tally added up beforehand, with a ballot that came in meanwhile.
    pre = pretally(room.meeting, vote_id)
    cast(room, DELEGATES[6], vote_id, "tan_thanh")
    assert pre is not None and pre.count == 6
    assert counting(room.meeting, room.vote(vote_id), "chair", pre) == closing(room.meeting, vote_id, "chair")
    closed_by_time = closing(room.meeting, vote_id, "time", pre)[0]
    assert closed_by_time.name == "vote.counting" and closed_by_time.data["collected"] == 7


def test_a_twenty_subject_confidence_ballot_fits_a_frame_many_times_over() -> None:
    room = SealedRoom()
    vote_id = confidence(room, subjects=20)
    ceremony(room, vote_id)
    args = cast_args_of(room, vote_id, {f"ub-{s:02d}": "tin_nhiem" for s in range(1, 21)})
    frame = json.dumps({"type": "command", "id": "c-1", "name": "vote.cast_sealed", "args": args}).encode()
    assert 12_000 < len(frame) < 25_000 and len(frame) * 40 < MAX_FRAME
    assert b64(b"\x00" * 32) not in frame.decode()  # every point is a real one


def test_the_decryption_that_completes_t_is_combined_beforehand_as_the_writer_would() -> None:
    room, vote_id = ready_room()
    room.cmd(CHAIR_ACTOR, "vote.open", {"vote_id": vote_id})
    for delegate_id, choice in zip(DELEGATES[:6], ["tan_thanh", "khong_tan_thanh"] * 3, strict=True):
        cast(room, delegate_id, vote_id, choice)
    room.cmd(CHAIR_ACTOR, "vote.close", {"vote_id": vote_id})
    for member in MEMBERS[:2]:
        decrypt(room, vote_id, member)
    vote = room.vote(vote_id)

    def args_of(member: str) -> dict[str, Any]:
        opened, _ = opened_shares(room, vote_id, member)
        x = secret_share(opened, vote.ceremony.ready["qualified"])
        return {"vote_id": vote_id, "shares": decryption_shares(vote_id, member, x, tally_from_json(vote.counting["tally"]))}

    third = precheck(room.meeting, seat_of(MEMBERS[2]), "vote.decrypt", args_of(MEMBERS[2]))
    assert third is not None and third.error is None and third.counts is None
    fourth_args = args_of(MEMBERS[4])
    room.append(seat_of(MEMBERS[2]), decide_checked(room.meeting, seat_of(MEMBERS[2]), "vote.decrypt",
                                                    args_of(MEMBERS[2]), room.now, third))
    fourth = precheck(room.meeting, seat_of(MEMBERS[4]), "vote.decrypt", fourth_args)
    assert fourth is not None and fourth.combined == (*MEMBERS[:3], MEMBERS[4]) and fourth.counts == [[3, 3, 0]]
    inline = decide_meeting(room.meeting, seat_of(MEMBERS[4]), "vote.decrypt", fourth_args, room.now)
    assert decide_checked(room.meeting, seat_of(MEMBERS[4]), "vote.decrypt", fourth_args, room.now, fourth) == inline
    # Counts made for another set of decryptions are not used: the writer combines again.
    stale = replace(fourth, counts=[[6, 0, 0]], combined=tuple(MEMBERS[:4]))
    assert decide_checked(room.meeting, seat_of(MEMBERS[4]), "vote.decrypt", fourth_args, room.now, stale) == inline
    # A share checked against another member's key is not trusted either.
    other = precheck(room.meeting, seat_of(MEMBERS[5]), "vote.decrypt", args_of(MEMBERS[5]))
    assert other is not None
    assert decide_checked(room.meeting, seat_of(MEMBERS[4]), "vote.decrypt", fourth_args, room.now, other) == inline
    assert inline[-1].data["tally"] == {"tan_thanh": 3, "khong_tan_thanh": 3, "khong_bieu_quyet": 0}
