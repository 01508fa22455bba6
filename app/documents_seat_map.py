"""The printed seat map: the hall on one landscape page (A4, or A3 for a big hall), each seat a box
with its label and delegate, coloured by group (Tổ), the presidium at the top.

The seats are placed by their row and column, as the chair's seat map (ui/seat_map.py) places
them: zones stacked from the presidium down, aisles kept. Type is never set below MIN_SIZE:
a hall too big for A4 at that size goes on A3, and names shorten before they shrink.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from typing import Any, Final, Literal

import pymupdf

from app.clock import vn_date
from app.documents_compose import PdfMetadata, _Face, finish_document
from app.errors import DomainError
from app.model import MeetingState, Seat
from app.seat_plan import PRESIDIUM, block_of, group_colours, groups_in

A4_LANDSCAPE: Final = (841.89, 595.28)
A3_LANDSCAPE: Final = (1190.55, 841.89)
MIN_SIZE: Final = 5.0
"""The smallest type on the map, in points: about 1.8 mm high, read at arm's length."""
MAX_SIZE: Final = 10.0
MARGIN: Final = 24.0
NAME_SQUEEZE: Final = 0.82  # the narrowest a name may be set (horizontal scale) before it shortens
Face = Literal["regular", "bold"]
RGB = tuple[float, float, float]

EMPTY_FILL: Final = "#ffffff"
ZONE_TITLES: Final = {PRESIDIUM: "ĐOÀN CHỦ TỌA", "hall": "HỘI TRƯỜNG"}


@cache
def _faces() -> dict[Face, _Face]:
    return {"regular": _Face("notos", "F0"), "bold": _Face("notosbo", "F1")}


def width(face: Face, size: float, text: str) -> float:
    return _faces()[face].width(unicodedata.normalize("NFC", text), size)


def _rgb(color: str) -> RGB:
    return int(color[1:3], 16) / 255, int(color[3:5], 16) / 255, int(color[5:7], 16) / 255


def short_group(group_name: str) -> str:
    """ "Tổ đại biểu số 3 (Phủ Lý)" as "Tổ 3 (Phủ Lý)"."""
    return re.sub(r"^Tổ đại biểu số\s*", "Tổ ", group_name)


class _Sheet:
    """One page drawn with PDF operators; y grows downwards from the top, as on paper."""

    def __init__(self, page: tuple[float, float]):
        self.width, self.height = page
        self.ops: list[str] = []

    def text(self, face: Face, size: float, x: float, baseline: float, text: str, gray: float = 0,
             squeeze: float = 1.0) -> None:
        glyphs = _faces()[face].hex(unicodedata.normalize("NFC", text))
        self.ops.append(f"{gray:g} g BT /{_faces()[face].resource} {size:.2f} Tf {squeeze * 100:.1f} Tz "
                        f"{x:.2f} {self.height - baseline:.2f} Td <{glyphs}> Tj ET 100 Tz 0 g")

    def centred(self, face: Face, size: float, x: float, w: float, baseline: float, text: str, gray: float = 0,
                squeeze: float = 1.0) -> None:
        self.text(face, size, x + (w - width(face, size, text) * squeeze) / 2, baseline, text, gray, squeeze)

    def rect(self, x: float, y: float, w: float, h: float, fill: str | None, stroke: RGB | None,
             line: float = 0.5, dash: float = 0) -> None:
        paint = "B" if fill and stroke else "f" if fill else "S"
        colours = ""
        if fill:
            colours += "{:.3f} {:.3f} {:.3f} rg ".format(*_rgb(fill))
        if stroke:
            colours += "{:.3f} {:.3f} {:.3f} RG ".format(*stroke)
        pattern = f"[{dash:g} {dash:g}] 0 d" if dash else "[] 0 d"
        self.ops.append(f"{colours}{line:g} w {pattern} {x:.2f} {self.height - y - h:.2f} {w:.2f} {h:.2f} re {paint} "
                        "[] 0 d 0 g 0 G")

    def line(self, x0: float, y: float, x1: float, gray: float = 0.5, line: float = 0.6) -> None:
        self.ops.append(f"{gray:g} G {line:g} w {x0:.2f} {self.height - y:.2f} m {x1:.2f} {self.height - y:.2f} l S 0 G")

    def finish(self, metadata: PdfMetadata) -> bytes:
        doc: Any = pymupdf.open()  # type: ignore[no-untyped-call]
        page = doc.new_page(width=self.width, height=self.height)
        for face in _faces().values():
            page.insert_font(fontname=face.resource, fontbuffer=face.buffer)
        xref = doc.get_new_xref()
        doc.update_object(xref, "<<>>")
        doc.update_stream(xref, "\n".join(self.ops).encode("ascii"))
        doc.xref_set_key(page.xref, "Contents", f"{xref} 0 R")
        return finish_document(doc, metadata)


@dataclass(frozen=True, slots=True)
class Sizes:
    """The map's type: seat label and name sizes (points), how narrow a name may be set."""

    label: float
    name: float
    squeeze: float


@dataclass(frozen=True, slots=True)
class MapLayout:
    """Where everything goes on the page: the seats' boxes (x, y, w, h), the titles (text, x, y,
    w), and the type sizes."""

    page: tuple[float, float]
    boxes: dict[str, tuple[float, float, float, float]]
    titles: list[tuple[str, float, float, float]]
    sizes: Sizes
    title_size: float


def _zones(seats: Sequence[Seat]) -> list[str]:
    first: dict[str, int] = {}
    for seat in seats:
        first[seat.zone] = min(first.get(seat.zone, seat.row), seat.row)
    return sorted(first, key=lambda z: (z != PRESIDIUM, first[z], z))


def _pad(box_w: float) -> float:
    return max(1.0, min(4.0, box_w * 0.06))


def _choose_sizes(box_w: float, box_h: float, labels: Sequence[str], given: Sequence[str]) -> Sizes:
    """The largest type with which every label and every given name fits its box on one line."""
    inner = box_w - 2 * _pad(box_w)
    widest_label = max((width("bold", 1, t) for t in labels), default=1.0)
    widest_name = max((width("regular", 1, t) for t in given), default=1.0)
    size = MAX_SIZE
    while size > 2:
        label = min(size * 1.05, MAX_SIZE, inner / widest_label)
        squeeze = min(1.0, inner / (widest_name * size))
        tall = 2 * _pad(box_w) + label * 1.2 + size * 1.2
        if squeeze >= NAME_SQUEEZE and tall <= box_h and label >= min(size, MIN_SIZE):
            return Sizes(label, size, squeeze)
        size -= 0.25
    return Sizes(min(size, inner / widest_label), size, NAME_SQUEEZE)


def layout(state: MeetingState, page: tuple[float, float], top: float, bottom: float) -> MapLayout:
    """The seats' boxes between `top` and `bottom` of `page`, scaled to fill it."""
    seats = sorted(state.seats.values(), key=lambda s: (s.row, s.col, s.seat_id))
    zones = _zones(seats)
    by_zone: dict[str, list[Seat]] = defaultdict(list)
    for seat in seats:
        by_zone[seat.zone].append(seat)
    c0, c1 = min(s.col for s in seats), max(s.col for s in seats)
    extent = {z: (min(s.row for s in ss), max(s.row for s in ss)) for z, ss in by_zone.items()}
    rows = sum(r1 - r0 + 1 for r0, r1 in extent.values())
    body_w, body_h = page[0] - 2 * MARGIN, bottom - top
    title_size = 11.0 if page == A4_LANDSCAPE else 13.0
    title_h = title_size * 1.7
    pitch_x = min(body_w / (c1 - c0 + 1), 120.0)
    pitch_y = (body_h - len(zones) * title_h) / (rows + 0.6 * (len(zones) - 1))
    gap_x, gap_y = max(1.0, pitch_x * 0.06), max(1.5, pitch_y * 0.1)
    box_w, box_h = pitch_x - gap_x, pitch_y - gap_y
    names = [d.name for s in seats if (d := state.delegates.get(s.delegate_id or "")) is not None]
    sizes = _choose_sizes(box_w, box_h, [s.label for s in seats], [n.split()[-1] for n in names if n.split()])
    # No taller than a label and three lines of name need; the hall is then centred on the page.
    box_h = min(box_h, 2 * _pad(box_w) + sizes.label * 1.2 + 3 * sizes.name * 1.25)
    gap_y = min(gap_y, max(1.5, box_h * 0.12))
    pitch_y = box_h + gap_y
    used = len(zones) * title_h + (rows + 0.6 * (len(zones) - 1)) * pitch_y
    y = top + max(0.0, (body_h - used) / 2)
    x0 = MARGIN + (body_w - (c1 - c0 + 1) * pitch_x) / 2
    boxes: dict[str, tuple[float, float, float, float]] = {}
    titles: list[tuple[str, float, float, float]] = []
    for zone in zones:
        r0, r1 = extent[zone]
        cols = [s.col for s in by_zone[zone]]
        blocks: dict[str, list[int]] = defaultdict(list)
        for seat in by_zone[zone]:
            blocks[block_of(seat) or ""].append(seat.col)
        named = {b: cs for b, cs in blocks.items() if b}
        if zone == PRESIDIUM or not named:
            left, right = min(cols), max(cols)
            titles.append((ZONE_TITLES.get(zone, zone.upper()), x0 + (left - c0) * pitch_x, y,
                           (right - left + 1) * pitch_x - gap_x))
        for name, cs in named.items():
            titles.append((f"KHỐI {name}", x0 + (min(cs) - c0) * pitch_x, y, (max(cs) - min(cs) + 1) * pitch_x - gap_x))
        y += title_h
        for seat in by_zone[zone]:
            boxes[seat.seat_id] = (x0 + (seat.col - c0) * pitch_x, y + (seat.row - r0) * pitch_y, box_w, box_h)
        y += (r1 - r0 + 1) * pitch_y + 0.6 * pitch_y
    return MapLayout(page, boxes, titles, sizes, title_size)


def name_lines(name: str, size: float, inner: float, lines: int, squeeze: float) -> tuple[list[str], float]:
    """The name as it fits `lines` lines of `inner` points: whole, else without the family name,
    else the given name alone (Vietnamese call people by it); set narrower down to `squeeze`."""
    words = unicodedata.normalize("NFC", name).split()
    given = words[-1] if words else ""
    # As narrow as the given name needs, every line alike.
    fit = min(1.0, inner / max(width("regular", size, given), 0.01))
    if fit >= squeeze:
        for keep in range(len(words), 0, -1):
            wrapped = _wrap(words[-keep:], size, inner / fit)
            if len(wrapped) <= lines:
                return wrapped, fit
    while given and width("regular", size, given + "…") * squeeze > inner:
        given = given[:-1]
    return [given + "…"], squeeze


def _wrap(words: Sequence[str], size: float, inner: float) -> list[str]:
    lines: list[str] = []
    for word in words:
        if lines and width("regular", size, f"{lines[-1]} {word}") <= inner:
            lines[-1] = f"{lines[-1]} {word}"
        elif width("regular", size, word) <= inner:
            lines.append(word)
        else:
            return ["", "", "", ""]  # a word wider than the box: this choice does not fit
    return lines


def _legend(state: MeetingState) -> tuple[list[tuple[str, str]], dict[str, str]]:
    """(colour, words) per group in order, and each group id's colour."""
    order = groups_in(state)
    colours = group_colours(state)
    seated: dict[str, int] = defaultdict(int)
    for seat in state.seats.values():
        if (holder := state.delegates.get(seat.delegate_id or "")) is not None:
            seated[holder.group_id] += 1
    entries = [(colours[gid], f"{short_group(name)}: {seated[gid]}") for gid, name in order]
    return entries, colours


def _legend_lines(entries: Sequence[tuple[str, str]], size: float, room: float) -> list[list[tuple[str, str]]]:
    lines: list[list[tuple[str, str]]] = [[]]
    used = 0.0
    for entry in entries:
        w = size * 2.2 + width("regular", size, entry[1]) + size * 1.6
        if lines[-1] and used + w > room:
            lines.append([])
            used = 0.0
        lines[-1].append(entry)
        used += w
    return lines


def _fitted(state: MeetingState, entries: Sequence[tuple[str, str]]) -> tuple[
        tuple[float, float], float, list[list[tuple[str, str]]], float, MapLayout]:
    """A4 if the seats' type stays at MIN_SIZE or above there, else A3: the page, the legend's
    type and lines, where the hall ends, and the hall's layout."""
    for page in (A4_LANDSCAPE, A3_LANDSCAPE):
        legend_size = 8.0 if page == A4_LANDSCAPE else 10.0
        legend = _legend_lines([*entries, (EMPTY_FILL, "Ghế trống")], legend_size, page[0] - 2 * MARGIN)
        bottom = page[1] - MARGIN - (len(legend) + 1) * legend_size * 1.8
        placed = layout(state, page, MARGIN + 58, bottom)
        if placed.sizes.name >= MIN_SIZE:
            break
    return page, legend_size, legend, bottom, placed


def paper_of(state: MeetingState) -> str:
    """ "A4" or "A3": the paper seat_map_pdf chooses for this hall."""
    if not state.seats:
        return "A4"
    return "A4" if _fitted(state, _legend(state)[0])[0] == A4_LANDSCAPE else "A3"


def seat_map_pdf(state: MeetingState, *, created: datetime | None = None) -> bytes:
    """The hall's seat map as a one-page landscape PDF (A4, or A3 when A4 would need type below
    MIN_SIZE): meeting title and date at the top, every seat with its label and delegate, blocks
    and the presidium («Đoàn Chủ tọa») titled, group colours explained at the bottom."""
    if state.meeting is None or not state.seats:
        raise DomainError("not_found", "Hội trường chưa có ghế nào: hãy vẽ hội trường trước khi in sơ đồ.")
    meeting = state.meeting
    entries, colours = _legend(state)
    seated = sum(1 for s in state.seats.values() if s.delegate_id in state.delegates)
    without = len(state.delegates) - seated
    summary = f"Tổng số ghế: {len(state.seats)} · Đã xếp đại biểu: {seated} · Ghế trống: {len(state.seats) - seated}"
    if without:
        summary += f" · Đại biểu chưa có ghế: {without}"
    page, legend_size, legend, bottom, placed = _fitted(state, entries)
    sheet = _Sheet(page)
    _header(sheet, state, page)
    for text, x, y, w in placed.titles:
        sheet.centred("bold", placed.title_size, x, w, y + placed.title_size, text, gray=0.25)
    for seat in state.seats.values():
        _seat(sheet, state, seat, placed, colours)
    y = bottom + legend_size * 1.6
    for entries_line in legend:
        x = MARGIN
        for colour, words in entries_line:
            sheet.rect(x, y - legend_size * 0.85, legend_size * 1.8, legend_size * 1.05, colour, (0.45, 0.45, 0.45))
            sheet.text("regular", legend_size, x + legend_size * 2.2, y, words)
            x += legend_size * 2.2 + width("regular", legend_size, words) + legend_size * 1.6
        y += legend_size * 1.8
    sheet.text("bold", legend_size, MARGIN, y, summary, gray=0.2)
    metadata = PdfMetadata(title=f"Sơ đồ chỗ ngồi — {meeting.title}", author="PhòngHọp",
                           subject="Sơ đồ chỗ ngồi hội trường", created=created or datetime.now(UTC))
    return sheet.finish(metadata)


def _header(sheet: _Sheet, state: MeetingState, page: tuple[float, float]) -> None:
    assert state.meeting is not None
    meeting = state.meeting
    right = page[0] - MARGIN
    room = right - MARGIN
    sheet.text("regular", 9, MARGIN, MARGIN + 9, meeting.council.upper(), gray=0.3)
    when = " · ".join(p for p in (f"Ngày {vn_date(meeting.date)}", meeting.venue) if p)
    sheet.text("regular", 9, right - width("regular", 9, when), MARGIN + 9, when, gray=0.3)
    title = f"SƠ ĐỒ CHỖ NGỒI — {meeting.title}"
    size = 14.0
    while size > 9 and width("bold", size, title) > room:
        size -= 0.5
    sheet.text("bold", size, MARGIN, MARGIN + 30, title)
    sheet.text("regular", 9, MARGIN, MARGIN + 45, "Sơ đồ nhìn từ cuối hội trường về phía Đoàn Chủ tọa.", gray=0.35)
    sheet.line(MARGIN, MARGIN + 52, right)


def _seat(sheet: _Sheet, state: MeetingState, seat: Seat, placed: MapLayout, colours: dict[str, str]) -> None:
    x, y, w, h = placed.boxes[seat.seat_id]
    delegate = state.delegates.get(seat.delegate_id or "")
    sizes = placed.sizes
    pad = _pad(w)
    if delegate is None:
        sheet.rect(x, y, w, h, EMPTY_FILL, (0.55, 0.55, 0.55), line=0.5, dash=1.5)
    else:
        sheet.rect(x, y, w, h, colours.get(delegate.group_id, EMPTY_FILL), (0.3, 0.3, 0.3), line=0.6)
    inner = w - 2 * pad
    baseline = y + pad + sizes.label * 0.95
    sheet.centred("bold", sizes.label, x, w, baseline, seat.label, gray=0.0 if delegate else 0.35)
    if delegate is None:
        return
    room = int((h - 2 * pad - sizes.label * 1.2) // (sizes.name * 1.2))
    lines, squeeze = name_lines(delegate.name, sizes.name, inner, max(1, min(3, room)), sizes.squeeze)
    for line in lines:
        baseline += sizes.name * 1.2
        sheet.centred("regular", sizes.name, x, w, baseline, line, squeeze=squeeze)
