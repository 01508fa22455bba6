"""PDFs waiting to be published: each checked as soon as it is added, given its classification,
audience and title, then published one by one with its own progress and its own refusal."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.errors import DomainError
from ui import theme
from ui.chair_model import spawn
from ui.tech_documents_dialogs import audience_box
from ui.tech_documents_model import (
    AUDIENCE_ALL,
    Checked,
    audience_words,
    check,
    new_document_id,
    notes,
    publish,
)
from ui.tech_panel_parts import primary

FILE, ITEM, TITLE, CLASS, AUDIENCE, STATUS = range(6)


@dataclass
class Pending:
    """One file of the batch. state: checking, ready, refused, publishing or published."""

    path: Path
    item_id: str
    item_label: str
    state: str = "checking"
    checked: Checked | None = None
    text: str = ""


class PublishBatch(QGroupBox):
    """«Tài liệu chờ đăng»: one row per file (its agenda item, an editable title, Công khai or Lưu
    hành nội bộ, who it is for — every delegate by default, the Standing Committee or one
    committee — and what happened to it). A file the import refuses (Word, damaged, encrypted,
    stamped MẬT…) shows the reason in red and is not published; the others are, in order.

    Attributes: model, files (list[Pending]), table, progress, publish_button, clear_button.
    Methods: add(paths, item_id, item_label), async checked_all(), async publish_all(), statuses(),
    audience_box(row) (the row's «Dành cho» choice).
    Signals: batch_did_finish(text).
    """

    batch_did_finish = Signal(str)

    def __init__(self, model: Any, parent: QWidget | None = None):
        super().__init__(parent)
        self.model = model
        self.files: list[Pending] = []
        self._checking: Any = None
        self.setTitle(self.tr("Tài liệu chờ đăng"))
        self.table = QTableWidget(0, 6, self)
        self.table.setHorizontalHeaderLabels([self.tr("Tệp"), self.tr("Nội dung chương trình"), self.tr("Tên tài liệu"),
                                              self.tr("Phân loại"), self.tr("Dành cho"), self.tr("Trạng thái")])
        self.table.verticalHeader().hide()
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in ((FILE, 150), (ITEM, 230), (TITLE, 235), (CLASS, 160), (AUDIENCE, 190)):
            self.table.setColumnWidth(column, width)
        self.progress = QProgressBar(self)
        self.progress.setFormat(self.tr("%v/%m tệp"))
        self.progress.hide()
        self.publish_button = primary(QPushButton(self))
        self.publish_button.clicked.connect(lambda: spawn(self.publish_all()))
        self.clear_button = QPushButton(self.tr("Bỏ danh sách"), self)
        self.clear_button.clicked.connect(self.clear)
        buttons = QHBoxLayout()
        buttons.addWidget(self.progress, 1)
        buttons.addWidget(self.clear_button)
        buttons.addWidget(self.publish_button)
        layout = QVBoxLayout(self)
        hint = QLabel(self.tr("Mỗi tệp được kiểm tra trước; tệp bị từ chối ghi rõ lý do và không được đăng. "
                              "Tài liệu mật không đưa lên PhòngHọp: phát bản giấy."), self)
        hint.setWordWrap(True)
        hint.setStyleSheet(f"color: {theme.MUTED};")
        layout.addWidget(hint)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self._update_buttons()

    # -- adding -----------------------------------------------------------------------------------

    def add(self, paths: list[Path], item_id: str, item_label: str) -> None:
        for path in paths:
            pending = Pending(path, item_id, item_label, text=self.tr("Đang kiểm tra tệp…"))
            self.files.append(pending)
            row = self.table.rowCount()
            self.table.insertRow(row)
            short = item_label if len(item_label) <= 40 else item_label[:39].rstrip() + "…"
            for column, text in ((FILE, path.name), (ITEM, short), (TITLE, "")):
                cell = QTableWidgetItem(text)
                cell.setToolTip(item_label if column == ITEM else text)
                if column != TITLE:
                    cell.setFlags(cell.flags() & ~Qt.ItemFlag.ItemIsEditable)
                self.table.setItem(row, column, cell)
            box = QComboBox(self.table)
            box.addItem(self.tr("Công khai"), "public")
            box.addItem(self.tr("Lưu hành nội bộ"), "internal")
            self.table.setCellWidget(row, CLASS, box)
            self.table.setCellWidget(row, AUDIENCE, audience_box(self.model.state, AUDIENCE_ALL, self.table))
            self.table.setItem(row, STATUS, QTableWidgetItem())
            self._show(pending)
        self.show()
        if self._checking is None or self._checking.done():
            self._checking = spawn(self.checked_all())
        self._update_buttons()

    async def checked_all(self) -> None:
        """Checks the files added, one at a time (each holds PyMuPDF's attention for a while)."""
        while (pending := next((p for p in self.files if p.state == "checking"), None)) is not None:
            try:
                found = await check(pending.path, item_id=pending.item_id)
            except DomainError as exc:
                if pending in self.files:
                    self._refuse(pending, exc.message)
                continue
            if pending not in self.files:  # the list was cleared meanwhile
                continue
            twin = next((p for p in self.files if p is not pending and p.checked is not None
                         and p.checked.imported.sha256 == found.imported.sha256), None)
            if twin is not None:
                self._refuse(pending, self.tr("Tệp giống hệt tệp «{0}» ở trên.").format(twin.path.name))
                continue
            pending.checked, pending.state = found, "ready"
            row = self.files.index(pending)
            self.table.item(row, TITLE).setText(found.imported.title)
            if found.imported.classification == "internal":
                self._class_box(row).setCurrentIndex(1)
            pending.text = self.tr("Sẵn sàng: {0} trang").format(found.imported.page_count)
            if not found.imported.has_text:
                pending.text += self.tr("; bản quét không có lớp chữ")
            self._show(pending)
        self._update_buttons()

    # -- publishing -------------------------------------------------------------------------------

    async def publish_all(self) -> None:
        ready = [p for p in self.files if p.state == "ready"]
        if not ready:
            return
        self.publish_button.setEnabled(False)
        self.clear_button.setEnabled(False)
        self.progress.setRange(0, len(ready))
        self.progress.setValue(0)
        self.progress.show()
        done = 0
        for number, pending in enumerate(ready, start=1):
            done += await self._publish_one(pending)
            self.progress.setValue(number)
        self.clear_button.setEnabled(True)
        self.clear_button.setText(self.tr("Xong"))
        self._update_buttons()
        refused = len(ready) - done
        text = self.tr("Đã đăng {0}/{1} tệp.").format(done, len(ready))
        if refused:
            text += " " + self.tr("{0} tệp bị từ chối: xem lý do trong danh sách.").format(refused)
        self.batch_did_finish.emit(text)

    async def _publish_one(self, pending: Pending) -> bool:
        row = self.files.index(pending)
        asked = self._class_box(row).currentData()
        audience = str(self.audience_box(row).currentData() or AUDIENCE_ALL)
        title = self.table.item(row, TITLE).text()
        self._class_box(row).setEnabled(False)
        self.audience_box(row).setEnabled(False)
        pending.state, pending.text = "publishing", self.tr("Đang kiểm tra lại với mức phân loại đã chọn…")
        self._show(pending)
        try:
            checked = await check(pending.path, item_id=pending.item_id, classification=asked, title=title)
        except DomainError as exc:
            self._refuse(pending, exc.message)
            return False
        pending.text = self.tr("Đang mã hóa và gửi lên máy chủ…")
        self._show(pending)
        answer = await publish(self.model, checked, document_id=new_document_id(self.model.state),
                               item_id=pending.item_id, audience=audience)
        if answer.get("type") != "ack":
            self._refuse(pending, str(answer.get("message") or self.tr("Máy chủ từ chối.")))
            return False
        pending.state = "published"
        pending.text = self.tr("Đã đăng ({0} trang).").format(checked.imported.page_count)
        if audience != AUDIENCE_ALL:
            pending.text += " " + self.tr("Dành cho {0}.").format(audience_words(self.model.state, audience))
        found = notes(checked.imported, asked)
        if found:
            pending.text += " " + self.tr("Lưu ý: {0}.").format("; ".join(found))
        self._show(pending)
        return True

    # -- showing ----------------------------------------------------------------------------------

    def _class_box(self, row: int) -> QComboBox:
        box = self.table.cellWidget(row, CLASS)
        assert isinstance(box, QComboBox)
        return box

    def audience_box(self, row: int) -> QComboBox:
        box = self.table.cellWidget(row, AUDIENCE)
        assert isinstance(box, QComboBox)
        return box

    def _refuse(self, pending: Pending, message: str) -> None:
        pending.state, pending.text = "refused", self.tr("Không đăng: {0}").format(message)
        self._show(pending)

    def _show(self, pending: Pending) -> None:
        row = self.files.index(pending)
        cell = self.table.item(row, STATUS)
        cell.setText(pending.text)
        cell.setToolTip(pending.text)
        color = {"refused": theme.DANGER, "published": theme.LIVE}.get(pending.state, theme.INK)
        cell.setForeground(QColor(color))
        if pending.state in ("refused", "published"):
            self.table.item(row, TITLE).setFlags(self.table.item(row, TITLE).flags() & ~Qt.ItemFlag.ItemIsEditable)
            self._class_box(row).setEnabled(False)
            self.audience_box(row).setEnabled(False)
        self.table.resizeRowToContents(row)
        self._update_buttons()

    def _update_buttons(self) -> None:
        ready = sum(p.state == "ready" for p in self.files)
        publishing = any(p.state == "publishing" for p in self.files)
        self.publish_button.setText(self.tr("Đăng {0} tệp").format(ready) if ready else self.tr("Đăng"))
        self.publish_button.setEnabled(ready > 0 and not publishing)
        self.publish_button.setVisible(ready > 0 or publishing)
        self.clear_button.setEnabled(not publishing)

    def clear(self) -> None:
        self.files.clear()
        self.table.setRowCount(0)
        self.progress.hide()
        self.clear_button.setText(self.tr("Bỏ danh sách"))
        self.hide()

    def statuses(self) -> dict[str, str]:
        """File name → what the row says now."""
        return {p.path.name: p.text for p in self.files}
