"""A quiet line under the seat's header for a member of the counting committee (Ban kiểm phiếu):
what the device is doing for the sealed vote by itself (sync.client.sealed_agent). It asks
nothing of the delegate; it is there so a member knows the device has a part, and says so
loudly only when the device refused to decrypt a tally that is not the sum of the ballots."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

from ui import theme
from ui.seat_vote_model import SeatVoteModel


class CommitteeLine(QLabel):
    """Hidden unless this device serves a sealed vote that is not over."""

    def __init__(self, model: SeatVoteModel, parent: QWidget | None = None):
        super().__init__(parent)
        self.model = model
        self.setObjectName("committeeLine")
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setContentsMargins(24, 4, 24, 4)
        model.committee_did_change.connect(self.refresh)
        model.vote_did_change.connect(self.refresh)  # a failed ceremony's reason is in the vote
        self.refresh()

    def text_for_stage(self) -> str:
        status = self.model.committee.status
        if status.stage == "failed":
            vote = self.model.state.votes.get(status.vote_id)
            reason = vote.ceremony.failed if vote is not None else ""
            return self.tr("Ban kiểm phiếu: việc tạo khóa không thành công ({0}). Chủ tọa sẽ cho tạo lại.").format(reason)
        words = {
            "dealing": self.tr("Ban kiểm phiếu: thiết bị đang tham gia tạo khóa…"),
            "dealt": self.tr("Ban kiểm phiếu: thiết bị đã tham gia tạo khóa"),
            "ready": self.tr("Ban kiểm phiếu: khóa đã sẵn sàng; thiết bị sẽ góp phần giải mã khi kết thúc bỏ phiếu"),
            "not_holder": self.tr("Ban kiểm phiếu: thiết bị này không giữ phần khóa của cuộc bỏ phiếu này"),
            "decrypting": self.tr("Ban kiểm phiếu: đang góp phần giải mã kết quả…"),
            "decrypted": self.tr("Ban kiểm phiếu: thiết bị đã góp phần giải mã kết quả"),
            "refused": self.tr("Ban kiểm phiếu: thiết bị TỪ CHỐI giải mã vì tổng phiếu máy chủ gửi không khớp với "
                               "các phiếu trên bảng công khai. Xin báo ngay Chủ tọa và Trưởng Ban kiểm phiếu."),
        }
        return words.get(status.stage, "")

    def refresh(self) -> None:
        text = self.text_for_stage()
        alarm = self.model.committee.status.stage in ("refused", "failed")
        colour = theme.DANGER if alarm else theme.MUTED
        weight = "bold" if alarm else "normal"
        self.setStyleSheet(f"QLabel#committeeLine {{ font-size: {theme.pt(13)}pt; color: {colour}; "
                           f"font-weight: {weight}; }}")
        self.setText(text)
        self.setVisible(bool(text))
