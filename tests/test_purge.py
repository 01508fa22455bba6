"""The end-of-meeting purge: who may, when, what the state forgets and what it keeps."""

from __future__ import annotations

import pytest

from app.errors import DomainError
from app.model import MeetingState
from app.purge import PURGED_MESSAGE
from app.reducer import replay
from app.vote_rules import RESOLUTION_OPTIONS
from tests.domain_log import CHAIR_ACTOR, SECRETARY_ACTOR, TECH_ACTOR, MemoryRoom, seat_of

DOC = {"document_id": "doc-1", "item_id": "item-06", "title": "Tờ trình số 12", "pages": 4, "blob": "a" * 64,
       "size": 9000, "plain_size": 8800, "chunk_size": 65536, "keys": {"dev-1": "k" * 40}}


def refused(room: MemoryRoom, actor, name: str, args: dict, code: str) -> DomainError:
    before = room.meeting
    with pytest.raises(DomainError) as exc:
        room.cmd(actor, name, args)
    assert exc.value.code == code and room.meeting is before
    return exc.value


def room_with_a_document() -> MemoryRoom:
    room = MemoryRoom()
    room.cmd(TECH_ACTOR, "document.add", DOC)
    room.cmd(CHAIR_ACTOR, "present.page", {"document_id": "doc-1", "page": 2})
    return room


def open_vote(room: MemoryRoom) -> str:
    [created] = room.cmd(CHAIR_ACTOR, "vote.create", {
        "item_id": "item-06", "title": "Thông qua Nghị quyết", "kind": "open",
        "options": list(RESOLUTION_OPTIONS), "rule": "majority_of_all", "duration_s": 60})
    vote_id = str(created.data["vote_id"])
    room.cmd(CHAIR_ACTOR, "vote.open", {"vote_id": vote_id})
    return vote_id


def test_only_the_technician_purges_and_must_confirm() -> None:
    room = room_with_a_document()
    refused(room, CHAIR_ACTOR, "meeting.purge", {"confirm": True}, "forbidden")
    refused(room, SECRETARY_ACTOR, "meeting.purge", {"confirm": True}, "forbidden")
    refused(room, seat_of("db-020"), "meeting.purge", {"confirm": True}, "forbidden")
    error = refused(room, TECH_ACTOR, "meeting.purge", {}, "bad_request")
    assert "không hoàn tác" in error.message
    refused(room, TECH_ACTOR, "meeting.purge", {"confirm": False}, "bad_request")
    refused(room, TECH_ACTOR, "meeting.purge", {"confirm": "yes"}, "bad_request")


def test_refused_while_a_vote_is_open_then_allowed_once_it_closed() -> None:
    room = room_with_a_document()
    vote_id = open_vote(room)
    error = refused(room, TECH_ACTOR, "meeting.purge", {"confirm": True}, "conflict")
    assert "Đang biểu quyết «Thông qua Nghị quyết»" in error.message and error.detail == {"vote_id": vote_id}
    room.cmd(CHAIR_ACTOR, "vote.cancel", {"vote_id": vote_id, "reason": "Biểu quyết lại sau khi sửa dự thảo"})
    [event] = room.cmd(TECH_ACTOR, "meeting.purge", {"confirm": True})
    assert (event.name, event.data) == ("meeting.purged", {})


def test_the_state_forgets_the_documents_and_keeps_the_record() -> None:
    room = room_with_a_document()
    room.cmd(seat_of("db-020"), "attendance.check_in", {})
    assert room.meeting.presenting is not None
    before = room.meeting
    [event] = room.cmd(TECH_ACTOR, "meeting.purge", {"confirm": True})
    state = room.meeting
    assert state.purged_at == event.at
    assert state.documents == {} and state.presenting is None
    # The meeting's record stays: delegates, agenda, attendance, votes, messages.
    assert (state.delegates, state.agenda, state.present, state.votes) == (
        before.delegates, before.agenda, before.present, before.votes)
    # ...and the log still says what was published (the archive lists it from there).
    assert any(e.name == "document.added" and e.data["title"] == "Tờ trình số 12" for e in room.events)
    # A seat replaying the log reaches the same state.
    assert replay(MeetingState(), room.events) == state


def test_after_the_purge_documents_cannot_come_back() -> None:
    room = room_with_a_document()
    room.cmd(TECH_ACTOR, "meeting.purge", {"confirm": True})
    for name, args in [
        ("document.add", {**DOC, "document_id": "doc-2"}),
        ("document.update", {k: v for k, v in DOC.items() if k not in ("item_id", "title")} | {"version": 2}),
        ("document.share", {"document_id": "doc-1", "keys": {"dev-2": "m" * 40}}),
        ("document.remove", {"document_id": "doc-1"}),
    ]:
        error = refused(room, TECH_ACTOR, name, args, "conflict")
        assert error.message == PURGED_MESSAGE and (error.detail or {})["reason"] == "purged"
    refused(room, TECH_ACTOR, "meeting.purge", {"confirm": True}, "conflict")
    refused(room, CHAIR_ACTOR, "present.page", {"document_id": "doc-1", "page": 1}, "not_found")
    # The rest of the meeting goes on: the minutes' facts may still be recorded.
    room.cmd(seat_of("db-021"), "attendance.check_in", {})
    assert "db-021" in room.meeting.present


def test_a_meeting_that_does_not_exist_is_not_purged() -> None:
    room = MemoryRoom(seed=False)
    refused(room, TECH_ACTOR, "meeting.purge", {"confirm": True}, "not_found")
