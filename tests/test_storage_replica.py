"""Contract tests for a client's replica: delivery in any order, tampering, outbox, reopen."""

from __future__ import annotations

import dataclasses
import random
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.canonical import ZERO_HASH
from app.events import Event, NewEvent, seal, verify_chain
from app.storage.errors import ReplicaError
from app.storage.replica import ApplyResult, LogForked, OutboxEntry, Replica


def make_chain(meeting_id: str | None, n: int) -> list[Event]:
    events = []
    prev = ZERO_HASH
    for seq in range(1, n + 1):
        data: dict[str, Any] = {"delegate_id": f"db-{seq}", "text": f"Đại biểu số {seq}", "n": seq}
        event = seal(
            meeting_id, prev, seq, "2025-07-01T08:00:00+07:00", None, NewEvent("attendance.checked_in", data)
        )
        events.append(event)
        prev = event.hash
    return events


CHAIN = make_chain("m1", 12)


@pytest.fixture
def replica(tmp_path: Path):
    r = Replica(tmp_path / "client.sqlite")
    yield r
    r.close()


def test_empty(replica: Replica) -> None:
    assert replica.cursor() == 0
    assert replica.head_hash() == ZERO_HASH
    assert replica.events() == []
    assert replica.pending() == []
    assert replica.get_identity() is None


def test_in_order_delivery(replica: Replica) -> None:
    result = replica.apply(CHAIN[:5])
    assert result == ApplyResult(tuple(CHAIN[:5]), 0, False)
    assert replica.cursor() == 5
    assert replica.head_hash() == CHAIN[4].hash
    assert replica.events() == CHAIN[:5]
    assert replica.events(after_seq=3) == CHAIN[3:5]


def test_duplicated_delivery(replica: Replica) -> None:
    replica.apply(CHAIN[:4])
    result = replica.apply(CHAIN[2:6] + CHAIN[5:6])
    assert result.applied == tuple(CHAIN[4:6])
    assert result.duplicates == 3
    assert not result.gap
    assert replica.events() == CHAIN[:6]


def test_reordered_delivery_stops_at_gap_then_completes(replica: Replica) -> None:
    shuffled = [CHAIN[0], CHAIN[1], CHAIN[4], CHAIN[2], CHAIN[3]]
    result = replica.apply(shuffled)
    assert result.applied == tuple(CHAIN[:2])
    assert result.gap
    assert replica.cursor() == 2
    result = replica.apply(CHAIN)
    assert result.applied == tuple(CHAIN[2:])
    assert result.duplicates == 2
    assert replica.events() == CHAIN
    verify_chain(replica.events())


def _tampered(event: Event) -> Event:
    return dataclasses.replace(event, data={**event.data, "delegate_id": "kẻ giả mạo"})


def test_tampered_event_rejected_and_nothing_stored(replica: Replica) -> None:
    replica.apply(CHAIN[:2])
    with pytest.raises(ReplicaError) as info:
        replica.apply([*CHAIN[2:4], _tampered(CHAIN[4]), *CHAIN[5:]])
    assert info.value.code == "chain"
    assert replica.cursor() == 2
    assert replica.events() == CHAIN[:2]


def test_wrong_prev_rejected(replica: Replica) -> None:
    replica.apply(CHAIN[:2])
    resealed = seal("m1", "ab" * 32, 3, CHAIN[2].at, None, NewEvent(CHAIN[2].name, CHAIN[2].data))
    with pytest.raises(ReplicaError):
        replica.apply([resealed])
    assert replica.cursor() == 2


def test_duplicate_with_other_hash_is_tampering(replica: Replica) -> None:
    replica.apply(CHAIN[:3])
    other = make_chain("m1", 2)
    forged = seal("m1", other[0].hash, 2, "2025-07-02T09:00:00+07:00", None, NewEvent("x"))
    with pytest.raises(ReplicaError) as info:
        replica.apply([*CHAIN[3:5], forged])
    assert info.value.code == "chain"
    assert replica.cursor() == 3
    # A duplicate claiming the held hash but with altered content is tampering too.
    with pytest.raises(ReplicaError):
        replica.apply([_tampered(CHAIN[1])])


def test_float_data_is_refused_as_chain_error(replica: Replica) -> None:
    bad = dataclasses.replace(CHAIN[0], data={"x": 1.5})
    with pytest.raises(ReplicaError):
        replica.apply([bad])


def test_other_meeting_refused(replica: Replica) -> None:
    replica.apply(CHAIN[:1])
    with pytest.raises(ReplicaError) as info:
        replica.apply(make_chain("m2", 2)[1:])
    assert info.value.code == "conflict"


def test_server_log_replica_round_trips_none(tmp_path: Path) -> None:
    own = make_chain(None, 3)
    r = Replica(tmp_path / "tech.sqlite")
    r.apply(own)
    r.close()
    r = Replica(tmp_path / "tech.sqlite")
    assert r.events() == own
    r.close()


def test_cursor_moves_with_events_and_survives_reopen(tmp_path: Path) -> None:
    path = tmp_path / "client.sqlite"
    r = Replica(path)
    r.apply(CHAIN[:7])
    with pytest.raises(ReplicaError):
        r.apply([CHAIN[7], _tampered(CHAIN[8])])
    r.close()
    r = Replica(path)
    try:
        assert r.cursor() == 7
        assert r.head_hash() == CHAIN[6].hash
        assert r.events() == CHAIN[:7]
        assert verify_chain(r.events()) == r.head_hash()
    finally:
        r.close()


def test_outbox_enqueue_pending_settle_and_reopen(tmp_path: Path) -> None:
    path = tmp_path / "client.sqlite"
    r = Replica(path)
    r.enqueue("c2", "speak.request", {"kind": "debate"}, "2025-07-01T08:00:01+07:00")
    r.enqueue("c1", "vote.cast", {"vote_id": "vote-9", "choice": "tan_thanh"}, "08:00:02")
    r.enqueue("c2", "speak.request", {"kind": "other"}, "later")  # no-op
    r.enqueue("c3", "attendance.check_in", {}, "08:00:03")
    assert [e.command_id for e in r.pending()] == ["c2", "c1", "c3"]
    assert r.pending()[0] == OutboxEntry(
        "c2", "speak.request", {"kind": "debate"}, "2025-07-01T08:00:01+07:00"
    )
    refusal = {"type": "error", "id": "c1", "code": "vote_closed", "message": "Biểu quyết đã kết thúc."}
    r.settle("c1", refusal)
    r.enqueue("c1", "vote.cast", {}, "again")  # already answered: stays settled
    r.close()
    r = Replica(path)
    try:
        assert [e.command_id for e in r.pending()] == ["c2", "c3"]
        assert r.answer("c1") == refusal
        assert r.answer("c2") is None
        r.enqueue("c4", "speak.request", {"kind": "question"}, "08:00:04")
        assert [e.command_id for e in r.pending()] == ["c2", "c3", "c4"]
    finally:
        r.close()


def test_apply_and_settle_is_one_transaction(replica: Replica) -> None:
    replica.enqueue("c1", "attendance.check_in", {}, "t")
    with pytest.raises(ReplicaError):
        replica.apply_and_settle([_tampered(CHAIN[0])], [("c1", {"type": "ack", "seq": 1})])
    assert [e.command_id for e in replica.pending()] == ["c1"]
    assert replica.answer("c1") is None
    result = replica.apply_and_settle(CHAIN[:1], [("c1", {"type": "ack", "id": "c1", "seq": 1})])
    assert result.applied == (CHAIN[0],)
    assert replica.pending() == []
    assert replica.answer("c1") == {"type": "ack", "id": "c1", "seq": 1}


def test_identity(tmp_path: Path) -> None:
    identity = {
        "device_id": "dev-7",
        "role": "delegate",
        "meeting_id": "m1",
        "delegate_id": "db-7",
        "seat": "A-07",
        "url": "https://192.168.1.10:8443",
        "fingerprint": "ab" * 32,
        "device_name": "Máy đại biểu Nguyễn Thị Hà",
    }
    r = Replica(tmp_path / "client.sqlite")
    r.set_identity(identity)
    r.close()
    r = Replica(tmp_path / "client.sqlite")
    assert r.get_identity() == identity
    r.set_identity({"device_id": "dev-8"})
    assert r.get_identity() == {"device_id": "dev-8"}
    r.close()


def test_shuffled_deliveries_converge(replica: Replica) -> None:
    rng = random.Random(7)
    for _ in range(20):
        batch = rng.sample(CHAIN, rng.randint(1, len(CHAIN)))
        replica.apply(batch)
        assert replica.events() == CHAIN[: replica.cursor()]
    replica.apply(CHAIN)
    assert replica.events() == CHAIN


# A delivery is a list of indices into the chain: repeats are duplicates, missing ones drops,
# any order a reordering.
deliveries = st.lists(st.lists(st.integers(min_value=0, max_value=29), max_size=40), max_size=8)


@settings(max_examples=60, deadline=None)
@given(n=st.integers(min_value=1, max_value=30), plan=deliveries, data=st.data())
def test_any_deliveries_then_full_redelivery_give_the_chain(
    n: int, plan: list[list[int]], data: st.DataObject
) -> None:
    chain = make_chain("m1", n)
    with tempfile.TemporaryDirectory() as tmp:
        r = Replica(Path(tmp) / "client.sqlite")
        try:
            for indices in plan:
                batch = [chain[i % n] for i in indices]
                before = r.cursor()
                result = r.apply(batch)
                assert r.cursor() == before + len(result.applied)
                assert r.events() == chain[: r.cursor()]
                assert r.head_hash() == (chain[r.cursor() - 1].hash if r.cursor() else ZERO_HASH)
            if data.draw(st.booleans()):  # sometimes the client restarts in between
                r.close()
                r = Replica(Path(tmp) / "client.sqlite")
            r.apply(chain)
            assert r.events() == chain
            assert r.cursor() == n
            assert verify_chain(r.events()) == chain[-1].hash
        finally:
            r.close()


def test_an_acknowledged_command_leaves_no_trace_in_the_files_once_closed(tmp_path: Path) -> None:
    # A secret ballot waits in the outbox while offline; once answered and the replica closed
    # (the WAL checkpointed away), its choice must be nowhere in the seat's files.
    replica = Replica(tmp_path / "seat.db")
    marker = "lua-chon-bi-mat-" + "x" * 40
    replica.enqueue("cmd-1", "vote.cast", {"vote_id": "vote-1", "choice": marker}, "2026-12-10T07:30:00.000Z")
    replica.apply_and_settle([], [("cmd-1", {"type": "ack", "id": "cmd-1", "seq": 1})])
    replica.close()
    for path in tmp_path.iterdir():
        assert marker.encode() not in path.read_bytes(), path.name


# -- a room server restored from an older backup: forgetting the log and settling the cost -------


def fork_of(chain: list[Event], common: int, n: int, data: dict[int, dict[str, Any]] | None = None) -> list[Event]:
    """The first `common` events of `chain`, then events up to seq `n` the chain never had."""
    events = list(chain[:common])
    prev = events[-1].hash if events else ZERO_HASH
    at = f"2025-07-01T10:{len(chain):02d}:{common:02d}+07:00"  # a fork of each (chain, common) of its own
    for seq in range(common + 1, n + 1):
        body = (data or {}).get(seq, {"delegate_id": f"db-{seq}", "text": "máy chủ đã khôi phục", "n": seq})
        event = seal("m1", prev, seq, at, None, NewEvent("x.happened", body))
        events.append(event)
        prev = event.hash
    return events


def old_log() -> list[Event]:
    """Ten events: item-2 comes in at #2 (before the backup at #6), vote-8 at #8 (after it)."""
    return fork_of([], 0, 10, {2: {"item_id": "item-2", "title": "Báo cáo"},
                              8: {"vote_id": "vote-8", "item_id": "item-2", "title": "Nghị quyết A"}})


def test_forget_log_keeps_identity_outbox_and_answers(tmp_path: Path) -> None:
    path = tmp_path / "seat.db"
    r = Replica(path)
    identity = {"device_id": "dev-1", "role": "delegate", "meeting_id": "m1", "delegate_id": "db-1"}
    r.set_identity(identity)
    r.apply(CHAIN[:8])
    r.enqueue("c1", "speak.request", {"kind": "debate"}, "t1")
    r.enqueue("c2", "attendance.check_in", {}, "t2")
    r.settle("c2", {"type": "ack", "id": "c2", "seq": 5})
    assert not r.resyncing()
    assert r.forget_log("2025-07-01T10:00:00+07:00") == 8
    r.close()
    r = Replica(path)  # durable: a seat restarted mid-resync goes on with it
    try:
        assert r.cursor() == 0 and r.head_hash() == ZERO_HASH and r.events() == []
        assert r.resyncing()
        assert r.get_identity() == identity
        assert [e.command_id for e in r.pending()] == ["c1"]
        assert r.answer("c2") == {"type": "ack", "id": "c2", "seq": 5}
        # The log is downloaded again from the start: a server log that forked at #4 this time.
        other = fork_of(CHAIN, 3, 9)
        assert r.apply(other).applied == tuple(other)
        assert r.cursor() == 9 and r.head_hash() == other[-1].hash
        # Another meeting's events are still refused: the log key stays.
        with pytest.raises(ReplicaError) as info:
            r.apply(make_chain("m2", 10)[9:])
        assert info.value.code == "conflict"
    finally:
        r.close()


def test_a_well_formed_event_that_contradicts_the_log_is_a_fork(replica: Replica) -> None:
    replica.apply(CHAIN[:5])
    other = fork_of(CHAIN, 3, 7)
    with pytest.raises(LogForked) as info:  # another #5 than the one held (hello asks for it again)
        replica.apply(other[4:])
    assert info.value.seq == 5 and info.value.code == "chain"
    with pytest.raises(LogForked) as info:  # #6 that does not link to the head held
        replica.apply(other[5:])
    assert info.value.seq == 6
    # A broken event is not a fork: nothing says the server's log went another way.
    for broken in (_tampered(CHAIN[4]), _tampered(CHAIN[5])):
        with pytest.raises(ReplicaError) as caught:
            replica.apply([broken])
        assert not isinstance(caught.value, LogForked) and caught.value.code == "chain"
    assert replica.events() == CHAIN[:5]


def test_settle_rollback_reports_what_the_restored_server_no_longer_has(tmp_path: Path) -> None:
    replica = Replica(tmp_path / "seat.db")
    secret = "lua-chon-bi-mat-" + "y" * 40
    old = old_log()
    replica.apply(old)
    replica.settle("early", {"type": "ack", "id": "early", "seq": 4})  # before the backup (#6)
    replica.settle("late", {"type": "ack", "id": "late", "seq": 9})  # only the lost server had it
    refusal = {"type": "error", "id": "no", "code": "conflict", "message": "Đã điểm danh."}
    replica.settle("no", refusal)  # a refusal changed nothing: it stays
    replica.enqueue("p-in", "attendance.check_in", {}, "t1")
    replica.enqueue("p-vote", "vote.cast", {"vote_id": "vote-8", "choice": secret}, "t2")
    replica.enqueue("p-item", "speak.request", {"kind": "discussion", "item_id": "item-2"}, "t3")
    replica.enqueue("p-list", "vote.cast", {"vote_id": "vote-3", "choice": ["vote-8"]}, "t4")
    assert replica.settle_rollback() is None  # nothing forgotten, nothing to settle

    replica.forget_log("2025-07-01T10:00:00+07:00")
    # The restored server kept #1..#6 and went on: its own #8 is another vote with the same id.
    new = fork_of(old, 6, 12, {8: {"vote_id": "vote-8", "item_id": "item-2", "title": "Nghị quyết B"}})
    replica.apply(new)
    replica.enqueue("p-after", "attendance.check_out", {}, "t5")  # made while downloading again
    outcome = replica.settle_rollback()
    assert outcome is not None
    assert (outcome.forgotten_seq, outcome.common_seq, outcome.lost, outcome.unsent) == (10, 6, 1, 2)
    answers = dict(outcome.answers)
    assert set(answers) == {"late", "p-vote", "p-list"}
    assert answers["late"]["code"] == "rolled_back" and answers["late"]["detail"]["reason"] == "lost"
    assert answers["late"]["detail"]["seq"] == 9 and answers["late"]["id"] == "late"
    assert answers["p-vote"]["detail"]["reason"] == "unsent" and answers["p-vote"]["message"]
    assert replica.answer("late") == answers["late"] and replica.answer("p-vote") == answers["p-vote"]
    assert replica.answer("early") == {"type": "ack", "id": "early", "seq": 4}
    assert replica.answer("no") == refusal
    # The rest of the outbox is sent as usual, in its order; an id only the old log had is not.
    assert [e.command_id for e in replica.pending()] == ["p-in", "p-item", "p-after"]
    replica.enqueue("late", "attendance.check_in", {}, "t6")  # answered (locally): stays answered
    assert "late" not in [e.command_id for e in replica.pending()]
    assert not replica.resyncing() and replica.settle_rollback() is None
    assert replica.events() == new
    replica.close()
    for path in tmp_path.iterdir():  # the unsent ballot's choice went with it
        assert secret.encode() not in path.read_bytes(), path.name


def test_forgetting_again_before_settling_keeps_the_first_log_to_compare(replica: Replica) -> None:
    old = old_log()
    replica.apply(old)
    replica.settle("late", {"type": "ack", "id": "late", "seq": 8})
    replica.settle("kept", {"type": "ack", "id": "kept", "seq": 7})
    replica.forget_log("t1")
    replica.apply(fork_of(old, 5, 6))  # half downloaded from a server that then went back again
    replica.forget_log("t2")
    assert replica.resyncing()
    third = fork_of(old, 7, 9)
    replica.apply(third)
    outcome = replica.settle_rollback()
    assert outcome is not None and outcome.forgotten_seq == 10 and outcome.common_seq == 7
    assert [cid for cid, _ in outcome.answers] == ["late"]
    assert replica.answer("kept") == {"type": "ack", "id": "kept", "seq": 7}


def test_a_rollback_that_lost_nothing_settles_to_nothing(replica: Replica) -> None:
    old = old_log()
    replica.apply(old[:8])
    replica.settle("c1", {"type": "ack", "id": "c1", "seq": 8})
    replica.enqueue("c2", "vote.cast", {"vote_id": "vote-8", "choice": "tan_thanh"}, "t")
    replica.forget_log("t")
    replica.apply(old)  # the server had all of it, and more
    outcome = replica.settle_rollback()
    assert outcome is not None and outcome.common_seq == 8 and outcome.answers == ()
    assert replica.answer("c1") == {"type": "ack", "id": "c1", "seq": 8}
    assert [e.command_id for e in replica.pending()] == ["c2"]


def test_forgetting_an_empty_replica(replica: Replica) -> None:
    assert replica.forget_log("t") == 0
    replica.apply(CHAIN[:2])
    outcome = replica.settle_rollback()
    assert outcome is not None and (outcome.forgotten_seq, outcome.common_seq, outcome.answers) == (0, 0, ())
