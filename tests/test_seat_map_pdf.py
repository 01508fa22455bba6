"""The printed seat map: one landscape page that PyMuPDF opens, with the header, the presidium, the
blocks, every seat's label and its delegate's name in Vietnamese, and type never below MIN_SIZE
for 30, 85 and 500 seats (the last on A3)."""

from __future__ import annotations

from datetime import UTC, datetime

import pymupdf
import pytest

from app.documents_seat_map import MIN_SIZE, name_lines, paper_of, seat_map_pdf
from app.errors import DomainError
from app.model import SYSTEM
from app.seat_plan import Hall, assign_all, parse_blocks, plan_hall
from tests.domain_log import TECH_ACTOR, MemoryRoom

CREATED = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)
FAMILY = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô")
MIDDLE = ("Văn", "Thị", "Đức", "Ngọc", "Quốc", "Minh", "Thanh", "Hữu", "Xuân", "Thị Thanh")
GIVEN = ("An", "Bình", "Cường", "Dũng", "Đạt", "Hạnh", "Khuyến", "Nguyệt", "Phượng", "Trường", "Thường", "Hưởng",
         "Nghĩa", "Yến", "Quý", "Tùng")


def hall_room(blocks: str, presidium: int, delegates: int | None = None) -> MemoryRoom:
    """The demo meeting over a planned hall, with `delegates` more invented delegates (in groups
    of 20) when the hall is bigger than the demo's 85, every one seated."""
    room = MemoryRoom()
    for index in range(delegates or 0):
        group = 20 + index // 20
        name = f"{FAMILY[index % 14]} {MIDDLE[index // 14 % 10]} {GIVEN[index * 7 % 16]}"
        room.cmd(SYSTEM, "delegate.add", {"delegate_id": f"x-{index:03d}", "name": name, "title": "Đại biểu",
                                          "group_id": f"to-{group}", "group_name": f"Tổ đại biểu số {group}",
                                          "gender": "male"})
    for name, args in plan_hall(room.meeting, Hall(parse_blocks(blocks), presidium), force=True).commands:
        room.cmd(TECH_ACTOR, name, args)
    for name, args in assign_all(room.meeting, presidium=True).commands:
        room.cmd(TECH_ACTOR, name, args)
    return room


def spans(page: pymupdf.Page) -> list[dict[str, object]]:
    return [span for block in page.get_text("dict")["blocks"] for line in block.get("lines", [])
            for span in line["spans"]]


def test_85_delegates_on_a4_with_names_blocks_and_legend() -> None:
    room = hall_room("A:4x8,B:4x8,C:4x8", 7)
    state = room.meeting
    pdf = seat_map_pdf(state, created=CREATED)
    assert pdf == seat_map_pdf(state, created=CREATED)  # reproducible bytes
    doc = pymupdf.open(stream=pdf)
    assert doc.page_count == 1 and paper_of(state) == "A4"
    page = doc[0]
    assert (round(page.rect.width), round(page.rect.height)) == (842, 595)
    text = page.get_text()
    for words in ("SƠ ĐỒ CHỖ NGỒI — Kỳ họp thứ nhất", "Ngày 10/12/2026", "ĐOÀN CHỦ TỌA", "KHỐI A", "KHỐI C",
                  "Tổ 1 (Hoa Lư): 8", "Ghế trống", "Tổng số ghế: 103 · Đã xếp đại biểu: 85 · Ghế trống: 18"):
        assert words in text, words
    for seat in state.seats.values():
        words = page.search_for(seat.label)
        assert words, seat.label
    chair = state.delegates[state.seats["CT-1"].delegate_id or ""]
    cell = pymupdf.Rect(*_box(page, "CT-1"))
    assert chair.name.split()[-1] in page.get_text(clip=cell)  # «Khiêm», diacritics and all
    assert min(s["size"] for s in spans(page)) >= MIN_SIZE  # type: ignore[type-var]
    assert doc.metadata["title"].startswith("Sơ đồ chỗ ngồi — ")


def _box(page: pymupdf.Page, label: str) -> tuple[float, float, float, float]:
    """The seat's box: the label's words, widened to the rectangle drawn around them."""
    found = page.search_for(label)[0]
    for drawing in page.get_drawings():
        rect = drawing["rect"]
        if rect.contains(found) and rect.width < 200:
            return tuple(rect)  # type: ignore[return-value]
    raise AssertionError(label)


def test_30_seats_fill_the_page_with_whole_names() -> None:
    room = MemoryRoom()
    for name, args in plan_hall(room.meeting, Hall(parse_blocks("A:3x4,B:3x4"), 6), force=True).commands:
        room.cmd(TECH_ACTOR, name, args)
    for index, seat in enumerate(sorted(s for s in room.meeting.seats if s[0] in "AB")):
        room.cmd(TECH_ACTOR, "seat.update", {"seat_id": seat, "delegate_id": f"db-{index + 10:03d}"})
    state = room.meeting
    page = pymupdf.open(stream=seat_map_pdf(state, created=CREATED))[0]
    text = page.get_text()
    assert "Tổng số ghế: 30 · Đã xếp đại biểu: 27" in text
    # Big boxes: the whole name, family name first, on one or two lines.
    name = state.delegates[state.seats["A-01"].delegate_id or ""].name
    assert " ".join(page.get_text(clip=pymupdf.Rect(*_box(page, "A-01"))).split()) == f"A-01 {name}"
    assert min(s["size"] for s in spans(page)) >= 8  # type: ignore[type-var]


def test_500_seats_fit_one_a3_page_legibly() -> None:
    room = hall_room("A:10x10,B:10x10,C:10x10,D:10x10,E:10x10", 9, delegates=380)
    state = room.meeting
    assert len(state.seats) == 509 and sum(1 for s in state.seats.values() if s.delegate_id) == 465
    pdf = seat_map_pdf(state, created=CREATED)
    doc = pymupdf.open(stream=pdf)
    page = doc[0]
    assert doc.page_count == 1 and paper_of(state) == "A3"
    assert (round(page.rect.width), round(page.rect.height)) == (1191, 842)
    sizes = [float(s["size"]) for s in spans(page)]  # type: ignore[arg-type]
    assert min(sizes) >= MIN_SIZE
    text = page.get_text()
    assert all(f"{block}-100" in text for block in "ABCDE")
    # Every seated delegate can be found by the given name in the seat's box.
    seated = sorted(s for s, seat in state.seats.items() if seat.delegate_id and seat.zone == "hall")
    for seat_id in (seated[0], seated[len(seated) // 2], seated[-1]):
        seat = state.seats[seat_id]
        given = state.delegates[seat.delegate_id or ""].name.split()[-1]
        assert given in page.get_text(clip=pymupdf.Rect(*_box(page, seat.label))), seat_id


def test_names_shorten_before_they_shrink() -> None:
    assert name_lines("Nguyễn Thị Thanh Hương", 8, 200, 1, 0.8) == (["Nguyễn Thị Thanh Hương"], 1.0)
    assert name_lines("Nguyễn Thị Thanh Hương", 8, 40, 3, 0.8) == (["Nguyễn", "Thị Thanh", "Hương"], 1.0)
    assert name_lines("Nguyễn Thị Thanh Hương", 8, 40, 2, 0.8) == (["Thị Thanh", "Hương"], 1.0)
    assert name_lines("Nguyễn Thị Thanh Hương", 8, 40, 1, 0.8) == (["Hương"], 1.0)
    lines, squeeze = name_lines("Lê Văn Khuyến", 8, 26, 1, 0.8)
    assert lines == ["Khuyến"] and 0.8 <= squeeze < 1


def test_no_seats_no_map() -> None:
    room = MemoryRoom()
    for seat_id in list(room.meeting.seats):
        room.cmd(TECH_ACTOR, "seat.remove", {"seat_id": seat_id})
    with pytest.raises(DomainError, match="Hội trường chưa có ghế nào"):
        seat_map_pdf(room.meeting)
