"""Composing PDFs: administrative documents in the style of Nghị định 30/2020, as data.

Serves the demo documents and, later, the signed result records. It writes its own content
streams because PyMuPDF's per-glyph text helpers are two orders of magnitude too slow for a
300-page document.
"""

from __future__ import annotations

import logging
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any, Final, Literal

import pymupdf

log = logging.getLogger(__name__)


# ---------------------------------------------------------------------------------------------
# Writing: administrative documents in the style of Nghị định 30/2020/NĐ-CP, as data.

Style = Literal["regular", "bold", "italic", "bolditalic"]
Align = Literal["left", "center", "right", "justify"]


@dataclass(frozen=True)
class Paragraph:
    """Text that wraps in its column. `indent` is the first line's, `left` the whole paragraph's;
    `rule` draws a centred line under the text, as a fraction of the text's width; "\\n" breaks."""

    text: str
    size: float = 13
    style: Style = "regular"
    align: Align = "justify"
    indent: float = 0
    left: float = 0
    space_before: float = 0
    space_after: float = 6
    leading: float = 1.3
    rule: float = 0


@dataclass(frozen=True)
class Spacer:
    """Vertical space, in points."""

    height: float


@dataclass(frozen=True)
class PageBreak:
    """Start a new page."""


@dataclass(frozen=True)
class Columns:
    """Two columns side by side that do not break across pages: the header (issuing body |
    quốc hiệu) and the signature block (Nơi nhận | signer). `split` is the left column's share."""

    left: tuple[Paragraph | Spacer, ...]
    right: tuple[Paragraph | Spacer, ...]
    split: float = 0.42
    space_after: float = 8


@dataclass(frozen=True)
class Table:
    """A bordered table; header rows are shaded, bold and repeated on every page it spans.
    `widths` are the columns' shares of the text width; `bold_rows` are indexes into `rows`."""

    rows: tuple[tuple[str, ...], ...]
    widths: tuple[float, ...]
    align: tuple[Align, ...] = ()
    header_rows: int = 1
    bold_rows: frozenset[int] = frozenset()
    size: float = 11
    space_after: float = 8


Block = Paragraph | Spacer | PageBreak | Columns | Table


@dataclass(frozen=True)
class PdfMetadata:
    """The document information dictionary; `created` is fixed by the caller for reproducible bytes."""

    title: str
    author: str
    subject: str
    created: datetime
    keywords: str = ""


# A4 with the margins of Nghị định 30/2020: left 30 mm, right 20 mm, top and bottom 20 mm.
PAGE_WIDTH: Final = 595.28
PAGE_HEIGHT: Final = 841.89
_MM: Final = 72 / 25.4
_LEFT: Final = 30 * _MM
_RIGHT: Final = PAGE_WIDTH - 20 * _MM
_TOP: Final = 20 * _MM
_BOTTOM: Final = PAGE_HEIGHT - 20 * _MM
_CELL_PAD: Final = 3.5

# Noto Sans from pymupdf-fonts covers every Vietnamese letter; Times New Roman is not free to ship.
_FONT_NAMES: Final[dict[Style, str]] = {
    "regular": "notos",
    "bold": "notosbo",
    "italic": "notosit",
    "bolditalic": "notosbi",
}


class _Face:
    """A font with cached glyph ids and advances (PyMuPDF's own measuring is slow per call)."""

    def __init__(self, name: str, resource: str):
        self.font: Any = pymupdf.Font(name)  # type: ignore[no-untyped-call]
        self.buffer: bytes = self.font.buffer
        self.resource = resource
        self._glyphs: dict[str, tuple[str, float]] = {}
        self._fallback = self._glyph("?")

    def _glyph(self, char: str) -> tuple[str, float]:
        found = self._glyphs.get(char)
        if found is None:
            gid = self.font.has_glyph(ord(char))
            found = (f"{gid:04x}", self.font.glyph_advance(ord(char))) if gid else self._fallback
            self._glyphs[char] = found
        return found

    def width(self, text: str, size: float) -> float:
        return sum(self._glyph(char)[1] for char in text) * size

    def hex(self, text: str) -> str:
        return "".join(self._glyph(char)[0] for char in text)


@cache
def _faces() -> dict[Style, _Face]:
    return {style: _Face(name, f"F{i}") for i, (style, name) in enumerate(_FONT_NAMES.items())}


@dataclass(frozen=True)
class _Line:
    words: tuple[str, ...]
    widths: tuple[float, ...]
    last: bool  # the last line of a paragraph (or before a "\n") is never justified

    @property
    def width(self) -> float:
        return sum(self.widths)


def _wrap(text: str, face: _Face, size: float, width: float, first_indent: float) -> list[_Line]:
    lines: list[_Line] = []
    space = face.width(" ", size)
    for segment in unicodedata.normalize("NFC", text).split("\n"):
        # Runs of spaces are kept (a draft's "Số:      /NQ-HĐND" leaves room for the number).
        words = segment.strip().split(" ")
        if not segment.strip():
            lines.append(_Line((), (), True))
            continue
        current: list[str] = []
        widths: list[float] = []
        used = 0.0
        for word in words:
            w = face.width(word, size)
            limit = width - (first_indent if not lines else 0)
            if current and used + space + w > limit:
                lines.append(_Line(tuple(current), tuple(widths), False))
                current, widths, used = [], [], 0.0
            used += (space if current else 0) + w
            current.append(word)
            widths.append(w)
        lines.append(_Line(tuple(current), tuple(widths), True))
    return lines


class _Composer:
    """Lays blocks out top to bottom, page by page, as raw PDF content-stream operators."""

    def __init__(self, page_numbers: bool):
        self.doc: Any = pymupdf.open()  # type: ignore[no-untyped-call]
        self.faces = _faces()
        self.page_numbers = page_numbers
        self.ops: list[str] = []
        self.page: Any = None
        self.resources = 0
        self.font_xrefs: dict[str, int] = {}
        self.used: set[str] = set()
        self.y = _TOP
        self.new_page()

    # -- pages

    def new_page(self) -> None:
        self.flush()
        self.page = self.doc.new_page(width=PAGE_WIDTH, height=PAGE_HEIGHT)
        if not self.resources:
            # One resource dictionary shared by all pages; `finish` drops the fonts never used.
            self.font_xrefs = {
                face.resource: self.page.insert_font(fontname=face.resource, fontbuffer=face.buffer)
                for face in self.faces.values()
            }
            self.resources = self.doc.get_new_xref()
            self.set_fonts(self.font_xrefs)
        self.doc.xref_set_key(self.page.xref, "Resources", f"{self.resources} 0 R")
        self.y = _TOP
        number = self.doc.page_count
        if self.page_numbers and number > 1:  # page numbers top centre, from the second page on
            label = str(number)
            face = self.faces["regular"]
            self.text(face, 12, (PAGE_WIDTH - face.width(label, 12)) / 2, _TOP / 2 + 6, [(0.0, label)])

    def flush(self) -> None:
        if self.page is None:
            return
        xref = self.doc.get_new_xref()
        self.doc.update_object(xref, "<<>>")
        self.doc.update_stream(xref, "\n".join(self.ops).encode("ascii"))
        self.doc.xref_set_key(self.page.xref, "Contents", f"{xref} 0 R")
        self.ops = []

    def set_fonts(self, xrefs: dict[str, int]) -> None:
        fonts = " ".join(f"/{name} {xref} 0 R" for name, xref in sorted(xrefs.items()))
        self.doc.update_object(self.resources, f"<</Font<<{fonts}>>>>")

    def room(self, height: float) -> None:
        if self.y + height > _BOTTOM and self.y > _TOP:
            self.new_page()

    # -- drawing

    def text(
        self, face: _Face, size: float, x: float, baseline: float, runs: list[tuple[float, str]]
    ) -> None:
        """Show `runs` of (offset from x, text) on one baseline."""
        self.used.add(face.resource)
        parts = [f"BT /{face.resource} {size:g} Tf {x:.2f} {PAGE_HEIGHT - baseline:.2f} Td"]
        previous = 0.0
        for offset, chunk in runs:
            parts.append(f"{offset - previous:.2f} 0 Td <{face.hex(chunk)}> Tj")
            previous = offset
        parts.append("ET")
        self.ops.append(" ".join(parts))

    def line(self, x0: float, y: float, x1: float, width: float = 0.6) -> None:
        flipped = PAGE_HEIGHT - y
        self.ops.append(f"{width:g} w {x0:.2f} {flipped:.2f} m {x1:.2f} {flipped:.2f} l S")

    def rect(self, x: float, y: float, w: float, h: float, fill: float | None = None) -> None:
        box = f"{x:.2f} {PAGE_HEIGHT - y - h:.2f} {w:.2f} {h:.2f} re"
        if fill is not None:
            self.ops.append(f"{fill:g} g {box} f 0 g")
        self.ops.append(f"0.6 w {box} S")

    # -- blocks

    def paragraph(self, p: Paragraph, x0: float, x1: float, breakable: bool = True) -> None:
        face = self.faces[p.style]
        x0 += p.left
        lines = _wrap(p.text, face, p.size, x1 - x0, p.indent)
        height = p.size * p.leading
        if self.y > _TOP:
            self.y += p.space_before
        widest = 0.0
        for index, line in enumerate(lines):
            if breakable:
                self.room(height)
            indent = p.indent if index == 0 else 0.0
            self.place(face, p, line, x0 + indent, x1, self.y + p.size)
            widest = max(widest, line.width + (len(line.words) - 1) * face.width(" ", p.size))
            self.y += height
        if p.rule:
            rule = widest * p.rule
            middle = (x0 + x1) / 2 if p.align == "center" else x0 + widest / 2
            self.line(middle - rule / 2, self.y - height + p.size * 1.3, middle + rule / 2)
            self.y += 2
        self.y += p.space_after

    def place(self, face: _Face, p: Paragraph, line: _Line, x0: float, x1: float, baseline: float) -> None:
        if not line.words:
            return
        space = face.width(" ", p.size)
        natural = line.width + space * (len(line.words) - 1)
        if p.align == "justify" and not line.last and len(line.words) > 1:
            gap = (x1 - x0 - line.width) / (len(line.words) - 1)
            runs, offset = [], 0.0
            for word, width in zip(line.words, line.widths, strict=True):
                runs.append((offset, word + " "))
                offset += width + gap
            runs[-1] = (runs[-1][0], line.words[-1])
            self.text(face, p.size, x0, baseline, runs)
            return
        start = {"center": (x1 - x0 - natural) / 2, "right": x1 - x0 - natural}.get(p.align, 0.0)
        self.text(face, p.size, x0 + start, baseline, [(0.0, " ".join(line.words))])

    def columns(self, c: Columns) -> None:
        middle = _LEFT + (_RIGHT - _LEFT) * c.split
        self.room(self.measure(c.left, _LEFT, middle) + 4)
        self.room(self.measure(c.right, middle, _RIGHT) + 4)
        top = self.y
        bottoms = []
        for blocks, x0, x1 in ((c.left, _LEFT - 20, middle), (c.right, middle, _RIGHT + 10)):
            self.y = top
            for block in blocks:
                if isinstance(block, Spacer):
                    self.y += block.height
                else:
                    self.paragraph(block, x0, x1, breakable=False)
            bottoms.append(self.y)
        self.y = max(bottoms) + c.space_after

    def measure(self, blocks: Iterable[Paragraph | Spacer], x0: float, x1: float) -> float:
        total = 0.0
        for block in blocks:
            if isinstance(block, Spacer):
                total += block.height
            else:
                face = self.faces[block.style]
                lines = _wrap(block.text, face, block.size, x1 - x0 - block.left, block.indent)
                total += block.space_before + len(lines) * block.size * block.leading + block.space_after
        return total

    def table(self, t: Table) -> None:
        total = _RIGHT - _LEFT
        scale = total / sum(t.widths)
        xs = [_LEFT]
        for share in t.widths:
            xs.append(xs[-1] + share * scale)
        headers = [self.table_row(t, i, xs) for i in range(min(t.header_rows, len(t.rows)))]
        for index in range(len(t.rows)):
            row = headers[index] if index < len(headers) else self.table_row(t, index, xs)
            if self.y + row[0] > _BOTTOM and self.y > _TOP:
                self.new_page()
                if index >= len(headers):
                    for header in headers:
                        self.draw_row(t, header, xs, shaded=True)
            self.draw_row(t, row, xs, shaded=index < t.header_rows)
        self.y += t.space_after

    def table_row(self, t: Table, index: int, xs: list[float]) -> tuple[float, Style, list[list[_Line]]]:
        style: Style = "bold" if index < t.header_rows or index in t.bold_rows else "regular"
        face = self.faces[style]
        cells = [
            _wrap(cell, face, t.size, xs[i + 1] - xs[i] - 2 * _CELL_PAD, 0)
            for i, cell in enumerate(t.rows[index])
        ]
        height = max(len(lines) for lines in cells) * t.size * 1.25 + 2 * _CELL_PAD
        return height, style, cells

    def draw_row(
        self, t: Table, row: tuple[float, Style, list[list[_Line]]], xs: list[float], shaded: bool
    ) -> None:
        height, style, cells = row
        face = self.faces[style]
        for column, lines in enumerate(cells):
            x0, x1 = xs[column], xs[column + 1]
            self.rect(x0, self.y, x1 - x0, height, fill=0.9 if shaded else None)
            align: Align = "center" if shaded else (t.align[column] if column < len(t.align) else "left")
            p = Paragraph("", size=t.size, style=style, align=align)
            top = self.y + (height - len(lines) * t.size * 1.25) / 2
            for number, line in enumerate(lines):
                baseline = top + t.size * (number + 1) * 1.25 - t.size * 0.3
                self.place(face, p, line, x0 + _CELL_PAD, x1 - _CELL_PAD, baseline)
        self.y += height

    def finish(self, metadata: PdfMetadata) -> bytes:
        self.flush()
        self.set_fonts({name: xref for name, xref in self.font_xrefs.items() if name in self.used})
        return finish_document(self.doc, metadata)


def finish_document(doc: Any, metadata: PdfMetadata) -> bytes:
    """The metadata, fonts cut down to the glyphs used, and the bytes: the same input always
    gives the same bytes (no random file id, the creation time from `metadata`)."""
    stamp = metadata.created.strftime("D:%Y%m%d%H%M%S")
    offset = metadata.created.strftime("%z")
    if offset:
        stamp += f"{offset[:3]}'{offset[3:]}'"
    doc.set_metadata(
        {
            "title": metadata.title,
            "author": metadata.author,
            "subject": metadata.subject,
            "keywords": metadata.keywords,
            "creator": "PhòngHọp",
            "producer": "PhòngHọp",
            "creationDate": stamp,
            "modDate": stamp,
        }
    )
    doc.subset_fonts()
    data: bytes = doc.tobytes(garbage=3, deflate=True, no_new_id=True)
    doc.close()
    return data


def compose_pdf(blocks: Iterable[Block], metadata: PdfMetadata, *, page_numbers: bool = True) -> bytes:
    """An A4 PDF of `blocks`; the same blocks and metadata always give the same bytes."""
    composer = _Composer(page_numbers)
    for block in blocks:
        if isinstance(block, Paragraph):
            composer.paragraph(block, _LEFT, _RIGHT)
        elif isinstance(block, Spacer):
            composer.y += block.height
        elif isinstance(block, PageBreak):
            composer.new_page()
        elif isinstance(block, Columns):
            composer.columns(block)
        else:
            composer.table(block)
    return composer.finish(metadata)
