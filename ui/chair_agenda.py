"""The chair's agenda: items with planned minutes and documents, activate and complete, time used."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.agenda import time_used_s
from app.model import AgendaItem
from ui import theme
from ui.chair_model import ChairViewModel

ITEM_ID = Qt.ItemDataRole.UserRole


def next_item(items: list[AgendaItem], active: str | None) -> AgendaItem | None:
    """The item after the active one that is not done yet; with none active, the first not done."""
    ids = [i.item_id for i in items]
    start = ids.index(active) + 1 if active in ids else 0
    return next((i for i in items[start:] if i.status != "done"), None)


class AgendaPanel(QFrame):
    """The sitting's items in order, the active one marked, each with its planned minutes and
    its documents (count in the row, titles in the tooltip). Attributes: list, used_label, activate_button, complete_button,
    next_button. Signals: activate_requested(item_id), complete_requested(item_id), next_requested.
    """

    activate_requested = Signal(str)
    complete_requested = Signal(str)
    next_requested = Signal()

    def __init__(self, model: ChairViewModel, parent: QWidget | None = None):
        super().__init__(parent)
        self.model = model
        self._shown: tuple[object, ...] | None = None
        title = QLabel(self.tr("Chương trình kỳ họp"), self)
        title.setStyleSheet("font-size: 16pt; font-weight: bold;")
        self.used_label = QLabel(self)
        self.used_label.setWordWrap(True)
        self.list = QListWidget(self)
        self.list.setObjectName("chairAgenda")
        self.list.setWordWrap(True)
        # Explicit colours for the chosen row: the platform's highlighted text is white, which
        # vanishes on the light selection the theme uses.
        self.list.setStyleSheet(
            "QListWidget#chairAgenda { font-size: 13pt; }"
            "QListWidget#chairAgenda::item { padding: 6px 4px; border-bottom: 1px solid #d5d9de; }"
            f"QListWidget#chairAgenda::item:selected {{ background: #d7e6fa; color: {theme.INK}; }}"
        )
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.list.itemSelectionChanged.connect(self._selected)
        self.activate_button = QPushButton(self.tr("▶ Bắt đầu"), self)
        self.complete_button = QPushButton(self.tr("✓ Kết thúc"), self)
        self.next_button = QPushButton(self.tr("Nội dung tiếp theo (F8)"), self)
        self.next_button.setObjectName("nextItem")
        self.activate_button.clicked.connect(self._activate)
        self.complete_button.clicked.connect(self._complete)
        self.next_button.clicked.connect(self.next_requested.emit)
        buttons = QHBoxLayout()
        buttons.addWidget(self.activate_button)
        buttons.addWidget(self.complete_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.addWidget(title)
        layout.addWidget(self.used_label)
        layout.addWidget(self.list, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.next_button)
        self.refresh()

    def selected_id(self) -> str | None:
        item = self.list.currentItem()
        return str(item.data(ITEM_ID)) if item is not None else None

    def refresh(self) -> None:
        state = self.model.state
        items = state.agenda_in_order()
        key = (tuple(items), tuple(sorted((d.document_id, d.item_id, d.title, d.pages) for d in state.documents.values())))
        if key != self._shown:
            self._shown = key
            self._rebuild(items)
        self._selected()
        self.tick()

    def _rebuild(self, items: list[AgendaItem]) -> None:
        keep = self.selected_id() or self.model.state.active_item
        self.list.clear()
        for item in items:
            mark = {"active": "▶ ", "done": "✓ "}.get(item.status, "")
            documents = sorted(
                (d for d in self.model.state.documents.values() if d.item_id == item.item_id),
                key=lambda d: (d.title, d.document_id),
            )
            text = f"{mark}{item.position}. {item.title}\n{self._plan(item, len(documents))}"
            row = QListWidgetItem(text)
            # The documents in full where there is room for them: the tooltip (and, for the
            # active item, the presenting tab).
            row.setToolTip("\n".join(self.tr("{title} – {n} trang").format(title=d.title, n=d.pages)
                                      for d in documents))
            row.setData(ITEM_ID, item.item_id)
            if item.status == "active":
                font = row.font()
                font.setBold(True)
                row.setFont(font)
                row.setForeground(QColor(theme.LIVE))
            elif item.status == "done":
                row.setForeground(QColor(theme.MUTED))
            self.list.addItem(row)
            if item.item_id == keep:
                self.list.setCurrentItem(row)
        current = self.list.currentItem()
        if current is not None:  # a long agenda on a small screen: the chosen item in view
            self.list.scrollToItem(current)

    def _plan(self, item: AgendaItem, documents: int) -> str:
        status = {"active": self.tr("đang thảo luận"), "done": self.tr("đã xong")}.get(item.status, "")
        plan = self.tr("{m} phút").format(m=item.planned_min) if item.planned_min else ""
        docs = self.tr("{n} tài liệu").format(n=documents) if documents else ""
        return "   " + " · ".join(p for p in (plan, item.presenter, docs, status) if p)

    def _selected(self) -> None:
        state = self.model.state
        item = state.agenda.get(self.selected_id() or "")
        allowed_a, allowed_c = self.model.can("agenda.activate"), self.model.can("agenda.complete")
        self.activate_button.setEnabled(allowed_a and item is not None and item.status != "active")
        self.complete_button.setEnabled(allowed_c and item is not None and item.status != "done")
        following = next_item(state.agenda_in_order(), state.active_item)
        self.next_button.setEnabled(allowed_a and following is not None)
        self.next_button.setToolTip(
            self.tr("Bắt đầu nội dung «{t}» (phím F8)").format(t=following.title) if following is not None
            else self.tr("Không còn nội dung nào tiếp theo")
        )
        reopen = item is not None and item.status == "done"
        self.activate_button.setText(self.tr("▶ Mở lại") if reopen else self.tr("▶ Bắt đầu"))
        self.activate_button.setToolTip(
            self.tr("Bắt đầu nội dung đang chọn: mọi ghế đại biểu và màn hình hội trường chuyển theo")
        )
        self.complete_button.setToolTip(self.tr("Đánh dấu nội dung đang chọn là đã xong"))

    def tick(self) -> None:
        """Time used on the active item against its plan at the model's clock: the sum of its runs
        (an item paused for another and taken up again does not count the pause)."""
        state = self.model.state
        item = state.agenda.get(state.active_item or "")
        if item is None or item.started_at is None:
            self.used_label.setText(self.tr("Chưa có nội dung nào đang thảo luận."))
            self.used_label.setStyleSheet(f"color: {theme.MUTED}; font-size: 13pt;")
            return
        used_s = time_used_s(item, self.model.now())
        used_min = used_s // 60
        if item.planned_min:
            text = self.tr("Nội dung {n}: đã dùng {used} / {plan} phút").format(
                n=item.position, used=used_min, plan=item.planned_min
            )
            over = used_s > item.planned_min * 60
        else:
            text = self.tr("Nội dung {n}: đã dùng {used} phút").format(n=item.position, used=used_min)
            over = False
        if over:
            text += " – " + self.tr("quá kế hoạch")
        colour = theme.DANGER if over else theme.LIVE
        self.used_label.setText(text)
        style = f"color: {colour}; font-size: 13pt; font-weight: bold;"
        if self.used_label.styleSheet() != style:  # restyling every second would relayout
            self.used_label.setStyleSheet(style)

    def _activate(self) -> None:
        item_id = self.selected_id()
        if item_id is not None:
            self.activate_requested.emit(item_id)

    def _complete(self) -> None:
        item_id = self.selected_id()
        if item_id is not None:
            self.complete_requested.emit(item_id)
