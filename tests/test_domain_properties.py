"""Properties of the reducer and the hash chain, over random sittings (hypothesis)."""

from __future__ import annotations

import random
from dataclasses import replace
from pathlib import Path
from tempfile import TemporaryDirectory

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.errors import DomainError
from app.events import ChainError, Event, verify_chain
from app.model import MeetingState
from app.reducer import replay
from app.storage.replica import Replica
from tests.domain_log import CHAIR_ACTOR, SECRETARY_ACTOR, TECH_ACTOR, MemoryRoom, seat_of

AGENDA = [f"item-{n:02d}" for n in range(1, 10)]
DELEGATES = [f"db-{n:03d}" for n in range(1, 86)]

steps = st.lists(
    st.one_of(
        st.tuples(st.just("in"), st.sampled_from(DELEGATES)),
        st.tuples(st.just("out"), st.sampled_from(DELEGATES)),
        st.tuples(st.just("activate"), st.sampled_from(AGENDA)),
        st.tuples(st.just("complete"), st.sampled_from(AGENDA)),
        st.tuples(st.just("message"), st.text(min_size=1, max_size=40)),
        st.tuples(st.just("agenda"), st.integers(1, 12)),
    ),
    max_size=40,
)


def run_sitting(plan: list[tuple[str, object]]) -> MemoryRoom:
    room = MemoryRoom()
    for kind, arg in plan:
        room.tick(3)
        try:
            if kind == "in":
                room.cmd(seat_of(str(arg)), "attendance.check_in", {})
            elif kind == "out":
                room.cmd(SECRETARY_ACTOR, "attendance.check_out", {"delegate_id": arg})
            elif kind == "activate":
                room.cmd(CHAIR_ACTOR, "agenda.activate", {"item_id": arg})
            elif kind == "complete":
                room.cmd(CHAIR_ACTOR, "agenda.complete", {"item_id": arg})
            elif kind == "message":
                room.cmd(CHAIR_ACTOR, "message.send", {"to": "all", "text": arg})
            else:
                room.cmd(TECH_ACTOR, "agenda.add", {"title": "Nội dung bổ sung", "position": arg})
        except DomainError:
            pass  # a refused command appends nothing; the property is about what was appended
    return room


@settings(max_examples=60, deadline=None)
@given(steps)
def test_replay_is_deterministic(plan: list[tuple[str, object]]) -> None:
    room = run_sitting(plan)
    assert replay(MeetingState(), room.events) == room.meeting
    assert replay(MeetingState(), list(room.events)) == replay(MeetingState(), room.events)
    assert verify_chain(room.events) == room.meeting.head


@settings(max_examples=60, deadline=None)
@given(steps, st.data())
def test_any_edited_event_is_detected(plan: list[tuple[str, object]], data: st.DataObject) -> None:
    events = run_sitting(plan).events
    index = data.draw(st.integers(0, len(events) - 1))
    original = events[index]
    field = data.draw(st.sampled_from(["at", "actor", "name", "data", "seq"]))
    edited = {
        "at": replace(original, at="2026-12-10T00:00:00.000Z"),
        "actor": replace(original, actor="dev-intruder"),
        "name": replace(original, name="attendance.checked_out"),
        "data": replace(original, data={**original.data, "forged": True}),
        "seq": replace(original, seq=original.seq + 1),
    }[field]
    tampered = [*events[:index], edited, *events[index + 1:]]
    with pytest.raises(ChainError) as caught:
        verify_chain(tampered)
    assert caught.value.seq in (original.seq, original.seq + 1)


@settings(max_examples=40, deadline=None)
@given(steps)
def test_rehashed_edit_breaks_the_next_link(plan: list[tuple[str, object]]) -> None:
    from app.events import NewEvent, seal

    events = run_sitting(plan).events
    victim = events[len(events) // 2]
    if victim.seq == len(events):
        return
    forged = seal(victim.meeting_id, victim.prev, victim.seq, victim.at, victim.actor,
                  NewEvent(victim.name, {**victim.data, "forged": 1}))
    tampered = [e if e.seq != victim.seq else forged for e in events]
    with pytest.raises(ChainError) as caught:
        verify_chain(tampered)
    assert caught.value.seq == victim.seq + 1


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(steps, st.randoms(use_true_random=False))
def test_replica_state_equals_server_state_whatever_the_delivery(plan: list[tuple[str, object]], rng: random.Random) -> None:
    room = run_sitting(plan)
    events: list[Event] = room.events
    with TemporaryDirectory() as tmp:
        replica = Replica(Path(tmp) / "replica.db")
        try:
            # Duplicated, reordered, partial deliveries, then the resync from the cursor.
            for _ in range(4):
                chunk = rng.sample(events, k=min(len(events), rng.randint(0, 20)))
                chunk += rng.sample(chunk, k=len(chunk) // 3)
                replica.apply(chunk)
                replica.apply(events[: rng.randint(0, len(events))])
            replica.apply(events[replica.cursor():])
            assert replay(MeetingState(), replica.events()) == room.meeting
        finally:
            replica.close()
