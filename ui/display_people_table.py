"""The hall display's table of people (a confidence vote's officials, an election's candidates):
painted to fit its room, as large as every row allows, without a scrollbar."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from ui.display_look import AMBER, GOOD, HEADING, INK, MUTED, SMALLEST_PX
from ui.display_results import Mark, PersonRow
from ui.display_vote_chart import font, paint_bar

BAD_INK = "#ff9c9c"  # a dismissal in the table, light red on the dark field (8.7:1)
STRIPE = "#10233f"
MARK_INK: dict[Mark, str] = {"plain": MUTED, "good": GOOD, "warn": AMBER, "bad": BAD_INK}

Align = Literal["left", "right"]


@dataclass(frozen=True, slots=True)
class Column:
    """A column of the table: its heading and alignment; a bar column's marker (a fraction of
    the bar's length) or None; `optional_sub`: its cells' second parts (the positions under the
    names) give way when every row would otherwise be too small to read."""

    heading: str
    align: Align = "left"
    bar: bool = False
    marker: float | None = None
    optional_sub: bool = False


@dataclass(frozen=True, slots=True)
class Cell:
    """A cell: its text, a second part (the position under a name, the percent beside a
    count), colour and weight; `fraction` fills a bar column."""

    text: str = ""
    sub: str = ""
    color: str = INK
    bold: bool = False
    fraction: float = 0.0


@dataclass(frozen=True, slots=True)
class Fit:
    """How the table is drawn: text size in pixels, side-by-side blocks of rows, stacked
    (each cell's second part under the first, a long phrase on two lines) or on one line, and
    compact (the optional second parts left out)."""

    px: int
    blocks: int
    stacked: bool
    compact: bool = False


@dataclass(frozen=True, slots=True)
class Measures:
    """Widths at one text size, per column: first parts, second parts, the stacked form,
    the heading on one line and on two; and the line heights."""

    main: tuple[float, ...]
    sub: tuple[float, ...]
    stacked: tuple[float, ...]
    head1: tuple[float, ...]
    head2: tuple[float, ...]
    line: float
    sub_line: float


SUB_RATIO = 0.8  # the second part's size against the first
MAX_BLOCKS = 4
LEGIBLE_PX = 18  # on a 1080-line screen; below it positions give way to larger names and figures
HEADING_GAP = 0.35  # under the headings, in lines
ONE_LINE_ROW = 1.2  # a one-line row's height, in lines


def _halves(text: str) -> tuple[str, str]:
    """A heading split at the space that balances its two lines best ("" second without one)."""
    words = text.split(" ")
    if len(words) < 2:
        return text, ""
    best = min(range(1, len(words)), key=lambda i: max(len(" ".join(words[:i])), len(" ".join(words[i:]))))
    return " ".join(words[:best]), " ".join(words[best:])


def _clauses(text: str) -> tuple[str, str]:
    """A cell's phrase on two lines only at a comma ("Trình miễn nhiệm, / bãi nhiệm"): "Trúng
    cử" broken after its first word would read as two words."""
    first, comma, rest = text.partition(", ")
    return (first + ",", rest) if comma else (text, "")


class PeopleTable(QWidget):
    """A results table painted to fit its room without a scrollbar (nobody scrolls a
    projector): it picks the largest text at which every row fits, with rows in one to four
    side-by-side blocks, each cell on one line or on two; only when the rows would still be
    too small to read do the positions give way. A few rows stay large.

    Attributes: columns, rows (tuples of Cell), design_px (the largest size on a 1080-line
    screen), fit (how it was last laid out, see Fit).
    """

    def __init__(self, parent: QWidget | None = None, *, size: int = 40):
        super().__init__(parent)
        self.columns: tuple[Column, ...] = ()
        self.rows: tuple[tuple[Cell, ...], ...] = ()
        self.design_px = size
        self.fit = Fit(size, 1, False)
        self._scale = 1.0
        self._measured: dict[tuple[int, bool], Measures] = {}
        self._fitted_for: tuple[int, int, float] | None = None
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)

    def set_table(self, columns: Sequence[Column], rows: Sequence[Sequence[Cell]]) -> None:
        new_columns, new_rows = tuple(columns), tuple(tuple(r) for r in rows)
        if (new_columns, new_rows) != (self.columns, self.rows):
            self.columns, self.rows = new_columns, new_rows
            self._measured, self._fitted_for = {}, None
            self.update()

    def set_scale(self, scale: float) -> None:
        if scale != self._scale:
            self._scale = scale
            self._fitted_for = None
            self.update()

    def sizeHint(self) -> QSize:
        return QSize(800, 400)

    def minimumSizeHint(self) -> QSize:
        return QSize(200, 120)

    # -- measuring -----------------------------------------------------------------------------

    def _sub(self, column: Column, cell: Cell, compact: bool) -> str:
        return "" if compact and column.optional_sub else cell.sub

    def measure(self, px: int, compact: bool) -> Measures:
        """The widths and heights at `px` pixels (kept: a fit tries a few sizes, paints reuse them)."""
        key = (px, compact)
        found = self._measured.get(key)
        if found is not None:
            return found
        plain, bold = QFontMetricsF(font(px)), QFontMetricsF(font(px, bold=True))
        small = QFontMetricsF(font(px * SUB_RATIO))
        main, sub, stacked, head1, head2 = [], [], [], [], []
        for index, column in enumerate(self.columns):
            cells = [row[index] for row in self.rows if index < len(row)]

            def width(cell: Cell, text: str) -> float:
                return (bold if cell.bold else plain).horizontalAdvance(text)

            main.append(max((width(c, c.text) for c in cells), default=0.0))
            subs = [self._sub(column, c, compact) for c in cells]
            sub.append(max((small.horizontalAdvance(s) for s in subs), default=0.0))
            stacked.append(max((max(width(c, c.text), small.horizontalAdvance(s)) if s
                                else max(width(c, part) for part in _clauses(c.text))
                                for c, s in zip(cells, subs, strict=True)), default=0.0))
            head1.append(bold.horizontalAdvance(column.heading))
            head2.append(max(bold.horizontalAdvance(part) for part in _halves(column.heading)))
        found = Measures(tuple(main), tuple(sub), tuple(stacked), tuple(head1), tuple(head2),
                         plain.height(), small.height())
        self._measured[key] = found
        return found

    def layout_of(self, fit: Fit) -> tuple[list[float], int, float, float]:
        """(column widths, heading lines, heading band height, row height) for `fit`."""
        m = self.measure(fit.px, fit.compact)
        pad, widths, lines = fit.px * 0.9, [], 1
        for index, column in enumerate(self.columns):
            if column.bar:
                content = fit.px * (4.0 if fit.stacked else 6.0)
            elif fit.stacked:
                content = m.stacked[index]
            else:
                content = m.main[index] + (fit.px * 0.45 + m.sub[index] if m.sub[index] else 0.0)
            heading = m.head1[index]
            if heading > content and m.head2[index] < heading:
                lines, heading = 2, m.head2[index]
            widths.append(max(content, heading) + pad)
        row = m.line + m.sub_line + m.line * 0.2 if fit.stacked else m.line * ONE_LINE_ROW
        return widths, lines, lines * m.line + m.line * HEADING_GAP, row

    def gutter(self, px: int) -> float:
        return px * 1.6

    def size_of(self, fit: Fit) -> tuple[float, float]:
        """The width and height the whole table takes with `fit`."""
        widths, _, heading_h, row_h = self.layout_of(fit)
        per_block = math.ceil(len(self.rows) / fit.blocks)
        return (fit.blocks * sum(widths) + (fit.blocks - 1) * self.gutter(fit.px),
                heading_h + per_block * row_h)

    def _largest(self, blocks: int, stacked: bool, compact: bool, width: float, height: float) -> Fit:
        """The largest size for one arrangement: a guess in proportion from the full size,
        then down a pixel at a time until it fits (hinting is not proportional)."""
        full = max(SMALLEST_PX, round(self.design_px * self._scale))
        w, h = self.size_of(Fit(full, blocks, stacked, compact))
        px = max(SMALLEST_PX, min(full, math.floor(full * min(width / w, height / h))))
        while px > SMALLEST_PX:
            w, h = self.size_of(Fit(px, blocks, stacked, compact))
            if w <= width and h <= height:
                break
            px -= 1
        return Fit(px, blocks, stacked, compact)

    def choose(self, width: float, height: float) -> Fit:
        """The largest text over every arrangement; fewer blocks and one line when as large."""
        full = max(SMALLEST_PX, round(self.design_px * self._scale))
        if not self.rows or not self.columns or width <= 0 or height <= 0:
            return Fit(full, 1, False)
        best = Fit(SMALLEST_PX - 1, 1, False)
        legible = LEGIBLE_PX * self._scale
        has_optional = any(c.optional_sub for c in self.columns)
        for compact in (False, True):
            if compact and (best.px >= legible or not has_optional):
                break
            for stacked in (False, True):
                for blocks in range(1, MAX_BLOCKS + 1):
                    if blocks > 1 and math.ceil(len(self.rows) / (blocks - 1)) == math.ceil(len(self.rows) / blocks):
                        continue  # a block more that saves no row
                    fit = self._largest(blocks, stacked, compact, width, height)
                    if fit.px > best.px:
                        best = fit
        return best if best.px >= SMALLEST_PX else Fit(SMALLEST_PX, MAX_BLOCKS, True, has_optional)

    def ensure_fit(self) -> Fit:
        key = (self.width(), self.height(), self._scale)
        if self._fitted_for != key:
            self.fit = self.choose(self.width(), self.height())
            self._fitted_for = key
        return self.fit

    # -- painting ------------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        if not self.rows or not self.columns:
            return
        fit = self.ensure_fit()
        widths, heading_lines, heading_h, row_h = self.layout_of(fit)
        gutter = self.gutter(fit.px)
        block_w = sum(widths)
        # Room to spare on the right: a little more air in every column, not a stretched gap.
        spare = self.width() - fit.blocks * block_w - (fit.blocks - 1) * gutter
        if spare > 0:
            extra = min(spare / (fit.blocks * len(widths)), fit.px * 2.5)
            widths = [w + extra for w in widths]
            block_w = sum(widths)
        per_block = math.ceil(len(self.rows) / fit.blocks)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        for block in range(fit.blocks):
            x0 = block * (block_w + gutter)
            rows = self.rows[block * per_block:(block + 1) * per_block]
            if not rows:
                break
            self._paint_heading(painter, x0, widths, heading_h, heading_lines, fit)
            for n, row in enumerate(rows):
                top = heading_h + n * row_h
                if n % 2 == 1:
                    painter.fillRect(QRectF(x0, top, block_w, row_h), QColor(STRIPE))
                self._paint_row(painter, x0, top, widths, row_h, row, fit)
        painter.end()

    def _paint_heading(self, painter: QPainter, x0: float, widths: list[float], height: float, lines: int,
                       fit: Fit) -> None:
        pad = fit.px * 0.45
        painter.setFont(font(fit.px, bold=True))
        painter.setPen(QColor(HEADING))
        metrics = QFontMetricsF(painter.font())
        x = x0
        for column, width in zip(self.columns, widths, strict=True):
            words = column.heading
            if lines == 2 and metrics.horizontalAdvance(words) > width - 2 * pad:
                words = "\n".join(part for part in _halves(words) if part)
            flags = int(_flag(column.align) | Qt.AlignmentFlag.AlignBottom)
            painter.drawText(QRectF(x + pad, 0, width - 2 * pad, height - metrics.height() * HEADING_GAP / 2),
                             flags, words)
            x += width
        painter.setPen(QColor(MUTED))
        painter.drawLine(QPointF(x0, height - 1), QPointF(x0 + sum(widths), height - 1))

    def _paint_row(self, painter: QPainter, x0: float, top: float, widths: list[float], row_h: float,
                   row: tuple[Cell, ...], fit: Fit) -> None:
        pad = fit.px * 0.45
        small = font(fit.px * SUB_RATIO)
        m = self.measure(fit.px, fit.compact)
        x = x0
        for index, (column, width, cell) in enumerate(zip(self.columns, widths, row, strict=False)):
            inner = QRectF(x + pad, top, width - 2 * pad, row_h)
            x += width
            if column.bar:
                thickness = min(row_h * 0.5, fit.px * 0.9)
                track = QRectF(inner.left(), top + (row_h - thickness) / 2, inner.width(), thickness)
                paint_bar(painter, track, cell.fraction, GOOD, column.marker, max(2.0, fit.px / 12))
                continue
            flag = _flag(column.align)
            main_font = font(fit.px, bold=cell.bold)
            sub = self._sub(column, cell, fit.compact)
            if fit.stacked:
                first, second = (cell.text, sub) if sub else _clauses(cell.text)
                second_h = m.sub_line if sub else m.line
                y = top + (row_h - (m.line + second_h if second else m.line)) / 2
                painter.setFont(main_font)
                painter.setPen(QColor(cell.color))
                painter.drawText(QRectF(inner.left(), y, inner.width(), m.line), int(flag), first)
                if second:
                    painter.setFont(small if sub else main_font)
                    painter.setPen(QColor(MUTED if sub else cell.color))
                    painter.drawText(QRectF(inner.left(), y + m.line, inner.width(), second_h), int(flag), second)
                continue
            centred = int(flag | Qt.AlignmentFlag.AlignVCenter)
            painter.setFont(main_font)
            painter.setPen(QColor(cell.color))
            if not sub:
                painter.drawText(inner, centred, cell.text)
                continue
            # One line: the first parts in a sub-column of their own, the second parts in theirs;
            # a count and its percent stay together at the right, a name's position follows it.
            gap = fit.px * 0.45
            if column.align == "right":
                sub_rect = QRectF(inner.right() - m.sub[index], top, m.sub[index], row_h)
                main_rect = QRectF(inner.left(), top, sub_rect.left() - gap - inner.left(), row_h)
            else:
                main_rect = QRectF(inner.left(), top, m.main[index], row_h)
                sub_rect = QRectF(main_rect.right() + gap, top, inner.right() - main_rect.right() - gap, row_h)
            painter.drawText(main_rect, centred, cell.text)
            painter.setFont(small)
            painter.setPen(QColor(MUTED))
            painter.drawText(sub_rect, centred, sub)


def _flag(align: Align) -> Qt.AlignmentFlag:
    return Qt.AlignmentFlag.AlignRight if align == "right" else Qt.AlignmentFlag.AlignLeft


def cells_of(row: PersonRow, election: bool) -> list[Cell]:
    """A person's row: number, name over position, each count with its percent, (bar,) mark."""
    cells = [Cell(str(row.number), color=MUTED), Cell(row.name, row.position, bold=True)]
    cells += [Cell(str(c.count), c.percent, bold=True) for c in row.counts]
    if election:
        cells.append(Cell(fraction=row.fraction or 0.0))
    cells.append(Cell(row.mark, color=MARK_INK[row.level], bold=row.level != "plain"))
    return cells
