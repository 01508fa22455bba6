"""A vote while it runs: the ballots counted against those present, the time left, (open kind
only) who has not voted yet, and for a show of hands the secretary's count."""

from __future__ import annotations

from datetime import datetime
from typing import Final

from PySide6.QtCore import QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.clock import parse_iso
from app.model import MeetingState, Vote
from app.vote_rules import RESOLUTION_OPTIONS
from ui import theme
from ui.chair_panel_kit import error_style, make_primary
from ui.chair_vote_words import (
    delegate_line,
    kind_words,
    option_words,
)
from ui.speaker_timer import clock_text

BIG_PT: Final = 22
CLOCK_PT: Final = 30
SOON_S: Final = 10  # the last seconds of a vote are counted in red


class Bar(QWidget):
    """A horizontal share of a whole: `count` of `whole`, filled in `colour`, never animated."""

    def __init__(self, colour: str = theme.ACCENT, parent: QWidget | None = None):
        super().__init__(parent)
        self.count = 0
        self.whole = 0
        self.colour = colour
        self.setMinimumHeight(14)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def sizeHint(self) -> QSize:
        return QSize(120, 16)

    def set_share(self, count: int, whole: int, colour: str | None = None) -> None:
        if (count, whole, colour or self.colour) != (self.count, self.whole, self.colour):
            self.count, self.whole, self.colour = count, whole, colour or self.colour
            self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5)
        painter.setPen(QColor("#c9ced4"))
        painter.setBrush(QColor("#eef0f3"))
        painter.drawRoundedRect(rect, 4, 4)
        if self.whole > 0 and self.count > 0:
            filled = QRectF(rect)
            filled.setWidth(max(4.0, rect.width() * min(self.count, self.whole) / self.whole))
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(self.colour))
            painter.drawRoundedRect(filled, 4, 4)
        painter.end()


def muted(label: QLabel) -> QLabel:
    label.setWordWrap(True)
    label.setStyleSheet(f"color: {theme.MUTED}; font-size: 12pt;")
    return label


def value_label(parent: QWidget, style: str = "", text: str = "") -> QLabel:
    """A wrapping line of plain text (names come from the log: never read as markup)."""
    label = QLabel(text, parent)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    if style:
        label.setStyleSheet(style)
    return label


def title_label(parent: QWidget) -> QLabel:
    return value_label(parent, "font-size: 15pt; font-weight: bold;")


class HandsEntry(QFrame):
    """The secretary's count of a show of hands: three numbers, their total against those
    present shown as they are typed, and "Ghi kết quả".

    Attributes: boxes ({option: QSpinBox}), total_label, record_button.
    Signals: record_requested (read tally()).
    """

    record_requested = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.present = 0
        self.setObjectName("handsEntry")
        self.setStyleSheet(f"QFrame#handsEntry {{ background: {theme.PANEL}; border-radius: 8px; }}")
        heading = QLabel(self.tr("Kết quả đếm biểu quyết giơ tay"), self)
        heading.setStyleSheet("font-weight: bold;")
        # The three counts side by side, in the order the hall is asked to raise hands.
        form = QGridLayout()
        self.boxes: dict[str, QSpinBox] = {}
        for column, option in enumerate(RESOLUTION_OPTIONS):
            box = QSpinBox(self)
            box.setRange(0, 10_000)
            box.setMinimumHeight(theme.MIN_TOUCH_PX)
            box.setMinimumWidth(90)
            box.valueChanged.connect(self.update_total)
            self.boxes[option] = box
            name = QLabel(option_words(option), self)
            name.setStyleSheet("font-size: 13pt;")
            form.addWidget(name, 0, column)
            form.addWidget(box, 1, column)
        self.total_label = QLabel(self)
        self.total_label.setWordWrap(True)
        self.record_button = make_primary(QPushButton(self.tr("Ghi kết quả"), self))
        self.record_button.clicked.connect(self.record_requested)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        bottom = QHBoxLayout()
        bottom.addWidget(self.total_label, 1)
        bottom.addWidget(self.record_button)
        layout.addWidget(heading)
        layout.addLayout(form)
        layout.addLayout(bottom)

    def tally(self) -> dict[str, int]:
        return {option: box.value() for option, box in self.boxes.items()}

    def total(self) -> int:
        return sum(self.tally().values())

    def set_present(self, present: int) -> None:
        if present != self.present:
            self.present = present
            self.update_total()

    def reset(self) -> None:
        for box in self.boxes.values():
            box.setValue(0)
        self.update_total()

    def fits(self) -> bool:
        return self.total() <= self.present

    def update_total(self) -> None:
        total = self.total()
        text = self.tr("Tổng: {t} / {p} có mặt · Chưa biểu quyết: {rest}").format(
            t=total, p=self.present, rest=max(0, self.present - total))
        if not self.fits():
            text = self.tr("Tổng {t} lớn hơn số đại biểu có mặt ({p}): kiểm tra lại số đếm.").format(
                t=total, p=self.present)
        self.total_label.setText(text)
        self.total_label.setStyleSheet(error_style() if not self.fits() else "font-weight: bold;")
        self.record_button.setEnabled(self.fits() and self.isEnabled())


class ProgressBox(QFrame):
    """An open vote: "Đã bỏ phiếu: 45 / 50 có mặt" large, with a bar; the time left by the room's
    clock; for the open kind the present delegates who have not voted (names, by seat); for the
    secret kinds never a name; for a show of hands the count to enter.

    Attributes: title_label, kind_label, count_label, bar, clock_label, not_voted_label,
    not_voted_list, secret_label, hands (HandsEntry).
    """

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._closes_at: datetime | None = None
        self._hands = False
        self.title_label = title_label(self)
        self.kind_label = muted(QLabel(self))
        self.count_label = QLabel(self)
        self.count_label.setWordWrap(True)
        self.count_label.setStyleSheet(f"font-size: {BIG_PT}pt; font-weight: bold;")
        self.bar = Bar(theme.LIVE, self)
        self.bar.setMinimumHeight(22)
        self.clock_label = QLabel(self)
        self.clock_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.clock_caption = muted(QLabel(self))
        self.not_voted_label = QLabel(self)
        self.not_voted_label.setStyleSheet("font-weight: bold;")
        self.not_voted_list = QListWidget(self)
        self.not_voted_list.setStyleSheet("QListWidget { font-size: 13pt; }")
        self.not_voted_list.setMinimumHeight(120)
        # Present delegates whose seat is not connected cannot vote: the chair may wait or send help.
        self.offline_label = QLabel(self)
        self.offline_label.setWordWrap(True)
        self.offline_label.setStyleSheet(f"color: {theme.DANGER}; font-weight: bold; font-size: 13pt;")
        self.secret_label = muted(QLabel(
            self.tr("Bỏ phiếu kín: màn hình không cho biết ai đã hoặc chưa bỏ phiếu."), self))
        self.hands = HandsEntry(self)
        top = QHBoxLayout()
        top.addWidget(self.kind_label, 1)
        top.addWidget(self.clock_caption, 0, Qt.AlignmentFlag.AlignBottom)
        top.addWidget(self.clock_label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title_label)
        layout.addLayout(top)
        layout.addWidget(self.count_label)
        layout.addWidget(self.bar)
        layout.addWidget(self.offline_label)
        layout.addWidget(self.secret_label)
        layout.addWidget(self.hands)
        layout.addWidget(self.not_voted_label)
        layout.addWidget(self.not_voted_list, 1)
        layout.addStretch(0)  # takes the room when there is no list of names (secret kinds, hands)

    def show_vote(self, vote: Vote, state: MeetingState, can_count: bool,
                  online: frozenset[str] | None = None) -> None:
        """`online`: the delegates whose seat is connected (docs/presence.md), None if unknown."""
        present = len(state.present)
        self.title_label.setText(vote.title)
        self.kind_label.setText(self.tr("Đang biểu quyết · {kind}").format(kind=kind_words(vote.kind, vote.rule)))
        hands = vote.kind == "hands"
        if hands:
            self.count_label.setText(self.tr("Giơ tay: {p} đại biểu có mặt").format(p=present))
        else:
            self.count_label.setText(self.tr("Đã bỏ phiếu: {c} / {p} có mặt").format(c=vote.count, p=present))
        self.bar.setVisible(not hands)
        self.bar.set_share(vote.count, present)
        self.hands.setVisible(hands)
        self.hands.setEnabled(can_count)
        self.hands.set_present(present)
        self.hands.update_total()
        self.secret_label.setVisible(vote.secret)
        named = vote.kind == "open"
        self.not_voted_label.setVisible(named)
        self.not_voted_list.setVisible(named)
        if named:
            self._not_voted(vote, state)
        self._closes_at = parse_iso(vote.closes_at) if vote.closes_at else None
        self._hands = hands
        self._offline(state, online, hidden=hands)

    def _offline(self, state: MeetingState, online: frozenset[str] | None, hidden: bool) -> None:
        seats = {s.delegate_id: s.label for s in state.seats.values() if s.delegate_id is not None}
        dropped = [] if online is None else sorted(state.present - online, key=lambda d: (seats.get(d, "~"), d))
        names = ", ".join(f"{delegate_line(state, d)} ({seats[d]})" if d in seats else delegate_line(state, d)
                          for d in dropped)
        self.offline_label.setText(
            self.tr("Thiết bị mất kết nối ({n}): {names}").format(n=len(dropped), names=names))
        self.offline_label.setVisible(bool(dropped) and not hidden)
    def _not_voted(self, vote: Vote, state: MeetingState) -> None:
        seats = {s.delegate_id: s.label for s in state.seats.values() if s.delegate_id is not None}
        waiting = sorted(state.present - vote.voted, key=lambda d: (seats.get(d, "~"), d))
        self.not_voted_label.setText(self.tr("Có mặt, chưa bỏ phiếu ({n}):").format(n=len(waiting)))
        lines = [
            f"{delegate_line(state, d)} ({seats[d]})" if d in seats else delegate_line(state, d) for d in waiting
        ]
        if [self.not_voted_list.item(n).text() for n in range(self.not_voted_list.count())] != lines:
            self.not_voted_list.clear()
            self.not_voted_list.addItems(lines)

    def tick(self, now: datetime) -> None:
        if self._hands:  # a show of hands has no time limit: the count ends it
            self.clock_caption.setText("")
            self.clock_label.setText("")
            return
        if self._closes_at is None:
            self.clock_caption.setText(self.tr("Thời gian"))
            self.clock_label.setText(self.tr("Không giới hạn"))
            self.clock_label.setStyleSheet(f"font-size: 16pt; font-weight: bold; color: {theme.MUTED};")
            return
        left = max(0.0, (self._closes_at - now).total_seconds())
        self.clock_caption.setText(self.tr("Còn lại"))
        self.clock_label.setText(clock_text(left))
        colour = theme.DANGER if left <= SOON_S else theme.INK
        theme.restyle(self.clock_label, f"font-size: {CLOCK_PT}pt; font-weight: bold; color: {colour};")
