"""The technician's "Chương trình" tab: the sitting's agenda items, their order, planned times and presenters."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.model import AgendaItem
from ui import theme
from ui.ask import ask
from ui.chair_model import spawn
from ui.tech_model import TechViewModel
from ui.tech_panel_parts import list_table


class AgendaEditor(QWidget):
    """The agenda in order with its documents counted; a form below edits the selected item or a
    new one. "Lên"/"Xuống" move the selected item; "Xóa" asks first (an item with documents or
    votes is refused by the server, which says why).

    Attributes: table, title, minutes, presenter, add_button, save_button, up_button,
    down_button, remove_button, message; confirm(question) -> bool (tests replace it).
    """

    def __init__(self, model: TechViewModel, parent: QWidget | None = None):
        super().__init__(parent)
        self.model = model
        self._items: list[AgendaItem] = []
        self.confirm = self._ask
        self.table = list_table(self, [self.tr("TT"), self.tr("Nội dung"), self.tr("Phút"),
                                              self.tr("Người trình bày"), self.tr("Tài liệu")], 1)
        self.table.itemSelectionChanged.connect(self._selected)

        self.title = QLineEdit(self)
        self.title.setPlaceholderText(self.tr("Ví dụ: Tờ trình về dự toán ngân sách năm 2027"))
        self.minutes = QSpinBox(self)
        self.minutes.setRange(0, 600)
        self.minutes.setSuffix(self.tr(" phút"))
        self.presenter = QLineEdit(self)
        form = QFormLayout()
        form.addRow(self.tr("Nội dung"), self.title)
        form.addRow(self.tr("Thời gian dự kiến"), self.minutes)
        form.addRow(self.tr("Người trình bày"), self.presenter)
        box = QGroupBox(self.tr("Nội dung được chọn"), self)
        box.setLayout(form)

        self.add_button = QPushButton(self.tr("Thêm vào cuối chương trình"), self)
        self.save_button = QPushButton(self.tr("Lưu nội dung được chọn"), self)
        self.up_button = QPushButton(self.tr("▲ Lên"), self)
        self.down_button = QPushButton(self.tr("▼ Xuống"), self)
        self.remove_button = QPushButton(self.tr("Xóa khỏi chương trình"), self)
        self.add_button.clicked.connect(lambda: spawn(self.add()))
        self.save_button.clicked.connect(lambda: spawn(self.save()))
        self.up_button.clicked.connect(lambda: spawn(self.move(-1)))
        self.down_button.clicked.connect(lambda: spawn(self.move(+1)))
        self.remove_button.clicked.connect(lambda: spawn(self.remove()))
        self.message = QLabel(self)
        self.message.setWordWrap(True)

        buttons = QHBoxLayout()
        for button in (self.add_button, self.save_button, self.up_button, self.down_button, self.remove_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(box)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        model.state_did_change.connect(self.refresh)
        self.refresh()

    def selected(self) -> AgendaItem | None:
        rows = self.table.selectionModel().selectedRows()
        return self._items[rows[0].row()] if rows else None

    def refresh(self) -> None:
        state = self.model.state
        chosen = self.selected()
        self._items = state.agenda_in_order()
        counts: dict[str | None, int] = {}
        for document in state.documents.values():
            counts[document.item_id] = counts.get(document.item_id, 0) + 1
        self.table.blockSignals(True)
        self.table.setRowCount(len(self._items))
        for row, item in enumerate(self._items):
            cells = (str(row + 1), item.title, str(item.planned_min), item.presenter, str(counts.get(item.item_id, 0)))
            for col, text in enumerate(cells):
                self.table.setItem(row, col, QTableWidgetItem(text))
            if chosen is not None and item.item_id == chosen.item_id:
                self.table.selectRow(row)
        for col in (0, 2, 4):
            self.table.resizeColumnToContents(col)
        self.table.setColumnWidth(3, 280)
        self.table.blockSignals(False)
        self._enable()

    def _selected(self) -> None:
        item = self.selected()
        if item is not None:
            self.title.setText(item.title)
            self.minutes.setValue(item.planned_min)
            self.presenter.setText(item.presenter)
        self._enable()

    def _enable(self) -> None:
        has_meeting = self.model.state.meeting is not None
        item = self.selected()
        self.add_button.setEnabled(has_meeting)
        for button in (self.save_button, self.remove_button):
            button.setEnabled(item is not None)
        index = -1 if item is None else self._items.index(item)
        self.up_button.setEnabled(index > 0)
        self.down_button.setEnabled(0 <= index < len(self._items) - 1)

    def _typed(self) -> dict[str, Any] | None:
        title = self.title.text().strip()
        if not title:
            self._say(self.tr("Hãy nhập tên nội dung."), error=True)
            return None
        return {"title": title, "planned_min": self.minutes.value(), "presenter": self.presenter.text().strip()}

    def _say(self, text: str, error: bool = False) -> None:
        self.message.setText(text)
        self.message.setStyleSheet(f"color: {theme.DANGER if error else theme.LIVE}; font-weight: bold;")

    async def _send(self, name: str, args: dict[str, Any], done: str) -> bool:
        answer = await self.model.command(name, args)
        if answer.get("type") != "ack":
            self._say(self.tr("Máy chủ từ chối: {0}").format(answer.get("message", "")), error=True)
            return False
        self._say(done)
        return True

    async def add(self) -> bool:
        typed = self._typed()
        if typed is None:
            return False
        return await self._send("agenda.add", {**typed, "position": len(self._items) + 1},
                                self.tr("Đã thêm «{0}».").format(typed["title"]))

    async def save(self) -> bool:
        item, typed = self.selected(), self._typed()
        if item is None or typed is None:
            return False
        changes = {k: v for k, v in typed.items() if v != getattr(item, k)}
        if not changes:
            self._say(self.tr("Không có gì thay đổi."))
            return True
        return await self._send("agenda.update", {"item_id": item.item_id, **changes}, self.tr("Đã lưu."))

    async def move(self, step: int) -> bool:
        item = self.selected()
        if item is None:
            return False
        position = self._items.index(item) + 1 + step
        return await self._send("agenda.update", {"item_id": item.item_id, "position": position},
                                self.tr("Đã chuyển «{0}» đến vị trí {1}.").format(item.title, position))

    async def remove(self) -> bool:
        item = self.selected()
        if item is None:
            return False
        documents = [d for d in self.model.state.documents.values() if d.item_id == item.item_id]
        if documents:
            self._say(self.tr("«{0}» còn {1} tài liệu: thu hồi tài liệu ở thẻ «Tài liệu» trước khi xóa nội dung.")
                      .format(item.title, len(documents)), error=True)
            return False
        if not self.confirm(self.tr("Xóa «{0}» khỏi chương trình?").format(item.title)):
            return False
        return await self._send("agenda.remove", {"item_id": item.item_id},
                                self.tr("Đã xóa «{0}».").format(item.title))

    def _ask(self, question: str) -> bool:
        return ask(self, self.tr("Xóa nội dung"), question, self.tr("Xóa"), self.tr("Không xóa"))
