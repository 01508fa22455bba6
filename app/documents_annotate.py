"""The delegate's annotations written into a PDF copy, and the text lines a highlight snaps to."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Final

from app.annotations import Annotation, Rect
from app.documents_render import UNREADABLE, PdfPages, Word, mupdf
from app.errors import DomainError

EXPORTABLE: Final = "public"
EXPORT_FORBIDDEN: Final = (
    "Tài liệu «Lưu hành nội bộ» không được xuất ra tệp hay in: "
    "chỉ đọc trên máy tại ghế, có ghi tên và số ghế của đại biểu."
)
# A drag smaller than this is a slip of the finger, not a highlight.
MIN_DRAG: Final = 4.0


@dataclass(frozen=True, slots=True)
class Snapped:
    """A highlight fitted to the text under a dragged rectangle: one rect per line, and the words."""

    rects: tuple[Rect, ...]
    text: str


def snap_to_lines(words: Sequence[Word], rect: Rect) -> Snapped:
    """The text lines under `rect`: each line's words that the rectangle touches, as one box.

    A page with no text there (a scan) keeps the rectangle itself, so highlighting still works.
    """
    x0, y0, x1, y1 = min(rect[0], rect[2]), min(rect[1], rect[3]), max(rect[0], rect[2]), max(rect[1], rect[3])
    lines: dict[tuple[int, int], list[Word]] = {}
    for word in words:
        # A line only grazed by a finger-wide drag is not meant: it must be covered by at least
        # a third of its height (or the whole drag must lie within it).
        overlap = min(word.y1, y1) - max(word.y0, y0)
        if word.x1 >= x0 and word.x0 <= x1 and overlap >= 0 and overlap >= min((word.y1 - word.y0) / 3, y1 - y0):
            lines.setdefault((word.block, word.line), []).append(word)
    if not lines:
        if x1 - x0 < MIN_DRAG or y1 - y0 < MIN_DRAG:
            return Snapped((), "")
        return Snapped(((x0, y0, x1, y1),), "")
    boxes: list[Rect] = []
    texts: list[str] = []
    for key in sorted(lines, key=lambda k: (min(w.y0 for w in lines[k]), k)):
        line = lines[key]
        boxes.append((min(w.x0 for w in line), min(w.y0 for w in line), max(w.x1 for w in line), max(w.y1 for w in line)))
        texts.append(" ".join(w.text for w in line))
    return Snapped(tuple(boxes), "\n".join(texts))


def text_rects(pages: PdfPages, page: int, rect: Rect) -> list[Rect]:
    """The line boxes a highlight dragged over `rect` on `page` covers."""
    return list(snap_to_lines(pages.words(page), rect).rects)


def export_annotated(
    pdf: bytes | memoryview, annotations: Iterable[Annotation], classification: str, *, author: str = ""
) -> bytes:
    """A copy of `pdf` with the annotations written in as real PDF annotations (highlight, ink,
    sticky note), for any PDF reader. Only public documents may leave the seat: anything else,
    internal or unknown, is refused with DomainError "export_forbidden"."""
    if classification != EXPORTABLE:
        raise DomainError("export_forbidden", EXPORT_FORBIDDEN, {"classification": classification})
    try:
        doc = mupdf().open(stream=bytes(pdf), filetype="pdf")
    except (RuntimeError, ValueError) as exc:
        raise DomainError("bad_request", UNREADABLE) from exc
    try:
        if doc.needs_pass:
            raise DomainError("bad_request", UNREADABLE)
        for annotation in annotations:
            if 0 <= annotation.page < doc.page_count:
                _write(doc[annotation.page], annotation, author)
        # garbage=3 drops what the old version held that nothing uses now; deflate keeps it small.
        data: bytes = doc.tobytes(garbage=3, deflate=True)
    finally:
        doc.close()
    return data


def _write(page: Any, annotation: Annotation, author: str) -> None:
    # Annotations are kept on the page as shown; PyMuPDF wants the unrotated page's coordinates.
    unrotate = page.derotation_matrix
    color = _rgb(annotation.color)
    _mupdf = mupdf()
    if annotation.kind == "highlight":
        quads = [(_mupdf.Rect(r) * unrotate).normalize().quad for r in annotation.rects]
        annot = page.add_highlight_annot(quads=quads)
    elif annotation.kind == "ink":
        strokes = [[tuple(_mupdf.Point(x, y) * unrotate) for x, y in stroke] for stroke in annotation.strokes]
        annot = page.add_ink_annot(strokes)
        annot.set_border(width=annotation.width)
    else:
        x0, y0, _, _ = annotation.rects[0]
        annot = page.add_text_annot(_mupdf.Point(x0, y0) * unrotate, annotation.text, icon="Note")
    annot.set_colors(stroke=color)
    info: dict[str, str] = {"content": annotation.text} if annotation.text else {}
    if author:
        info["title"] = author
    if info:
        annot.set_info(**info)
    annot.update()


def _rgb(color: str) -> tuple[float, float, float]:
    return (int(color[1:3], 16) / 255, int(color[3:5], 16) / 255, int(color[5:7], 16) / 255)
