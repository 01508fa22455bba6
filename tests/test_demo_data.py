"""The demo meeting's seed data: counts, ids, seating and text."""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Iterator
from typing import Any

from app import demo

DELEGATE_FIELDS = {
    "delegate_id",
    "name",
    "title",
    "group_id",
    "group_name",
    "gender",
    "roles",
    "full_time",
}
SEAT_FIELDS = {"seat_id", "label", "row", "col", "zone", "delegate_id"}
AGENDA_FIELDS = {"item_id", "title", "position", "planned_min", "presenter"}
SURNAMES = {
    "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đinh", "Bùi", "Đỗ", "Ngô", "Dương",
    "Lương", "Tạ", "Mai", "Phan", "Hà", "Trịnh", "Đặng", "Lại",
}  # fmt: skip


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(key)
            yield from _strings(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _strings(item)


def _hall_index(seat: dict[str, Any]) -> int:
    return (seat["row"] - 1) * demo.HALL_ROW_SEATS + seat["col"] - 1


def test_meeting_args() -> None:
    args = demo.demo_meeting_args()
    assert args["meeting_id"] == demo.DEMO_MEETING_ID == "ninhbinh-2026-k1"
    assert args["kind"] == "regular"
    assert "khóa XVI" in args["title"]
    assert args["term"] == "2026–2031"
    assert args["date"] == "2026-12-10"
    assert args["n_total"] == 85 == len(demo.demo_delegates())
    assert args["settings"] == {
        "quorum_num": 2,
        "quorum_den": 3,
        "allow_change": False,
        "speak_first_s": 420,
        "speak_second_s": 180,
        "debate_s": 180,
    }


def test_delegate_counts() -> None:
    delegates = demo.demo_delegates()
    assert len(delegates) == 85
    assert all(set(d) == DELEGATE_FIELDS for d in delegates)
    assert [d["delegate_id"] for d in delegates] == [f"db-{i:03d}" for i in range(1, 86)]
    assert sum(d["gender"] == "female" for d in delegates) == 20
    assert {d["gender"] for d in delegates} == {"female", "male"}
    assert sum(d["full_time"] is True for d in delegates) == 21
    assert all(isinstance(d["full_time"], bool) for d in delegates)
    assert len({d["name"] for d in delegates}) == 85


def test_names_look_vietnamese() -> None:
    for d in demo.demo_delegates():
        parts = d["name"].split()
        assert len(parts) >= 3, d["name"]
        assert parts[0] in SURNAMES, d["name"]
        if d["gender"] == "female":
            assert parts[1] in {"Thị", "Thu", "Thanh", "Ngọc"}, d["name"]
        else:
            assert "Thị" not in parts, d["name"]
    surnames = Counter(d["name"].split()[0] for d in demo.demo_delegates())
    assert len(surnames) >= 15


def test_roles() -> None:
    delegates = demo.demo_delegates()
    assert all(d["roles"][0] == "delegate" for d in delegates)
    assert all(set(d["roles"]) <= {"delegate", "chair", "secretary"} for d in delegates)
    chairs = [d for d in delegates if "chair" in d["roles"]]
    secretaries = [d for d in delegates if "secretary" in d["roles"]]
    assert len(chairs) == 1 and len(secretaries) == 1
    assert chairs[0] is delegates[0]
    assert chairs[0]["roles"] == ["delegate", "chair"]
    assert chairs[0]["title"] == "Chủ tịch HĐND tỉnh"
    assert secretaries[0]["roles"] == ["delegate", "secretary"]
    assert demo.demo_chair_id() == "db-001"
    assert demo.demo_secretary_id() == secretaries[0]["delegate_id"]
    assert sum(d["title"] == "Phó Chủ tịch HĐND tỉnh" for d in delegates) == 2
    assert sum(d["title"] == "Chủ tịch UBND tỉnh" for d in delegates) == 1


def test_groups() -> None:
    delegates = demo.demo_delegates()
    sizes = Counter(d["group_id"] for d in delegates)
    assert sorted(sizes) == [f"to-{i:02d}" for i in range(1, 12)]
    assert all(7 <= n <= 8 for n in sizes.values())
    names: dict[str, set[str]] = {}
    for d in delegates:
        names.setdefault(d["group_id"], set()).add(d["group_name"])
    for group_id, group_names in names.items():
        assert len(group_names) == 1
        number = int(group_id.removeprefix("to-"))
        assert group_names.pop().startswith(f"Tổ đại biểu số {number} (")


def test_seats() -> None:
    seats = demo.demo_seats()
    delegates = {d["delegate_id"]: d for d in demo.demo_delegates()}
    assert all(set(s) == SEAT_FIELDS for s in seats)
    ids = [s["seat_id"] for s in seats]
    assert len(ids) == len(set(ids))
    assert len({(s["row"], s["col"]) for s in seats}) == len(seats)
    seated = Counter(s["delegate_id"] for s in seats if s["delegate_id"] is not None)
    assert set(seated) == set(delegates)
    assert all(n == 1 for n in seated.values())

    presidium = {s["seat_id"]: s for s in seats if s["zone"] == "presidium"}
    assert set(presidium) == {"CT-1", "CT-2", "CT-3"}
    assert all(s["row"] == 0 for s in presidium.values())
    assert "chair" in delegates[presidium["CT-1"]["delegate_id"]]["roles"]
    for seat_id in ("CT-2", "CT-3"):
        assert delegates[presidium[seat_id]["delegate_id"]]["title"] == "Phó Chủ tịch HĐND tỉnh"

    hall = [s for s in seats if s["zone"] == "hall"]
    assert len(hall) + len(presidium) == len(seats)
    for s in hall:
        assert 1 <= s["col"] <= 10 and s["row"] >= 1
        assert s["seat_id"] == s["label"] == f"{'ABCDEFGHIJ'[s['row'] - 1]}{s['col']:02d}"


def test_groups_sit_together() -> None:
    delegates = {d["delegate_id"]: d for d in demo.demo_delegates()}
    by_group: dict[str, list[dict[str, Any]]] = {}
    for s in demo.demo_seats():
        if s["zone"] == "hall":
            by_group.setdefault(delegates[s["delegate_id"]]["group_id"], []).append(s)
    assert len(by_group) == 11
    for group_id, seats in by_group.items():
        rows = {s["row"] for s in seats}
        assert max(rows) - min(rows) <= 1, group_id
        indexes = sorted(_hall_index(s) for s in seats)
        assert indexes == list(range(indexes[0], indexes[0] + len(indexes))), group_id


def test_agenda() -> None:
    agenda = demo.demo_agenda()
    assert len(agenda) >= 7
    assert all(set(a) == AGENDA_FIELDS for a in agenda)
    assert [a["position"] for a in agenda] == list(range(1, len(agenda) + 1))
    assert [a["item_id"] for a in agenda] == [f"item-{i:02d}" for i in range(1, len(agenda) + 1)]
    assert all(isinstance(a["planned_min"], int) and a["planned_min"] > 0 for a in agenda)
    assert agenda[0]["title"] == "Khai mạc kỳ họp"
    assert agenda[-1]["title"] == "Bế mạc kỳ họp"


def test_commands_order() -> None:
    commands = demo.demo_commands()
    names = [name for name, _ in commands]
    n_seats, n_items = len(demo.demo_seats()), len(demo.demo_agenda())
    assert names == ["delegate.add"] * 85 + ["seat.add"] * n_seats + ["agenda.add"] * n_items
    assert [args for _, args in commands] == (
        demo.demo_delegates() + demo.demo_seats() + demo.demo_agenda()
    )


def test_role_devices() -> None:
    devices = demo.demo_role_devices()
    assert [d["role"] for d in devices] == ["chair", "secretary", "technician", "display"]
    assert all(set(d) == {"role", "meeting_id", "delegate_id", "seat"} for d in devices)
    chair, secretary, technician, display = devices
    assert chair == {
        "role": "chair",
        "meeting_id": demo.DEMO_MEETING_ID,
        "delegate_id": demo.demo_chair_id(),
        "seat": "CT-1",
    }
    assert secretary["delegate_id"] == demo.demo_secretary_id() and secretary["seat"] is None
    assert technician["meeting_id"] is None and technician["delegate_id"] is None
    assert display["delegate_id"] is None and display["seat"] is None


def test_text_is_nfc() -> None:
    everything: list[Any] = [
        demo.demo_meeting_args(),
        demo.demo_commands(),
        demo.demo_role_devices(),
    ]
    texts = list(_strings(everything))
    assert texts
    for text in texts:
        assert text and text.strip() == text, repr(text)
        assert unicodedata.normalize("NFC", text) == text, repr(text)
        assert "  " not in text, repr(text)
        assert all(unicodedata.category(c)[0] != "C" for c in text), repr(text)


def test_deterministic_and_fresh() -> None:
    first, second = demo.demo_commands(), demo.demo_commands()
    assert first == second
    first[0][1]["name"] = "changed"
    assert demo.demo_commands()[0][1]["name"] != "changed"
