"""The seat window's header: the meeting's title, who sits here, the room's last word (a refusal in
red, news in blue), and the row of buttons (agenda, speak, follow the chair, check-in, settings),
fitted to a narrow screen. Its words keep the "SeatWindow" context they are translated under
(resources/translations)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from ui import theme
from ui.seat_model import SeatViewModel
from ui.seat_speaking import SpeakButton

# The header's buttons below COMPACT_BELOW (the parent's sheet wins over the theme's).
COMPACT_HEADER_PT = 13


class SeatHeader(QWidget):
    """The top of the seat window, kept by both columns of a narrow screen.

    The window hands it the buttons it makes elsewhere (add_buttons): the agenda toggle, the
    speak button and the follow toggle. Attributes: title_label, who_label, message_label,
    check_in_button, settings_button; agenda_button, speak_button, follow_button once added.
    """

    def __init__(self, model: SeatViewModel, parent: QWidget | None = None):
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)  # the theme paints it as a plain QWidget
        self.model = model
        self.setObjectName("seatHeader")
        self.title_label = QLabel(self)
        self.title_label.setWordWrap(True)
        self.title_label.setStyleSheet(f"font-size: {theme.pt(19)}pt; font-weight: bold;")
        self.who_label = QLabel(self)
        self.who_label.setStyleSheet(f"color: {theme.MUTED};")
        self.message_label = QLabel(self)
        self.message_label.setWordWrap(True)
        self.message_label.setStyleSheet(f"color: {theme.DANGER}; font-weight: bold;")
        self.message_label.hide()
        self.check_in_button = QPushButton(self)
        self.check_in_button.setObjectName("checkIn")
        self.check_in_button.setMinimumHeight(theme.px(60))
        self.check_in_button.setMinimumWidth(theme.px(190))
        self.check_in_button.setAutoDefault(True)  # Enter presses it, as Space does
        self.check_in_button.setAccessibleDescription(QCoreApplication.translate(
            "SeatWindow", "Báo có mặt tại kỳ họp"))
        self.check_in_button.clicked.connect(self._check_in)
        self.settings_button = QPushButton(self)
        self.settings_button.setObjectName("settings")
        self.settings_button.setMinimumHeight(theme.px(60))
        self.settings_button.setAutoDefault(True)
        self.settings_button.setAccessibleName(QCoreApplication.translate("SeatWindow", "Cài đặt"))
        self.settings_button.setAccessibleDescription(QCoreApplication.translate(
            "SeatWindow", "Ngôn ngữ, cỡ chữ, tương phản cao, âm báo (phím tắt Ctrl+dấu phẩy)"))
        self.settings_button.setToolTip(QCoreApplication.translate(
            "SeatWindow", "Ngôn ngữ, cỡ chữ, tương phản cao, âm báo (Ctrl+,)"))

        self._compact: bool | None = None  # the look last given (see fit)
        # Fixed, not set by fit: the window takes its layout's minimum when first shown,
        # before the resize that makes it compact, so no minimum in the header may need the
        # wide look. Wrapped, a label would still ask for about half its text's width.
        self.title_label.setMinimumWidth(160)
        self.who_label.setMinimumWidth(160)
        words = QVBoxLayout()
        words.setSpacing(2)
        words.addWidget(self.title_label)
        words.addWidget(self.who_label)
        words.addWidget(self.message_label)
        row = QHBoxLayout()
        row.addLayout(words, 1)
        row.addWidget(self.check_in_button, 0, Qt.AlignmentFlag.AlignVCenter)
        row.addSpacing(12)
        row.addWidget(self.settings_button, 0, Qt.AlignmentFlag.AlignVCenter)
        # Larger text on a narrow screen: the buttons go under the title (see fit).
        self._second_row = QHBoxLayout()
        self._second_row.setSpacing(12)
        rows = QVBoxLayout(self)
        rows.setContentsMargins(16, 10, 16, 10)
        rows.setSpacing(8)
        rows.addLayout(row)
        rows.addLayout(self._second_row)
        self._row = row

    def add_follow_button(self, button: QPushButton) -> None:
        """The follow toggle, beside check-in: the bar over the reader shows only while the chair
        presents, so a small screen keeps its height for the page."""
        self.follow_button = button
        self._row.insertWidget(1, button, 0, Qt.AlignmentFlag.AlignVCenter)
        self._row.insertSpacing(2, 12)

    def add_agenda_button(self, button: QPushButton) -> None:
        """The narrow screen's "☰ Chương trình", first in the row."""
        self.agenda_button = button
        self._row.insertWidget(0, button, 0, Qt.AlignmentFlag.AlignVCenter)
        self._row.insertSpacing(1, 12)

    def add_speak_button(self, button: SpeakButton) -> None:
        """Asking for the floor, before the follow toggle: in the header, which both columns of a
        narrow screen keep, the countdown does not hide behind the agenda or the reader."""
        self.speak_button = button
        follow_at = self._row.indexOf(self.follow_button)
        self._row.insertWidget(follow_at, button, 0, Qt.AlignmentFlag.AlignVCenter)
        self._row.insertSpacing(follow_at + 1, 12)

    # -- the words -----------------------------------------------------------------------------

    def refresh(self) -> None:
        model = self.model
        self.title_label.setText(model.meeting_title or QCoreApplication.translate(
            "SeatWindow", "Đang tải thông tin kỳ họp…"))
        delegate = model.delegate
        if delegate is not None:
            seat = model.seat_label
            who = QCoreApplication.translate("SeatWindow", "Đại biểu {name}").format(name=delegate.name)
            if seat:
                who += " · " + QCoreApplication.translate("SeatWindow", "Ghế {seat}").format(seat=seat)
            self.who_label.setText(who)

    def refresh_check_in(self) -> None:
        button = self.check_in_button
        if self.model.is_present:
            button.setText(QCoreApplication.translate("SeatWindow", "✓ Đã điểm danh"))
            button.setEnabled(False)
        elif self.model.check_in_pending:
            button.setText(QCoreApplication.translate("SeatWindow", "Đang điểm danh…"))
            button.setEnabled(False)
        else:
            button.setText(QCoreApplication.translate("SeatWindow", "Điểm danh"))
            button.setEnabled(True)

    def _check_in(self) -> None:
        self.message_label.hide()
        self.model.check_in()

    def show_message(self, text: str) -> None:
        """A refusal: red, so it is not missed."""
        self.message_label.setStyleSheet(f"color: {theme.DANGER}; font-weight: bold;")
        self.message_label.setText(text)
        self.message_label.setVisible(bool(text))

    def show_notice(self, text: str) -> None:
        """News from the room: calm blue, not the red of an error."""
        self.message_label.setStyleSheet(f"color: {theme.ACCENT}; font-weight: bold;")
        self.message_label.setText(text)
        self.message_label.setVisible(bool(text))

    def add_notice(self, text: str) -> None:
        """More news: under the room's notice if one is showing (it is likely about the same
        thing), in its place otherwise."""
        label = self.message_label
        notice = label.isVisible() and theme.ACCENT in label.styleSheet()
        self.show_notice(f"{label.text()}\n{text}" if notice else text)

    # -- narrow screens ------------------------------------------------------------------------

    def fit(self, compact: bool) -> None:
        """Four buttons share the header with the title once the floor can be asked for: on a
        narrow screen they take smaller type and the delegate's line may wrap, so a 1024-pixel
        header still fits without clipping a button."""
        # Three lines of a long meeting title would take the page's place on a small screen.
        self.title_label.setStyleSheet(f"font-size: {theme.pt(15 if compact else 19)}pt; font-weight: bold;")
        if compact == self._compact:
            return
        self._compact = compact
        self.setStyleSheet(
            f"QPushButton {{ font-size: {theme.pt(COMPACT_HEADER_PT)}pt; padding: 4px 10px; }}" if compact else "")
        self.who_label.setWordWrap(compact)
        for button in (self.follow_button, self.check_in_button):
            button.setMinimumWidth(theme.px(150 if compact else 190))
        self.speak_button.set_compact(compact)
        self._split(compact and theme.LOOK.scale > 100)
        # The words go first on a narrow header; the name stays for screen readers and the tooltip.
        self.settings_button.setText("⚙" if compact else QCoreApplication.translate("SeatWindow", "⚙ Cài đặt"))

    def _split(self, split: bool) -> None:
        """The four buttons on a row of their own under the title, or back beside it."""
        buttons = [self.speak_button, self.follow_button, self.check_in_button, self.settings_button]
        second = self._second_row
        if split == (second.indexOf(self.check_in_button) >= 0):
            return
        for button in buttons:
            (self._row if split else second).removeWidget(button)
        if split:
            for button in buttons:
                second.addWidget(button, 0, Qt.AlignmentFlag.AlignVCenter)
            second.addStretch(1)
            return
        while second.count():
            second.takeAt(0)
        end = self._row.count()
        for button in buttons:
            self._row.insertWidget(end, button, 0, Qt.AlignmentFlag.AlignVCenter)
            end += 1
