"""The seat's voting panel: one question over the whole window, big buttons, a confirmation, the result.

The pages live beside it: the choosing pages in ui.seat_vote_options, the confirmation and the
ballot's fate in ui.seat_vote_ballot, the result in ui.seat_vote_result, the look in ui.seat_vote_style.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ui import theme
from ui.confirm_sound import ConfirmSound
from ui.seat_model import SeatViewModel
from ui.seat_speaking import clock_text
from ui.seat_vote_ballot import SeatConfirmPage, SeatStatusPage
from ui.seat_vote_model import SeatVoteModel
from ui.seat_vote_options import SeatChoicePage, SeatListPage
from ui.seat_vote_phase import Phase
from ui.seat_vote_result import SeatResultPage
from ui.seat_vote_style import page_layout, panel_css, vote_button, vote_label

TICK_MS = 1000


class SeatVotePanel(QFrame):
    """Covers the seat's documents while a vote is open, and shows its result after.

    One page at a time (`pages`): the three buttons of a resolution, the list of a confidence
    vote or an election, the confirmation, the ballot's fate (pending, recorded with its receipt,
    refused), the check-in prompt, the show of hands, the result. The countdown ticks by the
    room's clock. Attributes: seat (the seat's view-model, for check-in), model (its voting),
    kind_label, clock_label, title_label, note_label, notice_label, option_buttons (by option),
    confidence_rows and candidate_buttons (by person id), review_button, remaining_label,
    limit_label, choice_label, choice_list, confirm_button, back_button, status_label,
    detail_label, receipt_label, change_button, keep_button, retry_button, check_in_button,
    message_label, summary_label, result_grid, outcome_label, own_label, close_button, timer,
    sound (ui.confirm_sound: the tone when the room records the ballot). The pages that hold most
    of these: choice_page and list_page (ui.seat_vote_options), confirm_page and status_page
    (ui.seat_vote_ballot), result_page (ui.seat_vote_result). Keys: Tab, the arrows or 1/2/3
    choose, Enter confirms, Escape goes back.
    """

    def __init__(self, seat: SeatViewModel, parent: QWidget | None = None):
        super().__init__(parent)
        self.seat = seat
        self.model: SeatVoteModel = seat.voting
        self.setObjectName("votePanel")
        self.setStyleSheet(panel_css())
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # holds the keyboard until Tab picks a button
        self._phase: Phase = "none"
        self._focused: Phase | None = None  # the page that last took the keyboard focus
        self.sound = ConfirmSound(self)

        band = QWidget(self)
        band.setObjectName("voteBand")
        self.kind_label = vote_label(band, wrap=False)
        self.kind_label.setStyleSheet(f"font-size: {theme.pt(18)}pt;")
        self.clock_label = vote_label(band, wrap=False)
        self.clock_label.setStyleSheet(f"font-size: {theme.pt(24)}pt;")
        band_row = QHBoxLayout(band)
        band_row.setContentsMargins(24, 10, 24, 10)
        band_row.addWidget(self.kind_label, 1)
        band_row.addWidget(self.clock_label)

        self.title_label = vote_label(self, "voteTitle")
        self.note_label = vote_label(self, "voteNote")
        self.notice_label = vote_label(self, "voteNotice")
        self.pages = QStackedWidget(self)
        self.choice_page = SeatChoicePage(self.model, self)
        self.list_page = SeatListPage(self.model, self.refresh, self)
        self.confirm_page = SeatConfirmPage(self.model, self)
        self.status_page = SeatStatusPage(self.model, self)
        self.pages.addWidget(self.choice_page)
        self.pages.addWidget(self.list_page)
        self.pages.addWidget(self.confirm_page)
        self.pages.addWidget(self.status_page)
        self.pages.addWidget(self._build_check_in())
        self.pages.addWidget(self._build_message())
        self.result_page = SeatResultPage(self.model, self)
        self.pages.addWidget(self.result_page)
        # The pages' parts, where the window and its tests have always found them.
        self.option_buttons, self.keep_button = self.choice_page.option_buttons, self.choice_page.keep_button
        lst = self.list_page
        self.list_hint, self.limit_label, self.remaining_label = lst.list_hint, lst.limit_label, lst.remaining_label
        self.confidence_rows, self.candidate_buttons = lst.confidence_rows, lst.candidate_buttons
        self.review_button = lst.review_button
        confirm = self.confirm_page
        self.confirm_heading, self.choice_label, self.choice_list = (
            confirm.confirm_heading, confirm.choice_label, confirm.choice_list)
        self.confirm_button, self.back_button = confirm.confirm_button, confirm.back_button
        status = self.status_page
        self.status_label, self.detail_label, self.receipt_label = (
            status.status_label, status.detail_label, status.receipt_label)
        self.final_label, self.change_button, self.retry_button = (
            status.final_label, status.change_button, status.retry_button)
        result = self.result_page
        self.summary_label, self.outcome_label, self.own_label = (
            result.summary_label, result.outcome_label, result.own_label)
        self.close_button = result.close_button

        # Scrolled only when it must: at 200 % text on a 768-pixel screen the words need more
        # than the screen, and a clipped choice is worse than a scroll (Tab scrolls to the focus).
        self.body_scroll = QScrollArea(self)
        self.body_scroll.setObjectName("voteScroll")
        self.body_scroll.setWidgetResizable(True)
        self.body_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.body_scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        host = QWidget()
        host.setObjectName("voteRows")
        body = QVBoxLayout(host)
        body.setContentsMargins(32, 16, 32, 20)
        body.setSpacing(12)
        for label in (self.title_label, self.note_label, self.notice_label):
            label.setParent(host)
            body.addWidget(label)
        self.pages.setParent(host)
        body.addWidget(self.pages, 1)
        self.body_scroll.setWidget(host)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(band)
        layout.addWidget(self.body_scroll, 1)

        self.timer = QTimer(self)
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self._tick)
        self.model.vote_did_change.connect(self.refresh)
        seat.attendance_did_change.connect(self.refresh)
        self.refresh()

    # -- building ------------------------------------------------------------------------------

    def _page(self) -> tuple[QWidget, QVBoxLayout]:
        page = QWidget(self)
        return page, page_layout(page)

    def _build_check_in(self) -> QWidget:
        page, layout = self._page()
        self.check_in_text = vote_label(page, "voteBig")
        self.check_in_text.setText(self.tr("Bạn chưa điểm danh nên chưa thể biểu quyết.\n"
                                           "Xin bấm nút «Điểm danh» dưới đây."))
        self.check_in_button = vote_button("", "voteCheckIn", page)
        self.check_in_button.clicked.connect(self.seat.check_in)
        layout.addWidget(self.check_in_text)
        layout.addWidget(self.check_in_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addStretch(1)
        return page

    def _build_message(self) -> QWidget:
        """The show of hands and the cancelled vote: words, and "Đóng" when there is nothing more."""
        page, layout = self._page()
        self.message_label = vote_label(page)
        self.message_label.setStyleSheet(f"font-size: {theme.pt(24)}pt; font-weight: bold;")
        self.message_hint = vote_label(page, "voteHint")
        self.message_close = vote_button(self.tr("Đóng"), "votePrimary", page)
        self.message_close.clicked.connect(self.model.dismiss)
        layout.addWidget(self.message_label)
        layout.addWidget(self.message_hint)
        layout.addWidget(self.message_close, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addStretch(1)
        return page

    @property
    def result_grid(self) -> QGridLayout:
        """The result's table, made anew for each result (ui.seat_vote_result)."""
        return self.result_page.result_grid

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Escape from any button of the confirmation (they pass it on to the panel): "Chọn lại".
        if event.key() == Qt.Key.Key_Escape and self.model.phase() == "confirming":
            self.model.back()
            return
        if self.choice_page.choose_by_key(event.key()):
            return
        super().keyPressEvent(event)

    # -- refresh -------------------------------------------------------------------------------

    @property
    def wants_screen(self) -> bool:
        """Whether the panel should cover the documents now."""
        return self.model.phase() != "none"

    def refresh(self) -> None:
        model = self.model
        vote = model.vote
        phase = model.phase()
        self.list_page.build_people()
        if vote is None:
            self.timer.stop()
            self._phase = phase
            self._focused = None
            return
        kind = model.kind_text().upper()
        if phase == "closed":
            kind = self.tr("{kind} – ĐÃ KẾT THÚC").format(kind=kind)
        elif phase == "cancelled":
            kind = self.tr("{kind} – ĐÃ HỦY").format(kind=kind)
        elif phase == "counting":
            kind = self.tr("{kind} – ĐANG KIỂM PHIẾU").format(kind=kind)
        self.kind_label.setText(kind)
        self.title_label.setText(vote.title)
        self.note_label.setText(self._note(phase))
        self.note_label.setVisible(bool(self.note_label.text()))
        notice = model.notice if phase in ("choosing", "check_in", "recorded") else ""
        self.notice_label.setText(notice)
        self.notice_label.setVisible(bool(notice))
        page = {
            "choosing": 1 if vote.kind in ("confidence", "election") else 0,
            "confirming": 2,
            "pending": 3,
            "recorded": 3,
            "refused": 3,
            "counting": 3,
            "check_in": 4,
            "hands": 5,
            "cancelled": 5,
            "closed": 6,
        }.get(phase, 5)
        self.keep_button.setVisible(phase == "choosing" and model.changing)
        if model.changing:
            ballot = model.ballot
            kept = model.choice_lines(ballot.choice) if ballot is not None and ballot.choice is not None else []
            self.keep_button.setText(
                self.tr("Giữ lựa chọn đã ghi nhận: {choice}").format(choice=kept[0][1]) if len(kept) == 1
                else self.tr("Giữ lựa chọn đã ghi nhận"))
        if phase == "choosing" and vote.kind in ("confidence", "election"):
            self.list_page.refresh()
        elif phase == "confirming":
            self.confirm_page.refresh()
        elif phase in ("pending", "recorded", "refused", "counting"):
            self.status_page.refresh(phase)
        elif phase == "check_in":
            self._refresh_check_in()
        elif phase in ("hands", "cancelled"):
            self._refresh_message(phase)
        elif phase == "closed":
            self.result_page.refresh()
        self.pages.setCurrentIndex(page)
        self._tick()
        if model.remaining_s() is not None:
            if not self.timer.isActive():
                self.timer.start()
        else:
            self.timer.stop()
        if phase == "recorded" and self._phase in ("pending", "confirming"):
            self.sound.play()  # the room has it: heard even with the eyes on the chair
        self._phase = phase
        if not self.isVisible():
            self._focused = None
        elif phase != self._focused:
            # Once per page, and only on screen: a hidden widget cannot take the focus.
            self._focused = phase
            self._focus(phase)

    def _note(self, phase: Phase) -> str:
        vote = self.model.vote
        if vote is None or phase in ("closed", "cancelled"):
            return ""
        if vote.sealed:
            return self.tr("Bỏ phiếu kín: phiếu được mã hóa ngay trên máy này; chỉ Ban kiểm phiếu cùng nhau "
                           "mới giải mã được tổng số phiếu, không ai mở được từng phiếu.")
        if vote.secret:
            return self.tr("Bỏ phiếu kín: không ai biết bạn chọn gì.")
        if vote.kind == "open":
            return self.tr("Biểu quyết công khai: lựa chọn của từng đại biểu được công bố.")
        return ""

    def _tick(self) -> None:
        left = self.model.remaining_s()
        phase = self.model.phase()
        if left is None or phase in ("closed", "cancelled"):
            self.clock_label.setText("")
            return
        if left <= 0:
            self.clock_label.setText(self.tr("Hết giờ"))
        else:
            self.clock_label.setText(self.tr("Còn {t}").format(t=clock_text(left)))

    def _focus(self, phase: Phase) -> None:
        """The page's first control takes the keyboard (Tab moves on, Enter or Space presses)."""
        target: QWidget | None = None
        if phase == "choosing":
            # The panel itself, not a choice: Tab then reaches the first button.
            target = self
        elif phase == "confirming":
            target = self.confirm_button
        elif phase == "check_in":
            target = self.check_in_button
        elif phase == "closed":
            target = self.close_button
        elif phase == "cancelled":
            target = self.message_close
        if target is not None:
            target.setFocus(Qt.FocusReason.OtherFocusReason)

    def _refresh_check_in(self) -> None:
        pending = self.seat.check_in_pending
        self.check_in_button.setText(self.tr("Đang điểm danh…") if pending else self.tr("Điểm danh"))
        self.check_in_button.setEnabled(not pending)

    def _refresh_message(self, phase: Phase) -> None:
        vote = self.model.vote
        assert vote is not None
        if phase == "hands":
            self.message_label.setText(self.tr("Biểu quyết giơ tay: xin giơ tay theo hướng dẫn của chủ tọa."))
            self.message_label.setStyleSheet(f"font-size: {theme.pt(26)}pt; font-weight: bold; color: {theme.ACCENT};")
            self.message_close.hide()
            self.message_hint.hide()
        else:
            reason = vote.cancel_reason or self.tr("không nêu lý do")
            self.message_label.setText(self.tr("Cuộc biểu quyết đã bị hủy: {reason}").format(reason=reason))
            self.message_label.setStyleSheet(f"font-size: {theme.pt(24)}pt; font-weight: bold; color: {theme.WARN};")
            self.message_hint.setText(self.tr("Phiếu đã bỏ (nếu có) không được tính. Bấm «Đóng» để trở về tài liệu."))
            self.message_hint.show()
            self.message_close.show()
