"""Delegates' posts, committees and mandate; N kept in step with the mandates; who may read a
document (its audience) and the room's refusal of a key for a device outside it."""

from __future__ import annotations

import pytest

from app import demo
from app.catalog import check_key_holders, may_read
from app.errors import DomainError
from app.model import SYSTEM, Device, MeetingState
from app.reducer import decide_meeting, replay
from app.vote_rules import RESOLUTION_OPTIONS
from tests.domain_log import CHAIR_ACTOR, T0, TECH_ACTOR, MemoryRoom

PHAP_CHE = "ban-phap-che"
KINH_TE = "ban-kinh-te-ngan-sach"


def refused(room: MemoryRoom, name: str, args: dict, code: str) -> DomainError:
    before = room.meeting
    with pytest.raises(DomainError) as exc:
        room.cmd(TECH_ACTOR, name, args)
    assert exc.value.code == code and exc.value.message[0].isupper()
    assert room.meeting is before
    return exc.value


def n_total(room: MemoryRoom) -> int:
    assert room.meeting.meeting is not None
    return room.meeting.meeting.n_total


def new_delegate(**extra: object) -> dict:
    return {"name": "Nguyễn Thị Thủy", "title": "Giáo viên", "group_id": "to-03",
            "group_name": "Tổ đại biểu số 3 (Phủ Lý)", "gender": "female", **extra}


# -- the delegate's fields ------------------------------------------------------------------------


def test_old_events_still_apply_and_defaults_stay_out_of_new_ones() -> None:
    room = MemoryRoom()
    added = [e for e in room.events if e.name == "delegate.added"]
    assert all(set(e.data) == {"delegate_id", "name", "title", "group_id", "group_name", "gender", "roles",
                               "full_time"} for e in added)
    d = room.meeting.delegates["db-001"]
    assert (d.posts, d.committees, d.standing, d.mandate, d.holds_mandate) == ((), (), False, "active", True)
    meeting = room.meeting.meeting
    assert meeting is not None and meeting.committees[PHAP_CHE] == "Ban Pháp chế" and not meeting.n_from_mandates
    # The same log read again gives the same state.
    assert replay(MeetingState(), room.events) == room.meeting


def test_posts_committees_standing_and_mandate_are_kept() -> None:
    room = MemoryRoom()
    [event] = room.cmd(TECH_ACTOR, "delegate.add", new_delegate(
        delegate_id="db-100", posts=["Trưởng Ban Pháp chế"], committees=[PHAP_CHE, KINH_TE, PHAP_CHE],
        standing=True, mandate="suspended"))
    assert event.data["committees"] == [PHAP_CHE, KINH_TE]  # named twice, kept once
    d = room.meeting.delegates["db-100"]
    assert (d.posts, d.committees, d.standing, d.mandate) == (("Trưởng Ban Pháp chế",), (PHAP_CHE, KINH_TE), True,
                                                              "suspended")
    assert d.holds_mandate  # suspended still holds the mandate
    room.cmd(TECH_ACTOR, "delegate.update", {"delegate_id": "db-100", "committees": [KINH_TE], "mandate": "ended"})
    d = room.meeting.delegates["db-100"]
    assert (d.committees, d.mandate, d.holds_mandate, d.posts) == ((KINH_TE,), "ended", False, ("Trưởng Ban Pháp chế",))


def test_an_unknown_committee_or_mandate_is_refused() -> None:
    room = MemoryRoom()
    error = refused(room, "delegate.add", new_delegate(committees=["ban-dan-toc"]), "not_found")
    assert error.message == "Không có ban «ban-dan-toc» trong kỳ họp."
    assert error.detail == {"committee": "ban-dan-toc"}
    refused(room, "delegate.update", {"delegate_id": "db-002", "committees": ["ban-dan-toc"]}, "not_found")
    refused(room, "delegate.update", {"delegate_id": "db-002", "mandate": "retired"}, "bad_request")


def test_committees_are_named_by_the_meeting_and_kept_while_used() -> None:
    room = MemoryRoom()
    committees = dict(demo.COMMITTEES)
    room.cmd(TECH_ACTOR, "meeting.update", {"committees": {**committees, "ban-dan-toc": "Ban Dân tộc"}})
    room.cmd(TECH_ACTOR, "delegate.update", {"delegate_id": "db-004", "committees": ["ban-dan-toc"]})
    error = refused(room, "meeting.update", {"committees": committees}, "conflict")
    assert error.detail == {"committee": "ban-dan-toc", "delegates": 1, "documents": 0}
    room.cmd(TECH_ACTOR, "delegate.update", {"delegate_id": "db-004", "committees": []})
    room.cmd(TECH_ACTOR, "meeting.update", {"committees": committees})
    assert room.meeting.meeting is not None and set(room.meeting.meeting.committees) == set(committees)


# -- N and the mandates ---------------------------------------------------------------------------


def test_n_follows_the_mandates_once_turned_on_and_says_so_in_the_log() -> None:
    room = MemoryRoom()
    # Off (the default): the list changes, N does not.
    assert [e.name for e in room.cmd(TECH_ACTOR, "delegate.update", {"delegate_id": "db-030", "mandate": "ended"})] \
        == ["delegate.updated"]
    assert n_total(room) == 85
    [on] = room.cmd(TECH_ACTOR, "meeting.update", {"n_from_mandates": True})
    assert on.data == {"n_from_mandates": True, "n_total": 84}
    assert n_total(room) == 84

    events = room.cmd(TECH_ACTOR, "delegate.update", {"delegate_id": "db-031", "mandate": "ended"})
    assert [(e.name, e.data) for e in events] == [
        ("delegate.updated", {"delegate_id": "db-031", "mandate": "ended"}),
        ("meeting.updated", {"n_total": 83}),
    ]
    # Suspended still counts: no change of N, no second event.
    assert len(room.cmd(TECH_ACTOR, "delegate.update", {"delegate_id": "db-032", "mandate": "suspended"})) == 1
    assert n_total(room) == 83
    room.cmd(TECH_ACTOR, "delegate.add", new_delegate(delegate_id="db-100"))
    assert n_total(room) == 84
    room.cmd(TECH_ACTOR, "delegate.add", new_delegate(delegate_id="db-101", mandate="ended"))
    assert n_total(room) == 84
    room.cmd(TECH_ACTOR, "delegate.remove", {"delegate_id": "db-100"})
    room.cmd(TECH_ACTOR, "delegate.remove", {"delegate_id": "db-030"})  # already not counted
    assert n_total(room) == 83

    # One source for N while it follows the list; turning it off gives N back to the hand.
    error = refused(room, "meeting.update", {"n_total": 85}, "conflict")
    assert error.detail == {"field": "n_total"}
    room.cmd(TECH_ACTOR, "meeting.update", {"n_from_mandates": False, "n_total": 85})
    assert n_total(room) == 85
    assert replay(MeetingState(), room.events) == room.meeting


def test_votes_keep_the_n_they_were_created_with() -> None:
    room = MemoryRoom()
    room.cmd(TECH_ACTOR, "meeting.update", {"n_from_mandates": True})
    room.cmd(CHAIR_ACTOR, "agenda.activate", {"item_id": "item-06"})
    [created] = room.cmd(CHAIR_ACTOR, "vote.create", {
        "item_id": "item-06", "title": "Thông qua Quy chế", "kind": "open", "rule": "majority_of_all",
        "options": list(RESOLUTION_OPTIONS), "duration_s": 60})
    room.cmd(TECH_ACTOR, "delegate.update", {"delegate_id": "db-030", "mandate": "ended"})
    assert n_total(room) == 84
    assert room.meeting.votes[created.data["vote_id"]].n_total == 85


def test_turning_it_on_without_anyone_holding_a_mandate_is_refused() -> None:
    room = MemoryRoom(seed=False)
    room.server_cmd(SYSTEM, "meeting.create", {**demo.demo_meeting_args(), "n_from_mandates": True})
    meeting = room.meeting.meeting
    assert meeting is not None and meeting.n_from_mandates and meeting.n_total == 85  # typed, until a list arrives
    room.cmd(TECH_ACTOR, "meeting.update", {"n_from_mandates": False})
    refused(room, "meeting.update", {"n_from_mandates": True}, "conflict")
    room.cmd(TECH_ACTOR, "delegate.add", new_delegate(delegate_id="db-1"))
    room.cmd(TECH_ACTOR, "meeting.update", {"n_from_mandates": True})
    assert n_total(room) == 1


# -- who may read a document ----------------------------------------------------------------------


def device(device_id: str, role: str, delegate_id: str | None = None, meeting_id: str | None = demo.DEMO_MEETING_ID
           ) -> Device:
    return Device(device_id, role, meeting_id, delegate_id, None, device_id, "s" * 44, "k" * 44)


DEVICES = {d.device_id: d for d in (
    device("tech", "technician", meeting_id=None),
    device("chair", "chair", "db-001"),
    device("secretary", "secretary", "db-013"),
    device("display", "display"),
    device("member", "delegate", "db-004"),  # Trưởng Ban Pháp chế in the demo
    device("outsider", "delegate", "db-040"),
    device("elsewhere", "delegate", "db-004", meeting_id="another-meeting"),
)}


def document(audience: str, keys: list[str], **extra: object) -> dict:
    return {"document_id": "doc-1", "item_id": "item-06", "title": "Báo cáo thẩm tra của Ban Pháp chế", "pages": 4,
            "blob": "a" * 64, "size": 9000, "plain_size": 8800, "chunk_size": 65536, "audience": audience,
            "keys": {k: "w" * 40 for k in keys}, **extra}


def committee_room() -> MemoryRoom:
    room = MemoryRoom()
    room.cmd(TECH_ACTOR, "delegate.update", {"delegate_id": "db-004", "committees": [PHAP_CHE], "standing": True})
    return room


def readers(room: MemoryRoom, audience: str) -> set[str]:
    return {d.device_id for d in DEVICES.values() if may_read(room.meeting, d, audience)}


def test_who_may_read_each_audience() -> None:
    room = committee_room()
    assert readers(room, "all") == {"tech", "chair", "secretary", "display", "member", "outsider"}
    assert readers(room, f"committee:{PHAP_CHE}") == {"tech", "chair", "secretary", "member"}
    assert readers(room, "standing") == {"tech", "chair", "secretary", "member"}
    assert readers(room, f"committee:{KINH_TE}") == {"tech", "chair", "secretary"}


def test_a_delegate_whose_mandate_ended_reads_nothing_new() -> None:
    room = committee_room()
    room.cmd(TECH_ACTOR, "delegate.update", {"delegate_id": "db-040", "mandate": "suspended"})
    assert "outsider" in readers(room, "all")  # a suspended delegate still holds the mandate
    room.cmd(TECH_ACTOR, "delegate.update", {"delegate_id": "db-040", "mandate": "ended"})
    room.cmd(TECH_ACTOR, "delegate.update", {"delegate_id": "db-004", "mandate": "ended"})
    assert readers(room, "all") == {"tech", "chair", "secretary", "display"}
    assert readers(room, f"committee:{PHAP_CHE}") == {"tech", "chair", "secretary"}
    with pytest.raises(DomainError) as exc:
        check(room, "document.add", document("all", ["tech", "outsider"]))
    assert exc.value.code == "forbidden"
    assert exc.value.message == ("Đại biểu của thiết bị outsider đã thôi nhiệm vụ hoặc không còn trong danh sách: "
                                 "không được nhận khóa của tài liệu.")


def test_a_document_for_a_committee_is_logged_with_its_audience() -> None:
    room = committee_room()
    refused(room, "document.add", document("committee:ban-dan-toc", ["tech"]), "not_found")
    refused(room, "document.add", document("committee", ["tech"]), "bad_request")
    [added] = room.cmd(TECH_ACTOR, "document.add", document(f"committee:{PHAP_CHE}", ["tech", "member"]))
    assert added.data["audience"] == f"committee:{PHAP_CHE}"
    assert room.meeting.documents["doc-1"].audience == f"committee:{PHAP_CHE}"
    # A new version without an audience keeps it; with one, changes it.
    update = {k: v for k, v in document("all", ["tech"], version=2).items() if k not in ("item_id", "title", "audience")}
    room.cmd(TECH_ACTOR, "document.update", update)
    assert room.meeting.documents["doc-1"].audience == f"committee:{PHAP_CHE}"
    room.cmd(TECH_ACTOR, "document.update", {**update, "version": 3, "audience": "all"})
    assert room.meeting.documents["doc-1"].audience == "all"
    # For everyone: the event reads as it did before audiences existed.
    [plain] = room.cmd(TECH_ACTOR, "document.add", {**document("all", ["tech"]), "document_id": "doc-2"})
    assert "audience" not in plain.data and room.meeting.documents["doc-2"].audience == "all"
    # A committee a document is for cannot be taken out of the meeting.
    room.cmd(TECH_ACTOR, "document.update", {**update, "version": 4, "audience": f"committee:{KINH_TE}"})
    error = refused(room, "meeting.update", {"committees": {PHAP_CHE: "Ban Pháp chế"}}, "conflict")
    assert error.detail == {"committee": KINH_TE, "delegates": 0, "documents": 1}


def check(room: MemoryRoom, name: str, args: dict) -> None:
    check_key_holders(room.meeting, DEVICES, decide_meeting(room.meeting, TECH_ACTOR, name, args, T0))


def test_the_room_refuses_a_key_for_a_device_outside_the_audience() -> None:
    room = committee_room()
    audience = f"committee:{PHAP_CHE}"
    check(room, "document.add", document(audience, ["tech", "chair", "secretary", "member", "not-enrolled"]))
    for outsider in ("outsider", "display", "elsewhere"):
        with pytest.raises(DomainError) as exc:
            check(room, "document.add", document(audience, ["tech", "member", outsider]))
        assert exc.value.code == "forbidden"
        assert exc.value.detail == {"device_id": outsider, "audience": audience}
    assert exc.value.message == ("Tài liệu chỉ dành cho Ban Pháp chế: thiết bị elsewhere không được nhận khóa của "
                                 "tài liệu.")
    check(room, "document.add", document("all", ["display", "outsider", "member"]))

    # A share or a new version is held to the document's audience as the log has it.
    room.cmd(TECH_ACTOR, "document.add", document(audience, ["tech", "member"]))
    with pytest.raises(DomainError):
        check(room, "document.share", {"document_id": "doc-1", "keys": {"outsider": "w" * 40}})
    update = {k: v for k, v in document(audience, ["tech", "outsider"], version=2).items()
              if k not in ("item_id", "title", "audience")}
    with pytest.raises(DomainError):
        check(room, "document.update", update)
    check(room, "document.update", {**update, "audience": "all"})  # opened to all: the outsider may have it
    # The outsider joins the committee: now the share is theirs.
    room.cmd(TECH_ACTOR, "delegate.update", {"delegate_id": "db-040", "committees": [PHAP_CHE]})
    check(room, "document.share", {"document_id": "doc-1", "keys": {"outsider": "w" * 40}})


def test_a_committee_document_is_not_presented_to_the_hall() -> None:
    room = committee_room()
    room.cmd(TECH_ACTOR, "document.add", document(f"committee:{PHAP_CHE}", ["tech", "member"]))
    before = room.meeting
    with pytest.raises(DomainError) as exc:
        room.cmd(CHAIR_ACTOR, "present.page", {"document_id": "doc-1", "page": 1})
    assert exc.value.code == "forbidden" and room.meeting is before
    assert exc.value.message == ("Tài liệu «Báo cáo thẩm tra của Ban Pháp chế» chỉ dành cho Ban Pháp chế: không trình "
                                 "chiếu lên màn hình hội trường.")
    room.cmd(TECH_ACTOR, "document.add", {**document("all", ["tech", "display"]), "document_id": "doc-2"})
    room.cmd(CHAIR_ACTOR, "present.page", {"document_id": "doc-2", "page": 1})
    assert room.meeting.presenting is not None
