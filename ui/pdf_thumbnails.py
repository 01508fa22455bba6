"""The document reader's thumbnail strip: a list view over a model that has pixels only for the
rows in sight, so a 300-page document costs no more than a 3-page one."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QObject, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QImage, QPainter, QPixmap
from PySide6.QtWidgets import QListView, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from app.documents_render import PdfPages
from ui import theme
from ui.pdf_page import paint_watermark

if TYPE_CHECKING:
    from ui.pdf_render import PageRenderer

THUMB_WIDTH = 110
THUMB_SIZE = QSize(THUMB_WIDTH, int(THUMB_WIDTH * 1.42))
THUMB_ITEM = QSize(THUMB_WIDTH + 20, int(THUMB_WIDTH * 1.42) + 36)
THUMB_SPACING = 6
THUMB_STRIP = THUMB_WIDTH + 48  # the strip's width
THUMBS_AHEAD = 2  # thumbnails rendered below the last row in sight
THUMBS_KEEP = 40  # thumbnails kept around the rows in sight; the rest are dropped


class ThumbDelegate(QStyledItemDelegate):
    """Thumbnail above its page number, as an icon view draws it: the strip is a list view
    (an icon view lays out every row again whenever one thumbnail arrives)."""

    def initStyleOption(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> None:
        super().initStyleOption(option, index)
        option.decorationPosition = QStyleOptionViewItem.Position.Top  # type: ignore[attr-defined]
        option.decorationAlignment = Qt.AlignmentFlag.AlignHCenter  # type: ignore[attr-defined]
        option.displayAlignment = Qt.AlignmentFlag.AlignHCenter  # type: ignore[attr-defined]

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        return THUMB_ITEM


class ThumbModel(QAbstractListModel):
    """One row per page: its number, and its thumbnail once rendered (only rows near the view
    have one). Every row has the same size, so the view lays out 300 rows at no cost."""

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.count = 0
        self.pixmaps: dict[int, QPixmap] = {}

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self.count

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = index.row()
        if not 0 <= row < self.count:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return str(row + 1)
        if role == Qt.ItemDataRole.DecorationRole:
            return self.pixmaps.get(row)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return Qt.AlignmentFlag.AlignHCenter
        if role == Qt.ItemDataRole.SizeHintRole:
            return THUMB_ITEM
        return None

    def reset(self, count: int) -> None:
        if count == self.count == 0:
            return  # a reset costs the view a relayout (~1 ms), on a tap's time
        self.beginResetModel()
        self.count = count
        self.pixmaps = {}
        self.endResetModel()

    def set_pixmap(self, row: int, pixmap: QPixmap) -> None:
        self.pixmaps[row] = pixmap
        index = self.index(row)
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.DecorationRole])

    def drop_outside(self, first: int, last: int) -> None:
        for row in [r for r in self.pixmaps if not first <= r <= last]:
            del self.pixmaps[row]  # out of sight: no repaint needed



class ThumbStrip:
    """The strip's view and model, and which thumbnails the worker was asked for.

    Attributes: view (QListView), model (ThumbModel), requested (rows asked for, not yet come).
    The reader sets the view's accessible name (its words are the reader's to translate).
    """

    def __init__(self, parent: QWidget):
        # A view over a model, every row the same size: 300 pages cost no more than 3.
        self.model = ThumbModel(parent)
        self.requested: set[int] = set()
        view = self.view = QListView(parent)
        view.setModel(self.model)
        view.setItemDelegate(ThumbDelegate(view))
        view.setUniformItemSizes(True)
        view.setVerticalScrollMode(QListView.ScrollMode.ScrollPerPixel)
        view.setIconSize(THUMB_SIZE)
        view.setSpacing(THUMB_SPACING)
        view.setFixedWidth(THUMB_STRIP)
        view.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        view.setStyleSheet(f"QListView {{ background: {theme.PANEL}; font-size: 12pt; }}")

    def rows_in_sight(self) -> tuple[int, int]:
        """The rows in sight, from where the first two rows are (all rows have one size);
        before the strip is laid out, from its scroll bar."""
        count = self.model.count
        first_rect = self.view.visualRect(self.model.index(0))
        second_rect = self.view.visualRect(self.model.index(1)) if count > 1 else QRect()
        if first_rect.isValid() and second_rect.isValid() and second_rect.top() > first_rect.top():
            pitch, top = second_rect.top() - first_rect.top(), -first_rect.top()
        else:
            pitch, top = THUMB_ITEM.height() + THUMB_SPACING, self.view.verticalScrollBar().value()
        height = max(self.view.viewport().height(), pitch)
        last = min(count - 1, max(0, top + height) // pitch)
        return (min(max(0, top) // pitch, last), last)

    def request(self, renderer: PageRenderer, generation: int, pages: PdfPages) -> None:
        """Asks for the thumbnails in sight and a few below; those far from sight are dropped."""
        first, last = self.rows_in_sight()
        wanted = range(first, min(self.model.count, last + 1 + THUMBS_AHEAD))
        renderer.thumbs_wanted = frozenset(wanted)
        self.requested.intersection_update(wanted)
        for index in wanted:
            if index not in self.requested and index not in self.model.pixmaps:
                self.requested.add(index)
                renderer.thumbnail(generation, pages, index)
        self.model.drop_outside(first - THUMBS_KEEP, last + THUMBS_KEEP)

    def add(self, index: int, image: QImage, watermark: str | None) -> None:
        self.requested.discard(index)
        pixmap = QPixmap.fromImage(image)
        if watermark:
            painter = QPainter(pixmap)
            paint_watermark(painter, pixmap.rect(), watermark)
            painter.end()
        self.model.set_pixmap(index, pixmap)
