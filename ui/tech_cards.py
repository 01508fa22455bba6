"""The technician's «Thẻ đăng ký» panel: which seats and role devices have an enrolled device,
and printing their one-time enrollment cards (a PDF with a QR code per card)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any, Final

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QBrush, QColor, QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.clock import parse_iso
from app.errors import DomainError
from app.model import CHAIR, DELEGATE, DISPLAY, SECRETARY
from ui import theme
from ui.chair_model import spawn
from ui.tech_cards_model import CardRow, card_rows, print_cards
from ui.tech_panel_parts import refresh_on

KEY_ROLE: Final = Qt.ItemDataRole.UserRole
SEAT, PERSON, DEVICE = range(3)


class CardsPanel(QWidget):
    """«Thẻ đăng ký»: the chair's, the secretary's and the hall display's devices, then every seat,
    each with its device («Đã đăng ký»), a card printed and not used yet, or nothing.
    «In thẻ cho mọi ghế chưa đăng ký…» prints a card for every seat without a device; «Cấp lại
    thẻ…» prints one for the selected line. A new card cancels the earlier unused code of the
    same card, so a lost card opens nothing.

    Attributes: model (TechViewModel), summary_label, table, all_button, one_button, hours_box,
    open_box (open the PDF once saved), only_missing_box, result_label, rows (list[CardRow]),
    choose_save_path (suggested file name -> path or ""; a file dialog, replaceable).
    Methods: select(key), row_texts(key), async print_for(seats, roles).
    """

    def __init__(self, model: Any, parent: QWidget | None = None):
        super().__init__(parent)
        self.model = model
        self.rows: list[CardRow] = []
        self.choose_save_path: Callable[[str], str] = self._ask_path
        self._seen: tuple[Any, ...] = ()
        self.roles = {CHAIR: self.tr("Chủ tọa"), SECRETARY: self.tr("Thư ký kỳ họp"),
                      DISPLAY: self.tr("Màn hình hội trường")}

        heading = QLabel(self.tr("Thẻ đăng ký thiết bị"), self)
        heading.setStyleSheet("font-size: 18pt; font-weight: bold;")
        self.summary_label = QLabel(self)
        self.summary_label.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(heading)
        top.addWidget(self.summary_label, 1)

        self.table = QTableWidget(0, 3, self)
        self.table.setHorizontalHeaderLabels([self.tr("Ghế / thiết bị"), self.tr("Đại biểu"), self.tr("Thiết bị")])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(SEAT, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(PERSON, QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self.table.itemSelectionChanged.connect(self._update_buttons)

        self.all_button = QPushButton(self.tr("In thẻ cho mọi ghế chưa đăng ký…"), self)
        self.all_button.clicked.connect(self._all_clicked)
        self.one_button = QPushButton(self.tr("Cấp lại thẻ…"), self)
        self.one_button.clicked.connect(self._one_clicked)
        self.hours_box = QSpinBox(self)
        self.hours_box.setRange(1, 168)
        self.hours_box.setValue(24)
        self.hours_box.setSuffix(self.tr(" giờ"))
        self.hours_box.setMinimumHeight(theme.MIN_TOUCH_PX)
        self.open_box = QCheckBox(self.tr("Mở tệp thẻ sau khi lưu"), self)
        self.open_box.setChecked(True)
        self.only_missing_box = QCheckBox(self.tr("Chỉ hiện ghế chưa đăng ký"), self)
        self.only_missing_box.toggled.connect(self._filter)
        options = QHBoxLayout()
        options.addWidget(QLabel(self.tr("Mã dùng được trong"), self))
        options.addWidget(self.hours_box)
        options.addSpacing(20)
        options.addWidget(self.open_box)
        options.addStretch(1)
        options.addWidget(self.only_missing_box)
        buttons = QHBoxLayout()
        buttons.addWidget(self.all_button)
        buttons.addWidget(self.one_button)
        buttons.addStretch(1)
        self.result_label = QLabel(self)
        self.result_label.setWordWrap(True)
        self.result_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.result_label.hide()

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(buttons)
        layout.addLayout(options)
        layout.addWidget(self.result_label)
        layout.addWidget(self.table, 1)
        refresh_on(self, self.refresh, model.state_did_change, model.server_did_change)
        self.refresh()

    def _now(self) -> datetime:
        return self.model.server.room_clock.now()  # type: ignore[no-any-return]

    # -- the table ---------------------------------------------------------------------------------

    def refresh(self) -> None:
        state, server = self.model.state, self.model.server_state
        seen = (state.meeting, state.delegates, state.seats, server.devices, server.enrollments)
        if seen == self._seen:
            return
        self._seen = seen
        selected = self._selected()
        keys = [r.key for r in self.rows]
        self.rows = card_rows(state, server, self._now())
        fresh = keys != [r.key for r in self.rows]
        self.table.setRowCount(len(self.rows))
        for index, row in enumerate(self.rows):
            seat = row.seat_label if row.role == DELEGATE else self.roles[row.role]
            if row.role != DELEGATE and row.seat_label:
                seat += f" ({row.seat_label})"
            person = row.delegate_name if row.printable else self.tr("chưa xếp đại biểu")
            status, color = self._status(row)
            for column, text in ((SEAT, seat), (PERSON, person), (DEVICE, status)):
                item = QTableWidgetItem(text)
                item.setData(KEY_ROLE, row.key)
                if column == DEVICE:
                    item.setForeground(QBrush(QColor(color)))
                if row.role != DELEGATE:
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
                self.table.setItem(index, column, item)
        if fresh:
            self.table.resizeColumnToContents(SEAT)
            self.table.resizeColumnToContents(PERSON)
        seats = [r for r in self.rows if r.role == DELEGATE and r.printable]
        enrolled = sum(r.enrolled for r in seats)
        if state.meeting is None:
            self.summary_label.setText(self.tr("Hãy chọn kỳ họp trước."))
        else:
            self.summary_label.setText(self.tr("{0}/{1} ghế đã đăng ký thiết bị; {2} ghế chưa.")
                                       .format(enrolled, len(seats), len(seats) - enrolled))
        theme.restyle(self.summary_label, f"color: {theme.MUTED};")
        if selected is not None:
            self.select(selected)
        self._filter()
        self._update_buttons()

    def _filter(self) -> None:
        only = self.only_missing_box.isChecked()
        for index, row in enumerate(self.rows):
            self.table.setRowHidden(index, only and (row.enrolled or not row.printable))

    def _status(self, row: CardRow) -> tuple[str, str]:
        if not row.printable:
            return "", theme.MUTED
        if row.devices:
            names = ", ".join(d.device_name for d in row.devices)
            return self.tr("Đã đăng ký: {0}").format(names), theme.LIVE
        if row.waiting:
            last = max(e.expires_at for e in row.waiting)
            until = parse_iso(last).astimezone()
            return self.tr("Đã in thẻ, chờ đăng ký (hạn {0})").format(until.strftime("%H:%M %d/%m")), theme.WARN
        return self.tr("Chưa có thẻ"), theme.DANGER

    def _selected(self) -> str | None:
        items = self.table.selectedItems()
        return None if not items else str(items[0].data(KEY_ROLE))

    def _selected_row(self) -> CardRow | None:
        key = self._selected()
        return next((r for r in self.rows if r.key == key), None)

    def select(self, key: str) -> None:
        for index, row in enumerate(self.rows):
            if row.key == key:
                self.table.selectRow(index)
                return

    def row_texts(self, key: str) -> list[str]:
        index = next(i for i, r in enumerate(self.rows) if r.key == key)
        return [self.table.item(index, c).text() for c in range(3)]

    def _unenrolled(self) -> list[CardRow]:
        return [r for r in self.rows if r.role == DELEGATE and r.printable and not r.enrolled]

    def _update_buttons(self) -> None:
        missing = len(self._unenrolled())
        self.all_button.setEnabled(missing > 0)
        self.all_button.setText(self.tr("In thẻ cho {0} ghế chưa đăng ký…").format(missing) if missing
                                else self.tr("In thẻ cho mọi ghế chưa đăng ký…"))
        row = self._selected_row()
        self.one_button.setEnabled(row is not None and row.printable)
        again = row is not None and (row.enrolled or bool(row.waiting))
        self.one_button.setText(self.tr("Cấp lại thẻ…") if again or row is None else self.tr("In thẻ…"))

    # -- printing ----------------------------------------------------------------------------------

    def _ask_path(self, suggested: str) -> str:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Lưu thẻ đăng ký"), str(Path.home() / suggested),
                                              self.tr("Tệp PDF (*.pdf)"))
        if path and not path.lower().endswith(".pdf"):
            path += ".pdf"
        return path

    def _all_clicked(self) -> None:
        seats = [r.key for r in self._unenrolled()]
        if seats:
            self._print(seats, [], "the-dang-ky.pdf")

    def _one_clicked(self) -> None:
        row = self._selected_row()
        if row is None or not row.printable:
            return
        if row.role == DELEGATE:
            self._print([row.key], [], f"the-ghe-{row.seat_label}.pdf")
        else:
            self._print([], [row.role], f"the-{row.role}.pdf")

    def _print(self, seats: list[str], roles: list[str], suggested: str) -> None:
        path = self.choose_save_path(suggested)
        if path:
            spawn(self.print_for(seats, roles, Path(path)))

    async def print_for(self, seats: Sequence[str], roles: Sequence[str], path: Path) -> None:
        self.all_button.setEnabled(False)
        self.one_button.setEnabled(False)
        self._say(self.tr("Đang tạo mã và in thẻ…"), theme.MUTED)
        try:
            done = await print_cards(self.model, path, seats=seats, roles=roles,
                                     ttl_s=self.hours_box.value() * 3600, now=self._now())
        except DomainError as exc:
            self._say(exc.message, theme.DANGER)
            return
        except OSError as exc:
            self._say(self.tr("Không lưu được tệp {0}: {1}").format(path, exc.strerror or exc), theme.DANGER)
            return
        finally:
            self._update_buttons()
        lines = []
        if done.cards:
            assert done.expires is not None
            lines.append(self.tr("Đã in {0} thẻ ({1} trang) vào {2}. Mã dùng được một lần, đến {3}.").format(
                done.cards, done.pages, path, done.expires.strftime("%H:%M %d/%m/%Y")))
        if done.cancelled:
            lines.append(self.tr("Đã hủy {0} mã của thẻ in trước đó: thẻ cũ không còn dùng được.").format(done.cancelled))
        for issued, answer in done.refused:
            lines.append(self.tr("Máy chủ không nhận mã của thẻ {0}: {1}").format(
                issued.card.seat_label or self.roles.get(issued.card.role, issued.card.role), answer.get("message", "")))
        if done.kept:
            lines.append(self.tr("Lưu ý: máy chủ chưa hủy {0} mã của thẻ in trước đó; chúng còn dùng được đến khi hết "
                                 "hạn. Hãy in lại.").format(len(done.kept)))
        if not done.cards:
            lines.insert(0, self.tr("Không có thẻ nào được in."))
        self._say("\n".join(lines), theme.LIVE if done.cards and not done.refused and not done.kept else theme.DANGER)
        if done.cards and self.open_box.isChecked():
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

    def _say(self, text: str, color: str) -> None:
        self.result_label.setText(text)
        theme.restyle(self.result_label, f"color: {color}; font-weight: bold;")
        self.result_label.show()
