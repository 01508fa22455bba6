"""Votes through the real command pipeline: lifecycle, eligibility, counting and secrecy."""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from app.ballots import receipt_for, result_message
from app.model import Actor
from app.reducer import replay
from app.vote_results import hopeless
from app.vote_rules import RESOLUTION_OPTIONS
from tests.domain_log import CHAIR_ACTOR, DISPLAY_ACTOR, SECRETARY_ACTOR, TECH_ACTOR, MemoryRoom, seat_of
from tests.test_domain_commands import refused

ITEM = "item-07"
DELEGATES = [f"db-{i:03d}" for i in range(1, 86)]
COMMITTEE = {"head": "db-070", "secretary": "db-071", "members": [f"db-{i:03d}" for i in range(70, 77)]}
_sig_counter = iter(range(10**9))


def sig() -> str:
    # The room checks signatures before deciding; the domain takes any well-formed one.
    return f"{next(_sig_counter):012d}".ljust(88, "A")


def present(room: MemoryRoom, count: int) -> None:
    for delegate_id in DELEGATES[:count]:
        room.cmd(seat_of(delegate_id), "attendance.check_in", {})


def create(room: MemoryRoom, actor: Actor = CHAIR_ACTOR, **extra: Any) -> str:
    args: dict[str, Any] = {
        "item_id": ITEM, "title": "Thông qua Nghị quyết về kế hoạch đầu tư công năm 2027", "kind": "open",
        "options": list(RESOLUTION_OPTIONS), "rule": "majority_of_all", "duration_s": 60, **extra,
    }
    [event] = room.cmd(actor, "vote.create", args)
    return str(event.data["vote_id"])


def cast(room: MemoryRoom, delegate_id: str, vote_id: str, choice: Any, nonce: str | None = None) -> Any:
    args = {"vote_id": vote_id, "choice": choice, "nonce": nonce or f"nonce-{next(_sig_counter):06d}", "sig": sig()}
    [event] = room.cmd(seat_of(delegate_id), "vote.cast", args)
    return event


def election(room: MemoryRoom, seats: int = 1, candidates: int = 3) -> str:
    people = [{"id": f"uv-{i}", "name": f"Ứng viên {i}", "position": "Phó Chủ tịch UBND tỉnh"} for i in range(1, candidates + 1)]
    return create(room, kind="election", rule="election", options=[p["id"] for p in people], candidates=people,
                  seats=seats, committee=COMMITTEE, title="Bầu Phó Chủ tịch UBND tỉnh")


def confidence(room: MemoryRoom, rule: str = "confidence") -> str:
    subjects = [{"id": "db-001", "name": "Vũ Đình Khiêm", "position": "Chủ tịch HĐND tỉnh"},
                {"id": "ub-01", "name": "Trần Văn A", "position": "Chủ tịch UBND tỉnh"}]
    levels = ["tin_nhiem_cao", "tin_nhiem", "tin_nhiem_thap"] if rule == "confidence" else ["tin_nhiem", "khong_tin_nhiem"]
    return create(room, kind="confidence", rule=rule, options=levels, subjects=subjects, committee=COMMITTEE,
                  title="Lấy phiếu tín nhiệm")


# -- lifecycle ---------------------------------------------------------------------------------


def test_an_open_vote_from_creation_to_its_result() -> None:
    room = MemoryRoom()
    present(room, 60)
    vote_id = create(room)
    created = room.meeting.votes[vote_id]
    assert (created.status, created.n_total, created.allow_change) == ("created", 85, False)
    [opened] = room.cmd(CHAIR_ACTOR, "vote.open", {"vote_id": vote_id})
    assert opened.data["closes_at"] == "2026-12-10T07:31:00.000Z"
    for delegate_id in DELEGATES[:43]:
        event = cast(room, delegate_id, vote_id, "tan_thanh")
    assert event.data == {"vote_id": vote_id, "delegate_id": "db-043", "count": 43}
    assert event.actor == f"dev-{'db-043'}"
    cast(room, "db-050", vote_id, "khong_tan_thanh")
    cast(room, "db-051", vote_id, "khong_bieu_quyet")
    assert room.meeting.votes[vote_id].voted == frozenset([*DELEGATES[:43], "db-050", "db-051"])
    [closed] = room.cmd(CHAIR_ACTOR, "vote.close", {"vote_id": vote_id})
    data = closed.data
    assert data["tally"] == {"tan_thanh": 43, "khong_tan_thanh": 1, "khong_bieu_quyet": 1}
    assert (data["n_total"], data["present"], data["participated"], data["not_voted"]) == (85, 60, 45, 15)
    assert data["outcome"] == "passed" and data["closed_by"] == "chair"
    assert data["ballots"]["db-050"] == "khong_tan_thanh" and len(data["ballots"]) == 45
    assert room.meeting.votes[vote_id].status == "closed" and room.meeting.boxes == {}
    # A replay of the log alone (what every seat does) reaches the same result.
    assert replay(type(room.meeting)(), room.events).votes[vote_id].result == data


def test_42_of_85_fails_and_57_is_needed_to_recall() -> None:
    room = MemoryRoom()
    present(room, 85)
    majority = create(room)
    room.cmd(CHAIR_ACTOR, "vote.open", {"vote_id": majority})
    for delegate_id in DELEGATES[:42]:
        cast(room, delegate_id, majority, "tan_thanh")
    [closed] = room.cmd(CHAIR_ACTOR, "vote.close", {"vote_id": majority})
    assert closed.data["outcome"] == "failed"
    recall = create(room, rule="two_thirds_of_all", title="Bãi nhiệm đại biểu")
    room.cmd(CHAIR_ACTOR, "vote.open", {"vote_id": recall})
    for delegate_id in DELEGATES[:56]:
        cast(room, delegate_id, recall, "tan_thanh")
    assert room.cmd(CHAIR_ACTOR, "vote.close", {"vote_id": recall})[0].data["outcome"] == "failed"
    again = create(room, rule="two_thirds_of_all", title="Bãi nhiệm đại biểu (lần 2)")
    room.cmd(CHAIR_ACTOR, "vote.open", {"vote_id": again})
    for delegate_id in DELEGATES[:57]:
        cast(room, delegate_id, again, "tan_thanh")
    assert room.cmd(CHAIR_ACTOR, "vote.close", {"vote_id": again})[0].data["outcome"] == "passed"


def test_only_one_vote_open_and_who_may_do_what() -> None:
    room = MemoryRoom()
    present(room, 10)
    first = create(room, actor=SECRETARY_ACTOR)
    second = create(room)
    refused(room, SECRETARY_ACTOR, "vote.open", {"vote_id": first}, "forbidden")
    refused(room, DISPLAY_ACTOR, "vote.create", {"item_id": ITEM}, "forbidden")
    refused(room, TECH_ACTOR, "vote.close", {"vote_id": first}, "forbidden")
    refused(room, seat_of("db-002"), "vote.open", {"vote_id": first}, "forbidden")
    refused(room, CHAIR_ACTOR, "vote.close", {"vote_id": first}, "vote_closed")
    room.cmd(CHAIR_ACTOR, "vote.open", {"vote_id": first})
    refused(room, CHAIR_ACTOR, "vote.open", {"vote_id": second}, "conflict")
    refused(room, CHAIR_ACTOR, "vote.open", {"vote_id": first}, "conflict")
    refused(room, CHAIR_ACTOR, "vote.open", {"vote_id": "vote-404"}, "not_found")
    room.cmd(CHAIR_ACTOR, "vote.cancel", {"vote_id": first, "reason": "Nhầm nội dung"})
    assert room.meeting.votes[first].cancel_reason == "Nhầm nội dung"
    refused(room, CHAIR_ACTOR, "vote.cancel", {"vote_id": first}, "conflict")
    refused(room, seat_of("db-001"), "vote.cast", {"vote_id": first, "choice": "tan_thanh", "nonce": "n" * 12,
                                                   "sig": sig()}, "vote_closed")
    room.cmd(CHAIR_ACTOR, "vote.open", {"vote_id": second})


def test_ballots_refused_when_not_eligible_late_twice_or_malformed() -> None:
    room = MemoryRoom()
    present(room, 10)
    vote_id = create(room)
    args = {"vote_id": vote_id, "choice": "tan_thanh", "nonce": "nonce-1234", "sig": sig()}
    refused(room, seat_of("db-001"), "vote.cast", args, "vote_closed")  # not open yet
    room.cmd(CHAIR_ACTOR, "vote.open", {"vote_id": vote_id})
    refused(room, seat_of("db-020"), "vote.cast", args, "not_eligible")  # not checked in
    refused(room, CHAIR_ACTOR, "vote.cast", args, "forbidden")  # the console is not a seat
    refused(room, seat_of("db-001"), "vote.cast", {**args, "choice": "yes"}, "bad_request")
    refused(room, seat_of("db-001"), "vote.cast", {**args, "choice": ["tan_thanh"]}, "bad_request")
    refused(room, seat_of("db-001"), "vote.cast", {**args, "sig": "short"}, "bad_request")
    refused(room, seat_of("db-001"), "vote.cast", {**args, "extra": 1}, "bad_request")
    cast(room, "db-001", vote_id, "tan_thanh")
    refused(room, seat_of("db-001"), "vote.cast", {**args, "nonce": "nonce-other"}, "already_voted")
    room.tick(60)  # the time is up even before the room's timer closes it
    refused(room, seat_of("db-002"), "vote.cast", args, "vote_closed")


def test_a_changed_vote_counts_once_and_a_replayed_ballot_is_refused() -> None:
    room = MemoryRoom()
    present(room, 10)
    vote_id = create(room, allow_change=True)
    room.cmd(CHAIR_ACTOR, "vote.open", {"vote_id": vote_id})
    cast(room, "db-001", vote_id, "tan_thanh", nonce="nonce-first")
    changed = cast(room, "db-001", vote_id, "khong_tan_thanh", nonce="nonce-second")
    assert changed.data["count"] == 1
    # The first signed ballot sent again must not undo the change.
    refused(room, seat_of("db-001"), "vote.cast",
            {"vote_id": vote_id, "choice": "tan_thanh", "nonce": "nonce-first", "sig": sig()}, "conflict")
    [closed] = room.cmd(CHAIR_ACTOR, "vote.close", {"vote_id": vote_id})
    assert closed.data["tally"]["khong_tan_thanh"] == 1 and closed.data["participated"] == 1


def test_create_refuses_what_the_law_does_not_allow() -> None:
    room = MemoryRoom()
    refused(room, CHAIR_ACTOR, "vote.create", {"item_id": "item-99", "title": "X", "kind": "open",
            "options": list(RESOLUTION_OPTIONS), "rule": "majority_of_all", "duration_s": 60}, "not_found")
    base = {"item_id": ITEM, "title": "X", "kind": "open", "options": list(RESOLUTION_OPTIONS),
            "rule": "majority_of_all", "duration_s": 60}
    refused(room, CHAIR_ACTOR, "vote.create", {**base, "rule": "confidence"}, "bad_request")
    refused(room, CHAIR_ACTOR, "vote.create", {**base, "options": ["tan_thanh", "khong_tan_thanh"]}, "bad_request")
    refused(room, CHAIR_ACTOR, "vote.create", {**base, "duration_s": 5}, "bad_request")
    refused(room, CHAIR_ACTOR, "vote.create", {**base, "kind": "secret"}, "bad_request")  # no committee
    refused(room, CHAIR_ACTOR, "vote.create", {**base, "kind": "secret", "committee": COMMITTEE,
                                               "allow_change": True}, "bad_request")
    refused(room, CHAIR_ACTOR, "vote.create", {**base, "committee": COMMITTEE}, "bad_request")
    small = {"head": "db-070", "secretary": "db-071", "members": ["db-070", "db-071"]}
    refused(room, CHAIR_ACTOR, "vote.create", {**base, "kind": "secret", "committee": small}, "bad_request")
    people = [{"id": "db-072", "name": "Ứng viên", "position": ""}, {"id": "uv-2", "name": "Khác", "position": ""}]
    error = refused(room, CHAIR_ACTOR, "vote.create", {
        **base, "kind": "election", "rule": "election", "options": ["db-072", "uv-2"], "candidates": people,
        "committee": COMMITTEE}, "bad_request")
    assert "Ban kiểm phiếu" in error.message
    refused(room, CHAIR_ACTOR, "vote.create", {
        **base, "kind": "election", "rule": "election", "options": ["uv-2"], "candidates": people[1:],
        "seats": 2, "committee": COMMITTEE}, "bad_request")


def test_opening_warns_when_nothing_can_pass() -> None:
    room = MemoryRoom()
    present(room, 42)
    vote_id = create(room)
    assert hopeless(room.meeting.votes[vote_id], room.meeting)
    room.cmd(seat_of("db-043"), "attendance.check_in", {})
    assert not hopeless(room.meeting.votes[vote_id], room.meeting)


# -- secret kinds ------------------------------------------------------------------------------


def test_a_secret_ballot_names_nobody_in_the_log_and_keeps_choices_apart() -> None:
    room = MemoryRoom()
    present(room, 50)
    vote_id = create(room, kind="secret", committee=COMMITTEE, title="Bỏ phiếu kín")
    room.cmd(CHAIR_ACTOR, "vote.open", {"vote_id": vote_id})
    choices = ["tan_thanh"] * 30 + ["khong_tan_thanh"] * 15 + ["khong_bieu_quyet"] * 3
    for delegate_id, choice in zip(DELEGATES, choices, strict=False):
        event = cast(room, delegate_id, vote_id, choice)
        assert event.actor is None and set(event.data) == {"vote_id", "count"}
    box = room.meeting.boxes[vote_id]
    # The box holds the choices and receipts but nothing that ties one to a delegate.
    assert len(box.secret) == 48 and len(box.receipts) == 48 and len(box.voters) == 48
    assert all(record.secret for record in room.ballots)
    refused(room, seat_of("db-001"), "vote.cast",
            {"vote_id": vote_id, "choice": "tan_thanh", "nonce": "nonce-again", "sig": sig()}, "already_voted")
    [closed] = room.cmd(CHAIR_ACTOR, "vote.close", {"vote_id": vote_id})
    data = closed.data
    assert data["tally"] == {"tan_thanh": 30, "khong_tan_thanh": 15, "khong_bieu_quyet": 3}
    assert data["outcome"] == "failed"  # 30 of 85
    assert "ballots" not in data and data["counted"] == sorted(json.dumps(c) for c in choices)
    assert data["receipts"] == sorted(r.receipt for r in room.ballots)
    log_text = json.dumps([e.to_wire() for e in room.events if e.name.startswith("vote.")], ensure_ascii=False)
    for delegate_id in DELEGATES[:48]:
        assert f'"{delegate_id}"' not in log_text.replace(json.dumps(COMMITTEE), "")


def test_receipts_are_what_the_seat_can_compute_from_its_signature() -> None:
    assert receipt_for("vote-9", "A" * 88) == receipt_for("vote-9", "A" * 88)
    assert receipt_for("vote-9", "A" * 88) != receipt_for("vote-10", "A" * 88)
    assert len(receipt_for("vote-9", "A" * 88)) == 10


def test_a_confidence_ballot_counts_per_person_over_ballots_collected() -> None:
    room = MemoryRoom()
    present(room, 84)
    vote_id = confidence(room)
    room.cmd(CHAIR_ACTOR, "vote.open", {"vote_id": vote_id})
    # B = 84 ballots; the second person: 43 low (2L > B) -> may resign; 56 would be dismissal.
    for i, delegate_id in enumerate(DELEGATES[:84]):
        second = "tin_nhiem_thap" if i < 43 else "tin_nhiem"
        marks = {"db-001": "tin_nhiem_cao", "ub-01": second} if i != 0 else {"ub-01": second}
        cast(room, delegate_id, vote_id, marks)
    refused(room, seat_of("db-085"), "vote.cast", {"vote_id": vote_id, "choice": {"ub-99": "tin_nhiem"},
                                                  "nonce": "nonce-x1234", "sig": sig()}, "not_eligible")
    [closed] = room.cmd(CHAIR_ACTOR, "vote.close", {"vote_id": vote_id})
    results = closed.data["results"]
    assert closed.data["collected"] == 84 and closed.data["issued"] == 84
    assert results["ub-01"]["counts"] == {"tin_nhiem_cao": 0, "tin_nhiem": 41, "tin_nhiem_thap": 43}
    assert results["ub-01"]["consequence"] == "may_resign"
    assert results["db-001"]["valid"] == 83 and results["db-001"]["consequence"] == "none"


def test_a_confidence_ballot_with_unknown_people_or_levels_is_refused() -> None:
    room = MemoryRoom()
    present(room, 5)
    vote_id = confidence(room, rule="no_confidence")
    room.cmd(CHAIR_ACTOR, "vote.open", {"vote_id": vote_id})
    base = {"vote_id": vote_id, "nonce": "nonce-1234", "sig": sig()}
    refused(room, seat_of("db-002"), "vote.cast", {**base, "choice": {"ub-99": "tin_nhiem"}}, "bad_request")
    refused(room, seat_of("db-002"), "vote.cast", {**base, "choice": {"ub-01": "tin_nhiem_cao"}}, "bad_request")
    refused(room, seat_of("db-002"), "vote.cast", {**base, "choice": "tin_nhiem"}, "bad_request")
    cast(room, "db-002", vote_id, {"ub-01": "khong_tin_nhiem", "db-001": "tin_nhiem"})
    [closed] = room.cmd(CHAIR_ACTOR, "vote.close", {"vote_id": vote_id})
    assert closed.data["results"]["ub-01"]["consequence"] == "dismissal"  # 1 of B = 1


def test_an_election_counts_invalid_ballots_and_flags_a_tie() -> None:
    room = MemoryRoom()
    present(room, 85)
    vote_id = election(room, seats=1, candidates=3)
    room.cmd(CHAIR_ACTOR, "vote.open", {"vote_id": vote_id})
    for i, delegate_id in enumerate(DELEGATES[:84]):
        cast(room, delegate_id, vote_id, ["uv-1"] if i < 43 else ["uv-2"] if i < 80 else ["uv-1", "uv-2"])
    refused(room, seat_of("db-085"), "vote.cast",
            {"vote_id": vote_id, "choice": ["uv-1", "uv-1"], "nonce": "nonce-dup1", "sig": sig()}, "bad_request")
    [closed] = room.cmd(CHAIR_ACTOR, "vote.close", {"vote_id": vote_id})
    d = closed.data
    assert (d["issued"], d["collected"], d["valid"], d["invalid"]) == (85, 84, 80, 4)
    assert d["results"] == {"uv-1": {"votes": 43}, "uv-2": {"votes": 37}, "uv-3": {"votes": 0}}
    assert d["elected"] == ["uv-1"] and d["tie"] == []
    # Two posts, two candidates level above half: both; one post, a tie: a new round.
    tie = election(room, seats=1, candidates=2)
    room.cmd(CHAIR_ACTOR, "vote.open", {"vote_id": tie})
    for delegate_id in DELEGATES[:85]:
        cast(room, delegate_id, tie, ["uv-1", "uv-2"] if delegate_id <= "db-044" else ["uv-1"] if delegate_id <= "db-064" else ["uv-2"])
    [closed] = room.cmd(CHAIR_ACTOR, "vote.close", {"vote_id": tie})
    assert closed.data["invalid"] == 44  # two names for one post
    two = election(room, seats=2, candidates=3)
    room.cmd(CHAIR_ACTOR, "vote.open", {"vote_id": two})
    for delegate_id in DELEGATES[:85]:
        cast(room, delegate_id, two, ["uv-1", "uv-2"] if delegate_id <= "db-044" else ["uv-1", "uv-3"])
    [closed] = room.cmd(CHAIR_ACTOR, "vote.close", {"vote_id": two})
    assert closed.data["elected"] == ["uv-1", "uv-2"]  # 85 and 44 of 85; uv-3 41


def test_a_show_of_hands_is_entered_by_the_secretary() -> None:
    room = MemoryRoom()
    present(room, 60)
    vote_id = create(room, kind="hands", duration_s=0)
    [opened] = room.cmd(CHAIR_ACTOR, "vote.open", {"vote_id": vote_id})
    assert opened.data["closes_at"] is None
    refused(room, CHAIR_ACTOR, "vote.close", {"vote_id": vote_id}, "bad_request")
    refused(room, seat_of("db-001"), "vote.cast", {"vote_id": vote_id, "choice": "tan_thanh",
                                                  "nonce": "nonce-1234", "sig": sig()}, "bad_request")
    tally = {"tan_thanh": 50, "khong_tan_thanh": 5, "khong_bieu_quyet": 2}
    refused(room, SECRETARY_ACTOR, "vote.count_hands", {"vote_id": vote_id, "tally": {**tally, "tan_thanh": 54}},
            "bad_request")  # 61 hands with 60 present
    refused(room, SECRETARY_ACTOR, "vote.count_hands", {"vote_id": vote_id, "tally": {"tan_thanh": 50}},
            "bad_request")
    [closed] = room.cmd(SECRETARY_ACTOR, "vote.count_hands", {"vote_id": vote_id, "tally": tally})
    assert closed.data["tally"] == tally and closed.data["outcome"] == "passed"
    assert (closed.data["participated"], closed.data["not_voted"], closed.data["closed_by"]) == (57, 3, "hands")


def test_the_result_signature_covers_the_data_and_the_head_it_closed_on() -> None:
    data = {"vote_id": "vote-1", "tally": {"tan_thanh": 1}, "signature": "ignored"}
    assert result_message(data, "ab" * 32) == result_message({**data, "signature": "other"}, "ab" * 32)
    assert result_message(data, "ab" * 32) != result_message(data, "cd" * 32)
    assert result_message(data, "ab" * 32).startswith(b"phonghop/v1/result|{")


# -- properties --------------------------------------------------------------------------------


@settings(max_examples=40, deadline=None)
@given(
    kind=st.sampled_from(["open", "secret"]),
    choices=st.lists(st.sampled_from([*RESOLUTION_OPTIONS, None]), min_size=1, max_size=85),
    retries=st.lists(st.integers(0, 84), max_size=10),
)
def test_the_tally_always_equals_the_ballots_and_nobody_counts_twice(
    kind: str, choices: list[str | None], retries: list[int]
) -> None:
    room = MemoryRoom()
    present(room, len(choices))
    extra = {"committee": COMMITTEE, "title": "Bỏ phiếu kín"} if kind == "secret" else {}
    vote_id = create(room, kind=kind, **extra)
    room.cmd(CHAIR_ACTOR, "vote.open", {"vote_id": vote_id})
    for delegate_id, choice in zip(DELEGATES, choices, strict=False):
        if choice is not None:
            cast(room, delegate_id, vote_id, choice)
    for index in retries:  # every second ballot of a delegate who voted is refused
        if index < len(choices) and choices[index] is not None:
            refused(room, seat_of(DELEGATES[index]), "vote.cast",
                    {"vote_id": vote_id, "choice": "tan_thanh", "nonce": f"retry-{index:04d}", "sig": sig()},
                    "already_voted")
    [closed] = room.cmd(CHAIR_ACTOR, "vote.close", {"vote_id": vote_id})
    expected = Counter(c for c in choices if c is not None)
    assert closed.data["tally"] == {option: expected[option] for option in RESOLUTION_OPTIONS}
    assert closed.data["participated"] == sum(expected.values()) == room.meeting.votes[vote_id].count
    assert closed.data["not_voted"] == len(choices) - sum(expected.values())
    assert closed.data["outcome"] == ("passed" if 2 * expected["tan_thanh"] > 85 else "failed")


@settings(max_examples=25, deadline=None)
@given(choices=st.lists(st.sampled_from(RESOLUTION_OPTIONS), min_size=1, max_size=40))
def test_a_stored_secret_ballot_carries_nothing_that_identifies_the_voter(choices: list[str]) -> None:
    room = MemoryRoom()
    present(room, len(choices))
    vote_id = create(room, kind="secret", committee=COMMITTEE, title="Bỏ phiếu kín")
    room.cmd(CHAIR_ACTOR, "vote.open", {"vote_id": vote_id})
    for delegate_id, choice in zip(DELEGATES, choices, strict=False):
        cast(room, delegate_id, vote_id, choice)
    stored = room.meeting.boxes[vote_id].secret
    # A stored choice is the option's JSON and nothing else: no id, time, device or order.
    assert sorted(stored) == sorted(json.dumps(c) for c in choices)
    assert all(json.loads(s) in RESOLUTION_OPTIONS for s in stored)


def test_the_display_sends_no_vote_command() -> None:
    room = MemoryRoom()
    for name in ("vote.cast", "vote.create", "vote.open", "vote.count_hands"):
        refused(room, DISPLAY_ACTOR, name, {}, "forbidden")
