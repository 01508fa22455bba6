"""Deciding commands: permissions, the council's rules, and clear refusals that change nothing."""

from __future__ import annotations

import pytest

from app.errors import DomainError
from app.keys import code_hash, new_code
from app.model import ROLES
from app.permissions import PERMISSIONS, allowed
from app.reducer import MEETING_COMMANDS, SERVER_COMMANDS
from tests.domain_log import CHAIR_ACTOR, DISPLAY_ACTOR, SECRETARY_ACTOR, TECH_ACTOR, MemoryRoom, seat_of


def refused(room: MemoryRoom, actor, name: str, args: dict, code: str) -> DomainError:
    before = room.meeting
    with pytest.raises(DomainError) as exc:
        room.cmd(actor, name, args)
    assert exc.value.code == code
    assert exc.value.message and exc.value.message[0].isupper()
    assert room.meeting is before
    return exc.value


def test_every_command_has_a_row_in_the_permissions_matrix() -> None:
    assert set(MEETING_COMMANDS) | set(SERVER_COMMANDS) == set(PERMISSIONS)
    assert not any(allowed("display", name) for name in PERMISSIONS)
    assert all(role in ROLES for roles in PERMISSIONS.values() for role in roles)


def test_seeded_demo_meeting() -> None:
    room = MemoryRoom()
    state = room.meeting
    assert state.meeting is not None and state.meeting.n_total == 85
    assert len(state.delegates) == 85 and len(state.seats) == 85
    assert [i.position for i in state.agenda_in_order()] == list(range(1, len(state.agenda) + 1))
    assert len(state.agenda) >= 6


def test_delegate_checks_in_only_themselves() -> None:
    room = MemoryRoom()
    room.cmd(seat_of("db-020"), "attendance.check_in", {})
    assert "db-020" in room.meeting.present
    refused(room, seat_of("db-020"), "attendance.check_in", {}, "conflict")
    refused(room, seat_of("db-021"), "attendance.check_in", {"delegate_id": "db-022"}, "forbidden")
    room.cmd(seat_of("db-020"), "attendance.check_out", {})
    assert "db-020" not in room.meeting.present
    refused(room, seat_of("db-020"), "attendance.check_out", {}, "conflict")


def test_secretary_checks_in_others_and_must_name_them() -> None:
    room = MemoryRoom()
    room.cmd(SECRETARY_ACTOR, "attendance.check_in", {"delegate_id": "db-050"})
    assert "db-050" in room.meeting.present
    refused(room, SECRETARY_ACTOR, "attendance.check_in", {"delegate_id": "db-999"}, "not_found")
    error = refused(room, DISPLAY_ACTOR, "attendance.check_in", {"delegate_id": "db-051"}, "forbidden")
    assert "Màn hình hội trường" in error.message


def test_quorum_is_two_thirds_of_all_delegates() -> None:
    room = MemoryRoom()
    for n in range(1, 57):
        room.cmd(SECRETARY_ACTOR, "attendance.check_in", {"delegate_id": f"db-{n:03d}"})
    assert not room.meeting.quorum_met()  # 56 of 85: 3*56 = 168 < 170
    room.cmd(SECRETARY_ACTOR, "attendance.check_in", {"delegate_id": "db-057"})
    assert room.meeting.quorum_met()  # 57 of 85


def test_agenda_activation_moves_one_item_at_a_time() -> None:
    room = MemoryRoom()
    first, second = room.meeting.agenda_in_order()[:2]
    room.cmd(CHAIR_ACTOR, "agenda.activate", {"item_id": first.item_id})
    assert room.meeting.active_item == first.item_id
    refused(room, CHAIR_ACTOR, "agenda.activate", {"item_id": first.item_id}, "conflict")
    room.tick(60)
    room.cmd(SECRETARY_ACTOR, "agenda.activate", {"item_id": second.item_id})
    assert room.meeting.agenda[first.item_id].status == "pending"
    assert room.meeting.agenda[second.item_id].status == "active"
    room.cmd(CHAIR_ACTOR, "agenda.complete", {"item_id": second.item_id})
    assert room.meeting.active_item is None
    assert room.meeting.agenda[second.item_id].completed_at is not None
    refused(room, CHAIR_ACTOR, "agenda.complete", {"item_id": second.item_id}, "conflict")
    refused(room, seat_of("db-030"), "agenda.activate", {"item_id": first.item_id}, "forbidden")
    refused(room, CHAIR_ACTOR, "agenda.activate", {"item_id": "nope"}, "not_found")


def test_agenda_positions_stay_contiguous() -> None:
    room = MemoryRoom()
    n = len(room.meeting.agenda)
    [added] = room.cmd(TECH_ACTOR, "agenda.add", {"title": "Chất vấn và trả lời chất vấn", "position": 2, "planned_min": 90})
    order = [i.item_id for i in room.meeting.agenda_in_order()]
    assert order[1] == added.data["item_id"] and len(order) == n + 1
    room.cmd(TECH_ACTOR, "agenda.update", {"item_id": order[0], "position": 99})
    order2 = [i.item_id for i in room.meeting.agenda_in_order()]
    assert order2[-1] == order[0]
    room.cmd(TECH_ACTOR, "agenda.remove", {"item_id": order[3]})
    assert [i.position for i in room.meeting.agenda_in_order()] == list(range(1, n + 1))
    room.cmd(CHAIR_ACTOR, "agenda.activate", {"item_id": order[1]})
    refused(room, TECH_ACTOR, "agenda.remove", {"item_id": order[1]}, "conflict")


def test_renaming_an_item_keeps_it_in_its_place() -> None:
    room = MemoryRoom()
    order = [i.item_id for i in room.meeting.agenda_in_order()]
    room.cmd(TECH_ACTOR, "agenda.update", {"item_id": order[2], "title": "Bầu Ban kiểm phiếu kỳ họp"})
    assert [i.item_id for i in room.meeting.agenda_in_order()] == order
    assert room.meeting.agenda[order[2]].title == "Bầu Ban kiểm phiếu kỳ họp"
    assert [i.position for i in room.meeting.agenda_in_order()] == list(range(1, len(order) + 1))


@pytest.mark.parametrize(
    "args",
    [
        {"title": "", "position": 1},
        {"title": "x", "position": 0},
        {"title": "x", "position": "1"},
        {"title": "x", "position": 1, "colour": "red"},
        {"title": "x" * 201, "position": 1},
        {"position": 1},
    ],
)
def test_bad_arguments_are_refused_with_bad_request(args: dict) -> None:
    refused(MemoryRoom(), TECH_ACTOR, "agenda.add", args, "bad_request")


def test_messages_go_to_all_or_to_one_delegate() -> None:
    room = MemoryRoom()
    [event] = room.cmd(CHAIR_ACTOR, "message.send", {"to": "all", "text": "Đề nghị các đại biểu về chỗ ngồi."})
    assert event.data["from_role"] == "chair" and room.meeting.messages[-1].text.startswith("Đề nghị")
    room.cmd(TECH_ACTOR, "message.send", {"to": "db-044", "text": "Máy của đại biểu sẽ được thay."})
    refused(room, CHAIR_ACTOR, "message.send", {"to": "db-999", "text": "x"}, "not_found")
    refused(room, CHAIR_ACTOR, "message.send", {"to": "all", "text": "   "}, "bad_request")
    refused(room, seat_of("db-044"), "message.send", {"to": "all", "text": "x"}, "forbidden")


def test_preparation_of_delegates_and_seats() -> None:
    room = MemoryRoom()
    room.cmd(TECH_ACTOR, "delegate.add", {"name": "Nguyễn Văn Thử", "title": "Đại biểu", "group_id": "to-01",
                                           "group_name": "Tổ đại biểu số 1", "gender": "male", "delegate_id": "db-900"})
    room.cmd(TECH_ACTOR, "seat.add", {"seat_id": "P01", "label": "P01", "row": 12, "col": 1, "delegate_id": "db-900"})
    assert room.meeting.seat_of("db-900") is not None
    refused(room, TECH_ACTOR, "seat.add", {"seat_id": "P02", "label": "P02", "row": 12, "col": 2, "delegate_id": "db-900"}, "conflict")
    room.cmd(TECH_ACTOR, "delegate.update", {"delegate_id": "db-900", "title": "Phó Giám đốc Sở Tư pháp"})
    assert room.meeting.delegates["db-900"].title == "Phó Giám đốc Sở Tư pháp"
    room.cmd(TECH_ACTOR, "delegate.remove", {"delegate_id": "db-900"})
    assert room.meeting.seats["P01"].delegate_id is None
    room.cmd(TECH_ACTOR, "meeting.update", {"venue": "Hội trường B", "settings": {"quorum_num": 1, "quorum_den": 2}})
    assert room.meeting.meeting is not None and room.meeting.meeting.settings.quorum_den == 2
    refused(room, CHAIR_ACTOR, "meeting.update", {"venue": "x"}, "forbidden")
    refused(room, TECH_ACTOR, "meeting.update", {}, "bad_request")


def test_enrollment_codes_are_single_use_and_expire() -> None:
    from app.devices import decide_enroll
    from app.keys import DeviceKeys

    room = MemoryRoom()
    code = new_code()
    room.server_cmd(TECH_ACTOR, "device.enroll", {"code_hash": code_hash(code), "role": "delegate",
                                                  "meeting_id": "ninhbinh-2026-k1", "delegate_id": "db-033"})
    assert room.server.enrollments[code_hash(code)].seat == room.meeting.seat_of("db-033").seat_id  # type: ignore[union-attr]
    keys = DeviceKeys.generate()
    new = decide_enroll(room.server, code_hash(code), "Ghế", keys.sign_pub_b64, keys.kex_pub_b64, room.now)
    assert new.data["delegate_id"] == "db-033"
    from app.clock import iso
    from app.events import seal
    from app.reducer import apply

    room.server = apply(room.server, seal(None, room.server.head, room.server.seq + 1, iso(room.now), None, new))
    other = DeviceKeys.generate()
    with pytest.raises(DomainError) as used:
        decide_enroll(room.server, code_hash(code), "Ghế", other.sign_pub_b64, other.kex_pub_b64, room.now)
    assert used.value.code == "forbidden"

    late = new_code()
    room.server_cmd(TECH_ACTOR, "device.enroll", {"code_hash": code_hash(late), "role": "display", "meeting_id": "ninhbinh-2026-k1"})
    room.tick(601)
    with pytest.raises(DomainError) as expired:
        decide_enroll(room.server, code_hash(late), "Màn hình", other.sign_pub_b64, other.kex_pub_b64, room.now)
    assert expired.value.code == "forbidden"
    with pytest.raises(DomainError) as unknown:
        decide_enroll(room.server, code_hash(new_code()), "x", other.sign_pub_b64, other.kex_pub_b64, room.now)
    assert unknown.value.code == "forbidden"


def test_device_enrollment_rules() -> None:
    room = MemoryRoom()
    h = code_hash(new_code())
    for args, code in [
        ({"role": "delegate", "meeting_id": "ninhbinh-2026-k1"}, "bad_request"),
        ({"role": "delegate", "meeting_id": "nope", "delegate_id": "db-001"}, "not_found"),
        ({"role": "technician", "meeting_id": "ninhbinh-2026-k1"}, "bad_request"),
        ({"role": "display", "meeting_id": "ninhbinh-2026-k1", "delegate_id": "db-001"}, "bad_request"),
        ({"role": "delegate", "meeting_id": "ninhbinh-2026-k1", "delegate_id": "db-404"}, "not_found"),
        ({"role": "president", "meeting_id": "ninhbinh-2026-k1"}, "bad_request"),
    ]:
        with pytest.raises(DomainError) as exc:
            room.server_cmd(TECH_ACTOR, "device.enroll", {"code_hash": h, **args})
        assert exc.value.code == code, args
    with pytest.raises(DomainError) as forbidden:
        room.server_cmd(CHAIR_ACTOR, "device.enroll", {"code_hash": h, "role": "display", "meeting_id": "ninhbinh-2026-k1"})
    assert forbidden.value.code == "forbidden"


def test_meeting_ids_cannot_repeat_and_several_meetings_coexist() -> None:
    room = MemoryRoom()
    [created] = room.server_cmd(TECH_ACTOR, "meeting.create", {"kind": "standing_committee", "title": "Phiên họp Thường trực tháng 12", "n_total": 7})
    assert created.data["meeting_id"] in room.server.meetings and len(room.server.meetings) == 2
    with pytest.raises(DomainError) as again:
        room.server_cmd(TECH_ACTOR, "meeting.create", {"kind": "regular", "title": "x", "n_total": 85, "meeting_id": "ninhbinh-2026-k1"})
    assert again.value.code == "conflict"


def test_documents_are_versioned_and_shared() -> None:
    room = MemoryRoom()
    args = {"document_id": "doc-1", "item_id": "item-06", "title": "Dự thảo Nghị quyết", "pages": 4,
            "blob": "a" * 64, "size": 9000, "plain_size": 8800, "chunk_size": 65536, "keys": {"dev-1": "k" * 40}}
    room.cmd(TECH_ACTOR, "document.add", args)
    assert room.meeting.documents["doc-1"].version == 1
    refused(room, TECH_ACTOR, "document.add", args, "conflict")
    refused(room, TECH_ACTOR, "document.add", {**args, "document_id": "doc-2", "item_id": "nope"}, "not_found")
    refused(room, TECH_ACTOR, "document.add", {**args, "document_id": "doc-3", "classification": "secret"}, "bad_request")
    update = {k: v for k, v in args.items() if k not in ("item_id", "title")}
    refused(room, TECH_ACTOR, "document.update", {**update, "version": 1}, "conflict")
    room.cmd(TECH_ACTOR, "document.update", {**update, "version": 2, "blob": "b" * 64, "keys": {"dev-1": "n" * 40},
                                             "change_note": "Sửa Điều 3"})
    doc = room.meeting.documents["doc-1"]
    assert (doc.version, doc.blob, doc.title, doc.change_note) == (2, "b" * 64, "Dự thảo Nghị quyết", "Sửa Điều 3")
    room.cmd(TECH_ACTOR, "document.share", {"document_id": "doc-1", "keys": {"dev-2": "m" * 40}})
    assert set(room.meeting.documents["doc-1"].keys) == {"dev-1", "dev-2"}
    refused(room, CHAIR_ACTOR, "document.remove", {"document_id": "doc-1"}, "forbidden")
    room.cmd(TECH_ACTOR, "document.remove", {"document_id": "doc-1"})
    assert room.meeting.documents == {}


def test_a_lost_cards_code_is_cancelled_and_can_no_longer_enroll() -> None:
    from app.devices import decide_enroll, unused_enrollments
    from app.keys import DeviceKeys

    room = MemoryRoom()
    lost, spare, display = new_code(), new_code(), new_code()
    for code, extra in ((lost, {"delegate_id": "db-033"}), (spare, {"delegate_id": "db-034"})):
        room.server_cmd(TECH_ACTOR, "device.enroll", {"code_hash": code_hash(code), "role": "delegate",
                                                      "meeting_id": "ninhbinh-2026-k1", **extra})
    room.server_cmd(TECH_ACTOR, "device.enroll", {"code_hash": code_hash(display), "role": "display",
                                                  "meeting_id": "ninhbinh-2026-k1"})
    live = unused_enrollments(room.server, "ninhbinh-2026-k1", "delegate", "db-033", None)
    assert [e.code_hash for e in live] == [code_hash(lost)]
    with pytest.raises(DomainError) as forbidden:
        room.server_cmd(CHAIR_ACTOR, "device.cancel_enrollment", {"code_hash": code_hash(lost)})
    assert forbidden.value.code == "forbidden"
    room.server_cmd(TECH_ACTOR, "device.cancel_enrollment", {"code_hash": code_hash(lost)})
    assert unused_enrollments(room.server, "ninhbinh-2026-k1", "delegate", "db-033", None) == []
    keys = DeviceKeys.generate()
    with pytest.raises(DomainError) as dead:
        decide_enroll(room.server, code_hash(lost), "Ghế", keys.sign_pub_b64, keys.kex_pub_b64, room.now)
    assert dead.value.code == "forbidden"
    with pytest.raises(DomainError) as again:
        room.server_cmd(TECH_ACTOR, "device.cancel_enrollment", {"code_hash": code_hash(lost)})
    assert again.value.code == "conflict"
    with pytest.raises(DomainError) as unknown:
        room.server_cmd(TECH_ACTOR, "device.cancel_enrollment", {"code_hash": code_hash(new_code())})
    assert unknown.value.code == "not_found"
    # The other cards still work.
    assert decide_enroll(room.server, code_hash(spare), "Ghế", keys.sign_pub_b64, keys.kex_pub_b64, room.now)
