"""The seat plan editor's dialogs: drawing the hall, and seating the groups by block."""

from __future__ import annotations

from typing import Final

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.model import MeetingState
from app.seat_plan import Block, Hall, blocks_in, groups_in
from ui import theme


class HallDialog(QDialog):
    """«Vẽ hội trường»: the presidium's seats, the blocks side by side (rows × seats per row) and
    the aisle between them. Attributes: presidium, count, rows, per_row (one spin box per block,
    A to H), aisle, total_label, ok_button. Method: hall() -> Hall."""

    LETTERS: Final = "ABCDEFGH"

    def __init__(self, hall: Hall | None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Vẽ hội trường"))
        self.presidium = self._spin(0, 60, hall.presidium if hall else 7)
        self.count = self._spin(1, len(self.LETTERS), len(hall.blocks) if hall else 3)
        self.aisle = self._spin(0, 5, hall.aisle if hall else 1)
        form = QFormLayout()
        form.addRow(self.tr("Số ghế Đoàn Chủ tọa:"), self.presidium)
        form.addRow(self.tr("Số khối ghế (trái sang phải):"), self.count)
        grid = QGridLayout()
        self.rows: list[QSpinBox] = []
        self.per_row: list[QSpinBox] = []
        self._lines: list[list[QWidget]] = []
        for index, letter in enumerate(self.LETTERS):
            known = hall.blocks[index] if hall and index < len(hall.blocks) else None
            rows = self._spin(1, 100, known.rows if known else 5)
            per_row = self._spin(1, 100, known.per_row if known else 10)
            widgets: list[QWidget] = [QLabel(self.tr("Khối {0}:").format(letter), self), rows,
                                      QLabel(self.tr("hàng ×"), self), per_row, QLabel(self.tr("ghế mỗi hàng"), self)]
            for column, widget in enumerate(widgets):
                grid.addWidget(widget, index, column)
            self.rows.append(rows)
            self.per_row.append(per_row)
            self._lines.append(widgets)
        form.addRow(grid)
        form.addRow(self.tr("Lối đi giữa hai khối (số ghế):"), self.aisle)
        self.total_label = QLabel(self)
        self.total_label.setStyleSheet("font-weight: bold;")
        buttons = QDialogButtonBox(self)
        self.ok_button = buttons.addButton(self.tr("Vẽ hội trường"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.tr("Hủy"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.total_label)
        layout.addWidget(buttons)
        for spin in (self.presidium, self.count, *self.rows, *self.per_row):
            spin.valueChanged.connect(self._changed)
        self._changed()

    def _spin(self, low: int, high: int, value: int) -> QSpinBox:
        spin = QSpinBox(self)
        spin.setRange(low, high)
        spin.setValue(value)
        return spin

    def hall(self) -> Hall:
        blocks = tuple(Block(self.LETTERS[i], self.rows[i].value(), self.per_row[i].value())
                       for i in range(self.count.value()))
        return Hall(blocks, self.presidium.value(), self.aisle.value())

    def _changed(self) -> None:
        for index, widgets in enumerate(self._lines):
            for widget in widgets:
                widget.setVisible(index < self.count.value())
        hall = self.hall()
        self.total_label.setText(self.tr("Tổng cộng {0} ghế: Đoàn Chủ tọa {1}, các khối {2}.").format(
            hall.size, hall.presidium, hall.size - hall.presidium))


class AssignDialog(QDialog):
    """«Xếp tổ vào khối»: one group into a block, or every group in turn into the blocks from the
    left; the chair and the secretary optionally into the presidium. Attributes: group (combo:
    data None for every group), block (combo), presidium (check box), ok_button."""

    def __init__(self, state: MeetingState, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Xếp tổ vào khối"))
        self.group = QComboBox(self)
        self.group.addItem(self.tr("Tất cả các tổ, lần lượt vào các khối từ trái sang phải"), None)
        for group_id, group_name in groups_in(state):
            self.group.addItem(group_name, group_id)
        self.block = QComboBox(self)
        for name in blocks_in(state):
            self.block.addItem(self.tr("Khối {0}").format(name), name)
        self.presidium = QCheckBox(self.tr("Xếp Chủ tọa và Thư ký kỳ họp vào Đoàn Chủ tọa"), self)
        note = QLabel(self.tr("Đại biểu được xếp theo tên (tên rồi đến họ và tên đệm), từ hàng đầu, trái sang phải."),
                      self)
        note.setWordWrap(True)
        note.setStyleSheet(f"color: {theme.MUTED};")
        form = QFormLayout()
        form.addRow(self.tr("Tổ đại biểu:"), self.group)
        form.addRow(self.tr("Khối ghế:"), self.block)
        buttons = QDialogButtonBox(self)
        self.ok_button = buttons.addButton(self.tr("Xếp chỗ"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.tr("Hủy"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.presidium)
        layout.addWidget(note)
        layout.addWidget(buttons)
        self.group.currentIndexChanged.connect(lambda _: self.block.setEnabled(self.group.currentData() is not None))
        self.block.setEnabled(False)
