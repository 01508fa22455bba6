"""The seat's floor controls: the header button that asks and counts down, and the choice of kind."""

from __future__ import annotations

import math

from PySide6.QtCore import QSize, Qt, QTimer
from PySide6.QtWidgets import (
    QDialog,
    QGridLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from app.speaking_time import WarningLevel
from ui import theme
from ui.seat_speaking_model import KINDS, FloorStatus, SeatSpeakingModel, kind_purpose, kind_title

TICK_MS = 1000
MIN_WIDTH = 240
COMPACT_MIN_WIDTH = 210
HEADLINE_PT = 14
DETAIL_PT = 11


def looks() -> dict[str, tuple[str, str, str]]:
    """Background, text and border of the header button in each state, in the current look
    (theme.set_look): the idle call to action is as strong as check-in; a countdown keeps the
    chair's colours (amber, then red) so the seat and the console agree at a glance."""
    return {
        "idle": (theme.ACCENT, theme.ON_ACCENT, theme.ACCENT),
        "pending": ("#eceff2", theme.INK, theme.MUTED),
        "waiting": ("#e8f0fb", theme.ACCENT, theme.ACCENT),
        "normal": (theme.LIVE, theme.ON_ACCENT, theme.LIVE),
        "warn": ("#ffd970", "#5c3a00", "#5c3a00"),
        "over": ("#b00020", "#ffffff", "#b00020"),
    }


LOOKS = looks()  # the standard look's colours (a high-contrast seat asks looks() again)


def clock_text(seconds: float) -> str:
    """mm:ss rounded up, so the last second shows 00:01 until the limit is really reached;
    past it, the time over, rounded up too."""
    minutes, rest = divmod(math.ceil(abs(seconds)), 60)
    return f"{minutes:02d}:{rest:02d}"


class TwoLineButton(QPushButton):
    """A button with a bold first line and a smaller second one (two labels inside it, which a
    QPushButton's own text cannot do). Attributes: headline, detail."""

    def __init__(self, parent: QWidget | None = None, align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignCenter):
        super().__init__(parent)
        self.headline = QLabel(self)
        self.detail = QLabel(self)
        words = QVBoxLayout(self)
        words.setContentsMargins(14, 4, 14, 4)
        words.setSpacing(0)
        words.addStretch(1)  # the two lines stay together in the middle of a tall button
        for label in (self.headline, self.detail):
            label.setAlignment(align | Qt.AlignmentFlag.AlignVCenter)
            label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)  # the button takes the tap
            words.addWidget(label)
        words.addStretch(1)

    def set_lines(self, headline: str, detail: str) -> None:
        self.headline.setText(headline)
        self.detail.setText(detail)
        self.detail.setVisible(bool(detail))
        self.setAccessibleName(self.text_shown())
        self.updateGeometry()

    def text_shown(self) -> str:
        """Both lines as the delegate reads them (also the button's accessible name)."""
        return " – ".join(t for t in (self.headline.text(), self.detail.text()) if t)

    def paint_lines(self, ink: str, headline_pt: int, detail_pt: int) -> None:
        """The sizes are the 100 % look's: the text size setting scales them (theme.pt)."""
        self.headline.setStyleSheet(f"color: {ink}; font-size: {theme.pt(headline_pt)}pt; font-weight: bold;")
        self.detail.setStyleSheet(f"color: {ink}; font-size: {theme.pt(detail_pt)}pt; font-weight: normal;")
        self.updateGeometry()  # the labels' new type changes the button's size hint

    def sizeHint(self) -> QSize:
        layout = self.layout()
        hint = layout.sizeHint() if layout is not None else QSize()
        return hint.expandedTo(QSize(0, self.minimumHeight()))


class SpeakButton(TwoLineButton):
    """The header's "Đăng ký phát biểu": its words and colour say where the delegate stands
    (pending, place in the queue, the countdown while speaking); a click opens the choice.

    The second line (the kind, or why nothing can be asked) is smaller than the first, so the
    button stays narrow enough for a 1024-pixel header.
    Attributes: model, headline and detail (the labels), look (a key of looks(), or "closed"),
    timer (ticks every second only while the delegate speaks), dialog (the choice, once opened).
    """

    def __init__(self, model: SeatSpeakingModel, parent: QWidget | None = None):
        super().__init__(parent)
        self.model = model
        self.look = ""
        self._compact = False
        self.dialog: SpeakDialog | None = None
        self.setObjectName("speak")
        self.setMinimumHeight(theme.px(60))
        self.setAccessibleDescription(self.tr("Mở danh sách hình thức đăng ký phát biểu"))
        # Preferred, not a button's Minimum: the layout may narrow it to minimumSizeHint.
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.timer = QTimer(self)
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self.refresh)
        self.clicked.connect(self.open_dialog)
        model.speaking_did_change.connect(self.refresh)
        self.refresh()

    def set_compact(self, compact: bool) -> None:
        """Smaller type and width for a narrow window's header."""
        self._compact = compact
        self._paint_look(self.look)
        self.refresh()

    def _min_width(self) -> int:
        return theme.px(COMPACT_MIN_WIDTH if self._compact else MIN_WIDTH)

    def sizeHint(self) -> QSize:
        return super().sizeHint().expandedTo(QSize(self._min_width(), theme.px(60)))

    def minimumSizeHint(self) -> QSize:
        # The compact width whatever the look: see SeatWindow._fit_header for why.
        return QSize(theme.px(COMPACT_MIN_WIDTH), theme.px(60))

    def open_dialog(self) -> SpeakDialog:
        if self.dialog is None:
            self.dialog = SpeakDialog(self.model, self.window())
        self.dialog.refresh()
        self.dialog.open()
        return self.dialog

    def refresh(self) -> None:
        status = self.model.status()
        headline, detail, look = self._words(status)
        self.set_lines(headline, detail)
        self.setEnabled(status.state != "closed")
        self.setToolTip(self.model.closed_reason() if status.state == "closed" else self.tr("Chọn hình thức đăng ký"))
        if status.state == "speaking":
            if not self.timer.isActive():
                self.timer.start()
        else:
            self.timer.stop()
        if look != self.look:
            self.look = look
            self._paint_look(look)
            self.updateGeometry()

    def _paint_look(self, look: str) -> None:
        background, ink, border = looks().get(look, ("#eceff2", "#4d545b", "#9aa3ad"))  # else: closed
        # The look's colours stay under the focus: a thicker frame in the ink shows where it is.
        self.setStyleSheet(
            f"QPushButton#speak {{ background: {background}; border-color: {border}; padding: 0; }}"
            f"QPushButton#speak:focus {{ border: 5px solid {theme.INK}; }}"
        )
        # One point less in a narrow header; the second line stays readable at 11.
        self.paint_lines(ink, HEADLINE_PT - 1 if self._compact else HEADLINE_PT, DETAIL_PT)

    def _words(self, status: FloorStatus) -> tuple[str, str, str]:
        kind = kind_title(status.kind) if status.kind else ""
        if status.state == "closed":
            return self.tr("Đăng ký phát biểu"), self.model.closed_reason(), "closed"
        if status.state == "pending":
            return self.tr("Đang chờ gửi"), kind, "pending"
        if status.state == "waiting":
            detail = self.tr("Đang rút đăng ký…") if status.withdrawing else kind
            return self.tr("Đã đăng ký – thứ tự {n}").format(n=status.position), detail, "waiting"
        if status.state == "speaking":
            left = self.model.remaining_s()
            if left is None:
                return self.tr("Đang phát biểu"), kind, "normal"
            level: WarningLevel = self.model.warning_level() or "normal"
            if level == "over":
                return self.tr("Quá giờ {t}").format(t=clock_text(left)), self.tr("Đang phát biểu"), level
            if self._compact:  # the sentence does not fit a narrow header: the time comes first
                return self.tr("Còn {t}").format(t=clock_text(left)), self.tr("Đang phát biểu"), level
            return self.tr("Đang phát biểu – còn {t}").format(t=clock_text(left)), kind, level
        return self.tr("Đăng ký phát biểu"), self.tr("Phát biểu, tranh luận, chất vấn…"), "idle"


class SpeakDialog(QDialog):
    """The choice of kind, with one line on what each is for; a kind already asked shows where
    it stands, and a waiting one can be withdrawn after a confirmation. Stays live while open.

    Attributes: model, item_label, reason_label, kind_buttons and withdraw_buttons (by kind),
    close_button, confirm_box (the open confirmation of a withdrawal, else None).
    """

    def __init__(self, model: SeatSpeakingModel, parent: QWidget | None = None):
        super().__init__(parent)
        self.model = model
        self.confirm_box: QMessageBox | None = None
        self.setObjectName("speakDialog")
        self.setWindowTitle(self.tr("Đăng ký phát biểu"))
        # Sizes in the sheet: the theme's min-height would otherwise win over setMinimumHeight.
        self.setStyleSheet(f"QPushButton#speakKind, QPushButton#speakWithdraw {{ min-height: {theme.px(72)}px; }}")
        self.item_label = QLabel(self)
        self.item_label.setWordWrap(True)
        self.item_label.setStyleSheet("font-weight: bold;")
        self.reason_label = QLabel(self)
        self.reason_label.setWordWrap(True)
        self.reason_label.setStyleSheet(f"color: {theme.DANGER}; font-weight: bold;")
        self.kind_buttons: dict[str, TwoLineButton] = {}
        self.withdraw_buttons: dict[str, QPushButton] = {}
        grid = QGridLayout()
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(10)
        for row, kind in enumerate(KINDS):
            button = TwoLineButton(self, Qt.AlignmentFlag.AlignLeft)
            button.setObjectName("speakKind")
            button.clicked.connect(lambda _=False, k=kind: self._choose(k))
            withdraw = QPushButton(self.tr("Rút đăng ký"), self)
            withdraw.setObjectName("speakWithdraw")
            withdraw.setStyleSheet(
                f"QPushButton#speakWithdraw {{ color: {theme.DANGER}; border-color: {theme.DANGER}; }}"
            )
            withdraw.clicked.connect(lambda _=False, k=kind: self.confirm_withdraw(k))
            withdraw.setAccessibleName(self.tr("Rút đăng ký {kind}").format(kind=kind_title(kind).lower()))
            grid.addWidget(button, row, 0)
            grid.addWidget(withdraw, row, 1)
            self.kind_buttons[kind] = button
            self.withdraw_buttons[kind] = withdraw
        grid.setColumnStretch(0, 1)
        self.close_button = QPushButton(self.tr("Đóng"), self)
        self.close_button.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 16)
        layout.setSpacing(12)
        layout.addWidget(self.item_label)
        layout.addWidget(self.reason_label)
        layout.addLayout(grid)
        layout.addWidget(self.close_button, 0, Qt.AlignmentFlag.AlignRight)
        model.speaking_did_change.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        title = self.model.active_item_title
        self.item_label.setText(self.tr("Nội dung đang thảo luận: «{title}»").format(title=title) if title else "")
        self.item_label.setVisible(bool(title))
        reason = self.model.closed_reason()
        self.reason_label.setText(reason)
        self.reason_label.setVisible(bool(reason))
        for kind in KINDS:
            status = self.model.kind_status(kind)
            button, withdraw = self.kind_buttons[kind], self.withdraw_buttons[kind]
            button.paint_lines(theme.ACCENT if status.state == "idle" else "#4a525a", 16, 12)
            button.set_lines(kind_title(kind), self._detail(status))
            button.setEnabled(status.state == "idle")
            # Offered only for a request the server holds: one still in the outbox has no id yet.
            withdraw.setVisible(status.state == "waiting")
            withdraw.setEnabled(status.state == "waiting" and not status.withdrawing)

    def _detail(self, status: FloorStatus) -> str:
        if status.state == "pending":
            return self.tr("Đang chờ gửi – sẽ gửi ngay khi có kết nối")
        if status.state == "waiting":
            if status.withdrawing:
                return self.tr("Đang rút đăng ký…")
            return self.tr("Đã đăng ký – thứ tự {n}").format(n=status.position)
        if status.state == "speaking":
            return self.tr("Bạn đang phát biểu")
        return kind_purpose(status.kind or "")

    def _choose(self, kind: str) -> None:
        self.model.request(kind)
        self.accept()

    def confirm_withdraw(self, kind: str) -> QMessageBox | None:
        """Asks before withdrawing: the place in the queue is lost for good."""
        status = self.model.kind_status(kind)
        if status.state != "waiting" or status.request_id is None:
            return None
        request_id = status.request_id
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(self.tr("Rút đăng ký"))
        box.setText(
            self.tr("Rút đăng ký {kind} (thứ tự {n})? Bạn sẽ mất thứ tự này trong danh sách.").format(
                kind=kind_title(kind).lower(), n=status.position)
        )
        yes = box.addButton(self.tr("Rút đăng ký"), QMessageBox.ButtonRole.DestructiveRole)
        box.addButton(self.tr("Không rút"), QMessageBox.ButtonRole.RejectRole)

        def answered() -> None:
            if box.clickedButton() is yes:
                self.model.withdraw(request_id)
            self.confirm_box = None

        box.finished.connect(answered)
        self.confirm_box = box
        box.open()
        return box
