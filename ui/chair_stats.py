"""Per-delegate speaking statistics for the chair: contributions and total time, per item or per
sitting; and the minutes of the sitting (biên bản kỳ họp) as a PDF, written from the log."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from pathlib import Path

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QRadioButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.minutes import minutes_pdf
from app.speaking_time import SpeakerStats, speaker_stats
from ui.chair_model import ChairViewModel, spawn
from ui.speaker_timer import clock_text

log = logging.getLogger(__name__)


class StatsPanel(QFrame):
    """A small table, most time first: Đại biểu, Tổ, Số lượt, Tổng thời gian.

    Attributes: table, item_button, sitting_button (which scope is shown), rows (the last stats),
    minutes_button and minutes_label (the minutes PDF and what became of it), choose_path (asks
    where to save; tests give a path).
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
        self.minutes_button = QPushButton(self.tr("Lưu biên bản kỳ họp (PDF)"), self)
        self.minutes_button.setToolTip(self.tr(
            "Biên bản lập từ nhật ký kỳ họp: điểm danh, các nội dung với thời gian, người phát biểu, "
            "mọi cuộc biểu quyết và kết quả."))
        self.minutes_button.clicked.connect(self.save_minutes)
        self.minutes_label = QLabel(self)
        self.minutes_label.setWordWrap(True)
        self.minutes_label.hide()
        self.choose_path: Callable[[], str] = self._ask_path
        records = QHBoxLayout()
        records.addWidget(self.minutes_button)
        records.addWidget(self.minutes_label, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(scopes)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty_label)
        layout.addLayout(records)
        self.refresh()

    def _ask_path(self) -> str:
        suggested = str(Path.home() / "bien-ban-ky-hop.pdf")
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Lưu biên bản kỳ họp"), suggested,
                                              self.tr("Tệp PDF (*.pdf)"))
        if path and not path.lower().endswith(".pdf"):
            path += ".pdf"
        return path

    def save_minutes(self) -> None:
        """From the console's own replica of the log: it works offline, and composing a long
        sitting's PDF runs off the GUI thread."""
        state = self.model.state
        if state.meeting is None:
            return
        path = self.choose_path()
        if not path:
            return
        replica = self.model.connection.replica
        self.minutes_label.setText(self.tr("Đang lập biên bản…"))
        self.minutes_label.show()

        async def run() -> None:
            try:
                data = await asyncio.to_thread(lambda: minutes_pdf(state, replica.events()))
                await asyncio.to_thread(Path(path).write_bytes, data)
            except OSError as error:
                log.warning("could not save the minutes to %s: %s", path, error)
                text = self.tr("Không lưu được tệp {path}: {why}").format(path=path, why=error.strerror)
            else:
                text = self.tr("Đã lưu: {path}").format(path=path)
            if shiboken6.isValid(self):
                self.minutes_label.setText(text)

        spawn(run())

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
