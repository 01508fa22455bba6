"""The technician's «Tài liệu» panel: the meeting's documents under their agenda items, PDFs added
in batches (dropped on an item, or chosen) for every delegate or for one audience, new versions,
retraction, and keys shared with devices enrolled after a document was published."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, Final

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QDragEnterEvent, QDragMoveEvent, QDropEvent, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.model import Document, MeetingState
from ui import theme
from ui.chair_model import spawn
from ui.tech_documents_batch import PublishBatch
from ui.tech_documents_dialogs import ReplaceDialog, retract_box
from ui.tech_documents_model import AUDIENCE_ALL, audience_words, keyed, reader_devices, share_plan
from ui.tech_panel_parts import dropped_files, refresh_on

PDF: Final = (".pdf",)
NO_ITEM: Final = ""
ITEM_ROLE: Final = Qt.ItemDataRole.UserRole
DOCUMENT_ROLE: Final = Qt.ItemDataRole.UserRole + 1


class DocumentTree(QTreeWidget):
    """The agenda items with their documents; PDFs dropped on an item (or on one of its
    documents) are for that item. Signals: files_did_drop(item_id, paths)."""

    files_did_drop = Signal(str, list)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setAcceptDrops(True)
        self.viewport().setAcceptDrops(True)
        self.setDropIndicatorShown(True)

    def item_id_at(self, item: QTreeWidgetItem | None) -> str | None:
        while item is not None and item.parent() is not None:
            item = item.parent()
        value = None if item is None else item.data(0, ITEM_ROLE)
        return value if value else None

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if dropped_files(event, PDF):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        item = self.itemAt(event.position().toPoint())
        if dropped_files(event, PDF) and self.item_id_at(item) is not None:
            self.setCurrentItem(item)
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        item_id = self.item_id_at(self.itemAt(event.position().toPoint()))
        files = dropped_files(event, PDF)
        if item_id is not None and files:
            event.acceptProposedAction()
            self.files_did_drop.emit(item_id, files)
        else:
            event.ignore()


class DocumentsPanel(QWidget):
    """«Tài liệu»: per agenda item, each document's title, version, pages, classification with its
    audience when it is not every delegate («Công khai · Ban Pháp chế»), and how many of the devices
    that may read it hold its key: a committee's paper counts the committee's seats, the presidium
    and the technicians, not the hall (a device enrolled after publishing has none until «Chia sẻ
    cho thiết bị mới»).

    Attributes: model (TechViewModel), summary_label, tree (DocumentTree), add_button, replace_button,
    retract_button, share_button, result_label, batch (PublishBatch), replace_dialog, confirmation,
    choose_pdfs (returns paths; a file dialog, replaceable).
    Methods: add_files(item_id, paths), select_item(item_id), select_document(document_id),
    selected_document(), async share(), document_row(document_id) -> the texts of its columns.
    """

    def __init__(self, model: Any, parent: QWidget | None = None):
        super().__init__(parent)
        self.model = model
        self.choose_pdfs: Callable[[bool], list[str]] = self._ask_pdfs
        self.replace_dialog: ReplaceDialog | None = None
        self.confirmation: Any = None
        self._seen: tuple[Any, ...] = ()
        self.labels = {"public": self.tr("Công khai"), "internal": self.tr("Lưu hành nội bộ")}

        heading = QLabel(self.tr("Tài liệu"), self)
        heading.setStyleSheet("font-size: 18pt; font-weight: bold;")
        self.summary_label = QLabel(self)
        self.summary_label.setStyleSheet(f"color: {theme.MUTED};")
        top = QHBoxLayout()
        top.addWidget(heading)
        top.addWidget(self.summary_label, 1)

        self.tree = DocumentTree(self)
        self.tree.setColumnCount(5)
        self.tree.setHeaderLabels([self.tr("Nội dung chương trình / tài liệu"), self.tr("Phiên bản"),
                                   self.tr("Số trang"), self.tr("Phân loại · Dành cho"),
                                   self.tr("Thiết bị có khóa")])
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setWordWrap(True)
        self.tree.setUniformRowHeights(False)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, 5):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.files_did_drop.connect(self.add_files)
        self.tree.itemSelectionChanged.connect(self._update_buttons)

        self.add_button = QPushButton(self.tr("Thêm tài liệu…"), self)
        self.add_button.setToolTip(self.tr("Chọn một hoặc nhiều tệp PDF cho nội dung đang chọn; cũng có thể kéo "
                                           "tệp thả vào nội dung trong danh sách."))
        self.add_button.clicked.connect(self._add_clicked)
        self.replace_button = QPushButton(self.tr("Thay phiên bản mới…"), self)
        self.replace_button.clicked.connect(self._replace_clicked)
        self.retract_button = QPushButton(self.tr("Thu hồi"), self)
        self.retract_button.clicked.connect(self._retract_clicked)
        self.share_button = QPushButton(self.tr("Chia sẻ cho thiết bị mới"), self)
        self.share_button.clicked.connect(lambda: spawn(self.share()))
        buttons = QHBoxLayout()
        for button in (self.add_button, self.replace_button, self.retract_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.share_button)
        self.result_label = QLabel(self)
        self.result_label.setWordWrap(True)
        self.result_label.hide()
        hint = QLabel(self.tr("Kéo tệp PDF thả vào một nội dung chương trình để thêm tài liệu cho nội dung đó."), self)
        hint.setStyleSheet(f"color: {theme.MUTED};")
        hint.setWordWrap(True)

        self.batch = PublishBatch(model, self)
        self.batch.batch_did_finish.connect(lambda text: self._say(text, theme.INK))
        self.batch.hide()
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self.tree)
        splitter.addWidget(self.batch)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setChildrenCollapsible(False)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(hint)
        layout.addLayout(buttons)
        layout.addWidget(self.result_label)
        layout.addWidget(splitter, 1)
        refresh_on(self, self.refresh, model.state_did_change, model.server_did_change)
        self.refresh()

    # -- the tree ----------------------------------------------------------------------------------

    def refresh(self) -> None:
        state: MeetingState = self.model.state
        devices = reader_devices(self.model)
        # The delegates too: who joins a committee changes who may read its papers.
        seen = (state.meeting, state.agenda, state.documents, state.delegates, tuple(d.device_id for d in devices))
        if seen == self._seen:
            self._update_buttons()
            return
        self._seen = seen
        selected = self._selected_key()
        self.tree.clear()
        groups: list[tuple[str, str]] = [(item.item_id, f"{item.position}. {item.title}")
                                         for item in state.agenda_in_order()]
        if any(d.item_id not in state.agenda for d in state.documents.values()):
            groups.append((NO_ITEM, self.tr("Không gắn với nội dung nào của chương trình")))
        bold = QFont(self.tree.font())
        bold.setBold(True)
        lacking = 0
        for item_id, title in groups:
            documents = sorted((d for d in state.documents.values()
                                if (d.item_id if d.item_id in state.agenda else NO_ITEM) == item_id),
                               key=lambda d: (d.title, d.document_id))
            count = self.tr("{0} tài liệu").format(len(documents)) if documents else self.tr("chưa có tài liệu")
            top = QTreeWidgetItem([f"{title}  ({count})"])
            top.setData(0, ITEM_ROLE, item_id)
            top.setFont(0, bold)
            top.setToolTip(0, title)
            self.tree.addTopLevelItem(top)
            top.setFirstColumnSpanned(True)  # the item's whole title, over the documents' columns
            for document in documents:
                allowed = devices if document.audience == AUDIENCE_ALL else reader_devices(self.model, document.audience)
                have = keyed(document, allowed)
                lacking += have < len(allowed)
                row = QTreeWidgetItem([document.title, str(document.version), str(document.pages),
                                       self._classified(state, document),
                                       self.tr("{0}/{1}").format(have, len(allowed))])
                row.setData(0, DOCUMENT_ROLE, document.document_id)
                row.setToolTip(0, document.title + (f"\n{document.change_note}" if document.change_note else ""))
                row.setToolTip(3, self.tr("Dành cho: {0}").format(audience_words(state, document.audience)))
                if document.classification == "internal":
                    row.setForeground(3, QBrush(QColor(theme.INTERNAL)))
                if document.audience != AUDIENCE_ALL:  # not for the whole hall: seen at a glance
                    row.setFont(3, bold)
                if have < len(allowed):
                    row.setForeground(4, QBrush(QColor(theme.DANGER)))
                    row.setToolTip(4, self.tr("{0} thiết bị chưa có khóa: bấm «Chia sẻ cho thiết bị mới».")
                                   .format(len(allowed) - have))
                elif document.audience != AUDIENCE_ALL:
                    row.setToolTip(4, self.tr("Chỉ tính thiết bị được đọc tài liệu: ghế của {0}, chủ tọa, thư ký "
                                              "kỳ họp và kỹ thuật viên.").format(audience_words(state, document.audience)))
                for column in (1, 2, 4):
                    row.setTextAlignment(column, Qt.AlignmentFlag.AlignCenter)
                top.addChild(row)
        self.tree.expandAll()
        if state.meeting is None:
            self.summary_label.setText(self.tr("Hãy chọn kỳ họp trước."))
        else:
            text = self.tr("{0} tài liệu · {1} thiết bị của kỳ họp").format(len(state.documents), len(devices))
            if lacking:
                text += " · " + self.tr("{0} tài liệu chưa có khóa cho thiết bị mới: bấm «Chia sẻ cho thiết bị "
                                        "mới».").format(lacking)
            self.summary_label.setText(text)
            theme.restyle(self.summary_label, f"color: {theme.DANGER if lacking else theme.MUTED};")
        self._restore(selected)
        self._update_buttons()

    def _classified(self, state: MeetingState, document: Document) -> str:
        """«Công khai», or «Công khai · Ban Pháp chế» for a paper not every delegate reads."""
        text = self.labels.get(document.classification, document.classification)
        if document.audience == AUDIENCE_ALL:
            return text
        return self.tr("{0} · {1}").format(text, audience_words(state, document.audience))

    def _selected_key(self) -> tuple[int, str] | None:
        current = self.tree.currentItem()
        if current is None:
            return None
        document_id = current.data(0, DOCUMENT_ROLE)
        return (1, document_id) if document_id else (0, current.data(0, ITEM_ROLE))

    def _restore(self, key: tuple[int, str] | None) -> None:
        if key is not None:
            (self.select_document if key[0] else self.select_item)(key[1])

    def _find(self, role: int, value: str) -> QTreeWidgetItem | None:
        for index in range(self.tree.topLevelItemCount()):
            top = self.tree.topLevelItem(index)
            if role == ITEM_ROLE and top.data(0, ITEM_ROLE) == value:
                return top
            for child in range(top.childCount()):
                if top.child(child).data(0, DOCUMENT_ROLE) == value:
                    return top.child(child)
        return None

    def select_item(self, item_id: str) -> None:
        found = self._find(ITEM_ROLE, item_id)
        if found is not None:
            self.tree.setCurrentItem(found)

    def select_document(self, document_id: str) -> None:
        found = self._find(DOCUMENT_ROLE, document_id)
        if found is not None:
            self.tree.setCurrentItem(found)

    def selected_document(self) -> Document | None:
        current = self.tree.currentItem()
        document_id = None if current is None else current.data(0, DOCUMENT_ROLE)
        return self.model.state.documents.get(document_id) if document_id else None

    def document_row(self, document_id: str) -> list[str]:
        found = self._find(DOCUMENT_ROLE, document_id)
        return [] if found is None else [found.text(c) for c in range(5)]

    def _update_buttons(self) -> None:
        state = self.model.state
        document = self.selected_document()
        self.add_button.setEnabled(self.tree.item_id_at(self.tree.currentItem()) is not None)
        self.replace_button.setEnabled(document is not None)
        self.retract_button.setEnabled(document is not None)
        self.share_button.setEnabled(any(
            not {d.device_id for d in reader_devices(self.model, document.audience)} <= set(document.keys)
            for document in state.documents.values()))

    # -- adding ------------------------------------------------------------------------------------

    def _ask_pdfs(self, many: bool) -> list[str]:
        title = self.tr("Chọn tệp PDF")
        kinds = self.tr("Tài liệu PDF (*.pdf)")
        if many:
            return QFileDialog.getOpenFileNames(self, title, str(Path.home()), kinds)[0]
        path = QFileDialog.getOpenFileName(self, title, str(Path.home()), kinds)[0]
        return [path] if path else []

    def _add_clicked(self) -> None:
        item_id = self.tree.item_id_at(self.tree.currentItem())
        if item_id is None:
            return
        paths = self.choose_pdfs(True)
        if paths:
            self.add_files(item_id, [Path(p) for p in paths])

    def add_files(self, item_id: str, paths: list[Path]) -> None:
        item = self.model.state.agenda.get(item_id)
        if item is None:
            return
        self.result_label.hide()
        self.batch.add(paths, item_id, f"{item.position}. {item.title}")

    # -- a new version, retracting, sharing --------------------------------------------------------

    def _replace_clicked(self) -> None:
        document = self.selected_document()
        if document is None:
            return
        paths = self.choose_pdfs(False)
        if not paths:
            return
        dialog = ReplaceDialog(self.model, document, Path(paths[0]), self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.version_did_publish.connect(lambda text: self._say(text, theme.LIVE))
        dialog.finished.connect(lambda _: self._closed(dialog))
        self.replace_dialog = dialog
        dialog.open()

    def _closed(self, dialog: ReplaceDialog) -> None:
        if self.replace_dialog is dialog:
            self.replace_dialog = None

    def _retract_clicked(self) -> None:
        document = self.selected_document()
        if document is None:
            return
        state = self.model.state
        presenting = state.presenting is not None and state.presenting.document_id == document.document_id
        box, retract = retract_box(document, presenting, self)
        self.confirmation = box

        def done() -> None:
            if self.confirmation is box:
                self.confirmation = None
            if box.clickedButton() is retract:
                spawn(self._retract(document))

        box.finished.connect(lambda _: done())
        box.open()

    async def _retract(self, document: Document) -> None:
        answer = await self.model.command("document.remove", {"document_id": document.document_id})
        if answer.get("type") == "ack":
            self._say(self.tr("Đã thu hồi «{0}»: đại biểu không mở được tài liệu này nữa.").format(document.title),
                      theme.LIVE)
        else:
            self._say(self.tr("Không thu hồi được «{0}»: {1}").format(document.title, answer.get("message", "")),
                      theme.DANGER)

    async def share(self) -> None:
        plan = share_plan(self.model, self.model.state)
        self.share_button.setEnabled(False)
        answers = await self.model.commands(list(plan.commands)) if plan.commands else []
        done = sum(a.get("type") == "ack" for a in answers)
        problems = [self.tr("«{0}»: máy chủ không nhận: {1}").format(document.title, answer.get("message", ""))
                    for document, answer in zip(plan.documents, answers, strict=True) if answer.get("type") != "ack"]
        problems += [self.tr("«{0}»: máy này không giữ khóa của tài liệu (do máy khác đăng); hãy thay phiên bản "
                             "mới từ máy này.").format(document.title) for document in plan.unreachable]
        lines = [self.tr("Đã chia sẻ khóa của {0} tài liệu cho thiết bị mới.").format(done)] if done else []
        if not lines and not problems:
            lines.append(self.tr("Mọi thiết bị của kỳ họp đã có khóa của mọi tài liệu."))
        self._say("\n".join(lines + problems), theme.DANGER if problems else theme.LIVE)
        self._update_buttons()

    def _say(self, text: str, color: str) -> None:
        self.result_label.setText(text)
        theme.restyle(self.result_label, f"color: {color}; font-weight: bold;")
        self.result_label.show()
