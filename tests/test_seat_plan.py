"""The seat plan: a hall drawn as seats, re-planned with the fewest commands and never silently
unseating anyone, delegates seated by group in Vietnamese name order; every command goes through
the real decide/apply pipeline."""

from __future__ import annotations

import pytest

from app.errors import DomainError
from app.seat_plan import (
    Hall,
    assign_all,
    assign_groups,
    assign_presidium,
    block_of,
    blocks_in,
    hall_seats,
    name_order_key,
    parse_blocks,
    plan_hall,
    rebind_commands,
)
from tests.domain_log import TECH_ACTOR, MemoryRoom

HALL = Hall(parse_blocks("A:5x10, B:5x10, C:5x10"), presidium=7)


def run(room: MemoryRoom, commands: object) -> int:
    count = 0
    for name, args in commands:  # type: ignore[attr-defined]
        room.cmd(TECH_ACTOR, name, args)
        count += 1
    return count


def planned_room(hall: Hall = HALL) -> MemoryRoom:
    room = MemoryRoom()
    run(room, plan_hall(room.meeting, hall, force=True).commands)
    return room


def test_hall_numbers_labels_aisles_and_a_centred_presidium() -> None:
    seats = {s.seat_id: s for s in hall_seats(HALL)}
    assert len(seats) == 157 == HALL.size
    a, b = [s for s in seats.values() if block_of(s) == "A"], [s for s in seats.values() if block_of(s) == "B"]
    assert [s.label for s in sorted(a, key=lambda s: (s.row, s.col))][:12] == [
        "A-01", "A-02", "A-03", "A-04", "A-05", "A-06", "A-07", "A-08", "A-09", "A-10", "A-11", "A-12"]
    assert (seats["A-01"].row, seats["A-01"].col, seats["A-11"].row, seats["A-11"].col) == (1, 1, 2, 1)
    assert max(s.col for s in a) == 10 and min(s.col for s in b) == 12  # one empty column: the aisle
    assert {s.zone for s in a + b} == {"hall"} and seats["C-50"].col == 32
    presidium = sorted((s for s in seats.values() if s.zone == "presidium"), key=lambda s: s.col)
    assert [s.label for s in presidium] == ["CT-6", "CT-4", "CT-2", "CT-1", "CT-3", "CT-5", "CT-7"]
    assert {s.row for s in presidium} == {0} and seats["CT-1"].col == 16  # the middle of columns 1..32
    assert [s.label for s in hall_seats(Hall(parse_blocks("X:10x12"), 0)) if s.row == 9][:2] == ["X-097", "X-098"]


@pytest.mark.parametrize(("text", "words"), [
    ("A:5", "Khối «A:5» không hợp lệ"),
    ("A:5x10,A:2x2", "Khối A được khai báo hai lần."),
    ("CT:2x2", "Tên khối «CT» không hợp lệ"),
    ("A:0x10", "số hàng và số ghế mỗi hàng phải từ 1 đến 100"),
    ("A:100x100,B:1x1", "quá giới hạn 2000 ghế"),
    ("", "Hội trường cần ít nhất một khối ghế."),
])
def test_bad_halls_are_refused_in_vietnamese(text: str, words: str) -> None:
    with pytest.raises(DomainError) as refused:
        hall_seats(Hall(parse_blocks(text), 3))
    assert refused.value.code == "bad_request" and words in refused.value.message


def test_plan_over_the_demo_refuses_to_unseat_unless_forced() -> None:
    room = MemoryRoom()
    before = room.meeting
    with pytest.raises(DomainError) as refused:
        plan_hall(before, HALL)
    assert refused.value.code == "seat_taken"
    assert refused.value.message.startswith("Sơ đồ mới bỏ 82 ghế đang có đại biểu: A01 (")
    assert len(refused.value.detail["seats"]) == 82  # type: ignore[index]
    plan = plan_hall(before, HALL, force=True)
    assert (len(plan.added), len(plan.changed), len(plan.removed), plan.kept) == (154, 3, 82, 0)
    assert [name for name, _ in plan.commands[:82]] == ["seat.remove"] * 82
    assert run(room, plan.commands) == 82 + 3 + 154
    after = room.meeting
    assert len(after.seats) == 157
    # The three demo presidium seats were kept (moved to the middle), with their delegates.
    assert [after.seats[s].delegate_id for s in ("CT-1", "CT-2", "CT-3")] == [
        before.seats[s].delegate_id for s in ("CT-1", "CT-2", "CT-3")]


def test_replan_changes_only_what_differs_and_keeps_bindings() -> None:
    room = planned_room()
    run(room, assign_groups(room.meeting, ["1"], "C").commands)
    seated_c = {s.seat_id: s.delegate_id for s in room.meeting.seats.values() if block_of(s) == "C" and s.delegate_id}
    assert len(seated_c) == 7
    same = plan_hall(room.meeting, HALL)
    assert same.commands == () and same.kept == 157
    # Block B loses its last two rows; A grows a row; the aisle widens: C's seats move, keep people.
    bigger = Hall(parse_blocks("A:6x10, B:3x10, C:5x10"), presidium=7, aisle=2)
    plan = plan_hall(room.meeting, bigger)
    assert (len(plan.added), len(plan.removed), plan.displaced) == (10, 20, ())
    assert {name for name, _ in plan.commands} == {"seat.add", "seat.remove", "seat.update"}
    assert all(set(args) <= {"seat_id", "col", "row"} for name, args in plan.commands if name == "seat.update")
    run(room, plan.commands)
    assert {s.seat_id: s.delegate_id for s in room.meeting.seats.values() if s.delegate_id and block_of(s) == "C"} \
        == seated_c
    assert room.meeting.seats["C-01"].col == 1 + 10 + 2 + 10 + 2
    # Dropping block C now would unseat Tổ 1: refused, then forced, and reported.
    with pytest.raises(DomainError, match="7 ghế đang có đại biểu"):
        plan_hall(room.meeting, Hall(parse_blocks("A:6x10, B:3x10"), 7))
    forced = plan_hall(room.meeting, Hall(parse_blocks("A:6x10, B:3x10"), 7), force=True)
    assert sorted(d.delegate_id for _, d in forced.displaced) == sorted(seated_c.values())


def test_vietnamese_name_order() -> None:
    names = ["Trần Văn Đức", "Nguyễn Thị Ánh", "Lê Văn Anh", "Phạm Dũng", "Bùi Thị Ân", "Nguyễn Văn Anh",
             "Hoàng Ắng", "Vũ Văn Ba"]
    assert sorted(names, key=name_order_key) == [
        "Lê Văn Anh", "Nguyễn Văn Anh", "Nguyễn Thị Ánh", "Hoàng Ắng", "Bùi Thị Ân", "Vũ Văn Ba", "Phạm Dũng",
        "Trần Văn Đức"]
    # Tones after letters: ngang, huyền, hỏi, ngã, sắc, nặng.
    assert sorted(["X Hạ", "X Há", "X Hà", "X Ha", "X Hả", "X Hã"], key=name_order_key) == [
        "X Ha", "X Hà", "X Hả", "X Hã", "X Há", "X Hạ"]


def test_a_group_goes_into_its_block_in_name_order_front_row_first() -> None:
    room = planned_room(Hall(parse_blocks("A:2x3, B:4x4"), presidium=3))
    state = room.meeting
    group = sorted((d for d in state.delegates.values() if d.group_id == "to-02"), key=lambda d: name_order_key(d.name))
    assignment = assign_groups(state, ["Tổ 2"], "B")
    assert [label for label, _ in assignment.placed] == [f"B-{n:02d}" for n in range(1, len(group) + 1)]
    assert [name for _, name in assignment.placed] == [d.name for d in group]
    assert len(assignment.commands) == len(group)  # each one empty seat, one command
    run(room, assignment.commands)
    assert [room.meeting.seats[f"B-{n:02d}"].delegate_id for n in range(1, len(group) + 1)] == [
        d.delegate_id for d in group]
    assert assign_groups(room.meeting, ["to-02"], "B").commands == ()  # idempotent
    # Another group beside it in the same block takes the seats left, front to back.
    three = assign_groups(room.meeting, ["3"], "B")
    assert three.placed[0][0] == f"B-{len(group) + 1:02d}"

    with pytest.raises(DomainError) as small:  # one of Tổ 4's eight sits in the presidium
        assign_groups(room.meeting, ["Tổ 4"], "A")
    assert small.value.code == "block_too_small"
    assert small.value.message == ("Khối A chỉ còn 6 ghế trống, không đủ cho 7 đại biểu của Tổ đại biểu số 4 "
                                   "(Nam Định): hãy chọn khối khác hoặc vẽ thêm ghế.")
    assert small.value.detail == {"block": "A", "free": 6, "members": 7}
    with pytest.raises(DomainError, match="Không có tổ «Tổ 99»"):
        assign_groups(room.meeting, ["Tổ 99"], "A")
    with pytest.raises(DomainError, match=r"Không có khối Z trong hội trường \(có: A, B\)"):
        assign_groups(room.meeting, ["1"], "Z")


def test_all_groups_packed_into_blocks_and_officers_into_the_presidium() -> None:
    room = planned_room(Hall(parse_blocks("A:4x8, B:4x8, C:4x8"), presidium=7))
    assert blocks_in(room.meeting) == ["A", "B", "C"]
    everyone = assign_all(room.meeting, presidium=True)
    run(room, everyone.commands)
    state = room.meeting
    assert all(state.seat_of(d) is not None for d in state.delegates)
    for delegate in state.delegates.values():
        seat = state.seat_of(delegate.delegate_id)
        assert seat is not None
        if {"chair", "secretary"} & set(delegate.roles):
            assert seat.zone == "presidium"
    # A group never straddles two blocks.
    for group_id in {d.group_id for d in state.delegates.values()}:
        blocks = {block_of(state.seat_of(d.delegate_id)) for d in state.delegates.values()  # type: ignore[arg-type]
                  if d.group_id == group_id and state.seat_of(d.delegate_id).zone == "hall"}  # type: ignore[union-attr]
        assert len(blocks) <= 1
    assert assign_all(state, presidium=True).commands == ()
    with pytest.raises(DomainError) as full:
        assign_all(planned_room(Hall(parse_blocks("A:2x8, B:2x8"), 3)).meeting)
    assert full.value.code == "block_too_small" and "Các khối còn lại không đủ chỗ" in full.value.message


def test_presidium_alone_seats_the_secretary() -> None:
    room = planned_room()
    secretary = next(d for d in room.meeting.delegates.values() if "secretary" in d.roles)
    run(room, assign_groups(room.meeting, [secretary.group_id], "A").commands)
    assert room.meeting.seat_of(secretary.delegate_id).zone == "hall"  # type: ignore[union-attr]
    officers = assign_presidium(room.meeting)
    assert officers.placed == (("CT-4", secretary.name),) and len(officers.commands) == 2
    run(room, officers.commands)
    assert room.meeting.seat_of(secretary.delegate_id).label == "CT-4"  # type: ignore[union-attr]
    assert assign_presidium(room.meeting).commands == ()


def test_rebind_frees_first_and_swaps_in_three_commands() -> None:
    room = planned_room()
    run(room, rebind_commands(room.meeting, {"A-01": "db-010", "A-02": "db-011"}))
    state = room.meeting
    move = rebind_commands(state, {"A-01": None, "A-03": "db-010"})
    assert move == [("seat.update", {"seat_id": "A-01", "delegate_id": None}),
                    ("seat.update", {"seat_id": "A-03", "delegate_id": "db-010"})]
    swap = rebind_commands(state, {"A-01": "db-011", "A-02": "db-010"})
    assert len(swap) == 3 and swap[0] == ("seat.update", {"seat_id": "A-01", "delegate_id": None})
    run(room, swap)
    assert (room.meeting.seats["A-01"].delegate_id, room.meeting.seats["A-02"].delegate_id) == ("db-011", "db-010")
    with pytest.raises(DomainError, match="được xếp vào hai ghế"):
        rebind_commands(room.meeting, {"A-05": "db-011"})
    with pytest.raises(DomainError) as gone:
        rebind_commands(room.meeting, {"Z-01": None})
    assert gone.value.code == "not_found"
