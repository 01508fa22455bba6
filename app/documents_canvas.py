"""Drawing at fixed places on A4 pages (seat cards): text in embedded fonts, rules, QR modules.

The composer (documents_compose) lays text out top to bottom; cards need absolute positions,
so this canvas writes its own content streams the same way, with the composer's glyph cache.
Coordinates are points from the page's top-left corner, y downwards, as on paper.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from functools import cache
from typing import Any, Final, Literal

import pymupdf

# The composer's font face (glyph ids and advances cached): one way of measuring for every PDF.
from app.documents_compose import PAGE_HEIGHT, PAGE_WIDTH, PdfMetadata, _Face, finish_document

FaceName = Literal["regular", "bold", "mono"]

# Noto Sans covers every Vietnamese letter; Ubuntu Mono (pymupdf-fonts) sets links apart clearly
# (a dotted zero, a distinct l and 1) for a person who has to type one from the card.
_FONTS: Final[dict[FaceName, str]] = {"regular": "notos", "bold": "notosbo", "mono": "ubuntm"}


@cache
def _faces() -> dict[FaceName, _Face]:
    return {name: _Face(font, f"F{i}") for i, (name, font) in enumerate(_FONTS.items())}


def text_width(face: FaceName, size: float, text: str) -> float:
    return _faces()[face].width(unicodedata.normalize("NFC", text), size)


def wrap_words(text: str, face: FaceName, size: float, width: float) -> list[str]:
    """Lines of whole words that fit `width`; a word longer than the line stands alone."""
    lines: list[str] = []
    current = ""
    for word in unicodedata.normalize("NFC", text).split():
        candidate = f"{current} {word}" if current else word
        if current and text_width(face, size, candidate) > width:
            lines.append(current)
            candidate = word
        current = candidate
    if current:
        lines.append(current)
    return lines


class Canvas:
    """A4 pages drawn with PDF operators; fonts embedded once, subset when finished.

    Attributes: page_count.
    """

    def __init__(self) -> None:
        self._doc: Any = pymupdf.open()  # type: ignore[no-untyped-call]
        self._faces = _faces()
        self._ops: list[str] = []
        self._page: Any = None
        self._resources = 0
        self._font_xrefs: dict[str, int] = {}
        self._used: set[str] = set()

    @property
    def page_count(self) -> int:
        count: int = self._doc.page_count
        return count

    def new_page(self) -> None:
        self._flush()
        self._page = self._doc.new_page(width=PAGE_WIDTH, height=PAGE_HEIGHT)
        if not self._resources:
            # One resource dictionary shared by every page; `finish` keeps the fonts used.
            self._font_xrefs = {
                face.resource: self._page.insert_font(fontname=face.resource, fontbuffer=face.buffer)
                for face in self._faces.values()
            }
            self._resources = self._doc.get_new_xref()
            self._set_fonts(self._font_xrefs)
        self._doc.xref_set_key(self._page.xref, "Resources", f"{self._resources} 0 R")

    def text(self, face_name: FaceName, size: float, x: float, baseline: float, text: str, gray: float = 0) -> None:
        face = self._faces[face_name]
        self._used.add(face.resource)
        glyphs = face.hex(unicodedata.normalize("NFC", text))
        self._ops.append(
            f"{gray:g} g BT /{face.resource} {size:g} Tf {x:.2f} {PAGE_HEIGHT - baseline:.2f} Td <{glyphs}> Tj ET 0 g"
        )

    def line(
        self, x0: float, y0: float, x1: float, y1: float, width: float = 0.5, gray: float = 0, dash: float = 0
    ) -> None:
        pattern = f"[{dash:g} {dash:g}] 0 d" if dash else "[] 0 d"
        self._ops.append(
            f"{gray:g} G {width:g} w {pattern} {x0:.2f} {PAGE_HEIGHT - y0:.2f} m "
            f"{x1:.2f} {PAGE_HEIGHT - y1:.2f} l S [] 0 d 0 G"
        )

    def modules(self, x: float, y: float, module: float, matrix: Sequence[Sequence[int]]) -> None:
        """Dark modules (truthy cells) of a QR matrix as filled squares, top-left at (x, y).

        Each row's runs become one rectangle in module units under a scaling matrix, so a code
        costs a few hundred short operators and prints sharp at any size.
        """
        runs: list[str] = []
        for r, row in enumerate(matrix):
            c, n = 0, len(row)
            while c < n:
                if row[c]:
                    start = c
                    while c < n and row[c]:
                        c += 1
                    runs.append(f"{start} {r} {c - start} 1 re")
                else:
                    c += 1
        self._ops.append(f"q {module:.4f} 0 0 {-module:.4f} {x:.2f} {PAGE_HEIGHT - y:.2f} cm 0 g")
        self._ops.append(" ".join(runs))
        self._ops.append("f Q")

    def finish(self, metadata: PdfMetadata) -> bytes:
        self._flush()
        self._set_fonts({name: xref for name, xref in self._font_xrefs.items() if name in self._used})
        return finish_document(self._doc, metadata)

    def _flush(self) -> None:
        if self._page is None:
            return
        xref = self._doc.get_new_xref()
        self._doc.update_object(xref, "<<>>")
        self._doc.update_stream(xref, "\n".join(self._ops).encode("ascii"))
        self._doc.xref_set_key(self._page.xref, "Contents", f"{xref} 0 R")
        self._ops = []

    def _set_fonts(self, xrefs: dict[str, int]) -> None:
        fonts = " ".join(f"/{name} {xref} 0 R" for name, xref in sorted(xrefs.items()))
        self._doc.update_object(self._resources, f"<</Font<<{fonts}>>>>")
