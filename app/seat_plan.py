"""The hall's seat plan: blocks and presidium drawn as seats, re-planned with the fewest changes,
and delegates seated by group (Tổ) in Vietnamese name order.

Everything here returns the `seat.*` commands the technician's device sends (app/preparation.py
decides them); nothing is sent from here. A seat id is its label ("A-01", "CT-1"), so a re-plan
recognises the seats it drew before and a delegate's seat card keeps naming the same seat.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final

from app.delegate_values import group_aliases, group_text_key
from app.errors import DomainError
from app.model import CHAIR, SECRETARY, Delegate, MeetingState, Seat

PRESIDIUM: Final = "presidium"
HALL: Final = "hall"
PRESIDIUM_PREFIX: Final = "CT"
MAX_SEATS: Final = 2000
MAX_ROWS: Final = 100
MAX_PER_ROW: Final = 100
MAX_PRESIDIUM: Final = 60
BLOCK_NAME = re.compile(r"^[A-Z]{1,2}$")
_HALL_LABEL = re.compile(r"^([A-Z]{1,2})-(\d{1,4})$")

Command = tuple[str, dict[str, Any]]


@dataclass(frozen=True, slots=True)
class Block:
    """A block of the hall: `rows` rows of `per_row` seats, named by a letter ("A")."""

    name: str
    rows: int
    per_row: int

    @property
    def size(self) -> int:
        return self.rows * self.per_row


@dataclass(frozen=True, slots=True)
class Hall:
    """The hall as the technician describes it: blocks side by side, left to right as a delegate
    facing the presidium sees them, `aisle` empty columns between two blocks, and the presidium's
    seats in a row in front, facing the hall."""

    blocks: tuple[Block, ...]
    presidium: int = 0
    aisle: int = 1

    @property
    def size(self) -> int:
        return self.presidium + sum(b.size for b in self.blocks)


def parse_blocks(text: str) -> tuple[Block, ...]:
    """ "A:5x10, B:5x10" (rows x seats per row; × and * are read as x) as blocks."""
    blocks = []
    for part in (p.strip() for p in text.split(",")):
        if not part:
            continue
        match = re.fullmatch(r"([A-Za-z]{1,2})\s*:\s*(\d{1,3})\s*[xX×*]\s*(\d{1,3})", part)
        if match is None:
            raise DomainError("bad_request", f"Khối «{part}» không hợp lệ: viết tên khối, số hàng và số ghế mỗi hàng, "
                                             "ví dụ A:5x10.", {"block": part})
        blocks.append(Block(match[1].upper(), int(match[2]), int(match[3])))
    return tuple(blocks)


def check_hall(hall: Hall) -> None:
    if not hall.blocks:
        raise DomainError("bad_request", "Hội trường cần ít nhất một khối ghế.")
    names = [b.name for b in hall.blocks]
    for block in hall.blocks:
        if not BLOCK_NAME.match(block.name) or block.name == PRESIDIUM_PREFIX:
            raise DomainError("bad_request", f"Tên khối «{block.name}» không hợp lệ: dùng một hoặc hai chữ cái "
                                             "không dấu (trừ CT, dành cho Đoàn Chủ tọa).", {"block": block.name})
        if names.count(block.name) > 1:
            raise DomainError("bad_request", f"Khối {block.name} được khai báo hai lần.", {"block": block.name})
        if not (1 <= block.rows <= MAX_ROWS and 1 <= block.per_row <= MAX_PER_ROW):
            raise DomainError("bad_request", f"Khối {block.name}: số hàng và số ghế mỗi hàng phải từ 1 đến "
                                             f"{MAX_ROWS}.", {"block": block.name})
    if not 0 <= hall.presidium <= MAX_PRESIDIUM:
        raise DomainError("bad_request", f"Số ghế Đoàn Chủ tọa phải từ 0 đến {MAX_PRESIDIUM}.")
    if not 0 <= hall.aisle <= 5:
        raise DomainError("bad_request", "Lối đi giữa hai khối rộng từ 0 đến 5 ghế.")
    if hall.size > MAX_SEATS:
        raise DomainError("bad_request", f"Hội trường có {hall.size} ghế, quá giới hạn {MAX_SEATS} ghế.")


def presidium_label(number: int) -> str:
    return f"{PRESIDIUM_PREFIX}-{number}"


def hall_seats(hall: Hall) -> list[Seat]:
    """The seats of `hall`, empty: the presidium in row 0, the blocks from row 1, numbered in
    each block front to back and left to right ("A-01" .. "A-50")."""
    check_hall(hall)
    seats: list[Seat] = []
    col = 1
    for block in hall.blocks:
        width = max(2, len(str(block.size)))
        for index in range(block.size):
            row, place = divmod(index, block.per_row)
            label = f"{block.name}-{index + 1:0{width}d}"
            seats.append(Seat(label, label, 1 + row, col + place, HALL, None))
        col += block.per_row + hall.aisle
    hall_width = col - 1 - hall.aisle
    # The chair sits in the middle (CT-1), the others alternate left and right of it, as the
    # demo's presidium; the row is centred over the hall.
    first = 1 + max(0, (hall_width - hall.presidium) // 2)
    for number, place in enumerate(_centre_out(hall.presidium), start=1):
        label = presidium_label(number)
        seats.append(Seat(label, label, 0, first + place, PRESIDIUM, None))
    return seats


def _centre_out(count: int) -> list[int]:
    centre = (count - 1) // 2
    order = [centre]
    for step in range(1, count):
        order += [p for p in (centre - step, centre + step) if 0 <= p < count]
    return order[:count]


# -- re-planning -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Plan:
    """The commands that turn the meeting's seats into the hall: removals, then changes, then
    additions. `displaced` are removed seats that held a delegate (they lose their seat)."""

    commands: tuple[Command, ...]
    added: tuple[str, ...]
    changed: tuple[str, ...]
    removed: tuple[str, ...]
    kept: int
    displaced: tuple[tuple[Seat, Delegate], ...]


def plan_hall(state: MeetingState, hall: Hall, *, force: bool = False) -> Plan:
    """The fewest `seat.add/update/remove` commands from the meeting's seats to `hall`; seats are
    matched by id, and a kept seat keeps its delegate. Refused (`seat_taken`) when a seat to remove
    holds a delegate, unless `force`: a binding is never dropped without the technician knowing."""
    wanted = {s.seat_id: s for s in hall_seats(hall)}
    removed = sorted((s for s in state.seats.values() if s.seat_id not in wanted), key=_position)
    displaced = tuple((s, state.delegates[s.delegate_id]) for s in removed
                      if s.delegate_id is not None and s.delegate_id in state.delegates)
    if displaced and not force:
        names = ", ".join(f"{s.label} ({d.name})" for s, d in displaced[:5])
        more = f" và {len(displaced) - 5} ghế khác" if len(displaced) > 5 else ""
        raise DomainError(
            "seat_taken",
            f"Sơ đồ mới bỏ {len(displaced)} ghế đang có đại biểu: {names}{more}. Hãy chuyển các đại biểu này "
            "sang ghế khác trước, hoặc xác nhận vẽ lại (họ sẽ chưa có ghế).",
            {"seats": [s.seat_id for s, _ in displaced]},
        )
    commands: list[Command] = [("seat.remove", {"seat_id": s.seat_id}) for s in removed]
    changed, added, kept = [], [], 0
    for seat in sorted(wanted.values(), key=_position):
        old = state.seats.get(seat.seat_id)
        if old is None:
            added.append(seat.seat_id)
            continue
        changes = {f: getattr(seat, f) for f in ("label", "row", "col", "zone") if getattr(old, f) != getattr(seat, f)}
        if changes:
            changed.append(seat.seat_id)
            commands.append(("seat.update", {"seat_id": seat.seat_id, **changes}))
        else:
            kept += 1
    commands += [("seat.add", _add_args(wanted[seat_id])) for seat_id in added]
    return Plan(tuple(commands), tuple(added), tuple(changed), tuple(s.seat_id for s in removed), kept, displaced)


def _add_args(seat: Seat) -> dict[str, Any]:
    return {"seat_id": seat.seat_id, "label": seat.label, "row": seat.row, "col": seat.col, "zone": seat.zone}


def _position(seat: Seat) -> tuple[bool, int, int, str]:
    return seat.zone != PRESIDIUM, seat.row, seat.col, seat.seat_id


def block_of(seat: Seat) -> str | None:
    """The block a hall seat belongs to, read from its label ("A-07" → "A"); None elsewhere."""
    if seat.zone != HALL:
        return None
    match = _HALL_LABEL.match(seat.label)
    return match[1] if match else None


def blocks_in(state: MeetingState) -> list[str]:
    """The meeting's blocks from left to right."""
    first_col: dict[str, int] = {}
    for seat in state.seats.values():
        name = block_of(seat)
        if name is not None:
            first_col[name] = min(first_col.get(name, seat.col), seat.col)
    return sorted(first_col, key=lambda n: (first_col[n], n))


# -- who sits where ---------------------------------------------------------------------------


def rebind_commands(state: MeetingState, wanted: Mapping[str, str | None]) -> list[Command]:
    """The `seat.update {delegate_id}` commands that give each seat in `wanted` its delegate (None:
    free it). The server lets a delegate hold one seat only, so a seat is freed before its
    delegate takes another one; a move costs one command, a swap of two delegates three."""
    holders = {s.seat_id: s.delegate_id for s in state.seats.values()}
    for seat_id, delegate_id in wanted.items():
        if seat_id not in holders:
            raise DomainError("not_found", "Không có ghế này trong hội trường.", {"seat_id": seat_id})
        if delegate_id is not None and delegate_id not in state.delegates:
            raise DomainError("not_found", "Không có đại biểu này trong kỳ họp.", {"delegate_id": delegate_id})
    final = {**holders, **wanted}
    taken = [d for d in final.values() if d is not None]
    if len(taken) != len(set(taken)):
        double = next(d for d in taken if taken.count(d) > 1)
        raise DomainError("conflict", f"Đại biểu {state.delegates[double].name} được xếp vào hai ghế.",
                          {"delegate_id": double})
    pending = [seat_id for seat_id in sorted(wanted, key=lambda s: _position(state.seats[s])) if
               final[seat_id] != holders[seat_id]]
    commands: list[Command] = []
    while pending:
        seat_of = {d: s for s, d in holders.items() if d is not None}
        ready = [s for s in pending if final[s] is None or seat_of.get(final[s] or "") in (None, s)]
        if not ready:  # a cycle (a swap): free its first seat, its delegate waits for the next round
            first = pending[0]
            commands.append(("seat.update", {"seat_id": first, "delegate_id": None}))
            holders[first] = None
            continue
        for seat_id in ready:
            commands.append(("seat.update", {"seat_id": seat_id, "delegate_id": final[seat_id]}))
            holders[seat_id] = final[seat_id]
            pending.remove(seat_id)
    return commands


_ALPHABET: Final = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
# Dấu thanh as the Vietnamese dictionary (and CLDR) orders them: ngang, huyền, hỏi, ngã, sắc, nặng.
_TONES: Final = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}


def _word_key(word: str) -> tuple[tuple[int, ...], tuple[int, ...]]:
    letters, tones = [], []
    for char in unicodedata.normalize("NFC", word.casefold()):
        parts = unicodedata.normalize("NFD", char)
        tone = next((_TONES[c] for c in parts if c in _TONES), 0)
        shape = unicodedata.normalize("NFC", "".join(c for c in parts if c not in _TONES))
        letters.append(0x110000 + _ALPHABET.index(shape) if shape in _ALPHABET else ord(shape[0]))
        tones.append(tone)
    return tuple(letters), tuple(tones)


def name_order_key(name: str) -> tuple[Any, ...]:
    """A delegate's place in a Vietnamese list: by the given name (the last word), then the whole
    name from the family name on; in each, letters first (a < ă < â < b … d < đ), tone marks after."""
    words = name.split()
    given = _word_key(words[-1] if words else "")
    whole = [_word_key(w) for w in words]
    return given, tuple(k[0] for k in whole), tuple(k[1] for k in whole), name


def group_order_key(group_id: str, group_name: str) -> tuple[Any, ...]:
    """Groups by number ("Tổ 2" before "Tổ 10"), then by name."""
    key = group_text_key(group_name) or group_text_key(group_id)
    return tuple((0, int(part), "") if part.isdigit() else (1, 0, part) for part in re.split(r"(\d+)", key) if part)


def groups_in(state: MeetingState) -> list[tuple[str, str]]:
    """(group_id, group_name) of the meeting's groups, in order."""
    found = {d.group_id: d.group_name for d in state.delegates.values()}
    return sorted(found.items(), key=lambda g: group_order_key(*g))


# Light enough for black type, distinct enough side by side: the editor and the printed map agree.
GROUP_COLOURS: Final = ("#cfe3f7", "#fde2c4", "#d3efcf", "#f6d2d9", "#e3d9f2", "#fff1a8", "#c9ecec", "#ecdccb",
                        "#dbe8bf", "#f7d3ef", "#d9dde3", "#ffd9b3")


def group_colours(state: MeetingState) -> dict[str, str]:
    """Each group's colour (group id → "#rrggbb"), in group order."""
    return {gid: GROUP_COLOURS[i % len(GROUP_COLOURS)] for i, (gid, _) in enumerate(groups_in(state))}


def find_group(state: MeetingState, typed: str) -> tuple[str, str]:
    """The group a person typed: its id, its name, «Tổ 3», «3» or the place in brackets."""
    key = group_text_key(typed)
    for group_id, group_name in groups_in(state):
        if key in group_aliases(group_id, group_name):
            return group_id, group_name
    known = "; ".join(name for _, name in groups_in(state)) or "chưa có tổ nào"
    raise DomainError("not_found", f"Không có tổ «{typed}» trong kỳ họp (có: {known}).", {"group": typed})


@dataclass(frozen=True, slots=True)
class Assignment:
    """The commands seating delegates, and who goes where (seat label, delegate name) in order."""

    commands: tuple[Command, ...]
    placed: tuple[tuple[str, str], ...]


def seats_of_block(state: MeetingState, block: str) -> list[Seat]:
    """The block's seats as they fill: front row first, left to right."""
    if block == PRESIDIUM_PREFIX:
        return sorted((s for s in state.seats.values() if s.zone == PRESIDIUM), key=lambda s: _presidium_order(s))
    found = sorted((s for s in state.seats.values() if block_of(s) == block), key=_position)
    if not found:
        known = ", ".join(blocks_in(state)) or "chưa vẽ hội trường"
        raise DomainError("not_found", f"Không có khối {block} trong hội trường (có: {known}).", {"block": block})
    return found


def _presidium_order(seat: Seat) -> tuple[int, str]:
    number = seat.label.removeprefix(PRESIDIUM_PREFIX + "-")
    return (int(number), "") if number.isdigit() else (10_000, seat.label)


def assign_groups(state: MeetingState, groups: Sequence[str], block: str | None = None,
                  *, presidium: bool = False) -> Assignment:
    """Seats each group's delegates in name order, front row first.

    With `block`, every group goes into that block's seats not held by other groups' delegates.
    Without, the groups are packed in order into the blocks from left to right, each whole in the
    first block from the previous one on that still has room (the hall is re-seated from empty).
    A delegate seated in the presidium stays there; with `presidium`, the chair and the secretary
    of these groups go to the free presidium seats (CT-1 first) instead of a block.
    Refused (`block_too_small`) when a group does not fit.
    """
    chosen = [find_group(state, g) for g in groups]
    holders = {s.seat_id: s.delegate_id for s in state.seats.values()}
    ids = {gid for gid, _ in chosen}
    in_presidium = {s.delegate_id for s in state.seats.values() if s.zone == PRESIDIUM and s.delegate_id}
    moving = {d.delegate_id for d in state.delegates.values() if d.group_id in ids} - in_presidium
    if block is None:  # re-seat the whole hall
        moving |= {d for s, d in holders.items() if d and state.seats[s].zone != PRESIDIUM}
    for seat_id, delegate_id in holders.items():
        if delegate_id in moving or delegate_id not in state.delegates:
            holders[seat_id] = None
    placed: list[tuple[str, str]] = []
    if presidium:
        moving -= _seat_officers(state, holders, moving, placed)
    blocks = [block] if block is not None else blocks_in(state)
    if not blocks:
        raise DomainError("not_found", "Hội trường chưa có khối ghế nào: hãy vẽ hội trường trước.")
    current = 0
    for group_id, group_name in chosen:
        members = sorted((d for d in state.delegates.values() if d.group_id == group_id and d.delegate_id in moving),
                         key=lambda d: name_order_key(d.name))
        while True:
            free = [s for s in seats_of_block(state, blocks[current]) if holders[s.seat_id] is None]
            if len(free) >= len(members):
                break
            if current + 1 >= len(blocks):
                raise _too_small(blocks[current], len(free), group_name, len(members), single=block is not None)
            current += 1
        for seat, member in zip(free, members, strict=False):
            holders[seat.seat_id] = member.delegate_id
            placed.append((seat.label, member.name))
    changed = {s: d for s, d in holders.items() if d != state.seats[s].delegate_id}
    return Assignment(tuple(rebind_commands(state, changed)), tuple(placed))


def _seat_officers(state: MeetingState, holders: dict[str, str | None], among: Iterable[str],
                   placed: list[tuple[str, str]]) -> set[str]:
    """The chair first, then the secretary, into the free presidium seats (CT-1 first); returns who
    was seated. Those left over (no free presidium seat) are not seated here."""
    officers = sorted((state.delegates[d] for d in among if {CHAIR, SECRETARY} & set(state.delegates[d].roles)),
                      key=lambda d: (CHAIR not in d.roles, name_order_key(d.name)))
    free = [s for s in state.seats.values() if s.zone == PRESIDIUM and holders[s.seat_id] is None]
    seated = set()
    for seat, officer in zip(sorted(free, key=_presidium_order), officers, strict=False):
        holders[seat.seat_id] = officer.delegate_id
        placed.append((seat.label, officer.name))
        seated.add(officer.delegate_id)
    return seated


def assign_presidium(state: MeetingState) -> Assignment:
    """The chair and the secretary (role chair/secretary) not yet in the presidium, seated there;
    their hall seats are freed. Refused when the hall has no presidium seat for them."""
    in_presidium = {s.delegate_id for s in state.seats.values() if s.zone == PRESIDIUM}
    officers = {d.delegate_id for d in state.delegates.values()
                if {CHAIR, SECRETARY} & set(d.roles) and d.delegate_id not in in_presidium}
    holders = {s.seat_id: None if s.delegate_id in officers else s.delegate_id for s in state.seats.values()}
    placed: list[tuple[str, str]] = []
    seated = _seat_officers(state, holders, officers, placed)
    if officers - seated:
        names = ", ".join(sorted(state.delegates[d].name for d in officers - seated))
        raise DomainError("block_too_small", f"Đoàn Chủ tọa không còn ghế trống cho {names}: hãy vẽ thêm ghế Đoàn "
                                             "Chủ tọa.", {"block": PRESIDIUM_PREFIX})
    changed = {s: d for s, d in holders.items() if d != state.seats[s].delegate_id}
    return Assignment(tuple(rebind_commands(state, changed)), tuple(placed))


def _too_small(block: str, free: int, group_name: str, members: int, single: bool) -> DomainError:
    where = f"Khối {block} chỉ còn {free} ghế trống" if single else f"Các khối còn lại không đủ chỗ (khối {block} " \
                                                                      f"còn {free} ghế trống)"
    return DomainError("block_too_small", f"{where}, không đủ cho {members} đại biểu của {group_name}: hãy chọn "
                                          "khối khác hoặc vẽ thêm ghế.",
                       {"block": block, "free": free, "members": members})


def assign_all(state: MeetingState, *, presidium: bool = False) -> Assignment:
    """Every group, in order, packed into the blocks (see assign_groups)."""
    return assign_groups(state, [gid for gid, _ in groups_in(state)], presidium=presidium)


def unseated(state: MeetingState) -> list[Delegate]:
    """Delegates without a seat, by group then name."""
    seated = {s.delegate_id for s in state.seats.values()}
    return sorted((d for d in state.delegates.values() if d.delegate_id not in seated),
                  key=lambda d: (group_order_key(d.group_id, d.group_name), name_order_key(d.name)))
