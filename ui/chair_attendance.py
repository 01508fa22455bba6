"""The presidium's attendance panel: who is here, the quorum, and absences recorded with their reason."""

from __future__ import annotations

from typing import Any, Final

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QBoxLayout,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.attendance import Status, quorum, status_of
from app.model import Delegate, MeetingState
from ui import theme
from ui.chair_absence import AbsenceDialog, absence_refusal
from ui.chair_attendance_words import (
    STATUS_COLORS,
    STATUSES,
    fold,
    seats_by_delegate,
    short_group,
    status_label,
)
from ui.chair_panel_kit import action_notes

NARROW_W: Final = 640
"""Below this width the panel drops the group column, stacks its filter and search, and lists
in NARROW_PT so that a whole name and a status fit side by side."""
NARROW_PT: Final = 13


class AttendancePanel(QWidget):
    """Attendance for the chair and the secretary: the live count against N, the quorum setting
    and whether it is met, a warning when nothing can pass, and every delegate with their status,
    filtered by status and searched by name without diacritics. The selected delegate can be
    recorded absent ("Đăng ký vắng mặt") unless checked in.

    Attributes: model, count_label, quorum_label (met or not), rule_label (the setting),
    breakdown_label (absences by kind), cannot_pass_label, filter_box, search_edit,
    table (one row per delegate, in protocol order), absence_button, why_label, error_label,
    absence_dialog (the open AbsenceDialog, or None).
    Methods: select(delegate_id), visible_delegates(), record_absence().
    Signals: delegate_did_get_selected(delegate_id).
    """

    delegate_did_get_selected = Signal(str)

    COLUMNS: Final = 4

    def __init__(self, model: Any, parent: QWidget | None = None):
        super().__init__(parent)
        self.model = model
        self.absence_dialog: AbsenceDialog | None = None
        self._rows: dict[str, int] = {}
        self._seen: tuple[Any, ...] = ()

        heading = QLabel(self.tr("Điểm danh"), self)
        heading.setStyleSheet("font-size: 18pt; font-weight: bold;")
        self.count_label = QLabel(self)
        self.count_label.setStyleSheet("font-size: 24pt; font-weight: bold;")
        self.quorum_label = QLabel(self)
        self.quorum_label.setWordWrap(True)
        self.rule_label = QLabel(self)
        self.rule_label.setWordWrap(True)
        self.rule_label.setStyleSheet(f"color: {theme.MUTED}; font-size: 13pt;")
        self.breakdown_label = QLabel(self)
        self.breakdown_label.setWordWrap(True)
        self.breakdown_label.setStyleSheet(f"color: {theme.MUTED}; font-size: 13pt;")
        self.cannot_pass_label = QLabel(
            self.tr("⚠ Không đủ đại biểu để thông qua: cần hơn một nửa tổng số đại biểu"), self
        )
        self.cannot_pass_label.setWordWrap(True)
        self.cannot_pass_label.setStyleSheet(
            f"color: {theme.DANGER}; background: {theme.DANGER_BG}; border: 2px solid {theme.DANGER};"
            "border-radius: 6px; padding: 6px 10px; font-weight: bold;"
        )

        self.filter_box = QComboBox(self)
        self.filter_box.setMinimumHeight(theme.MIN_TOUCH_PX)
        self.filter_box.addItem("", None)
        for status in STATUSES:
            self.filter_box.addItem("", status)
        self.search_edit = QLineEdit(self)
        self.search_edit.setMinimumHeight(theme.MIN_TOUCH_PX)
        self.search_edit.setPlaceholderText(self.tr("Tìm theo tên (gõ không dấu cũng được)"))
        self.search_edit.setClearButtonEnabled(True)
        tools = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        tools.addWidget(self.filter_box)
        tools.addWidget(self.search_edit, 1)
        self.tools = tools

        self.table = QTableWidget(0, self.COLUMNS, self)
        self.table.setHorizontalHeaderLabels(
            [self.tr("Họ và tên"), self.tr("Tổ đại biểu"), self.tr("Ghế"), self.tr("Tình trạng")]
        )
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(theme.MIN_TOUCH_PX)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        header = self.table.horizontalHeader()
        # Names whole (the chair reads them out); group and status share the rest, elided with
        # the full text as a tooltip.
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        header.setHighlightSections(False)
        header.setStyleSheet("QHeaderView::section { font-weight: bold; padding: 6px; }")
        self.table.setStyleSheet(
            f"QTableWidget {{ gridline-color: #dde1e5; }}"
            f"QTableWidget::item:selected {{ background: #cfe0f7; color: {theme.INK}; }}"
        )
        self.empty_label = QLabel(self.tr("Không có đại biểu nào khớp."), self)
        self.empty_label.setStyleSheet(f"color: {theme.MUTED};")
        self.empty_label.hide()

        self.selected_label = QLabel(self)
        self.selected_label.setWordWrap(True)
        self.selected_label.setStyleSheet("font-weight: bold;")
        self.absence_button = QPushButton(self.tr("Ghi vắng mặt…"), self)
        self.why_label, self.error_label = action_notes(self)
        actions = QHBoxLayout()
        actions.addWidget(self.selected_label, 1)
        actions.addWidget(self.absence_button)

        summary = QFrame(self)
        summary.setObjectName("attendanceSummary")
        summary.setStyleSheet(
            f"QFrame#attendanceSummary {{ background: {theme.PANEL}; border-radius: 8px; }}"
        )
        top = QVBoxLayout(summary)
        top.setContentsMargins(12, 8, 12, 8)
        top.setSpacing(4)
        top.addWidget(heading)
        top.addWidget(self.count_label)
        top.addWidget(self.quorum_label)
        top.addWidget(self.rule_label)
        top.addWidget(self.breakdown_label)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 10, 10, 10)
        layout.setSpacing(8)
        layout.addWidget(summary)
        layout.addWidget(self.cannot_pass_label)
        layout.addLayout(tools)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty_label)
        layout.addLayout(actions)
        layout.addWidget(self.why_label)
        layout.addWidget(self.error_label)

        self.filter_box.currentIndexChanged.connect(self._apply_filter)
        self.search_edit.textChanged.connect(self._apply_filter)
        self.table.itemSelectionChanged.connect(self._selection_did_change)
        self.table.cellDoubleClicked.connect(lambda row, column: self.record_absence())
        self.absence_button.clicked.connect(self.record_absence)
        model.state_did_change.connect(self.refresh)
        self.refresh()

    def resizeEvent(self, event: Any) -> None:
        # In a narrow column (a tab of the console) the name and the status matter most: the
        # group column goes, and the search gets a line of its own.
        narrow = event.size().width() < NARROW_W
        if narrow != self.table.isColumnHidden(1):
            self.table.setColumnHidden(1, narrow)
            font = QFont(self.font())
            font.setPointSize(NARROW_PT if narrow else self.font().pointSize())
            self.table.setFont(font)
            self._seen = ()  # the status cells take the table's font again
            self.refresh()
        self.tools.setDirection(QBoxLayout.Direction.TopToBottom if narrow else QBoxLayout.Direction.LeftToRight)
        super().resizeEvent(event)

    # -- reading -------------------------------------------------------------------------------

    def selected_delegate(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        item = self.table.item(rows[0].row(), 0)
        return None if item is None else item.data(Qt.ItemDataRole.UserRole)

    def visible_delegates(self) -> list[str]:
        return [
            self.table.item(row, 0).data(Qt.ItemDataRole.UserRole)
            for row in range(self.table.rowCount())
            if not self.table.isRowHidden(row)
        ]

    def status_text(self, delegate_id: str) -> str:
        row = self._rows.get(delegate_id)
        item = None if row is None else self.table.item(row, 3)
        return "" if item is None else item.text()

    # -- acting --------------------------------------------------------------------------------

    def select(self, delegate_id: str) -> None:
        row = self._rows.get(delegate_id)
        if row is not None:
            self.table.selectRow(row)
            self.table.scrollToItem(self.table.item(row, 0))

    def record_absence(self) -> None:
        """Opens the absence dialog for the selected delegate (window-modal, not blocking)."""
        delegate_id = self.selected_delegate()
        if delegate_id is None or not self.absence_button.isEnabled():
            return
        self.error_label.hide()
        dialog = AbsenceDialog(self.model, delegate_id, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _: self._dialog_closed(dialog))
        self.absence_dialog = dialog
        dialog.open()

    def _dialog_closed(self, dialog: AbsenceDialog) -> None:
        if self.absence_dialog is dialog:
            self.absence_dialog = None

    # -- refresh -------------------------------------------------------------------------------

    def refresh(self) -> None:
        state: MeetingState = self.model.state
        # Speaking and agenda events leave attendance as it was: nothing to redraw.
        seen = (state.meeting, state.delegates, state.seats, state.present, state.absences)
        if len(seen) == len(self._seen) and all(a is b for a, b in zip(seen, self._seen, strict=True)):
            return
        self._seen = seen
        self._refresh_summary(state)
        self._refresh_table(state)
        self._apply_filter()
        self._on_selection()

    def _refresh_summary(self, state: MeetingState) -> None:
        q = quorum(state)
        self.count_label.setText(self.tr("Có mặt: {present}/{total}").format(present=q.present, total=q.n_total))
        self.rule_label.setText(self.tr("Túc số: {num}/{den} tổng số đại biểu, cần {required} đại biểu có mặt.").format(
            num=q.quorum_num, den=q.quorum_den, required=q.required
        ))
        if state.meeting is None:
            verdict, color = self.tr("Chưa có kỳ họp."), theme.MUTED
        elif q.met:
            verdict, color = self.tr("✓ Đã đủ túc số."), theme.LIVE
        else:
            verdict, color = (
                self.tr("Chưa đủ túc số: còn thiếu {missing}.").format(missing=q.required - q.present),
                theme.WARN,
            )
        self.quorum_label.setText(verdict)
        self.quorum_label.setStyleSheet(f"color: {color}; font-size: 16pt; font-weight: bold;")
        self.cannot_pass_label.setVisible(state.meeting is not None and q.cannot_pass)
        counts = {s: 0 for s in STATUSES}
        for delegate_id in state.delegates:
            counts[status_of(state, delegate_id)] += 1
        self.breakdown_label.setText(
            " · ".join(f"{status_label(s)}: {counts[s]}" for s in STATUSES[1:])
        )
        self.filter_box.setItemText(0, self.tr("Tất cả ({n})").format(n=len(state.delegates)))
        for index, status in enumerate(STATUSES, start=1):
            self.filter_box.setItemText(index, f"{status_label(status)} ({counts[status]})")

    def _refresh_table(self, state: MeetingState) -> None:
        seats = seats_by_delegate(state)
        order = sorted(state.delegates.values(), key=lambda d: d.delegate_id)
        if [d.delegate_id for d in order] != list(self._rows):
            selected = self.selected_delegate()
            self.table.clearContents()
            self.table.setRowCount(len(order))
            self._rows = {d.delegate_id: row for row, d in enumerate(order)}
            for row in range(len(order)):
                for column in range(self.COLUMNS):
                    self.table.setItem(row, column, QTableWidgetItem())
            if selected is not None:
                self.select(selected)
        bold = QFont(self.table.font())
        bold.setBold(True)
        for delegate in order:
            row = self._rows[delegate.delegate_id]
            seat = seats.get(delegate.delegate_id)
            status = status_of(state, delegate.delegate_id)
            texts = [delegate.name, short_group(delegate.group_name), seat.label if seat else "–",
                     self._status_text(state, delegate, status)]
            for column, text in enumerate(texts):
                item = self.table.item(row, column)
                item.setText(text)
                item.setToolTip(text)
                item.setData(Qt.ItemDataRole.UserRole, delegate.delegate_id)
            status_item = self.table.item(row, 3)
            status_item.setForeground(QColor(STATUS_COLORS[status]))
            status_item.setFont(bold if status != "not_checked_in" else self.table.font())
            status_item.setData(Qt.ItemDataRole.UserRole + 1, status)

    def _status_text(self, state: MeetingState, delegate: Delegate, status: Status) -> str:
        absence = state.absences.get(delegate.delegate_id)
        if status == "excused" and absence is not None and absence.reason:
            return f"{status_label(status)}: {absence.reason}"
        return status_label(status)

    def _apply_filter(self) -> None:
        wanted = self.filter_box.currentData()
        needle = fold(self.search_edit.text())
        shown = 0
        for row in range(self.table.rowCount()):
            name = self.table.item(row, 0).text()
            status = self.table.item(row, 3).data(Qt.ItemDataRole.UserRole + 1)
            visible = (wanted is None or status == wanted) and needle in fold(name)
            self.table.setRowHidden(row, not visible)
            shown += visible
        self.empty_label.setVisible(shown == 0)

    def _on_selection(self) -> None:
        delegate_id = self.selected_delegate()
        state: MeetingState = self.model.state
        delegate = None if delegate_id is None else state.delegates.get(delegate_id)
        if delegate is None:
            self.selected_label.setText(self.tr("Chọn một đại biểu trong danh sách."))
            self.absence_button.setEnabled(False)
            self.why_label.hide()
            return
        self.selected_label.setText(delegate.name)
        why = absence_refusal(self.model, delegate.delegate_id)
        self.absence_button.setEnabled(why is None)
        self.why_label.setText(why or "")
        self.why_label.setVisible(why is not None)

    def _selection_did_change(self) -> None:
        self._on_selection()
        delegate_id = self.selected_delegate()
        if delegate_id is not None:
            self.delegate_did_get_selected.emit(delegate_id)

