"""The delegate's own annotations on a document: highlights, ink and notes, and their rules.

Pure: no clock, no I/O. Coordinates are PDF points on the page as it is shown (rotation
applied), origin at the top left, so they survive any zoom and are what PyMuPDF writes back.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from itertools import pairwise
from typing import Annotated, Final, Literal

import msgspec

from app.errors import DomainError
from app.fields import Id

Kind = Literal["highlight", "ink", "note"]
KINDS: Final[tuple[Kind, ...]] = ("highlight", "ink", "note")

# A fixed palette keeps exports readable and the colour pickers small enough for a finger.
HIGHLIGHT_COLORS: Final = ("#ffd43b", "#8ce99a", "#74c0fc", "#faa2c1")  # yellow, green, blue, pink
PEN_COLORS: Final = ("#1c1c1c", "#c92a2a", "#1864ab", "#2b8a3e")  # black, red, blue, green
NOTE_COLOR: Final = "#f59f00"
PALETTE: Final = frozenset((*HIGHLIGHT_COLORS, *PEN_COLORS, NOTE_COLOR))

MAX_NOTE: Final = 4000
MAX_PAGE_POINTS: Final = 14_400.0  # the largest page PDF allows
DEFAULT_PEN_WIDTH: Final = 2.0
CODE: Final = "bad_annotation"

Coord = Annotated[float, msgspec.Meta(ge=-MAX_PAGE_POINTS, le=MAX_PAGE_POINTS)]
Rect = tuple[Coord, Coord, Coord, Coord]
Point = tuple[Coord, Coord]
Stroke = Annotated[tuple[Point, ...], msgspec.Meta(min_length=1, max_length=5000)]
Stamp = Annotated[str, msgspec.Meta(min_length=10, max_length=40)]


class Annotation(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """One highlight, ink drawing or sticky note of the delegate's, on one page of one version.

    rects: the highlighted text lines (x0, y0, x1, y1), or the note icon's one rect;
    strokes: the ink's strokes as points, drawn `width` points wide; text: the note, or the
    words under a highlight (what the side panel shows); created_at/updated_at: ISO 8601 with
    a zone, given by the caller.
    """

    annotation_id: Id
    document_id: Id
    document_version: Annotated[int, msgspec.Meta(ge=1, le=10_000)]
    page: Annotated[int, msgspec.Meta(ge=0, le=4999)]
    kind: Kind
    color: Annotated[str, msgspec.Meta(pattern=r"^#[0-9a-f]{6}$")]
    created_at: Stamp
    updated_at: Stamp
    rects: Annotated[tuple[Rect, ...], msgspec.Meta(max_length=2000)] = ()
    strokes: Annotated[tuple[Stroke, ...], msgspec.Meta(max_length=500)] = ()
    width: Annotated[float, msgspec.Meta(ge=0.5, le=24.0)] = DEFAULT_PEN_WIDTH
    text: Annotated[str, msgspec.Meta(max_length=MAX_NOTE)] = ""


def _bad(why: str, field: str, reason: str | None = None) -> DomainError:
    detail = {"field": field} if reason is None else {"field": field, "reason": reason}
    return DomainError(CODE, f"Dữ liệu ghi chú không hợp lệ: {why}", detail)


def parse_stamp(stamp: str) -> datetime:
    """An ISO 8601 time with its zone; a stamp without one could not be compared with others."""
    try:
        when = datetime.fromisoformat(stamp)
    except ValueError:
        raise _bad("thời điểm không đúng dạng ISO 8601.", "updated_at") from None
    if when.tzinfo is None:
        raise _bad("thời điểm thiếu múi giờ.", "updated_at")
    return when


def validated(annotation: Annotation) -> Annotation:
    """The annotation if it keeps every rule, else DomainError("bad_annotation").

    A Struct built in Python skips msgspec's checks, so it goes through them here once more
    (that also catches NaN and infinities, which fail every bound).
    """
    try:
        checked = msgspec.convert(msgspec.to_builtins(annotation), Annotation)
    except (msgspec.ValidationError, TypeError) as exc:
        raise _bad("sai kiểu hoặc vượt giới hạn cho phép.", "schema", str(exc)) from None
    if checked.color not in PALETTE:
        raise _bad("màu không có trong bảng màu.", "color")
    if parse_stamp(checked.updated_at) < parse_stamp(checked.created_at):
        raise _bad("thời điểm sửa sớm hơn thời điểm tạo.", "updated_at")
    for x0, y0, x1, y1 in checked.rects:
        if x0 > x1 or y0 > y1:
            raise _bad("khung chữ nhật bị ngược.", "rects")
    if checked.kind == "highlight" and (not checked.rects or checked.strokes):
        raise _bad("đoạn tô sáng cần ít nhất một khung và không có nét bút.", "rects")
    if checked.kind == "ink" and (not checked.strokes or checked.rects or checked.text):
        raise _bad("nét bút cần ít nhất một nét và không có khung hay chữ.", "strokes")
    if checked.kind == "note" and (len(checked.rects) != 1 or checked.strokes or not checked.text.strip()):
        raise _bad("ghi chú cần một vị trí và có nội dung.", "text")
    return checked


def bounds(annotation: Annotation) -> tuple[float, float, float, float]:
    """The smallest rectangle holding the whole annotation (ink widened by its pen)."""
    if annotation.kind == "ink":
        xs = [x for stroke in annotation.strokes for x, _ in stroke]
        ys = [y for stroke in annotation.strokes for _, y in stroke]
        pad = annotation.width / 2
        return (min(xs) - pad, min(ys) - pad, max(xs) + pad, max(ys) + pad)
    return (
        min(r[0] for r in annotation.rects),
        min(r[1] for r in annotation.rects),
        max(r[2] for r in annotation.rects),
        max(r[3] for r in annotation.rects),
    )


# -- a new version of the document --------------------------------------------------------------


def carry_over(
    annotations: Iterable[Annotation], new_version: int, new_page_count: int
) -> tuple[list[Annotation], list[Annotation]]:
    """(kept, dropped): annotations of older versions moved to `new_version` when their page
    still exists. Page numbers are kept as they are: the new version's text may have moved, but
    guessing where would put the delegate's words on text they never read."""
    kept: list[Annotation] = []
    dropped: list[Annotation] = []
    for annotation in annotations:
        if annotation.document_version >= new_version:
            continue  # already on this version (or on a newer one): nothing to carry
        if annotation.page < new_page_count:
            kept.append(msgspec.structs.replace(annotation, document_version=new_version))
        else:
            dropped.append(annotation)
    return kept, dropped


# -- the eraser ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Erased:
    """What one touch of the eraser did: annotations to store again with fewer strokes, and the
    ids of those that went altogether."""

    changed: tuple[Annotation, ...] = ()
    removed: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.changed or self.removed)


def _segment_distance(px: float, py: float, a: Point, b: Point) -> float:
    ax, ay = a
    bx, by = b
    dx, dy = bx - ax, by - ay
    length2 = dx * dx + dy * dy
    t = 0.0 if length2 == 0 else max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / length2))
    return math.hypot(px - (ax + t * dx), py - (ay + t * dy))


def _stroke_touched(stroke: Sequence[Point], x: float, y: float, reach: float) -> bool:
    if len(stroke) == 1:
        return math.hypot(x - stroke[0][0], y - stroke[0][1]) <= reach
    return any(_segment_distance(x, y, a, b) <= reach for a, b in pairwise(stroke))


def _rect_touched(rect: Rect, x: float, y: float, radius: float) -> bool:
    x0, y0, x1, y1 = rect
    return x0 - radius <= x <= x1 + radius and y0 - radius <= y <= y1 + radius


def erase_at(
    annotations: Iterable[Annotation], page: int, x: float, y: float, radius: float, now: str
) -> Erased:
    """The eraser touched (x, y) on `page`: ink strokes within `radius` points go (an ink
    drawing left with no stroke goes whole), and so do highlights under the eraser. Notes stay:
    they hold writing, and are deleted only on purpose, from the note itself or the list."""
    changed: list[Annotation] = []
    removed: list[str] = []
    for annotation in annotations:
        if annotation.page != page:
            continue
        if annotation.kind == "highlight":
            if any(_rect_touched(r, x, y, radius) for r in annotation.rects):
                removed.append(annotation.annotation_id)
        elif annotation.kind == "ink":
            reach = radius + annotation.width / 2
            left = tuple(s for s in annotation.strokes if not _stroke_touched(s, x, y, reach))
            if not left:
                removed.append(annotation.annotation_id)
            elif len(left) < len(annotation.strokes):
                changed.append(msgspec.structs.replace(annotation, strokes=left, updated_at=now))
    return Erased(tuple(changed), tuple(removed))
