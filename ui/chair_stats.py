"""Per-delegate speaking statistics for the chair: contributions and total time, per item or per sitting."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QRadioButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.speaking_time import SpeakerStats, speaker_stats
from ui.chair_model import ChairViewModel
from ui.speaker_timer import clock_text


class StatsPanel(QFrame):
    """A small table, most time first: Đại biểu, Tổ, Số lượt, Tổng thời gian.

    Attributes: table, item_button, sitting_button (which scope is shown), rows (the last stats).
    """

    def __init__(self, model: ChairViewModel, parent: QWidget | None = None):
        super().__init__(parent)
        self.model = model
        self.rows: list[SpeakerStats] = []
        self._shown: tuple[object, ...] | None = None
        self.item_button = QRadioButton(self.tr("Nội dung đang thảo luận"), self)
        self.sitting_button = QRadioButton(self.tr("Cả phiên họp"), self)
        self.item_button.setChecked(True)
        scope = QButtonGroup(self)
        scope.addButton(self.item_button)
        scope.addButton(self.sitting_button)
        scope.buttonToggled.connect(lambda *_: self.refresh())
        self.table = QTableWidget(0, 4, self)
        self.table.setHorizontalHeaderLabels(
            [self.tr("Đại biểu"), self.tr("Tổ"), self.tr("Số lượt"), self.tr("Tổng thời gian")]
        )
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2, 3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.empty_label = QLabel(self.tr("Chưa có lượt phát biểu nào."), self)
        scopes = QHBoxLayout()
        scopes.addWidget(self.item_button)
        scopes.addWidget(self.sitting_button)
        scopes.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(scopes)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty_label)
        self.refresh()

    def refresh(self) -> None:
        """Recounted at the model's clock, so the speech in progress counts with its time so far."""
        state = self.model.state
        item_id = state.active_item if self.item_button.isChecked() else None
        if self.item_button.isChecked() and item_id is None:
            stats: dict[str, SpeakerStats] = {}
        else:
            stats = speaker_stats(state, item_id, self.model.now())
        self.rows = sorted(stats.values(), key=lambda s: (-s.total_s, s.delegate_id))
        key = tuple((s.delegate_id, s.speeches, s.total_s) for s in self.rows)
        self.empty_label.setVisible(not self.rows)
        if key == self._shown:
            return
        self._shown = key
        self.table.setRowCount(len(self.rows))
        for row, s in enumerate(self.rows):
            delegate = self.model.delegate(s.delegate_id)
            cells = [
                delegate.name if delegate is not None else s.delegate_id,
                delegate.group_name if delegate is not None else "",
                str(s.speeches),
                clock_text(s.total_s),
            ]
            for column, text in enumerate(cells):
                cell = QTableWidgetItem(text)
                if column >= 2:
                    cell.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(row, column, cell)
