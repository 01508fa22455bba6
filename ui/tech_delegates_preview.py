"""What importing a delegate list would do, shown before anything is sent: counts, the rows that
change something, the errors in red with their line numbers, the notes."""

from __future__ import annotations

from collections.abc import Collection
from typing import Final

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.delegate_import import ImportPreview, commands
from ui import theme
from ui.chair_attendance_words import short_group
from ui.tech_panel_parts import primary

SHOWN_KINDS: Final = ("add", "update", "skip")


class ImportPreviewView(QWidget):
    """One ImportPreview: what the file is, the counts (thêm / cập nhật / không đổi), the errors
    (each with its line, in red: while there is one «Áp dụng» stays disabled), the rows to add or
    update with what changes, then the notes and the delegates the file does not name.

    Attributes: preview (ImportPreview | None), file_label, counts_label, errors_label,
    errors_list, actions_table, notes_list, status_label, apply_button, cancel_button.
    Methods: show_preview(preview, known), set_status(text, color), error_texts(), action_rows().
    """

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.preview: ImportPreview | None = None
        self.kinds = {"add": self.tr("Thêm"), "update": self.tr("Cập nhật"), "unchanged": self.tr("Không đổi"),
                      "skip": self.tr("Bỏ qua")}
        self.file_label = QLabel(self)
        self.file_label.setWordWrap(True)
        self.file_label.setStyleSheet("font-size: 16pt; font-weight: bold;")
        self.counts_label = QLabel(self)
        self.counts_label.setWordWrap(True)
        self.counts_label.setTextFormat(Qt.TextFormat.RichText)
        self.errors_label = QLabel(self)
        self.errors_label.setWordWrap(True)
        self.errors_label.setStyleSheet(
            f"color: {theme.DANGER}; background: {theme.DANGER_BG}; border: 2px solid {theme.DANGER};"
            "border-radius: 6px; padding: 6px 10px; font-weight: bold;")
        self.errors_list = QListWidget(self)
        self.errors_list.setWordWrap(True)
        self.errors_list.setStyleSheet(f"QListWidget {{ border: 2px solid {theme.DANGER}; }}")

        self.actions_table = QTableWidget(0, 5, self)
        self.actions_table.setHorizontalHeaderLabels(
            [self.tr("Dòng"), self.tr("Thao tác"), self.tr("Đại biểu"), self.tr("Tổ đại biểu"), self.tr("Thay đổi")])
        self.actions_table.verticalHeader().hide()
        self.actions_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.actions_table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.actions_table.setWordWrap(False)
        header = self.actions_table.horizontalHeader()
        for column in (0, 1):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self.actions_table.setColumnWidth(2, 240)
        self.actions_table.setColumnWidth(3, 280)

        self.notes_list = QListWidget(self)
        self.notes_list.setWordWrap(True)
        self.notes_list.setMaximumHeight(150)
        self.status_label = QLabel(self)
        self.status_label.setWordWrap(True)
        self.apply_button = primary(QPushButton(self.tr("Áp dụng"), self))
        self.cancel_button = QPushButton(self.tr("Hủy, không nhập"), self)
        buttons = QHBoxLayout()
        buttons.addWidget(self.status_label, 1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.apply_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.file_label)
        layout.addWidget(self.counts_label)
        layout.addWidget(self.errors_label)
        layout.addWidget(self.errors_list, 1)
        layout.addWidget(self.actions_table, 3)
        layout.addWidget(self.notes_list)
        layout.addLayout(buttons)

    def show_preview(self, preview: ImportPreview, known: Collection[str] = ()) -> None:
        """`known`: the meeting's Tổ ids (those the file names but does not create)."""
        self.preview = preview
        table = preview.table
        rows = len(table.rows)
        self.file_label.setText(self.tr("Xem trước tệp «{0}»").format(table.filename))
        counts = [f"{self.kinds[kind]}: <b>{preview.count(kind)}</b>" for kind in ("add", "update", "unchanged")]
        if preview.count("skip"):
            counts.append(f"{self.kinds['skip']}: <b>{preview.count('skip')}</b>")
        if preview.errors:
            counts.append(f"<span style='color:{theme.DANGER}'><b>"
                          + self.tr("{0} lỗi").format(len(preview.errors)) + "</b></span>")
        described = self.tr("{0}; {1} dòng đại biểu.").format(table.describe(), rows) if rows else ""
        self.counts_label.setText(" · ".join(counts) + (f"<br><span style='color:{theme.MUTED}'>{described}</span>"
                                                        if described else ""))

        self.errors_list.clear()
        for error in preview.errors:
            item = QListWidgetItem("⚠ " + error.message)
            item.setForeground(QColor(theme.DANGER))
            self.errors_list.addItem(item)
        self.errors_label.setText(self.tr("Tệp có {0} lỗi nên chưa nhập được. Hãy sửa các dòng dưới đây trong tệp "
                                          "rồi nhập lại; chưa có gì được gửi.").format(len(preview.errors)))
        self.errors_label.setVisible(bool(preview.errors))
        self.errors_list.setVisible(bool(preview.errors))

        shown = [a for a in preview.actions if a.kind in SHOWN_KINDS]
        self.actions_table.setRowCount(len(shown))
        for row, action in enumerate(shown):
            detail = "; ".join(f"{c.label}: {c.old or '—'} → {c.new or '—'}" for c in action.changes) or action.note
            if action.kind == "add":
                detail = str(action.args.get("title", ""))
            cells = [str(action.row), self.kinds[action.kind], action.name, short_group(action.group_name), detail]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                if column == 1 and action.kind == "add":
                    item.setForeground(QColor(theme.LIVE))
                self.actions_table.setItem(row, column, item)
        self.actions_table.setVisible(bool(shown))

        self.notes_list.clear()
        # One line for the groups the file creates, not one per group: the rest stays readable.
        groups = [w for w in preview.warnings if w.code == "new_group"]
        if groups:
            created = {a.args.get("group_id", ""): short_group(a.group_name) for a in preview.actions
                       if a.kind == "add" and a.args.get("group_id") not in known}
            names = ", ".join(name for _, name in sorted(created.items()))
            item = QListWidgetItem(self.tr("• {0} tổ đại biểu mới sẽ được tạo theo tệp: {1}.").format(len(groups), names))
            item.setForeground(QColor(theme.WARN))
            self.notes_list.addItem(item)
        for warning in preview.warnings:
            if warning.code == "new_group":
                continue
            item = QListWidgetItem("• " + warning.message)
            item.setForeground(QColor(theme.WARN))
            self.notes_list.addItem(item)
        if preview.missing:
            names = ", ".join(d.name for d in preview.missing[:5]) + ("…" if len(preview.missing) > 5 else "")
            self.notes_list.addItem(self.tr("• {0} đại biểu của kỳ họp không có trong tệp; giữ nguyên, không xóa: {1}")
                                    .format(len(preview.missing), names))
        if preview.n_total is not None:
            self.notes_list.addItem(self.tr("• Tổng số đại biểu HĐND (N): {0} → {1}.").format(*preview.n_total))
        self.notes_list.setVisible(self.notes_list.count() > 0)

        to_send = commands(preview)
        self.apply_button.setEnabled(bool(to_send))
        self.cancel_button.setText(self.tr("Đóng") if preview.errors or not to_send else self.tr("Hủy, không nhập"))
        if preview.errors:
            self.set_status(self.tr("Sửa tệp rồi bấm «Nhập danh sách…» lại."), theme.DANGER)
        elif not to_send:
            self.set_status(self.tr("Danh sách trong tệp đã có đủ trong kỳ họp: không có gì cần thay đổi."), theme.MUTED)
        else:
            self.set_status(self.tr("Bấm «Áp dụng» để gửi {0} thay đổi lên máy chủ.").format(len(to_send)), theme.MUTED)

    def set_status(self, text: str, color: str) -> None:
        self.status_label.setText(text)
        theme.restyle(self.status_label, f"color: {color};")

    def error_texts(self) -> list[str]:
        return [self.errors_list.item(i).text().removeprefix("⚠ ") for i in range(self.errors_list.count())]

    def action_rows(self) -> list[list[str]]:
        table = self.actions_table
        return [[table.item(r, c).text() for c in range(table.columnCount())] for r in range(table.rowCount())]
