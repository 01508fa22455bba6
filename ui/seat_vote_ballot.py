"""The ballot at the seat after the choice: the confirmation («Xác nhận» / «Chọn lại»), then its
fate (on its way, recorded with its receipt code, refused). Their words keep the "SeatVotePanel"
context they are translated under (resources/translations)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QScrollArea, QVBoxLayout, QWidget

from ui import theme
from ui.seat_vote_model import SeatVoteModel
from ui.seat_vote_phase import BUTTON_KINDS, Phase
from ui.seat_vote_results import option_label
from ui.seat_vote_sealed import spaced
from ui.seat_vote_style import OPTION_HEIGHT, lines_html, option_colour, page_layout, vote_button, vote_label


def _code_span(code: str, size: int, spacing: int) -> str:
    """A receipt or tracking code as a delegate copies it down: large, monospaced, spaced out."""
    return (f"<span style='font-size: {theme.pt(size)}pt; font-weight: bold; font-family: \"DejaVu Sans Mono\", "
            f"monospace; letter-spacing: {spacing}px'>{spaced(code)}</span>")


class SeatConfirmPage(QWidget):
    """"Bạn chọn: …" with «Xác nhận» and «Chọn lại»: a resolution's choice in a frame, a list's
    ballot as a table. Attributes: choice_frame, confirm_heading, choice_label, list_heading,
    choice_scroll, choice_list, confirm_hint, confirm_button, back_button."""

    def __init__(self, model: SeatVoteModel, parent: QWidget):
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)  # the theme paints it as a plain QWidget
        self.model = model
        layout = page_layout(self)
        # A resolution's choice in a frame taller than the three buttons and where they were:
        # a second tap of an impatient finger lands on these words, never on "Xác nhận".
        self.choice_frame = QFrame(self)
        self.choice_frame.setObjectName("voteChoice")
        self.choice_frame.setMinimumHeight(theme.px(OPTION_HEIGHT) + 24)
        self.confirm_heading = vote_label(self.choice_frame)
        self.confirm_heading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.confirm_heading.setStyleSheet(f"font-size: {theme.pt(18)}pt; font-weight: bold;")
        self.choice_label = vote_label(self.choice_frame)
        self.choice_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        framed = QVBoxLayout(self.choice_frame)
        framed.addStretch(1)
        framed.addWidget(self.confirm_heading)
        framed.addWidget(self.choice_label)
        framed.addStretch(1)
        self.list_heading = vote_label(self, "voteBig")
        self.choice_scroll = QScrollArea(self)
        self.choice_scroll.setObjectName("voteScroll")
        self.choice_scroll.setWidgetResizable(True)
        self.choice_list = vote_label(self.choice_scroll)
        self.choice_list.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.choice_list.setStyleSheet(f"font-size: {theme.pt(17)}pt;")
        self.choice_scroll.setWidget(self.choice_list)
        self.confirm_hint = vote_label(self, "voteHint")
        self.confirm_button = vote_button(QCoreApplication.translate(
            "SeatVotePanel", "Xác nhận"), "votePrimary", self)
        self.confirm_button.clicked.connect(self.model.confirm)
        self.back_button = vote_button(QCoreApplication.translate(
            "SeatVotePanel", "Chọn lại"), "voteSecondary", self)
        self.back_button.clicked.connect(self.model.back)
        buttons = QHBoxLayout()
        buttons.setSpacing(24)
        buttons.addStretch(1)
        buttons.addWidget(self.confirm_button)
        buttons.addWidget(self.back_button)
        buttons.addStretch(1)
        layout.addWidget(self.choice_frame)
        layout.addWidget(self.list_heading)
        layout.addWidget(self.choice_scroll, 1)
        layout.addWidget(self.confirm_hint)
        layout.addLayout(buttons)
        self._confirm_stretch = QWidget(self)  # takes the height the list does not on a resolution
        layout.addWidget(self._confirm_stretch, 1)
        for widget in (self.list_heading, self.choice_scroll, self.confirm_hint):
            widget.hide()  # a hidden part asks for no room: only one of the two forms shows

    def refresh(self) -> None:
        model = self.model
        vote = model.vote
        assert vote is not None
        resolution = vote.kind in BUTTON_KINDS
        if resolution:
            key = str(model.draft)
            colour = option_colour(key)
            self.confirm_heading.setText(QCoreApplication.translate("SeatVotePanel", "Bạn chọn:"))
            self.choice_label.setText(option_label(key).upper())
            self.choice_label.setStyleSheet(f"font-size: {theme.pt(34)}pt; font-weight: bold; color: {colour};")
            theme.restyle(self.choice_frame, f"QFrame#voteChoice {{ border: 4px solid {colour}; border-radius: 12px; }}")
        else:
            self.list_heading.setText(QCoreApplication.translate("SeatVotePanel", "Phiếu của bạn:"))
            self.choice_list.setText(lines_html(model.choice_lines()))
            self.confirm_hint.setText(QCoreApplication.translate(
                "SeatVotePanel", "Bấm «Xác nhận» để gửi phiếu. Muốn sửa, bấm «Chọn lại»."))
        self.choice_frame.setVisible(resolution)
        self._confirm_stretch.setVisible(resolution)
        for widget in (self.list_heading, self.choice_scroll, self.confirm_hint):
            widget.setVisible(not resolution)


class SeatStatusPage(QWidget):
    """What became of the ballot: on its way (kept on the device until the room has it), recorded
    (with the receipt code of a secret ballot, and «Đổi lựa chọn» where allowed) or refused
    («Bỏ phiếu lại» unless too late). Attributes: status_label, detail_label, receipt_label,
    final_label, change_button, retry_button."""

    def __init__(self, model: SeatVoteModel, parent: QWidget):
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)  # the theme paints it as a plain QWidget
        self.model = model
        layout = page_layout(self)
        self.status_label = vote_label(self)
        self.detail_label = vote_label(self)
        self.detail_label.setStyleSheet(f"font-size: {theme.pt(17)}pt;")
        self.receipt_label = vote_label(self)
        self.receipt_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.final_label = vote_label(self, "voteHint")
        self.change_button = vote_button(QCoreApplication.translate(
            "SeatVotePanel", "Đổi lựa chọn"), "voteSecondary", self)
        self.change_button.clicked.connect(self.model.change)
        self.retry_button = vote_button(QCoreApplication.translate(
            "SeatVotePanel", "Bỏ phiếu lại"), "votePrimary", self)
        self.retry_button.clicked.connect(self.model.try_again)
        buttons = QHBoxLayout()
        buttons.addWidget(self.change_button)
        buttons.addWidget(self.retry_button)
        buttons.addStretch(1)
        layout.addWidget(self.status_label)
        layout.addWidget(self.detail_label)
        layout.addWidget(self.receipt_label)
        layout.addWidget(self.final_label)
        layout.addLayout(buttons)
        layout.addStretch(1)

    def refresh(self, phase: Phase) -> None:
        model = self.model
        vote, ballot = model.vote, model.ballot
        assert vote is not None
        lines = model.choice_lines(ballot.choice) if ballot is not None and ballot.choice is not None else []
        single = len(lines) == 1 and not lines[0][0]
        self.receipt_label.hide()
        self.change_button.hide()
        self.retry_button.hide()
        self.final_label.hide()
        detail = ""
        if phase == "counting":
            head, colour = QCoreApplication.translate(
                "SeatVotePanel", "Đang kiểm phiếu: Ban kiểm phiếu đang giải mã kết quả…"), theme.ACCENT
            self._show_receipt()
            self.final_label.setText(QCoreApplication.translate(
                "SeatVotePanel", "Kết quả sẽ hiện ở đây ngay khi Ban kiểm phiếu giải mã xong."))
            self.final_label.show()
        elif phase == "pending":
            if vote.sealed and ballot is not None and not ballot.receipt:
                head, colour = QCoreApplication.translate("SeatVotePanel", "Đang mã hóa phiếu…"), theme.ACCENT
            elif model.online:
                head, colour = QCoreApplication.translate("SeatVotePanel", "Đang gửi phiếu…"), theme.ACCENT
            else:
                head, colour = QCoreApplication.translate(
                    "SeatVotePanel", "Chưa gửi – sẽ tự gửi khi có mạng"), theme.WARN
            what = lines[0][1] if single else ""
            detail = (QCoreApplication.translate("SeatVotePanel", "Bạn chọn: {choice}").format(choice=f"<b>{what}</b>")
                      if what else lines_html(lines))
            self.final_label.setText(QCoreApplication.translate(
                "SeatVotePanel", "Phiếu đã ký và lưu trên máy; xin đừng tắt máy."))
            self.final_label.show()
        elif phase == "recorded":
            colour = theme.LIVE
            if single:
                head = QCoreApplication.translate(
                    "SeatVotePanel", "✓ Đã ghi nhận: {choice}").format(choice=lines[0][1])
            else:
                head = QCoreApplication.translate("SeatVotePanel", "✓ Phiếu của bạn đã được ghi nhận")
                detail = lines_html(lines) if lines else ""
            self._show_receipt()
            if vote.allow_change:
                self.change_button.show()
                self.final_label.setText(QCoreApplication.translate(
                    "SeatVotePanel", "Bạn có thể đổi lựa chọn cho đến khi biểu quyết kết thúc."))
            else:
                self.final_label.setText(QCoreApplication.translate(
                    "SeatVotePanel", "Phiếu đã ghi nhận không thay đổi được. "
                                     "Xin chờ chủ tọa công bố kết quả."))
            self.final_label.show()
        else:
            colour = theme.DANGER
            head = ballot.message if ballot is not None else ""
            if ballot is not None and ballot.code not in ("vote_closed", "already_voted"):
                self.retry_button.show()
        self.status_label.setText(head)
        self.status_label.setStyleSheet(f"font-size: {theme.pt(26)}pt; font-weight: bold; color: {colour};")
        self.detail_label.setText(detail)
        self.detail_label.setVisible(bool(detail))

    def _show_receipt(self) -> None:
        model = self.model
        vote, ballot = model.vote, model.ballot
        if vote is None or not vote.secret or ballot is None or ballot.status != "recorded":
            return
        if vote.sealed:
            self._show_tracking()
            return
        code = ballot.receipt
        problem = model.receipt_problem()
        listed = model.receipt_listed()
        if listed is True:
            check = QCoreApplication.translate(
                "SeatVotePanel", "✓ Mã này có trong danh sách mã biên nhận đã kiểm.")
        elif listed is False:
            check = QCoreApplication.translate(
                "SeatVotePanel", "Mã này KHÔNG có trong danh sách mã biên nhận đã công bố. Xin báo Ban kiểm phiếu.")
        else:
            check = QCoreApplication.translate(
                "SeatVotePanel", "Ghi lại mã này để đối chiếu với danh sách mã biên nhận công bố sau khi kiểm phiếu.")
        warn = problem or (check if listed is False else "")
        caption = QCoreApplication.translate(
            "SeatVotePanel", "Mã biên nhận:")  # outside the f-string, where lupdate finds it
        html = (
            f"<span style='font-size: {theme.pt(17)}pt'>{caption}</span> "
            f"{_code_span(code, 30, 2)}<br>"
            f"<span style='font-size: {theme.pt(14)}pt; color: {theme.DANGER if warn else theme.MUTED}'>{warn or check}</span>"
        )
        self.receipt_label.setText(html)
        self.receipt_label.setAccessibleName(QCoreApplication.translate(
            "SeatVotePanel", "Mã biên nhận: {code}").format(code=code))
        self.receipt_label.show()

    def _show_tracking(self) -> None:
        """A sealed ballot's tracking code, large, and whether the public board lists it yet."""
        model = self.model
        ballot = model.ballot
        assert ballot is not None
        code = ballot.receipt
        problem = model.receipt_problem()
        if problem:
            check, tone = problem, theme.DANGER
        elif model.on_board():
            check, tone = QCoreApplication.translate("SeatVotePanel", "Đã có trên bảng công khai ✓"), theme.LIVE
        else:
            check, tone = QCoreApplication.translate(
                "SeatVotePanel", "Đang chờ phiếu hiện trên bảng công khai…"), theme.MUTED
        caption = QCoreApplication.translate("SeatVotePanel", "Mã theo dõi phiếu của bạn:")
        hint = QCoreApplication.translate(
            "SeatVotePanel", "Ghi lại mã này: bạn có thể tự đối chiếu phiếu của mình trên bảng công khai "
                             "sau kỳ họp; không ai biết phiếu mang mã này chọn gì.")
        html = (
            f"<span style='font-size: {theme.pt(17)}pt'>{caption}</span><br>"
            f"{_code_span(code, 34, 3)}<br>"
            f"<span style='font-size: {theme.pt(17)}pt; font-weight: bold; color: {tone}'>{check}</span><br>"
            f"<span style='font-size: {theme.pt(13)}pt; color: {theme.MUTED}'>{hint}</span>"
        )
        self.receipt_label.setText(html)
        self.receipt_label.setAccessibleName(QCoreApplication.translate(
            "SeatVotePanel", "Mã theo dõi phiếu: {code}").format(code=code))
        self.receipt_label.show()
