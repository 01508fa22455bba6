"""The technician's «Đại biểu» panel: the meeting's delegates, and importing a list (CSV or .xlsx)
through a preview that sends nothing while the file has errors."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path
from typing import Any, Final

from PySide6.QtCore import Qt
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.delegate_import import ImportPreview, commands, preview, read_table
from app.model import Delegate, MeetingState
from ui import theme
from ui.chair_attendance_words import fold, seats_by_delegate, short_group
from ui.chair_model import spawn
from ui.tech_delegates_preview import ImportPreviewView
from ui.tech_panel_parts import dropped_files, refresh_on

LIST_SUFFIXES: Final = (".csv", ".txt", ".xlsx", ".xlsm")


class DelegatesPanel(QWidget):
    """«Đại biểu»: every delegate of the chosen meeting (name, title, Tổ, roles, seat, and the
    council posts, committees and mandate when the meeting has them), searchable without
    diacritics. «Nhập danh sách…» (or a file dropped on the panel) reads the file with
    app.delegate_import and shows its preview; «Áp dụng» sends the commands in row order.

    Attributes: model (TechViewModel), count_label, search_edit, import_button, result_label,
    stack (the list, or the preview), table, preview_view (ImportPreviewView),
    choose_file (returns a path or "": a file dialog, replaceable).
    Methods: async load(path), async apply(), visible_ids().
    """

    def __init__(self, model: Any, parent: QWidget | None = None):
        super().__init__(parent)
        self.model = model
        self.choose_file: Callable[[], str] = self._ask_file
        self._seen: tuple[Any, ...] = ()
        self.setAcceptDrops(True)

        heading = QLabel(self.tr("Đại biểu"), self)
        heading.setStyleSheet("font-size: 18pt; font-weight: bold;")
        self.count_label = QLabel(self)
        self.count_label.setStyleSheet(f"color: {theme.MUTED};")
        self.search_edit = QLineEdit(self)
        self.search_edit.setMinimumHeight(theme.MIN_TOUCH_PX)
        self.search_edit.setPlaceholderText(self.tr("Tìm theo tên, tổ hoặc ghế (gõ không dấu cũng được)"))
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.textChanged.connect(self._filter)
        self.import_button = QPushButton(self.tr("Nhập danh sách…"), self)
        self.import_button.setToolTip(self.tr("Tệp CSV hoặc Excel (.xlsx); cũng có thể kéo tệp thả vào đây."))
        self.import_button.clicked.connect(self._import_clicked)
        top = QHBoxLayout()
        top.addWidget(heading)
        top.addWidget(self.count_label, 1)
        top.addWidget(self.import_button)

        self.result_label = QLabel(self)
        self.result_label.setWordWrap(True)
        self.result_label.hide()

        self.table = QTableWidget(0, 0, self)
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSortingEnabled(False)
        self.hint_label = QLabel(self.tr("Kỳ họp chưa có đại biểu. Bấm «Nhập danh sách…» hoặc kéo tệp danh sách "
                                         "(CSV, Excel) thả vào đây."), self)
        self.hint_label.setWordWrap(True)
        self.hint_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.hint_label.setStyleSheet(f"color: {theme.MUTED}; font-size: 16pt; padding: 40px;")
        listing = QWidget(self)
        list_layout = QVBoxLayout(listing)
        list_layout.setContentsMargins(0, 0, 0, 0)
        list_layout.addWidget(self.search_edit)
        list_layout.addWidget(self.table, 1)
        list_layout.addWidget(self.hint_label, 1)

        self.preview_view = ImportPreviewView(self)
        self.preview_view.apply_button.clicked.connect(lambda: spawn(self.apply()))
        self.preview_view.cancel_button.clicked.connect(self._close_preview)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(listing)
        self.stack.addWidget(self.preview_view)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.result_label)
        layout.addWidget(self.stack, 1)
        refresh_on(self, self.refresh, model.state_did_change)
        self.refresh()

    # -- the list ----------------------------------------------------------------------------------

    def _columns(self, state: MeetingState) -> list[tuple[str, Callable[[Delegate], str]]]:
        seats = seats_by_delegate(state)
        roles = {"chair": self.tr("Chủ tọa"), "secretary": self.tr("Thư ký kỳ họp")}
        columns: list[tuple[str, Callable[[Delegate], str]]] = [
            (self.tr("Họ và tên"), lambda d: d.name),
            (self.tr("Chức vụ"), lambda d: d.title),
            (self.tr("Tổ"), lambda d: short_group(d.group_name)),
            (self.tr("Vai trò"), lambda d: ", ".join(roles[r] for r in d.roles if r in roles)),
            (self.tr("Ghế"), lambda d: seats[d.delegate_id].label if d.delegate_id in seats else ""),
        ]
        # Posts, committees, the Standing Committee and mandate are columns only when some
        # delegate has one: most lists of a commune council have none, and the table stays narrow.
        delegates = list(state.delegates.values())
        if any(d.posts for d in delegates):
            columns.append((self.tr("Chức danh HĐND"), lambda d: ", ".join(d.posts)))
        names = dict(state.meeting.committees) if state.meeting is not None else {}
        if any(d.committees for d in delegates):
            columns.append((self.tr("Ban"), lambda d: ", ".join(names.get(c, c) for c in d.committees)))
        if any(d.standing for d in delegates):
            columns.append((self.tr("Thường trực"), lambda d: self.tr("Có") if d.standing else ""))
        mandates = {"suspended": self.tr("Tạm đình chỉ"), "ended": self.tr("Đã thôi nhiệm vụ")}
        if any(d.mandate in mandates for d in delegates):
            columns.append((self.tr("Tình trạng"), lambda d: mandates.get(d.mandate, "")))
        return columns

    def refresh(self) -> None:
        state = self.model.state
        has_meeting = state.meeting is not None
        self.import_button.setEnabled(has_meeting)
        seen = (state.meeting, state.delegates, state.seats)
        if seen == self._seen:
            return
        self._seen = seen
        if not has_meeting:
            self.count_label.setText(self.tr("Hãy chọn kỳ họp trước."))
        else:
            self.count_label.setText(self.tr("{0} đại biểu; Tổng số đại biểu HĐND (N): {1}")
                                     .format(len(state.delegates), state.meeting.n_total))
        columns = self._columns(state)
        delegates = sorted(state.delegates.values(), key=lambda d: (d.group_id, d.delegate_id))
        self.table.clear()
        self.table.setColumnCount(len(columns))
        self.table.setHorizontalHeaderLabels([title for title, _ in columns])
        self.table.setRowCount(len(delegates))
        for row, delegate in enumerate(delegates):
            for column, (_, text) in enumerate(columns):
                item = QTableWidgetItem(text(delegate))
                item.setData(Qt.ItemDataRole.UserRole, delegate.delegate_id)
                self.table.setItem(row, column, item)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.resizeColumnsToContents()
        for column in (0, 1):
            self.table.setColumnWidth(column, min(self.table.columnWidth(column), 360))
        header.setStretchLastSection(True)
        self.table.setVisible(bool(delegates))
        self.search_edit.setVisible(bool(delegates))
        self.hint_label.setVisible(has_meeting and not delegates)
        self._filter()

    def _filter(self) -> None:
        words = fold(self.search_edit.text()).split()
        for row in range(self.table.rowCount()):
            text = fold(" ".join(self.table.item(row, c).text() for c in range(self.table.columnCount())))
            self.table.setRowHidden(row, not all(w in text for w in words))

    def visible_ids(self) -> list[str]:
        return [self.table.item(r, 0).data(Qt.ItemDataRole.UserRole) for r in range(self.table.rowCount())
                if not self.table.isRowHidden(r)]

    # -- importing ---------------------------------------------------------------------------------

    def _ask_file(self) -> str:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Chọn tệp danh sách đại biểu"), str(Path.home()),
                                              self.tr("Danh sách đại biểu (*.csv *.xlsx *.xlsm *.txt)"))
        return path

    def _import_clicked(self) -> None:
        path = self.choose_file()
        if path:
            spawn(self.load(Path(path)))

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self.model.state.meeting is not None and dropped_files(event, LIST_SUFFIXES):
            event.acceptProposedAction()

    def dragMoveEvent(self, event: Any) -> None:
        event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        files = dropped_files(event, LIST_SUFFIXES)
        if files and self.model.state.meeting is not None:
            event.acceptProposedAction()
            spawn(self.load(files[0]))

    async def load(self, path: Path) -> ImportPreview | None:
        """Reads and previews the file off the GUI thread (a large .xlsx takes a while)."""
        self.result_label.hide()
        try:
            data = await asyncio.to_thread(path.read_bytes)
        except OSError as exc:
            self._say(self.tr("Không đọc được tệp {0}: {1}").format(path.name, exc.strerror or exc), theme.DANGER)
            return None
        state = self.model.state
        result = await asyncio.to_thread(lambda: preview(read_table(path.name, data), state))
        self.preview_view.show_preview(result, _group_ids(state))
        self.stack.setCurrentWidget(self.preview_view)
        return result

    async def apply(self) -> None:
        shown = self.preview_view.preview
        if shown is None or shown.errors:
            return
        # Another console may have changed the list since the preview: what is sent is what is shown.
        fresh = await asyncio.to_thread(preview, shown.table, self.model.state)
        if commands(fresh) != commands(shown):
            self.preview_view.show_preview(fresh, _group_ids(self.model.state))
            self.preview_view.set_status(self.tr("Danh sách của kỳ họp vừa thay đổi: đã xem trước lại, hãy kiểm tra "
                                                 "rồi bấm «Áp dụng»."), theme.WARN)
            return
        to_send = commands(shown)
        self.preview_view.apply_button.setEnabled(False)
        self.preview_view.cancel_button.setEnabled(False)
        self.preview_view.set_status(self.tr("Đang gửi {0} thay đổi…").format(len(to_send)), theme.MUTED)
        try:
            answers = await self.model.commands(to_send)
        finally:
            self.preview_view.cancel_button.setEnabled(True)
        rows = [a.row for a in shown.actions if a.kind in ("add", "update")]
        refused = [(rows[i] if i < len(rows) else None, a) for i, a in enumerate(answers) if a.get("type") != "ack"]
        done = [name for (name, _), a in zip(to_send, answers, strict=True) if a.get("type") == "ack"]
        added, updated = done.count("delegate.add"), done.count("delegate.update")
        if not refused:
            self._close_preview()
            self._say(self._summary(added, updated, shown), theme.LIVE)
            return
        lines = [self._refusal(row, answer) for row, answer in refused]
        text = "\n".join(lines[:8]) + ("\n…" if len(lines) > 8 else "")
        if done:
            text = self._summary(added, updated, None) + "\n" + text
        self.preview_view.set_status(text, theme.DANGER)

    def _summary(self, added: int, updated: int, shown: ImportPreview | None) -> str:
        if updated == 0:
            text = self.tr("Đã nhập {0} đại biểu.").format(added)
        else:
            text = self.tr("Đã nhập {0} đại biểu: thêm {1}, cập nhật {2}.").format(added + updated, added, updated)
        if shown is not None and shown.n_total is not None:
            text += " " + self.tr("Tổng số đại biểu HĐND (N): {0} → {1}.").format(*shown.n_total)
        return text

    def _refusal(self, row: int | None, answer: dict[str, Any]) -> str:
        message = str(answer.get("message") or self.tr("Máy chủ từ chối."))
        if row is None:
            return self.tr("Tổng số đại biểu HĐND (N): không đổi được: {0}").format(message)
        return self.tr("Dòng {0}: máy chủ không nhận: {1}").format(row, message)

    def _close_preview(self) -> None:
        self.stack.setCurrentIndex(0)

    def _say(self, text: str, color: str) -> None:
        self.result_label.setText(text)
        theme.restyle(self.result_label, f"color: {color}; font-weight: bold;")
        self.result_label.show()


def _group_ids(state: MeetingState) -> set[str]:
    return {d.group_id for d in state.delegates.values()}
